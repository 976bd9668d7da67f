import { LocalDateResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Inherit } from '../auth/access.js';
import { NodeInterface } from '../common/global-id.js';
import { LineageKind } from './lineage.entity.js';

@Inherit()
@ObjectType('LineageEvent', { description: 'Thay đổi của cơ quan, đơn vị (sáp nhập, chia tách, đổi tên, chuyển giao, giải thể).', implements: NodeInterface })
export class LineageEventType extends NodeInterface {
  @Field(() => LineageKind)
  kind!: LineageKind;

  @Field(() => LocalDateResolver, { description: 'Ngày các đơn vị kế thừa bắt đầu (ngày sau ngày cuối của đơn vị tiền thân).' })
  effectiveOn!: string;

  @Field(() => String, { nullable: true })
  note?: string | null;
}
