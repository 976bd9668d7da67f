import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { AuditService } from '../audit/audit.service.js';
import { Role } from '../auth/role.js';
import type { Viewer } from '../auth/viewer.js';
import type { CriterionDef, EntryInput, IndicatorInput } from '../criteria/contract.js';
import { CriterionSnapshot } from '../criteria/criteria.entity.js';
import { scoreTrees, treesFromSnapshot } from '../criteria/criteria.service.js';
import type { PresetRegistry } from '../criteria/preset.js';
import { parseDecimal, type DecimalInput } from '../common/decimal.js';
import { viDate } from '../common/dates.js';
import { badInput, ErrorCode, forbidden, notFound, UserError } from '../common/errors.js';
import { indicatorsForUnits } from '../indicator/indicator.service.js';
import { deadlineInstant } from '../calendar/working-days.js';
import { AssessmentRound } from '../round/assessment-round.entity.js';
import { Unit } from '../unit/unit.entity.js';
import type { UnitKind } from '../unit/unit-kind.js';
import { EvidenceLink } from './evidence.entity.js';
import { Phase, PhaseExtension, PHASE_TITLES, RoundPhase } from './phase.entity.js';
import { Scorecard, ScorecardArea, ScorecardEntry, ScorecardResult, ScorecardStatus, Stage } from './scorecard.entity.js';


export interface ScorecardDeps {
  audit: AuditService;
  presets: PresetRegistry;
  now: () => Date;
}

export interface SaveEntrySpec {
  code: string;
  /** The entry version the caller read (0 for a criterion never saved). */
  expectedVersion: number;
  value?: string | null;
  variables?: Record<string, string>;
  notApplicable?: boolean;
  comment?: string | null;
  explanation?: string | null;
}

type SnapshotTrees = ReturnType<typeof treesFromSnapshot>;
/**
 * The trees and leaves built from a snapshot's rows, kept as long as the rows array lives (the
 * service keeps one array per round group): scoring does not modify trees, so every card of a
 * group is scored against the same ones instead of rebuilding ≈ 230 nodes per card.
 */
const builtTrees = new WeakMap<readonly CriterionSnapshot[], { trees: SnapshotTrees; leaves: Map<string, CriterionDef> }>();
function built(rows: readonly CriterionSnapshot[]) {
  let b = builtTrees.get(rows);
  if (!b) {
    const trees = treesFromSnapshot(rows);
    const leaves = new Map<string, CriterionDef>();
    const walk = (n: CriterionDef) => (n.children?.length ? n.children.forEach(walk) : leaves.set(n.code, n));
    for (const t of trees) walk(t.tree);
    b = { trees, leaves };
    builtTrees.set(rows, b);
  }
  return b;
}

/** The leaves of a snapshot, by code. */
function leavesOf(rows: readonly CriterionSnapshot[]): Map<string, CriterionDef> {
  return built(rows).leaves;
}

/** Checks an entered value against the criterion's method and bounds; returns the problem or null. */
export function entryProblem(leaf: CriterionDef, e: SaveEntrySpec, role: Role): string | null {
  const m = leaf.method!;
  if (e.notApplicable) return null;
  const vars = e.variables ?? {};
  for (const [k, v] of Object.entries(vars)) if (!parseDecimal(v)) return `biến ${k} = "${v}" không phải là số`;
  const num = (k: string) => (Object.hasOwn(vars, k) ? parseDecimal(vars[k]) : null);
  switch (m.kind) {
    case 'yesNo':
      return e.value == null || ['yes', 'no'].includes(e.value) ? null : `giá trị phải là "yes" hoặc "no"`;
    case 'levels':
      return e.value == null || m.levels.some((l) => l.value === e.value) ? null : `mức "${e.value}" không có; dùng ${m.levels.map((l) => l.value).join(', ')}`;
    case 'ratioLinear':
    case 'ratioThresholds': {
      if ('indicator' in m.source) return Object.keys(vars).length ? `tiêu chí lấy từ chỉ số ${m.source.indicator}, không nhập số liệu` : null;
      const n = num(m.source.numerator);
      const d = num(m.source.denominator);
      if (n && n.lt(0)) return `${m.source.numerator} không được âm`;
      if (d && d.lte(0)) return `${m.source.denominator} phải lớn hơn 0`;
      if (n && d && n.gt(d)) return `${m.source.numerator} (${n.toFixed()}) không được lớn hơn ${m.source.denominator} (${d.toFixed()})`;
      return null;
    }
    case 'count':
    case 'bonusPenalty': {
      const c = num(m.variable);
      if (c && (c.lt(0) || !c.isInteger())) return `${m.variable} phải là số nguyên không âm`;
      return null;
    }
    case 'formula':
      return null;
    case 'survey':
      return 'tiêu chí lấy từ kết quả khảo sát, đơn vị không nhập';
    case 'manual':
      return role === Role.UNIT ? 'tiêu chí do Hội đồng chấm, đơn vị không nhập' : null;
  }
}

