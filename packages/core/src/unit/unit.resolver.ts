import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../common/context.js';
import { ProvinceType } from '../province/province.type.js';
import type { Unit } from './unit.entity.js';
import { UnitType } from './unit.type.js';

@Resolver(() => UnitType)
export class UnitFieldsResolver {
  @FieldResolver(() => ProvinceType)
  province(@Root() unit: Unit, @Ctx() ctx: RequestContext) {
    return ctx.loaders.province.load(unit.province.id);
  }
}
