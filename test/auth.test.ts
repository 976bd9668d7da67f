import type { EntityManager } from '@mikro-orm/postgresql';
import { Role, UnitKind } from '@par/core';
import { buildPlatformSchema } from '@par/server';
import { seedAccount, seedProvince, sql, startTestServer, type SeededAccount, type TestServer } from '@par/testing';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isCompositeType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let server: TestServer;
let admin: SeededAccount;
let unitUser: SeededAccount;
let otherAdmin: SeededAccount;
let integration: SeededAccount;

const UNITS = [
  { code: 'so-tu-phap', name: 'Sở Tư pháp' },
  { code: 'so-y-te', name: 'Sở Y tế' },
  { code: 'phuong-nha-trang', name: 'Phường Nha Trang', kind: UnitKind.COMMUNE },
];

beforeAll(async () => {
  server = await startTestServer({ maxFailedLogins: 5, lockMinutes: 15 });
  const em = server.platform.orm.em.fork() as unknown as EntityManager;
  await seedProvince(em, 'khanh-hoa', 'Khánh Hòa', UNITS);
  await seedProvince(em, 'kon-tum', 'Kon Tum', [{ code: 'so-tu-phap', name: 'Sở Tư pháp' }]);
  admin = await seedAccount(server, { province: 'khanh-hoa', username: 'admin.kh', role: Role.ADMIN });
  unitUser = await seedAccount(server, { province: 'khanh-hoa', username: 'donvi.kh', role: Role.UNIT, unitCode: 'so-tu-phap' });
  otherAdmin = await seedAccount(server, { province: 'kon-tum', username: 'admin.kt', role: Role.ADMIN });
  integration = await seedAccount(server, { province: 'khanh-hoa', username: 'motcua.kh', role: Role.INTEGRATION });
});
afterAll(async () => {
  await server?.stop();
});

/** A value of the right type for a required argument, so the request reaches the access check. */
function sample(type: GraphQLInputType): unknown {
  const t = getNullableType(type);
  if (isListType(t)) return [sample(t.ofType)];
  if (isEnumType(t)) return t.getValues()[0]!.name;
  if (isInputObjectType(t)) {
    return Object.fromEntries(
      Object.values(t.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type)]),
    );
  }
  if (isScalarType(t)) {
    if (t.name === 'ID') return '00000000-0000-4000-8000-000000000000';
    if (t.name === 'Int' || t.name === 'Float') return 1;
    if (t.name === 'Boolean') return true;
    if (t.name === 'DateTimeISO') return '2030-01-01T00:00:00Z';
    if (t.name === 'LocalDate') return '2025-07-01';
    if (t.name === 'Decimal') return '1.5';
    return 'x';
  }
  throw new Error(`no sample for ${String(t)}`);
}

