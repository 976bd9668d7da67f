import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { NodeInterface } from '../common/global-id.js';
import { Area } from '../criteria/area.js';
import { Inherit } from './access.js';
import { Role } from './role.js';

@Inherit()
@ObjectType('User', { description: 'Tài khoản người dùng hoặc hệ thống tích hợp.', implements: NodeInterface })
export class UserType extends NodeInterface {
  @Field({ description: 'Tên đăng nhập (chữ thường).' })
  username!: string;

  @Field()
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => [Area], { description: 'Lĩnh vực được giao thẩm định (chỉ với REVIEWER).' })
  areas!: Area[];

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true })
  lastLoginAt?: Date | null;
}

@Inherit()
@ObjectType('ApiToken', {
  description: 'Mã API của hệ thống tích hợp. Bí mật chỉ hiển thị một lần khi tạo.',
  implements: NodeInterface,
})
export class ApiTokenType extends NodeInterface {
  @Field()
  name!: string;

  @Field({ description: 'Vài ký tự đầu của mã, để phân biệt các mã mà không lộ bí mật.' })
  prefix!: string;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field(() => DateTimeISOResolver, { nullable: true })
  expiresAt?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  revokedAt?: Date | null;

  @Field(() => DateTimeISOResolver, { nullable: true })
  lastUsedAt?: Date | null;
}
