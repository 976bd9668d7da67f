import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AppMeta,
  AssessmentRound,
  AuthService,
  CriterionSnapshot,
  LegalDocument,
  LineageEvent,
  LineageLink,
  LineageRole,
  applyCapRules,
  AREA_ORDER,
  bandFor,
  canonicalJson,
  createPhases,
  calendarFor,
  Scorecard,
  ScorecardEntry,
  toViewer,
  Evidence,
  FindingKind,
  InspectionFinding,
  InspectionKind,
  InspectionTeamMember,
  InspectorRole,
  parsePlanDeadline,
  PlanTaskStatus,
  ReformPlan,
  ReformPlanTask,
  ReformPlanTaskEvidence,
  RemediationStatus,
  targetDeadlines,
  topicKey,
  InspectionMode,
  InspectionPlan,
  InspectionTarget,
  dec,
  indexPercent,
  indicatorsForUnits,
  Publication,
  RankingService,
  rankRows,
  roundHalfUp,
  type PresetRegistry,
  RoundPhase,
  Phase,
  addDays,
  todayInVietnam,
  type WorkingCalendar,
  type Services,
  snapshotRound,
  Province,
  recordIndicatorValue,
  Role,
  RoundGroup,
  Unit,
  UnitGroup,
  User,
} from '@par/core';
import type { Logger } from '../logger.js';
import {
  DEMO_ACCOUNTS,
  DEMO_DOCUMENTS,
  DEMO_DRAFT,
  DEMO_OPEN_DAYS,
  DEMO_INDICATORS,
  DEMO_INSPECTED_DIRECTLY,
  DEMO_INSPECTION_2025,
  DEMO_LINEAGE,
  DEMO_LOW,
  DEMO_PLAN_2025,
  DEMO_PROVINCES,
  DEMO_PUBLISHED,
  DEMO_ROUNDS,
} from './demo-data.js';
import { createHash } from 'node:crypto';

export interface DemoCredentials {
  accounts: { username: string; role: Role; province: string; password: string | null }[];
  apiToken: { username: string; token: string } | null;
}

const MARKER = 'demo_version';
const VERSION = '8';

/**
 * Loads the demo provinces, units over time, lineage, documents, rounds, indicators and
 * accounts. Idempotent and upgradable: each demo version adds what is missing. Passwords of
 * new accounts are random and returned so the first start prints them once (`pnpm par
 * user:reset-password` recovers one). Returns null when this version was loaded before.
 */
