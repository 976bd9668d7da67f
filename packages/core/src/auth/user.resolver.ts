import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../common/context.js';
import { viewerOf } from '../common/context.js';
import { decodeCursor, pageSize, toConnection } from '../common/connection.js';
import { forbidden, notFound } from '../common/errors.js';
import { idOf } from '../common/global-id.js';
import { Province } from '../province/province.entity.js';
import { Allow } from './access.js';
import { ApiToken } from './api-token.entity.js';
import { CreateApiTokenInput, CreateUserInput } from './auth.input.js';
import {
  CreateApiTokenPayload,
  CreateUserPayload,
  ResetPasswordPayload,
  UserConnection,
} from './auth.payload.js';
import { Role } from './role.js';
import { User } from './user.entity.js';
import { ApiTokenType } from './user.type.js';

/** Account administration by a province's admin (Sở Nội vụ), always within their own province. */
@Resolver()
export class UserAdminResolver {
  @Allow([Role.ADMIN], 'province')
  @Query(() => UserConnection, { description: 'Tài khoản của tỉnh, theo tên đăng nhập.' })
  async users(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const viewer = viewerOf(ctx);
    const size = pageSize(first);
    const cursor = decodeCursor(after, 1) as [string] | null;
    const where = { province: viewer.provinceId, ...(cursor ? { username: { $gt: String(cursor[0]) } } : {}) };
    const [rows, totalCount] = await Promise.all([
      ctx.em.find(User, where, { orderBy: { username: 'asc' }, limit: size + 1 }),
      ctx.em.count(User, { province: viewer.provinceId }),
    ]);
    return toConnection(rows, size, totalCount, (u) => [u.username], cursor != null);
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => CreateUserPayload, {
    description: 'Tạo tài khoản trong tỉnh; mật khẩu ban đầu được sinh ngẫu nhiên và chỉ hiển thị một lần.',
  })
  async createUser(@Arg('input') input: CreateUserInput, @Ctx() ctx: RequestContext): Promise<CreateUserPayload> {
    const viewer = viewerOf(ctx);
    if (input.role === Role.NATIONAL_READER)
      throw forbidden('Tài khoản xem toàn quốc do quản trị hệ thống tạo bằng dòng lệnh (pnpm par user:create), không do quản trị tỉnh tạo.');
    const province = await ctx.em.findOneOrFail(Province, { id: viewer.provinceId });
    const { user, password } = await ctx.services.auth.createUser(ctx.em, {
      provinceCode: province.code,
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      unitCode: input.unitCode ?? null,
      areas: input.areas ?? [],
    });
    return { user, initialPassword: password };
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => ResetPasswordPayload, {
    description: 'Đặt lại mật khẩu ngẫu nhiên, mở khóa tài khoản và kết thúc mọi phiên của tài khoản đó.',
  })
  async resetUserPassword(
    @Arg('userId', () => ID) userId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ResetPasswordPayload> {
    const user = await ctx.services.auth.userInProvince(ctx.em, viewerOf(ctx), idOf(userId, 'User', 'userId'));
    const password = await ctx.services.auth.resetPassword(ctx.em, user);
    return { user, password };
  }

  @Allow([Role.ADMIN], 'province')
  @Query(() => [ApiTokenType], { description: 'Mã API của các tài khoản tích hợp trong tỉnh (không kèm bí mật).' })
  apiTokens(@Ctx() ctx: RequestContext) {
    return ctx.em.find(
      ApiToken,
      { user: { province: viewerOf(ctx).provinceId } },
      { orderBy: { createdAt: 'desc' }, limit: 500 },
    );
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => CreateApiTokenPayload, { description: 'Cấp mã API cho một tài khoản tích hợp; bí mật chỉ hiển thị một lần.' })
  async createApiToken(
    @Arg('input') input: CreateApiTokenInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CreateApiTokenPayload> {
    const user = await ctx.services.auth.userInProvince(ctx.em, viewerOf(ctx), idOf(input.userId, 'User', 'userId'));
    const { token, apiToken } = await ctx.services.auth.createApiToken(ctx.em, user, input.name, input.expiresAt);
    return { token, apiToken };
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => ApiTokenType, { description: 'Thu hồi mã API; các yêu cầu dùng mã này bị từ chối ngay.' })
  async revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext) {
    const token = await ctx.em.findOne(ApiToken, { id: idOf(id, 'ApiToken') }, { populate: ['user'] });
    if (!token || token.user.province.id !== viewerOf(ctx).provinceId) throw notFound('Không tìm thấy mã API.');
    return ctx.services.auth.revokeApiToken(ctx.em, token);
  }
}
