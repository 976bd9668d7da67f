import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import { Allow, Authenticated, Inherit } from '../auth/access.js';
import { Role } from '../auth/role.js';
import type { RequestContext } from '../common/context.js';
import { asciiSlug } from '../common/text.js';
import { viewerOf } from '../common/context.js';
import { addDays, todayInVietnam } from '../common/dates.js';
import { DecimalScalar, type Decimal } from '../common/decimal.js';
import { badInput, forbidden, notFound } from '../common/errors.js';
import { idOf, NodeInterface, optionalIdOf, toGlobalId } from '../common/global-id.js';
import { LegalDocumentType } from '../legal/legal-document.type.js';
import { AssessmentRound } from '../round/assessment-round.entity.js';
import { groupOf, readableScorecard, roundOf, scorecardOf } from '../round/lookup.js';
import { AssessmentRoundType } from '../round/assessment-round.type.js';
import { Unit } from '../unit/unit.entity.js';
import { User } from '../auth/user.entity.js';
import { CouncilDecision, CouncilMember, CouncilVote, ExplanationRequest, Publication, ReviewerAssignment, Vote } from './appraisal.entity.js';
import { Phase, PHASE_TITLES, RoundPhase } from './phase.entity.js';
import { Scorecard, ScorecardStatus, Stage } from './scorecard.entity.js';
import { ScorecardEntryType, ScorecardType } from './scorecard.type.js';
import { AreaPointsType } from '../criteria/criteria.type.js';
import { VariableValueInput } from './scorecard.resolver.js';
import { buildScorecardReport, scorecardDocx, scorecardXlsx } from './report.js';
import { deadlineInstant } from '../calendar/working-days.js';

export enum AppraisalStage {
  APPRAISAL_1 = 'APPRAISAL_1',
  APPRAISAL_2 = 'APPRAISAL_2',
}
registerEnumType(AppraisalStage, { name: 'AppraisalStage', description: 'Vòng thẩm định.' });
export enum AppraisalDecision {
  ACCEPT = 'ACCEPT',
  ADJUST = 'ADJUST',
}
registerEnumType(AppraisalDecision, {
  name: 'AppraisalDecision',
  valuesConfig: { ACCEPT: { description: 'Chấp nhận giá trị vòng trước' }, ADJUST: { description: 'Điều chỉnh, kèm lý do' } },
});

@InputType()
export class AppraiseEntryInput {
  @Field(() => ID)
  scorecardId!: string;

  @Field(() => AppraisalStage)
  stage!: AppraisalStage;

  @Field()
  code!: string;

  @Field(() => AppraisalDecision)
  decision!: AppraisalDecision;

  @Field(() => Int, { description: 'Phiên bản giá trị của vòng này bạn đã đọc (0 nếu chưa có).' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true })
  value?: string | null;

  @Field(() => [VariableValueInput], { nullable: true })
  variables?: VariableValueInput[] | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Điểm (tiêu chí do Hội đồng chấm).' })
  points?: Decimal | null;

  @Field({ nullable: true, defaultValue: false })
  notApplicable?: boolean;

  @Field(() => String, { nullable: true, description: 'Lý do; bắt buộc khi điều chỉnh.' })
  reason?: string | null;
}

@InputType()
export class AssignReviewerInput {
  @Field(() => ID)
  roundId!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => String, { nullable: true, description: 'Lĩnh vực (LEADERSHIP…); bỏ trống = mọi lĩnh vực.' })
  area?: string | null;

  @Field(() => ID, { nullable: true, description: 'Đơn vị; bỏ trống = mọi đơn vị.' })
  unitId?: string | null;
}

@InputType()
export class RequestExplanationInput {
  @Field(() => ID)
  scorecardId!: string;

  @Field()
  code!: string;

  @Field()
  message!: string;

  @Field(() => LocalDateResolver, { description: 'Hạn giải trình.' })
  dueOn!: string;
}

@InputType()
export class AnswerExplanationInput {
  @Field(() => ID)
  requestId!: string;

  @Field()
  answer!: string;
}

@InputType()
export class CouncilVoteInput {
  @Field(() => ID)
  roundId!: string;

  @Field({ description: 'Mã nhóm xếp hạng.' })
  group!: string;

  @Field(() => Vote)
  vote!: Vote;
}

@InputType()
export class PublishResultsInput {
  @Field(() => ID)
  roundId!: string;

  @Field()
  group!: string;

  @Field(() => ID, { description: 'Quyết định công bố của tỉnh.' })
  legalDocumentId!: string;
}

