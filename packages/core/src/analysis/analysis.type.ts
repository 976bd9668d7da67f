import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Inherit } from '../auth/access.js';
import { DecimalScalar, type Decimal } from '../common/decimal.js';
import { VariableInput } from '../criteria/criteria.resolver.js';
import { AreaPointsType } from '../criteria/criteria.type.js';
import { Band } from '../ranking/band.js';
import { AppliedRuleType, RankingRowType } from '../ranking/ranking.resolver.js';
import { ScenarioBasis } from './scenario.service.js';

registerEnumType(ScenarioBasis, {
  name: 'ScenarioBasis',
  description: 'Cách chấm lại: AUTO (từ điểm từng tiêu chí nếu có, nếu không thì từ điểm lĩnh vực đã lưu), ENTRIES, RECORD.',
  valuesConfig: {
    AUTO: { description: 'Từ điểm từng tiêu chí khi phiếu có, nếu không thì từ điểm lĩnh vực đã lưu.' },
    ENTRIES: { description: 'Chấm lại mọi tiêu chí từ giá trị đã lưu (vòng mới nhất), tài liệu kiểm chứng và chỉ số hiện tại.' },
    RECORD: { description: 'Từ điểm từng lĩnh vực của kết quả gốc (đã công bố hoặc đã lưu), tính lại theo trọng số, ngưỡng, quy tắc.' },
  },
});

@InputType('BandThresholdInput', { description: 'Ngưỡng xếp loại: chỉ số ≥ minIndex (%) → xếp loại.' })
export class BandThresholdInput {
  @Field(() => Band)
  band!: Band;

  @Field(() => DecimalScalar)
  minIndex!: Decimal;
}

@InputType('AreaWeightInput', { description: 'Trọng số một lĩnh vực: điểm tối đa mới (điểm và điểm tối đa của đơn vị đổi theo tỷ lệ).' })
export class AreaWeightInput {
  @Field({ description: 'LEADERSHIP … DIGITAL_GOVERNMENT, IMPACT hoặc BONUS.' })
  area!: string;

  @Field(() => DecimalScalar)
  max!: Decimal;
}

@InputType('ScenarioRulesInput', { description: 'Quy tắc khác với quy tắc của đợt (preset đã sửa đổi).' })
export class ScenarioRulesInput {
  @Field({ nullable: true, description: 'Preset đã cài trên máy chủ: ngưỡng, quy tắc khống chế, hệ quả và trọng số lĩnh vực của nó.' })
  preset?: string;

  @Field(() => [BandThresholdInput], { nullable: true, description: 'Thay ngưỡng xếp loại (giảm dần, ngưỡng cuối là 0).' })
  bands?: BandThresholdInput[];

  @Field(() => [AreaWeightInput], { nullable: true })
  areaMax?: AreaWeightInput[];

  @Field(() => [String], { nullable: true, description: 'Mã quy tắc khống chế hoặc hệ quả được bỏ qua (ví dụ kl91-cap).' })
  disabledRules?: string[];
}

@InputType('RescoreInput')
export class RescoreInput {
  @Field(() => ID)
  roundId!: string;

  @Field({ description: 'Mã nhóm xếp hạng.' })
  group!: string;

  @Field(() => ScenarioBasis, { defaultValue: ScenarioBasis.AUTO })
  basis!: ScenarioBasis;

  @Field({ nullable: true, description: 'Bộ tiêu chí để chấm: bỏ trống = bản chụp của đợt; mã preset (plugin đang cài, ví dụ phiên bản mới) hoặc set:<mã>[@<phiên bản>].' })
  criteria?: string;

  @Field(() => ScenarioRulesInput, { nullable: true })
  rules?: ScenarioRulesInput;
}

@InputType('CriterionChangeInput', { description: 'Một giả định: tiêu chí của đơn vị có giá trị khác (hoặc được chấp nhận điểm tự chấm).' })
export class CriterionChangeInput {
  @Field(() => ID)
  unitId!: string;

  @Field()
  code!: string;

  @Field({ nullable: true, description: 'Chấp nhận giá trị đơn vị tự chấm.' })
  accept?: boolean;

  @Field({ nullable: true })
  value?: string;

  @Field(() => [VariableInput], { nullable: true })
  variables?: VariableInput[];

  @Field(() => DecimalScalar, { nullable: true, description: 'Điểm (tiêu chí do Hội đồng chấm).' })
  points?: Decimal;

  @Field({ nullable: true })
  notApplicable?: boolean;
}

@InputType('IndicatorChangeInput')
export class IndicatorChangeInput {
  @Field(() => ID)
  unitId!: string;

  @Field({ description: 'Mã chỉ số (xem indicatorDefinitions), ví dụ LATE_DOSSIER_RATE.' })
  code!: string;

