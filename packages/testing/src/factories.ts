import type { EntityManager } from '@mikro-orm/postgresql';
import { AuthService, Province, Role, toGlobalId, Unit, UnitKind, type Area } from '@par/core';
import type { TestServer } from './server.js';

export interface SeededAccount {
  /** Global id, as the API shows it. */
  id: string;
  /** Database id. */
  uuid: string;
  username: string;
  password: string;
  token: string;
}

/** Creates a province with units; returns it. */
export async function seedProvince(
  em: EntityManager,
  code: string,
  name: string,
  units: { code: string; name: string; kind?: UnitKind; validFrom?: string; validTo?: string }[] = [],
) {
  const province = em.create(Province, { code, name });
  for (const u of units)
    em.create(Unit, {
      province,
      code: u.code,
      name: u.name,
      kind: u.kind ?? UnitKind.DEPARTMENT,
      validFrom: u.validFrom ?? '2000-01-01',
      validTo: u.validTo ?? null,
    });
  await em.flush();
  return province;
}

/** Creates an account directly in the database and signs it in over HTTP. */
export async function seedAccount(
  server: TestServer,
  spec: { province: string; username: string; role: Role; unitCode?: string; areas?: Area[]; password?: string },
): Promise<SeededAccount> {
  const em = server.platform.orm.em.fork() as unknown as EntityManager;
  const password = spec.password ?? 'mat-khau-thu-nghiem-1';
  const { user } = await new AuthService().createUser(em, {
    provinceCode: spec.province,
    username: spec.username,
    displayName: `Tài khoản ${spec.username}`,
    role: spec.role,
    unitCode: spec.unitCode ?? null,
    areas: spec.areas ?? [],
    password: spec.role === Role.INTEGRATION ? null : password,
  });
  let token = '';
  if (spec.role !== Role.INTEGRATION) {
    const r = await server.gql<{ login: { token: string } }>(
      'mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }',
      { u: spec.username, p: password },
    );
    if (!r.data?.login) throw new Error(`login of ${spec.username} failed: ${JSON.stringify(r.errors)}`);
    token = r.data.login.token;
  } else {
    token = (await new AuthService().createApiToken(em, user, 'test')).token;
  }
  return { id: toGlobalId('User', user.id), uuid: user.id, username: user.username, password, token };
}
