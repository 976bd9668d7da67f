import { LocalDateResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Inherit } from '../auth/access.js';
import { NodeInterface } from '../common/global-id.js';

@Inherit()
@ObjectType('Province', { description: 'Tỉnh, thành phố trực thuộc Trung ương.', implements: NodeInterface })
export class ProvinceType extends NodeInterface {
  @Field({ description: 'Mã ổn định, ví dụ `khanh-hoa`.' })
  code!: string;

  @Field({ description: 'Tên tỉnh, ví dụ "Khánh Hòa".' })
  name!: string;

  @Field(() => LocalDateResolver, { nullable: true })
  validFrom?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Ngày cuối cùng tồn tại (nếu đã sáp nhập).' })
  validTo?: string | null;
}
