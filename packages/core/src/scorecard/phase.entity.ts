import { Entity, Index, ManyToOne, Property, Unique, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Province } from '../province/province.entity.js';
import { AssessmentRound } from '../round/assessment-round.entity.js';
import { Unit } from '../unit/unit.entity.js';

/** The phases of a season, in order. */
export enum Phase {
  SELF_ASSESSMENT = 'SELF_ASSESSMENT',
  APPRAISAL_1 = 'APPRAISAL_1',
  EXPLANATION = 'EXPLANATION',
  APPRAISAL_2 = 'APPRAISAL_2',
  COUNCIL = 'COUNCIL',
  PUBLICATION = 'PUBLICATION',
}
export const PHASE_ORDER: readonly Phase[] = Object.values(Phase);
export const PHASE_TITLES: Readonly<Record<Phase, string>> = {
  [Phase.SELF_ASSESSMENT]: 'Tự đánh giá, chấm điểm',
  [Phase.APPRAISAL_1]: 'Thẩm định lần 1',
  [Phase.EXPLANATION]: 'Giải trình',
  [Phase.APPRAISAL_2]: 'Thẩm định lần 2',
  [Phase.COUNCIL]: 'Hội đồng thẩm định quyết định',
  [Phase.PUBLICATION]: 'Công bố kết quả',
};
registerEnumType(Phase, {
  name: 'Phase',
  description: 'Giai đoạn của đợt đánh giá.',
  valuesConfig: Object.fromEntries(PHASE_ORDER.map((p) => [p, { description: PHASE_TITLES[p] }])) as Record<Phase, { description: string }>,
});

/** A phase's deadline in a round: entries of the phase lock after 23:59:59 Asia/Ho_Chi_Minh that day. */
@Entity({ tableName: 'round_phase' })
@Unique({ properties: ['round', 'phase'] })
export class RoundPhase extends BaseEntity {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => AssessmentRound, { deleteRule: 'cascade' })
  round!: Rel<AssessmentRound>;

  @Property({ type: 'text' })
  phase!: Phase;

  @Property({ type: 'int' })
  position!: number;

  @Property({ type: 'date' })
  closesOn!: string;
}

/** A later deadline granted to one unit for one phase; recorded with who granted it and why. */
@Entity({ tableName: 'phase_extension' })
@Index({ properties: ['round', 'unit', 'phase'] })
export class PhaseExtension extends BaseEntity {
  @ManyToOne(() => Province, { deleteRule: 'restrict' })
  province!: Rel<Province>;

  @ManyToOne(() => AssessmentRound, { deleteRule: 'cascade' })
  round!: Rel<AssessmentRound>;

  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  unit!: Rel<Unit>;

  @Property({ type: 'text' })
  phase!: Phase;

  @Property({ type: 'date' })
  closesOn!: string;

  @Property({ type: 'text' })
  reason!: string;

  @Property({ type: 'uuid' })
  grantedBy!: string;
}
