import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import express, { type NextFunction, type Request, type Response } from 'express';
import { fileTypeFromBuffer } from 'file-type';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DOCX_MEDIA_TYPE,
  EvidenceStore,
  EvidenceTooLargeError,
  XLSX_MEDIA_TYPE,
  createEvidenceDownloadHandler,
  createEvidenceUploadHandler,
  signDownload,
  verifyDownload,
  type StoredEvidenceFile,
} from './index.js';

// ---------------------------------------------------------------------------------------------
// Sample files, built as bytes.

function minimalPdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ];
  let body = `%PDF-1.4\n% ${text}\n`;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}

/** A 1×1 RGBA PNG: signature, IHDR, IDAT, IEND. */
function minimalPng(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // bit depth 8, RGBA, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0xc0, 0x10, 0x20, 0xff]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function minimalJpeg(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]),
  ]);
}

/** A Windows executable's first bytes. */
function fakeExe(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.write('This program cannot be run in DOS mode.', 0x40, 'latin1');
  return b;
}

/** A small ZIP writer (deflate or store) with central directory, enough for OOXML packages. */
function zip(entries: { name: string; data: Buffer | string; store?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data, 'utf8');
    const data = e.store ? raw : deflateRawSync(raw);
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(e.store ? 0 : 8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.store ? 0 : 8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A minimal WordprocessingML package; `padding` puts a large entry before [Content_Types].xml. */
function minimalDocx(text: string, padding = 0): Buffer {
  const contentTypes =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Default Extension="bin" ContentType="application/octet-stream"/>' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
    '</Types>';
  const rels =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
    '</Relationships>';
  const document =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    `<w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`;
  return zip([
    ...(padding ? [{ name: 'customXml/padding.bin', data: randomBytes(padding), store: true }] : []),
    { name: '[Content_Types].xml', data: contentTypes },
    { name: '_rels/.rels', data: rels },
    { name: 'word/document.xml', data: document },
  ]);
}

async function xlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Chỉ số PAR');
  ws.addRow(['Tiêu chí', 'Điểm']);
  ws.addRow(['Cải cách thủ tục hành chính', 9.5]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// ---------------------------------------------------------------------------------------------
// A tiny app with both handlers, over real HTTP.

const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
const MAX_BYTES = 64 * 1024;

let dir: string;
let store: EvidenceStore;
let server: http.Server;
let base: string;
const records = new Map<string, { file: StoredEvidenceFile; userId: string; provinceId: string }>();
const mediaTypes = new Map<string, string>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'par-evidence-'));
  store = new EvidenceStore(path.join(dir, 'store'));
  const app = express();
  app.post(
    '/evidence/files',
    createEvidenceUploadHandler({
      store,
      maxBytes: MAX_BYTES,
      authenticate: async (req) => (req.get('authorization') === 'Bearer good' ? { userId: 'u-1', provinceId: 'p-kh' } : null),
      onStored: async (file, who) => {
        const id = `ev-${records.size + 1}`;
        records.set(id, { file, ...who });
        mediaTypes.set(file.sha256, file.mediaType);
        return { id };
      },
    }),
  );
  app.get('/evidence/files/:sha256', createEvidenceDownloadHandler({ store, secret: SECRET, mediaTypeOf: async (s) => mediaTypes.get(s) ?? null }));
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ errors: [{ message: err.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await rm(dir, { recursive: true, force: true });
});

function upload(body: Uint8Array | ReadableStream<Uint8Array> | null, headers: Record<string, string> = {}) {
  return fetch(`${base}/evidence/files`, {
    method: 'POST',
    headers: { authorization: 'Bearer good', 'content-type': 'application/octet-stream', ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' as const } : {}),
  });
}

async function errorOf(res: globalThis.Response): Promise<{ message: string; code: string }> {
  const json = (await res.json()) as { errors: [{ message: string; extensions: { code: string } }] };
  return { message: json.errors[0].message, code: json.errors[0].extensions.code };
}

/** Every file under the store directory (relative paths), temp files included. */
async function storeFiles(): Promise<string[]> {
  const entries = await readdir(store.dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(store.dir, path.join(e.parentPath, e.name)))
    .sort();
}

// ---------------------------------------------------------------------------------------------

describe('evidence upload', () => {
  it.each([
    ['PDF', () => minimalPdf('bao cao'), 'Báo cáo tự đánh giá.pdf', 'application/pdf'],
    ['PNG', () => minimalPng(), 'ảnh chụp.png', 'image/png'],
    ['JPEG', () => minimalJpeg(), 'ảnh.jpg', 'image/jpeg'],
    ['DOCX', () => minimalDocx('Quyết định'), 'Quyết định.docx', DOCX_MEDIA_TYPE],
    ['XLSX', () => xlsx(), 'Bảng điểm.xlsx', XLSX_MEDIA_TYPE],
  ] as const)('accepts a real %s with the detected media type and its SHA-256', async (_label, make, name, mediaType) => {
    const bytes = await make();
    const res = await upload(bytes, { 'x-file-name': encodeURIComponent(name) });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string } & StoredEvidenceFile;
    expect(body).toEqual({ id: expect.stringMatching(/^ev-\d+$/), sha256: sha(bytes), size: bytes.length, mediaType, fileName: name });
    expect(records.get(body.id)).toEqual({ file: { sha256: sha(bytes), size: bytes.length, mediaType, fileName: name }, userId: 'u-1', provinceId: 'p-kh' });
    expect(await store.has(sha(bytes))).toBe(true);
    expect(store.path(sha(bytes))).toBe(path.join(store.dir, sha(bytes).slice(0, 2), sha(bytes)));
  });

  it('recognises a DOCX whose [Content_Types].xml lies past the first kilobytes (sniffs the whole temp file)', async () => {
    const bytes = minimalDocx('Phụ lục', 20_000);
    // What a 4100-byte prefix sniff would have concluded:
    expect((await fileTypeFromBuffer(bytes.subarray(0, 4100)))?.mime).not.toBe(DOCX_MEDIA_TYPE);
    const res = await upload(bytes, { 'x-file-name': encodeURIComponent('Phụ lục.docx') });
    expect(res.status).toBe(201);
    expect(((await res.json()) as StoredEvidenceFile).mediaType).toBe(DOCX_MEDIA_TYPE);
  });

  it('stores the same content once (deduplication), with one record per upload', async () => {
    const bytes = minimalPdf('dedup');
    const first = (await (await upload(bytes, { 'x-file-name': 'a.pdf' })).json()) as { id: string; sha256: string };
    const second = (await (await upload(bytes, { 'x-file-name': 'b.pdf' })).json()) as { id: string; sha256: string };
    expect(first.sha256).toBe(sha(bytes));
    expect(second.sha256).toBe(first.sha256);
    expect(second.id).not.toBe(first.id);
    const files = await storeFiles();
    expect(files.filter((f) => f.endsWith(sha(bytes)))).toEqual([path.join(sha(bytes).slice(0, 2), sha(bytes))]);
    expect(files.some((f) => path.basename(f).startsWith('.tmp'))).toBe(false);
  });

  it('trusts neither the declared Content-Type nor the extension: the name gets the detected type’s extension', async () => {
    const res = await upload(minimalPng(), { 'content-type': 'application/pdf', 'x-file-name': encodeURIComponent('biên bản.pdf') });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ mediaType: 'image/png', fileName: 'biên bản.png' });
    const noName = await upload(minimalPdf('no name'));
    expect(await noName.json()).toMatchObject({ mediaType: 'application/pdf', fileName: 'minh-chung.pdf' });
    const pathLike = await upload(minimalPdf('path'), { 'x-file-name': encodeURIComponent('../../etc/Tờ trình.pdf') });
    expect(await pathLike.json()).toMatchObject({ fileName: 'Tờ trình.pdf' });
  });

  it.each([
    ['an .exe named bao-cao.pdf', fakeExe()],
    ['a plain zip', zip([{ name: 'ghi-chu.txt', data: 'xin chào' }])],
    ['unknown bytes', Buffer.from('chỉ là văn bản thuần, không phải PDF\n'.repeat(20))],
  ])('refuses %s with 415 and leaves nothing in the store', async (_label, bytes) => {
    const before = await storeFiles();
    const res = await upload(bytes, { 'content-type': 'application/pdf', 'x-file-name': 'bao-cao.pdf' });
    expect(res.status).toBe(415);
    const err = await errorOf(res);
    expect(err.code).toBe('UNSUPPORTED_FILE_TYPE');
    expect(err.message).toBe('Định dạng tệp không được hỗ trợ. Chỉ chấp nhận tệp PDF, DOCX, XLSX, JPG, PNG.');
    expect(await storeFiles()).toEqual(before);
    expect(await store.has(sha(bytes))).toBe(false);
  });

  it('refuses an empty body with 400 EMPTY_FILE', async () => {
    const before = await storeFiles();
    const res = await upload(new Uint8Array(0), { 'x-file-name': 'rong.pdf' });
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({ code: 'EMPTY_FILE', message: 'Tệp rỗng.' });
    expect(await storeFiles()).toEqual(before);
  });

  it('refuses a body over maxBytes with 413, from Content-Length or while streaming, and leaves nothing behind', async () => {
    const before = await storeFiles();
    const big = Buffer.concat([minimalPdf('big'), randomBytes(100 * 1024)]);

    const declared = await upload(big, { 'x-file-name': 'lon.pdf' });
    expect(declared.status).toBe(413);
    expect(await errorOf(declared)).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: 'Tệp quá lớn (tối đa 64 KB).' });

    // No Content-Length (chunked): the byte count stops it.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= big.length) return controller.close();
        controller.enqueue(big.subarray(sent, sent + 4096));
        sent += 4096;
      },
    });
    const streamed = await upload(stream, { 'x-file-name': 'lon.pdf' });
    expect(streamed.status).toBe(413);
    expect((await errorOf(streamed)).code).toBe('PAYLOAD_TOO_LARGE');
    expect(await storeFiles()).toEqual(before);

    // The connection is still usable afterwards.
    expect((await upload(minimalPdf('after 413'))).status).toBe(201);
  });

  it('removes the temp file when the client disconnects mid-upload', async () => {
    const before = await storeFiles();
    const req = http.request(`${base}/evidence/files`, {
      method: 'POST',
      headers: { authorization: 'Bearer good', 'content-length': '50000' },
    });
    req.on('error', () => undefined);
    req.write(minimalPdf('cut'));
    req.write(Buffer.alloc(10_000));
    await new Promise((r) => setTimeout(r, 100));
    expect((await storeFiles()).some((f) => f.startsWith('.tmp-'))).toBe(true);
    req.destroy();
    await expect.poll(storeFiles, { timeout: 5000 }).toEqual(before);
    // The server is still fine.
    expect((await upload(minimalPdf('after abort'))).status).toBe(201);
  });

  it('accepts a file of exactly maxBytes', async () => {
    const pdf = minimalPdf('exact');
    const bytes = Buffer.concat([pdf, Buffer.alloc(MAX_BYTES - pdf.length, 0x20)]);
    const res = await upload(bytes);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ size: MAX_BYTES, sha256: sha(bytes) });
  });

  it('answers 401 without authentication, and 400 for a malformed X-File-Name', async () => {
    const before = await storeFiles();
    for (const auth of [{}, { authorization: 'Bearer bad' }] as Record<string, string>[]) {
      const res = await fetch(`${base}/evidence/files`, { method: 'POST', headers: auth, body: minimalPdf('anon') });
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe('UNAUTHENTICATED');
    }
    const bad = await upload(minimalPdf('bad name'), { 'x-file-name': 'bao%E1%BA' });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe('BAD_REQUEST');
    expect(await storeFiles()).toEqual(before);
  });
});

