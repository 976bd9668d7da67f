import { INTERNAL_ERROR_MESSAGE } from '@par/server';
import { seedAccount, seedProvince, sql, startTestServer, type TestServer } from '@par/testing';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '@par/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: TestServer;
let closed: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  closed = await startTestServer({ introspection: false });
});
afterAll(async () => {
  await server?.stop();
  await closed?.stop();
});

const post = (s: TestServer, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${s.url}/graphql`, { method: 'POST', headers, body });

describe('production defaults of the HTTP layer', () => {
  it('health and readiness', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
  });

  it('refuses bodies over ≈ 1 MB with 413 and a clear message', async () => {
    const big = JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(1_100_000) } });
    const r = await post(server, big);
    expect(r.status).toBe(413);
    const body = (await r.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.errors[0]!.message).toMatch(/1 MB/);
    // just under the limit is fine
    const ok = await post(server, JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(900_000) } }));
    expect(ok.status).toBe(200);
  });

  it('malformed JSON is a 400 with a code, not a stack trace', async () => {
    const r = await post(server, '{"query": ');
    expect(r.status).toBe(400);
    const text = await r.text();
    expect(text).not.toMatch(/at .*\.js:\d+/);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('keeps CSRF prevention on: a simple (text/plain) POST or a bare GET query is refused', async () => {
    const r = await post(server, JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'text/plain' });
    expect(r.status).toBe(400);
    const g = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
    expect(g.status).toBe(400);
    const withHeader = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(await withHeader.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('gives no "did you mean" suggestions that would reveal the schema', async () => {
    const r = await server.gql('{ healt { status } }');
    expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(r.errors?.[0]?.message).not.toMatch(/Did you mean/i);
  });

  it('introspection follows PAR_INTROSPECTION', async () => {
    const q = '{ __schema { queryType { name } } }';
    expect((await server.gql(q)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const r = await closed.gql(q);
    expect(r.data).toBeUndefined();
    expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('sends no cache-control hints from the (disabled) cache-control plugin', async () => {
    const r = await post(server, JSON.stringify({ query: '{ health { status } }' }));
    expect(r.headers.get('cache-control')).toBeNull();
  });

  it('unknown routes are 404 JSON', async () => {
    const r = await fetch(`${server.url}/khong-co`);
    expect(r.status).toBe(404);
  });
});

describe('internal errors', () => {
  it('are masked for the client (no SQL, no stack) with a stable code', async () => {
    const em = closed.platform.orm.em.fork() as unknown as EntityManager;
    await seedProvince(em, 'khanh-hoa', 'Khánh Hòa');
    const acc = await seedAccount(closed, { province: 'khanh-hoa', username: 'admin.loi', role: Role.ADMIN });
    // A real fault below the API: the token table is gone from under the running server.
    await sql(closed.db.url, 'alter table api_token rename to api_token_gone');
    try {
      const r = await closed.gql('{ apiTokens { id } }', {}, acc.token);
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0]!.message).toBe(INTERNAL_ERROR_MESSAGE);
      expect(r.errors![0]!.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      expect(JSON.stringify(r)).not.toMatch(/api_token|select|relation|stack/i);
    } finally {
      await sql(closed.db.url, 'alter table api_token_gone rename to api_token');
    }
  });
});
