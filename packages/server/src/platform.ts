import type { MikroORM } from '@mikro-orm/postgresql';
import {
  AppraisalService,
  RankingService,
  AuditService,
  AuthService,
  EvidenceFile,
  ScorecardService,
  toGlobalId,
  type Preset,
  type PresetRegistry,
  type Services,
  WebhookService,
} from '@par/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { PROJECT_ROOT, type Config } from './config.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres.js';
import { migrate, openOrm } from './db/orm.js';
import { loadDemoData, type DemoCredentials } from './demo/demo.service.js';
import { createGraphqlHandler, requestIdOf, type GraphqlHandler } from './graphql-handler.js';
import { graphiqlSecurityHeaders, securityHeaders, webSecurityHeaders } from './limits/index.js';
import type { Logger } from './logger.js';
import {
  createEvidenceDownloadHandler,
  createEvidenceUploadHandler,
  EVIDENCE_DOWNLOAD_PATH,
  EvidenceStore,
  signDownload,
} from './evidence/index.js';
import { createPresetRegistry } from './presets.js';
import { createRankingExportHandler, signRankingExport } from './ranking-export-route.js';
import { resolveSecrets } from './secrets.js';
import { buildPlatformSchema } from './schema.js';

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} is already in use: stop the other program or choose another port with PORT=<number>.`);
  }
}

export interface Platform {
  url: string;
  port: number;
  orm: MikroORM;
  embedded: EmbeddedPostgres | null;
  /** SQL statements executed since start (read by tests and the benchmark to count statements per request). */
  sqlStats: { statements: number };
  /** Turns audit events into signed webhook deliveries; pumped every WEBHOOK_POLL_MS (tests pump by hand). */
  webhooks: WebhookService;
  presets: PresetRegistry;
  services: Services;
  /** Credentials of demo accounts created by this start (printed once), or null. */
  demoCredentials: DemoCredentials | null;
  stop(): Promise<void>;
}

const GRAPHIQL_DIR = path.join(PROJECT_ROOT, 'packages', 'server', 'dist', 'graphiql');
const WEB_DIR = path.join(PROJECT_ROOT, 'packages', 'web', 'dist');

function requestId(req: Request, res: Response, next: NextFunction) {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
  (req as Request & { id?: string }).id = id;
  res.setHeader('x-request-id', id);
  next();
}

/**
 * One log line per request, when it finishes: request id, method, path (never the query string,
 * which carries signed links), status, duration. Probes log at debug. Headers are never logged.
 */
function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    // Read now: routers mounted on a path rewrite req.url while they handle the request.
    const { method, path: route } = req;
    res.on('finish', () => {
      const probe = route === '/healthz' || route === '/readyz';
      logger[probe ? 'debug' : 'info'](
        {
          requestId: requestIdOf(req),
          method,
          path: route,
          status: res.statusCode,
          ms: Math.round(Number(process.hrtime.bigint() - start) / 1e5) / 10,
          ip: req.ip,
        },
        'request',
      );
    });
    next();
  };
}

function listen(server: http.Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(e.code === 'EADDRINUSE' ? new PortInUseError(port) : e);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Starts the whole platform: the HTTP port first (so a busy port fails fast, before any database
 * work), then the embedded PostgreSQL unless DATABASE_URL is set, migrations, demo data, GraphQL.
 * `/healthz` answers as soon as the port is open; `/readyz` once the database answers.
 */
export interface PlatformOptions {
  /** Presets to run instead of the installed ones (tests). */
  presets?: Preset[];
  /** The clock deadlines are checked against (tests move it). */
  now?: () => Date;
}

export async function startPlatform(config: Config, logger: Logger, options: PlatformOptions = {}): Promise<Platform> {
  // Presets are checked before anything starts: a broken plugin fails the boot naming the culprit.
  const presets = createPresetRegistry(options.presets);
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Which reverse proxies may tell the client's address (X-Forwarded-For); used to rate-limit anonymous callers.
  app.set('trust proxy', config.trustProxy);
  app.use(requestId);
  app.use(accessLog(logger));
  app.use(securityHeaders());

  let orm: MikroORM | null = null;
  let graphql: GraphqlHandler | null = null;

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (req, res) => {
    if (!orm || !graphql) {
      res.status(503).json({ status: 'starting' });
      return;
    }
    try {
      await orm.em.getConnection().execute('select 1');
      res.json({ status: 'ready' });
    } catch (err) {
      logger.warn({ requestId: requestIdOf(req), err }, 'readiness check failed');
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  const graphiqlPage = path.join(GRAPHIQL_DIR, 'index.html');
  const graphiqlHeaders = graphiqlSecurityHeaders(graphiqlPage);
  const serveGraphiql: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' || req.query.query || req.accepts(['application/json', 'text/html']) !== 'text/html') {
      next();
      return;
    }
    if (!existsSync(graphiqlPage)) {
      res.status(404).type('text/plain').send('GraphiQL was not built: run pnpm build');
      return;
    }
    graphiqlHeaders(req, res, () => res.sendFile(graphiqlPage));
  };
  app.use('/graphiql', graphiqlHeaders, express.static(GRAPHIQL_DIR, { index: false, fallthrough: false, maxAge: '1h' }));
  app.use('/graphql', serveGraphiql, (req, res, next) => {
    if (!graphql) {
      res.status(503).json({ errors: [{ message: 'Hệ thống đang khởi động, vui lòng thử lại sau giây lát.', extensions: { code: 'SERVICE_STARTING' } }] });
      return;
    }
    const chain = graphql.handler;
    let i = 0;
    const step = (err?: unknown): void => {
      if (err) return next(err);
      const h = chain[i++];
      if (!h) return next();
      void h(req, res, step);
    };
    step();
  });
  // Evidence files: a plain HTTP upload (streamed, not GraphQL multipart) and signed downloads.
  let evidenceUpload: RequestHandler | null = null;
  let evidenceDownload: RequestHandler | null = null;
  const starting: RequestHandler = (_req, res) => {
    res.status(503).json({ errors: [{ message: 'Hệ thống đang khởi động, vui lòng thử lại sau giây lát.', extensions: { code: 'SERVICE_STARTING' } }] });
  };
  app.post('/evidence/upload', (req, res, next) => (evidenceUpload ?? starting)(req, res, next));
  app.get(`${EVIDENCE_DOWNLOAD_PATH}/:sha256`, (req, res, next) => (evidenceDownload ?? starting)(req, res, next));
  let rankingExportRoute: RequestHandler | null = null;
  app.get('/exports/ranking', (req, res, next) => (rankingExportRoute ?? starting)(req, res, next));
  // The web workspace (packages/web, built by `pnpm build`): static files, and its page for any
  // other GET that asks for HTML (its own screens).
  const webPage = path.join(WEB_DIR, 'index.html');
  const webHeaders = webSecurityHeaders();
  app.use('/assets', express.static(path.join(WEB_DIR, 'assets'), { index: false, maxAge: '1y', immutable: true }));
  app.get(/^\/(?!graphql|graphiql|evidence|exports|healthz|readyz).*/, (req, res, next) => {
    if (req.accepts(['application/json', 'text/html']) !== 'text/html' || !existsSync(webPage)) return next();
    res.setHeader('cache-control', 'no-cache');
    webHeaders(req, res, () => res.sendFile(webPage));
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'Không tìm thấy địa chỉ này.' });
  });
  // Body-parser errors (too large, malformed JSON) become clear client errors, never stack traces.
  app.use((err: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    if (err.type === 'entity.too.large') {
      res.status(413).json({ errors: [{ message: 'Yêu cầu quá lớn (tối đa 1 MB).', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      return;
    }
    if (err.status && err.status >= 400 && err.status < 500) {
      res.status(err.status).json({ errors: [{ message: 'Yêu cầu không hợp lệ (JSON sai cú pháp).', extensions: { code: 'BAD_REQUEST' } }] });
      return;
    }
    logger.error({ requestId: requestIdOf(req), err }, 'unhandled HTTP error');
    res.status(500).json({ errors: [{ message: 'Đã xảy ra lỗi hệ thống.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  const server = http.createServer(app);
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, config.port, config.host);

  let embedded: EmbeddedPostgres | null = null;
  const sqlStats = { statements: 0 };
  let webhookTimer: NodeJS.Timeout | null = null;
  let pumping: Promise<unknown> | null = null;
  const stop = async () => {
    if (webhookTimer) clearInterval(webhookTimer);
    await pumping?.catch(() => undefined);
    logger.debug('closing HTTP server');
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    logger.debug('stopping GraphQL');
    await graphql?.stop().catch((err) => logger.warn({ err }, 'stopping Apollo failed'));
    logger.debug('closing database pool');
    await orm?.close(true).catch((err) => logger.warn({ err }, 'closing the database pool failed'));
    logger.debug('stopping embedded PostgreSQL');
    await embedded?.stop();
  };

  try {
    let url = config.databaseUrl;
    if (!url) {
      const pgLog = logger.child({ component: 'postgres' });
      embedded = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        log: (line, source) => (source === 'launcher' ? logger.info(line) : pgLog.debug(line)),
      });
      logger.info({ dataDir: config.dataDir, port: embedded.port }, 'embedded PostgreSQL started');
      url = embedded.url;
    }
    orm = await openOrm(
      url,
      {
        onQuery: (sql: string) => {
          sqlStats.statements++;
          return sql;
        },
      },
      { statementTimeoutMs: config.dbStatementTimeoutMs },
    );
    const applied = await migrate(orm);
    if (applied.length) logger.info({ migrations: applied }, 'migrations applied');


    const secrets = await resolveSecrets(config);
    if (secrets.generated) logger.info({ file: `${config.dataDir}/secrets.json` }, 'generated the audit and download-link keys (set AUDIT_KEY and URL_SIGNING_KEY in production)');
    const now = options.now ?? (() => new Date());
    const audit = new AuditService(secrets.auditKey);
    const auth = new AuthService({
      sessionTtlMs: config.sessionTtlHours * 3600_000,
      maxFailedLogins: config.maxFailedLogins,
      lockMs: config.lockMinutes * 60_000,
    });
    const scorecards = new ScorecardService({ audit, presets, now });
    const services: Services = {
      auth,
      presets,
      audit,
      scorecards,
      appraisal: new AppraisalService({ audit, presets, now }, scorecards),
      ranking: new RankingService(),
      now,
      downloads: {
        sign: (sha256, fileName, userId) => signDownload(secrets.urlSigningKey, sha256, userId, new Date(now().getTime() + 5 * 60_000), fileName),
        signRankingExport: (p) => signRankingExport(secrets.urlSigningKey, p, now()),
      },
      webhookOptions: { allowPrivate: config.webhookAllowPrivate },
    };
    const webhooks = new WebhookService({ allowPrivate: config.webhookAllowPrivate, timeoutMs: config.webhookTimeoutMs, now });
    const store = new EvidenceStore(config.evidenceDir);
    const database = orm;
    evidenceUpload = createEvidenceUploadHandler({
      store,
      maxBytes: config.evidenceMaxBytes,
      authenticate: async (req) => {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
        if (!m) return null;
        const r = await auth.authenticate(database.em.fork() as unknown as EntityManager, m[1]!);
        // Only a unit uploads its own evidence; others get 401 like an anonymous caller.
        return r.viewer && r.viewer.role === 'UNIT' ? { userId: r.viewer.userId, provinceId: r.viewer.provinceId } : null;
      },
      onStored: async (file, who) =>
        database.em.fork().transactional(async (tx) => {
          const row = tx.create(EvidenceFile, { province: who.provinceId, sha256: file.sha256, size: file.size, mediaType: file.mediaType, fileName: file.fileName, uploadedBy: who.userId });
          await tx.flush();
          await audit.append(tx as unknown as EntityManager, {
            provinceId: who.provinceId,
            actorId: who.userId,
            action: 'evidence.file.uploaded',
            entityType: 'EvidenceFile',
            entityId: row.id,
            payload: { sha256: file.sha256, size: file.size, mediaType: file.mediaType, fileName: file.fileName },
          }, now());
          return { id: toGlobalId('EvidenceFile', row.id) };
        }),
    });
    evidenceDownload = createEvidenceDownloadHandler({
      store,
      secret: secrets.urlSigningKey,
      now,
      mediaTypeOf: async (sha256) => (await database.em.fork().findOne(EvidenceFile, { sha256 }))?.mediaType ?? null,
    });
    rankingExportRoute = createRankingExportHandler({ orm, presets, ranking: services.ranking, secret: secrets.urlSigningKey, now });
    let demoCredentials: DemoCredentials | null = null;
    if (config.demo) demoCredentials = await loadDemoData(orm.em.fork(), logger, services);
    graphql = await createGraphqlHandler(orm, buildPlatformSchema(), config, logger, services);
    if (config.webhookPollMs > 0) {
      const pumpOrm = orm;
      webhookTimer = setInterval(() => {
        if (pumping) return; // one pump at a time per process
        pumping = webhooks
          .pump(pumpOrm.em.fork() as unknown as EntityManager)
          .then((r) => (r.enqueued || r.attempted ? logger.debug(r, 'webhooks pumped') : undefined))
          .catch((err) => logger.error({ err }, 'webhook pump failed'))
          .finally(() => (pumping = null));
      }, config.webhookPollMs);
      webhookTimer.unref();
    }
    const shown = config.host && config.host !== '0.0.0.0' && config.host !== '::' ? config.host : 'localhost';
    return {
      url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`,
      port,
      orm,
      embedded,
      sqlStats,
      webhooks,
      presets,
      services,
      demoCredentials,
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
