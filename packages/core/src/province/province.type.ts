import { Field, ID, ObjectType } from 'type-graphql';
import { Inherit } from '../auth/access.js';

@Inherit()
@ObjectType('Province', { description: 'Tỉnh, thành phố trực thuộc Trung ương.' })
export class ProvinceType {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Mã ổn định, ví dụ `khanh-hoa`.' })
  code!: string;

  @Field({ description: 'Tên tỉnh, ví dụ "Khánh Hòa".' })
  name!: string;
}
