import type { EntityManager } from '@mikro-orm/postgresql';
import { AppMeta, AuthService, Province, Role, Unit, User } from '@par/core';
import type { Logger } from '../logger.js';
import { DEMO_ACCOUNTS, DEMO_PROVINCES } from './demo-data.js';

export interface DemoCredentials {
  accounts: { username: string; role: Role; province: string; password: string | null }[];
  apiToken: { username: string; token: string } | null;
}

const MARKER = 'demo_loaded_at';

/**
 * Loads the demo provinces, units and accounts once per database. Passwords are random and
 * returned so the first start can print them once; `pnpm par user:reset-password` recovers one.
 * Returns null when the demo was loaded before.
 */
export async function loadDemoData(em: EntityManager, logger: Logger): Promise<DemoCredentials | null> {
  if (await em.findOne(AppMeta, { key: MARKER })) return null;
  const auth = new AuthService();
  const result = await em.transactional(async (tx) => {
    for (const p of DEMO_PROVINCES) {
      const province =
        (await tx.findOne(Province, { code: p.code })) ?? tx.create(Province, { code: p.code, name: p.name });
      const existing = new Set((await tx.find(Unit, { province })).map((u) => u.code));
      for (const u of p.units)
        if (!existing.has(u.code)) tx.create(Unit, { province, code: u.code, name: u.name, kind: u.kind });
    }
    await tx.flush();

    const accounts: DemoCredentials['accounts'] = [];
    let apiToken: DemoCredentials['apiToken'] = null;
    for (const a of DEMO_ACCOUNTS) {
      if (await tx.count(User, { username: a.username })) continue;
      const { user, password } = await auth.createUser(tx, {
        provinceCode: a.province,
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        unitCode: a.unitCode ?? null,
        areas: a.areas ?? [],
      });
      accounts.push({ username: a.username, role: a.role, province: a.province, password });
      if (a.role === Role.INTEGRATION) {
        const { token } = await auth.createApiToken(tx, user, 'Mã API minh họa (demo)');
        apiToken = { username: a.username, token };
      }
    }
    tx.create(AppMeta, { key: MARKER, value: new Date().toISOString() });
    await tx.flush();
    return { accounts, apiToken };
  });
  logger.info({ provinces: DEMO_PROVINCES.map((p) => p.code), accounts: result.accounts.length }, 'demo data loaded');
  return result;
}

/** The one-time banner printed by the first start. */
export function formatDemoCredentials(c: DemoCredentials): string {
  const lines = [
    '',
    '──────────────────────────────────────────────────────────────────────',
    ' Demo accounts (shown only once; reset with: pnpm par user:reset-password <username>)',
    '──────────────────────────────────────────────────────────────────────',
    ...c.accounts
      .filter((a) => a.password)
      .map((a) => `  ${a.username.padEnd(20)} ${a.password}  ${a.role.padEnd(15)} ${a.province}`),
  ];
  if (c.apiToken) lines.push(`  API token of ${c.apiToken.username}: ${c.apiToken.token}`);
  lines.push('──────────────────────────────────────────────────────────────────────', '');
  return lines.join('\n');
}
