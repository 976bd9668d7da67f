import { Entity, Enum, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Area } from '../criteria/area.js';
import { LegalDocument } from '../legal/legal-document.entity.js';
import { Province } from '../province/province.entity.js';
import { Evidence } from '../scorecard/evidence.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { DeadlineKind } from './plan-deadline.js';

registerEnumType(DeadlineKind, {
  name: 'PlanDeadlineKind',
  description: 'Dạng thời hạn của nhiệm vụ trong kế hoạch CCHC.',
  valuesConfig: {
    DATE: { description: 'Một ngày cụ thể' },
    MONTH: { description: 'Trong một tháng (hạn: ngày cuối tháng)' },
    QUARTER: { description: 'Trong một quý (hạn: ngày cuối quý)' },
    YEAR: { description: 'Trong năm (hạn: 31/12)' },
    REGULAR: { description: 'Thường xuyên, liên tục (không có hạn cụ thể)' },
    CONDITIONAL: { description: 'Sau một sự kiện, ví dụ "Sau khi Đề án được phê duyệt" (chưa có hạn cụ thể)' },
  },
});

export enum PlanTaskStatus {
  NOT_STARTED = 'NOT_STARTED',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(PlanTaskStatus, {
  name: 'PlanTaskStatus',
  valuesConfig: {
    NOT_STARTED: { description: 'Chưa triển khai' },
    IN_PROGRESS: { description: 'Đang thực hiện' },
    DONE: { description: 'Đã hoàn thành (có ngày hoàn thành và tài liệu chứng minh)' },
    CANCELLED: { description: 'Không thực hiện theo chỉ đạo (không tính vào tỷ lệ)' },
  },
});

export const PLAN_TASK_STATUS_TITLES: Readonly<Record<PlanTaskStatus, string>> = {
  NOT_STARTED: 'Chưa triển khai',
  IN_PROGRESS: 'Đang thực hiện',
  DONE: 'Đã hoàn thành',
  CANCELLED: 'Không thực hiện',
};

/**
 * A yearly administrative-reform plan (kế hoạch CCHC năm), e.g. Khánh Hòa 3487/QĐ-UBND for 2025:
 * the province's plan (no owner unit) or a unit's own plan.
 */
@Entity({ tableName: 'reform_plan' })
@Unique({ properties: ['province', 'year', 'title'] })
export class ReformPlan extends BaseEntity<'unit' | 'legalDocument'> {
  @Index()
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @Property({ type: 'int' })
  year!: number;

  @Property({ type: 'text' })
  title!: string;

  /** The unit whose own plan this is; null for the province's plan. */
  @ManyToOne(() => Unit, { nullable: true, deleteRule: 'restrict' })
  unit?: Rel<Unit> | null;

  @ManyToOne(() => LegalDocument, { nullable: true, deleteRule: 'restrict' })
  legalDocument?: Rel<LegalDocument> | null;
}

/** One row of a plan's task table: task, product, deadline, lead and coordinating units, status. */
@Entity({ tableName: 'reform_plan_task' })
@Index({ properties: ['lead', 'dueOn'] })
@Index({ properties: ['plan', 'area', 'position'] })
export class ReformPlanTask extends BaseEntity<'number' | 'product' | 'dueOn' | 'coordinatingNote' | 'status' | 'completedOn' | 'statusNote' | 'version' | 'updatedAt'> {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => ReformPlan, { deleteRule: 'cascade' })
  plan!: Rel<ReformPlan>;

  @Enum({ items: () => Area })
  area!: Area;

  /** Order within the plan (the import's row order). */
  @Property({ type: 'int' })
  position!: number;

  /** The STT as written in the document, e.g. "3". */
  @Property({ type: 'text' })
  number: string = '';

  @Property({ type: 'text' })
  title!: string;

  /** Expected product (sản phẩm), e.g. "Quyết định của UBND tỉnh". */
  @Property({ type: 'text' })
  product: string = '';

  @Enum({ items: () => DeadlineKind })
  deadlineKind!: DeadlineKind;

  /** The deadline as written, e.g. "Quý II/2025". */
  @Property({ type: 'text' })
  deadlineText!: string;

  /** Last day for on-time completion; null for REGULAR and CONDITIONAL tasks. */
  @Property({ type: 'date', nullable: true })
  dueOn?: string | null;

  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  lead!: Rel<Unit>;

  /** Coordinating units recognised among the province's units (ids). */
  @Property({ type: 'json' })
  coordinating: string[] = [];

  /** Coordinating agencies as written when they are not single units ("Các sở, ban, ngành"). */
  @Property({ type: 'text', nullable: true })
  coordinatingNote?: string | null;

  @Enum({ items: () => PlanTaskStatus })
  status: PlanTaskStatus = PlanTaskStatus.NOT_STARTED;

  @Property({ type: 'date', nullable: true })
  completedOn?: string | null;

  @Property({ type: 'text', nullable: true })
  statusNote?: string | null;

  /** Optimistic locking for status updates. */
  @Property({ type: 'int' })
  version: number = 1;

  @Property({ type: 'timestamptz', nullable: true })
  updatedAt?: Date | null;
}

/** Evidence that a plan task was completed (the lead unit's documents). */
@Entity({ tableName: 'reform_plan_task_evidence' })
@Unique({ properties: ['task', 'evidence'] })
export class ReformPlanTaskEvidence extends BaseEntity {
  @ManyToOne(() => ReformPlanTask, { deleteRule: 'cascade' })
  task!: Rel<ReformPlanTask>;

  @ManyToOne(() => Evidence, { deleteRule: 'restrict' })
  evidence!: Rel<Evidence>;
}