export async function loadDemoData(em: EntityManager, logger: Logger, services: Pick<Services, 'presets' | 'scorecards' | 'now'>): Promise<DemoCredentials | null> {
  const { presets } = services;
  const marker = await em.findOne(AppMeta, { key: MARKER });
  if (marker?.value === VERSION) return null;
  const auth = new AuthService();
  const result = await em.transactional(async (tx) => {
    const provinces = new Map<string, Province>();
    for (const p of DEMO_PROVINCES) {
      const province = (await tx.findOne(Province, { code: p.code })) ?? tx.create(Province, { code: p.code, name: p.name });
      provinces.set(p.code, province);
    }
    for (const p of DEMO_PROVINCES) {
      const province = provinces.get(p.code)!;
      province.validTo = p.validTo ?? null;
      province.successor = p.successor ? provinces.get(p.successor)! : null;
      const groups = new Map((await tx.find(UnitGroup, { province })).map((g) => [g.code, g]));
      for (const g of p.groups) if (!groups.has(g.code)) groups.set(g.code, tx.create(UnitGroup, { province, code: g.code, name: g.name }));
      const units = new Map((await tx.find(Unit, { province })).map((u) => [u.code, u]));
      for (const u of p.units) {
        const unit = units.get(u.code) ?? tx.create(Unit, { province, code: u.code, name: u.name, kind: u.kind, validFrom: u.validFrom ?? '2000-01-01' });
        Object.assign(unit, { name: u.name, kind: u.kind, group: groups.get(u.group)!, validFrom: u.validFrom ?? '2000-01-01', validTo: u.validTo ?? null });
      }
    }
    await tx.flush();

    const docs = new Map<string, LegalDocument>();
    for (const d of DEMO_DOCUMENTS) {
      const found = await tx.findOne(LegalDocument, { number: d.number, issuedOn: d.issuedOn, issuer: d.issuer });
      docs.set(
        d.key,
        found ??
          tx.create(LegalDocument, {
            province: d.province ? provinces.get(d.province)! : null,
            number: d.number,
            issuedOn: d.issuedOn,
            issuer: d.issuer,
            title: d.title,
          }),
      );
    }
    const unitOf = async (ref: string) => {
      const [p, code] = ref.split('/') as [string, string];
      return tx.findOneOrFail(Unit, { province: provinces.get(p)!, code });
    };
    if (!(await tx.count(LineageEvent, { province: { $in: [...provinces.values()] } }))) {
      for (const l of DEMO_LINEAGE) {
        // One query at a time: concurrent queries on a transaction's single connection are not allowed.
        const from: Unit[] = [];
        for (const ref of l.from) from.push(await unitOf(ref));
        const to: Unit[] = [];
        for (const ref of l.to) to.push(await unitOf(ref));
        const recorder = (to[0] ?? from[0]!).province;
        const event = tx.create(LineageEvent, {
          province: recorder,
          kind: l.kind,
          effectiveOn: l.effectiveOn,
          legalDocument: l.document ? docs.get(l.document)! : null,
          note: l.note ?? null,
        });
        for (const u of from) tx.create(LineageLink, { event, unit: u, role: LineageRole.PREDECESSOR, province: u.province });
        for (const u of to) tx.create(LineageLink, { event, unit: u, role: LineageRole.SUCCESSOR, province: u.province });
      }
    }
    for (const r of DEMO_ROUNDS) {
      const province = provinces.get(r.province)!;
      const existing = await tx.findOne(AssessmentRound, { province, year: r.year });
      if (existing) {
        // Rounds of an older demo had no snapshot: give them their preset and freeze their criteria.
        if (!(await tx.count(CriterionSnapshot, { round: existing }))) {
          existing.presetId = r.preset;
          const groups = await tx.find(RoundGroup, { round: existing });
          for (const g of groups) g.criteriaSet = r.preset;
          await snapshotRound(tx, presets, existing, groups);
        }
        continue;
      }
      const round = tx.create(AssessmentRound, {
        province,
        year: r.year,
        title: r.title,
        referenceDate: r.referenceDate,
        legalDocument: r.document ? docs.get(r.document)! : null,
        presetId: r.preset,
      });
      const groups = [];
      for (const g of r.groups)
        groups.push(tx.create(RoundGroup, { round, province, group: await tx.findOneOrFail(UnitGroup, { province, code: g.group }), criteriaSet: g.criteriaSet }));
      await snapshotRound(tx, presets, round, groups);
    }
    await tx.flush();
    // Every demo round has its phase deadlines and scorecards (older demo databases get them now).
    for (const r of DEMO_ROUNDS) {
      const round = await tx.findOneOrFail(AssessmentRound, { province: provinces.get(r.province)!, year: r.year });
      if (!(await tx.count(RoundPhase, { round }))) {
        const phases = await createPhases(tx, round, presets.get(round.presetId)!);
        if (r.underWay) await keepOpen(tx, round, phases, todayInVietnam(services.now()));
      }
      await tx.flush();
      await services.scorecards.createForRound(tx, round);
    }
    for (const i of DEMO_INDICATORS) {
      await recordIndicatorValue(tx, {
        unit: await unitOf(i.unit),
        code: i.code,
        period: i.period,
        value: 'value' in i ? i.value : null,
        numerator: 'numerator' in i ? i.numerator : null,
        denominator: 'denominator' in i ? i.denominator : null,
        source: 'Dữ liệu minh họa (demo), không phải số liệu chính thức',
        observedAt: new Date('2026-01-15T02:00:00Z'),
      });
    }

    await publishDemoResults(tx, services.presets);
    await demoInspectionPlan(tx, docs);

    const accounts: DemoCredentials['accounts'] = [];
    let apiToken: DemoCredentials['apiToken'] = null;
    for (const a of DEMO_ACCOUNTS) {
      if (await tx.count(User, { username: a.username })) continue;
      const { user, password } = await auth.createUser(tx, {
        provinceCode: a.province,
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        unitCode: a.unitCode ?? null,
        areas: a.areas ?? [],
      });
      accounts.push({ username: a.username, role: a.role, province: a.province, password });
      if (a.role === Role.INTEGRATION) {
        const { token } = await auth.createApiToken(tx, user, 'Mã API minh họa (demo)');
        apiToken = { username: a.username, token };
      }
    }
    await demoReformPlan(tx, docs);
    await demoInspection2025(tx);
    await demoDraft(tx, services, logger);
    if (marker) marker.value = VERSION;
    else tx.create(AppMeta, { key: MARKER, value: VERSION });
    await tx.flush();
    return { accounts, apiToken };
  });
  logger.info({ provinces: DEMO_PROVINCES.map((p) => p.code), accounts: result.accounts.length, version: VERSION }, 'demo data loaded');
  return result.accounts.length || result.apiToken ? result : null;
}

