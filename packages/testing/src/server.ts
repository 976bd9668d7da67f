import { createLogger, loadConfig, startPlatform, type Config, type Platform, type PlatformOptions } from '@par/server';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface GraphqlResult<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

export interface TestServer {
  url: string;
  db: TestDatabase;
  platform: Platform;
  /** POSTs a GraphQL operation over real HTTP, optionally with a bearer token. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphqlResult<T>>;
  stop(): Promise<void>;
}

/**
 * The real platform on a fresh database, listening on a random loopback port. Tests talk to it
 * over HTTP exactly as clients do.
 */
export async function startTestServer(overrides: Partial<Config> = {}, options: PlatformOptions = {}): Promise<TestServer> {
  const db = await createTestDatabase();
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    databaseUrl: db.url,
    demo: false,
    // Test keys, so nothing is written to the project's DATA_DIR.
    auditKey: 'test-audit-key-0123456789abcdef-0123456789',
    urlSigningKey: 'test-url-signing-key-0123456789abcdef-0123',
    evidenceDir: `${process.env.TMPDIR ?? '/tmp'}/par-test-evidence-${db.name}`,
    // Tests pump webhooks by hand.
    webhookPollMs: 0,
    ...overrides,
  };
  const platform = await startPlatform(config, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), options);
  const url = `http://127.0.0.1:${platform.port}`;
  return {
    url,
    db,
    platform,
    async gql(query, variables, token) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GraphqlResult;
      return { ...body, status: res.status } as never;
    },
    async stop() {
      await platform.stop();
      await db.drop();
    },
  };
}