export class ScorecardService {
  constructor(private readonly deps: ScorecardDeps) {}

  /**
   * A round group's criteria are frozen when the round opens, so their snapshot rows are kept
   * here (read-only, not tracked by any EntityManager) instead of being read again (≈ 230 rows)
   * on every save and submission. Bounded; an empty snapshot is never kept.
   */
  private readonly snapshots = new Map<string, CriterionSnapshot[]>();

  private async snapshotOf(em: EntityManager, card: Scorecard): Promise<CriterionSnapshot[]> {
    const key = `${card.round.id}|${card.group.id}`;
    const known = this.snapshots.get(key);
    if (known) return known;
    const rows = await em.find(CriterionSnapshot, { round: card.round.id, group: card.group.id }, { orderBy: { position: 'asc' }, disableIdentityMap: true });
    if (rows.length) {
      if (this.snapshots.size >= 500) this.snapshots.delete(this.snapshots.keys().next().value!);
      this.snapshots.set(key, rows);
    }
    return rows;
  }

  /** Creates the scorecards of a round: one per unit valid on the reference date in a covered group (one statement). */
  async createForRound(em: EntityManager, round: AssessmentRound): Promise<number> {
    return em.getConnection().execute(
      `insert into scorecard (id, created_at, province_id, round_id, unit_id, group_id, status, version)
       select gen_random_uuid(), now(), u.province_id, rg.round_id, u.id, u.group_id, 'DRAFT', 1
         from round_group rg join unit u on u.group_id = rg.group_id
        where rg.round_id = ? and u.valid_from <= ?::date and (u.valid_to is null or u.valid_to >= ?::date)
       on conflict (round_id, unit_id) do nothing`,
      [round.id, round.referenceDate, round.referenceDate],
      'run',
      em.getTransactionContext(),
    ).then((r) => (r as { affectedRows?: number }).affectedRows ?? 0);
  }

  /** The effective deadline of a phase for a unit: the round's date, or a later extension for that unit. */
  async deadline(em: EntityManager, roundId: string, unitId: string, phase: Phase): Promise<{ closesOn: string; extended: boolean } | null> {
    const p = await em.findOne(RoundPhase, { round: roundId, phase });
    if (!p) return null;
    const ext = await em.findOne(PhaseExtension, { round: roundId, unit: unitId, phase }, { orderBy: { closesOn: 'desc' } });
    return ext && ext.closesOn > p.closesOn ? { closesOn: ext.closesOn, extended: true } : { closesOn: p.closesOn, extended: false };
  }

  async assertOpen(em: EntityManager, card: Scorecard, phase: Phase) {
    const d = await this.deadline(em, card.round.id, card.unit.id, phase);
    if (d && this.deps.now() > deadlineInstant(d.closesOn))
      throw new UserError(
        ErrorCode.PHASE_CLOSED,
        `Giai đoạn "${PHASE_TITLES[phase]}" đã kết thúc lúc 23:59:59 ngày ${viDate(d.closesOn)}${d.extended ? ' (hạn đã gia hạn)' : ''}; không thể thay đổi. Liên hệ Sở Nội vụ nếu cần gia hạn.`,
        { phase, deadline: d.closesOn },
      );
  }

