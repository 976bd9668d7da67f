import { LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Allow, Inherit } from '../auth/access.js';
import { Role } from '../auth/role.js';
import type { RequestContext } from '../common/context.js';
import { viewerOf } from '../common/context.js';
import { assertDate, todayInVietnam } from '../common/dates.js';
import { dec, DecimalScalar, roundHalfUp, type Decimal } from '../common/decimal.js';
import { badInput, forbidden, notFound } from '../common/errors.js';
import { idOf, NodeInterface, optionalIdOf } from '../common/global-id.js';
import { Area } from '../criteria/area.js';
import { decodeBase64File } from '../import/workbook.js';
import { LegalDocument } from '../legal/legal-document.entity.js';
import { LegalDocumentType } from '../legal/legal-document.type.js';
import { Evidence } from '../scorecard/evidence.entity.js';
import { EvidenceDocumentInput } from '../scorecard/evidence.service.js';
import { EvidenceType } from '../scorecard/scorecard.type.js';
import { Unit } from '../unit/unit.entity.js';
import { UnitType } from '../unit/unit.type.js';
import { DeadlineKind, deadlineLabel } from './plan-deadline.js';
import { planShares } from './plan-share.js';
import { PlanTaskStatus, ReformPlan, ReformPlanTask } from './plan.entity.js';
import { importPlanTasks, onTime, overdue, planTemplateFor, updateTaskStatus } from './plan.service.js';

@Inherit()
@ObjectType('ReformPlan', { description: 'Kế hoạch cải cách hành chính năm của tỉnh (hoặc của một đơn vị).', implements: NodeInterface })
export class ReformPlanType extends NodeInterface {
  @Field(() => Int)
  year!: number;

  @Field()
  title!: string;
}

@Inherit()
@ObjectType('ReformPlanTask', { description: 'Một nhiệm vụ của kế hoạch CCHC: sản phẩm, thời hạn, cơ quan chủ trì và phối hợp, tiến độ.', implements: NodeInterface })
export class ReformPlanTaskType extends NodeInterface {
  @Field(() => Area)
  area!: Area;

  @Field({ description: 'Số thứ tự như trong văn bản.' })
  number!: string;

  @Field()
  title!: string;

  @Field({ description: 'Sản phẩm dự kiến.' })
  product!: string;

  @Field(() => DeadlineKind)
  deadlineKind!: DeadlineKind;

  @Field({ description: 'Thời hạn như ghi trong kế hoạch, ví dụ "Quý II/2025".' })
  deadlineText!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Hạn hoàn thành đúng hạn (ngày cuối của tháng, quý, năm); không có với nhiệm vụ thường xuyên hoặc chờ điều kiện.' })
  dueOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Cơ quan phối hợp ghi theo văn bản, không phải một đơn vị cụ thể.' })
  coordinatingNote?: string | null;

  @Field(() => PlanTaskStatus)
  status!: PlanTaskStatus;

  @Field(() => LocalDateResolver, { nullable: true })
  completedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Ghi chú tiến độ; lý do khi không thực hiện.' })
  statusNote?: string | null;

  @Field(() => Int, { description: 'Phiên bản, để cập nhật không ghi đè lẫn nhau.' })
  version!: number;
}

@Inherit()
@ObjectType('PlanCompletion', { description: 'Tỷ lệ nhiệm vụ có thời hạn do đơn vị chủ trì hoàn thành đúng hạn trong kế hoạch CCHC năm (nguồn của chỉ số PLAN_ON_TIME_RATE).' })
export class PlanCompletionType {
  @Field(() => Int)
  year!: number;

  @Field(() => Int, { description: 'Số nhiệm vụ hoàn thành đúng hạn.' })
  onTime!: number;

  @Field(() => Int, { description: 'Số nhiệm vụ có thời hạn (trừ nhiệm vụ thường xuyên, chờ điều kiện, không thực hiện).' })
  total!: number;

  @Field(() => DecimalScalar, { nullable: true, description: 'Tỷ lệ (%), 4 chữ số thập phân; không có khi đơn vị không chủ trì nhiệm vụ nào có thời hạn.' })
  rate!: Decimal | null;

  unitId!: string;
}

@Inherit()
@ObjectType('ImportPlanTasksPayload')
export class ImportPlanTasksPayload {
  @Field(() => ReformPlanType)
  plan!: ReformPlan;

  @Field(() => Int)
  tasksCreated!: number;
}

