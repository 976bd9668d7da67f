import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { LocalDateResolver } from 'graphql-scalars';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, ID, Info, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { columnsOf, mapRow } from '../common/raw-entities.js';
import { selects } from '../common/selection.js';
import { Allow, Authenticated, Inherit } from '../auth/access.js';
import { Role } from '../auth/role.js';
import { calendarFor, CalendarOverride } from '../calendar/calendar-override.entity.js';
import { deadlineInstant } from '../calendar/working-days.js';
import type { RequestContext } from '../common/context.js';
import { viewerOf } from '../common/context.js';
import { decodeCursor, pageSize, toConnection } from '../common/connection.js';
import { assertDate, viDate } from '../common/dates.js';
import { dec, DecimalScalar, type Decimal } from '../common/decimal.js';
import { badInput, forbidden, notFound } from '../common/errors.js';
import { idOf, optionalIdOf } from '../common/global-id.js';
import { AREA_ORDER, bandFor } from '../criteria/preset.js';
import { AssessmentRound } from '../round/assessment-round.entity.js';
import { groupOf, roundOf, scorecardOf } from '../round/lookup.js';
import { AssessmentRoundType } from '../round/assessment-round.type.js';
import { Unit } from '../unit/unit.entity.js';
import { UnitGroupType, UnitType } from '../unit/unit.type.js';
import { Evidence, EvidenceFile, EvidenceLink } from './evidence.entity.js';
import { checkEvidenceDocument, createEvidence, EvidenceDocumentInput } from './evidence.service.js';
import { Phase, PhaseExtension, PHASE_TITLES, RoundPhase } from './phase.entity.js';
import { Scorecard, ScorecardEntry, ScorecardStatus, Stage, type StoredCriterionScore } from './scorecard.entity.js';
import {
  DeadlineType,
  EvidenceFileType,
  EvidenceType,
  RoundPhaseType,
  ScorecardConnection,
  ScorecardEntryType,
  ScorecardResultType,
  ScorecardType,
  VariableType,
} from './scorecard.type.js';

@InputType()
export class VariableValueInput {
  @Field()
  name!: string;

  @Field(() => DecimalScalar)
  value!: Decimal;
}

@InputType({ description: 'Lưu nháp một tiêu chí tự chấm.' })
export class SaveSelfAssessmentEntryInput {
  @Field(() => ID)
  scorecardId!: string;

  @Field()
  code!: string;

  @Field(() => Int, { description: 'Phiên bản của tiêu chí bạn đã đọc (0 nếu chưa từng lưu).' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'yes/no hoặc giá trị mức.' })
  value?: string | null;

  @Field(() => [VariableValueInput], { nullable: true })
  variables?: VariableValueInput[] | null;

  @Field({ nullable: true, defaultValue: false })
  notApplicable?: boolean;

  @Field(() => String, { nullable: true })
  comment?: string | null;

  @Field(() => String, { nullable: true, description: 'Giải trình khi chưa có tài liệu kiểm chứng.' })
  explanation?: string | null;
}

@InputType()
export class SubmitSelfAssessmentInput {
  @Field(() => ID)
  scorecardId!: string;

  @Field(() => Int, { description: 'Phiên bản của phiếu bạn đã đọc.' })
  expectedVersion!: number;
}

@InputType({ description: 'Tài liệu kiểm chứng: văn bản chính thức và/hoặc tệp đã tải lên (POST /evidence/upload).' })
export class AddEvidenceInput extends EvidenceDocumentInput {
  @Field(() => ID)
  scorecardId!: string;

  @Field({ description: 'Mã tiêu chí mà tài liệu chứng minh.' })
  code!: string;
}

@InputType()
export class SetPhaseDeadlineInput {
  @Field(() => ID)
  roundId!: string;

  @Field(() => Phase)
  phase!: Phase;

  @Field(() => LocalDateResolver)
  closesOn!: string;
}

