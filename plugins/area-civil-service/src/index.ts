import { Area, areaTree, areaPluginFactory, group, leaf, UnitKind } from '@par/core';

/**
 * Area 5 — Cải cách chế độ công vụ. The area maximum 8 is ILLUSTRATIVE (only institutions 10,
 * procedures 13, organisation 10.5 and the appraised total 61.5 are real; see DOMAIN.md). The
 * items follow Kon Tum's report outline 1871/KH-UBND, section 5. Every point value below the area
 * is ILLUSTRATIVE too (see README).
 */
export const CIVIL_SERVICE_TREE = areaTree('5', 'Cải cách chế độ công vụ', [
  leaf(
    '5.1',
    'Bố trí công chức, viên chức theo vị trí việc làm, cơ cấu ngạch công chức và cơ cấu chức danh nghề nghiệp viên chức được phê duyệt',
    '1.5',
    { kind: 'ratioLinear', source: { numerator: 'placed', denominator: 'staff' }, labels: { placed: 'Số công chức, viên chức được bố trí đúng vị trí việc làm', staff: 'Tổng số công chức, viên chức' }, zeroAt: '80', fullAt: '100' },
    {
      guidance: 'placed: số công chức, viên chức được bố trí đúng vị trí việc làm; staff: tổng số công chức, viên chức. 80 % trở xuống: 0 điểm; 100 %: đủ điểm.',
      evidence: { required: true, description: 'Quyết định phê duyệt vị trí việc làm; bảng bố trí công chức, viên chức' },
    },
  ),
  leaf(
    '5.2',
    'Xây dựng và thực hiện kế hoạch chuyển đổi vị trí công tác đối với cán bộ, công chức, viên chức',
    '1',
    {
      kind: 'ratioThresholds',
      source: { numerator: 'rotated', denominator: 'due' }, labels: { rotated: 'Số người đã chuyển đổi vị trí công tác', due: 'Số người phải chuyển đổi theo kế hoạch' },
      thresholds: [
        { atLeast: '100', points: '1' },
        { atLeast: '80', points: '0.5' },
      ],
    },
    {
      guidance: 'rotated: số người đã chuyển đổi vị trí công tác; due: số người phải chuyển đổi theo kế hoạch. Không có người thuộc diện phải chuyển đổi: khai "không áp dụng" (tính đủ điểm).',
      notApplicable: 'fullPoints',
      evidence: { required: true, description: 'Kế hoạch chuyển đổi vị trí công tác; quyết định điều động, luân chuyển' },
    },
  ),
  group('5.3', 'Đào tạo, bồi dưỡng và đánh giá cán bộ, công chức, viên chức', [
    leaf('5.3.1', 'Xây dựng và thực hiện kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức', '1.5', {
      kind: 'levels',
      levels: [
        { value: 'hoan-thanh', label: 'Hoàn thành 100 % kế hoạch', points: '1.5' },
        { value: 'tu-80', label: 'Hoàn thành từ 80 % đến dưới 100 % kế hoạch', points: '1' },
        { value: 'duoi-80', label: 'Hoàn thành dưới 80 % kế hoạch', points: '0.5' },
        { value: 'khong', label: 'Không ban hành kế hoạch', points: '0' },
      ],
    }, { evidence: { required: true, description: 'Kế hoạch đào tạo, bồi dưỡng; báo cáo kết quả' } }),
    leaf(
      '5.3.2',
      'Xây dựng tiêu chí đánh giá cán bộ, công chức, viên chức dựa trên kết quả thực hiện nhiệm vụ bằng sản phẩm cụ thể và sự hài lòng của người dân, doanh nghiệp',
      '1',
      { kind: 'yesNo' },
      { evidence: { required: true, description: 'Văn bản ban hành tiêu chí đánh giá' } },
    ),
  ]),
  leaf(
    '5.4',
    'Tuyển dụng công chức cấp xã, viên chức và bố trí cán bộ, công chức cấp xã bảo đảm tiêu chuẩn chức danh theo đúng quy định',
    '1',
    { kind: 'yesNo' },
    {
      guidance: 'Chỉ áp dụng đối với cấp huyện, cấp xã; với các loại đơn vị khác, tiêu chí được loại khỏi tổng điểm.',
      appliesTo: [UnitKind.DISTRICT, UnitKind.COMMUNE],
      evidence: { required: true, description: 'Kế hoạch, kết quả tuyển dụng; quyết định bố trí' },
    },
  ),
  leaf(
    '5.5',
    'Chấp hành kỷ luật, kỷ cương hành chính của cơ quan, đơn vị, địa phương',
    '2',
    { kind: 'formula', expression: '2 - 0.5 * violations', labels: { violations: 'Số trường hợp vi phạm kỷ luật, kỷ cương hành chính' } },
    {
      guidance: 'violations: số trường hợp cán bộ, công chức, viên chức vi phạm kỷ luật, kỷ cương hành chính bị xử lý hoặc bị cơ quan có thẩm quyền nhắc nhở bằng văn bản trong năm. Trừ 0,5 điểm mỗi trường hợp; thấp nhất 0 điểm.',
      evidence: { required: true, description: 'Báo cáo tình hình chấp hành kỷ luật, kỷ cương hành chính' },
    },
  ),
]);

/** The national default area-5 plugin; a province may pass its own tree. */
export const civilServiceArea = areaPluginFactory({
  id: 'national/area-civil-service',
  area: Area.CIVIL_SERVICE,
  title: 'Cải cách chế độ công vụ',
  tree: CIVIL_SERVICE_TREE,
});
