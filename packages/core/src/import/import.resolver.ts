import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Allow, Inherit } from '../auth/access.js';
import { Role } from '../auth/role.js';
import type { RequestContext } from '../common/context.js';
import { viewerOf } from '../common/context.js';
import { importUnitsAndAccounts, unitImportTemplate } from './unit-import.js';
import { decodeBase64File } from './workbook.js';

@InputType()
export class ImportUnitsInput {
  @Field({ description: 'Nội dung tệp .xlsx theo mẫu, mã hóa base64.' })
  fileBase64!: string;
}

@Inherit()
@ObjectType()
export class ImportedAccount {
  @Field()
  username!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true, description: 'Mật khẩu ban đầu, chỉ hiển thị một lần.' })
  initialPassword!: string | null;
}

@Inherit()
@ObjectType({ description: 'Kết quả nhập đơn vị và tài khoản từ bảng tính.' })
export class ImportUnitsPayload {
  @Field(() => Int)
  unitsCreated!: number;

  @Field(() => Int)
  unitsUpdated!: number;

  @Field(() => [ImportedAccount])
  accounts!: ImportedAccount[];
}

@Resolver()
export class ImportResolver {
  @Allow([Role.ADMIN], 'province')
  @Mutation(() => ImportUnitsPayload, {
    description:
      'Nhập đơn vị và tài khoản của tỉnh từ bảng tính theo mẫu. Mọi dòng lỗi được liệt kê trong `extensions.problems` (trang, dòng, cột); có lỗi thì không ghi gì.',
  })
  importUnits(@Arg('input') input: ImportUnitsInput, @Ctx() ctx: RequestContext) {
    return importUnitsAndAccounts(ctx.em, viewerOf(ctx).provinceId, decodeBase64File(input.fileBase64, 'fileBase64'));
  }

  @Allow([Role.ADMIN], 'province')
  @Query(() => String, { description: 'Tệp mẫu nhập đơn vị và tài khoản (.xlsx, base64), kèm danh sách giá trị hợp lệ của tỉnh.' })
  async unitImportTemplate(@Ctx() ctx: RequestContext) {
    return (await unitImportTemplate(ctx.em, viewerOf(ctx).provinceId)).toString('base64');
  }
}