@Inherit()
@ObjectType('ReviewerAssignment', { implements: NodeInterface })
export class ReviewerAssignmentType extends NodeInterface {
  @Field(() => String, { nullable: true })
  area!: string | null;
}

@Inherit()
@ObjectType('ExplanationRequest', { description: 'Yêu cầu giải trình, bổ sung cho một tiêu chí.', implements: NodeInterface })
export class ExplanationRequestType extends NodeInterface {
  @Field()
  code!: string;

  @Field()
  message!: string;

  @Field(() => LocalDateResolver)
  dueOn!: string;

  @Field(() => String, { nullable: true })
  answer?: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  answeredAt?: Date | null;
}

@Inherit()
@ObjectType('CouncilDecision')
export class CouncilDecisionType {
  @Field(() => Int)
  appointed!: number;

  @Field(() => Int)
  approvals!: number;

  @Field(() => DateTimeISOResolver)
  decidedAt!: Date;
}

@Inherit()
@ObjectType('CouncilVote')
export class CouncilVoteType {
  @Field(() => Vote)
  vote!: Vote;

  @Field(() => DateTimeISOResolver)
  at!: Date;
}

@Inherit()
@ObjectType('CouncilMemberVote', { description: 'Một thành viên Hội đồng được cử và biểu quyết của người đó về một nhóm (trống: chưa biểu quyết).' })
export class CouncilMemberVoteType {
  @Field()
  username!: string;

  @Field()
  displayName!: string;

  @Field(() => Vote, { nullable: true })
  vote!: Vote | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  at!: Date | null;
}

@Inherit()
@ObjectType('PublishedResult')
export class PublishedResultType {
  @Field()
  unitName!: string;

  @Field(() => DecimalScalar)
  total!: Decimal;

  @Field(() => DecimalScalar)
  max!: Decimal;

  @Field(() => DecimalScalar)
  index!: Decimal;

  @Field()
  band!: string;

  @Field(() => [AreaPointsType])
  areas!: AreaPointsType[];
}

@Inherit()
@ObjectType('Publication', { description: 'Kết quả đã công bố: bản ghi có phiên bản, không sửa được.', implements: NodeInterface })
export class PublicationType extends NodeInterface {
  @Field(() => Int)
  version!: number;

  @Field(() => DateTimeISOResolver)
  publishedAt!: Date;

  @Field({ description: 'SHA-256 của kết quả đã công bố.' })
  digest!: string;
}

@Inherit()
@ObjectType('Task', { description: 'Việc cần làm tiếp theo, kèm hạn (đếm ngược).' })
export class TaskType {
  @Field({ description: 'SELF_ASSESSMENT, EXPLANATION, APPRAISAL_1, APPRAISAL_2, COUNCIL_VOTE, COUNCIL_DECISION, PUBLICATION.' })
  kind!: string;

  @Field()
  title!: string;

  @Field(() => ID, { nullable: true })
  scorecardId!: string | null;

  @Field(() => String, { nullable: true })
  unitName!: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  deadline!: string | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  closesAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Số ngày còn lại theo lịch Việt Nam (âm khi quá hạn).' })
  daysLeft!: number | null;

  @Field()
  overdue!: boolean;

  @Field({ description: 'Hạn trong vòng 3 ngày tới.' })
  dueSoon!: boolean;
}

const dayDiff = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

@Resolver()
export class AppraisalResolver {
  @Allow([Role.ADMIN], 'province')
  @Mutation(() => ReviewerAssignmentType, { description: 'Giao thẩm định: một lĩnh vực cho mọi đơn vị, mọi lĩnh vực của một đơn vị, hoặc cả hai.' })
  async assignReviewer(@Arg('input') input: AssignReviewerInput, @Ctx() ctx: RequestContext) {
    const round = await roundOf(ctx, input.roundId, true);
    const reviewer = await ctx.em.findOne(User, { id: idOf(input.userId, 'User', 'userId'), province: round.province });
    if (!reviewer || reviewer.role !== Role.REVIEWER) throw badInput('Chỉ giao cho tài khoản thẩm định (REVIEWER) của tỉnh.', { field: 'userId' });
    const unitId = optionalIdOf(input.unitId, 'Unit', 'unitId');
    if (unitId && !(await ctx.em.count(Unit, { id: unitId, province: round.province }))) throw notFound('Không tìm thấy đơn vị trong tỉnh.');
    return ctx.em.transactional(async (tx) => {
      const a = tx.create(ReviewerAssignment, { province: round.province, round, reviewer, area: input.area ?? null, unit: unitId ?? null });
      await tx.flush();
      await ctx.services.audit.append(tx, { provinceId: round.province.id, actorId: viewerOf(ctx).userId, action: 'reviewer.assigned', entityType: 'ReviewerAssignment', entityId: a.id, payload: { reviewer: reviewer.id, area: input.area ?? null, unit: unitId ?? null } }, ctx.services.now());
      return a;
    });
  }

