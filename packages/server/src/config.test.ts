import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, PROJECT_ROOT } from './config.js';

describe('configuration', () => {
  it('defaults: port 4000, .data in the project, demo data only on the embedded database', () => {
    const c = loadConfig({});
    expect(c.port).toBe(4000);
    expect(c.dataDir).toBe(path.join(PROJECT_ROOT, '.data'));
    expect(c.demo).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', PAR_DEMO: '1' }).demo).toBe(true);
  });

  it('introspection is off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', PAR_INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(loadConfig({}).introspection).toBe(true);
  });

  it('rejects nonsense with a message naming the setting', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ PAR_DEMO: 'maybe' })).toThrow(/PAR_DEMO/);
  });
});