@InputType()
export class CreateReformPlanInput {
  @Field(() => Int)
  year!: number;

  @Field()
  title!: string;

  @Field(() => ID, { nullable: true, description: 'Đơn vị có kế hoạch riêng; bỏ trống với kế hoạch của tỉnh.' })
  unitId?: string | null;

  @Field(() => ID, { nullable: true })
  legalDocumentId?: string | null;
}

@InputType()
export class UpdatePlanTaskInput {
  @Field(() => ID)
  taskId!: string;

  @Field(() => PlanTaskStatus)
  status!: PlanTaskStatus;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Bắt buộc khi đã hoàn thành.' })
  completedOn?: string | null;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => [ID], { defaultValue: [], description: 'Tài liệu đã có của đơn vị chủ trì.' })
  evidenceIds!: string[];

  @Field(() => [EvidenceDocumentInput], { defaultValue: [], description: 'Tài liệu mới (sản phẩm của nhiệm vụ).' })
  documents!: EvidenceDocumentInput[];

  @Field(() => Int)
  expectedVersion!: number;
}

const PLAN_READERS = [Role.ADMIN, Role.UNIT, Role.REVIEWER, Role.COUNCIL_MEMBER, Role.INSPECTOR, Role.NATIONAL_READER] as const;

async function planById(ctx: RequestContext, id: string, write = false) {
  const plan = await ctx.em.findOne(ReformPlan, { id: idOf(id, 'ReformPlan', 'planId') });
  if (!plan || !(await ctx.scope.canRead(plan.province.id))) throw notFound('Không tìm thấy kế hoạch CCHC.');
  if (write) ctx.scope.assertWrite(plan.province.id);
  return plan;
}

