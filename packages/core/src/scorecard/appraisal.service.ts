import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/audit.service.js';
import { Role } from '../auth/role.js';
import type { Viewer } from '../auth/viewer.js';
import { assertDate, viDate } from '../common/dates.js';
import { badInput, ErrorCode, forbidden, notFound, UserError } from '../common/errors.js';
import { CriterionSnapshot } from '../criteria/criteria.entity.js';
import { LegalDocument } from '../legal/legal-document.entity.js';
import { RankingService } from '../ranking/ranking.service.js';
import { AssessmentRound } from '../round/assessment-round.entity.js';
import { UnitGroup } from '../unit/unit-group.entity.js';
import { CouncilDecision, CouncilMember, CouncilVote, ExplanationRequest, Publication, ReviewerAssignment, Vote, type PublishedResult } from './appraisal.entity.js';
import { Phase, RoundPhase } from './phase.entity.js';
import { deadlineInstant } from '../calendar/working-days.js';
import { User } from '../auth/user.entity.js';
import { Scorecard, ScorecardEntry, ScorecardStatus, Stage } from './scorecard.entity.js';
import { entryProblem, type ScorecardDeps, type ScorecardService } from './scorecard.service.js';

export interface AppraiseSpec {
  code: string;
  /** ACCEPT copies the value of the stage before; ADJUST sets a new value and needs a reason. */
  decision: 'ACCEPT' | 'ADJUST';
  expectedVersion: number;
  value?: string | null;
  variables?: Record<string, string>;
  points?: string | null;
  notApplicable?: boolean;
  reason?: string | null;
}

const STAGE_PHASE: Record<Stage.APPRAISAL_1 | Stage.APPRAISAL_2, Phase> = { [Stage.APPRAISAL_1]: Phase.APPRAISAL_1, [Stage.APPRAISAL_2]: Phase.APPRAISAL_2 };
const STAGE_ALLOWED: Record<Stage.APPRAISAL_1 | Stage.APPRAISAL_2, ScorecardStatus[]> = {
  [Stage.APPRAISAL_1]: [ScorecardStatus.SUBMITTED, ScorecardStatus.IN_APPRAISAL],
  [Stage.APPRAISAL_2]: [ScorecardStatus.IN_APPRAISAL, ScorecardStatus.EXPLANATION_SUBMITTED, ScorecardStatus.FINAL_APPRAISAL],
};
const STATUS_TITLE: Record<ScorecardStatus, string> = {
  DRAFT: 'đang tự chấm',
  SUBMITTED: 'đã nộp',
  RETURNED: 'được trả lại',
  IN_APPRAISAL: 'đang thẩm định lần 1',
  EXPLANATION_REQUESTED: 'đang chờ giải trình',
  EXPLANATION_SUBMITTED: 'đã giải trình',
  FINAL_APPRAISAL: 'đã thẩm định lần 2',
  COUNCIL_APPROVED: 'đã được Hội đồng thông qua',
  PUBLISHED: 'đã công bố',
};
const invalidState = (card: Scorecard, what: string) =>
  new UserError(
    ErrorCode.INVALID_STATE,
    card.status === ScorecardStatus.PUBLISHED ? 'Kết quả đã công bố; không thể thay đổi.' : `Không thể ${what}: phiếu chấm ${STATUS_TITLE[card.status]}.`,
    { status: card.status },
  );

/** Appraisal, explanation, council decision and publication: the second half of a season. */
export class AppraisalService {
  constructor(
    private readonly deps: ScorecardDeps,
    private readonly scorecards: ScorecardService,
  ) {}

  /** A reviewer may act on a criterion when an assignment of the round covers its area and the unit. */
  async assertReviewerScope(em: EntityManager, viewer: Viewer, card: Scorecard, area: string) {
    if (viewer.role !== Role.REVIEWER) throw forbidden('Chỉ thành viên tổ thẩm định được thẩm định.');
    const n = await em.count(ReviewerAssignment, {
      round: card.round,
      reviewer: viewer.userId,
      $and: [{ $or: [{ area: null }, { area }] }, { $or: [{ unit: null }, { unit: card.unit }] }],
    });
    if (!n) throw forbidden('Tiêu chí này không thuộc phạm vi được giao thẩm định của bạn (lĩnh vực, đơn vị).');
  }

