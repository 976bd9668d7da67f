import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config.js';

/**
 * The keys that must live outside the database: the audit-chain signing key and the download-link
 * key. From the environment (AUDIT_KEY, URL_SIGNING_KEY) when set — what production should do —
 * otherwise generated once into DATA_DIR/secrets.json (0600) and reused.
 */
export async function resolveSecrets(config: Config): Promise<{ auditKey: string; urlSigningKey: string; generated: boolean }> {
  if (config.auditKey && config.urlSigningKey) return { auditKey: config.auditKey, urlSigningKey: config.urlSigningKey, generated: false };
  const file = path.join(config.dataDir, 'secrets.json');
  let stored: { auditKey?: string; urlSigningKey?: string } = {};
  if (existsSync(file)) stored = JSON.parse(await readFile(file, 'utf8')) as typeof stored;
  let generated = false;
  if (!stored.auditKey || !stored.urlSigningKey) {
    stored = { auditKey: stored.auditKey ?? randomBytes(32).toString('hex'), urlSigningKey: stored.urlSigningKey ?? randomBytes(32).toString('hex') };
    await mkdir(config.dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    generated = true;
  }
  return { auditKey: config.auditKey ?? stored.auditKey!, urlSigningKey: config.urlSigningKey ?? stored.urlSigningKey!, generated };
}
