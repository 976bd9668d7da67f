import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Inherit } from '../auth/access.js';
import { ConnectionOf } from '../common/connection.js';
import { DecimalScalar, type Decimal } from '../common/decimal.js';
import { NodeInterface } from '../common/global-id.js';

@Inherit()
@ObjectType('IndicatorValue', { description: 'Giá trị đo được của một chỉ số (ví dụ tỷ lệ hồ sơ trễ hạn) cho một đơn vị và kỳ.', implements: NodeInterface })
export class IndicatorValueType extends NodeInterface {
  @Field({ description: 'Mã chỉ số, ví dụ LATE_DOSSIER_RATE.' })
  code!: string;

  @Field({ description: 'Kỳ: "2025", "2025-Q3" hoặc "2025-09".' })
  period!: string;

  @Field(() => LocalDateResolver)
  periodStart!: string;

  @Field(() => LocalDateResolver)
  periodEnd!: string;

  @Field(() => DecimalScalar)
  value!: Decimal;

  @Field(() => DecimalScalar, { nullable: true, description: 'Tử số, khi giá trị là một tỷ lệ đã biết.' })
  numerator?: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Mẫu số, khi giá trị là một tỷ lệ đã biết.' })
  denominator?: Decimal | null;

  @Field({ description: 'Nguồn dữ liệu.' })
  source!: string;

  @Field(() => DateTimeISOResolver, { description: 'Thời điểm đo.' })
  observedAt!: Date;
}

export const IndicatorValueConnection = ConnectionOf(IndicatorValueType, 'IndicatorValue');