@InputType()
export class ExtendDeadlineInput {
  @Field(() => ID)
  roundId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => Phase)
  phase!: Phase;

  @Field(() => LocalDateResolver)
  closesOn!: string;

  @Field()
  reason!: string;
}

@InputType()
export class SetCalendarDayInput {
  @Field(() => LocalDateResolver)
  date!: string;

  @Field({ description: 'true: ngày làm việc (ví dụ thứ Bảy làm bù); false: ngày nghỉ.' })
  working!: boolean;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@Inherit()
@ObjectType('CalendarDay', { description: 'Một ngày đặc biệt trong lịch làm việc của tỉnh.' })
export class CalendarDayType {
  @Field(() => LocalDateResolver)
  date!: string;

  @Field()
  working!: boolean;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field({ description: 'Do tỉnh sửa (không phải dữ liệu quốc gia).' })
  override!: boolean;
}

@Inherit()
@ObjectType('AuditCheck', { description: 'Kết quả kiểm tra chuỗi nhật ký của tỉnh.' })
export class AuditCheckType {
  @Field()
  ok!: boolean;

  @Field(() => Int, { nullable: true, description: 'Số thứ tự bản ghi đầu tiên bị hỏng.' })
  firstBrokenSeq!: number | null;

  @Field(() => String, { nullable: true })
  problem!: string | null;

  @Field(() => String, { nullable: true })
  message!: string | null;
}

const SCORECARD_READERS = [Role.ADMIN, Role.UNIT, Role.REVIEWER, Role.COUNCIL_MEMBER, Role.INSPECTOR, Role.NATIONAL_READER] as const;

/** Stored area results in the order of the areas (then the preset's impact and bonus parts), as SQL literals. */
const AREA_SQL_ORDER = [...AREA_ORDER, 'IMPACT', 'BONUS'].map((a) => `'${a}'`).join(', ');

/** A stored result with its areas in area order, as one JSON value (numbers as exact decimal text). */
type StoredResultRow = {
  total: string;
  max: string;
  index: string;
  computed_at: string;
  criteria: StoredCriterionScore[] | null;
  areas: { area: string; points: string; max: string; sourceId: string; sourceVersion: string }[];
};

/**
 * The stored result of card `card` at stage `stage` (SQL expressions) as one JSON value, or null;
 * the points per criterion (≈ 200, tens of KB of JSON) only when the operation selects them.
 */
const storedResultSql = (withCriteria: boolean, card: string, stage: string) => `(
  select json_build_object('total', r.total::text, 'max', r.max::text, 'index', r.index::text, 'computed_at', r.computed_at,
           'criteria', ${withCriteria ? 'r.criteria' : 'null'},
           'areas', coalesce((select json_agg(json_build_object('area', a.area, 'points', a.points::text, 'max', a.max::text, 'sourceId', a.source_id, 'sourceVersion', a.source_version)
                                              order by array_position(array[${AREA_SQL_ORDER}], a.area), a.area)
                                from scorecard_area a where a.scorecard_id = r.scorecard_id and a.stage = r.stage), '[]'))
    from scorecard_result r where r.scorecard_id = ${card} and r.stage = ${stage})`;

/** Results read with their card by `scorecard(roundId)` (per request: entities belong to the request's context). */
const primedResults = new WeakMap<Scorecard, { stage: Stage; row: StoredResultRow | null; presetId: string; groupCode: string }>();

@Resolver(() => ScorecardType)
export class ScorecardResolver {
  @Allow(SCORECARD_READERS, 'own-unit')
  @Query(() => ScorecardType, {
    nullable: true,
    description: 'Phiếu chấm của một đơn vị trong đợt; tài khoản đơn vị mặc định là đơn vị mình và chỉ xem được phiếu của mình.',
  })
  async scorecard(
    @Arg('roundId', () => ID) roundId: string,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string | null,
  ) {
    const viewer = viewerOf(ctx);
    const round = idOf(roundId, 'AssessmentRound', 'roundId');
    const unit = optionalIdOf(unitId, 'Unit', 'unitId') ?? viewer.unitId;
    if (!unit) throw badInput('Cần unitId.', { field: 'unitId' });
    if (viewer.role === Role.UNIT && unit !== viewer.unitId) throw forbidden('Bạn chỉ được xem phiếu chấm của đơn vị mình.');
    // The card and, when selected, its stored self-assessment result with what its band depends on
    // (the round's preset, the group's code): one hand-written statement, the point read's hot path.
    const withResult = selects(info, ['result']);
    const [row] = await ctx.em.getConnection().execute<Record<string, unknown>[]>(
      `select ${columnsOf(ctx.em, Scorecard, 'c')}
              ${withResult ? `, r.preset_id as band_preset, g.code as band_group, ${storedResultSql(selects(info, ['result', 'criteria']), 'c.id', `'${Stage.SELF}'`)} as self_result` : ''}
         from scorecard c ${withResult ? 'join assessment_round r on r.id = c.round_id join unit_group g on g.id = c.group_id' : ''}
        where c.round_id = ? and c.unit_id = ?`,
      [round, unit],
      'all',
      ctx.em.getTransactionContext(),
    );
    // No card, or a round the caller may not read: the same answers as looking the round up first.
    if (!row) return roundOf(ctx, roundId).then(() => null);
    const card = mapRow(ctx.em, Scorecard, row, 'c');
    if (!(await ctx.scope.canRead(card.province.id))) throw notFound('Không tìm thấy đợt đánh giá.');
    if (withResult)
      primedResults.set(card, { stage: Stage.SELF, row: (row.self_result as StoredResultRow | null) ?? null, presetId: row.band_preset as string, groupCode: row.band_group as string });
    return card;
  }

