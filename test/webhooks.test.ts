import type { EntityManager } from '@mikro-orm/postgresql';
import { checkWebhookUrl, isPrivateAddress, Role, signWebhook } from '@par/core';
import { createLogger, loadDemoData } from '@par/server';
import { seedAccount, sql, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let clock = new Date('2026-11-20T03:00:00Z');
let server: TestServer;
let admin: SeededAccount;
let integration: string;
let receiver: http.Server;
let hookUrl: string;
const received: Received[] = [];
/** Status codes the receiver answers with, in order (then 200). */
const answers: number[] = [];
const em = () => server.platform.orm.em.fork() as unknown as EntityManager;
const pump = () => server.platform.webhooks.pump(em());

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = answers.shift() ?? 200;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/par-hook`;
  // Loopback http is allowed here only because the test server says so; polling is driven by the test.
  server = await startTestServer({ webhookAllowPrivate: true, webhookPollMs: 0 }, { now: () => clock });
  await loadDemoData(em(), createLogger('silent'), server.platform.services);
  admin = await seedAccount(server, { province: 'khanh-hoa', username: 'w.admin', role: Role.ADMIN });
  const it = await seedAccount(server, { province: 'khanh-hoa', username: 'w.motcua', role: Role.INTEGRATION });
  integration = (await server.gql('mutation($u: ID!) { createApiToken(input: { userId: $u, name: "Một cửa" }) { token } }', { u: it.id }, admin.token)).data!.createApiToken.token;
});
afterAll(async () => {
  await server?.stop();
  await new Promise((r) => receiver?.close(r));
});

describe('webhooks', () => {
  let secret: string;
  let hookId: string;
  const DELIVERIES = '{ webhooks { id active lastSeq deliveries { seq event status attempts responseStatus error } } }';

  it('refuses unsafe targets and unknown events; an admin registers one and gets its secret once', async () => {
    expect(() => checkWebhookUrl('http://example.org/x', false)).toThrow(/https/);
    expect(() => checkWebhookUrl('https://127.0.0.1/x', false)).toThrow(/nội bộ/);
    expect(() => checkWebhookUrl('https://localhost/x', false)).toThrow(/nội bộ/);
    expect(() => checkWebhookUrl('https://u:p@example.org/x', false)).toThrow(/mật khẩu/);
    expect(checkWebhookUrl('https://tichhop.khanhhoa.gov.vn/par', false).hostname).toBe('tichhop.khanhhoa.gov.vn');
    expect(['10.1.2.3', '192.168.0.1', '172.20.0.1', '169.254.1.1', '::1', 'fd00::1', '::ffff:127.0.0.1'].every(isPrivateAddress)).toBe(true);
    expect(['8.8.8.8', '2001:4860::8888'].some(isPrivateAddress)).toBe(false);

    const CREATE = 'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { secret webhook { id url events active } } }';
    const bad = await server.gql(CREATE, { i: { url: hookUrl, events: ['khong.co'] } }, admin.token);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events' });
    const byIntegration = await server.gql(CREATE, { i: { url: hookUrl, events: ['deadline.'] } }, integration);
    expect(byIntegration.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await sql<{ n: number }>(server.db.url, 'select count(*)::int as n from webhook'))[0]!.n).toBe(0);

    const r = await server.gql(CREATE, { i: { url: hookUrl, events: ['deadline.', 'indicators.ingested', 'scorecard.submitted', 'results.published'], description: 'Hệ thống điều hành (thử nghiệm)' } }, admin.token);
    expect(r.errors).toBeUndefined();
    secret = r.data!.createWebhook.secret;
    hookId = r.data!.createWebhook.webhook.id;
    expect(secret).toMatch(/^whsec_/);
    // The secret is never read back.
    expect(JSON.stringify((await server.gql('{ webhooks { id url events } }', {}, admin.token)).data)).not.toContain(secret);
  });

  it('delivers a followed change signed with HMAC-SHA256; retries with backoff after a failure; keeps a delivery log', async () => {
    const rounds = (await server.gql('{ rounds { id year } }', {}, admin.token)).data!.rounds;
    const round = rounds.find((x: { year: number }) => x.year === 2026).id;
    answers.push(500); // the receiver fails the first attempt
    const set = await server.gql('mutation($r: ID!) { setPhaseDeadline(input: { roundId: $r, phase: SELF_ASSESSMENT, closesOn: "2027-01-20" }) { id } }', { r: round }, admin.token);
    expect(set.errors).toBeUndefined();
    expect(await pump()).toEqual({ enqueued: 1, attempted: 1 });
    expect(received).toHaveLength(1);
    let log = (await server.gql(DELIVERIES, {}, admin.token)).data!.webhooks[0].deliveries;
    expect(log).toEqual([expect.objectContaining({ event: 'deadline.set', status: 'PENDING', attempts: 1, responseStatus: 500, error: 'HTTP 500' })]);
    // Not due yet: nothing is sent.
    expect(await pump()).toEqual({ enqueued: 0, attempted: 0 });
    // 10 s later (backoff 5 × 2¹): the same bytes again, now accepted.
    clock = new Date(clock.getTime() + 11_000);
    expect(await pump()).toEqual({ enqueued: 0, attempted: 1 });
    expect(received).toHaveLength(2);
    expect(received[1]!.body).toBe(received[0]!.body);
    log = (await server.gql(DELIVERIES, {}, admin.token)).data!.webhooks[0].deliveries;
    expect(log).toEqual([expect.objectContaining({ event: 'deadline.set', status: 'DELIVERED', attempts: 2, responseStatus: 200, error: null })]);

    // What a receiver checks.
    const { headers, body } = received[1]!;
    expect(headers['x-par-signature']).toBe(signWebhook(secret, String(headers['x-par-timestamp']), body));
    expect(headers['x-par-event']).toBe('deadline.set');
    const event = JSON.parse(body);
    expect(event).toMatchObject({ event: 'deadline.set', province: 'khanh-hoa', entity: { type: 'RoundPhase' }, data: { phase: 'SELF_ASSESSMENT', after: '2027-01-20' } });
    expect(event.id).toBe(`khanh-hoa:${event.seq}`);
  });

  it('sends only followed events (an ingestion, not the entries saved), once each; a paused webhook catches up when resumed', async () => {
    received.length = 0;
    const unit = await seedAccount(server, { province: 'khanh-hoa', username: 'w.sotuphap', role: Role.UNIT, unitCode: 'so-tu-phap' });
    const round = (await server.gql('{ rounds { id year } }', {}, admin.token)).data!.rounds.find((x: { year: number }) => x.year === 2026).id;
    const card = (await server.gql('query($r: ID!) { scorecard(roundId: $r) { id } }', { r: round }, unit.token)).data!.scorecard.id;
    await server.gql('mutation($i: SaveSelfAssessmentEntryInput!) { saveSelfAssessmentEntry(input: $i) { code } }', { i: { scorecardId: card, code: '1.1.1', value: 'yes', expectedVersion: 0 } }, unit.token);
    const values = [{ unitCode: 'so-tu-phap', code: 'LATE_DOSSIER_RATE', period: '2026', numerator: '3', denominator: '300', source: 'Một cửa (thử nghiệm)', observedAt: '2026-11-19T00:00:00Z' }];
    const ingest = await server.gql('mutation($v: [IndicatorValueInput!]!) { recordIndicators(values: $v) { created { id } } }', { v: values }, integration);
    expect(ingest.errors).toBeUndefined();
    await pump();
    expect(received.map((r) => JSON.parse(r.body).event)).toEqual(['indicators.ingested']);
    await pump();
    expect(received).toHaveLength(1); // nothing twice

    const pause = await server.gql('mutation($id: ID!) { setWebhookActive(id: $id, active: false) { active } }', { id: hookId }, admin.token);
    expect(pause.data!.setWebhookActive.active).toBe(false);
    await server.gql('mutation($r: ID!) { setPhaseDeadline(input: { roundId: $r, phase: SELF_ASSESSMENT, closesOn: "2027-01-25" }) { id } }', { r: round }, admin.token);
    await pump();
    expect(received).toHaveLength(1);
    await server.gql('mutation($id: ID!) { setWebhookActive(id: $id, active: true) { active } }', { id: hookId }, admin.token);
    await pump();
    expect(received.map((r) => JSON.parse(r.body).data.after ?? null)).toEqual([null, '2027-01-25']);
  });

  it('gives up after the last attempt and marks the delivery FAILED', async () => {
    received.length = 0;
    answers.push(...Array.from({ length: 8 }, () => 503));
    const round = (await server.gql('{ rounds { id year } }', {}, admin.token)).data!.rounds.find((x: { year: number }) => x.year === 2026).id;
    await server.gql('mutation($r: ID!) { setPhaseDeadline(input: { roundId: $r, phase: SELF_ASSESSMENT, closesOn: "2027-01-26" }) { id } }', { r: round }, admin.token);
    for (let i = 0; i < 8; i++) {
      await pump();
      clock = new Date(clock.getTime() + 3_600_000 + 1_000); // past any backoff
    }
    expect(received).toHaveLength(8);
    const log = (await server.gql(DELIVERIES, {}, admin.token)).data!.webhooks[0].deliveries[0];
    expect(log).toMatchObject({ status: 'FAILED', attempts: 8, responseStatus: 503 });
    await pump();
    expect(received).toHaveLength(8);
  });
});
