import { LocalDateResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Inherit } from '../auth/access.js';
import { ConnectionOf } from '../common/connection.js';
import { NodeInterface } from '../common/global-id.js';
import { UnitKind } from './unit-kind.js';

@Inherit()
@ObjectType('Unit', {
  description: 'Cơ quan, đơn vị được đánh giá chỉ số cải cách hành chính, theo thời gian hiệu lực.',
  implements: NodeInterface,
})
export class UnitType extends NodeInterface {
  @Field({ description: 'Mã đơn vị, duy nhất trong tỉnh.' })
  code!: string;

  @Field({ description: 'Tên đơn vị, ví dụ "Sở Tư pháp".' })
  name!: string;

  @Field(() => UnitKind)
  kind!: UnitKind;

  @Field(() => LocalDateResolver, { description: 'Ngày bắt đầu hiệu lực.' })
  validFrom!: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Ngày cuối cùng còn hiệu lực; null nếu đang hoạt động.' })
  validTo?: string | null;
}

export const UnitConnection = ConnectionOf(UnitType, 'Unit');

@Inherit()
@ObjectType('UnitGroup', { description: 'Nhóm xếp hạng (ví dụ "Sở, ban, ngành", "UBND cấp xã").', implements: NodeInterface })
export class UnitGroupType extends NodeInterface {
  @Field()
  code!: string;

  @Field()
  name!: string;
}
