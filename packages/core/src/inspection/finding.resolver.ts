import { LockMode } from '@mikro-orm/postgresql';
import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Allow, Inherit } from '../auth/access.js';
import { Role } from '../auth/role.js';
import { User } from '../auth/user.entity.js';
import type { RequestContext } from '../common/context.js';
import { viewerOf } from '../common/context.js';
import { todayInVietnam } from '../common/dates.js';
import { badInput, conflict, forbidden, notFound } from '../common/errors.js';
import { idOf, NodeInterface, optionalIdOf } from '../common/global-id.js';
import { asciiSlug } from '../common/text.js';
import { Area } from '../criteria/area.js';
import { ReportFileType } from '../scorecard/appraisal.resolver.js';
import { Evidence } from '../scorecard/evidence.entity.js';
import { attachEvidence, checkEvidenceSet, EvidenceDocumentInput } from '../scorecard/evidence.service.js';
import { EvidenceType, ScorecardType } from '../scorecard/scorecard.type.js';
import { Scorecard } from '../scorecard/scorecard.entity.js';
import { UnitType } from '../unit/unit.type.js';
import {
  FindingEvidencePurpose,
  FindingKind,
  InspectionFinding,
  InspectionFindingEvidence,
  InspectionPlan,
  InspectionTarget,
  InspectionTeamMember,
  InspectorRole,
  RemediationStatus,
} from './inspection.entity.js';
import { InspectionTargetType } from './inspection.resolver.js';
import { assertOnTeam, findRepeatOf, topicKey, visiblePlanIds } from './inspection.service.js';
import { outlineData } from './outline-data.js';
import { outlineDocx } from './outline.js';

@Inherit()
@ObjectType('InspectionTeamMember', { description: 'Thành viên đoàn kiểm tra của một kế hoạch.' })
export class InspectionTeamMemberType {
  @Field(() => InspectorRole)
  role!: InspectorRole;

  @Field(() => String, { nullable: true, description: 'Chức vụ, ví dụ "Phó Giám đốc Sở Nội vụ".' })
  title!: string | null;

  @Field()
  displayName!: string;

  @Field()
  username!: string;
}

@Inherit()
@ObjectType('InspectionFinding', { description: 'Kết quả kiểm tra ở một lĩnh vực: ưu điểm, tồn tại hạn chế hoặc vi phạm, kèm kiến nghị và việc khắc phục.', implements: NodeInterface })
export class InspectionFindingType extends NodeInterface {
  @Field(() => Int)
  year!: number;

  @Field(() => Area)
  area!: Area;

  @Field(() => FindingKind)
  kind!: FindingKind;

  @Field()
  description!: string;

  @Field(() => String, { nullable: true, description: 'Kiến nghị của đoàn kiểm tra.' })
  recommendation?: string | null;

  @Field(() => String, { nullable: true, description: 'Mã tiêu chí liên quan trong bộ tiêu chí của năm (người thẩm định thấy kết quả này bên tiêu chí).' })
  criterionCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Chủ đề ngắn để nhận ra tồn tại lặp lại qua các năm.' })
  topic?: string | null;

  @Field(() => RemediationStatus)
  remediationStatus!: RemediationStatus;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Hạn báo cáo khắc phục.' })
  remediationDueOn?: string | null;

  @Field(() => String, { nullable: true })
  remediationReport?: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  remediationReportedAt?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  remediationReviewedAt?: Date | null;

  @Field(() => String, { nullable: true })
  remediationReviewNote?: string | null;
}

@InputType()
export class TeamMemberInput {
  @Field(() => ID)
  userId!: string;

  @Field(() => InspectorRole)
  role!: InspectorRole;

  @Field(() => String, { nullable: true })
  title?: string | null;
}

@InputType()
export class RecordFindingInput {
  @Field(() => ID)
  targetId!: string;

  @Field(() => Area)
  area!: Area;

  @Field(() => FindingKind)
  kind!: FindingKind;

  @Field()
  description!: string;

