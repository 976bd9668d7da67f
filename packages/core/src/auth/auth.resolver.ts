import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context.js';
import { viewerOf } from '../common/context.js';
import { ProvinceType } from '../province/province.type.js';
import { UnitType } from '../unit/unit.type.js';
import { Authenticated, Public } from './access.js';
import { ChangePasswordInput, LoginInput } from './auth.input.js';
import { LoginPayload } from './auth.payload.js';
import { User } from './user.entity.js';
import { UserType } from './user.type.js';

@Resolver()
export class AuthResolver {
  @Public()
  @Mutation(() => LoginPayload, {
    description: 'Đăng nhập bằng tên đăng nhập và mật khẩu; sai 5 lần liên tiếp thì tài khoản bị khóa tạm thời.',
  })
  async login(@Arg('input') input: LoginInput, @Ctx() ctx: RequestContext): Promise<LoginPayload> {
    const { token, session, user } = await ctx.services.auth.login(ctx.em, input.username, input.password);
    return { token, expiresAt: session.expiresAt, user };
  }

  @Authenticated()
  @Mutation(() => Boolean, { description: 'Kết thúc phiên đăng nhập hiện tại.' })
  logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.auth.logout(ctx.em, viewerOf(ctx));
  }

  @Authenticated()
  @Mutation(() => Boolean, { description: 'Đổi mật khẩu; các phiên khác của tài khoản bị kết thúc.' })
  changePassword(@Arg('input') input: ChangePasswordInput, @Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.auth.changePassword(ctx.em, viewerOf(ctx), input.currentPassword, input.newPassword);
  }

  @Authenticated()
  @Query(() => UserType, { description: 'Tài khoản đang đăng nhập.' })
  me(@Ctx() ctx: RequestContext) {
    return ctx.em.findOneOrFail(User, { id: viewerOf(ctx).userId });
  }
}

/** Relations of a user, batched per request. */
@Resolver(() => UserType)
export class UserFieldsResolver {
  @FieldResolver(() => ProvinceType)
  async province(@Root() user: User, @Ctx() ctx: RequestContext) {
    return ctx.loaders.province.load(user.province.id);
  }

  @FieldResolver(() => UnitType, { nullable: true, description: 'Đơn vị của tài khoản UNIT.' })
  async unit(@Root() user: User, @Ctx() ctx: RequestContext) {
    return user.unit ? ctx.loaders.unit.load(user.unit.id) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Tài khoản đang bị khóa tạm thời do nhập sai mật khẩu.' })
  locked(@Root() user: User): boolean {
    return !!user.lockedUntil && user.lockedUntil > new Date();
  }
}
