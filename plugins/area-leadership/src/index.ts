import { Area, areaTree, areaPluginFactory, group, leaf } from '@par/core';

/**
 * Area 1 — Công tác chỉ đạo, điều hành cải cách hành chính. The area maximum 6 is ILLUSTRATIVE
 * (only institutions 10, procedures 13, organisation 10.5 and the appraised total 61.5 are real;
 * see DOMAIN.md). The items follow Kon Tum's report outline 1871/KH-UBND, section 1. Every point
 * value below the area is ILLUSTRATIVE too (see README).
 */
export const LEADERSHIP_TREE = areaTree('1', 'Công tác chỉ đạo, điều hành cải cách hành chính', [
  group('1.1', 'Ban hành và tổ chức thực hiện kế hoạch cải cách hành chính năm', [
    leaf('1.1.1', 'Ban hành kế hoạch cải cách hành chính năm đúng thời hạn, đầy đủ nội dung', '0.5', { kind: 'yesNo' }, {
      evidence: { required: true, description: 'Kế hoạch cải cách hành chính năm (số, ngày, cơ quan ban hành)' },
    }),
    leaf(
      '1.1.2',
      'Mức độ hoàn thành đúng hạn các nhiệm vụ đề ra trong kế hoạch cải cách hành chính năm',
      '1',
      { kind: 'ratioLinear', source: { indicator: 'PLAN_ON_TIME_RATE' }, zeroAt: '70', fullAt: '100' },
      {
        guidance:
          'Tính tự động từ kế hoạch CCHC năm trên hệ thống: số nhiệm vụ có thời hạn do đơn vị chủ trì đã hoàn thành đúng hạn ÷ tổng số nhiệm vụ có thời hạn (không tính nhiệm vụ thường xuyên, nhiệm vụ chờ điều kiện và nhiệm vụ đã hủy). Hoàn thành 70 % trở xuống: 0 điểm; 100 %: đủ điểm.',
        evidence: { required: false, description: 'Tài liệu chứng minh hoàn thành từng nhiệm vụ, gắn ở nhiệm vụ của kế hoạch' },
      },
    ),
  ]),
  group('1.2', 'Công tác kiểm tra cải cách hành chính', [
    leaf('1.2.1', 'Ban hành và tổ chức thực hiện kế hoạch kiểm tra cải cách hành chính hằng năm', '0.5', {
      kind: 'levels',
      levels: [
        { value: 'day-du', label: 'Có kế hoạch và thực hiện đầy đủ', points: '0.5' },
        { value: 'chua-day-du', label: 'Có kế hoạch nhưng thực hiện chưa đầy đủ', points: '0.25' },
        { value: 'khong', label: 'Không ban hành kế hoạch', points: '0' },
      ],
    }, { evidence: { required: true, description: 'Kế hoạch kiểm tra; báo cáo, kết luận kiểm tra' } }),
    leaf('1.2.2', 'Xử lý các vấn đề phát hiện qua kiểm tra', '0.75', { kind: 'yesNo' }, {
      guidance: 'Đạt khi mọi vấn đề phát hiện qua kiểm tra đều được xử lý hoặc kiến nghị xử lý. Không phát hiện vấn đề nào: khai "không áp dụng" (tính đủ điểm).',
      notApplicable: 'fullPoints',
      evidence: { required: true, description: 'Văn bản xử lý, chỉ đạo khắc phục sau kiểm tra' },
    }),
  ]),
  leaf('1.3', 'Số hoạt động tuyên truyền cải cách hành chính thực hiện theo kế hoạch (0,25 điểm mỗi hoạt động)', '0.75', {
    kind: 'count',
    variable: 'activities', labels: { activities: 'Số hoạt động tuyên truyền cải cách hành chính' },
    perItem: '0.25',
    cap: '0.75',
  }, {
    guidance: 'activities: số hoạt động tuyên truyền (hội nghị, tin bài, cuộc thi, pa-nô…) đã thực hiện theo kế hoạch tuyên truyền năm; tối đa 0,75 điểm.',
    evidence: { required: true, description: 'Kế hoạch tuyên truyền và tài liệu chứng minh từng hoạt động' },
  }),
  leaf('1.4', 'Sáng kiến, giải pháp trong triển khai công tác cải cách hành chính', '1', { kind: 'manual' }, {
    guidance: 'Hội đồng thẩm định chấm (0 … 1 điểm) theo tính mới, phạm vi áp dụng và hiệu quả của sáng kiến, giải pháp đã được công nhận.',
    evidence: { required: true, description: 'Quyết định công nhận sáng kiến, giải pháp; báo cáo hiệu quả áp dụng' },
  }),
  leaf(
    '1.5',
    'Chấp hành chế độ thông tin, báo cáo cải cách hành chính',
    '0.75',
    { kind: 'formula', expression: '0.75 - 0.25 * late - 0.5 * missing', labels: { late: 'Số báo cáo gửi muộn', missing: 'Số báo cáo không gửi' } },
    {
      guidance: 'late: số báo cáo gửi trễ hạn; missing: số báo cáo không gửi. Trừ 0,25 điểm mỗi báo cáo trễ, 0,5 điểm mỗi báo cáo không gửi; thấp nhất 0 điểm.',
      evidence: { required: true, description: 'Danh mục báo cáo đã gửi (số, ngày)' },
    },
  ),
  leaf(
    '1.6',
    'Kết quả thực hiện các nhiệm vụ do Ủy ban nhân dân tỉnh, Chủ tịch Ủy ban nhân dân tỉnh giao liên quan đến cải cách hành chính',
    '0.75',
    {
      kind: 'ratioThresholds',
      source: { numerator: 'done', denominator: 'assigned' }, labels: { done: 'Số nhiệm vụ đã hoàn thành', assigned: 'Số nhiệm vụ được giao' },
      thresholds: [
        { atLeast: '100', points: '0.75' },
        { atLeast: '90', points: '0.5' },
        { atLeast: '70', points: '0.25' },
      ],
    },
    {
      guidance: 'done: số nhiệm vụ hoàn thành đúng hạn; assigned: số nhiệm vụ được giao trong năm. 100 %: 0,75; từ 90 %: 0,5; từ 70 %: 0,25; dưới 70 %: 0 điểm.',
      evidence: { required: true, description: 'Báo cáo kết quả thực hiện nhiệm vụ được giao (hệ thống theo dõi nhiệm vụ)' },
    },
  ),
]);

/** The national default area-1 plugin; a province may pass its own tree. */
export const leadershipArea = areaPluginFactory({
  id: 'national/area-leadership',
  area: Area.LEADERSHIP,
  title: 'Công tác chỉ đạo, điều hành cải cách hành chính',
  tree: LEADERSHIP_TREE,
  // 1.1.0: criterion 1.1.2 reads PLAN_ON_TIME_RATE (the annual plan's tasks) instead of entered done/planned.
  version: '1.1.0',
});
