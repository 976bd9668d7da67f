import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Allow, Authenticated } from '../auth/access.js';
import { decodeBase64File } from '../import/workbook.js';
import { Role } from '../auth/role.js';
import type { RequestContext } from '../common/context.js';
import { viewerOf } from '../common/context.js';
import { decodeCursor, pageSize, toConnection } from '../common/connection.js';
import { dec, DecimalScalar, type Decimal } from '../common/decimal.js';
import { badInput, notFound } from '../common/errors.js';
import { idOf } from '../common/global-id.js';
import { BAND_LABELS } from '../ranking/band.js';
import { AssessmentRound } from '../round/assessment-round.entity.js';
import { AssessmentRoundType } from '../round/assessment-round.type.js';
import { UnitKind } from '../unit/unit-kind.js';
import { UnitGroup } from '../unit/unit-group.entity.js';
import type { EntryInput, IndicatorInput } from './contract.js';
import { CriteriaSet, type CriterionSnapshot } from './criteria.entity.js';
import { importCriteriaSet, scoreSnapshot } from './criteria.service.js';
import { criteriaXlsxTemplate } from './criteria-xlsx.js';
import {
  CriteriaSetConnection,
  CriteriaSetType,
  CriterionNodeType,
  PresetType,
  ScorePreviewType,
} from './criteria.type.js';
import { bandFor, type BandThreshold, type Preset } from './preset.js';

const bandsOut = (bands: BandThreshold[]) => bands.map((b) => ({ band: b.band, label: BAND_LABELS[b.band], minIndex: dec(b.minIndex) }));

export function presetView(p: Preset): PresetType {
  return {
    id: p.id,
    title: p.title,
    version: p.version,
    province: p.province,
    lineage: p.lineage,
    areas: Object.values(p.areas).map((a) => ({ area: a.area, pluginId: a.id, version: a.version, title: a.title, max: dec(a.tree.max) })),
    bands: bandsOut(p.bands),
    groupBands: Object.entries(p.groupBands).map(([group, bands]) => ({ group, bands: bandsOut(bands) })),
    capRules: p.capRules.map((r) => ({ ...r, conditions: r.anyOf.map((c) => `${c.indicator} ${c.op} ${c.value}`) })),
    consequenceRules: p.consequenceRules.map((r) => ({ ...r, conditions: r.anyOf.map((c) => `${c.band} ${c.years} năm liên tiếp`) })),
    notes: p.notes,
  };
}

function toNodes(rows: readonly CriterionSnapshot[]): CriterionNodeType[] {
  const byCode = new Map<string, CriterionNodeType>();
  const roots: CriterionNodeType[] = [];
  for (const r of rows) {
    const n: CriterionNodeType = {
      code: r.code,
      title: r.title,
      max: r.max,
      area: r.area,
      depth: r.depth,
      methodKind: r.method?.kind ?? null,
      method: (r.method as unknown as Record<string, unknown>) ?? null,
      evidenceRequired: !!r.evidence?.required,
      evidenceDescription: r.evidence?.description ?? null,
      guidance: r.guidance ?? null,
      appliesTo: r.appliesTo ?? null,
      notApplicable: r.notApplicable ?? null,
      sourceId: r.sourceId,
      sourceVersion: r.sourceVersion,
      children: [],
    };
    byCode.set(r.code, n);
    if (r.parentCode) byCode.get(r.parentCode)?.children.push(n);
    else roots.push(n);
  }
  return roots;
}

@InputType()
export class ImportCriteriaSetInput {
  @Field({ description: 'Nội dung tệp: văn bản YAML, hoặc tệp .xlsx theo mẫu mã hóa base64.' })
  content!: string;

  @Field(() => String, { nullable: true, defaultValue: 'yaml', description: '"yaml" (mặc định) hoặc "xlsx".' })
  format?: string;
}

@InputType()
export class EntryValueInput {
  @Field()
  code!: string;

  @Field(() => String, { nullable: true, description: 'yes/no hoặc giá trị mức.' })
  value?: string | null;

  @Field(() => [VariableInput], { nullable: true })
  variables?: VariableInput[] | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Điểm nhập trực tiếp (tiêu chí do hội đồng chấm).' })
  points?: Decimal | null;

  @Field({ nullable: true, defaultValue: false })
  notApplicable?: boolean;

  @Field(() => Int, { nullable: true, defaultValue: 0 })
  evidenceCount?: number;
}

@InputType()
export class VariableInput {
  @Field()
  name!: string;

  @Field(() => DecimalScalar)
  value!: Decimal;
}

@InputType()
export class IndicatorSampleInput {
  @Field()
  code!: string;

  @Field(() => DecimalScalar)
  value!: Decimal;
}

@InputType()
export class ScorePreviewInput {
  @Field(() => ID)
  roundId!: string;

  @Field({ description: 'Mã nhóm xếp hạng.' })
  group!: string;

  @Field(() => UnitKind)
  unitKind!: UnitKind;

  @Field(() => [EntryValueInput])
  entries!: EntryValueInput[];

  @Field(() => [IndicatorSampleInput], { nullable: true })
  indicators?: IndicatorSampleInput[] | null;
}

@Resolver(() => AssessmentRoundType)
export class CriteriaResolver {
  @Authenticated()
  @Query(() => [PresetType], { description: 'Các preset được cài trên máy chủ (quốc gia và các tỉnh).' })
  presets(@Ctx() ctx: RequestContext): PresetType[] {
    return ctx.services.presets.all().map(presetView);
  }

