import { createHmac, timingSafeEqual } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { RequestHandler } from 'express';
import { cleanFileName, contentDisposition } from './file-name.js';
import { allowedEvidenceType, detectMediaType } from './file-types.js';
import { sendError } from './http.js';
import { isSha256Hex, type EvidenceStore } from './store.js';

/** Where download links point; the handler must be mounted as `GET ${EVIDENCE_DOWNLOAD_PATH}/:sha256`. */
export const EVIDENCE_DOWNLOAD_PATH = '/evidence/files';

const MIN_SECRET_LENGTH = 32;

/** Query and path values of a download link, as express hands them over (anything may be missing or repeated). */
export interface DownloadParams {
  sha256: unknown;
  u?: unknown;
  exp?: unknown;
  name?: unknown;
  sig?: unknown;
}

export type DownloadVerification =
  | { ok: true; sha256: string; fileName: string; userId: string; expiresAt: Date }
  | { ok: false; reason: 'expired' | 'bad-signature' };

function checkSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the evidence download secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
}

/**
 * HMAC-SHA256 over `sha256|userId|exp|name`. userId and name are percent-encoded first (exactly as
 * they appear in the URL) so that a `|` inside them cannot shift the field boundaries.
 */
function mac(secret: string, sha256: string, userId: string, exp: string, fileName: string): Buffer {
  return createHmac('sha256', secret)
    .update(`${sha256}|${encodeURIComponent(userId)}|${exp}|${encodeURIComponent(fileName)}`)
    .digest();
}

/**
 * A relative link `/evidence/files/<sha256>?u=…&exp=<unix seconds>&name=…&sig=<hex>` valid until
 * `expiresAt`, for a browser link (which cannot carry a bearer token). `userId` is who the link was
 * made for (for audit); `fileName` is the name offered to the browser.
 */
export function signDownload(secret: string, sha256: string, userId: string, expiresAt: Date, fileName: string): string {
  checkSecret(secret);
  if (!isSha256Hex(sha256)) throw new Error('invalid SHA-256 (expected 64 lower-case hex digits)');
  const time = expiresAt.getTime();
  if (!Number.isFinite(time)) throw new Error('invalid expiry date');
  const exp = String(Math.floor(time / 1000));
  const sig = mac(secret, sha256, userId, exp, fileName).toString('hex');
  const query = new URLSearchParams({ u: userId, exp, name: fileName, sig });
  return `${EVIDENCE_DOWNLOAD_PATH}/${sha256}?${query.toString()}`;
}

/** Checks a link's signature first (any tampering → bad-signature), then its expiry. */
export function verifyDownload(secret: string, params: DownloadParams, now: Date): DownloadVerification {
  checkSecret(secret);
  const { sha256, u, exp, name, sig } = params;
  if (
    !isSha256Hex(sha256) ||
    typeof u !== 'string' ||
    typeof exp !== 'string' ||
    !/^\d{1,12}$/.test(exp) ||
    typeof name !== 'string' ||
    typeof sig !== 'string' ||
    !/^[0-9a-f]{64}$/i.test(sig)
  ) {
    return { ok: false, reason: 'bad-signature' };
  }
  const expected = mac(secret, sha256, u, exp, name);
  const given = Buffer.from(sig, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  const expiresAt = new Date(Number(exp) * 1000);
  if (now.getTime() >= expiresAt.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, sha256, fileName: name, userId: u, expiresAt };
}

export interface EvidenceDownloadOptions {
  store: EvidenceStore;
  secret: string;
  /** The recorded media type of a file; when absent or null, it is detected from the bytes. */
  mediaTypeOf?: (sha256: string) => Promise<string | null>;
  /** Clock (tests). */
  now?: () => Date;
}

/**
 * `GET /evidence/files/:sha256` with a link from {@link signDownload}: 403 FORBIDDEN on a bad or
 * tampered link, 410 LINK_EXPIRED on an expired one, 404 NOT_FOUND when the file is not stored,
 * else the bytes as an attachment, never cached, never sniffed by the browser.
 */
export function createEvidenceDownloadHandler(options: EvidenceDownloadOptions): RequestHandler {
  const { store, secret, mediaTypeOf } = options;
  checkSecret(secret);
  const now = options.now ?? (() => new Date());

  return async (req, res, next) => {
    try {
      const q = req.query;
      const check = verifyDownload(secret, { sha256: req.params.sha256, u: q.u, exp: q.exp, name: q.name, sig: q.sig }, now());
      if (!check.ok) {
        if (check.reason === 'expired') {
          sendError(res, 410, 'LINK_EXPIRED', 'Liên kết tải tệp đã hết hạn. Vui lòng tải lại trang để nhận liên kết mới.');
        } else {
          sendError(res, 403, 'FORBIDDEN', 'Liên kết tải tệp không hợp lệ.');
        }
        return;
      }
      const size = await store.size(check.sha256);
      if (size === null) {
        sendError(res, 404, 'NOT_FOUND', 'Không tìm thấy tệp.');
        return;
      }
      const recorded = mediaTypeOf ? await mediaTypeOf(check.sha256) : null;
      const mediaType = recorded ?? allowedEvidenceType(await detectMediaType(store.path(check.sha256)))?.mediaType ?? 'application/octet-stream';
      res.status(200);
      res.setHeader('Content-Type', mediaType);
      res.setHeader('Content-Length', String(size));
      res.setHeader('Content-Disposition', contentDisposition(cleanFileName(check.fileName) ?? 'minh-chung'));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      res.setHeader('Referrer-Policy', 'no-referrer');
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      await pipeline(store.createReadStream(check.sha256), res);
    } catch (err) {
      if (!res.headersSent && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        // Removed between the size check and the open.
        res.removeHeader('Content-Disposition');
        sendError(res, 404, 'NOT_FOUND', 'Không tìm thấy tệp.');
        return;
      }
      if (res.headersSent) {
        // Mid-stream failure or the client went away: nothing more can be said.
        res.destroy();
        return;
      }
      next(err);
    }
  };
}
