import 'reflect-metadata';
import { ApiToken } from './auth/api-token.entity.js';
import { AuthResolver, UserFieldsResolver } from './auth/auth.resolver.js';
import { Session } from './auth/session.entity.js';
import { User } from './auth/user.entity.js';
import { UserAdminResolver } from './auth/user.resolver.js';
import { AppMeta } from './common/meta.entity.js';
import { HealthResolver } from './health/health.resolver.js';
import { Province } from './province/province.entity.js';
import { ProvinceResolver } from './province/province.resolver.js';
import { Unit } from './unit/unit.entity.js';
import { UnitFieldsResolver } from './unit/unit.resolver.js';

/** Every entity, listed explicitly (no folder globs: src under vitest and dist under node must agree). */
export const entities = [AppMeta, Province, Unit, User, Session, ApiToken] as const;

/** Every resolver, listed explicitly. */
export const resolvers = [
  HealthResolver,
  AuthResolver,
  UserFieldsResolver,
  UserAdminResolver,
  ProvinceResolver,
  UnitFieldsResolver,
] as const;

export * from './auth/access.js';
export * from './auth/auth.service.js';
export * from './auth/password.js';
export * from './auth/role.js';
export * from './auth/token.js';
export * from './auth/viewer.js';
export { ApiToken, Session, User };
export * from './common/connection.js';
export * from './common/context.js';
export * from './common/errors.js';
export * from './common/id.js';
export * from './common/loaders.js';
export { AppMeta };
export * from './criteria/area.js';
export { PLATFORM_VERSION } from './health/health.resolver.js';
export { Province };
export { Unit };
export * from './unit/unit-kind.js';
