import { Entity, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { BaseEntity } from '../common/base.entity.js';
import { LegalDocument } from '../legal/legal-document.entity.js';
import { Province } from '../province/province.entity.js';
import { UnitGroup } from '../unit/unit-group.entity.js';

/**
 * An assessment round (đợt đánh giá): one per province and year. Units valid on the reference
 * date, in a group the round covers, are assessed.
 */
@Entity({ tableName: 'assessment_round' })
@Unique({ properties: ['province', 'year'] })
export class AssessmentRound extends BaseEntity<'legalDocument' | 'presetId'> {
  @Index()
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @Property({ type: 'int' })
  year!: number;

  @Property({ type: 'text' })
  title!: string;

  /** The preset whose bands, cap and consequence rules and phase defaults the round follows. */
  @Property({ type: 'text', default: 'national' })
  presetId: string = 'national';

  /** Units valid on this date are assessed. */
  @Property({ type: 'date' })
  referenceDate!: string;

  /** The decision or plan that opened the round. */
  @ManyToOne(() => LegalDocument, { nullable: true, deleteRule: 'restrict' })
  legalDocument?: Rel<LegalDocument> | null;
}

/** Which criteria set a unit group uses in a round (the snapshot arrives with the plugin issue). */
@Entity({ tableName: 'round_group' })
@Unique({ properties: ['round', 'group'] })
export class RoundGroup extends BaseEntity {
  @ManyToOne(() => AssessmentRound, { deleteRule: 'cascade' })
  round!: Rel<AssessmentRound>;

  @ManyToOne(() => UnitGroup, { deleteRule: 'restrict' })
  group!: Rel<UnitGroup>;

  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  /** A preset id (its plugins' criteria) or `set:<code>[@version]` (a stored criteria set). */
  @Property({ type: 'text' })
  criteriaSet!: string;
}
