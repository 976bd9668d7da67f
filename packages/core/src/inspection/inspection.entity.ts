import { Entity, Enum, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
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
export class InspectionTarget extends BaseEntity<'visitOn' | 'noticeDueOn' | 'reportDueOn' | 'conclusionDueOn' | 'remediationDueOn' | 'noticeSentAt' | 'reportReceivedAt' | 'concludedAt' | 'remediationReceivedAt'> {
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