describe('evidence download', () => {
  const name = 'Báo cáo "tự đánh giá" 2024 (bản cuối)+đã ký.pdf';
  let pdf: Buffer;
  let pdfSha: string;

  beforeAll(async () => {
    pdf = minimalPdf('download');
    const res = await upload(pdf, { 'x-file-name': encodeURIComponent(name) });
    expect(res.status).toBe(201);
    pdfSha = sha(pdf);
  });

  const inOneHour = () => new Date(Date.now() + 3600_000);

  it('serves the bytes through a signed link, as a non-cached attachment with the Vietnamese name', async () => {
    const url = signDownload(SECRET, pdfSha, 'u-1', inOneHour(), name);
    expect(url).toMatch(new RegExp(`^/evidence/files/${pdfSha}\\?u=u-1&exp=\\d+&name=.+&sig=[0-9a-f]{64}$`));
    const res = await fetch(base + url);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(pdf)).toBe(true);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(pdf.length));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '';
    expect(decodeURIComponent(encoded)).toBe(name);
  });

  it('sniffs the media type when none is recorded', async () => {
    const png = minimalPng();
    expect((await upload(png)).status).toBe(201);
    mediaTypes.delete(sha(png));
    const res = await fetch(base + signDownload(SECRET, sha(png), 'u-1', inOneHour(), 'anh.png'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
  });

  it('refuses a tampered signature, name or user with 403 FORBIDDEN', async () => {
    const url = new URL(base + signDownload(SECRET, pdfSha, 'u-1', inOneHour(), name));
    const sig = url.searchParams.get('sig')!;
    const variants = [
      (u: URL) => u.searchParams.set('sig', (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1)),
      (u: URL) => u.searchParams.set('sig', sig.slice(0, 62)),
      (u: URL) => u.searchParams.delete('sig'),
      (u: URL) => u.searchParams.set('name', 'khac.exe'),
      (u: URL) => u.searchParams.set('u', 'u-2'),
      (u: URL) => u.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 3600)),
      (u: URL) => u.searchParams.append('sig', sig),
    ];
    for (const change of variants) {
      const u = new URL(url);
      change(u);
      const res = await fetch(u);
      expect(res.status, u.search).toBe(403);
      expect(await errorOf(res)).toEqual({ code: 'FORBIDDEN', message: 'Liên kết tải tệp không hợp lệ.' });
    }
  });

  it('refuses a link signed for another file (wrong sha) with 403', async () => {
    const other = minimalPdf('other');
    expect((await upload(other)).status).toBe(201);
    const url = signDownload(SECRET, pdfSha, 'u-1', inOneHour(), name).replace(pdfSha, sha(other));
    const res = await fetch(base + url);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('FORBIDDEN');
  });

  it('refuses an expired link with 410 LINK_EXPIRED, and answers 404 for a file not in the store', async () => {
    const expired = await fetch(base + signDownload(SECRET, pdfSha, 'u-1', new Date(Date.now() - 1000), name));
    expect(expired.status).toBe(410);
    expect((await errorOf(expired)).code).toBe('LINK_EXPIRED');
    const missing = await fetch(base + signDownload(SECRET, 'f'.repeat(64), 'u-1', inOneHour(), 'x.pdf'));
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('NOT_FOUND');
  });
});

