import { ArrayType, Entity, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { DecimalType, type Decimal } from '../common/decimal.js';
import { Province } from '../province/province.entity.js';
import { AssessmentRound } from '../round/assessment-round.entity.js';
import { UnitGroup } from '../unit/unit-group.entity.js';
import type { AreaTree, ScoringMethod } from './contract.js';

/** A province's criteria set written as data (YAML/XLSX), stored and versioned: each import is a new version. */
@Entity({ tableName: 'criteria_set' })
@Unique({ properties: ['province', 'code', 'version'] })
export class CriteriaSet extends BaseEntity {
  @Index()
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'int' })
  version!: number;

  @Property({ type: 'text' })
  title!: string;

  /** "yaml" or "xlsx". */
  @Property({ type: 'text' })
  format!: string;

  /** The checked, normalised definition. */
  @Property({ type: 'json' })
  definition!: CriteriaSetDefinition;

  /** The file as imported (YAML text), kept for audit. */
  @Property({ type: 'text', lazy: true })
  source!: string;
}

export interface CriteriaSetDefinition {
  areas: Record<string, AreaTree>;
  impact?: AreaTree | null;
  bonus?: AreaTree | null;
}

/**
 * The criteria of a round and unit group, frozen when the round opens, with the plugin (or set)
 * id@version that defined them: a past year stays reproducible after the code changes.
 */
@Entity({ tableName: 'criterion_snapshot' })
@Unique({ properties: ['round', 'group', 'code'] })
@Index({ properties: ['round', 'group', 'position'] })
export class CriterionSnapshot extends BaseEntity {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => AssessmentRound, { deleteRule: 'cascade' })
  round!: Rel<AssessmentRound>;

  @ManyToOne(() => UnitGroup, { deleteRule: 'restrict' })
  group!: Rel<UnitGroup>;

  /** One of the seven areas, or IMPACT / BONUS. */
  @Property({ type: 'text' })
  area!: string;

  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'text', nullable: true })
  parentCode?: string | null;

  /** Order in the tree (depth-first). */
  @Property({ type: 'int' })
  position!: number;

  @Property({ type: 'int' })
  depth!: number;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: DecimalType, precision: 10, scale: 4 })
  max!: Decimal;

  @Property({ type: 'json', nullable: true })
  method?: ScoringMethod | null;

  @Property({ type: 'json', nullable: true })
  evidence?: { required: boolean; description?: string } | null;

  @Property({ type: 'text', nullable: true })
  guidance?: string | null;

  @Property({ type: ArrayType, columnType: 'text[]', nullable: true })
  appliesTo?: string[] | null;

  @Property({ type: 'text', nullable: true })
  notApplicable?: string | null;

  /** Plugin id or `set:<code>` that defined the criterion, and its version. */
  @Property({ type: 'text' })
  sourceId!: string;

  @Property({ type: 'text' })
  sourceVersion!: string;
}
