import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Authenticated, Inherit } from '../auth/access.js';
import type { RequestContext } from '../common/context.js';
import { decodeCursor, pageSize, toConnection } from '../common/connection.js';
import { notFound } from '../common/errors.js';
import { idOf } from '../common/global-id.js';
import { Unit } from '../unit/unit.entity.js';
import { UnitType } from '../unit/unit.type.js';
import { INDICATORS, indicatorDefinition, type IndicatorDefinition } from './indicator-code.js';
import { IndicatorValue } from './indicator-value.entity.js';
import { IndicatorValueConnection, IndicatorValueType } from './indicator-value.type.js';

@Inherit()
@ObjectType('IndicatorDefinition', { description: 'Một chỉ số đo lường bên ngoài mà tiêu chí có thể dùng.' })
export class IndicatorDefinitionType {
  @Field()
  code!: string;

  @Field()
  title!: string;

  @Field({ description: '"%" hoặc "điểm".' })
  unit!: string;

  @Field(() => Int)
  min!: number;

  @Field(() => Int)
  max!: number;

  @Field({ description: 'Là tỷ lệ (tử số ÷ mẫu số).' })
  ratio!: boolean;
}

@Resolver(() => IndicatorValueType)
export class IndicatorResolver {
  @Authenticated()
  @Query(() => [IndicatorDefinitionType], { description: 'Các chỉ số nền tảng nhận biết.' })
  indicatorDefinitions(): readonly IndicatorDefinition[] {
    return INDICATORS;
  }

  @Authenticated()
  @Query(() => IndicatorValueConnection, { description: 'Giá trị chỉ số của một đơn vị, mới nhất trước.' })
  async indicatorValues(
    @Ctx() ctx: RequestContext,
    @Arg('unitId', () => ID) unitId: string,
    @Arg('code', () => String, { nullable: true }) code?: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 3) as [string, string, string] | null;
    const unit = await ctx.em.findOne(Unit, { id: idOf(unitId, 'Unit', 'unitId') });
    if (!unit || !(await ctx.scope.canRead(unit.province.id))) throw notFound('Không tìm thấy đơn vị.');
    const qb = ctx.em.createQueryBuilder(IndicatorValue, 'v').select('v.*').where({ unit: unit.id, ...(code ? { code } : {}) });
    const count = qb.clone();
    if (cursor) qb.andWhere('(v.period_end, v.code, v.id) < (?::date, ?, ?::uuid)', cursor);
    qb.orderBy([{ periodEnd: 'desc' }, { code: 'desc' }, { id: 'desc' }]).limit(size + 1);
    const [rows, total] = await Promise.all([qb.getResultList(), count.getCount()]);
    return toConnection(rows, size, total, (v) => [v.periodEnd, v.code, v.id], cursor != null);
  }

  @FieldResolver(() => UnitType)
  unit(@Root() v: IndicatorValue, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unit.load(v.unit.id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Tên chỉ số.' })
  title(@Root() v: IndicatorValue) {
    return indicatorDefinition(v.code)?.title ?? null;
  }
}