  @Allow([Role.REVIEWER], 'assigned')
  @Mutation(() => ScorecardEntryType, { description: 'Thẩm định một tiêu chí (lần 1 hoặc 2): chấp nhận, hoặc điều chỉnh kèm lý do; chỉ trong phạm vi được giao.' })
  async appraiseEntry(@Arg('input') input: AppraiseEntryInput, @Ctx() ctx: RequestContext) {
    const card = await scorecardOf(ctx, input.scorecardId);
    const variables: Record<string, string> = {};
    for (const v of input.variables ?? []) variables[v.name] = v.value.toFixed();
    const stage = input.stage === AppraisalStage.APPRAISAL_1 ? Stage.APPRAISAL_1 : Stage.APPRAISAL_2;
    const { entry } = await ctx.services.appraisal.appraise(ctx.em, viewerOf(ctx), card, stage, {
      code: input.code,
      decision: input.decision,
      expectedVersion: input.expectedVersion,
      value: input.value ?? null,
      variables,
      points: input.points?.toFixed() ?? null,
      notApplicable: input.notApplicable ?? false,
      reason: input.reason ?? null,
    });
    return entry;
  }

  @Allow([Role.REVIEWER], 'assigned')
  @Mutation(() => ExplanationRequestType, { description: 'Yêu cầu đơn vị giải trình, bổ sung một tiêu chí, kèm hạn.' })
  async requestExplanation(@Arg('input') input: RequestExplanationInput, @Ctx() ctx: RequestContext) {
    const card = await scorecardOf(ctx, input.scorecardId);
    return ctx.services.appraisal.requestExplanation(ctx.em, viewerOf(ctx), card, input);
  }

  @Allow([Role.UNIT], 'own-unit')
  @Mutation(() => ExplanationRequestType, { description: 'Đơn vị trả lời yêu cầu giải trình (tài liệu mới: addEvidence); quá hạn bị từ chối.' })
  async answerExplanation(@Arg('input') input: AnswerExplanationInput, @Ctx() ctx: RequestContext) {
    const req = await ctx.em.findOne(ExplanationRequest, { id: idOf(input.requestId, 'ExplanationRequest', 'requestId') });
    if (!req) throw notFound('Không tìm thấy yêu cầu giải trình.');
    await readableScorecard(ctx, req.scorecard.id);
    return ctx.services.appraisal.answerExplanation(ctx.em, viewerOf(ctx), req, input.answer);
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => Boolean, { description: 'Cử thành viên Hội đồng cho đợt đánh giá.' })
  async appointCouncilMember(@Arg('roundId', () => ID) roundId: string, @Arg('userId', () => ID) userId: string, @Ctx() ctx: RequestContext) {
    const round = await roundOf(ctx, roundId, true);
    await ctx.services.appraisal.appointCouncilMember(ctx.em, viewerOf(ctx), round, idOf(userId, 'User', 'userId'));
    return true;
  }

  @Allow([Role.COUNCIL_MEMBER], 'province')
  @Mutation(() => CouncilVoteType, { description: 'Biểu quyết kết quả của một nhóm xếp hạng (biểu quyết sau thay biểu quyết trước).' })
  async castCouncilVote(@Arg('input') input: CouncilVoteInput, @Ctx() ctx: RequestContext) {
    const round = await roundOf(ctx, input.roundId);
    ctx.scope.assertWrite(round.province.id);
    return ctx.services.appraisal.vote(ctx.em, viewerOf(ctx), round, await groupOf(ctx, round, input.group), input.vote);
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => CouncilDecisionType, { description: 'Ghi nhận quyết định của Hội đồng: cần hơn 50 % thành viên được cử tán thành.' })
  async decideCouncil(@Arg('roundId', () => ID) roundId: string, @Arg('group') group: string, @Ctx() ctx: RequestContext) {
    const round = await roundOf(ctx, roundId, true);
    return ctx.services.appraisal.decide(ctx.em, viewerOf(ctx), round, await groupOf(ctx, round, group));
  }

