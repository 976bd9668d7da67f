import { GraphQLError } from 'graphql';

/**
 * Stable error codes a client may branch on. They never change meaning; new ones may be added.
 * Messages are Vietnamese and meant for people; codes are English and meant for programs.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  ACCOUNT_LOCKED: 'ACCOUNT_LOCKED',
  ACCOUNT_DISABLED: 'ACCOUNT_DISABLED',
  /** A write after its phase's deadline. */
  PHASE_CLOSED: 'PHASE_CLOSED',
  /** A write that stated a version older than the stored one. */
  STALE_VERSION: 'STALE_VERSION',
  /** A write the record's current state does not allow (e.g. editing a submitted scorecard). */
  INVALID_STATE: 'INVALID_STATE',
  /** A council decision without more than half of the appointed members approving. */
  NO_MAJORITY: 'NO_MAJORITY',
  /** An operation nested deeper than the server allows (GRAPHQL_MAX_DEPTH). */
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  /** An operation whose computed cost is over the server's maximum (GRAPHQL_MAX_COST); `cost`, `maxCost`. */
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  /** An operation with more aliases than the server allows (GRAPHQL_MAX_ALIASES). */
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  /** The caller's cost budget per minute is spent (HTTP 429 with Retry-After; `retryAfterSeconds`). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Trusted-documents mode: the operation is not in the server's manifest. */
  OPERATION_NOT_TRUSTED: 'OPERATION_NOT_TRUSTED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes that are safe to show to a client as they are; anything else is masked by the server. */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** An error the caller caused and can fix. Carries a stable `extensions.code`. */
export class UserError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message, { extensions: { code, ...details } });
    this.name = 'UserError';
  }
}

export const unauthenticated = (message = 'Bạn cần đăng nhập để thực hiện thao tác này.') =>
  new UserError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'Bạn không có quyền thực hiện thao tác này.') =>
  new UserError(ErrorCode.FORBIDDEN, message);
export const badInput = (message: string, details?: Record<string, unknown>) =>
  new UserError(ErrorCode.BAD_USER_INPUT, message, details);
export const notFound = (message: string) => new UserError(ErrorCode.NOT_FOUND, message);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new UserError(ErrorCode.CONFLICT, message, details);
