import { createHash, randomBytes } from 'node:crypto';

/** Session tokens and API tokens are told apart by prefix; both are 256-bit random secrets. */
export const SESSION_PREFIX = 'ses_';
export const API_TOKEN_PREFIX = 'par_';

export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