  @Field(() => String, { nullable: true })
  recommendation?: string | null;

  @Field(() => String, { nullable: true })
  criterionCode?: string | null;

  @Field(() => String, { nullable: true })
  topic?: string | null;

  @Field(() => [ID], { defaultValue: [], description: 'Tài liệu đã có của đơn vị được kiểm tra.' })
  evidenceIds!: string[];

  @Field(() => [EvidenceDocumentInput], { defaultValue: [], description: 'Tài liệu mới (biên bản, ảnh chụp…), ghi là tài liệu của đơn vị được kiểm tra.' })
  documents!: EvidenceDocumentInput[];
}

@InputType()
export class ReportRemediationInput {
  @Field(() => ID)
  findingId!: string;

  @Field({ description: 'Kết quả khắc phục.' })
  report!: string;

  @Field(() => [ID], { defaultValue: [] })
  evidenceIds!: string[];

  @Field(() => [EvidenceDocumentInput], { defaultValue: [] })
  documents!: EvidenceDocumentInput[];
}

@InputType()
export class ReviewRemediationInput {
  @Field(() => ID)
  findingId!: string;

  @Field({ description: 'true: chấp nhận kết quả khắc phục; false: yêu cầu khắc phục tiếp.' })
  accept!: boolean;

  @Field(() => String, { nullable: true, description: 'Bắt buộc khi không chấp nhận.' })
  note?: string | null;
}

const FINDING_READERS = [Role.ADMIN, Role.UNIT, Role.REVIEWER, Role.COUNCIL_MEMBER, Role.INSPECTOR] as const;
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const NOT_OWNED = 'Tài liệu phải là tài liệu của đơn vị được kiểm tra.';

/** Findings the viewer may read among those matching `where`: units their own, inspectors their plans'. */
async function readableFindings(ctx: RequestContext, where: Record<string, unknown>): Promise<InspectionFinding[]> {
  const viewer = viewerOf(ctx);
  const plans = await visiblePlanIds(ctx.em, viewer);
  return ctx.em.find(
    InspectionFinding,
    {
      ...where,
      province: viewer.provinceId,
      ...(viewer.role === Role.UNIT ? { unit: viewer.unitId } : {}),
      ...(plans ? { target: { plan: { $in: plans } } } : {}),
    },
    { orderBy: { year: 'desc', area: 'asc', createdAt: 'asc' } },
  );
}

async function findingOf(ctx: RequestContext, id: string): Promise<InspectionFinding> {
  const finding = await ctx.em.findOne(InspectionFinding, { id: idOf(id, 'InspectionFinding', 'findingId') }, { populate: ['target'] });
  const viewer = viewerOf(ctx);
  if (!finding || finding.province.id !== viewer.provinceId) throw notFound('Không tìm thấy kết quả kiểm tra.');
  return finding;
}

@Resolver(() => InspectionFindingType)
export class InspectionFindingResolver {
  @Allow(FINDING_READERS, 'province')
  @Query(() => [InspectionFindingType], { description: 'Kết quả kiểm tra (đơn vị: của mình; thành viên đoàn: của kế hoạch mình tham gia), lọc theo kế hoạch, đơn vị, năm.' })
  async inspectionFindings(
    @Ctx() ctx: RequestContext,
    @Arg('planId', () => ID, { nullable: true }) planId?: string | null,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string | null,
    @Arg('year', () => Int, { nullable: true }) year?: number | null,
    @Arg('repeatedOnly', { defaultValue: false }) repeatedOnly?: boolean,
    @Arg('openRemediationOnly', { defaultValue: false, description: 'Chỉ những việc còn phải khắc phục (chưa báo cáo hoặc chưa đạt).' }) openRemediationOnly?: boolean,
  ): Promise<InspectionFinding[]> {
    const plan = optionalIdOf(planId, 'InspectionPlan', 'planId');
    const unit = optionalIdOf(unitId, 'Unit', 'unitId');
    return readableFindings(ctx, {
      ...(plan ? { target: { plan } } : {}),
      ...(unit ? { unit } : {}),
      ...(year ? { year } : {}),
      ...(repeatedOnly ? { repeatedFrom: { $ne: null } } : {}),
      ...(openRemediationOnly ? { remediationStatus: { $in: [RemediationStatus.OPEN, RemediationStatus.REJECTED] } } : {}),
    });
  }

