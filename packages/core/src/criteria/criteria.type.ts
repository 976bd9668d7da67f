import { DateTimeISOResolver, JSONObjectResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Inherit } from '../auth/access.js';
import { ConnectionOf } from '../common/connection.js';
import { DecimalScalar, type Decimal } from '../common/decimal.js';
import { NodeInterface } from '../common/global-id.js';
import { Band } from '../ranking/band.js';

@Inherit()
@ObjectType('CriterionNode', { description: 'Một tiêu chí trong cây tiêu chí của đợt đánh giá (từ bản chụp khi mở đợt).' })
export class CriterionNodeType {
  @Field({ description: 'Mã tiêu chí, ví dụ "3.2.1".' })
  code!: string;

  @Field()
  title!: string;

  @Field(() => DecimalScalar, { description: 'Điểm tối đa.' })
  max!: Decimal;

  @Field({ description: 'Lĩnh vực (một trong bảy, hoặc IMPACT / BONUS).' })
  area!: string;

  @Field(() => Int, { description: '0 = lĩnh vực, 1 = tiêu chí, 2 = tiêu chí thành phần…' })
  depth!: number;

  @Field(() => String, { nullable: true, description: 'Phương pháp chấm của tiêu chí lá: yesNo, levels, ratioLinear, ratioThresholds, count, formula, survey, manual, bonusPenalty.' })
  methodKind!: string | null;

  @Field(() => JSONObjectResolver, { nullable: true, description: 'Chi tiết phương pháp chấm (mức điểm, ngưỡng, công thức…).' })
  method!: Record<string, unknown> | null;

  @Field({ description: 'Bắt buộc có tài liệu kiểm chứng.' })
  evidenceRequired!: boolean;

  @Field(() => String, { nullable: true })
  evidenceDescription!: string | null;

  @Field(() => String, { nullable: true, description: 'Hướng dẫn chấm điểm.' })
  guidance!: string | null;

  @Field(() => [String], { nullable: true, description: 'Loại đơn vị áp dụng; null = mọi loại.' })
  appliesTo!: string[] | null;

  @Field(() => String, { nullable: true, description: 'Khi không áp dụng: fullPoints (tính đủ điểm) hoặc exclude (loại khỏi tổng).' })
  notApplicable!: string | null;

  @Field({ description: 'Plugin hoặc bộ tiêu chí định nghĩa tiêu chí này.' })
  sourceId!: string;

  @Field()
  sourceVersion!: string;

  @Field(() => [CriterionNodeType])
  children!: CriterionNodeType[];
}

@Inherit()
@ObjectType('PresetArea')
export class PresetAreaType {
  @Field()
  area!: string;

  @Field()
  pluginId!: string;

  @Field()
  version!: string;

  @Field()
  title!: string;

  @Field(() => DecimalScalar)
  max!: Decimal;
}

@Inherit()
@ObjectType('BandThreshold', { description: 'Chỉ số (đã làm tròn) ≥ minIndex thì được xếp loại band.' })
export class BandThresholdType {
  @Field(() => Band)
  band!: Band;

  @Field({ description: 'Tên xếp loại, ví dụ "Tốt".' })
  label!: string;

  @Field(() => DecimalScalar)
  minIndex!: Decimal;
}

@Inherit()
@ObjectType('GroupBands')
export class GroupBandsType {
  @Field({ description: 'Mã nhóm xếp hạng.' })
  group!: string;

  @Field(() => [BandThresholdType])
  bands!: BandThresholdType[];
}

@Inherit()
@ObjectType('CapRule', { description: 'Quy tắc khống chế xếp loại theo chỉ số (dữ liệu của tỉnh).' })
export class CapRuleType {
  @Field()
  id!: string;

  @Field()
  title!: string;

  @Field({ description: 'Căn cứ, ví dụ "Kết luận 91-KL/TU".' })
  basis!: string;

  @Field(() => Band, { description: 'Xếp loại cao nhất khi điều kiện xảy ra.' })
  maxBand!: Band;

  @Field(() => [String], { description: 'Điều kiện (chỉ cần một), ví dụ "LATE_DOSSIER_RATE >= 5".' })
  conditions!: string[];
}

@Inherit()
@ObjectType('ConsequenceRule', { description: 'Quy tắc hệ quả (ví dụ xem xét trách nhiệm người đứng đầu).' })
export class ConsequenceRuleType {
  @Field()
  id!: string;

