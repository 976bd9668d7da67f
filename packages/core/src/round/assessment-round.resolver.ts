import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow, Authenticated } from '../auth/access.js';
import { Role } from '../auth/role.js';
import type { RequestContext } from '../common/context.js';
import { viewerOf } from '../common/context.js';
import { assertDate } from '../common/dates.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { optionalIdOf } from '../common/global-id.js';
import { LegalDocument } from '../legal/legal-document.entity.js';
import { LegalDocumentType } from '../legal/legal-document.type.js';
import { Province } from '../province/province.entity.js';
import { ProvinceType } from '../province/province.type.js';
import { UnitGroup } from '../unit/unit-group.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { UnitGroupType, UnitType } from '../unit/unit.type.js';
import { viCollator } from '../common/loaders.js';
import { resolveCriteria, snapshotRound } from '../criteria/criteria.service.js';
import { createPhases } from '../scorecard/phase.service.js';
import { AssessmentRound, RoundGroup } from './assessment-round.entity.js';
import { AssessmentRoundType, RoundGroupType } from './assessment-round.type.js';

@InputType()
export class RoundGroupInput {
  @Field({ description: 'Mã nhóm xếp hạng.' })
  groupCode!: string;

  @Field({ description: 'Mã bộ tiêu chí nhóm này dùng.' })
  criteriaSet!: string;
}

@InputType()
export class CreateRoundInput {
  @Field(() => Int)
  year!: number;

  @Field()
  title!: string;

  @Field(() => LocalDateResolver, { description: 'Các đơn vị còn hiệu lực vào ngày này được đánh giá.' })
  referenceDate!: string;

  @Field(() => ID, { nullable: true, description: 'Văn bản mở đợt đánh giá.' })
  legalDocumentId?: string | null;

  @Field(() => [RoundGroupInput])
  groups!: RoundGroupInput[];

  @Field(() => String, { nullable: true, description: 'Preset (xếp loại, quy tắc, hạn mặc định); mặc định preset của tỉnh, nếu không có thì "national".' })
  preset?: string | null;
}