  @Allow([Role.ADMIN, Role.UNIT, Role.INSPECTOR], 'own-unit')
  @Query(() => ReportFileType, {
    description:
      'Báo cáo theo đề cương kiểm tra CCHC (Kon Tum 1871/KH-UBND: bảy lĩnh vực, đánh giá chung, kiến nghị) của một đơn vị và năm, dạng DOCX, điền sẵn điểm, nhiệm vụ kế hoạch và kết quả kiểm tra đã có trên hệ thống.',
  })
  async inspectionOutline(@Ctx() ctx: RequestContext, @Arg('year', () => Int) year: number, @Arg('unitId', () => ID, { nullable: true }) unitId?: string | null): Promise<ReportFileType> {
    const viewer = viewerOf(ctx);
    const id = optionalIdOf(unitId, 'Unit', 'unitId') ?? viewer.unitId;
    if (!id) throw badInput('Cần chọn đơn vị.', { field: 'unitId' });
    if (viewer.role === Role.UNIT && id !== viewer.unitId) throw forbidden('Bạn chỉ lập được báo cáo của đơn vị mình.');
    const unit = await ctx.loaders.unit.load(id);
    if (!unit || unit.province.id !== viewer.provinceId) throw notFound('Không tìm thấy đơn vị.');
    if (viewer.role === Role.INSPECTOR) {
      const plans = (await visiblePlanIds(ctx.em, viewer)) ?? [];
      if (!(await ctx.em.count(InspectionTarget, { unit: id, plan: { $in: plans, year } }))) throw forbidden('Đơn vị này không thuộc kế hoạch kiểm tra bạn tham gia năm này.');
    }
    const data = await outlineData(ctx.em, id, year, ctx.services.now());
    return {
      fileName: `bao-cao-cchc-${asciiSlug(unit.name)}-${year}.docx`,
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      contentBase64: (await outlineDocx(data)).toString('base64'),
    };
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => [InspectionTeamMemberType], { description: 'Đặt thành phần đoàn kiểm tra của kế hoạch (thay danh sách cũ): đúng một trưởng đoàn, tài khoản vai trò thành viên đoàn kiểm tra của tỉnh.' })
  async setInspectionTeam(@Arg('planId', () => ID) planId: string, @Arg('members', () => [TeamMemberInput]) members: TeamMemberInput[], @Ctx() ctx: RequestContext): Promise<InspectionTeamMemberType[]> {
    const viewer = viewerOf(ctx);
    const plan = await ctx.em.findOne(InspectionPlan, { id: idOf(planId, 'InspectionPlan', 'planId'), province: viewer.provinceId });
    if (!plan) throw notFound('Không tìm thấy kế hoạch kiểm tra.');
    const ids = members.map((m, i) => idOf(m.userId, 'User', `members.${i}.userId`));
    if (new Set(ids).size !== ids.length) throw badInput('Một người chỉ có một vai trò trong đoàn.', { field: 'members' });
    if (members.filter((m) => m.role === InspectorRole.LEAD).length !== 1) throw badInput('Đoàn kiểm tra cần đúng một trưởng đoàn.', { field: 'members' });
    const users = await ctx.em.find(User, { id: { $in: ids }, province: viewer.provinceId });
    for (const [i, id] of ids.entries()) {
      const u = users.find((x) => x.id === id);
      if (!u) throw notFound(`Không tìm thấy tài khoản thứ ${i + 1} trong tỉnh.`);
      if (u.role !== Role.INSPECTOR) throw badInput(`Tài khoản "${u.username}" không có vai trò thành viên đoàn kiểm tra.`, { field: `members.${i}.userId` });
    }
    return ctx.em.transactional(async (tx) => {
      await tx.nativeDelete(InspectionTeamMember, { plan });
      const rows = members.map((m, i) => tx.create(InspectionTeamMember, { province: plan.province, plan, user: ids[i]!, role: m.role, title: m.title?.trim() || null }));
      await tx.flush();
      await ctx.services.audit.append(tx, { provinceId: plan.province.id, actorId: viewer.userId, action: 'inspection.team.set', entityType: 'InspectionPlan', entityId: plan.id, payload: { members: members.map((m, i) => ({ user: ids[i], role: m.role })) } }, ctx.services.now());
      return rows.map((r) => teamMemberView(r, users.find((u) => u.id === r.user.id)!));
    });
  }