/**
 * Kon Tum's 2024 inspection plan 1871/KH-UBND (seed 002): ten units inspected directly (visit
 * dates are set by the admin; the seed gives only "in August 2024"), every other unit
 * self-inspects and reports by 10/8/2024; 10 / 5 / 10 working days as the plan says.
 */
async function demoInspectionPlan(tx: EntityManager, docs: Map<string, LegalDocument>) {
  const province = await tx.findOneOrFail(Province, { code: 'kon-tum' });
  if (await tx.count(InspectionPlan, { province, year: 2024 })) return;
  const plan = tx.create(InspectionPlan, {
    province,
    year: 2024,
    title: 'Kiểm tra công tác cải cách hành chính nhà nước năm 2024',
    kind: InspectionKind.COMPREHENSIVE,
    legalDocument: docs.get('1871/KH-UBND')!,
    periodFrom: '2024-01-01',
    periodTo: '2024-08-31',
    selfReportDueOn: '2024-08-10',
    noticeDays: 10,
    reportDays: 5,
    conclusionDays: 10,
    remediationDays: 20,
  });
  const direct = new Set(DEMO_INSPECTED_DIRECTLY);
  const units = await tx.find(Unit, { province, validFrom: { $lte: '2024-06-01' }, $or: [{ validTo: null }, { validTo: { $gte: '2024-06-01' } }] });
  for (const u of units)
    tx.create(InspectionTarget, {
      province,
      plan,
      unit: u,
      mode: direct.has(u.code) ? InspectionMode.DIRECT : InspectionMode.SELF,
      reportDueOn: direct.has(u.code) ? null : '2024-08-10',
    });
  await tx.flush();
}

/**
 * Khánh Hòa's 2025 reform plan 3487/QĐ-UBND (DEMO_PLAN_2025): real tasks, illustrative progress
 * with an illustrative evidence document for each completed task.
 */
async function demoReformPlan(tx: EntityManager, docs: Map<string, LegalDocument>) {
  const d = DEMO_PLAN_2025;
  const province = await tx.findOneOrFail(Province, { code: d.province });
  if (await tx.count(ReformPlan, { province, year: d.year })) return;
  const admin = await tx.findOneOrFail(User, { username: 'admin.khanhhoa' });
  const plan = tx.create(ReformPlan, { province, year: d.year, title: d.title, legalDocument: docs.get(d.document)! });
  const units = new Map((await tx.find(Unit, { province })).map((u) => [u.code, u]));
  for (const [i, t] of d.tasks.entries()) {
    const deadline = parsePlanDeadline(t.deadline, d.year);
    if ('error' in deadline) throw new Error(`demo plan task ${t.number}: ${deadline.error}`);
    const parts = (t.coordinating ?? '').split(';').map((x) => x.trim()).filter(Boolean);
    const task = tx.create(ReformPlanTask, {
      province,
      plan,
      area: t.area,
      position: i + 1,
      number: t.number,
      title: t.title,
      product: t.product,
      deadlineKind: deadline.kind,
      deadlineText: deadline.text,
      dueOn: deadline.dueOn,
      lead: units.get(t.lead)!,
      coordinating: parts.filter((p) => units.has(p)).map((p) => units.get(p)!.id),
      coordinatingNote: parts.filter((p) => !units.has(p)).join('; ') || null,
      status: t.progress ? PlanTaskStatus[t.progress.status] : PlanTaskStatus.NOT_STARTED,
      completedOn: t.progress?.completedOn ?? null,
      statusNote: t.progress ? 'Tiến độ minh họa (demo)' : null,
    });
    if (t.progress?.evidence) {
      const evidence = tx.create(Evidence, {
        province,
        unit: task.lead,
        title: t.progress.evidence,
        documentNumber: 'Số văn bản minh họa',
        issuedOn: t.progress.completedOn ?? null,
        issuer: task.lead.name,
        effectiveOn: t.progress.completedOn!,
        addedBy: admin.id,
      });
      tx.create(ReformPlanTaskEvidence, { task, evidence });
    }
  }
  await tx.flush();
}