  @Authenticated()
  @Query(() => CriteriaSetConnection, { description: 'Các bộ tiêu chí tỉnh đã nhập, mới nhất trước.' })
  async criteriaSets(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2) as [string, string] | null;
    const qb = ctx.em.createQueryBuilder(CriteriaSet, 's').select(['s.id', 's.province', 's.code', 's.version', 's.title', 's.format', 's.created_at', 's.definition']).where({ province: viewerOf(ctx).provinceId });
    const count = qb.clone();
    if (cursor) qb.andWhere('(s.created_at, s.id) < (?::timestamptz, ?::uuid)', cursor);
    qb.orderBy([{ createdAt: 'desc' }, { id: 'desc' }]).limit(size + 1);
    const [rows, total] = await Promise.all([qb.getResultList(), count.getCount()]);
    return toConnection(rows, size, total, (s) => [s.createdAt.toISOString(), s.id], cursor != null);
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => CriteriaSetType, {
    description:
      'Nhập bộ tiêu chí của tỉnh từ YAML thành một phiên bản mới; mọi lỗi được liệt kê trong `extensions.problems` (dòng, vị trí, nội dung), có lỗi thì không ghi gì. Dùng ngay cho đợt đánh giá mới bằng mã set:<mã>.',
  })
  importCriteriaSet(@Arg('input') input: ImportCriteriaSetInput, @Ctx() ctx: RequestContext) {
    const format = (input.format ?? 'yaml').toLowerCase();
    if (format !== 'yaml' && format !== 'xlsx') throw badInput('format phải là "yaml" hoặc "xlsx".', { field: 'format' });
    if (format === 'xlsx') {
      return importCriteriaSet(ctx.em, viewerOf(ctx).provinceId, decodeBase64File(input.content, 'content'), 'xlsx');
    }
    return importCriteriaSet(ctx.em, viewerOf(ctx).provinceId, input.content, 'yaml');
  }

  @Allow([Role.ADMIN], 'province')
  @Query(() => String, { description: 'Tệp mẫu bộ tiêu chí dạng bảng (.xlsx, base64): mã · tiêu chí · điểm tối đa · phương pháp · tham số · tài liệu kiểm chứng.' })
  async criteriaImportTemplate() {
    return (await criteriaXlsxTemplate()).toString('base64');
  }

  @Authenticated()
  @Query(() => ScorePreviewType, {
    description: 'Tính thử điểm theo bộ tiêu chí đã chụp của một đợt và nhóm (không ghi gì): điểm, lý do từng tiêu chí, chỉ số và xếp loại.',
  })
  async scorePreview(@Arg('input') input: ScorePreviewInput, @Ctx() ctx: RequestContext): Promise<ScorePreviewType> {
    const round = await ctx.em.findOne(AssessmentRound, { id: idOf(input.roundId, 'AssessmentRound', 'roundId') });
    if (!round || !(await ctx.scope.canRead(round.province.id))) throw notFound('Không tìm thấy đợt đánh giá.');
    const group = await ctx.em.findOne(UnitGroup, { province: round.province, code: input.group });
    if (!group) throw notFound(`Không tìm thấy nhóm xếp hạng "${input.group}".`);
    const rows = await ctx.loaders.snapshotOf.load(`${round.id}|${group.id}`);
    if (!rows.length) throw notFound(`Đợt đánh giá không có nhóm "${input.group}".`);
    const preset = ctx.services.presets.get(round.presetId);
    if (!preset) throw notFound(`Preset "${round.presetId}" của đợt đánh giá không còn được cài trên máy chủ.`);
    if (input.entries.length > 2000) throw badInput('Tối đa 2000 tiêu chí mỗi lần tính.', { field: 'entries' });
    const entries: Record<string, EntryInput> = {};
    for (const e of input.entries)
      entries[e.code] = {
        value: e.value ?? null,
        variables: Object.fromEntries((e.variables ?? []).map((v) => [v.name, v.value])),
        points: e.points ?? null,
        notApplicable: e.notApplicable ?? false,
        evidenceCount: e.evidenceCount ?? 0,
      };
    const indicators: Record<string, IndicatorInput> = Object.fromEntries((input.indicators ?? []).map((i) => [i.code, { value: i.value }]));
    const s = scoreSnapshot(rows, preset, { unitKind: input.unitKind, entries, indicators });
    return {
      total: s.total,
      max: s.max,
      index: s.index,
      band: bandFor(preset, s.index, input.group),
      areas: [...s.areas, ...(s.impact ? [s.impact] : []), ...(s.bonus ? [s.bonus] : [])],
    };
  }

  @FieldResolver(() => [CriterionNodeType], {
    description: 'Cây tiêu chí của một nhóm trong đợt (lĩnh vực → tiêu chí → tiêu chí thành phần), từ bản chụp khi mở đợt.',
  })
  async criteria(@Root() round: AssessmentRound, @Arg('group') groupCode: string, @Ctx() ctx: RequestContext) {
    const groups = await ctx.loaders.groupsOfRound.load(round.id);
    const units = await ctx.loaders.unitGroup.loadMany(groups.map((g) => g.group.id));
    const group = units.find((g): g is UnitGroup => g instanceof UnitGroup && g.code === groupCode);
    if (!group) throw notFound(`Đợt đánh giá không có nhóm "${groupCode}".`);
    return toNodes(await ctx.loaders.snapshotOf.load(`${round.id}|${group.id}`));
  }

  @FieldResolver(() => PresetType, { nullable: true, description: 'Preset của đợt (xếp loại, quy tắc); null nếu không còn được cài.' })
  preset(@Root() round: AssessmentRound, @Ctx() ctx: RequestContext) {
    const p = ctx.services.presets.get(round.presetId);
    return p ? presetView(p) : null;
  }
}

@Resolver(() => CriteriaSetType)
export class CriteriaSetResolver {
  @FieldResolver(() => String)
  ref(@Root() s: CriteriaSet) {
    return `set:${s.code}@${s.version}`;
  }
}
