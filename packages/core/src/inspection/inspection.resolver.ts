import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Allow, Inherit } from '../auth/access.js';
import { Role } from '../auth/role.js';
import { calendarFor } from '../calendar/calendar-override.entity.js';
import { deadlineInstant } from '../calendar/working-days.js';
import type { RequestContext } from '../common/context.js';
import { viewerOf } from '../common/context.js';
import { assertDate, todayInVietnam } from '../common/dates.js';
import { badInput, forbidden, notFound } from '../common/errors.js';
import { idOf, NodeInterface, optionalIdOf, toGlobalId } from '../common/global-id.js';
import { LegalDocument } from '../legal/legal-document.entity.js';
import { LegalDocumentType } from '../legal/legal-document.type.js';
import { Unit } from '../unit/unit.entity.js';
import { UnitType } from '../unit/unit.type.js';
import { InspectionKind, InspectionMode, InspectionPlan, InspectionTarget, InspectionTeamMember } from './inspection.entity.js';
import { assertOnTeam, openSteps, targetDeadlines, visiblePlanIds } from './inspection.service.js';
import { InspectionTeamMemberType, teamMemberView } from './finding.resolver.js';

@Inherit()
@ObjectType('InspectionPlan', { description: 'Kế hoạch kiểm tra công tác CCHC của tỉnh.', implements: NodeInterface })
export class InspectionPlanType extends NodeInterface {
  @Field(() => Int)
  year!: number;

  @Field()
  title!: string;

  @Field(() => InspectionKind)
  kind!: InspectionKind;

  @Field(() => String, { nullable: true })
  theme?: string | null;

  @Field(() => LocalDateResolver)
  periodFrom!: string;

  @Field(() => LocalDateResolver)
  periodTo!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Hạn báo cáo tự kiểm tra.' })
  selfReportDueOn?: string | null;

  @Field(() => Int, { description: 'Số ngày làm việc trước ngày kiểm tra để thông báo lịch.' })
  noticeDays!: number;

  @Field(() => Int, { description: 'Số ngày làm việc trước ngày kiểm tra để đơn vị gửi báo cáo.' })
  reportDays!: number;

  @Field(() => Int, { description: 'Trong số ngày làm việc sau ngày kiểm tra để có kết luận.' })
  conclusionDays!: number;

  @Field(() => Int, { description: 'Số ngày làm việc sau kết luận để đơn vị báo cáo khắc phục.' })
  remediationDays!: number;
}

@Inherit()
@ObjectType('InspectionTarget', { description: 'Đơn vị trong kế hoạch kiểm tra, với các hạn tính theo lịch làm việc.', implements: NodeInterface })
export class InspectionTargetType extends NodeInterface {
  @Field(() => InspectionMode)
  mode!: InspectionMode;

  @Field(() => LocalDateResolver, { nullable: true })
  visitOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Lịch làm việc: giờ, địa điểm, thành phần tiếp đoàn.' })
  visitNote?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Hạn thông báo lịch kiểm tra.' })
  noticeDueOn?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Hạn đơn vị gửi báo cáo.' })
  reportDueOn?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Hạn ban hành kết luận.' })
  conclusionDueOn?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Hạn báo cáo khắc phục.' })
  remediationDueOn?: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  noticeSentAt?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  reportReceivedAt?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  concludedAt?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  remediationReceivedAt?: Date | null;
}

@Inherit()
@ObjectType('InspectionItem', { description: 'Một việc của kế hoạch kiểm tra còn mở, kèm hạn.' })
export class InspectionItemType {
  @Field(() => ID)
  targetId!: string;

  @Field()
  unitName!: string;

  @Field({ description: 'NOTICE, REPORT, CONCLUSION hoặc REMEDIATION.' })
  step!: string;

  @Field(() => LocalDateResolver)
  dueOn!: string;

  @Field()
  overdue!: boolean;
}

@InputType()
export class CreateInspectionPlanInput {
  @Field(() => Int)
  year!: number;

  @Field()
  title!: string;

  @Field(() => InspectionKind)
  kind!: InspectionKind;

