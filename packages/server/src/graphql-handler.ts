import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { unwrapResolverError } from '@apollo/server/errors';
import type { MikroORM } from '@mikro-orm/postgresql';
import {
  CLIENT_ERROR_CODES,
  createLoaders,
  ErrorCode,
  type Services,
  Scope,
  type AuthFailure,
  type RequestContext,
  type Viewer,
} from '@par/core';
import express, { type Request, type RequestHandler } from 'express';
import { BREAK, GraphQLError, visit, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { Config } from './config.js';
import { createGraphqlLimits, rememberClientAddress, tooManyTokensMessage, VALIDATION_LIMIT_CODES } from './limits/index.js';
import type { Logger } from './logger.js';

export const INTERNAL_ERROR_MESSAGE =
  'Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau hoặc liên hệ quản trị viên kèm mã yêu cầu.';

/** True for errors a client caused and may see as they are. */
function isClientError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof ArgumentValidationError) return true;
  if (!(original instanceof GraphQLError)) return false;
  return CLIENT_ERROR_CODES.has(String(original.extensions?.code ?? ''));
}

const CSRF_BLOCKED = /^This operation has been blocked as a potential Cross-Site Request Forgery/;

/** Limit errors reported through validation or parsing keep Apollo's code there; give them their own, and Vietnamese words. */
function limitError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | null {
  if (!(error instanceof GraphQLError)) return null;
  const code = formatted.extensions?.code;
  const cause = error.originalError;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && cause instanceof GraphQLError && VALIDATION_LIMIT_CODES.has(String(cause.extensions?.code))) {
    const { http: _http, ...extensions } = cause.extensions as Record<string, unknown>;
    return { message: cause.message, locations: formatted.locations, extensions };
  }
  // graphql-js stops validating a document that would take too long (e.g. thousands of identical fields).
  if (code === 'GRAPHQL_VALIDATION_FAILED' && /^(Validation aborted\.|Too many validation errors)/.test(formatted.message))
    return {
      message: 'Truy vấn quá phức tạp để kiểm tra (quá nhiều trường lặp lại, fragment hoặc lỗi). Hãy rút gọn truy vấn.',
      extensions: { code, reason: 'VALIDATION_ABORTED' },
    };
  if (code === 'GRAPHQL_PARSE_FAILED') {
    const tokens = tooManyTokensMessage(formatted.message);
    if (tokens)
      return { message: tokens.message, extensions: { code, reason: 'TOO_MANY_TOKENS', maxTokens: tokens.maxTokens } };
  }
  if (code === 'BAD_REQUEST' && CSRF_BLOCKED.test(formatted.message))
    return {
      message:
        'Yêu cầu bị chặn để phòng giả mạo yêu cầu chéo trang (CSRF): hãy gửi POST với "Content-Type: application/json", hoặc thêm header "Apollo-Require-Preflight: true".',
      extensions: { code, reason: 'CSRF_PREVENTION' },
    };
  return null;
}

function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const limit = limitError(formatted, error);
  if (limit) return limit;
  const original = unwrapResolverError(error);
  if (original instanceof ArgumentValidationError) {
    const fields = original.extensions.validationErrors?.map((v) => v.property) ?? [];
    return {
      message: `Dữ liệu đầu vào không hợp lệ${fields.length ? `: ${fields.join(', ')}` : ''}.`,
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: ErrorCode.BAD_USER_INPUT, fields },
    };
  }
  if (isClientError(error)) {
    const { stacktrace: _drop, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions };
  }
  return {
    message: INTERNAL_ERROR_MESSAGE,
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** Logs masked (internal) errors with the request id so operators can find them. */
function errorLogging(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          for (const e of errors) {
            if (isClientError(e)) continue;
            const original = unwrapResolverError(e);
            logger.error(
              { requestId: contextValue?.requestId, operationName, path: e.path, err: original },
              'internal error while executing GraphQL request',
            );
          }
        },
      };
    },
  };
}

/**
 * PostgreSQL cannot store U+0000 in text, and its jsonb (audit payloads) refuses unpaired UTF-16
 * surrogates: such strings are refused before anything runs, as the caller's error, instead of
 * failing in the database as an internal error.
 */
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The path of the first unstorable string in a request's variables (iterative: variables may nest deeply). */
function unstorableTextIn(variables: Record<string, unknown>): string | null {
  const stack: [unknown, string][] = Object.entries(variables).map(([k, v]) => [v, k]);
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE_TEXT.test(value)) return path;
    } else if (Array.isArray(value)) value.forEach((v, i) => stack.push([v, `${path}[${i}]`]));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        if (UNSTORABLE_TEXT.test(k)) return `${path}.${k.replace(UNSTORABLE_TEXT, '?')}`;
        stack.push([v, `${path}.${k}`]);
      }
  }
  return null;
}

