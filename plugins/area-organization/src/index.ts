import { Area, areaTree, areaPluginFactory, group, leaf } from '@par/core';

/**
 * Area 4 — Cải cách tổ chức bộ máy. The area maximum 10.5 is the real one (DOMAIN.md, national
 * index); the items follow Kon Tum's report outline 1871/KH-UBND, section 4. Every point value
 * below the area is ILLUSTRATIVE (see README): the official sub-criterion points were not available.
 */
export const ORGANIZATION_TREE = areaTree('4', 'Cải cách tổ chức bộ máy', [
  group('4.1', 'Rà soát, sắp xếp, tổ chức lại, kiện toàn tổ chức bộ máy', [
    leaf(
      '4.1.1',
      'Ban hành quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức theo quy định',
      '1.5',
      { kind: 'yesNo' },
      { evidence: { required: true, description: 'Quyết định quy định chức năng, nhiệm vụ, quyền hạn, cơ cấu tổ chức' } },
    ),
    leaf('4.1.2', 'Sắp xếp, kiện toàn cơ cấu tổ chức bên trong theo đề án, kế hoạch được phê duyệt', '1.5', {
      kind: 'levels',
      levels: [
        { value: 'hoan-thanh', label: 'Hoàn thành đúng tiến độ', points: '1.5' },
        { value: 'mot-phan', label: 'Hoàn thành một phần hoặc chậm tiến độ', points: '1' },
        { value: 'chua', label: 'Chưa thực hiện', points: '0' },
      ],
    }, { evidence: { required: true, description: 'Đề án, kế hoạch sắp xếp; quyết định thành lập, tổ chức lại, giải thể' } }),
    leaf(
      '4.1.3',
      'Cơ cấu số lượng chức danh lãnh đạo bảo đảm đúng quy định',
      '1',
      { kind: 'formula', expression: '1 - 0.5 * excessDeputies', labels: { excessDeputies: 'Số cấp phó vượt quy định' } },
      {
        guidance: 'excessDeputies: số cấp phó vượt quy định (của cơ quan và các đơn vị bên trong). Trừ 0,5 điểm mỗi người vượt; thấp nhất 0 điểm.',
        evidence: { required: true, description: 'Danh sách lãnh đạo, quyết định bổ nhiệm' },
      },
    ),
  ]),
  group('4.2', 'Tinh giản biên chế và quản lý biên chế, số lượng người làm việc', [
    leaf(
      '4.2.1',
      'Mức độ thực hiện chỉ tiêu tinh giản biên chế theo kế hoạch của cấp có thẩm quyền giai đoạn 2023-2026',
      '2',
      { kind: 'ratioLinear', source: { numerator: 'reduced', denominator: 'target' }, labels: { reduced: 'Số biên chế đã tinh giản', target: 'Chỉ tiêu tinh giản biên chế được giao' }, zeroAt: '0', fullAt: '100' },
      {
        guidance: 'reduced: số biên chế đã tinh giản đến thời điểm đánh giá; target: chỉ tiêu phải tinh giản theo lộ trình đến năm đánh giá. Không được giao chỉ tiêu: khai "không áp dụng" (tính đủ điểm).',
        notApplicable: 'fullPoints',
        evidence: { required: true, description: 'Quyết định giao chỉ tiêu; danh sách tinh giản biên chế' },
      },
    ),
    leaf(
      '4.2.2',
      'Sử dụng biên chế công chức, số lượng người làm việc không vượt số được cấp có thẩm quyền giao',
      '1.5',
      { kind: 'yesNo' },
      { evidence: { required: true, description: 'Báo cáo số lượng biên chế, người làm việc có mặt so với số được giao' } },
    ),
  ]),
  group(
    '4.3',
    'Thực hiện phân cấp, ủy quyền',
    [
      leaf('4.3.1', 'Thực hiện các nhiệm vụ được phân cấp, ủy quyền thuộc phạm vi quản lý nhà nước', '1.5', {
        kind: 'levels',
        levels: [
          { value: 'day-du', label: 'Thực hiện đầy đủ, đúng quy định', points: '1.5' },
          { value: 'chua-day-du', label: 'Thực hiện chưa đầy đủ', points: '0.75' },
          { value: 'khong', label: 'Không thực hiện', points: '0' },
        ],
      }, { evidence: { required: true, description: 'Văn bản phân cấp, ủy quyền; báo cáo kết quả thực hiện' } }),
      leaf(
        '4.3.2',
        'Kiểm tra, giám sát việc thực hiện phân cấp, ủy quyền và xử lý các vấn đề phát hiện qua kiểm tra',
        '1.5',
        {
          kind: 'ratioThresholds',
          source: { numerator: 'handled', denominator: 'found' }, labels: { handled: 'Số vấn đề đã xử lý', found: 'Số vấn đề phát hiện qua kiểm tra' },
          thresholds: [
            { atLeast: '100', points: '1.5' },
            { atLeast: '70', points: '1' },
            { atLeast: '50', points: '0.5' },
          ],
        },
        {
          guidance: 'handled: số vấn đề đã xử lý; found: số vấn đề phát hiện qua kiểm tra, giám sát. 100 %: 1,5; từ 70 %: 1; từ 50 %: 0,5.',
          evidence: { required: true, description: 'Kế hoạch, kết luận kiểm tra; văn bản xử lý' },
        },
      ),
    ],
    { guidance: 'Đơn vị không có nhiệm vụ được phân cấp, ủy quyền: khai "không áp dụng" cho 4.3 (cả nhóm loại khỏi tổng điểm).' },
  ),
]);

/** The national default area-4 plugin; a province may pass its own tree. */
export const organizationArea = areaPluginFactory({
  id: 'national/area-organization',
  area: Area.ORGANIZATION,
  title: 'Cải cách tổ chức bộ máy',
  tree: ORGANIZATION_TREE,
});
