import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyPassword } from './password.js';
import { API_TOKEN_PREFIX, hashToken, newSecret, SESSION_PREFIX } from './token.js';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const h = await hashPassword('mật-khẩu-đúng-123');
    expect(h).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(h, 'mật-khẩu-đúng-123')).toBe(true);
    expect(await verifyPassword(h, 'mật-khẩu-sai-123')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('generates readable random passwords without look-alike characters', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[A-HJ-NP-Za-km-z2-9]{16}$/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});

describe('tokens', () => {
  it('are prefixed by kind, 256-bit random, and stored only as a SHA-256 hex digest', () => {
    const s = newSecret(SESSION_PREFIX);
    const t = newSecret(API_TOKEN_PREFIX);
    expect(s.startsWith('ses_')).toBe(true);
    expect(t.startsWith('par_')).toBe(true);
    expect(Buffer.from(s.slice(4), 'base64url')).toHaveLength(32);
    expect(hashToken(s)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(s)).not.toBe(hashToken(t));
  });
});
