import {
  defaultFieldResolver,
  isObjectType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import { Extensions } from 'type-graphql';
import { forbidden, unauthenticated } from '../common/errors.js';
import { Role } from './role.js';
import type { AuthFailure, Viewer } from './viewer.js';

/**
 * Who may use a field. Every root field (query, mutation, subscription) must carry one, and every
 * field of an object type must carry one or inherit its type's rule; `assertAccessCoverage` fails
 * otherwise, and a root field without a rule is refused at run time (default deny).
 *
 * Scope: `province` = records of the caller's province; `own-unit` = the caller's unit only;
 * `assigned` = units/areas assigned to the caller (reviewers). The role gate is enforced by the
 * wrapper installed by `enforceAccess`; scope is enforced by the service behind the field, which
 * always filters by the viewer (see `Viewer`).
 */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'roles'; roles: readonly Role[]; scope: AccessScope }
  | { kind: 'inherit' };
export type AccessScope = 'province' | 'own-unit' | 'assigned' | 'self';

const KEY = 'access';

/** Anyone, signed in or not (health, login). */
export const Public = () => Extensions({ [KEY]: { kind: 'public' } satisfies AccessRule });
/** Any signed-in account; the field only ever shows the caller's own data. */
export const Authenticated = () =>
  Extensions({ [KEY]: { kind: 'authenticated' } satisfies AccessRule });
/** Only these roles, within the given scope. */
export const Allow = (roles: readonly Role[], scope: AccessScope) =>
  Extensions({ [KEY]: { kind: 'roles', roles, scope } satisfies AccessRule });
/** On an object type: its fields are readable by whoever was allowed to read the parent. */
export const Inherit = () => Extensions({ [KEY]: { kind: 'inherit' } satisfies AccessRule });

export function accessRuleOf(ext: { readonly [k: string]: unknown } | undefined | null) {
  return (ext?.[KEY] as AccessRule | undefined) ?? undefined;
}

export interface AccessContext {
  viewer: Viewer | null;
  authFailure: AuthFailure | null;
}

const AUTH_FAILURE_MESSAGES: Record<AuthFailure, string> = {
  invalid: 'Mã xác thực không hợp lệ. Vui lòng đăng nhập lại.',
  expired: 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',
  revoked: 'Mã xác thực đã bị thu hồi. Vui lòng đăng nhập lại hoặc xin cấp mã mới.',
  disabled: 'Tài khoản đã bị vô hiệu hóa.',
};

/** Throws UNAUTHENTICATED / FORBIDDEN unless the rule admits the caller. */
export function checkAccess(rule: AccessRule | undefined, ctx: AccessContext): void {
  if (rule?.kind === 'public' || rule?.kind === 'inherit') return;
  if (!ctx.viewer) {
    throw unauthenticated(ctx.authFailure ? AUTH_FAILURE_MESSAGES[ctx.authFailure] : undefined);
  }
  if (!rule) throw forbidden();
  if (rule.kind === 'authenticated') return;
  if (!rule.roles.includes(ctx.viewer.role)) throw forbidden();
}

export interface AccessViolation {
  type: string;
  field: string;
  problem: string;
}

/** Lists fields without a rule. Root fields need their own; object fields may inherit their type's. */
export function findAccessViolations(schema: GraphQLSchema): AccessViolation[] {
  const roots = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]
      .filter((t) => t != null)
      .map((t) => t.name),
  );
  const out: AccessViolation[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeRule = accessRuleOf(type.extensions);
    for (const field of Object.values(type.getFields())) {
      const rule = accessRuleOf(field.extensions);
      if (roots.has(type.name)) {
        if (!rule) out.push({ type: type.name, field: field.name, problem: 'root field without rule' });
        else if (rule.kind === 'inherit')
          out.push({ type: type.name, field: field.name, problem: 'root field cannot inherit' });
      } else if (!rule && !typeRule) {
        out.push({ type: type.name, field: field.name, problem: 'no field rule and no type rule' });
      }
    }
  }
  return out;
}

/**
 * Wraps root fields, and object fields with a rule of their own, with the access check. Fields
 * that inherit are left untouched so large responses pay nothing per leaf.
 */
export function enforceAccess(schema: GraphQLSchema): GraphQLSchema {
  const roots = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]
      .filter((t) => t != null)
      .map((t) => t.name),
  );
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const rule = accessRuleOf(field.extensions);
      if (roots.has(type.name) || (rule && rule.kind !== 'inherit')) wrap(field, rule);
    }
  }
  return schema;
}

function wrap(field: GraphQLField<unknown, unknown>, rule: AccessRule | undefined) {
  if (rule?.kind === 'public') return;
  const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
  field.resolve = (source, args, context, info) => {
    checkAccess(rule, context as AccessContext);
    return resolve(source, args, context, info);
  };
}
