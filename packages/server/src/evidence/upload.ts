import type { Request, RequestHandler } from 'express';
import { evidenceFileName, parseFileNameHeader } from './file-name.js';
import { ALLOWED_EVIDENCE_TYPES, allowedEvidenceType, detectMediaType } from './file-types.js';
import { discardRestOfBody, formatSize, sendError } from './http.js';
import { EvidenceTooLargeError, type EvidenceStore, type StagedEvidence } from './store.js';

/** Metadata of a file that is in the store; `fileName` is display metadata only. */
export interface StoredEvidenceFile {
  sha256: string;
  size: number;
  mediaType: string;
  fileName: string;
}

export interface EvidenceUploader {
  userId: string;
  provinceId: string;
}

export interface EvidenceUploadOptions {
  store: EvidenceStore;
  /** Largest accepted file in bytes. */
  maxBytes: number;
  /** Who is uploading, or null to answer 401. Called before any of the body is read. */
  authenticate: (req: Request) => Promise<EvidenceUploader | null>;
  /**
   * Records the stored file (e.g. a database row) and returns its id. Called after the file is in
   * the store; when it throws, the request fails with 500 and the stored file stays (it may be
   * shared with other records through deduplication, so it is not deleted here).
   */
  onStored: (file: StoredEvidenceFile, who: EvidenceUploader) => Promise<{ id: string }>;
  /**
   * After a refusal, how many more body bytes are read and discarded so the client gets the
   * answer; past that the connection is closed. Default: max(maxBytes, 16 MiB).
   */
  drainLimitBytes?: number;
}

export const UNSUPPORTED_TYPE_MESSAGE = `Định dạng tệp không được hỗ trợ. Chỉ chấp nhận tệp ${ALLOWED_EVIDENCE_TYPES.map((t) => t.label).join(', ')}.`;

/**
 * `POST` handler for one evidence file sent as the raw request body (not multipart). The declared
 * `Content-Type` and name are not trusted: the type is detected from the bytes with file-type and
 * must be in the allowlist. The original name comes percent-encoded in `X-File-Name`.
 *
 * 201 `{ id, sha256, size, mediaType, fileName }`; 401 UNAUTHENTICATED; 400 BAD_REQUEST (malformed
 * `X-File-Name`) or EMPTY_FILE; 413 PAYLOAD_TOO_LARGE; 415 UNSUPPORTED_FILE_TYPE.
 * Must be mounted before any body parser that could consume the body.
 */
export function createEvidenceUploadHandler(options: EvidenceUploadOptions): RequestHandler {
  const { store, maxBytes, authenticate, onStored } = options;
  if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) throw new Error('maxBytes must be a positive integer');
  const drainLimit = options.drainLimitBytes ?? Math.max(maxBytes, 16 * 1024 * 1024);
  const tooLargeMessage = `Tệp quá lớn (tối đa ${formatSize(maxBytes)}).`;

  return async (req, res, next) => {
    const refuse = (status: number, code: string, message: string, extra?: Record<string, unknown>) => {
      sendError(res, status, code, message, extra);
      discardRestOfBody(req, drainLimit);
    };
    try {
      const who = await authenticate(req);
      if (!who) {
        refuse(401, 'UNAUTHENTICATED', 'Bạn cần đăng nhập để tải tệp minh chứng lên.');
        return;
      }
      const declaredName = parseFileNameHeader(req.get('x-file-name'));
      if (declaredName === false) {
        refuse(400, 'BAD_REQUEST', 'Tên tệp không hợp lệ (tiêu đề X-File-Name phải được mã hoá phần trăm theo UTF-8).');
        return;
      }
      const declaredLength = Number(req.get('content-length'));
      if (Number.isFinite(declaredLength) && declaredLength > maxBytes) {
        refuse(413, 'PAYLOAD_TOO_LARGE', tooLargeMessage, { maxBytes });
        return;
      }

      let staged: StagedEvidence;
      try {
        // destroyOnReturn: false — when the limit stops the loop, the request must stay usable so
        // that the 413 answer can still be sent on this connection.
        staged = await store.stage(req.iterator({ destroyOnReturn: false }), { maxBytes });
      } catch (err) {
        if (err instanceof EvidenceTooLargeError) {
          refuse(413, 'PAYLOAD_TOO_LARGE', tooLargeMessage, { maxBytes });
          return;
        }
        // The client went away mid-upload: the temp file is gone and nobody is left to answer.
        if (req.destroyed || req.socket.destroyed) return;
        throw err;
      }

      let file: StoredEvidenceFile;
      try {
        if (staged.size === 0) {
          await staged.discard();
          sendError(res, 400, 'EMPTY_FILE', 'Tệp rỗng.');
          return;
        }
        // Sniffed from the complete temp file: a DOCX/XLSX is recognised by its [Content_Types].xml,
        // which is not necessarily within the first few kilobytes of the zip.
        const type = allowedEvidenceType(await detectMediaType(staged.tempPath));
        if (!type) {
          await staged.discard();
          sendError(res, 415, 'UNSUPPORTED_FILE_TYPE', UNSUPPORTED_TYPE_MESSAGE, {
            allowedTypes: ALLOWED_EVIDENCE_TYPES.map((t) => t.label),
          });
          return;
        }
        await staged.commit();
        file = { sha256: staged.sha256, size: staged.size, mediaType: type.mediaType, fileName: evidenceFileName(declaredName, type) };
      } catch (err) {
        await staged.discard();
        throw err;
      }

      const { id } = await onStored(file, who);
      res.status(201).json({ id, ...file });
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      next(err);
    }
  };
}