/** Sở Công Thương's nearly complete 2026 draft (DEMO_DRAFT), saved through the real self-assessment path. */
async function demoDraft(tx: EntityManager, services: Pick<Services, 'scorecards'>, logger: Logger) {
  const d = DEMO_DRAFT;
  const province = await tx.findOneOrFail(Province, { code: d.province });
  const round = await tx.findOne(AssessmentRound, { province, year: d.year });
  const unit = await tx.findOneOrFail(Unit, { province, code: d.unit });
  const card = round ? await tx.findOne(Scorecard, { round, unit }) : null;
  if (!card || (await tx.count(ScorecardEntry, { scorecard: card }))) return;
  const user = await tx.findOneOrFail(User, { username: d.username });
  const viewer = toViewer(user, 'session', 'demo');
  const rows = await tx.find(CriterionSnapshot, { round: card.round, group: card.group }, { orderBy: { position: 'asc' } });
  // What the unit itself enters: not council-scored, not fed by an indicator.
  const fillable = rows.filter((r) => {
    const m = r.method;
    if (!m || m.kind === 'manual' || m.kind === 'survey' || m.kind === 'bonusPenalty') return false;
    return !('source' in m && 'indicator' in m.source);
  });
  const openWithEvidence = [...fillable].reverse().find((r) => r.evidence?.required);
  const openWithout = [...fillable].reverse().find((r) => !r.evidence?.required);
  const leave = new Set([openWithEvidence?.code, openWithout?.code].filter(Boolean));
  try {
    for (const r of fillable) {
      if (leave.has(r.code)) continue;
      const m = r.method!;
      const variables: Record<string, string> = {};
      let value: string | null = null;
      if (m.kind === 'yesNo') value = 'yes';
      else if (m.kind === 'levels') value = m.levels[0]!.value;
      else if ('source' in m && 'numerator' in m.source) Object.assign(variables, { [m.source.numerator]: '9', [m.source.denominator]: '10' });
      else if (m.kind === 'count') variables[m.variable] = '2';
      else if (m.kind === 'formula') for (const v of new Set(m.expression.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])) if (!['min', 'max', 'round', 'abs'].includes(v)) variables[v] = '0';
      await services.scorecards.saveSelfEntry(tx, viewer, card, { code: r.code, expectedVersion: 0, value, variables });
      if (r.evidence?.required) {
        const evidence = tx.create(Evidence, { province, unit, title: `Tài liệu minh họa cho tiêu chí ${r.code}`, documentNumber: 'Số văn bản minh họa', issuer: unit.name, effectiveOn: `${d.year}-03-01`, addedBy: user.id });
        await tx.flush();
        await services.scorecards.linkEvidence(tx, viewer, card, evidence.id, r.code);
      }
    }
  } catch (err) {
    // The round's self-assessment may be closed on the day the demo is loaded: the draft is then skipped.
    logger.warn({ err: (err as Error).message }, 'demo draft skipped');
  }
}