  @Allow([Role.ADMIN, Role.REVIEWER, Role.COUNCIL_MEMBER, Role.INSPECTOR, Role.NATIONAL_READER], 'province')
  @Query(() => ScorecardConnection, { description: 'Các phiếu chấm của một đợt, lọc theo trạng thái và nhóm.' })
  async scorecards(
    @Arg('roundId', () => ID) roundId: string,
    @Ctx() ctx: RequestContext,
    @Arg('status', () => ScorecardStatus, { nullable: true }) status?: ScorecardStatus | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('group', () => String, { nullable: true, description: 'Mã nhóm xếp hạng (lọc theo nhóm).' }) group?: string | null,
  ) {
    const round = await roundOf(ctx, roundId);
    const size = pageSize(first);
    const cursor = decodeCursor(after, 1) as [string] | null;
    const where = { round, ...(status ? { status } : {}), ...(group ? { group: await groupOf(ctx, round, group) } : {}) };
    const [rows, total] = await Promise.all([
      ctx.em.find(Scorecard, { ...where, ...(cursor ? { id: { $gt: String(cursor[0]) } } : {}) }, { orderBy: { id: 'asc' }, limit: size + 1 }),
      ctx.em.count(Scorecard, where),
    ]);
    return toConnection(rows, size, total, (c) => [c.id], cursor != null);
  }

  @Allow([Role.UNIT], 'own-unit')
  @Mutation(() => ScorecardEntryType, {
    description: 'Lưu nháp một tiêu chí tự chấm; điểm được tính và lưu ngay. Gửi phiên bản đã đọc: nếu người khác đã sửa, lỗi STALE_VERSION nêu tiêu chí.',
  })
  async saveSelfAssessmentEntry(@Arg('input') input: SaveSelfAssessmentEntryInput, @Ctx() ctx: RequestContext) {
    const card = await scorecardOf(ctx, input.scorecardId);
    const variables: Record<string, string> = {};
    for (const v of input.variables ?? []) {
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(v.name)) throw badInput(`Tên biến "${v.name}" không hợp lệ.`, { field: 'variables' });
      variables[v.name] = v.value.toFixed();
    }
    const { entry } = await ctx.services.scorecards.saveSelfEntry(ctx.em, viewerOf(ctx), card, {
      code: input.code,
      expectedVersion: input.expectedVersion,
      value: input.value ?? null,
      variables,
      notApplicable: input.notApplicable ?? false,
      comment: input.comment ?? null,
      explanation: input.explanation ?? null,
    });
    return entry;
  }