  @Field(() => DecimalScalar, { description: 'Giá trị giả định, trong khoảng của chỉ số.' })
  value!: Decimal;
}

@InputType('WhatIfInput')
export class WhatIfInput {
  @Field(() => ID)
  roundId!: string;

  @Field()
  group!: string;

  @Field(() => [CriterionChangeInput], { defaultValue: [] })
  changes!: CriterionChangeInput[];

  @Field(() => [IndicatorChangeInput], {
    defaultValue: [],
    description: 'Giá trị chỉ số giả định (ví dụ tỷ lệ hồ sơ trễ hạn sau khi đính chính): các tiêu chí lấy từ chỉ số và quy tắc khống chế dùng giá trị này.',
  })
  indicators!: IndicatorChangeInput[];

  @Field(() => ScenarioRulesInput, { nullable: true })
  rules?: ScenarioRulesInput;
}

@Inherit()
@ObjectType('ScenarioArea', { simpleResolvers: true })
export class ScenarioAreaType {
  @Field()
  area!: string;

  @Field(() => DecimalScalar, { nullable: true })
  oldPoints!: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true })
  oldMax!: Decimal | null;

  @Field(() => DecimalScalar)
  points!: Decimal;

  @Field(() => DecimalScalar)
  max!: Decimal;
}

@Inherit()
@ObjectType('ScenarioCriterion', { simpleResolvers: true, description: 'Tiêu chí có điểm khác kết quả gốc.' })
export class ScenarioCriterionType {
  @Field()
  code!: string;

  @Field(() => DecimalScalar, { nullable: true })
  oldPoints!: Decimal | null;

  @Field(() => DecimalScalar)
  points!: Decimal;

  @Field()
  reason!: string;
}

@Inherit()
@ObjectType('ScenarioRow', { simpleResolvers: true, description: 'Một đơn vị: kết quả gốc và kết quả mới.' })
export class ScenarioRowType {
  @Field(() => ID)
  unitId!: string;

  @Field()
  unitName!: string;

  @Field({ description: 'ENTRIES (chấm lại từ điểm từng tiêu chí) hoặc RECORD (từ điểm lĩnh vực đã lưu).' })
  source!: string;

  @Field(() => Int)
  oldRank!: number;

  @Field(() => Int)
  rank!: number;

  @Field(() => Int, { description: 'Số bậc tăng (dương) hoặc giảm (âm).' })
  rankChange!: number;

  @Field(() => DecimalScalar)
  oldTotal!: Decimal;

  @Field(() => DecimalScalar)
  total!: Decimal;

  @Field(() => DecimalScalar)
  oldMax!: Decimal;

  @Field(() => DecimalScalar)
  max!: Decimal;

  @Field(() => DecimalScalar)
  oldIndex!: Decimal;

  @Field(() => DecimalScalar)
  index!: Decimal;

  @Field(() => DecimalScalar)
  indexChange!: Decimal;

  @Field(() => Band)
  oldBand!: Band;

  @Field(() => Band)
  band!: Band;

  @Field()
  oldBandLabel!: string;

  @Field()
  bandLabel!: string;

  @Field(() => Band)
  bandByIndex!: Band;

  @Field()
  rankChanged!: boolean;

  @Field()
  bandChanged!: boolean;

  @Field(() => [ScenarioAreaType])
  areas!: ScenarioAreaType[];

  @Field(() => [ScenarioCriterionType])
  criteria!: ScenarioCriterionType[];

  @Field(() => [AppliedRuleType])
  rules!: AppliedRuleType[];

  @Field(() => [String])
  flags!: string[];
}

@Inherit()
@ObjectType('ScenarioResult', { description: 'Chấm lại hoặc giả định: kết quả gốc và kết quả mới của cả nhóm, tính trong bộ nhớ, không ghi gì.' })
export class ScenarioResultType {
  @Field({ description: 'RESCORE hoặc WHAT_IF.' })
  kind!: string;

  @Field(() => ID)
  roundId!: string;

  @Field(() => Int)
  year!: number;

  @Field()
  group!: string;

  @Field()
  groupName!: string;

  @Field({ description: 'Kết quả gốc để so sánh.' })
  baseline!: string;

  @Field()
  baselineProvisional!: boolean;

  @Field(() => Int, { nullable: true })
  publicationVersion!: number | null;

  @Field({ description: 'ENTRIES, RECORD, hoặc MIXED (giả định: đơn vị có thay đổi chấm từ tiêu chí, các đơn vị khác từ điểm lĩnh vực).' })
  basis!: string;

  @Field()
  preset!: string;

  @Field()
  criteria!: string;

  @Field(() => [String])
  description!: string[];

  @Field(() => Int)
  units!: number;

  @Field(() => Int, { description: 'Số đơn vị đổi hạng.' })
  rankChanges!: number;

