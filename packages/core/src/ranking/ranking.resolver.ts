import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, ID, Info, Int, ObjectType, Query, registerEnumType, Resolver } from 'type-graphql';
import { selects } from '../common/selection.js';
import { viewerOf } from '../common/context.js';
import { Allow, Inherit } from '../auth/access.js';
import { Role } from '../auth/role.js';
import type { RequestContext } from '../common/context.js';
import { dec, DecimalScalar, type Decimal } from '../common/decimal.js';
import { notFound } from '../common/errors.js';
import { toGlobalId } from '../common/global-id.js';
import { groupOf, roundOf } from '../round/lookup.js';
import { AreaPointsType } from '../criteria/criteria.type.js';
import { Band, BAND_LABELS } from './band.js';
import type { RankingRow } from './ranking.service.js';

@Inherit()
// Plain values in large lists (a row per unit, a criterion per row): graphql-js reads the properties
// directly (simpleResolvers), without type-graphql's per-field wrapper.
@ObjectType('RankingCriterion', { simpleResolvers: true })
export class RankingCriterionType {
  @Field()
  code!: string;

  @Field(() => DecimalScalar)
  points!: Decimal;
}

@Inherit()
@ObjectType('AppliedRule', { simpleResolvers: true, description: 'Quy tắc đã áp dụng cho đơn vị và giá trị làm phát sinh.' })
export class AppliedRuleType {
  @Field()
  ruleId!: string;

  @Field()
  title!: string;

  @Field()
  basis!: string;

  @Field({ description: 'CAP (khống chế xếp loại) hoặc CONSEQUENCE (hệ quả, ví dụ HEAD_REVIEW).' })
  kind!: string;

  @Field(() => [String], { description: 'Ví dụ "LATE_DOSSIER_RATE = 6.03 (>= 5)" hoặc "2025: AVERAGE".' })
  triggers!: string[];
}

@Inherit()
@ObjectType('RankingRow', { simpleResolvers: true })
export class RankingRowType {
  @Field(() => Int)
  rank!: number;

  @Field(() => ID)
  unitId!: string;

  @Field()
  unitName!: string;

  @Field(() => DecimalScalar)
  total!: Decimal;

  @Field(() => DecimalScalar)
  max!: Decimal;

  @Field(() => DecimalScalar, { description: 'Chỉ số (%), làm tròn nửa lên 2 chữ số.' })
  index!: Decimal;

  @Field(() => Band, { description: 'Xếp loại sau khi áp dụng quy tắc khống chế.' })
  band!: Band;

  @Field()
  bandLabel!: string;

  @Field(() => Band, { description: 'Xếp loại theo ngưỡng chỉ số, trước quy tắc khống chế.' })
  bandByIndex!: Band;

  @Field(() => [AreaPointsType])
  areas!: AreaPointsType[];

  @Field(() => [RankingCriterionType], { description: 'Điểm từng tiêu chí (lọc theo mã nếu cần).' })
  criteria!: RankingCriterionType[];

  @Field(() => [AppliedRuleType])
  rules!: AppliedRuleType[];

  @Field(() => [String], { description: 'Cờ hệ quả, ví dụ HEAD_REVIEW.' })
  flags!: string[];
}

@Inherit()
@ObjectType('Ranking')
export class RankingType {
  @Field({ description: 'true: kết quả dự kiến trong thẩm định, không phải kết quả chính thức.' })
  provisional!: boolean;

  @Field()
  label!: string;

  @Field(() => Int, { nullable: true })
  publicationVersion!: number | null;

  @Field(() => [RankingRowType])
  rows!: RankingRowType[];
}

export enum ExportFormat {
  JSON = 'json',
  CSV = 'csv',
  XLSX = 'xlsx',
  DOCX = 'docx',
}
registerEnumType(ExportFormat, { name: 'ExportFormat', description: 'Định dạng xuất: JSON, CSV, XLSX (bảng xếp hạng), DOCX (phụ lục quyết định công bố).' });

