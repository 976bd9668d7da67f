import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow, Authenticated } from '../auth/access.js';
import { Role } from '../auth/role.js';
import type { RequestContext } from '../common/context.js';
import { viewerOf } from '../common/context.js';
import { assertDate } from '../common/dates.js';
import { notFound } from '../common/errors.js';
import { idOf, optionalIdOf } from '../common/global-id.js';
import { viCollator } from '../common/loaders.js';
import { IndicatorValueType } from '../indicator/indicator-value.type.js';
import { LegalDocumentType } from '../legal/legal-document.type.js';
import { ProvinceType } from '../province/province.type.js';
import { LineageEvent, LineageRole } from './lineage.entity.js';
import { LineageEventType } from './lineage.type.js';
import { UnitGroup } from './unit-group.entity.js';
import { Unit } from './unit.entity.js';
import {
  CreateUnitGroupInput,
  CreateUnitInput,
  RecordLineageEventInput,
  UnitFilterInput,
  UpdateUnitInput,
} from './unit.input.js';
import { UnitService } from './unit.service.js';
import { UnitConnection, UnitGroupType, UnitType } from './unit.type.js';

const service = new UnitService();

const loadUnits = async (ctx: RequestContext, ids: string[]) => {
  const units = (await ctx.loaders.unit.loadMany(ids)).filter((u): u is Unit => u instanceof Unit);
  return units.sort((a, b) => viCollator.compare(a.name, b.name));
};

@Resolver(() => UnitType)
export class UnitResolver {
  @Authenticated()
  @Query(() => UnitConnection, {
    description: 'Cơ quan, đơn vị của các tỉnh được xem, theo thứ tự tên tiếng Việt; lọc theo tỉnh, loại, nhóm, ngày hiệu lực.',
  })
  units(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => UnitFilterInput, { nullable: true }) filter?: UnitFilterInput | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    return service.list(
      ctx.em,
      ctx.scope,
      {
        provinceCode: filter?.province,
        kind: filter?.kind,
        groupCode: filter?.group,
        validOn: filter?.validOn,
        search: filter?.search,
        parentId: optionalIdOf(filter?.parentId, 'Unit', 'filter.parentId'),
      },
      first,
      after,
    );
  }

  @Authenticated()
  @Query(() => [UnitGroupType], { description: 'Nhóm xếp hạng của một tỉnh (mặc định tỉnh của mình).' })
  async unitGroups(@Ctx() ctx: RequestContext, @Arg('province', () => String, { nullable: true }) province?: string | null) {
    return ctx.loaders.groupsOfProvince.load(await ctx.scope.provinceId(province));
  }

  @FieldResolver(() => ProvinceType)
  province(@Root() unit: Unit, @Ctx() ctx: RequestContext) {
    return ctx.loaders.province.load(unit.province.id);
  }

  @FieldResolver(() => UnitGroupType, { nullable: true, description: 'Nhóm xếp hạng.' })
  group(@Root() unit: Unit, @Ctx() ctx: RequestContext) {
    return unit.group ? ctx.loaders.unitGroup.load(unit.group.id) : null;
  }

  @FieldResolver(() => UnitType, { nullable: true, description: 'Đơn vị cấp trên.' })
  parent(@Root() unit: Unit, @Ctx() ctx: RequestContext) {
    return unit.parent ? ctx.loaders.unit.load(unit.parent.id) : null;
  }

  @FieldResolver(() => [UnitType], { description: 'Đơn vị tiền thân trực tiếp (một bước về trước), có thể ở tỉnh khác.' })
  async predecessors(@Root() unit: Unit, @Ctx() ctx: RequestContext) {
    return loadUnits(ctx, await ctx.loaders.predecessorIds.load(unit.id));
  }

  @FieldResolver(() => [UnitType], { description: 'Đơn vị kế thừa trực tiếp (một bước về sau), có thể ở tỉnh khác.' })
  async successors(@Root() unit: Unit, @Ctx() ctx: RequestContext) {
    return loadUnits(ctx, await ctx.loaders.successorIds.load(unit.id));
  }

  @FieldResolver(() => [LineageEventType], { description: 'Các thay đổi mà đơn vị tham gia (là tiền thân hoặc kế thừa), theo ngày.' })
  lineageEvents(@Root() unit: Unit, @Ctx() ctx: RequestContext) {
    return ctx.loaders.eventsOfUnit.load(unit.id);
  }

  @FieldResolver(() => [UnitType], {
    description:
      'Các đơn vị "đại diện" cho đơn vị này vào một ngày: chính nó nếu khi đó còn hiệu lực, nếu không thì các đơn vị tiền thân còn hiệu lực vào ngày đó (quy tắc lịch sử).',
  })
  async standingFor(@Root() unit: Unit, @Arg('date', () => LocalDateResolver) date: string, @Ctx() ctx: RequestContext) {
    return loadUnits(ctx, await ctx.loaders.standingFor.load(`${unit.id}|${assertDate(date, 'date')}`));
  }

  @FieldResolver(() => [IndicatorValueType], { description: 'Giá trị chỉ số của đơn vị, mới nhất trước.' })
  indicators(
    @Root() unit: Unit,
    @Ctx() ctx: RequestContext,
    @Arg('code', () => String, { nullable: true }) code?: string | null,
    @Arg('period', () => String, { nullable: true }) period?: string | null,
  ) {
    return ctx.loaders.indicatorsOfUnit.load(`${unit.id}|${code ?? ''}|${period ?? ''}`);
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => UnitGroupType, { description: 'Tạo nhóm xếp hạng trong tỉnh.' })
  createUnitGroup(@Arg('input') input: CreateUnitGroupInput, @Ctx() ctx: RequestContext) {
    return service.createGroup(ctx.em, viewerOf(ctx).provinceId, input.code, input.name);
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => UnitType, { description: 'Tạo cơ quan, đơn vị trong tỉnh.' })
  createUnit(@Arg('input') input: CreateUnitInput, @Ctx() ctx: RequestContext) {
    return service.create(ctx.em, viewerOf(ctx).provinceId, {
      ...input,
      parentId: optionalIdOf(input.parentId, 'Unit', 'parentId'),
    });
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => UnitType, { description: 'Sửa thông tin một đơn vị của tỉnh.' })
  async updateUnit(@Arg('input') input: UpdateUnitInput, @Ctx() ctx: RequestContext) {
    const unit = await ctx.em.findOne(Unit, { id: idOf(input.id, 'Unit') });
    if (!unit) throw notFound('Không tìm thấy đơn vị.');
    ctx.scope.assertWrite(unit.province.id);
    const { id: _id, ...rest } = input;
    const spec = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    if ('parentId' in spec) spec.parentId = optionalIdOf(input.parentId, 'Unit', 'parentId') ?? null;
    for (const k of ['code', 'name', 'kind', 'validFrom'] as const) if (spec[k] === null) delete spec[k];
    return service.update(ctx.em, unit, spec);
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => LineageEventType, {
    description: 'Ghi nhận sáp nhập, chia tách, đổi tên, chuyển giao hoặc giải thể, kèm văn bản pháp lý.',
  })
  recordLineageEvent(@Arg('input') input: RecordLineageEventInput, @Ctx() ctx: RequestContext) {
    return service.recordLineage(ctx.em, ctx.scope, viewerOf(ctx).provinceId, {
      ...input,
      legalDocumentId: optionalIdOf(input.legalDocumentId, 'LegalDocument', 'legalDocumentId'),
      predecessorIds: input.predecessorIds.map((id) => idOf(id, 'Unit', 'predecessorIds')),
      successorIds: input.successorIds.map((id) => idOf(id, 'Unit', 'successorIds')),
    });
  }
}