  @Allow([Role.ADMIN], 'province')
  @Mutation(() => PublicationType, { description: 'Công bố kết quả của một nhóm kèm quyết định công bố; sau đó không thay đổi được.' })
  async publishResults(@Arg('input') input: PublishResultsInput, @Ctx() ctx: RequestContext) {
    const round = await roundOf(ctx, input.roundId, true);
    return ctx.services.appraisal.publish(ctx.em, viewerOf(ctx), round, await groupOf(ctx, round, input.group), idOf(input.legalDocumentId, 'LegalDocument', 'legalDocumentId'));
  }

  @Authenticated()
  @Query(() => [TaskType], { description: 'Việc cần làm tiếp theo của tài khoản, theo hạn gần nhất (sắp đến hạn, quá hạn).' })
  async myTasks(@Ctx() ctx: RequestContext): Promise<TaskType[]> {
    const viewer = viewerOf(ctx);
    const now = ctx.services.now();
    const today = todayInVietnam(now);
    const tasks: TaskType[] = [];
    const push = (kind: string, title: string, deadline: string | null, card?: { id: string; unitName: string }) => {
      const closesAt = deadline ? deadlineInstant(deadline) : null;
      const daysLeft = deadline ? dayDiff(today, deadline) : null;
      tasks.push({ kind, title, scorecardId: card ? toGlobalId('Scorecard', card.id) : null, unitName: card?.unitName ?? null, deadline, closesAt, daysLeft, overdue: !!closesAt && now > closesAt, dueSoon: daysLeft != null && daysLeft >= 0 && deadline! <= addDays(today, 3) });
    };
    const phaseDate = async (roundId: string, phase: Phase) => (await ctx.em.findOne(RoundPhase, { round: roundId, phase }))?.closesOn ?? null;
    if (viewer.role === Role.UNIT && viewer.unitId) {
      const cards = await ctx.em.find(Scorecard, { unit: viewer.unitId, status: { $in: [ScorecardStatus.DRAFT, ScorecardStatus.RETURNED, ScorecardStatus.EXPLANATION_REQUESTED] } }, { populate: ['unit'] });
      for (const c of cards) {
        if (c.status === ScorecardStatus.EXPLANATION_REQUESTED) {
          for (const r of await ctx.em.find(ExplanationRequest, { scorecard: c, answeredAt: null }))
            push('EXPLANATION', `Giải trình tiêu chí ${r.code}: ${r.message}`, r.dueOn, { id: c.id, unitName: c.unit.name });
        } else {
          const d = await ctx.services.scorecards.deadline(ctx.em, c.round.id, c.unit.id, Phase.SELF_ASSESSMENT);
          push('SELF_ASSESSMENT', PHASE_TITLES[Phase.SELF_ASSESSMENT], d?.closesOn ?? null, { id: c.id, unitName: c.unit.name });
        }
      }
    } else if (viewer.role === Role.REVIEWER) {
      const assignments = await ctx.em.find(ReviewerAssignment, { reviewer: viewer.userId });
      for (const a of assignments) {
        const cards = await ctx.em.find(
          Scorecard,
          { round: a.round, ...(a.unit ? { unit: a.unit } : {}), status: { $in: [ScorecardStatus.SUBMITTED, ScorecardStatus.IN_APPRAISAL, ScorecardStatus.EXPLANATION_SUBMITTED] } },
          { populate: ['unit'] },
        );
        for (const c of cards) {
          const phase = c.status === ScorecardStatus.EXPLANATION_SUBMITTED ? Phase.APPRAISAL_2 : Phase.APPRAISAL_1;
          push(phase, `${PHASE_TITLES[phase]}${a.area ? ` (${a.area})` : ''}`, await phaseDate(c.round.id, phase), { id: c.id, unitName: c.unit.name });
        }
      }
    } else if (viewer.role === Role.COUNCIL_MEMBER) {
      for (const m of await ctx.em.find(CouncilMember, { member: viewer.userId })) {
        const groups = await ctx.loaders.groupsOfRound.load(m.round.id);
        for (const g of groups) {
          if (await ctx.em.count(CouncilDecision, { round: m.round, group: g.group })) continue;
          if (await ctx.em.count(CouncilVote, { round: m.round, group: g.group, member: viewer.userId })) continue;
          const grp = await ctx.loaders.unitGroup.load(g.group.id);
          push('COUNCIL_VOTE', `Biểu quyết kết quả nhóm ${grp?.name ?? ''}`, await phaseDate(m.round.id, Phase.COUNCIL));
        }
      }
    }
    return tasks.sort((a, b) => (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999'));
  }
}

@Resolver(() => ScorecardType)
export class ScorecardAppraisalFields {
  @FieldResolver(() => [ExplanationRequestType], { description: 'Các yêu cầu giải trình của phiếu.' })
  explanationRequests(@Root() c: Scorecard, @Ctx() ctx: RequestContext) {
    return ctx.em.find(ExplanationRequest, { scorecard: c }, { orderBy: { createdAt: 'asc' } });
  }
}

@Resolver(() => AssessmentRoundType)
export class RoundPublicationFields {
  @FieldResolver(() => [PublicationType], { description: 'Các lần công bố kết quả của một nhóm, mới nhất trước.' })
  publications(@Root() r: AssessmentRound, @Arg('group') group: string, @Ctx() ctx: RequestContext) {
    return ctx.em.find(Publication, { round: r, group: { code: group } }, { orderBy: { version: 'desc' } });
  }

  @FieldResolver(() => [CouncilMemberVoteType], {
    description: 'Các thành viên Hội đồng được cử cho đợt và biểu quyết của từng người về một nhóm (chưa biểu quyết: vote trống). Chỉ quản trị và thành viên Hội đồng của tỉnh xem được.',
  })
  async councilVotes(@Root() r: AssessmentRound, @Arg('group') group: string, @Ctx() ctx: RequestContext): Promise<CouncilMemberVoteType[]> {
    const viewer = viewerOf(ctx);
    if ((viewer.role !== Role.ADMIN && viewer.role !== Role.COUNCIL_MEMBER) || viewer.provinceId !== r.province.id) throw forbidden('Chỉ quản trị và thành viên Hội đồng xem được biểu quyết.');
    const members = await ctx.em.find(CouncilMember, { round: r }, { populate: ['member'] });
    const votes = new Map((await ctx.em.find(CouncilVote, { round: r, group: { code: group } })).map((v) => [v.member.id, v]));
    return members
      .map((m) => ({ username: m.member.username, displayName: m.member.displayName, vote: votes.get(m.member.id)?.vote ?? null, at: votes.get(m.member.id)?.at ?? null }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName, 'vi'));
  }

  @FieldResolver(() => CouncilDecisionType, { nullable: true })
  councilDecision(@Root() r: AssessmentRound, @Arg('group') group: string, @Ctx() ctx: RequestContext) {
    return ctx.em.findOne(CouncilDecision, { round: r, group: { code: group } });
  }
}

@Resolver(() => PublicationType)
export class PublicationFields {
  @FieldResolver(() => [PublishedResultType], { description: 'Kết quả từng đơn vị, theo chỉ số giảm dần.' })
  results(@Root() p: Publication) {
    return p.results;
  }

  @FieldResolver(() => LegalDocumentType)
  legalDocument(@Root() p: Publication, @Ctx() ctx: RequestContext) {
    return ctx.loaders.legalDocument.load(p.legalDocument.id);
  }
}

export enum ReportFormat {
  XLSX = 'XLSX',
  DOCX = 'DOCX',
}
registerEnumType(ReportFormat, { name: 'ReportFormat', description: 'Định dạng báo cáo.' });

@Inherit()
@ObjectType('ReportFile', { description: 'Tệp báo cáo (nội dung base64).' })
export class ReportFileType {
  @Field()
  fileName!: string;

  @Field()
  mediaType!: string;

  @Field()
  contentBase64!: string;
}

@Resolver()
export class ScorecardReportResolver {
  @Allow([Role.ADMIN, Role.UNIT, Role.REVIEWER, Role.COUNCIL_MEMBER, Role.INSPECTOR, Role.NATIONAL_READER], 'own-unit')
  @Query(() => ReportFileType, { description: 'Báo cáo phiếu chấm của đơn vị với mọi vòng, điểm và ghi chú (XLSX hoặc DOCX, tiếng Việt).' })
  async scorecardReport(@Arg('scorecardId', () => ID) scorecardId: string, @Arg('format', () => ReportFormat) format: ReportFormat, @Ctx() ctx: RequestContext): Promise<ReportFileType> {
    const card = await scorecardOf(ctx, scorecardId);
    const report = await buildScorecardReport(ctx.em, card);
    const slug = asciiSlug(report.unit);
    const round = await ctx.loaders.round.load(card.round.id);
    const base = `phieu-cham-${slug}-${round?.year ?? ''}`;
    return format === ReportFormat.XLSX
      ? { fileName: `${base}.xlsx`, mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', contentBase64: (await scorecardXlsx(report)).toString('base64') }
      : { fileName: `${base}.docx`, mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', contentBase64: (await scorecardDocx(report)).toString('base64') };
  }
}
