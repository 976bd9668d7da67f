import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Allow } from '../auth/access.js';
import { Role } from '../auth/role.js';
import { viewerOf, type RequestContext } from '../common/context.js';
import { badInput, forbidden, notFound } from '../common/errors.js';
import { idOf, toGlobalId } from '../common/global-id.js';
import { BAND_LABELS } from '../ranking/band.js';
import { appliedRules, toRankingRowType } from '../ranking/ranking.resolver.js';
import type { RankingRow } from '../ranking/ranking.service.js';
import { groupOf, roundOf } from '../round/lookup.js';
import { ReportFileType } from '../scorecard/appraisal.resolver.js';
import { Unit } from '../unit/unit.entity.js';
import { areaTitle, groupComparisonXlsx, historyXlsx, nationalXlsx, scenarioXlsx } from './analysis-export.js';
import {
  GroupComparisonType,
  NationalComparisonType,
  RescoreInput,
  ScenarioResultType,
  UnitHistoryType,
  WhatIfInput,
  type ScenarioRulesInput,
} from './analysis.type.js';
import { ComparisonService } from './comparison.service.js';
import { ScenarioService, type ScenarioOutcome, type ScenarioRules, type ScenarioRow } from './scenario.service.js';

type FileOf = { file: () => Promise<{ fileName: string; mediaType: string; data: Buffer }> };
const asReport = async (r: FileOf): Promise<ReportFileType> => {
  const f = await r.file();
  return { fileName: f.fileName, mediaType: f.mediaType, contentBase64: f.data.toString('base64') };
};

const rulesOf = (r: ScenarioRulesInput | null | undefined): ScenarioRules | null =>
  r
    ? {
        presetId: r.preset ?? null,
        bands: r.bands?.map((b) => ({ band: b.band, minIndex: b.minIndex.toFixed() })) ?? null,
        areaMax: r.areaMax?.map((a) => ({ area: a.area.trim().toUpperCase(), max: a.max })) ?? null,
        disabledRules: r.disabledRules ?? null,
      }
    : null;

const rankingRow = (x: RankingRow) => toRankingRowType(x);

const scenarioRow = (r: ScenarioRow) => ({
  unitId: toGlobalId('Unit', r.unitId),
  unitName: r.unitName,
  source: r.source,
  oldRank: r.old.rank,
  rank: r.rank,
  rankChange: r.old.rank - r.rank,
  oldTotal: r.old.total,
  total: r.total,
  oldMax: r.old.max,
  max: r.max,
  oldIndex: r.old.index,
  index: r.index,
  indexChange: r.index.minus(r.old.index),
  oldBand: r.old.band,
  band: r.band,
  oldBandLabel: BAND_LABELS[r.old.band],
  bandLabel: BAND_LABELS[r.band],
  bandByIndex: r.bandByIndex,
  rankChanged: r.rank !== r.old.rank,
  bandChanged: r.band !== r.old.band,
  areas: r.areas,
  criteria: r.criteria,
  rules: appliedRules(r),
  flags: r.flags.map((f) => f.flag),
});

/** The GraphQL shape of a scenario, carrying how to build its XLSX. */
export function scenarioResult(o: ScenarioOutcome, provinceName: string): ScenarioResultType & FileOf {
  return {
    kind: o.kind,
    roundId: toGlobalId('AssessmentRound', o.round.id),
    year: o.round.year,
    group: o.group.code,
    groupName: o.group.name,
    baseline: o.baseline.label,
    baselineProvisional: o.baseline.provisional,
    publicationVersion: o.baseline.publicationVersion,
    basis: o.basis,
    preset: o.presetId,
    criteria: o.criteria,
    description: o.description,
    units: o.rows.length,
    rankChanges: o.rows.filter((r) => r.rank !== r.old.rank).length,
    bandChanges: o.rows.filter((r) => r.band !== r.old.band).length,
    durationMs: o.durationMs,
    rows: o.rows.map(scenarioRow),
    file: () => scenarioXlsx(o, provinceName),
  };
}

const ANALYSTS = [Role.ADMIN, Role.COUNCIL_MEMBER, Role.NATIONAL_READER] as const;
const WHAT_IF = [Role.ADMIN, Role.REVIEWER, Role.COUNCIL_MEMBER, Role.NATIONAL_READER] as const;
const COMPARERS = [Role.ADMIN, Role.REVIEWER, Role.COUNCIL_MEMBER, Role.INSPECTOR, Role.NATIONAL_READER] as const;

