export { ALLOWED_EVIDENCE_TYPES, DOCX_MEDIA_TYPE, XLSX_MEDIA_TYPE, allowedEvidenceType, detectMediaType, type EvidenceFileType } from './file-types.js';
export { EvidenceStore, EvidenceTooLargeError, StagedEvidence, isSha256Hex, type EvidenceSource, type PutResult, type StageOptions } from './store.js';
export {
  UNSUPPORTED_TYPE_MESSAGE,
  createEvidenceUploadHandler,
  type EvidenceUploadOptions,
  type EvidenceUploader,
  type StoredEvidenceFile,
} from './upload.js';
export {
  EVIDENCE_DOWNLOAD_PATH,
  createEvidenceDownloadHandler,
  signDownload,
  verifyDownload,
  type DownloadParams,
  type DownloadVerification,
  type EvidenceDownloadOptions,
} from './signed-url.js';
