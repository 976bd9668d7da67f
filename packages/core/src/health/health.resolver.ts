import { Field, ObjectType, Query, Resolver } from 'type-graphql';
import { Inherit, Public } from '../auth/access.js';

@Inherit()
@ObjectType('Health', { description: 'Tình trạng dịch vụ (không cần đăng nhập).' })
export class HealthType {
  @Field({ description: '"ok" khi dịch vụ đang chạy.' })
  status!: string;

  @Field({ description: 'Phiên bản của nền tảng.' })
  version!: string;
}

export const PLATFORM_VERSION = '0.1.0';

@Resolver()
export class HealthResolver {
  @Public()
  @Query(() => HealthType, { description: 'Kiểm tra dịch vụ còn sống; không cần đăng nhập.' })
  health(): HealthType {
    return { status: 'ok', version: PLATFORM_VERSION };
  }
}