  @Allow([Role.ADMIN, Role.INSPECTOR], 'assigned')
  @Mutation(() => InspectionFindingType, {
    description: 'Ghi một kết quả kiểm tra của đơn vị (thành viên đoàn của kế hoạch). Tồn tại, vi phạm trùng lĩnh vực và tiêu chí (hoặc chủ đề) với năm trước được đánh dấu lặp lại.',
  })
  async recordInspectionFinding(@Arg('input') input: RecordFindingInput, @Ctx() ctx: RequestContext): Promise<InspectionFinding> {
    const viewer = viewerOf(ctx);
    const target = await ctx.em.findOne(InspectionTarget, { id: idOf(input.targetId, 'InspectionTarget', 'targetId'), province: viewer.provinceId }, { populate: ['plan'] });
    if (!target) throw notFound('Không tìm thấy đơn vị trong kế hoạch kiểm tra.');
    await assertOnTeam(ctx.em, viewer, target.plan.id);
    const description = input.description.trim();
    if (!description) throw badInput('Thiếu nội dung kết quả kiểm tra.', { field: 'description' });
    const criterionCode = input.criterionCode?.trim() || null;
    if (criterionCode && !CODE.test(criterionCode)) throw badInput(`Mã tiêu chí "${criterionCode}" không hợp lệ.`, { field: 'criterionCode' });
    if (input.kind !== FindingKind.GOOD_PRACTICE && !input.recommendation?.trim()) throw badInput('Tồn tại, vi phạm cần kiến nghị khắc phục.', { field: 'recommendation' });
    const topic = topicKey(input.topic);
    const checked = await checkEvidenceSet(ctx.em, viewer, { unitId: target.unit.id, ids: input.evidenceIds, documents: input.documents, year: target.plan.year, yearName: 'năm', notOwned: NOT_OWNED });
    const repeatOf = await findRepeatOf(ctx.em, { unitId: target.unit.id, year: target.plan.year, area: input.area, kind: input.kind, criterionCode, topic });
    return ctx.em.transactional(async (tx) => {
      const finding = tx.create(InspectionFinding, {
        province: target.province,
        target,
        unit: target.unit,
        year: target.plan.year,
        area: input.area,
        kind: input.kind,
        description,
        recommendation: input.recommendation?.trim() || null,
        criterionCode,
        topic,
        repeatedFrom: repeatOf,
        remediationStatus: input.kind === FindingKind.GOOD_PRACTICE ? RemediationStatus.NOT_REQUIRED : RemediationStatus.OPEN,
        remediationDueOn: input.kind === FindingKind.GOOD_PRACTICE ? null : (target.remediationDueOn ?? null),
        recordedBy: viewer.userId,
      });
      await tx.flush();
      const evidence = await attachEvidence(tx, viewer, { provinceId: target.province.id, unitId: target.unit.id }, checked);
      for (const e of evidence) tx.create(InspectionFindingEvidence, { finding, evidence: e, purpose: FindingEvidencePurpose.FINDING });
      await tx.flush();
      await ctx.services.audit.append(tx, {
        provinceId: target.province.id,
        actorId: viewer.userId,
        action: 'inspection.finding.recorded',
        entityType: 'InspectionFinding',
        entityId: finding.id,
        payload: { target: target.id, area: finding.area, kind: finding.kind, criterionCode, repeatedFrom: repeatOf?.id ?? null, evidence: evidence.map((e) => e.id) },
      }, ctx.services.now());
      return finding;
    });
  }