/** Moves the phases of the season under way forward when its self-assessment would close within DEMO_OPEN_DAYS of `today`. */
async function keepOpen(tx: EntityManager, round: AssessmentRound, phases: RoundPhase[], today: string) {
  const moved = openSeasonDeadlines(phases, today, await calendarFor(tx, round.province.id));
  for (const p of phases) p.closesOn = moved.get(p.phase)!;
}

/**
 * The phase deadlines of the demo's season under way as of `today`: unchanged when self-assessment
 * closes at least DEMO_OPEN_DAYS after `today`; otherwise every deadline moves forward by the same
 * number of days, each to a working day and after the one before it.
 */
export function openSeasonDeadlines(
  phases: readonly { phase: Phase; position: number; closesOn: string }[],
  today: string,
  calendar: Pick<WorkingCalendar, 'isWorkingDay'>,
): Map<Phase, string> {
  const out = new Map(phases.map((p) => [p.phase, p.closesOn]));
  const self = phases.find((p) => p.phase === Phase.SELF_ASSESSMENT);
  const earliest = addDays(today, DEMO_OPEN_DAYS);
  if (!self || self.closesOn >= earliest) return out;
  const shift = Math.round((Date.parse(earliest) - Date.parse(self.closesOn)) / 86_400_000);
  let previous = '';
  for (const p of [...phases].sort((a, b) => a.position - b.position)) {
    let d = addDays(p.closesOn, shift);
    while (!calendar.isWorkingDay(d) || d <= previous) d = addDays(d, 1);
    out.set(p.phase, (previous = d));
  }
  return out;
}

/** Khánh Hòa's 2025 inspection (936/QĐ-UBND) with an illustrative team, targets and findings. */
async function demoInspection2025(tx: EntityManager) {
  const d = DEMO_INSPECTION_2025;
  const province = await tx.findOneOrFail(Province, { code: d.province });
  if (await tx.count(InspectionPlan, { province, year: d.year })) return;
  const plan = tx.create(InspectionPlan, {
    province,
    year: d.year,
    title: d.title,
    kind: InspectionKind.COMPREHENSIVE,
    periodFrom: d.periodFrom,
    periodTo: d.periodTo,
    noticeDays: 10,
    reportDays: 5,
    conclusionDays: 10,
    remediationDays: 20,
  });
  for (const m of d.team) tx.create(InspectionTeamMember, { province, plan, user: await tx.findOneOrFail(User, { username: m.username }), role: InspectorRole[m.role], title: m.title });
  const calendar = await calendarFor(tx, province.id);
  const targets = new Map<string, InspectionTarget>();
  for (const t of d.targets) {
    const unit = await tx.findOneOrFail(Unit, { province, code: t.unit });
    const mode = InspectionMode[t.mode];
    targets.set(t.unit, tx.create(InspectionTarget, { province, plan, unit, mode, visitOn: t.visitOn, visitNote: t.visitNote, ...targetDeadlines(plan, mode, t.visitOn, calendar) }));
  }
  const inspector = await tx.findOneOrFail(User, { username: d.team[0]!.username });
  for (const f of d.findings) {
    const target = targets.get(f.unit)!;
    const kind = FindingKind[f.kind];
    tx.create(InspectionFinding, {
      province,
      target,
      unit: target.unit,
      year: d.year,
      area: f.area,
      kind,
      description: f.description,
      recommendation: f.recommendation,
      topic: topicKey(f.topic),
      remediationStatus: kind === FindingKind.GOOD_PRACTICE ? RemediationStatus.NOT_REQUIRED : RemediationStatus.OPEN,
      remediationDueOn: kind === FindingKind.GOOD_PRACTICE ? null : (target.remediationDueOn ?? null),
      recordedBy: inspector.id,
    });
  }
  await tx.flush();
}