@Resolver()
export class AnalysisResolver {
  @Allow(ANALYSTS, 'province')
  @Query(() => ScenarioResultType, {
    description:
      'Chấm lại một nhóm của đợt theo bộ tiêu chí (phiên bản plugin, bộ tiêu chí sửa đổi), preset hoặc trọng số, ngưỡng, quy tắc khác, với dữ liệu và chỉ số hiện tại; so với kết quả đã công bố (hoặc dự kiến). Tính trong bộ nhớ, không ghi gì.',
  })
  async rescoreRound(@Arg('input') input: RescoreInput, @Ctx() ctx: RequestContext): Promise<ScenarioResultType> {
    const round = await roundOf(ctx, input.roundId);
    const group = await groupOf(ctx, round, input.group);
    const o = await new ScenarioService(ctx.services.presets, ctx.services.ranking).evaluate(ctx.em, round, group, {
      kind: 'RESCORE',
      basis: input.basis,
      criteria: input.criteria?.trim() || null,
      rules: rulesOf(input.rules),
    });
    return scenarioResult(o, (await ctx.loaders.province.load(round.province.id))?.name ?? '');
  }

  @Allow(WHAT_IF, 'province')
  @Query(() => ScenarioResultType, {
    description:
      'Giả định: nếu tiêu chí X của đơn vị U có giá trị V (hoặc được chấp nhận điểm tự chấm; hoặc chỉ số của đơn vị có giá trị khác; nhiều thay đổi cùng lúc; hoặc trọng số, ngưỡng của preset khác) thì tổng điểm, xếp loại, xếp hạng của cả nhóm ra sao. Không ghi gì.',
  })
  async whatIf(@Arg('input') input: WhatIfInput, @Ctx() ctx: RequestContext): Promise<ScenarioResultType> {
    const round = await roundOf(ctx, input.roundId);
    const group = await groupOf(ctx, round, input.group);
    if (!input.changes.length && !input.indicators.length && !input.rules)
      throw badInput('Cần ít nhất một thay đổi (changes), giá trị chỉ số (indicators) hoặc quy tắc (rules).', { field: 'changes' });
    const changes = input.changes.map((c) => ({
      unitId: idOf(c.unitId, 'Unit', 'unitId'),
      code: c.code.trim(),
      accept: c.accept ?? null,
      value: c.value ?? null,
      variables: c.variables ? Object.fromEntries(c.variables.map((v) => [v.name, v.value.toFixed()])) : null,
      points: c.points?.toFixed() ?? null,
      notApplicable: c.notApplicable ?? null,
    }));
    const indicators = input.indicators.map((c) => ({ unitId: idOf(c.unitId, 'Unit', 'unitId'), code: c.code.trim(), value: c.value }));
    const o = await new ScenarioService(ctx.services.presets, ctx.services.ranking).evaluate(ctx.em, round, group, { kind: 'WHAT_IF', changes, indicators, rules: rulesOf(input.rules) });
    return scenarioResult(o, (await ctx.loaders.province.load(round.province.id))?.name ?? '');
  }

  @Allow([Role.ADMIN, Role.UNIT, Role.REVIEWER, Role.COUNCIL_MEMBER, Role.INSPECTOR, Role.NATIONAL_READER], 'own-unit')
  @Query(() => UnitHistoryType, {
    description:
      'Kết quả của một đơn vị qua các năm; những năm trước khi đơn vị có (đổi tên, sáp nhập, chia tách, chuyển giao) là kết quả của các đơn vị tiền thân. Tài khoản đơn vị chỉ xem được đơn vị mình.',
  })
  async unitYearOverYear(
    @Arg('unitId', () => ID) unitId: string,
    @Ctx() ctx: RequestContext,
    @Arg('includeProvisional', { defaultValue: false, description: 'Kèm kết quả dự kiến của các nhóm chưa công bố.' }) includeProvisional: boolean,
  ): Promise<UnitHistoryType> {
    const viewer = viewerOf(ctx);
    const id = idOf(unitId, 'Unit', 'unitId');
    if (viewer.role === Role.UNIT && id !== viewer.unitId) throw forbidden('Tài khoản đơn vị chỉ xem được kết quả qua các năm của đơn vị mình.');
    const unit = await ctx.em.findOne(Unit, { id });
    if (!unit || !(await ctx.scope.canRead(unit.province.id))) throw notFound('Không tìm thấy đơn vị.');
    const rows = await new ComparisonService(ctx.services.presets, ctx.services.ranking).unitHistory(ctx.em, unit.id, includeProvisional);
    return {
      unitId: toGlobalId('Unit', unit.id),
      unitName: unit.name,
      years: rows.map((r) => ({ ...r, roundId: toGlobalId('AssessmentRound', r.roundId), unitId: toGlobalId('Unit', r.unitId), group: r.groupCode, bandLabel: BAND_LABELS[r.band] })),
      file: () => historyXlsx(unit.name, unit.code, rows),
    } as UnitHistoryType & FileOf;
  }