  @Field(() => Int, { description: 'Số đơn vị đổi xếp loại.' })
  bandChanges!: number;

  @Field(() => Int)
  durationMs!: number;

  @Field(() => [ScenarioRowType], { description: 'Theo xếp hạng mới.' })
  rows!: ScenarioRowType[];
}

@Inherit()
@ObjectType('UnitYearResult', { simpleResolvers: true })
export class UnitYearResultType {
  @Field(() => Int)
  year!: number;

  @Field(() => ID)
  roundId!: string;

  @Field()
  roundTitle!: string;

  @Field(() => ID)
  unitId!: string;

  @Field({ description: 'Tên đơn vị trong năm đó.' })
  unitName!: string;

  @Field({ description: 'SELF (chính đơn vị) hoặc LINEAGE (đơn vị tiền thân: đổi tên, sáp nhập, chia tách, chuyển giao).' })
  via!: string;

  @Field()
  provisional!: boolean;

  @Field(() => Int, { nullable: true })
  publicationVersion!: number | null;

  @Field()
  group!: string;

  @Field()
  groupName!: string;

  @Field(() => DecimalScalar)
  total!: Decimal;

  @Field(() => DecimalScalar)
  max!: Decimal;

  @Field(() => DecimalScalar)
  index!: Decimal;

  @Field(() => Band)
  band!: Band;

  @Field()
  bandLabel!: string;

  @Field(() => Int)
  rank!: number;

  @Field(() => Int)
  groupSize!: number;

  @Field(() => [AreaPointsType])
  areas!: AreaPointsType[];
}

@Inherit()
@ObjectType('UnitHistory', { description: 'Kết quả của một đơn vị qua các năm, theo quan hệ kế thừa.' })
export class UnitHistoryType {
  @Field(() => ID)
  unitId!: string;

  @Field()
  unitName!: string;

  @Field(() => [UnitYearResultType])
  years!: UnitYearResultType[];
}

@Inherit()
@ObjectType('AreaAverage', { simpleResolvers: true })
export class AreaAverageType {
  @Field()
  area!: string;

  @Field()
  title!: string;

  @Field(() => DecimalScalar)
  averagePoints!: Decimal;

  @Field(() => DecimalScalar)
  averageMax!: Decimal;

  @Field(() => DecimalScalar, { description: 'Σ điểm ÷ Σ điểm tối đa × 100.' })
  percent!: Decimal;

  @Field(() => DecimalScalar)
  minPercent!: Decimal;

  @Field(() => DecimalScalar)
  maxPercent!: Decimal;
}

@Inherit()
@ObjectType('BandCount', { simpleResolvers: true })
export class BandCountType {
  @Field(() => Band)
  band!: Band;

  @Field(() => Int)
  count!: number;
}

@Inherit()
@ObjectType('GroupComparison', { description: 'Các đơn vị của một nhóm cạnh nhau, với trung bình từng lĩnh vực của nhóm.' })
export class GroupComparisonType {
  @Field(() => ID)
  roundId!: string;

  @Field(() => Int)
  year!: number;

  @Field()
  group!: string;

  @Field()
  provisional!: boolean;

  @Field()
  label!: string;

  @Field(() => Int)
  units!: number;

  @Field(() => DecimalScalar)
  averageIndex!: Decimal;

  @Field(() => [RankingRowType])
  rows!: RankingRowType[];

  @Field(() => [AreaAverageType])
  averages!: AreaAverageType[];

  @Field(() => [BandCountType])
  bands!: BandCountType[];
}

@Inherit()
@ObjectType('AreaPercent', { simpleResolvers: true })
export class AreaPercentType {
  @Field()
  area!: string;

  @Field(() => DecimalScalar)
  percent!: Decimal;
}

@Inherit()
@ObjectType('ProvinceComparison', { simpleResolvers: true })
export class ProvinceComparisonType {
  @Field()
  province!: string;

  @Field()
  provinceName!: string;

  @Field(() => Int)
  rank!: number;

  @Field(() => Int)
  units!: number;

  @Field(() => DecimalScalar)
  averageIndex!: Decimal;

  @Field(() => [BandCountType])
  bands!: BandCountType[];

  @Field(() => [AreaPercentType], { description: 'Tỷ lệ đạt (%) trên các lĩnh vực mọi tỉnh đều có.' })
  areas!: AreaPercentType[];
}

@Inherit()
@ObjectType('NationalComparison', { description: 'Các tỉnh cạnh nhau trong một năm, từ kết quả đã công bố.' })
export class NationalComparisonType {
  @Field(() => Int)
  year!: number;

  @Field(() => String, { nullable: true })
  group!: string | null;

  @Field(() => [String])
  sharedAreas!: string[];

  @Field(() => [ProvinceComparisonType])
  provinces!: ProvinceComparisonType[];
}
