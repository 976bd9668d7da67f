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
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { Config } from './config.js';
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

function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
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
  const apollo = new ApolloServer<RequestContext>({
    schema,
    introspection: config.introspection,
    csrfPrevention: true,
    // We stop Apollo ourselves, in order (HTTP, GraphQL, pool, PostgreSQL); its own signal hooks would race us.
    stopOnTerminationSignals: false,
    hideSchemaDetailsFromClientErrors: true,
    includeStacktraceInErrorResponses: false,
    formatError,
    plugins: [
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
      return {
        em,
        loaders: createLoaders(em),
        services,
        scope: new Scope(em, viewer),
        viewer,
        authFailure,
        requestId: requestIdOf(req),
      };
    },
  });
  return {
    handler: [express.json({ limit: '1mb' }), middleware],
    stop: () => apollo.stop(),
  };
}

/** Set by the request-id middleware of the HTTP app. */
export const requestIdOf = (req: Request) => (req as Request & { id?: string }).id ?? '';