  @Allow(COMPARERS, 'province')
  @Query(() => GroupComparisonType, { description: 'Các đơn vị của một nhóm cạnh nhau (tất cả, hoặc những đơn vị được chọn) với trung bình từng lĩnh vực và số đơn vị theo xếp loại.' })
  async groupComparison(
    @Arg('roundId', () => ID) roundId: string,
    @Arg('group') groupCode: string,
    @Ctx() ctx: RequestContext,
    @Arg('unitIds', () => [ID], { nullable: true }) unitIds: string[] | null,
    @Arg('provisional', { defaultValue: false }) provisional: boolean,
  ): Promise<GroupComparisonType> {
    const round = await roundOf(ctx, roundId);
    const group = await groupOf(ctx, round, groupCode);
    if ((unitIds?.length ?? 0) > 2000) throw badInput('Tối đa 2000 đơn vị.', { field: 'unitIds' });
    const ids = (unitIds ?? []).map((u) => idOf(u, 'Unit', 'unitIds'));
    const preset = ctx.services.presets.get(round.presetId);
    if (!preset) throw notFound(`Preset "${round.presetId}" của đợt không còn được cài trên máy chủ.`);
    const c = await new ComparisonService(ctx.services.presets, ctx.services.ranking).groupComparison(ctx.em, preset, round, group, ids, provisional);
    const provinceName = (await ctx.loaders.province.load(round.province.id))?.name ?? '';
    return {
      roundId: toGlobalId('AssessmentRound', round.id),
      year: round.year,
      group: group.code,
      provisional: c.ranking.provisional,
      label: c.ranking.label,
      units: c.units,
      averageIndex: c.averageIndex,
      rows: c.rows.map(rankingRow),
      averages: c.averages.map((a) => ({ ...a, title: areaTitle(a.area) })),
      bands: c.bands,
      file: () => groupComparisonXlsx(c, { year: round.year, group: group.code, groupName: group.name, provinceName }),
    } as GroupComparisonType & FileOf;
  }

  @Allow([Role.NATIONAL_READER], 'province')
  @Query(() => NationalComparisonType, { description: 'Các tỉnh cạnh nhau trong một năm (Bộ Nội vụ): từ kết quả đã công bố, trên các lĩnh vực mọi tỉnh đều có. Chỉ tài khoản NATIONAL_READER.' })
  async nationalComparison(
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: RequestContext,
    @Arg('group', () => String, { nullable: true, description: 'Mã nhóm xếp hạng (ví dụ so-nganh); bỏ trống = mọi nhóm.' }) group: string | null,
  ): Promise<NationalComparisonType> {
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw badInput('Năm phải từ 2000 đến 2100.', { field: 'year' });
    const n = await new ComparisonService(ctx.services.presets, ctx.services.ranking).national(ctx.em, year, group?.trim() || null);
    return {
      year: n.year,
      group: n.group,
      sharedAreas: n.sharedAreas,
      provinces: n.provinces.map((p) => ({ province: p.provinceCode, provinceName: p.provinceName, rank: p.rank, units: p.units, averageIndex: p.averageIndex, bands: p.bands, areas: p.areas })),
      file: () => nationalXlsx(n),
    } as NationalComparisonType & FileOf;
  }
}

const XLSX_DESCRIPTION = 'Bảng tính XLSX (tiêu đề tiếng Việt) của kết quả này, base64.';

@Resolver(() => ScenarioResultType)
export class ScenarioResultFields {
  @FieldResolver(() => ReportFileType, { description: XLSX_DESCRIPTION })
  xlsx(@Root() r: ScenarioResultType) {
    return asReport(r as unknown as FileOf);
  }
}

@Resolver(() => UnitHistoryType)
export class UnitHistoryFields {
  @FieldResolver(() => ReportFileType, { description: XLSX_DESCRIPTION })
  xlsx(@Root() r: UnitHistoryType) {
    return asReport(r as unknown as FileOf);
  }
}

@Resolver(() => GroupComparisonType)
export class GroupComparisonFields {
  @FieldResolver(() => ReportFileType, { description: XLSX_DESCRIPTION })
  xlsx(@Root() r: GroupComparisonType) {
    return asReport(r as unknown as FileOf);
  }
}

@Resolver(() => NationalComparisonType)
export class NationalComparisonFields {
  @FieldResolver(() => ReportFileType, { description: XLSX_DESCRIPTION })
  xlsx(@Root() r: NationalComparisonType) {
    return asReport(r as unknown as FileOf);
  }
}