  @Field()
  title!: string;

  @Field()
  basis!: string;

  @Field()
  flag!: string;

  @Field(() => [String], { description: 'Ví dụ "AVERAGE 2 năm liên tiếp", "WEAK 1 năm".' })
  conditions!: string[];
}

@Inherit()
@ObjectType('Preset', { description: 'Bộ cấu hình chấm điểm của một tỉnh: plugin cho bảy lĩnh vực, phần tác động/điểm thưởng, xếp loại và quy tắc.' })
export class PresetType {
  @Field()
  id!: string;

  @Field()
  title!: string;

  @Field()
  version!: string;

  @Field(() => String, { nullable: true, description: 'Mã tỉnh; null với preset quốc gia.' })
  province!: string | null;

  @Field(() => [String], { description: 'Các preset mà preset này kế thừa, gần nhất trước.' })
  lineage!: string[];

  @Field(() => [PresetAreaType])
  areas!: PresetAreaType[];

  @Field(() => [BandThresholdType])
  bands!: BandThresholdType[];

  @Field(() => [GroupBandsType])
  groupBands!: GroupBandsType[];

  @Field(() => [CapRuleType])
  capRules!: CapRuleType[];

  @Field(() => [ConsequenceRuleType])
  consequenceRules!: ConsequenceRuleType[];

  @Field({ description: 'Ghi chú: nguồn, phần nào là minh họa.' })
  notes!: string;
}

@Inherit()
@ObjectType('CriteriaSet', { description: 'Bộ tiêu chí do tỉnh nhập (YAML), có phiên bản.', implements: NodeInterface })
export class CriteriaSetType extends NodeInterface {
  @Field()
  code!: string;

  @Field(() => Int)
  version!: number;

  @Field()
  title!: string;

  @Field()
  format!: string;

  @Field(() => DateTimeISOResolver)
  createdAt!: Date;

  @Field({ description: 'Tham chiếu dùng trong đợt đánh giá: set:<mã>@<phiên bản>.' })
  ref!: string;
}

export const CriteriaSetConnection = ConnectionOf(CriteriaSetType, 'CriteriaSet');

@Inherit()
@ObjectType('AreaPoints', { description: 'Điểm của một lĩnh vực (hoặc phần tác động, điểm thưởng).' })
export class AreaPointsType {
  @Field()
  area!: string;

  @Field(() => DecimalScalar)
  points!: Decimal;

  @Field(() => DecimalScalar)
  max!: Decimal;
}

@Inherit()
@ObjectType('CriterionScore')
export class CriterionScoreType {
  @Field()
  code!: string;

  @Field(() => DecimalScalar)
  points!: Decimal;

  @Field(() => DecimalScalar, { description: 'Điểm tối đa còn được tính (0 nếu bị loại trừ).' })
  max!: Decimal;

  @Field()
  excluded!: boolean;

  @Field()
  entered!: boolean;

  @Field()
  missingEvidence!: boolean;

  @Field({ description: 'Lý do, ví dụ "Tỷ lệ 12/480 = 2,5 % ≤ 3 %: 2 điểm".' })
  reason!: string;
}

@Inherit()
@ObjectType('AreaScore')
export class AreaScoreType {
  @Field()
  area!: string;

  @Field()
  pluginId!: string;

  @Field()
  pluginVersion!: string;

  @Field(() => DecimalScalar)
  points!: Decimal;

  @Field(() => DecimalScalar)
  max!: Decimal;

  @Field(() => [CriterionScoreType])
  criteria!: CriterionScoreType[];
}

@Inherit()
@ObjectType('ScorePreview', { description: 'Điểm tính thử từ các giá trị nhập, không ghi gì.' })
export class ScorePreviewType {
  @Field(() => DecimalScalar)
  total!: Decimal;

  @Field(() => DecimalScalar)
  max!: Decimal;

  @Field(() => DecimalScalar, { description: 'Chỉ số = tổng ÷ tối đa × 100, làm tròn nửa lên 2 chữ số.' })
  index!: Decimal;

  @Field(() => Band, { description: 'Xếp loại theo ngưỡng của preset (chưa áp dụng quy tắc khống chế).' })
  band!: Band;

  @Field(() => [AreaScoreType])
  areas!: AreaScoreType[];
}