describe('signed links and the store, directly', () => {
  it('verifyDownload checks the signature before the expiry, and refuses repeated or missing parameters', () => {
    const s = 'a'.repeat(64);
    const at = new Date('2030-01-01T00:00:00Z');
    const q = new URL('http://x' + signDownload(SECRET, s, 'u|1', at, 'tên|tệp.pdf')).searchParams;
    const params = { sha256: s, u: q.get('u'), exp: q.get('exp'), name: q.get('name'), sig: q.get('sig') };
    expect(verifyDownload(SECRET, params, new Date('2029-12-31T23:59:59Z'))).toMatchObject({ ok: true, sha256: s, fileName: 'tên|tệp.pdf', userId: 'u|1' });
    expect(verifyDownload(SECRET, params, at)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyDownload(SECRET.replace('t', 'T'), params, at)).toEqual({ ok: false, reason: 'bad-signature' });
    // Field boundaries cannot be shifted through a '|' in the user id or the name.
    expect(verifyDownload(SECRET, { ...params, u: 'u', name: `1|${params.exp}|tên|tệp.pdf` }, new Date(0)).ok).toBe(false);
    expect(verifyDownload(SECRET, { ...params, sig: [params.sig, params.sig] }, new Date(0))).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyDownload(SECRET, { sha256: s }, new Date(0))).toEqual({ ok: false, reason: 'bad-signature' });
    expect(() => signDownload('short', s, 'u', at, 'x')).toThrow(/at least 32/);
    expect(() => signDownload(SECRET, '../etc/passwd', 'u', at, 'x')).toThrow(/SHA-256/);
  });

  it('the store copies a file by path, refuses malformed hashes and cleans up after a too-large source', async () => {
    const own = new EvidenceStore(path.join(dir, 'own'));
    const src = path.join(dir, 'source.bin');
    const bytes = randomBytes(10_000);
    await writeFile(src, bytes);
    expect(await own.put(src)).toEqual({ sha256: sha(bytes), size: bytes.length, created: true });
    expect(await own.put(src)).toEqual({ sha256: sha(bytes), size: bytes.length, created: false });
    await expect(own.put(src, { maxBytes: 9_999 })).rejects.toBeInstanceOf(EvidenceTooLargeError);
    expect((await readdir(own.dir, { recursive: true })).sort()).toEqual([sha(bytes).slice(0, 2), path.join(sha(bytes).slice(0, 2), sha(bytes))]);
    expect(() => own.path('../../x')).toThrow();
    expect(await own.has('../../x')).toBe(false);
    const chunks: Buffer[] = [];
    for await (const c of own.createReadStream(sha(bytes))) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });
});
