import { ErrorCode } from '@par/core';
import type { RequestHandler, Response } from 'express';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Trusted documents (PAR_TRUSTED_DOCUMENTS): only operations whose text is in the manifest run.
 * The manifest maps the SHA-256 (hex) of each document's exact text to the text:
 * `{"<sha256>": "query Me { me { username } }"}` (Apollo's persisted-query manifest,
 * `{"format": "apollo-persisted-query-manifest", "operations": [{"id", "body"}]}`, is read too).
 * `node scripts/trusted-documents.mjs <dir or .graphql files>` writes one.
 *
 * A client sends the text as it is in the manifest, or only its hash in
 * `extensions.persistedQuery.sha256Hash` (Apollo's APQ request shape); nothing is ever registered
 * at run time.
 */
export type TrustedDocuments = ReadonlyMap<string, string>;

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export function loadTrustedDocuments(file: string): TrustedDocuments {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`PAR_TRUSTED_DOCUMENTS: cannot read the manifest ${file}: ${(e as Error).message}`);
  }
  const entries: [string, unknown][] =
    raw && typeof raw === 'object' && (raw as { format?: unknown }).format === 'apollo-persisted-query-manifest'
      ? ((raw as { operations?: { id?: unknown; body?: unknown }[] }).operations ?? []).map((o) => [String(o.id), o.body])
      : raw && typeof raw === 'object' && !Array.isArray(raw)
        ? Object.entries(raw)
        : [];
  const docs = new Map<string, string>();
  for (const [hash, text] of entries) {
    if (typeof text !== 'string' || !text.trim())
      throw new Error(`PAR_TRUSTED_DOCUMENTS: the entry "${hash}" of ${file} has no query text`);
    if (sha256Hex(text) !== hash.toLowerCase())
      throw new Error(`PAR_TRUSTED_DOCUMENTS: the key "${hash}" of ${file} is not the SHA-256 of its query text`);
    docs.set(hash.toLowerCase(), text);
  }
  if (!docs.size) throw new Error(`PAR_TRUSTED_DOCUMENTS: ${file} holds no operation ({"<sha256 hex>": "<query text>"} expected)`);
  return docs;
}

const notTrusted = (res: Response, hash: string | null, detail: string) => {
  res.status(400).json({
    errors: [
      {
        message: `Máy chủ chỉ chạy các thao tác đã đăng ký trước (trusted documents)${detail}. Hãy dùng thao tác đã đăng ký, hoặc đề nghị quản trị viên bổ sung thao tác này.`,
        extensions: { code: ErrorCode.OPERATION_NOT_TRUSTED, sha256Hash: hash },
      },
    ],
  });
};

type Verdict = { ok: true; query?: string } | { ok: false; hash: string | null; detail: string };

/** What to do with a request's `query` and `extensions.persistedQuery`. */
export function checkTrusted(docs: TrustedDocuments, query: unknown, persistedQuery: unknown): Verdict {
  let hash: string | null = null;
  if (persistedQuery !== undefined) {
    const h = (persistedQuery as { sha256Hash?: unknown } | null)?.sha256Hash;
    if (typeof h !== 'string') return { ok: false, hash: null, detail: ': thiếu mã băm sha256Hash' };
    hash = h.toLowerCase();
  }
  if (typeof query === 'string' && query !== '') {
    const actual = sha256Hex(query);
    if (hash !== null && actual !== hash) return { ok: false, hash, detail: ': mã băm gửi kèm không khớp với nội dung truy vấn' };
    if (!docs.has(actual)) return { ok: false, hash: actual, detail: ': thao tác này không có trong danh sách' };
    return { ok: true };
  }
  if (hash === null) return { ok: true }; // no operation at all: Apollo answers 400 BAD_REQUEST
  const text = docs.get(hash);
  if (!text) return { ok: false, hash, detail: ': không có thao tác nào ứng với mã băm này' };
  return { ok: true, query: text };
}

/**
 * Mounted before Apollo: refuses every operation that is not in the manifest before it is parsed,
 * and turns a hash-only request into the manifest's text. `extensions.persistedQuery` is consumed
 * here, so Apollo's automatic persisted queries (which would register any text) never see it.
 */
export function trustedDocumentsMiddleware(docs: TrustedDocuments): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      const url = new URL(req.url, 'http://localhost');
      const params = url.searchParams;
      let extensions: Record<string, unknown> | undefined;
      try {
        const raw = params.get('extensions');
        extensions = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
      } catch {
        next(); // Apollo answers 400 for malformed extensions
        return;
      }
      const verdict = checkTrusted(docs, params.get('query') ?? undefined, extensions?.persistedQuery);
      if (!verdict.ok) return notTrusted(res, verdict.hash, verdict.detail);
      if (extensions && 'persistedQuery' in extensions) {
        const { persistedQuery: _drop, ...rest } = extensions;
        params.set('extensions', JSON.stringify(rest));
      }
      if (verdict.query) params.set('query', verdict.query);
      req.url = `${url.pathname}${url.search}`;
      next();
      return;
    }
    const body = req.body as { query?: unknown; extensions?: Record<string, unknown> } | undefined;
    if (!body || typeof body !== 'object') {
      next(); // not JSON: Apollo refuses it (CSRF prevention, missing body)
      return;
    }
    const verdict = checkTrusted(docs, body.query, body.extensions?.persistedQuery);
    if (!verdict.ok) return notTrusted(res, verdict.hash, verdict.detail);
    if (body.extensions && 'persistedQuery' in body.extensions) {
      const { persistedQuery: _drop, ...rest } = body.extensions;
      body.extensions = rest;
    }
    if (verdict.query) body.query = verdict.query;
    next();
  };
}