  /** Loads a scorecard the viewer may read (own unit for UNIT accounts; the province for others). */
  async readable(em: EntityManager, viewer: Viewer, id: string, readProvinces: Set<string>): Promise<Scorecard> {
    const card = await em.findOne(Scorecard, { id });
    if (!card || !readProvinces.has(card.province.id)) throw notFound('Không tìm thấy phiếu chấm.');
    if (viewer.role === Role.UNIT && viewer.unitId !== card.unit.id) throw forbidden('Bạn chỉ được xem, chấm phiếu của đơn vị mình.');
    if (viewer.role === Role.INTEGRATION) throw forbidden();
    return card;
  }

  private assertUnitWrite(viewer: Viewer, card: Scorecard, allowed: readonly ScorecardStatus[] = [ScorecardStatus.DRAFT, ScorecardStatus.RETURNED]) {
    if (viewer.role !== Role.UNIT || viewer.unitId !== card.unit.id) throw forbidden('Chỉ đơn vị được chấm mới tự chấm phiếu của mình.');
    if (!allowed.includes(card.status))
      throw new UserError(
        ErrorCode.INVALID_STATE,
        card.status === ScorecardStatus.PUBLISHED
          ? 'Kết quả đã công bố; không thể thay đổi.'
          : 'Phiếu chấm đã nộp; đơn vị chỉ xem được cho đến khi được trả lại hoặc được yêu cầu giải trình.',
        { status: card.status },
      );
  }

