import { DateTimeISOResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Allow, Authenticated, Inherit } from '../auth/access.js';
import { Role } from '../auth/role.js';
import { viewerOf } from '../common/context.js';
import type { RequestContext } from '../common/context.js';
import { decodeCursor, pageSize, toConnection } from '../common/connection.js';
import { notFound } from '../common/errors.js';
import { idOf, optionalIdOf } from '../common/global-id.js';
import { Unit } from '../unit/unit.entity.js';
import { UnitType } from '../unit/unit.type.js';
import { INDICATORS, indicatorDefinition, type IndicatorDefinition } from './indicator-code.js';
import { IndicatorValue } from './indicator-value.entity.js';
import { ingestIndicators, INGEST_MAX_ROWS } from './indicator.service.js';
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

@InputType({ description: 'Một giá trị chỉ số cho một đơn vị và kỳ.' })
export class IndicatorValueInput {
  @Field(() => ID, { nullable: true, description: 'Đơn vị (mã định danh); hoặc dùng unitCode.' })
  unitId?: string | null;

  @Field(() => String, { nullable: true, description: 'Mã đơn vị trong tỉnh, ví dụ "so-tu-phap".' })
  unitCode?: string | null;

  @Field({ description: 'Mã chỉ số, ví dụ LATE_DOSSIER_RATE (xem indicatorDefinitions).' })
  code!: string;

  @Field({ description: 'Kỳ: "2025", "2025-Q3" hoặc "2025-09".' })
  period!: string;

  @Field(() => String, { nullable: true, description: 'Giá trị (số thập phân dạng chuỗi); bỏ trống khi gửi tử số và mẫu số.' })
  value?: string | null;

  @Field(() => String, { nullable: true })
  numerator?: string | null;

  @Field(() => String, { nullable: true })
  denominator?: string | null;

  @Field({ description: 'Nguồn, ví dụ "Hệ thống thông tin giải quyết TTHC tỉnh".' })
  source!: string;

  @Field(() => DateTimeISOResolver, { description: 'Thời điểm hệ thống nguồn đo/chốt số liệu.' })
  observedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Khóa chống ghi trùng; mặc định đơn vị|chỉ số|kỳ|nguồn. Gửi lại cùng khóa và cùng giá trị: không thay đổi gì.' })
  idempotencyKey?: string | null;
}

@Inherit()
@ObjectType('RecordIndicatorsPayload', { description: 'Kết quả nhận một lô chỉ số.' })
export class RecordIndicatorsPayload {
  @Field(() => [IndicatorValueType], { description: 'Giá trị mới được ghi.' })
  created!: IndicatorValue[];

  @Field(() => [IndicatorValueType], { description: 'Giá trị đã có (cùng khóa, cùng giá trị): không thay đổi.' })
  unchanged!: IndicatorValue[];

  @Field(() => Int, { description: 'Số phiếu chấm chưa công bố được tính lại điểm.' })
  rescoredScorecards!: number;
}

@Resolver(() => IndicatorValueType)
export class IndicatorResolver {
  @Allow([Role.ADMIN, Role.INTEGRATION], 'province')
  @Mutation(() => RecordIndicatorsPayload, {
    description: `Nhận một lô giá trị chỉ số (tối đa ${INGEST_MAX_ROWS} dòng) từ hệ thống của tỉnh: tất cả hoặc không — mọi dòng lỗi được liệt kê trong \`extensions.problems\` (row, field, message) và không ghi gì. Giá trị mới tính lại điểm các phiếu chưa công bố; kết quả đã công bố không đổi. Gửi lại cùng lô không thay đổi gì.`,
  })
  async recordIndicators(@Arg('values', () => [IndicatorValueInput]) values: IndicatorValueInput[], @Ctx() ctx: RequestContext): Promise<RecordIndicatorsPayload> {
    const viewer = viewerOf(ctx);
    ctx.scope.assertWrite(viewer.provinceId);
    const rows = values.map((v, i) => ({ ...v, unitId: optionalIdOf(v.unitId, 'Unit', `values.${i}.unitId`) ?? null }));
    const r = await ingestIndicators(ctx.em, ctx.services, { userId: viewer.userId, provinceId: viewer.provinceId }, rows);
    return { created: r.created, unchanged: r.unchanged, rescoredScorecards: r.rescored };
  }

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
