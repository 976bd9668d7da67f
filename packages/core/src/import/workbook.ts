import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { badInput } from '../common/errors.js';

/** Limits for uploaded workbooks: an XLSX is a zip, so the unpacked size is bounded too (zip bombs). */
export const WORKBOOK_LIMITS = { maxBytes: 5 * 1024 * 1024, maxUnpackedBytes: 50 * 1024 * 1024, maxRows: 5000 };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A file sent inside GraphQL as base64 (whitespace ignored); a clear error when it is not base64. */
export function decodeBase64File(text: string, field: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!compact || !BASE64.test(compact)) throw badInput('Nội dung tệp phải là chuỗi base64.', { field });
  return Buffer.from(compact, 'base64');
}

/** Opens an uploaded XLSX after checking its packed and unpacked size. */
export async function openWorkbook(data: Buffer): Promise<ExcelJS.Workbook> {
  if (data.length > WORKBOOK_LIMITS.maxBytes) throw badInput(`Tệp quá lớn (tối đa ${WORKBOOK_LIMITS.maxBytes / 1024 / 1024} MB).`, { field: 'file' });
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch {
    throw badInput('Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.', { field: 'file' });
  }
  let unpacked = 0;
  zip.forEach((_path, file) => {
    // jszip keeps each entry's declared size from the zip directory; nothing is inflated here.
    unpacked += (file as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  });
  if (unpacked > WORKBOOK_LIMITS.maxUnpackedBytes) throw badInput('Tệp giải nén quá lớn; hãy chia nhỏ bảng tính.', { field: 'file' });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw badInput('Không đọc được bảng tính Excel (.xlsx).', { field: 'file' });
  }
  return wb;
}

/** The text of a cell, whatever Excel stored (rich text, formula result, hyperlink, number). */
export function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    if ('error' in value) return '';
  }
  return String(value).trim();
}

/** A date cell: an Excel date, `dd/mm/yyyy` or `yyyy-mm-dd`; returns ISO or null when empty, throws text on nonsense. */
export function cellDate(value: ExcelJS.CellValue): string | null | { error: string } {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  const text = cellText(value);
  if (!text) return null;
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (m) return isoIfValid(Number(m[3]), Number(m[2]), Number(m[1])) ?? { error: `Ngày "${text}" không tồn tại.` };
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return isoIfValid(Number(m[1]), Number(m[2]), Number(m[3])) ?? { error: `Ngày "${text}" không tồn tại.` };
  return { error: `"${text}" không phải là ngày (dd/mm/yyyy).` };
}

function isoIfValid(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? date.toISOString().slice(0, 10) : null;
}
