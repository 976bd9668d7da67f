import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import type { AuditService } from '../audit/audit.service.js';
import { Role } from '../auth/role.js';
import type { Viewer } from '../auth/viewer.js';
import { todayInVietnam } from '../common/dates.js';
import { normalizeText } from '../common/text.js';
import { badInput, conflict, forbidden, UserError, ErrorCode } from '../common/errors.js';
import type { ImportProblem } from '../import/unit-import.js';
import { attachEvidence, checkEvidenceSet, type EvidenceDocumentInput } from '../scorecard/evidence.service.js';
import type { ScorecardService } from '../scorecard/scorecard.service.js';
import { Unit } from '../unit/unit.entity.js';
import { PLAN_SHEET, planTaskTemplate, readPlanTaskTable, type PlanTaskInput } from './plan-xlsx.js';
import { PlanTaskStatus, ReformPlan, ReformPlanTask, ReformPlanTaskEvidence } from './plan.entity.js';

/** Whether a task was completed on time (null when it has no date or is not done). */
export function onTime(t: Pick<ReformPlanTask, 'status' | 'dueOn' | 'completedOn'>): boolean | null {
  if (!t.dueOn || t.status === PlanTaskStatus.CANCELLED) return null;
  if (t.status !== PlanTaskStatus.DONE) return null;
  return !!t.completedOn && t.completedOn <= t.dueOn;
}

/** Whether a dated, unfinished task is past its due date on `today`. */
export function overdue(t: Pick<ReformPlanTask, 'status' | 'dueOn'>, today: string): boolean {
  return !!t.dueOn && t.dueOn < today && (t.status === PlanTaskStatus.NOT_STARTED || t.status === PlanTaskStatus.IN_PROGRESS);
}


/** The province's units valid during the year, findable by code or name. */
async function unitsByKey(em: EntityManager, provinceId: string, year: number) {
  const units = await em.find(Unit, {
    province: provinceId,
    validFrom: { $lte: `${year}-12-31` },
    $or: [{ validTo: null }, { validTo: { $gte: `${year}-01-01` } }],
  });
  const map = new Map<string, Unit>();
  for (const u of units) {
    map.set(normalizeText(u.code), u);
    map.set(normalizeText(u.name), u);
  }
  return { units, find: (text: string) => map.get(normalizeText(text)) };
}

export interface PlanImportResult {
  plan: ReformPlan;
  tasksCreated: number;
}

/**
 * Replaces a plan's task table from the XLSX template. Lead units must be units of the province
 * valid in the plan's year (by code or name); coordinating entries that name a unit are linked,
 * the rest kept as written. Every problem of every row is listed and nothing is written; a table
 * whose tasks already have progress (status, evidence) is not replaced. `actorId` null = the CLI.
 */
