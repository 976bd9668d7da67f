import { Entity, Enum, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { User } from '../auth/user.entity.js';
import { BaseEntity } from '../common/base.entity.js';
import { Area } from '../criteria/area.js';
import { Evidence } from '../scorecard/evidence.entity.js';
import { LegalDocument } from '../legal/legal-document.entity.js';
import { Province } from '../province/province.entity.js';
import { Unit } from '../unit/unit.entity.js';

export enum InspectionKind {
  COMPREHENSIVE = 'COMPREHENSIVE',
  THEMATIC = 'THEMATIC',
}
registerEnumType(InspectionKind, {
  name: 'InspectionKind',
  valuesConfig: { COMPREHENSIVE: { description: 'Kiểm tra toàn diện' }, THEMATIC: { description: 'Kiểm tra chuyên đề (ví dụ TTHC, dịch vụ công trực tuyến)' } },
});

export enum InspectionMode {
  DIRECT = 'DIRECT',
  SELF = 'SELF',
}
registerEnumType(InspectionMode, {
  name: 'InspectionMode',
  valuesConfig: { DIRECT: { description: 'Kiểm tra trực tiếp' }, SELF: { description: 'Tự kiểm tra, gửi báo cáo' } },
});

/**
 * A province's yearly inspection plan (kế hoạch kiểm tra CCHC), e.g. Kon Tum 1871/KH-UBND: legal
 * basis, period covered, kind, and the working-day rules its deadlines follow.
 */
@Entity({ tableName: 'inspection_plan' })
@Unique({ properties: ['province', 'year', 'title'] })
export class InspectionPlan extends BaseEntity<'legalDocument' | 'theme' | 'selfReportDueOn'> {
  @Index()
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @Property({ type: 'int' })
  year!: number;

  @Property({ type: 'text' })
  title!: string;

  @ManyToOne(() => LegalDocument, { nullable: true, deleteRule: 'restrict' })
  legalDocument?: Rel<LegalDocument> | null;

  @Enum({ items: () => InspectionKind })
  kind!: InspectionKind;

  @Property({ type: 'text', nullable: true })
  theme?: string | null;

  /** The period the inspection covers, e.g. 1/1/2024 to the visit. */
  @Property({ type: 'date' })
  periodFrom!: string;

  @Property({ type: 'date' })
  periodTo!: string;

  /** When self-inspecting units report (Kon Tum 2024: 10/8/2024). */
  @Property({ type: 'date', nullable: true })
  selfReportDueOn?: string | null;

  /** Working days before the visit for the schedule notice (Kon Tum: 10). */
  @Property({ type: 'int' })
  noticeDays!: number;

  /** Working days before the visit for the unit's report (Kon Tum: 5). */
  @Property({ type: 'int' })
  reportDays!: number;

  /** Working days after the visit for the conclusion (Kon Tum: 10). */
  @Property({ type: 'int' })
  conclusionDays!: number;

  /** Working days after the conclusion for the remediation report (not in the seeds: configurable). */
  @Property({ type: 'int' })
  remediationDays!: number;
}

/** A unit in a plan: inspected directly on a visit date, or self-inspecting; deadlines derived and stored. */
@Entity({ tableName: 'inspection_target' })
@Unique({ properties: ['plan', 'unit'] })
export class InspectionTarget extends BaseEntity<'visitOn' | 'visitNote' | 'noticeDueOn' | 'reportDueOn' | 'conclusionDueOn' | 'remediationDueOn' | 'noticeSentAt' | 'reportReceivedAt' | 'concludedAt' | 'remediationReceivedAt'> {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => InspectionPlan, { deleteRule: 'cascade' })
  plan!: Rel<InspectionPlan>;

  @Index()
  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  unit!: Rel<Unit>;

  @Enum({ items: () => InspectionMode })
  mode!: InspectionMode;

  @Property({ type: 'date', nullable: true })
  visitOn?: string | null;

  /** The schedule beyond the date: time, place, who receives the team. */
  @Property({ type: 'text', nullable: true })
  visitNote?: string | null;

  @Property({ type: 'date', nullable: true })
  noticeDueOn?: string | null;

  @Property({ type: 'date', nullable: true })
  reportDueOn?: string | null;

  @Property({ type: 'date', nullable: true })
  conclusionDueOn?: string | null;

  @Property({ type: 'date', nullable: true })
  remediationDueOn?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  noticeSentAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  reportReceivedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  concludedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  remediationReceivedAt?: Date | null;
}

export enum InspectorRole {
  LEAD = 'LEAD',
  MEMBER = 'MEMBER',
  SECRETARY = 'SECRETARY',
}
registerEnumType(InspectorRole, {
  name: 'InspectorRole',
  valuesConfig: { LEAD: { description: 'Trưởng đoàn' }, MEMBER: { description: 'Thành viên' }, SECRETARY: { description: 'Thư ký đoàn' } },
});