  @Allow([Role.UNIT], 'own-unit')
  @Mutation(() => ScorecardType, {
    description: 'Nộp toàn bộ phiếu tự chấm trong một giao dịch; thiếu tiêu chí hoặc thiếu tài liệu mà không giải trình thì bị từ chối kèm danh sách.',
  })
  async submitSelfAssessment(@Arg('input') input: SubmitSelfAssessmentInput, @Ctx() ctx: RequestContext) {
    const card = await scorecardOf(ctx, input.scorecardId);
    return ctx.services.scorecards.submitSelf(ctx.em, viewerOf(ctx), card, input.expectedVersion);
  }

  @Allow([Role.UNIT], 'own-unit')
  @Mutation(() => EvidenceType, { description: 'Thêm tài liệu kiểm chứng cho một tiêu chí của phiếu đơn vị mình.' })
  async addEvidence(@Arg('input') input: AddEvidenceInput, @Ctx() ctx: RequestContext) {
    const viewer = viewerOf(ctx);
    const card = await scorecardOf(ctx, input.scorecardId);
    const round = await ctx.em.findOneOrFail(AssessmentRound, { id: card.round.id });
    const file = await checkEvidenceDocument(ctx.em, viewer, input, round.year);
    return ctx.em.transactional(async (tx) => {
      const evidence = await createEvidence(tx, viewer, { provinceId: card.province.id, unitId: card.unit.id }, input, file);
      await ctx.services.scorecards.linkEvidence(tx, viewer, card, evidence.id, input.code);
      return evidence;
    });
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => ScorecardType, { description: 'Trả lại phiếu đã nộp để đơn vị sửa (ghi nhật ký).' })
  async returnScorecard(@Arg('scorecardId', () => ID) scorecardId: string, @Arg('reason') reason: string, @Ctx() ctx: RequestContext) {
    const card = await scorecardOf(ctx, scorecardId);
    ctx.scope.assertWrite(card.province.id);
    if (!reason.trim()) throw badInput('Cần nêu lý do trả lại.', { field: 'reason' });
    return ctx.em.transactional(async (tx) => {
      const locked = await tx.findOneOrFail(Scorecard, { id: card.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (locked.status !== ScorecardStatus.SUBMITTED) throw badInput('Chỉ trả lại được phiếu đã nộp.', { field: 'scorecardId' });
      locked.status = ScorecardStatus.RETURNED;
      locked.version++;
      await tx.flush();
      await ctx.services.audit.append(tx, { provinceId: card.province.id, actorId: viewerOf(ctx).userId, action: 'scorecard.returned', entityType: 'Scorecard', entityId: card.id, payload: { reason: reason.trim(), version: locked.version } }, ctx.services.now());
      return locked;
    });
  }

  @FieldResolver(() => UnitType)
  unit(@Root() c: Scorecard, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unit.load(c.unit.id);
  }

  @FieldResolver(() => UnitGroupType)
  group(@Root() c: Scorecard, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unitGroup.load(c.group.id);
  }

  @FieldResolver(() => AssessmentRoundType)
  round(@Root() c: Scorecard, @Ctx() ctx: RequestContext) {
    return ctx.loaders.round.load(c.round.id);
  }

  @FieldResolver(() => DeadlineType, { nullable: true, description: 'Hạn tự chấm của đơn vị (kể cả gia hạn riêng), để hiển thị đếm ngược.' })
  async selfAssessmentDeadline(@Root() c: Scorecard, @Ctx() ctx: RequestContext) {
    const d = await ctx.services.scorecards.deadline(ctx.em, c.round.id, c.unit.id, Phase.SELF_ASSESSMENT);
    if (!d) return null;
    const closesAt = deadlineInstant(d.closesOn);
    return { phase: Phase.SELF_ASSESSMENT, closesOn: d.closesOn, closesAt, extended: d.extended, closed: ctx.services.now() > closesAt };
  }

  @FieldResolver(() => [ScorecardEntryType], { description: 'Giá trị đã nhập của một vòng.' })
  entries(@Root() c: Scorecard, @Ctx() ctx: RequestContext, @Arg('stage', () => Stage, { defaultValue: Stage.SELF }) stage: Stage) {
    return ctx.em.find(ScorecardEntry, { scorecard: c, stage }, { orderBy: { code: 'asc' } });
  }

  @FieldResolver(() => ScorecardResultType, { nullable: true, description: 'Điểm đã tính và lưu của một vòng.' })
  async result(@Root() c: Scorecard, @Ctx() ctx: RequestContext, @Arg('stage', () => Stage, { defaultValue: Stage.SELF }) stage: Stage, @Info() info: GraphQLResolveInfo) {
    // One statement: the stored result with its areas in area order, and the points per criterion
    // (≈ 200, tens of KB of JSON) only when the operation selects them.
    const withCriteria = selects(info, ['criteria']);
    const primed = primedResults.get(c);
    const r =
      primed && primed.stage === stage
        ? primed.row
        : ((
            await ctx.em
              .getConnection()
              .execute<{ result: StoredResultRow | null }[]>(`select ${storedResultSql(withCriteria, '?', '?')} as result`, [c.id, stage], 'all', ctx.em.getTransactionContext())
          )[0]?.result ?? null);
    if (!r) return null;
    const [presetId, groupCode] = primed
      ? [primed.presetId, primed.groupCode]
      : await Promise.all([ctx.loaders.round.load(c.round.id).then((x) => x?.presetId), ctx.loaders.unitGroup.load(c.group.id).then((x) => x?.code)]);
    const preset = presetId ? ctx.services.presets.get(presetId) : undefined;
    const index = dec(r.index);
    return {
      stage,
      total: dec(r.total),
      max: dec(r.max),
      index,
      band: preset ? bandFor(preset, index, groupCode) : null,
      criteria: withCriteria ? (r.criteria ?? []).map((x) => ({ ...x, points: dec(x.points), max: dec(x.max) })) : [],
      areas: r.areas.map((a) => ({ ...a, points: dec(a.points), max: dec(a.max) })),
      computedAt: new Date(r.computed_at),
    };
  }

  @FieldResolver(() => [EvidenceType], { description: 'Tài liệu kiểm chứng gắn với phiếu (lọc theo tiêu chí nếu có).' })
  async evidence(@Root() c: Scorecard, @Ctx() ctx: RequestContext, @Arg('code', () => String, { nullable: true }) code?: string | null): Promise<Evidence[]> {
    const links = await ctx.em.find(EvidenceLink, { scorecard: c, ...(code ? { code } : {}) }, { populate: ['evidence'] });
    return [...new Map(links.map((l) => [l.evidence.id, l.evidence])).values()];
  }
}

@Resolver(() => EvidenceType)
export class EvidenceResolver {
  @FieldResolver(() => EvidenceFileType, { nullable: true })
  async file(@Root() e: Evidence, @Ctx() ctx: RequestContext): Promise<EvidenceFile | null> {
    return e.file ? ctx.em.findOne(EvidenceFile, { id: e.file.id }) : null;
  }

  @FieldResolver(() => [String], { description: 'Mã các tiêu chí mà tài liệu chứng minh.' })
  async criteria(@Root() e: Evidence, @Ctx() ctx: RequestContext): Promise<string[]> {
    return (await ctx.em.find(EvidenceLink, { evidence: e })).map((l) => l.code).sort();
  }
}

@Resolver(() => EvidenceFileType)
export class EvidenceFileResolver {
  @FieldResolver(() => String, {
    description: 'Đường dẫn tải xuống có chữ ký, hiệu lực 5 phút, chỉ cấp cho người được xem tài liệu (trình duyệt không gửi được tiêu đề Bearer).',
  })
  downloadUrl(@Root() f: EvidenceFile, @Ctx() ctx: RequestContext) {
    const viewer = viewerOf(ctx);
    if (viewer.role === Role.NATIONAL_READER && !viewer.evidenceAccess) throw forbidden('Tài khoản xem toàn quốc chưa được cấp quyền tải tài liệu kiểm chứng.');
    return ctx.services.downloads.sign(f.sha256, f.fileName, viewer.userId);
  }
}

@Resolver(() => ScorecardEntryType)
export class ScorecardEntryResolver {
  @FieldResolver(() => [VariableType])
  variables(@Root() e: ScorecardEntry) {
    return Object.entries(e.variables).map(([name, value]) => ({ name, value: dec(value) }));
  }
}

@Resolver(() => AssessmentRoundType)
export class RoundPhaseResolver {
  @FieldResolver(() => [RoundPhaseType], { description: 'Các giai đoạn và hạn của đợt.' })
  async phases(@Root() r: AssessmentRound, @Ctx() ctx: RequestContext) {
    const rows = await ctx.em.find(RoundPhase, { round: r }, { orderBy: { position: 'asc' } });
    return rows.map((p) => ({ phase: p.phase, title: PHASE_TITLES[p.phase], closesOn: p.closesOn, closesAt: deadlineInstant(p.closesOn) }));
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => AssessmentRoundType, { description: 'Đặt hạn của một giai đoạn (ghi nhật ký).' })
  async setPhaseDeadline(@Arg('input') input: SetPhaseDeadlineInput, @Ctx() ctx: RequestContext) {
    const round = await roundOf(ctx, input.roundId, true);
    assertDate(input.closesOn, 'closesOn');
    await ctx.em.transactional(async (tx) => {
      const p = await tx.findOne(RoundPhase, { round, phase: input.phase });
      if (!p) throw notFound('Đợt đánh giá không có giai đoạn này.');
      const before = p.closesOn;
      p.closesOn = input.closesOn;
      await tx.flush();
      await ctx.services.audit.append(tx, { provinceId: round.province.id, actorId: viewerOf(ctx).userId, action: 'deadline.set', entityType: 'RoundPhase', entityId: p.id, payload: { phase: input.phase, before, after: input.closesOn } }, ctx.services.now());
    });
    return round;
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => DeadlineType, { description: 'Gia hạn một giai đoạn cho riêng một đơn vị; việc gia hạn được ghi lại kèm lý do.' })
  async extendDeadline(@Arg('input') input: ExtendDeadlineInput, @Ctx() ctx: RequestContext) {
    const round = await roundOf(ctx, input.roundId, true);
    assertDate(input.closesOn, 'closesOn');
    if (!input.reason.trim()) throw badInput('Cần nêu lý do gia hạn.', { field: 'reason' });
    const unit = await ctx.em.findOne(Unit, { id: idOf(input.unitId, 'Unit', 'unitId'), province: round.province });
    if (!unit) throw notFound('Không tìm thấy đơn vị trong tỉnh.');
    const current = await ctx.services.scorecards.deadline(ctx.em, round.id, unit.id, input.phase);
    if (!current) throw notFound('Đợt đánh giá không có giai đoạn này.');
    if (input.closesOn <= current.closesOn) throw badInput(`Hạn mới phải sau hạn hiện tại (${viDate(current.closesOn)}).`, { field: 'closesOn' });
    await ctx.em.transactional(async (tx) => {
      const ext = tx.create(PhaseExtension, { province: round.province, round, unit, phase: input.phase, closesOn: input.closesOn, reason: input.reason.trim(), grantedBy: viewerOf(ctx).userId });
      await tx.flush();
      await ctx.services.audit.append(tx, { provinceId: round.province.id, actorId: viewerOf(ctx).userId, action: 'deadline.extended', entityType: 'PhaseExtension', entityId: ext.id, payload: { unit: unit.id, phase: input.phase, before: current.closesOn, after: input.closesOn, reason: input.reason.trim() } }, ctx.services.now());
    });
    const closesAt = deadlineInstant(input.closesOn);
    return { phase: input.phase, closesOn: input.closesOn, closesAt, extended: true, closed: ctx.services.now() > closesAt };
  }
}

@Resolver()
export class CalendarResolver {
  @Authenticated()
  @Query(() => [CalendarDayType], { description: 'Các ngày nghỉ lễ, nghỉ bù, làm bù trong năm theo lịch của tỉnh mình.' })
  async calendar(@Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext) {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput('Năm không hợp lệ.', { field: 'year' });
    const provinceId = viewerOf(ctx).provinceId;
    const cal = await calendarFor(ctx.em, provinceId);
    const overrides = new Set((await ctx.em.find(CalendarOverride, { province: provinceId })).map((o) => o.date));
    const out: CalendarDayType[] = [];
    for (let d = new Date(Date.UTC(year, 0, 1)); d.getUTCFullYear() === year; d.setUTCDate(d.getUTCDate() + 1)) {
      const date = d.toISOString().slice(0, 10);
      const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
      const working = cal.isWorkingDay(date);
      if (working === weekend || overrides.has(date)) out.push({ date, working, name: cal.holidayName(date), override: overrides.has(date) });
    }
    return out;
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => CalendarDayType, { description: 'Sửa lịch làm việc của tỉnh: thêm ngày nghỉ hoặc ngày làm việc (ghi nhật ký).' })
  async setCalendarDay(@Arg('input') input: SetCalendarDayInput, @Ctx() ctx: RequestContext) {
    const viewer = viewerOf(ctx);
    assertDate(input.date, 'date');
    const write = () =>
      ctx.em.transactional(async (tx) => {
        const row = (await tx.findOne(CalendarOverride, { province: viewer.provinceId, date: input.date })) ?? tx.create(CalendarOverride, { province: viewer.provinceId, date: input.date, working: input.working, setBy: viewer.userId });
        tx.assign(row, { working: input.working, note: input.note?.trim() || null, setBy: viewer.userId });
        await tx.flush();
        await ctx.services.audit.append(tx, { provinceId: viewer.provinceId, actorId: viewer.userId, action: 'calendar.day.set', entityType: 'CalendarOverride', entityId: row.id, payload: { date: input.date, working: input.working, note: input.note ?? null } }, ctx.services.now());
      });
    // A concurrent call may create the same day first: then this one updates it.
    await write().catch((e: unknown) => {
      if (e instanceof UniqueConstraintViolationException) return write();
      throw e;
    });
    const cal = await calendarFor(ctx.em, viewer.provinceId);
    return { date: input.date, working: cal.isWorkingDay(input.date), name: cal.holidayName(input.date), override: true };
  }

  @Allow([Role.ADMIN], 'province')
  @Query(() => AuditCheckType, { description: 'Kiểm tra toàn bộ chuỗi nhật ký của tỉnh mình; trả về bản ghi hỏng đầu tiên nếu có.' })
  async auditCheck(@Ctx() ctx: RequestContext) {
    const b = await ctx.services.audit.verify(ctx.em, viewerOf(ctx).provinceId);
    return { ok: !b, firstBrokenSeq: b?.seq ?? null, problem: b?.problem ?? null, message: b?.message ?? null };
  }
}
