import { Entity, Enum, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { User } from '../auth/user.entity.js';
import { BaseEntity } from '../common/base.entity.js';
import { LegalDocument } from '../legal/legal-document.entity.js';
import { Province } from '../province/province.entity.js';
import { AssessmentRound } from '../round/assessment-round.entity.js';
import { UnitGroup } from '../unit/unit-group.entity.js';
import { Unit } from '../unit/unit.entity.js';
import { Scorecard } from './scorecard.entity.js';

/**
 * What a reviewer appraises in a round: an area for every unit, every area of a unit, or an
 * area of a unit (e.g. Sở Tư pháp appraises INSTITUTIONS for all units).
 */
@Entity({ tableName: 'reviewer_assignment' })
@Index({ properties: ['round', 'reviewer'] })
export class ReviewerAssignment extends BaseEntity<'area' | 'unit'> {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => AssessmentRound, { deleteRule: 'cascade' })
  round!: Rel<AssessmentRound>;

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  reviewer!: Rel<User>;

  /** One of the seven areas (or IMPACT/BONUS); null = every area. */
  @Property({ type: 'text', nullable: true })
  area?: string | null;

  /** null = every unit of the round. */
  @ManyToOne(() => Unit, { nullable: true, deleteRule: 'cascade' })
  unit?: Rel<Unit> | null;
}

/** A request for explanation or supplement on one criterion, with its deadline and the unit's answer. */
@Entity({ tableName: 'explanation_request' })
@Index({ properties: ['scorecard'] })
export class ExplanationRequest extends BaseEntity<'answer' | 'answeredAt' | 'answeredBy'> {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => Scorecard, { deleteRule: 'cascade' })
  scorecard!: Rel<Scorecard>;

  @Property({ type: 'text' })
  code!: string;

  @Property({ type: 'text' })
  message!: string;

  @Property({ type: 'date' })
  dueOn!: string;

  @Property({ type: 'uuid' })
  requestedBy!: string;

  @Property({ type: 'text', nullable: true })
  answer?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  answeredAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  answeredBy?: string | null;
}

/** A council member appointed for a round; a decision needs more than half of them. */
@Entity({ tableName: 'council_member' })
@Unique({ properties: ['round', 'member'] })
export class CouncilMember extends BaseEntity {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => AssessmentRound, { deleteRule: 'cascade' })
  round!: Rel<AssessmentRound>;

  @ManyToOne(() => User, { deleteRule: 'restrict' })
  member!: Rel<User>;
}

export enum Vote {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
  ABSTAIN = 'ABSTAIN',
}
registerEnumType(Vote, {
  name: 'Vote',
  description: 'Biểu quyết của thành viên Hội đồng.',
  valuesConfig: { APPROVE: { description: 'Tán thành' }, REJECT: { description: 'Không tán thành' }, ABSTAIN: { description: 'Không biểu quyết' } },
});

/** A member's vote on the results of one unit group in a round (the latest vote counts). */
@Entity({ tableName: 'council_vote' })
@Unique({ properties: ['round', 'group', 'member'] })
export class CouncilVote extends BaseEntity {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => AssessmentRound, { deleteRule: 'cascade' })
  round!: Rel<AssessmentRound>;

  @ManyToOne(() => UnitGroup, { deleteRule: 'restrict' })
  group!: Rel<UnitGroup>;

  @ManyToOne(() => User, { deleteRule: 'restrict' })
  member!: Rel<User>;

  @Enum({ items: () => Vote })
  vote!: Vote;

  @Property({ type: 'timestamptz' })
  at!: Date;
}

/** The council's approval of a unit group's results, with the count that carried it. */
@Entity({ tableName: 'council_decision' })
@Unique({ properties: ['round', 'group'] })
export class CouncilDecision extends BaseEntity {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => AssessmentRound, { deleteRule: 'cascade' })
  round!: Rel<AssessmentRound>;

  @ManyToOne(() => UnitGroup, { deleteRule: 'restrict' })
  group!: Rel<UnitGroup>;

  @Property({ type: 'int' })
  appointed!: number;

  @Property({ type: 'int' })
  approvals!: number;

  @Property({ type: 'timestamptz' })
  decidedAt!: Date;

  @Property({ type: 'uuid' })
  recordedBy!: string;
}

/**
 * The published result of a unit group: versioned and immutable (a database trigger refuses
 * updates and deletes). Later changes produce a new comparison, never an edit.
 */
@Entity({ tableName: 'publication' })
@Unique({ properties: ['round', 'group', 'version'] })
export class Publication extends BaseEntity {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => AssessmentRound, { deleteRule: 'restrict' })
  round!: Rel<AssessmentRound>;

  @ManyToOne(() => UnitGroup, { deleteRule: 'restrict' })
  group!: Rel<UnitGroup>;

  @Property({ type: 'int' })
  version!: number;

  /** The province's publication decision (Quyết định công bố). */
  @ManyToOne(() => LegalDocument, { deleteRule: 'restrict' })
  legalDocument!: Rel<LegalDocument>;

  @Property({ type: 'timestamptz' })
  publishedAt!: Date;

  @Property({ type: 'uuid' })
  publishedBy!: string;

  /** Every unit's final totals, index, band and areas, as published (strings for decimals). */
  @Property({ type: 'json' })
  results!: PublishedResult[];

  /** SHA-256 of the canonical results, so a copy can be checked against the record. */
  @Property({ type: 'text' })
  digest!: string;
}

export interface PublishedResult {
  unitId: string;
  unitName: string;
  total: string;
  max: string;
  index: string;
  band: string;
  areas: { area: string; points: string; max: string }[];
  /** Final points per criterion (code → points). */
  criteria?: Record<string, string>;
  /**
   * Published since 0.10: the rank, the band by thresholds before cap rules, and the cap and
   * consequence rules that applied when the record was published, so the published ranking is
   * served exactly as published (later indicator corrections or history do not change it).
   */
  rank?: number;
  bandByIndex?: string;
  capped?: { rule: { id: string; title: string; basis: string }; triggers: { indicator: string; value: string; condition: string }[] }[];
  flags?: { rule: { id: string; title: string; basis: string }; flag: string; history: { year: number; band: string | null }[] }[];
}
