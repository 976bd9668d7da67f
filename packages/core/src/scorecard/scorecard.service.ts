import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditService } from '../audit/audit.service.js';
import { Role } from '../auth/role.js';
import type { Viewer } from '../auth/viewer.js';
import type { CriterionDef, EntryInput, IndicatorInput } from '../criteria/contract.js';
import { CriterionSnapshot } from '../criteria/criteria.entity.js';
import { scoreSnapshot, treesFromSnapshot } from '../criteria/criteria.service.js';
import type { PresetRegistry } from '../criteria/preset.js';
import { parseDecimal } from '../common/decimal.js';
import { viDate } from '../common/dates.js';
import { badInput, ErrorCode, forbidden, notFound, UserError } from '../common/errors.js';
import { indicatorsForUnits } from '../indicator/indicator.service.js';
import { deadlineInstant } from '../calendar/working-days.js';
import { AssessmentRound } from '../round/assessment-round.entity.js';
import { Unit } from '../unit/unit.entity.js';
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

/** The leaves of a snapshot, by code. */
function leavesOf(rows: readonly CriterionSnapshot[]): Map<string, CriterionDef> {
  const out = new Map<string, CriterionDef>();
  const walk = (n: CriterionDef) => (n.children?.length ? n.children.forEach(walk) : out.set(n.code, n));
  for (const t of treesFromSnapshot(rows)) walk(t.tree);
  return out;
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
    const rows = await em.find(CriterionSnapshot, { round: card.round, group: card.group }, { orderBy: { position: 'asc' } });
    const leaf = leavesOf(rows).get(spec.code);
    if (!leaf) throw notFound(`Không có tiêu chí "${spec.code}" trong bộ tiêu chí của phiếu.`);
    const problem = entryProblem(leaf, spec, viewer.role);
    if (problem) throw badInput(`Tiêu chí ${spec.code}: ${problem}.`, { field: 'value', criterion: spec.code });

    return em.transactional(async (tx) => {
      const now = this.deps.now();
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
      const locked = await tx.findOneOrFail(Scorecard, { id: card.id }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
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
    const rows = snapshot ?? (await em.find(CriterionSnapshot, { round: card.round, group: card.group }, { orderBy: { position: 'asc' } }));
    const round = await em.findOneOrFail(AssessmentRound, { id: card.round.id });
    const preset = this.deps.presets.get(round.presetId);
    if (!preset) throw new Error(`preset ${round.presetId} of round ${round.id} is not installed`);
    const entries = entriesOverride ?? (await em.find(ScorecardEntry, { scorecard: card, stage }));
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
    const s = scoreSnapshot(rows, preset, { unitKind: unit.kind, entries: inputs, indicators });
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
   */
  async rescoreOpen(em: EntityManager, unitIds: readonly string[], year: number): Promise<number> {
    if (!unitIds.length) return 0;
    const open = await em.getConnection().execute<{ id: string }[]>(
      `select s.id from scorecard s join assessment_round r on r.id = s.round_id
        where s.unit_id in (?) and r.year = ? and s.status <> 'PUBLISHED'
          and not exists (select 1 from publication p where p.round_id = s.round_id and p.group_id = s.group_id)`,
      [[...unitIds], year],
      'all',
      em.getTransactionContext(),
    );
    if (!open.length) return 0;
    const cards = await em.find(Scorecard, { id: { $in: open.map((o) => o.id) } });
    const results = await em.find(ScorecardResult, { scorecard: { $in: cards } });
    for (const r of results) await this.recompute(em, cards.find((c) => c.id === r.scorecard.id)!, r.stage);
    return new Set(results.map((r) => r.scorecard.id)).size;
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
      const locked = await tx.findOneOrFail(Scorecard, { id: card.id }, { lockMode: 4 });
      if (locked.version !== expectedVersion)
        throw new UserError(ErrorCode.STALE_VERSION, `Phiếu chấm đã thay đổi (phiên bản ${locked.version}, bạn đọc phiên bản ${expectedVersion}). Tải lại rồi nộp lại.`, {
          currentVersion: locked.version,
        });
      const rows = await tx.find(CriterionSnapshot, { round: card.round, group: card.group }, { orderBy: { position: 'asc' } });
      const result = await this.recompute(tx, locked, Stage.SELF, rows);
      const entries = new Map((await tx.find(ScorecardEntry, { scorecard: card, stage: Stage.SELF })).map((e) => [e.code, e]));
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
      const rows = await tx.find(CriterionSnapshot, { round: card.round, group: card.group }, { orderBy: { position: 'asc' } });
      if (!leavesOf(rows).has(code)) throw notFound(`Không có tiêu chí "${code}" trong bộ tiêu chí của phiếu.`);
      if (await tx.count(EvidenceLink, { evidence: evidenceId, scorecard: card, code })) return card;
      const link = tx.create(EvidenceLink, { province: card.province, evidence: evidenceId, scorecard: card, code });
      const locked = await tx.findOneOrFail(Scorecard, { id: card.id }, { lockMode: 4 });
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
