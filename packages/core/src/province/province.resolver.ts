import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Authenticated } from '../auth/access.js';
import type { RequestContext } from '../common/context.js';
import { viewerOf } from '../common/context.js';
import { UnitType } from '../unit/unit.type.js';
import type { Province } from './province.entity.js';
import { ProvinceType } from './province.type.js';

@Resolver(() => ProvinceType)
export class ProvinceResolver {
  @Authenticated()
  @Query(() => [ProvinceType], { description: 'Các tỉnh mà tài khoản được xem (tỉnh của mình).' })
  async provinces(@Ctx() ctx: RequestContext) {
    const p = await ctx.loaders.province.load(viewerOf(ctx).provinceId);
    return p ? [p] : [];
  }

  @FieldResolver(() => [UnitType], { description: 'Các cơ quan, đơn vị của tỉnh, theo thứ tự tên tiếng Việt.' })
  units(@Root() province: Province, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unitsByProvince.load(province.id);
  }
}