/** A member of a plan's inspection team (Đoàn kiểm tra); inspectors see the plans they are members of. */
@Entity({ tableName: 'inspection_team_member' })
@Unique({ properties: ['plan', 'user'] })
export class InspectionTeamMember extends BaseEntity<'title'> {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => InspectionPlan, { deleteRule: 'cascade' })
  plan!: Rel<InspectionPlan>;

  @Index()
  @ManyToOne(() => User, { deleteRule: 'restrict' })
  user!: Rel<User>;

  @Enum({ items: () => InspectorRole })
  role!: InspectorRole;

  /** Position as written in the decision, e.g. "Phó Giám đốc Sở Nội vụ". */
  @Property({ type: 'text', nullable: true })
  title?: string | null;
}

export enum FindingKind {
  GOOD_PRACTICE = 'GOOD_PRACTICE',
  SHORTCOMING = 'SHORTCOMING',
  VIOLATION = 'VIOLATION',
}
registerEnumType(FindingKind, {
  name: 'FindingKind',
  valuesConfig: {
    GOOD_PRACTICE: { description: 'Ưu điểm, cách làm hay' },
    SHORTCOMING: { description: 'Tồn tại, hạn chế' },
    VIOLATION: { description: 'Vi phạm' },
  },
});

export enum RemediationStatus {
  NOT_REQUIRED = 'NOT_REQUIRED',
  OPEN = 'OPEN',
  REPORTED = 'REPORTED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}
registerEnumType(RemediationStatus, {
  name: 'RemediationStatus',
  valuesConfig: {
    NOT_REQUIRED: { description: 'Không phải khắc phục (ưu điểm)' },
    OPEN: { description: 'Chờ đơn vị báo cáo khắc phục' },
    REPORTED: { description: 'Đơn vị đã báo cáo khắc phục, chờ đoàn kiểm tra xem xét' },
    ACCEPTED: { description: 'Đoàn kiểm tra chấp nhận kết quả khắc phục' },
    REJECTED: { description: 'Chưa đạt, đơn vị phải khắc phục tiếp' },
  },
});

/**
 * What an inspection found in one area of a unit (ưu điểm, tồn tại hạn chế, vi phạm), with the
 * team's recommendation, optionally tied to a criterion so reviewers see it beside the score.
 * A shortcoming or violation repeating an earlier year's (same area and criterion or topic, the
 * unit or its predecessors) points to that finding.
 */
@Entity({ tableName: 'inspection_finding' })
@Index({ properties: ['unit', 'year'] })
export class InspectionFinding extends BaseEntity<'recommendation' | 'criterionCode' | 'topic' | 'repeatedFrom' | 'remediationReport' | 'remediationReportedAt' | 'remediationReviewedAt' | 'remediationReviewNote' | 'remediationDueOn'> {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => InspectionTarget, { deleteRule: 'cascade' })
  target!: Rel<InspectionTarget>;

  /** The inspected unit (copied from the target for year-over-year look-ups). */
  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  unit!: Rel<Unit>;

  /** The plan's year. */
  @Property({ type: 'int' })
  year!: number;

  @Enum({ items: () => Area })
  area!: Area;

  @Enum({ items: () => FindingKind })
  kind!: FindingKind;

  @Property({ type: 'text' })
  description!: string;

  @Property({ type: 'text', nullable: true })
  recommendation?: string | null;

  /** A criterion code of the round's criteria set, e.g. "3.2.1". */
  @Property({ type: 'text', nullable: true })
  criterionCode?: string | null;

  /** A short subject used to recognise repeats across years, e.g. "niêm yết TTHC" (lower-case, NFC). */
  @Property({ type: 'text', nullable: true })
  topic?: string | null;

  @ManyToOne(() => InspectionFinding, { nullable: true, deleteRule: 'set null' })
  repeatedFrom?: Rel<InspectionFinding> | null;

  @Enum({ items: () => RemediationStatus })
  remediationStatus!: RemediationStatus;

  @Property({ type: 'date', nullable: true })
  remediationDueOn?: string | null;

  @Property({ type: 'text', nullable: true })
  remediationReport?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  remediationReportedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  remediationReviewedAt?: Date | null;

  @Property({ type: 'text', nullable: true })
  remediationReviewNote?: string | null;

  @Property({ type: 'uuid' })
  recordedBy!: string;
}

export enum FindingEvidencePurpose {
  FINDING = 'FINDING',
  REMEDIATION = 'REMEDIATION',
}

/** Evidence of a finding (the team's) or of its remediation (the unit's). */
@Entity({ tableName: 'inspection_finding_evidence' })
@Unique({ properties: ['finding', 'evidence', 'purpose'] })
export class InspectionFindingEvidence extends BaseEntity {
  @ManyToOne(() => InspectionFinding, { deleteRule: 'cascade' })
  finding!: Rel<InspectionFinding>;

  @ManyToOne(() => Evidence, { deleteRule: 'restrict' })
  evidence!: Rel<Evidence>;

  @Enum({ items: () => FindingEvidencePurpose })
  purpose!: FindingEvidencePurpose;
}