  @Field(() => String, { nullable: true })
  theme?: string | null;

  @Field(() => ID, { nullable: true })
  legalDocumentId?: string | null;

  @Field(() => LocalDateResolver)
  periodFrom!: string;

  @Field(() => LocalDateResolver)
  periodTo!: string;

  @Field(() => LocalDateResolver, { nullable: true })
  selfReportDueOn?: string | null;

  @Field(() => Int, { defaultValue: 10 })
  noticeDays!: number;

  @Field(() => Int, { defaultValue: 5 })
  reportDays!: number;

  @Field(() => Int, { defaultValue: 10 })
  conclusionDays!: number;

  @Field(() => Int, { defaultValue: 20, description: 'Không có trong văn bản mẫu: tỉnh tự đặt.' })
  remediationDays!: number;
}

@InputType()
export class SetInspectionTargetInput {
  @Field(() => ID)
  planId!: string;

  @Field(() => ID)
  unitId!: string;

  @Field(() => InspectionMode)
  mode!: InspectionMode;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Ngày kiểm tra trực tiếp (có thể đặt sau).' })
  visitOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Lịch làm việc: giờ, địa điểm, thành phần tiếp đoàn.' })
  visitNote?: string | null;
}

const INSPECTION_READERS = [Role.ADMIN, Role.INSPECTOR] as const;

async function planOf(ctx: RequestContext, id: string, write = false) {
  const plan = await ctx.em.findOne(InspectionPlan, { id: idOf(id, 'InspectionPlan', 'planId') });
  const visible = await visiblePlanIds(ctx.em, viewerOf(ctx));
  if (!plan || !(await ctx.scope.canRead(plan.province.id)) || (visible && !visible.includes(plan.id))) throw notFound('Không tìm thấy kế hoạch kiểm tra.');
  if (write) ctx.scope.assertWrite(plan.province.id);
  return plan;
}

@Resolver(() => InspectionPlanType)
export class InspectionResolver {
  @Allow(INSPECTION_READERS, 'province')
  @Query(() => [InspectionPlanType], { description: 'Kế hoạch kiểm tra của tỉnh (lọc theo năm); thành viên đoàn kiểm tra chỉ thấy kế hoạch mình tham gia.' })
  async inspectionPlans(@Ctx() ctx: RequestContext, @Arg('year', () => Int, { nullable: true }) year?: number | null): Promise<InspectionPlan[]> {
    const visible = await visiblePlanIds(ctx.em, viewerOf(ctx));
    return ctx.em.find(InspectionPlan, { province: viewerOf(ctx).provinceId, ...(year ? { year } : {}), ...(visible ? { id: { $in: visible } } : {}) }, { orderBy: { year: 'desc', title: 'asc' } });
  }

  @Allow([Role.UNIT], 'own-unit')
  @Query(() => [InspectionTargetType], { description: 'Các lần kiểm tra (trực tiếp hoặc tự kiểm tra) của đơn vị mình.' })
  myInspections(@Ctx() ctx: RequestContext) {
    const viewer = viewerOf(ctx);
    if (!viewer.unitId) throw forbidden();
    return ctx.em.find(InspectionTarget, { unit: viewer.unitId }, { orderBy: { createdAt: 'desc' } });
  }