/** Parsed documents (shared across requests by Apollo's document store) already found free of unstorable strings. */
const cleanDocuments = new WeakSet<DocumentNode>();

const refuseUnstorableText: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        let field = unstorableTextIn(request.variables ?? {});
        if (!field && !cleanDocuments.has(document)) {
          visit(document, {
            StringValue(node) {
              if (!UNSTORABLE_TEXT.test(node.value)) return undefined;
              field = 'query';
              return BREAK;
            },
          });
          if (!field) cleanDocuments.add(document);
        }
        if (field)
          throw new GraphQLError(
            `Dữ liệu "${field}" chứa ký tự không hợp lệ (ký tự NUL U+0000 hoặc ký tự Unicode không hoàn chỉnh).`,
            { extensions: { code: ErrorCode.BAD_USER_INPUT, field, http: { status: 400 } } },
          );
      },
    };
  },
};

function bearerToken(req: Request): { token: string | null; malformed: boolean } {
  const header = req.headers.authorization;
  if (!header) return { token: null, malformed: false };
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? { token: m[1]!, malformed: false } : { token: null, malformed: true };
}

export interface GraphqlHandler {
  handler: RequestHandler[];
  stop(): Promise<void>;
}

/** Apollo Server with production defaults, mounted as express handlers for /graphql. */
export async function createGraphqlHandler(
  orm: MikroORM,
  schema: GraphQLSchema,
  config: Config,
  logger: Logger,
  services: Services,
): Promise<GraphqlHandler> {
  const { auth } = services;
  const limits = createGraphqlLimits(schema, config, logger);
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: config.introspection,
    csrfPrevention: true,
    // One operation per HTTP request: a batch would multiply every per-operation limit.
    allowBatchedHttpRequests: false,
    // Depth and alias limits (validation), the token limit (parser); cost and rate in a plugin.
    parseOptions: limits.parseOptions,
    validationRules: limits.validationRules,
    ...(limits.trustedDocuments ? { persistedQueries: false as const } : {}),
    // We stop Apollo ourselves, in order (HTTP, GraphQL, pool, PostgreSQL); its own signal hooks would race us.
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: true,
    includeStacktraceInErrorResponses: false,
    formatError,
    plugins: [
      refuseUnstorableText,
      ...limits.plugins,
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      errorLogging(logger),
    ],
  });
  await apollo.start();

  const middleware = expressMiddleware(apollo, {
    context: async ({ req }): Promise<RequestContext> => {
      const em = orm.em.fork() as unknown as RequestContext['em'];
      let viewer: Viewer | null = null;
      let authFailure: AuthFailure | null = null;
      const { token, malformed } = bearerToken(req);
      if (malformed) authFailure = 'invalid';
      else if (token) {
        const r = await auth.authenticate(em, token);
        viewer = r.viewer;
        authFailure = r.failure;
      }
      const context: RequestContext = {
        em,
        loaders: createLoaders(em),
        services,
        scope: new Scope(em, viewer),
        viewer,
        authFailure,
        requestId: requestIdOf(req),
      };
      rememberClientAddress(context, req.ip);
      return context;
    },
  });
  return {
    handler: [express.json({ limit: '1mb' }), refuseBatches, ...limits.httpHandlers, middleware],
    stop: () => apollo.stop(),
  };
}

/** A JSON array body is a batch of operations: refused with a clear message (Apollo's own says only "Operation batching disabled."). */
const refuseBatches: RequestHandler = (req, res, next) => {
  if (!Array.isArray(req.body)) {
    next();
    return;
  }
  res.status(400).json({
    errors: [
      {
        message: 'Mỗi yêu cầu HTTP chỉ được chứa một thao tác GraphQL (không hỗ trợ gửi theo lô — batching). Hãy gửi từng thao tác trong một yêu cầu riêng.',
        extensions: { code: 'BAD_REQUEST', reason: 'BATCHING_DISABLED' },
      },
    ],
  });
};

/** Set by the request-id middleware of the HTTP app. */
export const requestIdOf = (req: Request) => (req as Request & { id?: string }).id ?? '';
