import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { Area } from '../criteria/area.js';
import { Role } from './role.js';

@InputType()
export class LoginInput {
  @Field()
  username!: string;

  @Field()
  password!: string;
}

@InputType()
export class ChangePasswordInput {
  @Field()
  currentPassword!: string;

  @Field()
  newPassword!: string;
}

@InputType({ description: 'Tạo tài khoản trong tỉnh của quản trị viên.' })
export class CreateUserInput {
  @Field()
  username!: string;

  @Field()
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true, description: 'Mã đơn vị; bắt buộc với vai trò UNIT.' })
  unitCode?: string | null;

  @Field(() => [Area], { nullable: true, description: 'Lĩnh vực thẩm định; chỉ với REVIEWER.' })
  areas?: Area[] | null;
}

@InputType()
export class CreateApiTokenInput {
  @Field(() => ID, { description: 'Tài khoản tích hợp (INTEGRATION) sẽ dùng mã.' })
  userId!: string;

  @Field({ description: 'Tên gợi nhớ, ví dụ "Hệ thống một cửa điện tử".' })
  name!: string;

  @Field(() => DateTimeISOResolver, { nullable: true })
  expiresAt?: Date | null;
}