  @Allow(INSPECTION_READERS, 'province')
  @Query(() => [InspectionItemType], { description: 'Các việc còn mở của kế hoạch kiểm tra (hoặc mọi kế hoạch), quá hạn trước.' })
  async inspectionItems(@Ctx() ctx: RequestContext, @Arg('planId', () => ID, { nullable: true }) planId?: string | null, @Arg('overdueOnly', { defaultValue: false }) overdueOnly?: boolean) {
    const now = ctx.services.now();
    const plan = optionalIdOf(planId, 'InspectionPlan', 'planId');
    const visible = await visiblePlanIds(ctx.em, viewerOf(ctx));
    const targets = await ctx.em.find(
      InspectionTarget,
      { province: viewerOf(ctx).provinceId, ...(plan && visible ? { plan: { $in: visible.filter((v) => v === plan) } } : plan ? { plan } : visible ? { plan: { $in: visible } } : {}) },
      { populate: ['unit'] },
    );
    const items = targets.flatMap((t) =>
      openSteps(t).map((s) => ({ targetId: toGlobalId('InspectionTarget', t.id), unitName: t.unit.name, step: s.step, dueOn: s.dueOn, overdue: now > deadlineInstant(s.dueOn) })),
    );
    return items.filter((i) => !overdueOnly || i.overdue).sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn));
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => InspectionPlanType, { description: 'Tạo kế hoạch kiểm tra của tỉnh.' })
  async createInspectionPlan(@Arg('input') input: CreateInspectionPlanInput, @Ctx() ctx: RequestContext) {
    const viewer = viewerOf(ctx);
    if (!input.title.trim()) throw badInput('Thiếu tên kế hoạch.', { field: 'title' });
    assertDate(input.periodFrom, 'periodFrom');
    assertDate(input.periodTo, 'periodTo');
    if (input.selfReportDueOn) assertDate(input.selfReportDueOn, 'selfReportDueOn');
    for (const k of ['noticeDays', 'reportDays', 'conclusionDays', 'remediationDays'] as const)
      if (!Number.isInteger(input[k]) || input[k] < 0 || input[k] > 120) throw badInput(`${k} phải là số ngày làm việc từ 0 đến 120.`, { field: k });
    // A legal basis the caller may read (its province's or a national one), and no second plan of the same title.
    const legalDocument = optionalIdOf(input.legalDocumentId, 'LegalDocument', 'legalDocumentId') ?? null;
    const doc = legalDocument ? await ctx.em.findOne(LegalDocument, { id: legalDocument }) : null;
    if (legalDocument && (!doc || !(await ctx.scope.canRead(doc.province?.id)))) throw notFound('Không tìm thấy văn bản pháp lý.');
    if (await ctx.em.count(InspectionPlan, { province: viewer.provinceId, year: input.year, title: input.title.trim() }))
      throw badInput(`Đã có kế hoạch kiểm tra "${input.title.trim()}" năm ${input.year}.`, { field: 'title' });
    return ctx.em.transactional(async (tx) => {
      const plan = tx.create(InspectionPlan, {
        province: viewer.provinceId,
        year: input.year,
        title: input.title.trim(),
        kind: input.kind,
        theme: input.theme ?? null,
        legalDocument,
        periodFrom: input.periodFrom,
        periodTo: input.periodTo,
        selfReportDueOn: input.selfReportDueOn ?? null,
        noticeDays: input.noticeDays,
        reportDays: input.reportDays,
        conclusionDays: input.conclusionDays,
        remediationDays: input.remediationDays,
      });
      await tx.flush();
      await ctx.services.audit.append(tx, { provinceId: viewer.provinceId, actorId: viewer.userId, action: 'inspection.plan.created', entityType: 'InspectionPlan', entityId: plan.id, payload: { year: plan.year, title: plan.title } }, ctx.services.now());
      return plan;
    });
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => InspectionTargetType, { description: 'Đưa một đơn vị vào kế hoạch (trực tiếp hoặc tự kiểm tra) và tính các hạn theo lịch làm việc của tỉnh.' })
  async setInspectionTarget(@Arg('input') input: SetInspectionTargetInput, @Ctx() ctx: RequestContext) {
    const plan = await planOf(ctx, input.planId, true);
    const unit = await ctx.em.findOne(Unit, { id: idOf(input.unitId, 'Unit', 'unitId'), province: plan.province });
    if (!unit) throw notFound('Không tìm thấy đơn vị trong tỉnh.');
    if (input.visitOn) assertDate(input.visitOn, 'visitOn');
    if (input.mode === InspectionMode.SELF && input.visitOn) throw badInput('Đơn vị tự kiểm tra không có ngày kiểm tra trực tiếp.', { field: 'visitOn' });
    const deadlines = targetDeadlines(plan, input.mode, input.visitOn ?? null, await calendarFor(ctx.em, plan.province.id));
    return ctx.em.transactional(async (tx) => {
      const t = (await tx.findOne(InspectionTarget, { plan, unit })) ?? tx.create(InspectionTarget, { province: plan.province, plan, unit, mode: input.mode });
      Object.assign(t, { mode: input.mode, visitOn: input.visitOn ?? null, visitNote: input.visitNote?.trim() || null, ...deadlines });
      await tx.flush();
      await ctx.services.audit.append(tx, { provinceId: plan.province.id, actorId: viewerOf(ctx).userId, action: 'inspection.target.set', entityType: 'InspectionTarget', entityId: t.id, payload: { unit: unit.id, mode: input.mode, visitOn: input.visitOn ?? null, ...deadlines } }, ctx.services.now());
      return t;
    });
  }

  @Allow(INSPECTION_READERS, 'province')
  @Mutation(() => InspectionTargetType, { description: 'Ghi nhận một bước đã xong: NOTICE, REPORT, CONCLUSION, REMEDIATION.' })
  async recordInspectionStep(@Arg('targetId', () => ID) targetId: string, @Arg('step') step: string, @Ctx() ctx: RequestContext) {
    const steps = { NOTICE: 'noticeSentAt', REPORT: 'reportReceivedAt', CONCLUSION: 'concludedAt', REMEDIATION: 'remediationReceivedAt' } as const;
    const field = Object.hasOwn(steps, step) ? steps[step as keyof typeof steps] : null; // not "constructor" & co.
    if (!field) throw badInput('step phải là NOTICE, REPORT, CONCLUSION hoặc REMEDIATION.', { field: 'step' });
    const t = await ctx.em.findOne(InspectionTarget, { id: idOf(targetId, 'InspectionTarget', 'targetId') });
    if (!t || t.province.id !== viewerOf(ctx).provinceId) throw notFound('Không tìm thấy đơn vị trong kế hoạch kiểm tra.');
    ctx.scope.assertWrite(t.province.id);
    await assertOnTeam(ctx.em, viewerOf(ctx), t.plan.id);
    return ctx.em.transactional(async (tx) => {
      const row = await tx.findOneOrFail(InspectionTarget, { id: t.id });
      row[field] = ctx.services.now();
      await tx.flush();
      await ctx.services.audit.append(tx, { provinceId: t.province.id, actorId: viewerOf(ctx).userId, action: 'inspection.step.recorded', entityType: 'InspectionTarget', entityId: t.id, payload: { step, at: todayInVietnam(ctx.services.now()) } }, ctx.services.now());
      return row;
    });
  }

  @FieldResolver(() => [InspectionTargetType], { description: 'Các đơn vị của kế hoạch.' })
  targets(@Root() p: InspectionPlan, @Ctx() ctx: RequestContext, @Arg('mode', () => InspectionMode, { nullable: true }) mode?: InspectionMode | null) {
    return ctx.em.find(InspectionTarget, { plan: p, ...(mode ? { mode } : {}) }, { orderBy: { createdAt: 'asc' } });
  }

  @FieldResolver(() => [InspectionTeamMemberType], { description: 'Thành phần đoàn kiểm tra.' })
  async team(@Root() p: InspectionPlan, @Ctx() ctx: RequestContext): Promise<InspectionTeamMemberType[]> {
    const rows = await ctx.em.find(InspectionTeamMember, { plan: p }, { populate: ['user'], orderBy: { role: 'asc', createdAt: 'asc' } });
    return rows.map((r) => teamMemberView(r, r.user));
  }

  @FieldResolver(() => LegalDocumentType, { nullable: true })
  legalDocument(@Root() p: InspectionPlan, @Ctx() ctx: RequestContext) {
    return p.legalDocument ? ctx.loaders.legalDocument.load(p.legalDocument.id) : null;
  }
}

@Resolver(() => InspectionTargetType)
export class InspectionTargetFields {
  @FieldResolver(() => UnitType)
  unit(@Root() t: InspectionTarget, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unit.load(t.unit.id);
  }
}