  @Allow([Role.UNIT], 'own-unit')
  @Mutation(() => InspectionFindingType, { description: 'Đơn vị báo cáo kết quả khắc phục một tồn tại, vi phạm (kèm tài liệu).' })
  async reportRemediation(@Arg('input') input: ReportRemediationInput, @Ctx() ctx: RequestContext): Promise<InspectionFinding> {
    const viewer = viewerOf(ctx);
    const finding = await findingOf(ctx, input.findingId);
    if (finding.unit.id !== viewer.unitId) throw notFound('Không tìm thấy kết quả kiểm tra.');
    if (finding.remediationStatus !== RemediationStatus.OPEN && finding.remediationStatus !== RemediationStatus.REJECTED)
      throw conflict(finding.remediationStatus === RemediationStatus.NOT_REQUIRED ? 'Ưu điểm không cần báo cáo khắc phục.' : 'Kết quả khắc phục đã được báo cáo; chờ đoàn kiểm tra xem xét.');
    const report = input.report.trim();
    if (!report) throw badInput('Thiếu nội dung kết quả khắc phục.', { field: 'report' });
    const checked = await checkEvidenceSet(ctx.em, viewer, { unitId: finding.unit.id, ids: input.evidenceIds, documents: input.documents, year: Number(todayInVietnam(ctx.services.now()).slice(0, 4)), yearName: 'năm', notOwned: NOT_OWNED });
    return ctx.em.transactional(async (tx) => {
      const row = await tx.findOneOrFail(InspectionFinding, { id: finding.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (row.remediationStatus !== RemediationStatus.OPEN && row.remediationStatus !== RemediationStatus.REJECTED) throw conflict('Kết quả khắc phục đã được báo cáo.');
      const now = ctx.services.now();
      Object.assign(row, { remediationStatus: RemediationStatus.REPORTED, remediationReport: report, remediationReportedAt: now, remediationReviewedAt: null, remediationReviewNote: null });
      const evidence = await attachEvidence(tx, viewer, { provinceId: row.province.id, unitId: row.unit.id }, checked);
      for (const e of evidence) tx.create(InspectionFindingEvidence, { finding: row, evidence: e, purpose: FindingEvidencePurpose.REMEDIATION });
      await tx.flush();
      // The target's remediation step is done once every finding needing remediation has a report.
      const open = await tx.count(InspectionFinding, { target: row.target, remediationStatus: { $in: [RemediationStatus.OPEN, RemediationStatus.REJECTED] } });
      if (!open) {
        const target = await tx.findOneOrFail(InspectionTarget, { id: row.target.id });
        target.remediationReceivedAt ??= now;
        await tx.flush();
      }
      await ctx.services.audit.append(tx, { provinceId: row.province.id, actorId: viewer.userId, action: 'inspection.remediation.reported', entityType: 'InspectionFinding', entityId: row.id, payload: { evidence: evidence.map((e) => e.id) } }, now);
      return row;
    });
  }

  @Allow([Role.ADMIN, Role.INSPECTOR], 'assigned')
  @Mutation(() => InspectionFindingType, { description: 'Đoàn kiểm tra chấp nhận hoặc không chấp nhận kết quả khắc phục (không chấp nhận cần ghi lý do).' })
  async reviewRemediation(@Arg('input') input: ReviewRemediationInput, @Ctx() ctx: RequestContext): Promise<InspectionFinding> {
    const viewer = viewerOf(ctx);
    const finding = await findingOf(ctx, input.findingId);
    await assertOnTeam(ctx.em, viewer, finding.target.plan.id);
    if (finding.remediationStatus !== RemediationStatus.REPORTED) throw conflict('Chỉ xem xét được kết quả khắc phục đã báo cáo.');
    if (!input.accept && !input.note?.trim()) throw badInput('Cần ghi lý do khi chưa chấp nhận kết quả khắc phục.', { field: 'note' });
    return ctx.em.transactional(async (tx) => {
      const row = await tx.findOneOrFail(InspectionFinding, { id: finding.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (row.remediationStatus !== RemediationStatus.REPORTED) throw conflict('Chỉ xem xét được kết quả khắc phục đã báo cáo.');
      const now = ctx.services.now();
      Object.assign(row, { remediationStatus: input.accept ? RemediationStatus.ACCEPTED : RemediationStatus.REJECTED, remediationReviewedAt: now, remediationReviewNote: input.note?.trim() || null });
      await tx.flush();
      await ctx.services.audit.append(tx, { provinceId: row.province.id, actorId: viewer.userId, action: 'inspection.remediation.reviewed', entityType: 'InspectionFinding', entityId: row.id, payload: { accepted: input.accept, note: row.remediationReviewNote ?? null } }, now);
      return row;
    });
  }

  @FieldResolver(() => Boolean, { description: 'Lặp lại một tồn tại, vi phạm của năm trước (của đơn vị hoặc đơn vị tiền thân).' })
  repeated(@Root() f: InspectionFinding) {
    return !!f.repeatedFrom;
  }

  @FieldResolver(() => InspectionFindingType, { nullable: true, description: 'Kết quả kiểm tra năm trước mà kết quả này lặp lại.' })
  async repeatedFrom(@Root() f: InspectionFinding, @Ctx() ctx: RequestContext): Promise<InspectionFinding | null> {
    // The earlier finding may sit in a predecessor province (Kon Tum for Quảng Ngãi): shown when readable.
    const earlier = f.repeatedFrom ? await ctx.loaders.inspectionFinding.load(f.repeatedFrom.id) : null;
    return earlier && (await ctx.scope.canRead(earlier.province.id)) ? earlier : null;
  }

  @FieldResolver(() => UnitType)
  unit(@Root() f: InspectionFinding, @Ctx() ctx: RequestContext) {
    return ctx.loaders.unit.load(f.unit.id);
  }

  @FieldResolver(() => InspectionTargetType)
  target(@Root() f: InspectionFinding, @Ctx() ctx: RequestContext) {
    return ctx.loaders.inspectionTarget.load(f.target.id);
  }

  @FieldResolver(() => [EvidenceType], { description: 'Tài liệu của kết quả kiểm tra (FINDING) hoặc của việc khắc phục (REMEDIATION).' })
  async evidence(@Root() f: InspectionFinding, @Ctx() ctx: RequestContext, @Arg('purpose', () => String, { nullable: true }) purpose?: string | null): Promise<Evidence[]> {
    if (purpose && purpose !== FindingEvidencePurpose.FINDING && purpose !== FindingEvidencePurpose.REMEDIATION) throw badInput('purpose phải là FINDING hoặc REMEDIATION.', { field: 'purpose' });
    return ctx.loaders.findingEvidence.load(`${f.id}|${purpose ?? ''}`);
  }
}

export function teamMemberView(m: InspectionTeamMember, u: User): InspectionTeamMemberType {
  return { role: m.role, title: m.title ?? null, displayName: u.displayName, username: u.username };
}

@Resolver(() => ScorecardType)
export class ScorecardFindingFields {
  @FieldResolver(() => [InspectionFindingType], {
    description: 'Kết quả kiểm tra CCHC cùng năm của đơn vị gắn với tiêu chí (lọc theo mã tiêu chí), để người thẩm định thấy bên điểm tự chấm.',
  })
  async inspectionFindings(@Root() card: Scorecard, @Ctx() ctx: RequestContext, @Arg('code', () => String, { nullable: true }) code?: string | null): Promise<InspectionFinding[]> {
    const round = await ctx.loaders.round.load(card.round.id);
    if (!round) return [];
    return readableFindings(ctx, { unit: card.unit.id, year: round.year, criterionCode: code ? code : { $ne: null } });
  }
}
