import { ALLOWED_EVIDENCE_TYPES, type EvidenceFileType } from './file-types.js';

const MAX_FILE_NAME_LENGTH = 200;
const DEFAULT_BASE_NAME = 'minh-chung';

/**
 * Decodes the `X-File-Name` header (percent-encoded UTF-8, as `encodeURIComponent` makes it).
 * Returns null when absent or blank, `false` when the encoding is malformed. The result is display
 * metadata only: it never becomes part of a path.
 */
export function parseFileNameHeader(raw: string | undefined): string | null | false {
  if (raw === undefined) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return false;
  }
  return cleanFileName(decoded);
}

/** NFC, last path segment only, no control or bidirectional-override characters, bounded length. */
export function cleanFileName(name: string): string | null {
  const segment = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = segment
    // C0/C1 controls, and bidi overrides ("tai-lieu\u202Efdp.exe" would display as "…exe.pdf").
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .trim()
    // Windows drops trailing dots and spaces.
    .replace(/[. ]+$/, '');
  if (!cleaned || cleaned === '.' || cleaned === '..') return null;
  return truncate(cleaned, MAX_FILE_NAME_LENGTH);
}

/**
 * The name recorded for a stored file: the declared name with an extension that matches the
 * detected type (a wrong known extension is replaced, an unknown one is kept and the right one
 * appended), or "minh-chung.<ext>" when no name was given.
 */
export function evidenceFileName(declared: string | null, type: EvidenceFileType): string {
  const canonical = type.extensions[0] ?? 'bin';
  const name = declared ?? `${DEFAULT_BASE_NAME}.${canonical}`;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (type.extensions.includes(ext)) return name;
  const knownExt = ALLOWED_EVIDENCE_TYPES.some((t) => t.extensions.includes(ext));
  const base = knownExt ? name.slice(0, dot) : name;
  return `${truncate(base, MAX_FILE_NAME_LENGTH - canonical.length - 1)}.${canonical}`;
}

/** `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<RFC 5987 encoded>` (RFC 6266). */
export function contentDisposition(fileName: string): string {
  const fallback =
    fileName
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/đ/g, 'd')
      .replace(/Đ/g, 'D')
      .replace(/[^\x20-\x7e]|["\\%;]/g, '_') || 'download';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}

export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function truncate(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : chars.slice(0, max).join('');
}
