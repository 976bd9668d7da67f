import { Area, areaTree, Band, defineAreaPlugin, definePreset, group, leaf, type Preset } from '@par/core';

/**
 * Khánh Hòa's area 3 (administrative procedures, max 13 as nationally) carrying the targets of
 * its 2025 reform plan 3487/QĐ-UBND (seed 004) as ratio criteria fed by indicators: 100 % of
 * dossiers digitised, more than 70 % online payment, satisfaction above 90 %. The targets are
 * the plan's; the POINT VALUES are ILLUSTRATIVE.
 */
export const KHANH_HOA_PROCEDURES_TREE = areaTree('3', 'Cải cách thủ tục hành chính', [
  group('3.1', 'Rà soát, đơn giản hóa thủ tục hành chính', [
    leaf('3.1.1', 'Ban hành và thực hiện kế hoạch rà soát, đánh giá thủ tục hành chính', '0.5', { kind: 'yesNo' }, { evidence: { required: true } }),
    leaf(
      '3.1.2',
      'Cắt giảm thành phần dữ liệu phải kê khai (mục tiêu ≥ 20 %, Kế hoạch 3487/QĐ-UBND)',
      '1.5',
      { kind: 'ratioThresholds', source: { numerator: 'reducedFields', denominator: 'declaredFields' }, labels: { reducedFields: 'Số thành phần dữ liệu đã cắt giảm', declaredFields: 'Số thành phần dữ liệu phải kê khai trước khi cắt giảm' }, thresholds: [{ atLeast: '20', points: '1.5' }, { atLeast: '10', points: '0.75' }] },
      { evidence: { required: true } },
    ),
  ]),
  leaf('3.2', 'Công khai thủ tục hành chính đầy đủ, đúng quy định', '1.5', { kind: 'yesNo' }, { evidence: { required: true } }),
  group('3.3', 'Thực hiện cơ chế một cửa, một cửa liên thông', [
    leaf('3.3.1', 'Tỷ lệ hồ sơ giải quyết đúng hạn', '2', { kind: 'ratioLinear', source: { indicator: 'ON_TIME_RATE' }, zeroAt: '80', fullAt: '100' }),
    leaf('3.3.2', 'Tỷ lệ hồ sơ trễ hạn', '1.5', {
      kind: 'ratioThresholds',
      source: { indicator: 'LATE_DOSSIER_RATE' },
      thresholds: [{ atMost: '0', points: '1.5' }, { atMost: '2', points: '1' }, { below: '5', points: '0.5' }],
    }),
    leaf('3.3.3', 'Gửi thư xin lỗi tổ chức, công dân khi trễ hẹn', '1', {
      kind: 'levels',
      levels: [
        { value: 'day-du', label: 'Đầy đủ cho mọi hồ sơ trễ hẹn (hoặc không có hồ sơ trễ hẹn)', points: '1' },
        { value: 'mot-phan', label: 'Một phần', points: '0.5' },
        { value: 'khong', label: 'Không thực hiện', points: '0' },
      ],
    }),
    leaf('3.3.4', 'Tiếp nhận, giải quyết thủ tục hành chính không phụ thuộc địa giới hành chính', '1', { kind: 'yesNo' }),
  ]),
  group('3.4', 'Chỉ tiêu của Kế hoạch cải cách hành chính năm 2025 (3487/QĐ-UBND)', [
    leaf('3.4.1', '100 % hồ sơ, kết quả giải quyết thủ tục hành chính được số hóa', '1.5', {
      kind: 'ratioThresholds',
      source: { indicator: 'DIGITISATION_RATE' },
      thresholds: [{ atLeast: '100', points: '1.5' }, { atLeast: '90', points: '0.75' }],
    }),
    leaf('3.4.2', 'Trên 70 % giao dịch thanh toán trực tuyến', '1.5', {
      kind: 'ratioThresholds',
      source: { indicator: 'ONLINE_PAYMENT_RATE' },
      thresholds: [{ above: '70', points: '1.5' }, { atLeast: '50', points: '0.75' }],
    }),
    leaf('3.4.3', 'Mức độ hài lòng của người dân, doanh nghiệp trên 90 %', '1', {
      kind: 'ratioThresholds',
      source: { indicator: 'SATISFACTION' },
      thresholds: [{ above: '90', points: '1' }, { above: '80', points: '0.5' }],
    }),
  ]),
]);

export const khanhHoaProcedures = () =>
  defineAreaPlugin({
    id: 'khanh-hoa/area-procedures',
    area: Area.PROCEDURES,
    version: '2025.1.0',
    coreApi: '^1.0.0',
    title: 'Cải cách thủ tục hành chính (Khánh Hòa)',
    tree: KHANH_HOA_PROCEDURES_TREE,
  });

/**
 * Khánh Hòa: the national preset with its own area 3, bands without Xuất sắc (as in its
 * 2020–21 rankings; the thresholds are ILLUSTRATIVE), and the rules of Kết luận 91-KL/TU
 * (seed 003) as data.
 */
export function khanhHoaPreset(national: Preset): Preset {
  return definePreset({
    id: 'khanh-hoa',
    title: 'Bộ chỉ số CCHC tỉnh Khánh Hòa',
    version: '2025.1.0',
    province: 'khanh-hoa',
    extends: national,
    areas: { [Area.PROCEDURES]: khanhHoaProcedures() },
    bands: [
      { band: Band.GOOD, minIndex: '85' },
      { band: Band.FAIR, minIndex: '70' },
      { band: Band.AVERAGE, minIndex: '50' },
      { band: Band.WEAK, minIndex: '0' },
    ],
    capRules: [
      {
        id: 'kl91-cap',
        title: 'Đơn vị có tỷ lệ hồ sơ trễ hạn từ 5 % trở lên hoặc chỉ số hài lòng từ 80 % trở xuống không được xếp loại Tốt',
        basis: 'Kết luận 91-KL/TU của Ban Thường vụ Tỉnh ủy Khánh Hòa',
        anyOf: [
          { indicator: 'LATE_DOSSIER_RATE', op: '>=', value: '5' },
          { indicator: 'SATISFACTION', op: '<=', value: '80' },
        ],
        maxBand: Band.FAIR,
      },
    ],
    consequenceRules: [
      {
        id: 'kl91-head-review',
        title: 'Xem xét trách nhiệm người đứng đầu khi đơn vị xếp loại Trung bình hai năm liền hoặc Yếu',
        basis: 'Kết luận 91-KL/TU của Ban Thường vụ Tỉnh ủy Khánh Hòa',
        anyOf: [
          { band: Band.AVERAGE, years: 2 },
          { band: Band.WEAK, years: 1 },
        ],
        flag: 'HEAD_REVIEW',
      },
    ],
    notes:
      'Kế thừa preset quốc gia; lĩnh vực 3 mang các chỉ tiêu của Kế hoạch 3487/QĐ-UBND (điểm minh họa). Quy tắc khống chế và hệ quả theo Kết luận 91-KL/TU. Ngưỡng xếp loại là minh họa (Khánh Hòa 2020–2021 không dùng mức Xuất sắc). Quy định về cá nhân có ≥ 10 % hồ sơ trễ hạn áp dụng cho công chức, không cho đơn vị.',
  });
}
