import type { RequestHandler } from 'express';
import { describe, expect, it } from 'vitest';
import { fixedHeaders, securityHeaders } from './security-headers.js';

const headersOf = (h: RequestHandler) => {
  const set = new Map<string, unknown>();
  const removed: string[] = [];
  let next = 0;
  h({} as never, { setHeader: (k: string, v: unknown) => set.set(k, v), removeHeader: (k: string) => removed.push(k) } as never, () => next++);
  return { set, removed, next };
};

describe('security headers set once per response', () => {
  it("replays helmet's headers: the API's strict policy, HSTS, nosniff, no framing, X-Powered-By removed", () => {
    const { set, removed, next } = headersOf(securityHeaders());
    expect(next).toBe(1);
    expect(set.get('Content-Security-Policy')).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
    expect(set.get('Strict-Transport-Security')).toBe('max-age=31536000');
    expect(set.get('X-Content-Type-Options')).toBe('nosniff');
    expect(set.get('X-Frame-Options')).toBe('DENY');
    expect(removed).toContain('X-Powered-By');
  });

  it('refuses a middleware whose headers depend on the request or that answers later', () => {
    expect(() => fixedHeaders((req, _res, next) => (req.headers, next()))).toThrow(/reads the request/);
    expect(() => fixedHeaders((_req, _res, next) => void setTimeout(next, 1))).toThrow(/did not call next/);
  });
});