/** Illustrative published results for the demo's past rounds (see DEMO_PUBLISHED). */
async function publishDemoResults(tx: EntityManager, presets: PresetRegistry) {
  for (const p of DEMO_PUBLISHED) {
    const province = await tx.findOneOrFail(Province, { code: p.province });
    const round = await tx.findOneOrFail(AssessmentRound, { province, year: p.year });
    const preset = presets.get(round.presetId)!;
    const doc =
      (await tx.findOne(LegalDocument, { number: p.document.number, issuedOn: p.document.issuedOn, issuer: `UBND tỉnh ${province.name}` })) ??
      tx.create(LegalDocument, { province, number: p.document.number, issuedOn: p.document.issuedOn, issuer: `UBND tỉnh ${province.name}`, title: p.document.title });
    for (const code of p.groups) {
      const group = await tx.findOneOrFail(UnitGroup, { province, code });
      if (await tx.count(Publication, { round, group })) continue;
      const units = await tx.find(Unit, { province, group, validFrom: { $lte: round.referenceDate }, $or: [{ validTo: null }, { validTo: { $gte: round.referenceDate } }] });
      const indicators = await indicatorsForUnits(tx, units.map((u) => u.id), round.year);
      const scored = units.map((u) => {
        const share = (key: string) => {
          const h = createHash('sha256').update(`${u.code}|${round.year}|${key}`).digest().readUInt16BE(0);
          return DEMO_LOW[round.year]?.includes(u.code) ? 0.5 + (h % 10) / 100 : 0.68 + (h % 30) / 100;
        };
        const areas = [
          ...AREA_ORDER.map((a) => ({ area: a as string, max: dec(preset.areas[a].tree.max) })),
          ...(preset.impact ? [{ area: 'IMPACT', max: dec(preset.impact.tree.max) }] : []),
        ].map((a) => ({ area: a.area, max: a.max, points: roundHalfUp(a.max.times(share(a.area)), 2) }));
        const total = areas.reduce((s, a) => s.plus(a.points), dec(0));
        const max = areas.reduce((s, a) => s.plus(a.max), dec(0));
        const index = indexPercent(total, max);
        const bandByIndex = bandFor(preset, index, code);
        const capped = applyCapRules(preset, bandByIndex, indicators.get(u.id) ?? {});
        return {
          unitId: u.id,
          unitName: u.name,
          total,
          max: max.toFixed(),
          index,
          band: capped.band,
          bandByIndex,
          capped: capped.applied.map((c) => ({ rule: { id: c.rule.id, title: c.rule.title, basis: c.rule.basis }, triggers: c.triggers })),
          areas: areas.map((a) => ({ area: a.area, points: a.points.toFixed(), max: a.max.toFixed() })),
        };
      });
      // Stored as AppraisalService.publish stores a record: ranked, with the rules that applied.
      const flags = await new RankingService().consequences(tx, preset, round, scored.map((r) => ({ unitId: r.unitId, band: r.band })));
      const results = rankRows(scored).map((r) => ({
        ...r,
        total: r.total.toFixed(),
        index: r.index.toFixed(2),
        flags: (flags.get(r.unitId) ?? []).map((f) => ({ rule: { id: f.rule.id, title: f.rule.title, basis: f.rule.basis }, flag: f.flag, history: f.history })),
      }));
      tx.create(Publication, {
        province,
        round,
        group,
        version: 1,
        legalDocument: doc,
        publishedAt: new Date(`${p.document.issuedOn}T03:00:00Z`),
        publishedBy: '00000000-0000-4000-8000-000000000000',
        results,
        digest: createHash('sha256').update(canonicalJson(results)).digest('hex'),
      });
      await tx.flush();
      await tx.getConnection().execute(`update scorecard set status = 'PUBLISHED' where round_id = ? and group_id = ?`, [round.id, group.id], 'run', tx.getTransactionContext());
    }
  }
}

/** The one-time banner printed by the first start. */
export function formatDemoCredentials(c: DemoCredentials): string {
  const lines = [
    '',
    '──────────────────────────────────────────────────────────────────────',
    ' Demo accounts (shown only once; reset with: pnpm par user:reset-password <username>)',
    '──────────────────────────────────────────────────────────────────────',
    ...c.accounts
      .filter((a) => a.password)
      .map((a) => `  ${a.username.padEnd(20)} ${a.password}  ${a.role.padEnd(15)} ${a.province}`),
  ];
  if (c.apiToken) lines.push(`  API token of ${c.apiToken.username}: ${c.apiToken.token}`);
  lines.push('──────────────────────────────────────────────────────────────────────', '');
  return lines.join('\n');
}
