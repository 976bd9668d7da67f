import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { ApiToken, ErrorCode, type RequestContext } from '@par/core';
import { GraphQLError, type GraphQLSchema, type ParseOptions, type ValidationRule } from 'graphql';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { CostCache, costEstimator, operationCost } from './cost.js';
import { RateLimiter } from './rate-limiter.js';
import { aliasLimitRule, depthLimitRule } from './rules.js';
import { loadTrustedDocuments, trustedDocumentsMiddleware } from './trusted-documents.js';

export { costEstimator, fixedCosts, operationCost, MUTATION_COST, type CostOptions } from './cost.js';
export { RateLimiter } from './rate-limiter.js';
export { aliasLimitRule, depthLimitRule } from './rules.js';
export { checkTrusted, loadTrustedDocuments, sha256Hex, trustedDocumentsMiddleware, type TrustedDocuments } from './trusted-documents.js';
export { graphiqlSecurityHeaders, inlineHashes, securityHeaders, webSecurityHeaders } from './security-headers.js';

/** The caller's address (for anonymous rate limiting), attached to a request's context by the HTTP layer. */
const clientAddress = new WeakMap<object, string>();
export const rememberClientAddress = (context: RequestContext, ip: string | undefined) =>
  clientAddress.set(context, ip ?? 'unknown');

/** Everything the GraphQL server needs to enforce the limits of `config.limits`. */
export interface GraphqlLimits {
  parseOptions: ParseOptions;
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin<RequestContext>[];
  /** Express handlers to run before Apollo (trusted documents). */
  httpHandlers: RequestHandler[];
  /** Trusted-documents mode turns Apollo's automatic persisted queries off (nothing is registered at run time). */
  trustedDocuments: boolean;
  rateLimiter: RateLimiter;
}

const tooCostly = (cost: number | null, maxCost: number) =>
  new GraphQLError(
    cost === null
      ? `Truy vấn quá phức tạp: quá nhiều trường sau khi mở rộng các fragment (chi phí tối đa ${maxCost}).`
      : `Truy vấn quá tốn kém: chi phí ước tính ${cost}, tối đa ${maxCost}. Hãy giảm "first", bớt danh sách lồng nhau hoặc tách thành nhiều truy vấn.`,
    { extensions: { code: ErrorCode.QUERY_TOO_COSTLY, cost, maxCost, http: { status: 400 } } },
  );

const rateLimited = (retryAfterSeconds: number, limitPerMinute: number, cost: number) =>
  new GraphQLError(
    `Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ${retryAfterSeconds} giây.`,
    {
      extensions: {
        code: ErrorCode.RATE_LIMITED,
        retryAfterSeconds,
        limitPerMinute,
        cost,
        http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
      },
    },
  );

export function createGraphqlLimits(schema: GraphQLSchema, config: Config, logger: Logger): GraphqlLimits {
  const l = config.limits;
  const estimator = costEstimator(schema, { listCost: l.listCost, rankingCost: l.rankingCost });
  const costs = new CostCache();
  const limiter = new RateLimiter();

  /** Which bucket a request draws from, and its budget per minute; null = not rate limited. */
  async function bucketOf(ctx: RequestContext): Promise<{ key: string; perMinute: number } | null> {
    const v = ctx.viewer;
    if (v?.via === 'token' && v.tokenId) {
      // Already in the request's identity map (loaded by authenticate): no extra statement.
      const token = await ctx.em.findOne(ApiToken, { id: v.tokenId });
      if (token?.rateLimitExempt) return null;
      const perMinute = token?.rateLimitPerMinute ?? l.rateLimitPerMinute;
      return perMinute > 0 ? { key: `token:${v.tokenId}`, perMinute } : null;
    }
    if (v?.sessionId) return l.rateLimitPerMinute > 0 ? { key: `session:${v.sessionId}`, perMinute: l.rateLimitPerMinute } : null;
    return { key: `ip:${clientAddress.get(ctx) ?? 'unknown'}`, perMinute: l.anonymousRateLimitPerMinute };
  }

  const limitsPlugin: ApolloServerPlugin<RequestContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, request, operation, schema: runningSchema }) {
          if (!operation) return;
          const r = costs.of(document, request.operationName, request.variables, contextValue.viewer?.role ?? null, () =>
            operationCost(runningSchema, document, request.operationName, request.variables, estimator, contextValue.viewer),
          );
          if (r.cost === null && r.reason === 'too-many-fields') throw tooCostly(null, l.maxCost);
          // Variables that do not coerce: execution refuses them before any resolver runs.
          const cost = r.cost ?? 0;
          if (cost > l.maxCost) throw tooCostly(cost, l.maxCost);

          const bucket = await bucketOf(contextValue);
          if (!bucket) return;
          const taken = limiter.take(bucket.key, Math.max(1, cost), bucket.perMinute);
          if (!taken.ok) {
            logger.warn(
              { requestId: contextValue.requestId, bucket: bucket.key, cost, limitPerMinute: bucket.perMinute, retryAfterSeconds: taken.retryAfterSeconds },
              'rate limited',
            );
            throw rateLimited(taken.retryAfterSeconds, bucket.perMinute, cost);
          }
        },
      };
    },
  };

  const httpHandlers: RequestHandler[] = [];
  if (l.trustedDocuments) {
    const docs = loadTrustedDocuments(l.trustedDocuments);
    logger.info({ file: l.trustedDocuments, operations: docs.size }, 'trusted documents: only operations of the manifest run');
    httpHandlers.push(trustedDocumentsMiddleware(docs));
  }
  return {
    parseOptions: { maxTokens: l.maxTokens },
    validationRules: [depthLimitRule(l.maxDepth, config.introspection), aliasLimitRule(l.maxAliases)],
    plugins: [limitsPlugin],
    httpHandlers,
    trustedDocuments: Boolean(l.trustedDocuments),
    rateLimiter: limiter,
  };
}

/** Codes of the limits whose errors Apollo reports as GRAPHQL_VALIDATION_FAILED; the server restores them. */
export const VALIDATION_LIMIT_CODES: ReadonlySet<string> = new Set([ErrorCode.QUERY_TOO_DEEP, ErrorCode.TOO_MANY_ALIASES]);

const TOO_MANY_TOKENS = /Document contains more (?:than|that) (\d+) tokens/;

/** A parse error for a document over GRAPHQL_MAX_TOKENS, in words a person understands (code unchanged). */
export function tooManyTokensMessage(message: string): { message: string; maxTokens: number } | null {
  const m = TOO_MANY_TOKENS.exec(message);
  if (!m) return null;
  const maxTokens = Number(m[1]);
  return {
    message: `Truy vấn quá dài: vượt quá ${maxTokens} ký hiệu (token) GraphQL. Hãy rút gọn hoặc tách thành nhiều truy vấn.`,
    maxTokens,
  };
}
