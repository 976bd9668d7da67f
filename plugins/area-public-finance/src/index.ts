import { Area, areaTree, areaPluginFactory, group, leaf } from '@par/core';

/**
 * Area 6 — Cải cách tài chính công. The area maximum 6 is ILLUSTRATIVE (only institutions 10,
 * procedures 13, organisation 10.5 and the appraised total 61.5 are real; see DOMAIN.md). The
 * items follow Kon Tum's report outline 1871/KH-UBND, section 6 (assessed by Sở Tài chính, the
 * lead agency for this area). Every point value below the area is ILLUSTRATIVE too (see README).
 */
export const PUBLIC_FINANCE_TREE = areaTree('6', 'Cải cách tài chính công', [
  group('6.1', 'Thực hiện cơ chế tự chủ, tự chịu trách nhiệm', [
    leaf(
      '6.1.1',
      'Thực hiện cơ chế tự chủ, tự chịu trách nhiệm về sử dụng biên chế và kinh phí quản lý hành chính của cơ quan',
      '1',
      { kind: 'yesNo' },
      { evidence: { required: true, description: 'Quyết định giao quyền tự chủ; báo cáo kết quả thực hiện' } },
    ),
    leaf(
      '6.1.2',
      'Tỷ lệ đơn vị sự nghiệp công lập trực thuộc được phê duyệt phương án tự chủ tài chính',
      '1.5',
      { kind: 'ratioLinear', source: { numerator: 'autonomous', denominator: 'units' }, labels: { autonomous: 'Số đơn vị được phê duyệt phương án tự chủ', units: 'Tổng số đơn vị sự nghiệp công lập trực thuộc' }, zeroAt: '0', fullAt: '100' },
      {
        guidance: 'autonomous: số đơn vị sự nghiệp công lập trực thuộc đã được phê duyệt phương án tự chủ; units: tổng số đơn vị sự nghiệp công lập trực thuộc. Không có đơn vị trực thuộc: khai "không áp dụng" (loại khỏi tổng điểm).',
        evidence: { required: true, description: 'Quyết định phê duyệt phương án tự chủ tài chính của từng đơn vị' },
      },
    ),
  ]),
  group('6.2', 'Quy chế chi tiêu nội bộ và quy chế quản lý, sử dụng tài sản công', [
    leaf('6.2.1', 'Rà soát, ban hành quy chế chi tiêu nội bộ', '1', {
      kind: 'levels',
      levels: [
        { value: 'kip-thoi', label: 'Ban hành, cập nhật kịp thời theo quy định mới', points: '1' },
        { value: 'chua-cap-nhat', label: 'Có quy chế nhưng chưa rà soát, cập nhật', points: '0.5' },
        { value: 'khong', label: 'Không có quy chế', points: '0' },
      ],
    }, { evidence: { required: true, description: 'Quyết định ban hành quy chế chi tiêu nội bộ' } }),
    leaf('6.2.2', 'Ban hành quy chế quản lý, sử dụng tài sản công tại cơ quan, đơn vị', '1', { kind: 'yesNo' }, {
      evidence: { required: true, description: 'Quyết định ban hành quy chế quản lý, sử dụng tài sản công' },
    }),
  ]),
  leaf(
    '6.3',
    'Tổ chức thực hiện các kiến nghị sau thanh tra, kiểm tra, kiểm toán nhà nước về tài chính, ngân sách',
    '1.5',
    {
      kind: 'ratioThresholds',
      source: { numerator: 'done', denominator: 'recommendations' }, labels: { done: 'Số kiến nghị đã thực hiện', recommendations: 'Tổng số kiến nghị sau thanh tra, kiểm tra, kiểm toán' },
      thresholds: [
        { atLeast: '100', points: '1.5' },
        { atLeast: '80', points: '1' },
        { atLeast: '50', points: '0.5' },
      ],
    },
    {
      guidance: 'done: số kiến nghị đã thực hiện xong; recommendations: số kiến nghị phải thực hiện. Không có kiến nghị trong năm: khai "không áp dụng" (tính đủ điểm).',
      notApplicable: 'fullPoints',
      evidence: { required: true, description: 'Kết luận thanh tra, kiểm tra, báo cáo kiểm toán; báo cáo thực hiện kiến nghị' },
    },
  ),
]);

/** The national default area-6 plugin; a province may pass its own tree. */
export const publicFinanceArea = areaPluginFactory({
  id: 'national/area-public-finance',
  area: Area.PUBLIC_FINANCE,
  title: 'Cải cách tài chính công',
  tree: PUBLIC_FINANCE_TREE,
});