@Resolver(() => ReformPlanType)
export class ReformPlanResolver {
  @Allow(PLAN_READERS, 'province')
  @Query(() => [ReformPlanType], { description: 'Kế hoạch CCHC năm của một tỉnh (mặc định tỉnh của mình) và của các đơn vị, lọc theo năm.' })
  async reformPlans(
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int, { nullable: true }) year?: number | null,
    @Arg('province', () => String, { nullable: true, description: 'Mã tỉnh (tỉnh được xem).' }) province?: string | null,
  ): Promise<ReformPlan[]> {
    return ctx.em.find(ReformPlan, { province: await ctx.scope.provinceId(province), ...(year ? { year } : {}) }, { orderBy: { year: 'desc', title: 'asc' } });
  }

  @Allow(PLAN_READERS, 'province')
  @Query(() => [ReformPlanTaskType], { description: 'Các nhiệm vụ kế hoạch CCHC do một đơn vị chủ trì trong năm (mặc định: đơn vị mình).' })
  async planTasks(
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int) year: number,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string | null,
    @Arg('overdueOnly', { defaultValue: false }) overdueOnly?: boolean,
  ): Promise<ReformPlanTask[]> {
    const unit = await unitFor(ctx, unitId);
    const tasks = await ctx.em.find(ReformPlanTask, { lead: unit, plan: { year } }, { orderBy: { plan: { title: 'asc' }, position: 'asc' } });
    const today = todayInVietnam(ctx.services.now());
    return overdueOnly ? tasks.filter((t) => overdue(t, today)) : tasks;
  }

  @Allow(PLAN_READERS, 'province')
  @Query(() => PlanCompletionType, { description: 'Tỷ lệ hoàn thành đúng hạn nhiệm vụ kế hoạch CCHC của một đơn vị (mặc định: đơn vị mình).' })
  async planCompletion(@Ctx() ctx: RequestContext, @Arg('year', () => Int) year: number, @Arg('unitId', () => ID, { nullable: true }) unitId?: string | null): Promise<PlanCompletionType> {
    const unit = await unitFor(ctx, unitId);
    const share = (await planShares(ctx.em, [unit], year)).get(unit) ?? { onTime: 0, total: 0 };
    return { year, unitId: unit, ...share, rate: share.total ? roundHalfUp(dec(share.onTime).div(share.total).times(100), 4) : null };
  }

  @Allow([Role.ADMIN], 'province')
  @Query(() => String, { description: 'Tệp mẫu bảng nhiệm vụ kế hoạch CCHC (.xlsx, base64); có planId thì kèm các nhiệm vụ hiện có.' })
  async reformPlanTemplate(@Ctx() ctx: RequestContext, @Arg('year', () => Int) year: number, @Arg('planId', () => ID, { nullable: true }) planId?: string | null): Promise<string> {
    if (year < 2000 || year > 2100) throw badInput('Năm kế hoạch không hợp lệ.', { field: 'year' });
    const plan = planId ? await planById(ctx, planId) : null;
    return (await planTemplateFor(ctx.em, viewerOf(ctx).provinceId, year, plan)).toString('base64');
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => ReformPlanType, { description: 'Tạo kế hoạch CCHC năm (của tỉnh, hoặc của một đơn vị).' })
  async createReformPlan(@Arg('input') input: CreateReformPlanInput, @Ctx() ctx: RequestContext): Promise<ReformPlan> {
    const viewer = viewerOf(ctx);
    if (!input.title.trim()) throw badInput('Thiếu tên kế hoạch.', { field: 'title' });
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw badInput('Năm kế hoạch không hợp lệ.', { field: 'year' });
    const unitId = optionalIdOf(input.unitId, 'Unit', 'unitId');
    if (unitId && !(await ctx.em.count(Unit, { id: unitId, province: viewer.provinceId }))) throw notFound('Không tìm thấy đơn vị trong tỉnh.');
    if (await ctx.em.count(ReformPlan, { province: viewer.provinceId, year: input.year, title: input.title.trim() }))
      throw badInput(`Đã có kế hoạch "${input.title.trim()}" năm ${input.year}.`, { field: 'title' });
    // A legal basis the caller may read: its province's or a national one.
    const legalDocument = optionalIdOf(input.legalDocumentId, 'LegalDocument', 'legalDocumentId') ?? null;
    const doc = legalDocument ? await ctx.em.findOne(LegalDocument, { id: legalDocument }) : null;
    if (legalDocument && (!doc || !(await ctx.scope.canRead(doc.province?.id)))) throw notFound('Không tìm thấy văn bản pháp lý.');
    return ctx.em.transactional(async (tx) => {
      const plan = tx.create(ReformPlan, {
        province: viewer.provinceId,
        year: input.year,
        title: input.title.trim(),
        unit: unitId ?? null,
        legalDocument,
      });
      await tx.flush();
      await ctx.services.audit.append(tx, { provinceId: viewer.provinceId, actorId: viewer.userId, action: 'plan.created', entityType: 'ReformPlan', entityId: plan.id, payload: { year: plan.year, title: plan.title } }, ctx.services.now());
      return plan;
    });
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => ImportPlanTasksPayload, {
    description: 'Nhập (thay) bảng nhiệm vụ của kế hoạch từ tệp .xlsx theo mẫu. Mọi dòng lỗi được liệt kê trong `extensions.problems`; có lỗi thì không ghi gì.',
  })
  async importReformPlanTasks(@Arg('planId', () => ID) planId: string, @Arg('fileBase64') fileBase64: string, @Ctx() ctx: RequestContext): Promise<ImportPlanTasksPayload> {
    const plan = await planById(ctx, planId, true);
    return importPlanTasks(ctx.em, ctx.services, viewerOf(ctx).userId, plan, decodeBase64File(fileBase64, 'fileBase64'));
  }

  @Allow([Role.ADMIN, Role.UNIT], 'own-unit')
  @Mutation(() => ReformPlanTaskType, {
    description:
      'Cập nhật tiến độ một nhiệm vụ (đơn vị chủ trì hoặc Sở Nội vụ). Hoàn thành cần ngày hoàn thành và tài liệu chứng minh; điểm tiêu chí lấy từ tỷ lệ hoàn thành đúng hạn được tính lại ngay.',
  })
  async updatePlanTask(@Arg('input') input: UpdatePlanTaskInput, @Ctx() ctx: RequestContext): Promise<ReformPlanTask> {
    const viewer = viewerOf(ctx);
    const task = await ctx.em.findOne(ReformPlanTask, { id: idOf(input.taskId, 'ReformPlanTask', 'taskId') });
    if (!task || !(await ctx.scope.canRead(task.province.id))) throw notFound('Không tìm thấy nhiệm vụ.');
    ctx.scope.assertWrite(task.province.id);
    if (input.completedOn) assertDate(input.completedOn, 'completedOn');
    return updateTaskStatus(ctx.em, ctx.services, viewer, task, input);
  }

  @FieldResolver(() => UnitType, { nullable: true, description: 'Đơn vị có kế hoạch riêng; trống với kế hoạch của tỉnh.' })
  unit(@Root() p: ReformPlan, @Ctx() ctx: RequestContext) {
    return p.unit ? ctx.loaders.unit.load(p.unit.id) : null;
  }

  @FieldResolver(() => LegalDocumentType, { nullable: true })
  legalDocument(@Root() p: ReformPlan, @Ctx() ctx: RequestContext) {
    return p.legalDocument ? ctx.loaders.legalDocument.load(p.legalDocument.id) : null;
  }

  @FieldResolver(() => [ReformPlanTaskType], { description: 'Các nhiệm vụ theo thứ tự trong kế hoạch; lọc theo lĩnh vực, đơn vị chủ trì, tình trạng.' })
  async tasks(
    @Root() p: ReformPlan,
    @Ctx() ctx: RequestContext,
    @Arg('area', () => Area, { nullable: true }) area?: Area | null,
    @Arg('leadUnitId', () => ID, { nullable: true }) leadUnitId?: string | null,
    @Arg('status', () => PlanTaskStatus, { nullable: true }) status?: PlanTaskStatus | null,
    @Arg('overdueOnly', { defaultValue: false }) overdueOnly?: boolean,
  ): Promise<ReformPlanTask[]> {
    const lead = optionalIdOf(leadUnitId, 'Unit', 'leadUnitId');
    const tasks = await ctx.em.find(ReformPlanTask, { plan: p, ...(area ? { area } : {}), ...(lead ? { lead } : {}), ...(status ? { status } : {}) }, { orderBy: { position: 'asc' } });
    const today = todayInVietnam(ctx.services.now());
    return overdueOnly ? tasks.filter((t) => overdue(t, today)) : tasks;
  }
}

