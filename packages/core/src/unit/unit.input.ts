import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { LineageKind } from './lineage.entity.js';
import { UnitKind } from './unit-kind.js';

@InputType({ description: 'Lọc danh sách đơn vị.' })
export class UnitFilterInput {
  @Field(() => String, { nullable: true, description: 'Mã tỉnh; mặc định mọi tỉnh được xem.' })
  province?: string | null;

  @Field(() => UnitKind, { nullable: true })
  kind?: UnitKind | null;

  @Field(() => String, { nullable: true, description: 'Mã nhóm xếp hạng.' })
  group?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Chỉ các đơn vị còn hiệu lực vào ngày này.' })
  validOn?: string | null;

  @Field(() => ID, { nullable: true, description: 'Chỉ các đơn vị trực thuộc đơn vị này.' })
  parentId?: string | null;

  @Field(() => String, { nullable: true, description: 'Tìm theo tên (không phân biệt hoa thường).' })
  search?: string | null;
}

@InputType()
export class CreateUnitInput {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => UnitKind)
  kind!: UnitKind;

  @Field(() => String, { nullable: true, description: 'Mã nhóm xếp hạng.' })
  groupCode?: string | null;

  @Field(() => ID, { nullable: true })
  parentId?: string | null;

  @Field(() => LocalDateResolver)
  validFrom!: string;

  @Field(() => LocalDateResolver, { nullable: true })
  validTo?: string | null;
}

@InputType({ description: 'Chỉ các trường được truyền mới thay đổi; truyền null để xóa nhóm, cấp trên hoặc ngày hết hiệu lực.' })
export class UpdateUnitInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  code?: string;

  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => UnitKind, { nullable: true })
  kind?: UnitKind;

  @Field(() => String, { nullable: true })
  groupCode?: string | null;

  @Field(() => ID, { nullable: true })
  parentId?: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  validFrom?: string;

  @Field(() => LocalDateResolver, { nullable: true })
  validTo?: string | null;
}

@InputType()
export class CreateUnitGroupInput {
  @Field()
  code!: string;

  @Field()
  name!: string;
}

@InputType()
export class RecordLineageEventInput {
  @Field(() => LineageKind)
  kind!: LineageKind;

  @Field(() => LocalDateResolver, { description: 'Ngày các đơn vị kế thừa bắt đầu; đơn vị tiền thân kết thúc ngày hôm trước.' })
  effectiveOn!: string;

  @Field(() => ID, { nullable: true })
  legalDocumentId?: string | null;

  @Field(() => [ID])
  predecessorIds!: string[];

  @Field(() => [ID])
  successorIds!: string[];

  @Field(() => String, { nullable: true })
  note?: string | null;
}
