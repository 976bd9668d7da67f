import { fileTypeFromFile } from 'file-type';

/** An accepted evidence file type: its media type, a short label for messages and its usual extensions. */
export interface EvidenceFileType {
  mediaType: string;
  label: string;
  /** Extensions for this type, the canonical one first (without the dot, lower case). */
  extensions: readonly string[];
}

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The allowlist. Anything file-type reports outside it is refused, including a generic
 * `application/zip` (an Office file is accepted only when file-type recognises it as DOCX/XLSX from
 * its `[Content_Types].xml`), macro-enabled Office files (docm/xlsm have their own media types) and
 * files file-type cannot identify at all.
 */
export const ALLOWED_EVIDENCE_TYPES: readonly EvidenceFileType[] = [
  { mediaType: 'application/pdf', label: 'PDF', extensions: ['pdf'] },
  { mediaType: DOCX_MEDIA_TYPE, label: 'DOCX', extensions: ['docx'] },
  { mediaType: XLSX_MEDIA_TYPE, label: 'XLSX', extensions: ['xlsx'] },
  { mediaType: 'image/jpeg', label: 'JPG', extensions: ['jpg', 'jpeg'] },
  { mediaType: 'image/png', label: 'PNG', extensions: ['png'] },
];

export function allowedEvidenceType(mediaType: string | null | undefined): EvidenceFileType | null {
  return ALLOWED_EVIDENCE_TYPES.find((t) => t.mediaType === mediaType) ?? null;
}

/**
 * Detects the type of a complete file on disk with file-type. The whole file is available (random
 * access), so zip-based formats are recognised even when `[Content_Types].xml` is not the first entry.
 * Returns the detected media type, or null when file-type does not know it or cannot parse it.
 */
export async function detectMediaType(filePath: string): Promise<string | null> {
  try {
    const result = await fileTypeFromFile(filePath);
    return result?.mime ?? null;
  } catch {
    // A malformed file (truncated zip, corrupt header…) is simply "not identified".
    return null;
  }
}
