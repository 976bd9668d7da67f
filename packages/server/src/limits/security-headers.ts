import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import helmet, { contentSecurityPolicy } from 'helmet';

/**
 * Security headers on every response (helmet). The API serves JSON and files only, so its
 * Content-Security-Policy allows nothing at all; the bundled GraphiQL page gets its own policy.
 *
 * - Strict-Transport-Security: max-age one year, without includeSubDomains (a province's other
 *   sites under the same domain may still be plain HTTP); browsers ignore it over plain HTTP.
 * - X-Content-Type-Options nosniff, Referrer-Policy no-referrer, X-Frame-Options DENY plus
 *   frame-ancestors 'none', Cross-Origin-Resource-Policy same-origin, Cross-Origin-Opener-Policy
 *   same-origin, and helmet's other defaults (Origin-Agent-Cluster, X-DNS-Prefetch-Control off, …).
 * - No `upgrade-insecure-requests`: intranet deployments over plain HTTP must keep working.
 */
export function securityHeaders(): RequestHandler {
  return fixedHeaders(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: { action: 'deny' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
      crossOriginOpenerPolicy: { policy: 'same-origin' },
    }),
  );
}

/**
 * Helmet's headers here depend on nothing in the request: it runs once, on a recording response,
 * and every request then gets the recorded headers set directly (a dozen middleware calls less per
 * request on the API's hot path). Refuses a middleware that reads the request or answers late.
 */
export function fixedHeaders(middleware: RequestHandler): RequestHandler {
  const set: [string, string | number | readonly string[]][] = [];
  const removed: string[] = [];
  let done = false;
  const request = new Proxy(
    {},
    {
      get: (_t, key) => {
        throw new Error(`fixedHeaders: the middleware reads the request (${String(key)})`);
      },
    },
  );
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void set.push([name, value]),
    removeHeader: (name: string) => void removed.push(name),
  };
  middleware(request as never, recorder as never, ((err?: unknown) => {
    if (err) throw err;
    done = true;
  }) as never);
  if (!done) throw new Error('fixedHeaders: the middleware did not call next() at once');
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}

/** SHA-256 sources ('sha256-…') of the inline <script> and <style> blocks of a page. */
export function inlineHashes(html: string): { scripts: string[]; styles: string[] } {
  const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
  const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => hash(m[1]!));
  const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => hash(m[1]!));
  return { scripts, styles };
}

/**
 * The policy of the GraphiQL page (GET /graphql as HTML, /graphiql/*): its script and stylesheet
 * come from this server; inline scripts run only if their hash is listed (the bundled page has
 * none). Styles may be inline: GraphiQL's dialogs inject <style> elements at run time. Fonts and
 * icons are data: URIs in the bundled CSS; the page talks only to this server's /graphql.
 */
export function graphiqlSecurityHeaders(pageFile: string): RequestHandler {
  const { scripts } = existsSync(pageFile) ? inlineHashes(readFileSync(pageFile, 'utf8')) : { scripts: [] };
  return contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", ...scripts],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
}

/**
 * The policy of the web workspace (packages/web at `/`): everything from this server only — its
 * scripts, styles, images and the API; no inline scripts; file downloads through blob: links;
 * frames only from blob: (evidence PDF previews).
 */
export function webSecurityHeaders(): RequestHandler {
  return contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      scriptSrcAttr: ["'none'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      // Evidence PDFs are previewed from blob: URLs the page made from a fetched file (the file route
      // itself is sandboxed and not framable).
      frameSrc: ['blob:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  });
}
