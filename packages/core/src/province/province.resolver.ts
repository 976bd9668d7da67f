import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Authenticated } from '../auth/access.js';
import type { RequestContext } from '../common/context.js';
import { viCollator } from '../common/loaders.js';
import { UnitGroupType } from '../unit/unit.type.js';
import { Province } from './province.entity.js';
import { ProvinceType } from './province.type.js';

@Resolver(() => ProvinceType)
export class ProvinceResolver {
  @Authenticated()
  @Query(() => [ProvinceType], { description: 'Các tỉnh được xem: tỉnh của mình và các tỉnh đã sáp nhập vào đó.' })
  async provinces(@Ctx() ctx: RequestContext) {
    const ids = [...(await ctx.scope.readableProvinceIds())];
    const list = (await ctx.loaders.province.loadMany(ids)).filter((p): p is Province => p instanceof Province);
    return list.sort((a, b) => viCollator.compare(a.name, b.name));
  }

  @FieldResolver(() => ProvinceType, { nullable: true, description: 'Tỉnh kế thừa sau sáp nhập.' })
  successor(@Root() p: Province, @Ctx() ctx: RequestContext) {
    return p.successor ? ctx.loaders.province.load(p.successor.id) : null;
  }

  @FieldResolver(() => [UnitGroupType], { description: 'Nhóm xếp hạng của tỉnh.' })
  unitGroups(@Root() p: Province, @Ctx() ctx: RequestContext) {
    return ctx.loaders.groupsOfProvince.load(p.id);
  }
}
