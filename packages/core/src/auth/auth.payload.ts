import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { ConnectionOf } from '../common/connection.js';
import { Inherit } from './access.js';
import { ApiTokenType, UserType } from './user.type.js';

@Inherit()
@ObjectType({ description: 'Kết quả đăng nhập: mã phiên dùng trong tiêu đề `Authorization: Bearer …`.' })
export class LoginPayload {
  @Field()
  token!: string;

  @Field(() => DateTimeISOResolver)
  expiresAt!: Date;

  @Field(() => UserType)
  user!: UserType;
}

@Inherit()
@ObjectType()
export class CreateUserPayload {
  @Field(() => UserType)
  user!: UserType;

  @Field(() => String, {
    nullable: true,
    description: 'Mật khẩu ban đầu, chỉ hiển thị một lần. Null với tài khoản tích hợp.',
  })
  initialPassword!: string | null;
}

@Inherit()
@ObjectType()
export class ResetPasswordPayload {
  @Field(() => UserType)
  user!: UserType;

  @Field({ description: 'Mật khẩu mới, chỉ hiển thị một lần.' })
  password!: string;
}

@Inherit()
@ObjectType()
export class CreateApiTokenPayload {
  @Field(() => ApiTokenType)
  apiToken!: ApiTokenType;

  @Field({ description: 'Mã bí mật, chỉ hiển thị một lần; hãy lưu lại ngay.' })
  token!: string;
}

export const UserConnection = ConnectionOf(UserType, 'User');