function operationFor(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const required = field.args.filter((a) => isNonNullType(a.type));
  const vars = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  const query = `${kind}${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
  const variables = Object.fromEntries(required.map((a) => [a.name, sample(a.type)]));
  return { query, variables };
}

describe('default deny for anonymous and bad credentials', () => {
  const schema = buildPlatformSchema();
  const roots = (['query', 'mutation'] as const).flatMap((kind) => {
    const type = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
    return Object.values(type.getFields()).map((f) => ({ kind, field: f }));
  });
  const publicFields = new Set(['health', 'login']);

  it('answers health and __typename without signing in', async () => {
    const r = await server.gql('{ __typename health { status version } }');
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ __typename: 'Query', health: { status: 'ok', version: expect.any(String) } });
  });

  it('every other root field, generated from the schema, refuses anonymous callers with UNAUTHENTICATED and no data', async () => {
    const guarded = roots.filter((r) => !publicFields.has(r.field.name));
    expect(guarded.length).toBeGreaterThanOrEqual(9);
    for (const { kind, field } of guarded) {
      const { query, variables } = operationFor(kind, field);
      const r = await server.gql(query, variables);
      expect(r.errors?.map((e) => e.extensions?.code), `${kind} ${field.name}`).toEqual(['UNAUTHENTICATED']);
      expect(r.data?.[field.name] ?? null, `${kind} ${field.name}`).toBeNull();
    }
  });

  it('a garbage or malformed bearer token is refused the same way', async () => {
    for (const token of ['ses_not-a-real-token', 'par_nope', 'hello']) {
      const r = await server.gql('{ me { username } }', {}, token);
      expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(r.data).toBeNull();
    }
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic Zm9vOmJhcg==' },
      body: JSON.stringify({ query: '{ me { username } }' }),
    });
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('sign-in, sessions and API tokens', () => {
  it('a signed-in account reads itself', async () => {
    const r = await server.gql('{ me { username role province { code name } unit { name } } }', {}, unitUser.token);
    expect(r.errors).toBeUndefined();
    expect(r.data!.me).toEqual({
      username: 'donvi.kh',
      role: 'UNIT',
      province: { code: 'khanh-hoa', name: 'Khánh Hòa' },
      unit: { name: 'Sở Tư pháp' },
    });
  });

  it('an expired session gets UNAUTHENTICATED with a message saying so, and no data', async () => {
    const acc = await seedAccount(server, { province: 'khanh-hoa', username: 'hethan.kh', role: Role.INSPECTOR });
    expect((await server.gql('{ me { username } }', {}, acc.token)).data!.me.username).toBe('hethan.kh');
    await sql(server.db.url, `update user_session set expires_at = now() - interval '1 second' where user_id = $1`, [acc.uuid]);
    const r = await server.gql('{ me { username } provinces { name } }', {}, acc.token);
    expect(r.data).toBeNull();
    expect(r.errors?.length).toBeGreaterThan(0);
    expect(new Set(r.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['UNAUTHENTICATED']));
    expect(r.errors?.[0]?.message).toMatch(/hết hạn/);
  });

  it('logout ends the session at once', async () => {
    const acc = await seedAccount(server, { province: 'khanh-hoa', username: 'dangxuat.kh', role: Role.COUNCIL_MEMBER });
    expect((await server.gql('mutation { logout }', {}, acc.token)).data).toEqual({ logout: true });
    const r = await server.gql('{ me { username } }', {}, acc.token);
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.data).toBeNull();
  });

  it('an API token works until revoked, then gets UNAUTHENTICATED; the secret is never stored', async () => {
    const ok = await server.gql('{ me { username role } }', {}, integration.token);
    expect(ok.data!.me).toEqual({ username: 'motcua.kh', role: 'INTEGRATION' });
    const stored = await sql<{ token_hash: string }>(server.db.url, 'select token_hash from api_token');
    expect(stored.some((r) => r.token_hash.includes(integration.token.slice(4)))).toBe(false);

    const created = await server.gql(
      'mutation($u: ID!) { createApiToken(input: { userId: $u, name: "Cổng dịch vụ công" }) { token apiToken { id prefix } } }',
      { u: integration.id },
      admin.token,
    );
    expect(created.errors).toBeUndefined();
    const { token, apiToken } = created.data!.createApiToken;
    expect(token.startsWith(apiToken.prefix)).toBe(true);
    expect((await server.gql('{ me { username } }', {}, token)).data!.me.username).toBe('motcua.kh');

    const revoked = await server.gql('mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }', { id: apiToken.id }, admin.token);
    expect(revoked.data!.revokeApiToken.revokedAt).toEqual(expect.any(String));
    const r = await server.gql('{ me { username } }', {}, token);
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(r.errors?.[0]?.message).toMatch(/thu hồi/);
  });

  it('five wrong passwords lock the account; then even the right password is refused until the lock ends', async () => {
    const acc = await seedAccount(server, { province: 'khanh-hoa', username: 'khoa.kh', role: Role.REVIEWER, password: 'dung-mat-khau-99' });
    const login = (p: string) =>
      server.gql('mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', { u: acc.username, p });
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push(String((await login('sai-mat-khau')).errors?.[0]?.extensions?.code));
    expect(codes).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED']);
    const right = await login('dung-mat-khau-99');
    expect(right.data).toBeNull();
    expect(right.errors?.[0]?.extensions?.code).toBe('ACCOUNT_LOCKED');
    expect(right.errors?.[0]?.message).toMatch(/khóa/);

    // No session was opened by any of those attempts (one from seedAccount's own sign-in).
    const n = (await sql<{ n: number }>(server.db.url, 'select count(*)::int as n from user_session where user_id = $1', [acc.uuid]))[0]!.n;
    expect(n).toBe(1);

    // The admin's reset unlocks it.
    const reset = await server.gql('mutation($id: ID!) { resetUserPassword(userId: $id) { password user { locked } } }', { id: acc.id }, admin.token);
    expect(reset.data!.resetUserPassword.user.locked).toBe(false);
    expect((await login(reset.data!.resetUserPassword.password)).data!.login.token).toMatch(/^ses_/);
  });

  it('an unknown user and a wrong password get the same answer', async () => {
    const a = await server.gql('mutation { login(input: { username: "khong-ton-tai", password: "bat-ky-mat-khau" }) { token } }');
    expect(a.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    expect(a.errors?.[0]?.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
  });
});

describe('roles and scope', () => {
  it('a unit account cannot list or create accounts (FORBIDDEN, nothing written)', async () => {
    const before = await sql<{ n: number }>(server.db.url, 'select count(*)::int as n from app_user');
    const r1 = await server.gql('{ users { totalCount } }', {}, unitUser.token);
    expect(r1.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const r2 = await server.gql(
      'mutation { createUser(input: { username: "moi.kh", displayName: "Mới", role: ADMIN }) { user { id } } }',
      {},
      unitUser.token,
    );
    expect(r2.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r2.data).toBeNull();
    expect(await sql(server.db.url, 'select count(*)::int as n from app_user')).toEqual(before);
  });

  it("an admin sees only their own province's accounts and cannot touch another province's", async () => {
    const mine = await server.gql('{ users(first: 100) { totalCount nodes { username province { code } } } }', {}, admin.token);
    expect(mine.errors).toBeUndefined();
    const codes = new Set(mine.data!.users.nodes.map((u: { province: { code: string } }) => u.province.code));
    expect([...codes]).toEqual(['khanh-hoa']);
    expect(mine.data!.users.nodes.map((u: { username: string }) => u.username)).not.toContain('admin.kt');

    const r = await server.gql('mutation($id: ID!) { resetUserPassword(userId: $id) { password } }', { id: admin.id }, otherAdmin.token);
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(r.data).toBeNull();
  });

  it('users are paged by cursor with first ≤ 100', async () => {
    const p1 = await server.gql('{ users(first: 2) { nodes { username } pageInfo { hasNextPage endCursor } totalCount } }', {}, admin.token);
    const { nodes, pageInfo, totalCount } = p1.data!.users;
    expect(nodes).toHaveLength(2);
    expect(pageInfo.hasNextPage).toBe(true);
    const p2 = await server.gql('query($a: String) { users(first: 100, after: $a) { nodes { username } } }', { a: pageInfo.endCursor }, admin.token);
    expect(nodes.length + p2.data!.users.nodes.length).toBe(totalCount);
    const tooMany = await server.gql('{ users(first: 101) { totalCount } }', {}, admin.token);
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('bad input gets a clear error and writes nothing', () => {
  const count = async () => (await sql<{ n: number }>(server.db.url, 'select count(*)::int as n from app_user'))[0]!.n;
  const create = (input: Record<string, unknown>) =>
    server.gql(
      'mutation($i: CreateUserInput!) { createUser(input: $i) { user { username } initialPassword } }',
      { i: input },
      admin.token,
    );

  it.each([
    [{ username: 'A B', displayName: 'X', role: 'INSPECTOR' }, 'BAD_USER_INPUT', /Tên đăng nhập/],
    [{ username: 'donvi.moi', displayName: 'X', role: 'UNIT' }, 'BAD_USER_INPUT', /gắn với một đơn vị/],
    [{ username: 'donvi.moi', displayName: 'X', role: 'UNIT', unitCode: 'khong-co' }, 'NOT_FOUND', /Không tìm thấy đơn vị/],
    [{ username: 'thamdinh.moi', displayName: 'X', role: 'INSPECTOR', areas: ['PROCEDURES'] }, 'BAD_USER_INPUT', /lĩnh vực/],
    [{ username: 'admin.kh', displayName: 'X', role: 'INSPECTOR' }, 'CONFLICT', /đã được sử dụng/],
    [{ username: 'trong.ten', displayName: '   ', role: 'INSPECTOR' }, 'BAD_USER_INPUT', /không được để trống/],
  ])('%j → %s', async (input, code, message) => {
    const before = await count();
    const r = await create(input);
    expect(r.data).toBeNull();
    expect(r.errors?.[0]?.extensions?.code).toBe(code);
    expect(r.errors?.[0]?.message).toMatch(message);
    expect(await count()).toBe(before);
  });

  it('a malformed id is BAD_USER_INPUT, never a database error', async () => {
    const r = await server.gql('mutation { resetUserPassword(userId: "1; drop table app_user") { password } }', {}, admin.token);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a valid request creates the account and shows its password once', async () => {
    const before = await count();
    const r = await create({ username: 'Kiem.Tra.Moi', displayName: 'Đoàn kiểm tra', role: 'INSPECTOR' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.createUser.user.username).toBe('kiem.tra.moi');
    expect(r.data!.createUser.initialPassword).toMatch(/^\S{16}$/);
    expect(await count()).toBe(before + 1);
  });
});