  /** Saves one criterion of the self-assessment as a draft; recomputes and stores the card's self results. */
  async saveSelfEntry(em: EntityManager, viewer: Viewer, card: Scorecard, spec: SaveEntrySpec) {
    this.assertUnitWrite(viewer, card);
    await this.assertOpen(em, card, Phase.SELF_ASSESSMENT);
    const rows = await this.snapshotOf(em, card);
    const leaf = leavesOf(rows).get(spec.code);
    if (!leaf) throw notFound(`Không có tiêu chí "${spec.code}" trong bộ tiêu chí của phiếu.`);
    const problem = entryProblem(leaf, spec, viewer.role);
    if (problem) throw badInput(`Tiêu chí ${spec.code}: ${problem}.`, { field: 'value', criterion: spec.code });

    return em.transactional(async (tx) => {
      const now = this.deps.now();
      // Lock the card first, then read the entry: concurrent writers of one criterion are serialized
      // here, so the version check sees the latest committed entry (no lost update, no duplicate insert).
      const locked = await tx.findOneOrFail(Scorecard, { id: card.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      this.assertUnitWrite(viewer, locked); // submitted meanwhile?
      let entry = await tx.findOne(ScorecardEntry, { scorecard: card, code: spec.code, stage: Stage.SELF });
      const current = entry?.version ?? 0;
      if (current !== spec.expectedVersion)
        throw new UserError(
          ErrorCode.STALE_VERSION,
          `Tiêu chí ${spec.code} đã được người khác sửa (phiên bản ${current}, bạn đọc phiên bản ${spec.expectedVersion}). Tải lại để xem giá trị mới rồi nhập lại; không có gì bị mất.`,
          { criterion: spec.code, currentVersion: current },
        );
      const fields = {
        value: spec.value ?? null,
        variables: spec.variables ?? {},
        notApplicable: !!spec.notApplicable,
        comment: spec.comment?.trim() || null,
        explanation: spec.explanation?.trim() || null,
        authorId: viewer.userId,
        updatedAt: now,
      };
      if (entry) {
        Object.assign(entry, fields);
        entry.version = current + 1;
      } else {
        entry = tx.create(ScorecardEntry, { province: card.province, scorecard: card, code: spec.code, stage: Stage.SELF, ...fields, version: 1 });
      }
      locked.version++;
      await tx.flush();
      const result = await this.recompute(tx, locked, Stage.SELF, rows);
      await this.deps.audit.append(tx, {
        provinceId: card.province.id,
        actorId: viewer.userId,
        action: 'scorecard.entry.saved',
        entityType: 'ScorecardEntry',
        entityId: entry.id,
        payload: { scorecard: card.id, code: spec.code, stage: Stage.SELF, version: entry.version, ...fields, updatedAt: now.toISOString(), points: result.criteria.find((c) => c.code === spec.code)?.points ?? null },
      }, now);
      return { entry, card: locked };
    });
  }

  /** Scores a stage from the stored entries, evidence and indicators, and stores the results (materialized). */
  async recompute(em: EntityManager, card: Scorecard, stage: Stage, snapshot?: CriterionSnapshot[], entriesOverride?: ScorecardEntry[]) {
    const rows = snapshot ?? (await this.snapshotOf(em, card));
    const round = await em.findOneOrFail(AssessmentRound, { id: card.round.id });
    const preset = this.deps.presets.get(round.presetId);
    if (!preset) throw new Error(`preset ${round.presetId} of round ${round.id} is not installed`);
    // Read as plain rows: ≈ 200 entries per card need no entity tracking to be scored.
    const entries: { code: string; value?: string | null; variables: Record<string, string>; points?: DecimalInput | null; notApplicable: boolean }[] =
      entriesOverride ??
      (
        await em.getConnection().execute<{ code: string; value: string | null; variables: Record<string, string> | null; points: string | null; not_applicable: boolean }[]>(
          `select code, value, variables, points, not_applicable from scorecard_entry where scorecard_id = ? and stage = ?`,
          [card.id, stage],
          'all',
          em.getTransactionContext(),
        )
      ).map((e) => ({ code: e.code, value: e.value, variables: e.variables ?? {}, points: e.points, notApplicable: e.not_applicable }));
    const evidence = await em.getConnection().execute<{ code: string; n: string }[]>(
      `select code, count(*) as n from evidence_link where scorecard_id = ? group by code`,
      [card.id],
      'all',
      em.getTransactionContext(),
    );
    const evidenceCount = new Map(evidence.map((e) => [e.code, Number(e.n)]));
    const inputs: Record<string, EntryInput> = {};
    for (const e of entries)
      inputs[e.code] = {
        value: e.value ?? null,
        variables: e.variables,
        points: e.points ?? null,
        notApplicable: e.notApplicable,
        evidenceCount: evidenceCount.get(e.code) ?? 0,
      };
    const indicators = await this.indicatorsFor(em, card.unit.id, round);
    const unit = await em.findOneOrFail(Unit, { id: card.unit.id });
    const s = scoreTrees(built(rows).trees, preset, { unitKind: unit.kind, entries: inputs, indicators });
    const now = this.deps.now();
    const criteria = [...s.areas, ...(s.impact ? [s.impact] : []), ...(s.bonus ? [s.bonus] : [])].flatMap((a) =>
      a.criteria.map((c) => ({
        code: c.code,
        points: c.points.toFixed(),
        max: c.max.toFixed(),
        excluded: c.excluded,
        entered: c.entered,
        missingEvidence: c.missingEvidence,
        reason: c.reason,
      })),
    );
    const result = (await em.findOne(ScorecardResult, { scorecard: card, stage })) ?? em.create(ScorecardResult, { province: card.province, scorecard: card, stage, total: s.total, max: s.max, index: s.index, criteria, computedAt: now });
    // Plain property writes: em.assign would validate Decimal values against the column's string type.
    Object.assign(result, { total: s.total, max: s.max, index: s.index, criteria, computedAt: now });
    const areas = new Map((await em.find(ScorecardArea, { scorecard: card, stage })).map((a) => [a.area, a]));
    for (const a of [...s.areas, ...(s.impact ? [s.impact] : []), ...(s.bonus ? [s.bonus] : [])]) {
      const row = areas.get(a.area) ?? em.create(ScorecardArea, { province: card.province, scorecard: card, stage, area: a.area, points: a.points, max: a.max, sourceId: a.pluginId, sourceVersion: a.pluginVersion });
      Object.assign(row, { points: a.points, max: a.max, sourceId: a.pluginId, sourceVersion: a.pluginVersion });
    }
    await em.flush();
    return result;
  }

  /**
   * Re-scores the stored stages of the units' scorecards of a year whose inputs changed (plan
   * tasks, indicators), except published ones: a scorecard marked PUBLISHED or in a round group
   * with a publication keeps its results. Returns how many scorecards were re-scored.
   *
   * Set-based: whatever the number of cards, the inputs are read with a fixed number of
   * statements (cards and stored stages, snapshots, entries, evidence counts, indicators), every
   * card is scored in memory by the same engine as `recompute`, and the results and area results
   * are written with one statement each per 1,000 stored results. A FINAL result is re-scored
   * from the latest value of each criterion (appraisal 2, else 1, else the self-score), as the
   * appraisal materializes it.
   */
  async rescoreOpen(em: EntityManager, unitIds: readonly string[], year: number): Promise<number> {
    if (!unitIds.length) return 0;
    const conn = em.getConnection();
    const trx = em.getTransactionContext();
    const stored = await conn.execute<{ id: string; province_id: string; round_id: string; group_id: string; unit_id: string; unit_kind: UnitKind; preset_id: string; stage: Stage }[]>(
      `select s.id, s.province_id, s.round_id, s.group_id, s.unit_id, u.kind as unit_kind, r.preset_id, res.stage
         from scorecard s
         join assessment_round r on r.id = s.round_id
         join unit u on u.id = s.unit_id
         join scorecard_result res on res.scorecard_id = s.id
        where s.unit_id in (?) and r.year = ? and s.status <> 'PUBLISHED'
          and not exists (select 1 from publication p where p.round_id = s.round_id and p.group_id = s.group_id)`,
      [[...unitIds], year],
      'all',
      trx,
    );
    if (!stored.length) return 0;
    const cardIds = [...new Set(stored.map((r) => r.id))];
    const groups = [...new Map(stored.map((r) => [`${r.round_id}|${r.group_id}`, { round: r.round_id, group: r.group_id }])).values()];
    const snapshotRows = await em.find(CriterionSnapshot, { $or: groups }, { orderBy: { position: 'asc' }, disableIdentityMap: true });
    const snapshots = new Map<string, CriterionSnapshot[]>();
    for (const row of snapshotRows) {
      const key = `${row.round.id}|${row.group.id}`;
      const list = snapshots.get(key);
      if (list) list.push(row);
      else snapshots.set(key, [row]);
    }
    const entryRows = await conn.execute<{ scorecard_id: string; code: string; stage: Stage; value: string | null; variables: Record<string, string> | null; points: string | null; not_applicable: boolean }[]>(
      `select scorecard_id, code, stage, value, variables, points, not_applicable from scorecard_entry where scorecard_id in (?) and stage <> 'FINAL'`,
      [cardIds],
      'all',
      trx,
    );
    const evidenceRows = await conn.execute<{ scorecard_id: string; code: string; n: string }[]>(
      `select scorecard_id, code, count(*) as n from evidence_link where scorecard_id in (?) group by scorecard_id, code`,
      [cardIds],
      'all',
      trx,
    );
    const indicators = await indicatorsForUnits(em, [...new Set(stored.map((r) => r.unit_id))], year);
    const entriesOf = new Map<string, typeof entryRows>();
    for (const e of entryRows) {
      const list = entriesOf.get(e.scorecard_id);
      if (list) list.push(e);
      else entriesOf.set(e.scorecard_id, [e]);
    }
    const evidenceOf = new Map(evidenceRows.map((e) => [`${e.scorecard_id}|${e.code}`, Number(e.n)]));
    const rank: Record<Stage, number> = { [Stage.APPRAISAL_2]: 3, [Stage.APPRAISAL_1]: 2, [Stage.SELF]: 1, [Stage.FINAL]: 0 };

    const now = this.deps.now();
    // Rows are written as JSON built card by card (the ≈ 200 criteria of a card become garbage at
    // once) and sent as bytes: a province's results are tens of MB.
    let results: string[] = [];
    let areas: string[] = [];
    const write = async () => {
      if (!results.length) return;
      await conn.execute(
        `update scorecard_result r set total = x.total, max = x.max, index = x.index, criteria = x.criteria, computed_at = ?
           from jsonb_to_recordset(convert_from(?, 'UTF8')::jsonb) as x(scorecard_id uuid, stage text, total numeric, max numeric, index numeric, criteria jsonb)
          where r.scorecard_id = x.scorecard_id and r.stage = x.stage`,
        [now, Buffer.from(`[${results.join(',')}]`)],
        'run',
        trx,
      );
      await conn.execute(
        `insert into scorecard_area (id, created_at, province_id, scorecard_id, stage, area, points, max, source_id, source_version)
         select gen_random_uuid(), now(), x.province_id, x.scorecard_id, x.stage, x.area, x.points, x.max, x.source_id, x.source_version
           from jsonb_to_recordset(convert_from(?, 'UTF8')::jsonb) as x(province_id uuid, scorecard_id uuid, stage text, area text, points numeric, max numeric, source_id text, source_version text)
         on conflict (scorecard_id, stage, area) do update
           set points = excluded.points, max = excluded.max, source_id = excluded.source_id, source_version = excluded.source_version`,
        [Buffer.from(`[${areas.join(',')}]`)],
        'run',
        trx,
      );
      results = [];
      areas = [];
    };
    for (const card of stored) {
      const preset = this.deps.presets.get(card.preset_id);
      if (!preset) throw new Error(`preset ${card.preset_id} of round ${card.round_id} is not installed`);
      const all = entriesOf.get(card.id) ?? [];
      // A stage's own values; FINAL: the latest stage that has a value, criterion by criterion.
      let entries = all.filter((e) => e.stage === card.stage);
      if (card.stage === Stage.FINAL) {
        const latest = new Map<string, (typeof all)[number]>();
        for (const e of all) if (!latest.has(e.code) || rank[e.stage] > rank[latest.get(e.code)!.stage]) latest.set(e.code, e);
        entries = [...latest.values()];
      }
      const inputs: Record<string, EntryInput> = {};
      for (const e of entries)
        inputs[e.code] = { value: e.value ?? null, variables: e.variables ?? {}, points: e.points ?? null, notApplicable: e.not_applicable, evidenceCount: evidenceOf.get(`${card.id}|${e.code}`) ?? 0 };
      const s = scoreTrees(built(snapshots.get(`${card.round_id}|${card.group_id}`) ?? []).trees, preset, { unitKind: card.unit_kind, entries: inputs, indicators: indicators.get(card.unit_id) ?? {} });
      const parts = [...s.areas, ...(s.impact ? [s.impact] : []), ...(s.bonus ? [s.bonus] : [])];
      results.push(
        JSON.stringify({
          scorecard_id: card.id,
          stage: card.stage,
          total: s.total.toFixed(),
          max: s.max.toFixed(),
          index: s.index.toFixed(),
          criteria: parts.flatMap((a) =>
            a.criteria.map((c) => ({ code: c.code, points: c.points.toFixed(), max: c.max.toFixed(), excluded: c.excluded, entered: c.entered, missingEvidence: c.missingEvidence, reason: c.reason })),
          ),
        }),
      );
      for (const a of parts)
        areas.push(JSON.stringify({ province_id: card.province_id, scorecard_id: card.id, stage: card.stage, area: a.area, points: a.points.toFixed(), max: a.max.toFixed(), source_id: a.pluginId, source_version: a.pluginVersion }));
      if (results.length >= 1000) await write();
    }
    await write();
    return cardIds.length;
  }

  /** The unit's indicators for the round's year (see indicatorsForUnits). */
  async indicatorsFor(em: EntityManager, unitId: string, round: AssessmentRound): Promise<Record<string, IndicatorInput>> {
    return (await indicatorsForUnits(em, [unitId], round.year)).get(unitId) ?? {};
  }

  /**
   * Submits the self-assessment in one transaction: every leaf entered (or declared not
   * applicable), and every criterion claiming points without its required evidence explained —
   * otherwise refused listing every offending criterion, nothing changed.
   */
  async submitSelf(em: EntityManager, viewer: Viewer, card: Scorecard, expectedVersion: number) {
    this.assertUnitWrite(viewer, card);
    await this.assertOpen(em, card, Phase.SELF_ASSESSMENT);
    return em.transactional(async (tx) => {
      const locked = await tx.findOneOrFail(Scorecard, { id: card.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (locked.version !== expectedVersion)
        throw new UserError(ErrorCode.STALE_VERSION, `Phiếu chấm đã thay đổi (phiên bản ${locked.version}, bạn đọc phiên bản ${expectedVersion}). Tải lại rồi nộp lại.`, {
          currentVersion: locked.version,
        });
      const rows = await this.snapshotOf(tx, card);
      const result = await this.recompute(tx, locked, Stage.SELF, rows);
      const entries = new Map(
        (
          await tx.getConnection().execute<{ code: string; explanation: string | null }[]>(
            `select code, explanation from scorecard_entry where scorecard_id = ? and stage = 'SELF'`,
            [card.id],
            'all',
            tx.getTransactionContext(),
          )
        ).map((e) => [e.code, e]),
      );
      const byCode = new Map(result.criteria.map((c) => [c.code, c]));
      const problems: { criterion: string; problem: string; message: string }[] = [];
      for (const [code, leaf] of leavesOf(rows)) {
        const m = leaf.method!;
        if (m.kind === 'manual' || m.kind === 'survey' || m.kind === 'bonusPenalty') continue; // not the unit's to fill
        if (m.kind.startsWith('ratio') && 'source' in m && 'indicator' in m.source) continue; // fed by indicators
        const entry = entries.get(code);
        const scored = byCode.get(code);
        if (!entry || !scored?.entered) problems.push({ criterion: code, problem: 'NOT_ENTERED', message: `Tiêu chí ${code} (${leaf.title}) chưa được chấm.` });
        else if (scored.missingEvidence && !entry.explanation)
          problems.push({ criterion: code, problem: 'EVIDENCE_MISSING', message: `Tiêu chí ${code} (${leaf.title}) tự chấm ${scored.points} điểm nhưng chưa có tài liệu kiểm chứng và chưa giải trình lý do.` });
      }
      if (problems.length)
        throw new UserError(ErrorCode.BAD_USER_INPUT, `Chưa nộp được: ${problems.length} tiêu chí cần hoàn thiện (xem danh sách). Không có gì thay đổi.`, { problems });
      const now = this.deps.now();
      locked.status = ScorecardStatus.SUBMITTED;
      locked.submittedAt = now;
      locked.submittedBy = viewer.userId;
      locked.version++;
      await tx.flush();
      await this.deps.audit.append(tx, {
        provinceId: card.province.id,
        actorId: viewer.userId,
        action: 'scorecard.submitted',
        entityType: 'Scorecard',
        entityId: card.id,
        payload: { status: locked.status, version: locked.version, total: result.total.toFixed(), max: result.max.toFixed(), index: result.index.toFixed(2), at: now.toISOString() },
      }, now);
      return locked;
    });
  }

  /** Attaches evidence to a criterion of the unit's own draft scorecard. */
  async linkEvidence(em: EntityManager, viewer: Viewer, card: Scorecard, evidenceId: string, code: string) {
    // During self-assessment, or as new evidence for an explanation.
    this.assertUnitWrite(viewer, card, [ScorecardStatus.DRAFT, ScorecardStatus.RETURNED, ScorecardStatus.EXPLANATION_REQUESTED]);
    await this.assertOpen(em, card, card.status === ScorecardStatus.EXPLANATION_REQUESTED ? Phase.EXPLANATION : Phase.SELF_ASSESSMENT);
    return em.transactional(async (tx) => {
      const rows = await this.snapshotOf(tx, card);
      if (!leavesOf(rows).has(code)) throw notFound(`Không có tiêu chí "${code}" trong bộ tiêu chí của phiếu.`);
      if (await tx.count(EvidenceLink, { evidence: evidenceId, scorecard: card, code })) return card;
      const link = tx.create(EvidenceLink, { province: card.province, evidence: evidenceId, scorecard: card, code });
      const locked = await tx.findOneOrFail(Scorecard, { id: card.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      locked.version++;
      await tx.flush();
      await this.recompute(tx, locked, Stage.SELF, rows);
      await this.deps.audit.append(tx, {
        provinceId: card.province.id,
        actorId: viewer.userId,
        action: 'evidence.linked',
        entityType: 'EvidenceLink',
        entityId: link.id,
        payload: { scorecard: card.id, code, evidence: evidenceId },
      }, this.deps.now());
      return locked;
    });
  }
}
