import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Inherit } from '../auth/access.js';
import { ConnectionOf } from '../common/connection.js';
import { DecimalScalar, type Decimal } from '../common/decimal.js';
import { NodeInterface } from '../common/global-id.js';
import { AreaPointsType, CriterionScoreType } from '../criteria/criteria.type.js';
import { Band } from '../ranking/band.js';
import { Phase } from './phase.entity.js';
import { ScorecardStatus, Stage } from './scorecard.entity.js';

@Inherit()
@ObjectType('RoundPhase', { description: 'Hạn của một giai đoạn trong đợt đánh giá.' })
export class RoundPhaseType {
  @Field(() => Phase)
  phase!: Phase;

  @Field()
  title!: string;

  @Field(() => LocalDateResolver, { description: 'Ngày kết thúc; khóa lúc 23:59:59 giờ Việt Nam.' })
  closesOn!: string;

  @Field(() => DateTimeISOResolver, { description: 'Thời điểm khóa (UTC).' })
  closesAt!: Date;
}

@Inherit()
@ObjectType('Deadline', { description: 'Hạn hiệu lực với một đơn vị (kể cả gia hạn riêng).' })
export class DeadlineType {
  @Field(() => Phase)
  phase!: Phase;

  @Field(() => LocalDateResolver)
  closesOn!: string;

  @Field(() => DateTimeISOResolver)
  closesAt!: Date;

  @Field({ description: 'Đã được gia hạn riêng cho đơn vị.' })
  extended!: boolean;

  @Field({ description: 'Đã quá hạn: các giá trị của giai đoạn bị khóa.' })
  closed!: boolean;
}

@Inherit()
@ObjectType('Variable')
export class VariableType {
  @Field()
  name!: string;

  @Field(() => DecimalScalar)
  value!: Decimal;
}

@Inherit()
@ObjectType('ScorecardEntry', { description: 'Giá trị của một tiêu chí ở một vòng (tự chấm, thẩm định…).', implements: NodeInterface })
export class ScorecardEntryType extends NodeInterface {
  @Field()
  code!: string;

  @Field(() => Stage)
  stage!: Stage;

  @Field(() => String, { nullable: true })
  value?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Điểm nhập trực tiếp (tiêu chí do Hội đồng chấm).' })
  points?: Decimal | null;

  @Field()
  notApplicable!: boolean;

  @Field(() => String, { nullable: true })
  comment?: string | null;

  @Field(() => String, { nullable: true, description: 'Giải trình khi chưa có tài liệu kiểm chứng.' })
  explanation?: string | null;

  @Field(() => Int, { description: 'Phiên bản; gửi lại khi sửa (khóa lạc quan).' })
  version!: number;

  @Field(() => DateTimeISOResolver)
  updatedAt!: Date;
}

@Inherit()
@ObjectType('AreaResult')
export class AreaResultType extends AreaPointsType {
  @Field()
  sourceId!: string;

  @Field()
  sourceVersion!: string;
}

@Inherit()
@ObjectType('ScorecardResult', { description: 'Điểm đã tính và lưu của một vòng (không tính lại khi đọc).' })
export class ScorecardResultType {
  @Field(() => Stage)
  stage!: Stage;

  @Field(() => DecimalScalar)
  total!: Decimal;

  @Field(() => DecimalScalar)
  max!: Decimal;

  @Field(() => DecimalScalar)
  index!: Decimal;

  @Field(() => Band, { nullable: true, description: 'Xếp loại dự kiến theo ngưỡng của preset.' })
  band!: Band | null;

  @Field(() => [CriterionScoreType])
  criteria!: CriterionScoreType[];

  @Field(() => [AreaResultType])
  areas!: AreaResultType[];

  @Field(() => DateTimeISOResolver)
  computedAt!: Date;
}

@Inherit()
@ObjectType('Scorecard', { description: 'Phiếu chấm của một đơn vị trong một đợt đánh giá.', implements: NodeInterface })
export class ScorecardType extends NodeInterface {
  @Field(() => ScorecardStatus)
  status!: ScorecardStatus;

  @Field(() => Int, { description: 'Phiên bản của phiếu; gửi lại khi nộp.' })
  version!: number;

  @Field(() => DateTimeISOResolver, { nullable: true })
  submittedAt?: Date | null;
}

export const ScorecardConnection = ConnectionOf(ScorecardType, 'Scorecard');

@Inherit()
@ObjectType('EvidenceFile', { description: 'Tệp tài liệu kiểm chứng (lưu theo SHA-256).', implements: NodeInterface })
export class EvidenceFileType extends NodeInterface {
  @Field()
  fileName!: string;

  @Field()
  mediaType!: string;

  @Field(() => Int)
  size!: number;

  @Field()
  sha256!: string;
}

@Inherit()
@ObjectType('Evidence', { description: 'Tài liệu kiểm chứng: văn bản chính thức và/hoặc tệp.', implements: NodeInterface })
export class EvidenceType extends NodeInterface {
  @Field()
  title!: string;

  @Field(() => String, { nullable: true, description: 'Số/ký hiệu văn bản.' })
  documentNumber?: string | null;

  @Field(() => LocalDateResolver, { nullable: true })
  issuedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Cơ quan ban hành.' })
  issuer?: string | null;

  @Field(() => String, { nullable: true, description: 'Trích yếu hoặc đoạn trích.' })
  excerpt?: string | null;

  @Field(() => String, { nullable: true, description: 'Mục, trang làm căn cứ.' })
  section?: string | null;

  @Field(() => LocalDateResolver, { description: 'Ngày có hiệu lực: tài liệu được tính cho năm của ngày này.' })
  effectiveOn!: string;
}