@Resolver()
export class RankingResolver {
  @Allow([Role.ADMIN, Role.UNIT, Role.REVIEWER, Role.COUNCIL_MEMBER, Role.INSPECTOR, Role.INTEGRATION, Role.NATIONAL_READER], 'province')
  @Query(() => String, { description: 'Đường dẫn tải bảng xếp hạng (có chữ ký, hiệu lực 5 phút); tệp được tạo lại từ kết quả đã lưu khi tải.' })
  async rankingExportUrl(
    @Arg('roundId', () => ID) roundId: string,
    @Arg('group') groupCode: string,
    @Arg('format', () => ExportFormat) format: ExportFormat,
    @Ctx() ctx: RequestContext,
    @Arg('provisional', { defaultValue: false }) provisional: boolean,
  ): Promise<string> {
    const round = await roundOf(ctx, roundId);
    await groupOf(ctx, round, groupCode);
    return ctx.services.downloads.signRankingExport({ roundId: round.id, group: groupCode, provisional, format, userId: viewerOf(ctx).userId });
  }

  @Allow([Role.ADMIN, Role.UNIT, Role.REVIEWER, Role.COUNCIL_MEMBER, Role.INSPECTOR, Role.INTEGRATION, Role.NATIONAL_READER], 'province')
  @Query(() => RankingType, {
    description:
      'Xếp hạng một nhóm trong đợt: chính thức từ kết quả đã công bố, hoặc dự kiến (provisional) từ giá trị mới nhất của từng phiếu; trả cả nhóm (≤ 2000 dòng).',
  })
  async ranking(
    @Arg('roundId', () => ID) roundId: string,
    @Arg('group') groupCode: string,
    @Ctx() ctx: RequestContext,
    @Arg('provisional', { defaultValue: false }) provisional: boolean,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RankingType> {
    const round = await roundOf(ctx, roundId);
    const group = await groupOf(ctx, round, groupCode);
    const preset = ctx.services.presets.get(round.presetId);
    if (!preset) throw notFound(`Preset "${round.presetId}" của đợt không còn được cài trên máy chủ.`);
    // Points per criterion (≈ 200 per unit) and per area are read and built only when the operation asks for them.
    const withCriteria = selects(info, ['rows', 'criteria']);
    const r = await ctx.services.ranking.ranking(ctx.em, preset, round, group, provisional, { criteria: withCriteria, areas: selects(info, ['rows', 'areas']) });
    return {
      ...r,
      rows: r.rows.map((x) => toRankingRowType(x, withCriteria)),
    };
  }
}

/** The rules that applied to a ranking row, as the API shows them (cap rules with their triggers, consequence flags with the history). */
export const appliedRules = (x: Pick<RankingRow, 'capped' | 'flags'>) => [
  ...x.capped.map((c) => ({ ruleId: c.rule.id, title: c.rule.title, basis: c.rule.basis, kind: 'CAP', triggers: c.triggers.map((t) => `${t.indicator} = ${t.value} (${t.condition})`) })),
  ...x.flags.map((f) => ({ ruleId: f.rule.id, title: f.rule.title, basis: f.rule.basis, kind: 'CONSEQUENCE', triggers: f.history.map((h) => `${h.year}: ${h.band ?? '—'}`) })),
];

/** A ranking row as the API's RankingRow (points per criterion only when asked for). */
export const toRankingRowType = (x: RankingRow, withCriteria = false) => ({
  rank: x.rank,
  unitId: toGlobalId('Unit', x.unitId),
  unitName: x.unitName,
  total: x.total,
  max: x.max,
  index: x.index,
  band: x.band,
  bandLabel: BAND_LABELS[x.band],
  bandByIndex: x.bandByIndex,
  areas: x.areas,
  criteria: withCriteria ? Object.entries(x.criteria).map(([code, points]) => ({ code, points: dec(points) })) : [],
  rules: appliedRules(x),
  flags: x.flags.map((f) => f.flag),
});
