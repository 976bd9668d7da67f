import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Inherit } from '../auth/access.js';
import { NodeInterface } from '../common/global-id.js';

@Inherit()
@ObjectType('AssessmentRound', { description: 'Đợt đánh giá, xác định Chỉ số CCHC của một tỉnh trong một năm.', implements: NodeInterface })
export class AssessmentRoundType extends NodeInterface {
  @Field(() => Int)
  year!: number;

  @Field()
  title!: string;

  @Field(() => LocalDateResolver, { description: 'Các đơn vị còn hiệu lực vào ngày này được đánh giá.' })
  referenceDate!: string;
}

@Inherit()
@ObjectType('RoundGroup', { description: 'Bộ tiêu chí mà một nhóm xếp hạng dùng trong đợt đánh giá.' })
export class RoundGroupType {
  @Field({ description: 'Mã bộ tiêu chí.' })
  criteriaSet!: string;
}