export async function importPlanTasks(em: EntityManager, deps: { audit: AuditService; now: () => Date }, actorId: string | null, plan: ReformPlan, data: Buffer): Promise<PlanImportResult> {
  const { rows, problems } = await readPlanTaskTable(data, plan.year);
  const { find } = await unitsByKey(em, plan.province.id, plan.year);
  const all: ImportProblem[] = [...problems];
  const resolved = rows.map((r) => {
    const lead = find(r.lead);
    if (!lead) all.push({ sheet: PLAN_SHEET, row: r.row, column: 'Cơ quan chủ trì', message: `Không tìm thấy đơn vị "${r.lead}" (mã hoặc tên) trong tỉnh năm ${plan.year}.` });
    const coordinating: string[] = [];
    const notes: string[] = [];
    for (const c of r.coordinating) {
      const u = find(c);
      if (u && u.id !== lead?.id) coordinating.push(u.id);
      else if (!u) notes.push(c);
    }
    return { r, lead, coordinating: [...new Set(coordinating)], note: notes.join('; ') || null };
  });
  all.sort((a, b) => a.row - b.row);
  if (all.length)
    throw new UserError(ErrorCode.BAD_USER_INPUT, `Bảng nhiệm vụ có ${all.length} lỗi (xem danh sách). Không có gì được ghi.`, { problems: all });
  if (!resolved.length) throw badInput('Bảng nhiệm vụ không có dòng nào.', { field: 'file' });

  return em.transactional(async (tx) => {
    const locked = await tx.findOneOrFail(ReformPlan, { id: plan.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const started = await tx.count(ReformPlanTask, { plan: locked, status: { $ne: PlanTaskStatus.NOT_STARTED } });
    if (started)
      throw conflict(`Kế hoạch đã có ${started} nhiệm vụ được cập nhật tiến độ; không thể thay bảng nhiệm vụ. Hãy sửa từng nhiệm vụ.`);
    await tx.nativeDelete(ReformPlanTask, { plan: locked });
    resolved.forEach(({ r, lead, coordinating, note }, i) =>
      tx.create(ReformPlanTask, {
        province: locked.province,
        plan: locked,
        area: r.area,
        position: i + 1,
        number: r.position,
        title: r.title,
        product: r.product,
        deadlineKind: r.deadline.kind,
        deadlineText: r.deadline.text,
        dueOn: r.deadline.dueOn,
        lead: lead!,
        coordinating,
        coordinatingNote: note,
      }),
    );
    await tx.flush();
    const now = deps.now();
    await deps.audit.append(tx, { provinceId: locked.province.id, actorId, action: 'plan.tasks.imported', entityType: 'ReformPlan', entityId: locked.id, payload: { tasks: resolved.length } }, now);
    return { plan: locked, tasksCreated: resolved.length };
  });
}

export interface TaskStatusSpec {
  status: PlanTaskStatus;
  completedOn?: string | null;
  note?: string | null;
  /** Existing evidence of the lead unit (global ids). */
  evidenceIds: string[];
  /** New documents of the lead unit. */
  documents: EvidenceDocumentInput[];
  expectedVersion: number;
}

/**
 * Updates a task's progress (the lead unit, or the province's administrator). DONE needs the
 * completion date (not in the future) and at least one evidence document of the lead unit. The
 * lead unit's unpublished scorecards of the plan's year are re-scored in the same transaction,
 * since an area-1 criterion reads the on-time share.
 */
export async function updateTaskStatus(
  em: EntityManager,
  deps: { audit: AuditService; now: () => Date; scorecards: ScorecardService },
  viewer: Viewer,
  task: ReformPlanTask,
  spec: TaskStatusSpec,
): Promise<ReformPlanTask> {
  if (viewer.role === Role.UNIT && viewer.unitId !== task.lead.id) throw forbidden('Chỉ đơn vị chủ trì được cập nhật tiến độ nhiệm vụ này.');
  const plan = await em.findOneOrFail(ReformPlan, { id: task.plan.id });
  const today = todayInVietnam(deps.now());
  if (spec.status === PlanTaskStatus.DONE) {
    if (!spec.completedOn) throw badInput('Nhiệm vụ đã hoàn thành cần ngày hoàn thành.', { field: 'completedOn' });
    if (spec.completedOn > today) throw badInput('Ngày hoàn thành không được sau hôm nay.', { field: 'completedOn' });
    if (Number(spec.completedOn.slice(0, 4)) < plan.year) throw badInput(`Ngày hoàn thành phải từ năm kế hoạch ${plan.year}.`, { field: 'completedOn' });
  } else if (spec.completedOn) throw badInput('Chỉ nhiệm vụ đã hoàn thành mới có ngày hoàn thành.', { field: 'completedOn' });
  if (spec.status === PlanTaskStatus.CANCELLED && viewer.role !== Role.ADMIN) throw forbidden('Chỉ Sở Nội vụ được ghi nhận nhiệm vụ không thực hiện.');
  if (spec.status === PlanTaskStatus.CANCELLED && !spec.note?.trim()) throw badInput('Cần ghi lý do (văn bản chỉ đạo) khi nhiệm vụ không thực hiện.', { field: 'note' });

  const checked = await checkEvidenceSet(em, viewer, {
    unitId: task.lead.id,
    ids: spec.evidenceIds,
    documents: spec.documents,
    year: Number((spec.completedOn ?? today).slice(0, 4)),
    yearName: 'năm hoàn thành',
    notOwned: 'Tài liệu chứng minh phải là tài liệu của đơn vị chủ trì.',
  });
  const linked = await em.count(ReformPlanTaskEvidence, { task });
  if (spec.status === PlanTaskStatus.DONE && linked + checked.existing.length + checked.documents.length === 0)
    throw badInput('Nhiệm vụ đã hoàn thành cần ít nhất một tài liệu chứng minh (sản phẩm của nhiệm vụ).', { field: 'documents' });

  return em.transactional(async (tx) => {
    const row = await tx.findOneOrFail(ReformPlanTask, { id: task.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (row.version !== spec.expectedVersion)
      throw new UserError(ErrorCode.STALE_VERSION, `Nhiệm vụ đã được cập nhật (phiên bản ${row.version}, bạn đọc phiên bản ${spec.expectedVersion}). Tải lại rồi cập nhật.`, { currentVersion: row.version });
    const now = deps.now();
    Object.assign(row, { status: spec.status, completedOn: spec.completedOn ?? null, statusNote: spec.note?.trim() || null, version: row.version + 1, updatedAt: now });
    const evidence = await attachEvidence(tx, viewer, { provinceId: row.province.id, unitId: row.lead.id }, checked);
    const already = new Set((await tx.find(ReformPlanTaskEvidence, { task: row })).map((l) => l.evidence.id));
    for (const e of evidence) if (!already.has(e.id)) tx.create(ReformPlanTaskEvidence, { task: row, evidence: e });
    await tx.flush();
    await deps.audit.append(tx, {
      provinceId: row.province.id,
      actorId: viewer.userId,
      action: 'plan.task.updated',
      entityType: 'ReformPlanTask',
      entityId: row.id,
      payload: { status: row.status, completedOn: row.completedOn ?? null, version: row.version, evidence: evidence.map((e) => e.id) },
    }, now);
    await deps.scorecards.rescoreOpen(tx, [row.lead.id], plan.year);
    return row;
  });
}


/**
 * The task-table template for a year: the province's units valid in it, and a plan's tasks when
 * given (lead and coordinating units by code, so the file imports back unchanged).
 */
export async function planTemplateFor(em: EntityManager, provinceId: string, year: number, plan: ReformPlan | null): Promise<Buffer> {
  const units = await em.find(Unit, { province: provinceId, validFrom: { $lte: `${year}-12-31` }, $or: [{ validTo: null }, { validTo: { $gte: `${year}-01-01` } }] }, { orderBy: { code: 'asc' } });
  const tasks = plan ? await em.find(ReformPlanTask, { plan }, { orderBy: { position: 'asc' }, populate: ['lead'] }) : [];
  const codes = new Map(units.map((u) => [u.id, u.code]));
  const rows: PlanTaskInput[] = tasks.map((t) => ({
    area: t.area,
    position: t.number,
    title: t.title,
    product: t.product,
    deadline: { kind: t.deadlineKind, dueOn: t.dueOn ?? null, text: t.deadlineText },
    lead: t.lead.code,
    coordinating: [...t.coordinating.map((id) => codes.get(id) ?? id), ...(t.coordinatingNote ? t.coordinatingNote.split('; ') : [])],
  }));
  return planTaskTemplate(year, units.map((u) => ({ code: u.code, name: u.name })), rows);
}