@Resolver(() => UnitGroupType)
export class UnitGroupResolver {
  @FieldResolver(() => ProvinceType)
  province(@Root() group: UnitGroup, @Ctx() ctx: RequestContext) {
    return ctx.loaders.province.load(group.province.id);
  }
}

@Resolver(() => LineageEventType)
export class LineageEventResolver {
  @FieldResolver(() => LegalDocumentType, { nullable: true, description: 'Văn bản làm căn cứ.' })
  legalDocument(@Root() e: LineageEvent, @Ctx() ctx: RequestContext) {
    return e.legalDocument ? ctx.loaders.legalDocument.load(e.legalDocument.id) : null;
  }

  @FieldResolver(() => [UnitType])
  async predecessors(@Root() e: LineageEvent, @Ctx() ctx: RequestContext) {
    const links = await ctx.loaders.linksOfEvent.load(e.id);
    return loadUnits(ctx, links.filter((l) => l.role === LineageRole.PREDECESSOR).map((l) => l.unit.id));
  }

  @FieldResolver(() => [UnitType])
  async successors(@Root() e: LineageEvent, @Ctx() ctx: RequestContext) {
    const links = await ctx.loaders.linksOfEvent.load(e.id);
    return loadUnits(ctx, links.filter((l) => l.role === LineageRole.SUCCESSOR).map((l) => l.unit.id));
  }

  @FieldResolver(() => ProvinceType, { description: 'Tỉnh ghi nhận thay đổi.' })
  province(@Root() e: LineageEvent, @Ctx() ctx: RequestContext) {
    return ctx.loaders.province.load(e.province.id);
  }
}