/** The unit a plan query is about: the caller's own for unit accounts, else the given one of the province. */
async function unitFor(ctx: RequestContext, unitId: string | null | undefined): Promise<string> {
  const viewer = viewerOf(ctx);
  const id = optionalIdOf(unitId, 'Unit', 'unitId') ?? viewer.unitId;
  if (!id) throw badInput('Cần chọn đơn vị.', { field: 'unitId' });
  if (viewer.role === Role.UNIT && id !== viewer.unitId) throw forbidden('Bạn chỉ xem được nhiệm vụ của đơn vị mình.');
  const unit = await ctx.loaders.unit.load(id);
  if (!unit || !(await ctx.scope.canRead(unit.province.id))) throw notFound('Không tìm thấy đơn vị.');
  return id;
}

@Resolver(() => ReformPlanTaskType)
export class ReformPlanTaskFields {
  @FieldResolver(() => UnitType, { description: 'Cơ quan chủ trì.' })
  lead(@Root() t: ReformPlanTask, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unit.load(t.lead.id);
  }

  @FieldResolver(() => [UnitType], { description: 'Các đơn vị phối hợp.' })
  async coordinatingUnits(@Root() t: ReformPlanTask, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.unit.loadMany(t.coordinating)).filter((u): u is Unit => u instanceof Unit);
  }

  @FieldResolver(() => String, { description: 'Thời hạn để hiển thị, ví dụ "Quý II/2025", "30/06/2025", "Thường xuyên".' })
  deadlineLabel(@Root() t: ReformPlanTask) {
    return deadlineLabel({ kind: t.deadlineKind, dueOn: t.dueOn ?? null, text: t.deadlineText });
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'Hoàn thành đúng hạn (trống khi chưa xong hoặc không có hạn).' })
  onTime(@Root() t: ReformPlanTask) {
    return onTime(t);
  }

  @FieldResolver(() => Boolean, { description: 'Quá hạn mà chưa hoàn thành.' })
  overdue(@Root() t: ReformPlanTask, @Ctx() ctx: RequestContext) {
    return overdue(t, todayInVietnam(ctx.services.now()));
  }

  @FieldResolver(() => [EvidenceType], { description: 'Tài liệu chứng minh hoàn thành.' })
  async evidence(@Root() t: ReformPlanTask, @Ctx() ctx: RequestContext): Promise<Evidence[]> {
    return ctx.loaders.planTaskEvidence.load(t.id);
  }
}

@Resolver(() => PlanCompletionType)
export class PlanCompletionFields {
  @FieldResolver(() => UnitType)
  unit(@Root() c: PlanCompletionType, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unit.load(c.unitId);
  }
}