  private async leaf(em: EntityManager, card: Scorecard, code: string) {
    const row = await em.findOne(CriterionSnapshot, { round: card.round, group: card.group, code });
    if (!row || !row.method) throw notFound(`Không có tiêu chí "${code}" để thẩm định trong phiếu.`);
    return row;
  }

  /** Appraisal 1 or 2 of one criterion: accept the previous value or adjust it with a reason. */
  async appraise(em: EntityManager, viewer: Viewer, card: Scorecard, stage: Stage.APPRAISAL_1 | Stage.APPRAISAL_2, spec: AppraiseSpec) {
    const row = await this.leaf(em, card, spec.code);
    await this.assertReviewerScope(em, viewer, card, row.area);
    if (!STAGE_ALLOWED[stage].includes(card.status)) throw invalidState(card, 'thẩm định');
    await this.scorecards.assertOpen(em, card, STAGE_PHASE[stage]);
    const reason = spec.reason?.trim() || null;
    if (spec.decision === 'ADJUST') {
      if (!reason) throw badInput(`Điều chỉnh điểm tiêu chí ${spec.code} phải nêu lý do.`, { field: 'reason', criterion: spec.code });
      const leaf = { code: row.code, title: row.title, max: row.max.toFixed(), method: row.method! };
      const problem = entryProblem(leaf, { ...spec, expectedVersion: 0 }, Role.REVIEWER);
      if (problem) throw badInput(`Tiêu chí ${spec.code}: ${problem}.`, { field: 'value', criterion: spec.code });
      if (spec.points != null && (Number(spec.points) < 0 || row.max.lt(spec.points)))
        throw badInput(`Tiêu chí ${spec.code}: điểm phải từ 0 đến ${row.max.toFixed()}.`, { field: 'points', criterion: spec.code });
    }
    return em.transactional(async (tx) => {
      const now = this.deps.now();
      const locked = await tx.findOneOrFail(Scorecard, { id: card.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!STAGE_ALLOWED[stage].includes(locked.status)) throw invalidState(locked, 'thẩm định');
      const previous = await this.latestEntry(tx, locked, spec.code, stage === Stage.APPRAISAL_1 ? [Stage.SELF] : [Stage.APPRAISAL_1, Stage.SELF]);
      let entry = await tx.findOne(ScorecardEntry, { scorecard: locked, code: spec.code, stage });
      const current = entry?.version ?? 0;
      if (current !== spec.expectedVersion)
        throw new UserError(ErrorCode.STALE_VERSION, `Tiêu chí ${spec.code} đã được thẩm định bởi người khác (phiên bản ${current}). Tải lại rồi thẩm định lại.`, {
          criterion: spec.code,
          currentVersion: current,
        });
      const fields =
        spec.decision === 'ACCEPT'
          ? { value: previous?.value ?? null, variables: previous?.variables ?? {}, points: previous?.points ?? null, notApplicable: previous?.notApplicable ?? false, comment: reason ?? 'Chấp nhận' }
          : { value: spec.value ?? null, variables: spec.variables ?? {}, points: spec.points == null ? null : (spec.points as never), notApplicable: !!spec.notApplicable, comment: reason };
      if (entry) Object.assign(entry, fields, { authorId: viewer.userId, updatedAt: now, version: current + 1 });
      else entry = tx.create(ScorecardEntry, { province: locked.province, scorecard: locked, code: spec.code, stage, ...fields, explanation: null, authorId: viewer.userId, updatedAt: now, version: 1 });
      const from = locked.status;
      if (stage === Stage.APPRAISAL_1 && locked.status === ScorecardStatus.SUBMITTED) locked.status = ScorecardStatus.IN_APPRAISAL;
      if (stage === Stage.APPRAISAL_2) locked.status = ScorecardStatus.FINAL_APPRAISAL;
      locked.version++;
      await tx.flush();
      await this.scorecards.recompute(tx, locked, stage);
      await this.recomputeFinal(tx, locked);
      await this.deps.audit.append(tx, {
        provinceId: locked.province.id,
        actorId: viewer.userId,
        action: spec.decision === 'ACCEPT' ? 'appraisal.accepted' : 'appraisal.adjusted',
        entityType: 'ScorecardEntry',
        entityId: entry.id,
        payload: { scorecard: locked.id, code: spec.code, stage, value: fields.value, variables: fields.variables, points: fields.points == null ? null : String(fields.points), reason, statusFrom: from, statusTo: locked.status },
      }, now);
      return { entry, card: locked };
    });
  }

  private async latestEntry(em: EntityManager, card: Scorecard, code: string, stages: Stage[]) {
    const rows = await em.find(ScorecardEntry, { scorecard: card, code, stage: { $in: stages } });
    for (const s of stages) {
      const e = rows.find((r) => r.stage === s);
      if (e) return e;
    }
    return null;
  }

  /** The final value of each criterion is the latest stage that has one: appraisal 2, else 1, else the self-score. */
  async recomputeFinal(em: EntityManager, card: Scorecard) {
    const all = await em.find(ScorecardEntry, { scorecard: card, stage: { $in: [Stage.SELF, Stage.APPRAISAL_1, Stage.APPRAISAL_2] } });
    const rank = { [Stage.APPRAISAL_2]: 3, [Stage.APPRAISAL_1]: 2, [Stage.SELF]: 1, [Stage.FINAL]: 0 };
    const latest = new Map<string, ScorecardEntry>();
    for (const e of all) if (!latest.has(e.code) || rank[e.stage] > rank[latest.get(e.code)!.stage]) latest.set(e.code, e);
    return this.scorecards.recompute(em, card, Stage.FINAL, undefined, [...latest.values()]);
  }

  async requestExplanation(em: EntityManager, viewer: Viewer, card: Scorecard, spec: { code: string; message: string; dueOn: string }) {
    const row = await this.leaf(em, card, spec.code);
    await this.assertReviewerScope(em, viewer, card, row.area);
    if (![ScorecardStatus.SUBMITTED, ScorecardStatus.IN_APPRAISAL, ScorecardStatus.EXPLANATION_REQUESTED].includes(card.status)) throw invalidState(card, 'yêu cầu giải trình');
    await this.scorecards.assertOpen(em, card, Phase.APPRAISAL_1);
    assertDate(spec.dueOn, 'dueOn');
    if (!spec.message.trim()) throw badInput('Cần nêu nội dung yêu cầu giải trình.', { field: 'message' });
    return em.transactional(async (tx) => {
      const locked = await tx.findOneOrFail(Scorecard, { id: card.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const req = tx.create(ExplanationRequest, { province: locked.province, scorecard: locked, code: spec.code, message: spec.message.trim(), dueOn: spec.dueOn, requestedBy: viewer.userId });
      locked.status = ScorecardStatus.EXPLANATION_REQUESTED;
      locked.version++;
      await tx.flush();
      await this.deps.audit.append(tx, { provinceId: locked.province.id, actorId: viewer.userId, action: 'explanation.requested', entityType: 'ExplanationRequest', entityId: req.id, payload: { scorecard: locked.id, code: spec.code, message: req.message, dueOn: spec.dueOn } }, this.deps.now());
      return req;
    });
  }

  /** The unit answers a request within its due date and the explanation phase; late answers are refused. */
  async answerExplanation(em: EntityManager, viewer: Viewer, request: ExplanationRequest, answer: string) {
    const card = await em.findOneOrFail(Scorecard, { id: request.scorecard.id });
    if (viewer.role !== Role.UNIT || viewer.unitId !== card.unit.id) throw forbidden('Chỉ đơn vị được yêu cầu mới giải trình.');
    if (card.status !== ScorecardStatus.EXPLANATION_REQUESTED) throw invalidState(card, 'giải trình');
    if (request.answeredAt) throw badInput('Yêu cầu này đã được giải trình.', { field: 'requestId' });
    if (!answer.trim()) throw badInput('Nội dung giải trình không được để trống.', { field: 'answer' });
    const now = this.deps.now();
    if (now > deadlineInstant(request.dueOn))
      throw new UserError(ErrorCode.PHASE_CLOSED, `Đã quá hạn giải trình (23:59:59 ngày ${viDate(request.dueOn)}); không thể trả lời.`, { deadline: request.dueOn });
    await this.scorecards.assertOpen(em, card, Phase.EXPLANATION);
    return em.transactional(async (tx) => {
      const locked = await tx.findOneOrFail(Scorecard, { id: card.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const req = await tx.findOneOrFail(ExplanationRequest, { id: request.id });
      Object.assign(req, { answer: answer.trim(), answeredAt: now, answeredBy: viewer.userId });
      await tx.flush();
      if (!(await tx.count(ExplanationRequest, { scorecard: locked, answeredAt: null }))) locked.status = ScorecardStatus.EXPLANATION_SUBMITTED;
      locked.version++;
      await tx.flush();
      await this.deps.audit.append(tx, { provinceId: locked.province.id, actorId: viewer.userId, action: 'explanation.answered', entityType: 'ExplanationRequest', entityId: req.id, payload: { scorecard: locked.id, code: req.code, answer: req.answer, status: locked.status } }, now);
      return req;
    });
  }

  async appointCouncilMember(em: EntityManager, viewer: Viewer, round: AssessmentRound, userId: string) {
    const user = await em.findOne(User, { id: userId, province: round.province });
    if (!user) throw notFound('Không tìm thấy tài khoản trong tỉnh.');
    if (user.role !== Role.COUNCIL_MEMBER) throw badInput('Chỉ tài khoản vai trò COUNCIL_MEMBER được cử vào Hội đồng.', { field: 'userId' });
    return em.transactional(async (tx) => {
      const existing = await tx.findOne(CouncilMember, { round, member: userId });
      if (existing) return existing;
      const m = tx.create(CouncilMember, { province: round.province, round, member: userId });
      await tx.flush();
      await this.deps.audit.append(tx, { provinceId: round.province.id, actorId: viewer.userId, action: 'council.member.appointed', entityType: 'CouncilMember', entityId: m.id, payload: { round: round.id, member: userId } }, this.deps.now());
      return m;
    });
  }

  async vote(em: EntityManager, viewer: Viewer, round: AssessmentRound, group: UnitGroup, vote: Vote) {
    if (!(await em.count(CouncilMember, { round, member: viewer.userId }))) throw forbidden('Bạn không phải thành viên Hội đồng của đợt đánh giá này.');
    if (await em.count(CouncilDecision, { round, group })) throw badInput('Hội đồng đã quyết định kết quả của nhóm này.', { field: 'group' });
    await this.assertPhaseOpen(em, round, Phase.COUNCIL);
    return em.transactional(async (tx) => {
      const now = this.deps.now();
      const row = (await tx.findOne(CouncilVote, { round, group, member: viewer.userId })) ?? tx.create(CouncilVote, { province: round.province, round, group, member: viewer.userId, vote, at: now });
      Object.assign(row, { vote, at: now });
      await tx.flush();
      await this.deps.audit.append(tx, { provinceId: round.province.id, actorId: viewer.userId, action: 'council.voted', entityType: 'CouncilVote', entityId: row.id, payload: { round: round.id, group: group.code, vote } }, now);
      return row;
    });
  }

  private async assertPhaseOpen(em: EntityManager, round: AssessmentRound, phase: Phase) {
    const p = await em.findOne(RoundPhase, { round, phase });
    if (p && this.deps.now() > deadlineInstant(p.closesOn))
      throw new UserError(ErrorCode.PHASE_CLOSED, `Giai đoạn đã kết thúc lúc 23:59:59 ngày ${viDate(p.closesOn)}.`, { phase, deadline: p.closesOn });
  }

  /** Records the council's decision for a unit group: more than half of the appointed members must approve. */
  async decide(em: EntityManager, viewer: Viewer, round: AssessmentRound, group: UnitGroup) {
    const appointed = await em.count(CouncilMember, { round });
    const approvals = await em.count(CouncilVote, { round, group, vote: Vote.APPROVE });
    if (!appointed) throw badInput('Đợt đánh giá chưa có thành viên Hội đồng.', { field: 'roundId' });
    if (approvals * 2 <= appointed)
      throw new UserError(ErrorCode.NO_MAJORITY, `Chưa đủ đa số: ${approvals}/${appointed} thành viên tán thành (cần hơn 50 % số thành viên). Không có gì thay đổi.`, { approvals, appointed });
    const cards = await em.find(Scorecard, { round, group });
    const notReady = cards.filter((c) => c.status !== ScorecardStatus.FINAL_APPRAISAL);
    if (notReady.length)
      throw new UserError(ErrorCode.INVALID_STATE, `${notReady.length} phiếu chấm của nhóm chưa thẩm định xong lần 2.`, { scorecards: notReady.map((c) => c.id) });
    if (await em.count(CouncilDecision, { round, group })) throw badInput('Hội đồng đã quyết định kết quả của nhóm này.', { field: 'group' });
    return em.transactional(async (tx) => {
      const now = this.deps.now();
      const d = tx.create(CouncilDecision, { province: round.province, round, group, appointed, approvals, decidedAt: now, recordedBy: viewer.userId });
      await tx.getConnection().execute(`update scorecard set status = 'COUNCIL_APPROVED', version = version + 1 where round_id = ? and group_id = ?`, [round.id, group.id], 'run', tx.getTransactionContext());
      await tx.flush();
      await this.deps.audit.append(tx, { provinceId: round.province.id, actorId: viewer.userId, action: 'council.decided', entityType: 'CouncilDecision', entityId: d.id, payload: { round: round.id, group: group.code, appointed, approvals } }, now);
      return d;
    });
  }

  /**
   * Publishes a unit group's results as an immutable, versioned record with the province's
   * publication decision; the scorecards become PUBLISHED and no write changes them after.
   */
  async publish(em: EntityManager, viewer: Viewer, round: AssessmentRound, group: UnitGroup, legalDocumentId: string) {
    if (!(await em.count(CouncilDecision, { round, group }))) throw new UserError(ErrorCode.INVALID_STATE, 'Hội đồng chưa thông qua kết quả của nhóm này.', {});
    const doc = await em.findOne(LegalDocument, { id: legalDocumentId });
    if (!doc || (doc.province && doc.province.id !== round.province.id)) throw notFound('Không tìm thấy quyết định công bố.');
    const cards = await em.find(Scorecard, { round, group });
    if (cards.some((c) => c.status !== ScorecardStatus.COUNCIL_APPROVED)) throw new UserError(ErrorCode.INVALID_STATE, 'Có phiếu chấm chưa được Hội đồng thông qua hoặc đã công bố.', {});
    const preset = this.deps.presets.get(round.presetId)!;
    // The group's ranking from the final results, set-based (a fixed number of statements for any
    // number of units), stored with its bands and the rules that applied: the record is then read
    // as published, whatever indicators or history say later.
    const ranking = await new RankingService().ranking(em, preset, round, group, true);
    const results: PublishedResult[] = ranking.rows.map((r) => ({
      unitId: r.unitId,
      unitName: r.unitName,
      total: r.total.toFixed(),
      max: r.max.toFixed(),
      index: r.index.toFixed(2),
      band: r.band,
      bandByIndex: r.bandByIndex,
      rank: r.rank,
      areas: r.areas.map((a) => ({ area: a.area, points: a.points.toFixed(), max: a.max.toFixed() })),
      criteria: r.criteria,
      capped: r.capped.map((c) => ({ rule: { id: c.rule.id, title: c.rule.title, basis: c.rule.basis }, triggers: c.triggers })),
      flags: r.flags.map((f) => ({ rule: { id: f.rule.id, title: f.rule.title, basis: f.rule.basis }, flag: f.flag, history: f.history })),
    }));
    return em.transactional(async (tx) => {
      const now = this.deps.now();
      const [row] = await tx.getConnection().execute<{ v: number | null }[]>(`select max(version) as v from publication where round_id = ? and group_id = ?`, [round.id, group.id], 'all', tx.getTransactionContext());
      const digest = createHash('sha256').update(canonicalJson(results)).digest('hex');
      const pub = tx.create(Publication, { province: round.province, round, group, version: (row?.v ?? 0) + 1, legalDocument: doc, publishedAt: now, publishedBy: viewer.userId, results, digest });
      await tx.getConnection().execute(`update scorecard set status = 'PUBLISHED', version = version + 1 where round_id = ? and group_id = ?`, [round.id, group.id], 'run', tx.getTransactionContext());
      await tx.flush();
      await this.deps.audit.append(tx, { provinceId: round.province.id, actorId: viewer.userId, action: 'results.published', entityType: 'Publication', entityId: pub.id, payload: { round: round.id, group: group.code, version: pub.version, document: doc.number, digest } }, now);
      return pub;
    });
  }
}
