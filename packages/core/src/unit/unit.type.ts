import { Field, ID, ObjectType } from 'type-graphql';
import { Inherit } from '../auth/access.js';
import { UnitKind } from './unit-kind.js';

@Inherit()
@ObjectType('Unit', { description: 'Cơ quan, đơn vị được đánh giá chỉ số cải cách hành chính.' })
export class UnitType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Mã đơn vị, duy nhất trong tỉnh.' })
  code!: string;

  @Field({ description: 'Tên đơn vị, ví dụ "Sở Tư pháp".' })
  name!: string;

  @Field(() => UnitKind)
  kind!: UnitKind;
}