@Resolver(() => AssessmentRoundType)
export class AssessmentRoundResolver {
  @Authenticated()
  @Query(() => [AssessmentRoundType], { description: 'Các đợt đánh giá của một tỉnh (mặc định tỉnh của mình), mới nhất trước.' })
  async rounds(@Ctx() ctx: RequestContext, @Arg('province', () => String, { nullable: true }) province?: string | null) {
    return ctx.em.find(AssessmentRound, { province: await ctx.scope.provinceId(province) }, { orderBy: { year: 'desc' } });
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => AssessmentRoundType, { description: 'Mở đợt đánh giá của tỉnh cho một năm (mỗi tỉnh một đợt mỗi năm).' })
  async createRound(@Arg('input') input: CreateRoundInput, @Ctx() ctx: RequestContext) {
    const provinceId = viewerOf(ctx).provinceId;
    const em = ctx.em;
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100)
      throw badInput('Năm đánh giá không hợp lệ.', { field: 'year' });
    if (!input.title.trim()) throw badInput('Tên đợt đánh giá không được để trống.', { field: 'title' });
    assertDate(input.referenceDate, 'referenceDate');
    if (!input.groups.length) throw badInput('Đợt đánh giá phải có ít nhất một nhóm xếp hạng.', { field: 'groups' });
    if (await em.count(AssessmentRound, { province: provinceId, year: input.year }))
      throw conflict(`Tỉnh đã có đợt đánh giá năm ${input.year}.`, { field: 'year' });
    const codes = input.groups.map((g) => g.groupCode);
    if (new Set(codes).size !== codes.length) throw badInput('Mỗi nhóm xếp hạng chỉ được nêu một lần.', { field: 'groups' });
    const groups = await em.find(UnitGroup, { province: provinceId, code: { $in: codes } });
    const missing = codes.filter((c) => !groups.some((g) => g.code === c));
    if (missing.length) throw notFound(`Không tìm thấy nhóm xếp hạng: ${missing.join(', ')}.`);
    for (const g of input.groups)
      if (!g.criteriaSet.trim()) throw badInput(`Nhóm ${g.groupCode} chưa có mã bộ tiêu chí.`, { field: 'groups' });
    const provinceCode = (await em.findOneOrFail(Province, { id: provinceId })).code;
    const presetId = input.preset ?? ctx.services.presets.all().find((p) => p.province === provinceCode)?.id ?? 'national';
    if (!ctx.services.presets.get(presetId)) throw notFound(`Không có preset "${presetId}" trên máy chủ.`);
    // Resolve every group's criteria before writing anything: an unknown set fails the whole call.
    for (const g of input.groups) await resolveCriteria(em, ctx.services.presets, provinceId, g.criteriaSet.trim());
    let legalDocument: LegalDocument | null = null;
    const docId = optionalIdOf(input.legalDocumentId, 'LegalDocument', 'legalDocumentId');
    if (docId) {
      legalDocument = await em.findOne(LegalDocument, { id: docId });
      if (!legalDocument || !(await ctx.scope.canRead(legalDocument.province?.id))) throw notFound('Không tìm thấy văn bản pháp lý.');
    }
    // Opening the round, in one transaction: the round, its groups, the frozen criteria (with
    // plugin id@version), the phase deadlines from the preset and the province's calendar, the
    // scorecards and the audit entry — all or nothing.
    const round = await em.transactional(async (tx) => {
      const round = tx.create(AssessmentRound, {
        province: provinceId,
        year: input.year,
        title: input.title.trim(),
        referenceDate: input.referenceDate,
        legalDocument,
        presetId,
      });
      const created = input.groups.map((g) =>
        tx.create(RoundGroup, { round, province: provinceId, group: groups.find((x) => x.code === g.groupCode)!, criteriaSet: g.criteriaSet.trim() }),
      );
      await snapshotRound(tx, ctx.services.presets, round, created);
      await createPhases(tx, round, ctx.services.presets.get(presetId)!);
      await tx.flush();
      const cards = await ctx.services.scorecards.createForRound(tx, round);
      await ctx.services.audit.append(tx, {
        provinceId,
        actorId: viewerOf(ctx).userId,
        action: 'round.opened',
        entityType: 'AssessmentRound',
        entityId: round.id,
        payload: { year: round.year, preset: presetId, groups: input.groups.map((g) => `${g.groupCode}:${g.criteriaSet}`), scorecards: cards },
      }, ctx.services.now());
      return round;
    });
    return round;
  }

  @FieldResolver(() => ProvinceType)
  province(@Root() r: AssessmentRound, @Ctx() ctx: RequestContext) {
    return ctx.loaders.province.load(r.province.id);
  }

  @FieldResolver(() => LegalDocumentType, { nullable: true })
  legalDocument(@Root() r: AssessmentRound, @Ctx() ctx: RequestContext) {
    return r.legalDocument ? ctx.loaders.legalDocument.load(r.legalDocument.id) : null;
  }

  @FieldResolver(() => [RoundGroupType], { description: 'Các nhóm xếp hạng được đánh giá và bộ tiêu chí của từng nhóm.' })
  groups(@Root() r: AssessmentRound, @Ctx() ctx: RequestContext) {
    return ctx.loaders.groupsOfRound.load(r.id);
  }

  @FieldResolver(() => [UnitType], {
    description: 'Các đơn vị được đánh giá: còn hiệu lực vào ngày tham chiếu và thuộc một nhóm của đợt (lọc theo mã nhóm nếu có).',
  })
  async assessedUnits(@Root() r: AssessmentRound, @Ctx() ctx: RequestContext, @Arg('group', () => String, { nullable: true }) group?: string | null) {
    const groups = await ctx.loaders.groupsOfRound.load(r.id);
    const groupIds = groups.map((g) => g.group.id);
    const chosen = group ? (await ctx.em.find(UnitGroup, { id: { $in: groupIds }, code: group })).map((g) => g.id) : groupIds;
    const units = await ctx.em.find(Unit, {
      group: { $in: chosen },
      validFrom: { $lte: r.referenceDate },
      $or: [{ validTo: null }, { validTo: { $gte: r.referenceDate } }],
    });
    return units.sort((a, b) => viCollator.compare(a.name, b.name));
  }
}

@Resolver(() => RoundGroupType)
export class RoundGroupResolver {
  @FieldResolver(() => UnitGroupType)
  group(@Root() g: RoundGroup, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unitGroup.load(g.group.id);
  }
}
