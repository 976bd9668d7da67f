import { Entity, Enum, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { DecimalType, type Decimal } from '../common/decimal.js';
import { Province } from '../province/province.entity.js';
import { AssessmentRound } from '../round/assessment-round.entity.js';
import { UnitGroup } from '../unit/unit-group.entity.js';
import { Unit } from '../unit/unit.entity.js';

export enum ScorecardStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  RETURNED = 'RETURNED',
  IN_APPRAISAL = 'IN_APPRAISAL',
  EXPLANATION_REQUESTED = 'EXPLANATION_REQUESTED',
  EXPLANATION_SUBMITTED = 'EXPLANATION_SUBMITTED',
  FINAL_APPRAISAL = 'FINAL_APPRAISAL',
  COUNCIL_APPROVED = 'COUNCIL_APPROVED',
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(ScorecardStatus, {
  name: 'ScorecardStatus',
  description: 'Trạng thái phiếu chấm.',
  valuesConfig: {
    DRAFT: { description: 'Đang tự chấm (bản nháp)' },
    SUBMITTED: { description: 'Đã nộp; đơn vị chỉ xem' },
    RETURNED: { description: 'Được trả lại để đơn vị sửa' },
    IN_APPRAISAL: { description: 'Đang thẩm định lần 1' },
    EXPLANATION_REQUESTED: { description: 'Đã yêu cầu giải trình' },
    EXPLANATION_SUBMITTED: { description: 'Đơn vị đã giải trình' },
    FINAL_APPRAISAL: { description: 'Đã thẩm định lần 2, chờ Hội đồng' },
    COUNCIL_APPROVED: { description: 'Hội đồng đã thông qua' },
    PUBLISHED: { description: 'Đã công bố; không thay đổi được' },
  },
});

/** Who fills a stage's values. This issue fills SELF; appraisal fills the others. */
export enum Stage {
  SELF = 'SELF',
  APPRAISAL_1 = 'APPRAISAL_1',
  APPRAISAL_2 = 'APPRAISAL_2',
  FINAL = 'FINAL',
}
registerEnumType(Stage, {
  name: 'Stage',
  description: 'Vòng giá trị của tiêu chí.',
  valuesConfig: {
    SELF: { description: 'Đơn vị tự chấm' },
    APPRAISAL_1: { description: 'Thẩm định lần 1' },
    APPRAISAL_2: { description: 'Thẩm định lần 2' },
    FINAL: { description: 'Giá trị cuối cùng (Hội đồng)' },
  },
});

/** One per unit per round. `version` rises with every change of the card or its entries. */
@Entity({ tableName: 'scorecard' })
@Unique({ properties: ['round', 'unit'] })
export class Scorecard extends BaseEntity<'status' | 'version' | 'submittedAt' | 'submittedBy'> {
  @Index()
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => AssessmentRound, { deleteRule: 'cascade' })
  round!: Rel<AssessmentRound>;

  @Index()
  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  unit!: Rel<Unit>;

  @ManyToOne(() => UnitGroup, { deleteRule: 'restrict' })
  group!: Rel<UnitGroup>;

  @Enum({ items: () => ScorecardStatus })
  status: ScorecardStatus = ScorecardStatus.DRAFT;

  @Property({ type: 'int' })
  version: number = 1;

  @Property({ type: 'timestamptz', nullable: true })
  submittedAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  submittedBy?: string | null;
}

/** A stage's value of one criterion: what was entered, by whom, when, and its version. */
@Entity({ tableName: 'scorecard_entry' })
@Unique({ properties: ['scorecard', 'code', 'stage'] })
export class ScorecardEntry extends BaseEntity<'version' | 'notApplicable' | 'variables'> {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => Scorecard, { deleteRule: 'cascade' })
  scorecard!: Rel<Scorecard>;

  @Property({ type: 'text' })
  code!: string;

  @Enum({ items: () => Stage })
  stage!: Stage;

  @Property({ type: 'text', nullable: true })
  value?: string | null;

  /** Named numbers, as decimal strings. */
  @Property({ type: 'json' })
  variables: Record<string, string> = {};

  @Property({ type: DecimalType, precision: 10, scale: 4, nullable: true })
  points?: Decimal | null;

  @Property({ type: 'boolean' })
  notApplicable: boolean = false;

  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  /** Why a criterion that requires evidence has none. */
  @Property({ type: 'text', nullable: true })
  explanation?: string | null;

  @Property({ type: 'uuid' })
  authorId!: string;

  @Property({ type: 'timestamptz' })
  updatedAt!: Date;

  @Property({ type: 'int' })
  version: number = 1;
}

/**
 * Computed results of a stage, materialized on every write so reads never recompute: totals
 * here, per-criterion points and reasons in `criteria`, per-area points in scorecard_area.
 */
@Entity({ tableName: 'scorecard_result' })
@Unique({ properties: ['scorecard', 'stage'] })
export class ScorecardResult extends BaseEntity {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => Scorecard, { deleteRule: 'cascade' })
  scorecard!: Rel<Scorecard>;

  @Enum({ items: () => Stage })
  stage!: Stage;

  @Property({ type: DecimalType, precision: 10, scale: 4 })
  total!: Decimal;

  @Property({ type: DecimalType, precision: 10, scale: 4 })
  max!: Decimal;

  @Property({ type: DecimalType, precision: 7, scale: 2 })
  index!: Decimal;

  /** [{ code, points, max, excluded, entered, missingEvidence, reason }] as strings. */
  @Property({ type: 'json' })
  criteria!: StoredCriterionScore[];

  @Property({ type: 'timestamptz' })
  computedAt!: Date;
}

export interface StoredCriterionScore {
  code: string;
  points: string;
  max: string;
  excluded: boolean;
  entered: boolean;
  missingEvidence: boolean;
  reason: string;
}

/** Per-area points of a stage, for set-based ranking SQL. */
@Entity({ tableName: 'scorecard_area' })
@Unique({ properties: ['scorecard', 'stage', 'area'] })
export class ScorecardArea extends BaseEntity {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => Scorecard, { deleteRule: 'cascade' })
  scorecard!: Rel<Scorecard>;

  @Enum({ items: () => Stage })
  stage!: Stage;

  @Property({ type: 'text' })
  area!: string;

  @Property({ type: DecimalType, precision: 10, scale: 4 })
  points!: Decimal;

  @Property({ type: DecimalType, precision: 10, scale: 4 })
  max!: Decimal;

  @Property({ type: 'text' })
  sourceId!: string;

  @Property({ type: 'text' })
  sourceVersion!: string;
}
