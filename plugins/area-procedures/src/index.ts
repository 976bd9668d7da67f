import { Area, areaTree, areaPluginFactory, group, leaf } from '@par/core';

/**
 * Area 3 — Cải cách thủ tục hành chính. The area maximum 13 is the real one (DOMAIN.md, national
 * index); the items follow Kon Tum's report outline 1871/KH-UBND, section 3. Every point value
 * below the area is ILLUSTRATIVE (see README): the official sub-criterion points were not available.
 * The rates of 3.3.1, 3.4.1 and 3.4.2 are indicators pushed by provincial IT from the one-stop
 * system (values in %).
 */
export const PROCEDURES_TREE = areaTree('3', 'Cải cách thủ tục hành chính', [
  group('3.1', 'Rà soát, đánh giá và đơn giản hóa thủ tục hành chính', [
    leaf('3.1.1', 'Ban hành và tổ chức thực hiện kế hoạch rà soát, đánh giá thủ tục hành chính', '0.5', { kind: 'yesNo' }, {
      evidence: { required: true, description: 'Kế hoạch rà soát, đánh giá thủ tục hành chính (số, ngày, cơ quan ban hành)' },
    }),
    leaf('3.1.2', 'Số phương án đơn giản hóa thủ tục hành chính được đề xuất (0,5 điểm mỗi phương án)', '2', {
      kind: 'count',
      variable: 'proposals', labels: { proposals: 'Số phương án đơn giản hóa đã đề xuất' },
      perItem: '0.5',
      cap: '2',
    }, {
      guidance: 'proposals: số phương án đơn giản hóa thủ tục hành chính thuộc phạm vi chức năng, thẩm quyền đã trình cấp có thẩm quyền; tối đa 2 điểm.',
      evidence: { required: true, description: 'Văn bản đề xuất phương án đơn giản hóa' },
    }),
  ]),
  leaf(
    '3.2',
    'Công bố, công khai thủ tục hành chính trên Cơ sở dữ liệu quốc gia, niêm yết tại nơi tiếp nhận và công khai địa chỉ tiếp nhận phản ánh, kiến nghị',
    '2.5',
    {
      kind: 'levels',
      levels: [
        { value: 'day-du', label: 'Đầy đủ, kịp thời, đúng quy định', points: '2.5' },
        { value: 'co-thieu-sot', label: 'Có thiếu sót nhỏ (chậm cập nhật, thiếu một số nội dung)', points: '1.5' },
        { value: 'chua-day-du', label: 'Chưa đầy đủ', points: '0.5' },
        { value: 'khong', label: 'Không thực hiện', points: '0' },
      ],
    },
    { evidence: { required: true, description: 'Quyết định công bố danh mục; ảnh chụp niêm yết; đường dẫn công khai' } },
  ),
  group('3.3', 'Thực hiện cơ chế một cửa, một cửa liên thông', [
    leaf(
      '3.3.1',
      'Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính',
      '2',
      { kind: 'ratioLinear', source: { indicator: 'DIGITISATION_RATE' }, zeroAt: '50', fullAt: '100' },
      { guidance: 'Chỉ số DIGITISATION_RATE từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; 50 % trở xuống: 0 điểm; 100 %: đủ điểm.' },
    ),
    leaf('3.3.2', 'Tiếp nhận, giải quyết thủ tục hành chính không phụ thuộc vào địa giới hành chính', '1', { kind: 'yesNo' }, {
      guidance: 'Đơn vị không có thủ tục hành chính thuộc danh mục tiếp nhận không phụ thuộc địa giới hành chính: khai "không áp dụng" (loại khỏi tổng điểm).',
      evidence: { required: true, description: 'Danh mục thủ tục; số liệu hồ sơ tiếp nhận không phụ thuộc địa giới' },
    }),
  ]),
  group('3.4', 'Kết quả giải quyết thủ tục hành chính', [
    leaf(
      '3.4.1',
      'Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn',
      '2.5',
      {
        kind: 'ratioThresholds',
        source: { indicator: 'ON_TIME_RATE' },
        thresholds: [
          { atLeast: '98', points: '2.5' },
          { atLeast: '95', points: '2' },
          { atLeast: '90', points: '1.5' },
          { atLeast: '80', points: '0.5' },
        ],
      },
      { guidance: 'Chỉ số ON_TIME_RATE: từ 98 %: 2,5; từ 95 %: 2; từ 90 %: 1,5; từ 80 %: 0,5; dưới 80 %: 0 điểm.' },
    ),
    leaf(
      '3.4.2',
      'Tỷ lệ hồ sơ thủ tục hành chính trễ hạn, quá hạn',
      '1.5',
      {
        kind: 'ratioThresholds',
        source: { indicator: 'LATE_DOSSIER_RATE' },
        thresholds: [
          { atMost: '0', points: '1.5' },
          { atMost: '2', points: '1' },
          { atMost: '5', points: '0.5' },
        ],
      },
      { guidance: 'Chỉ số LATE_DOSSIER_RATE (càng thấp càng tốt): không có hồ sơ trễ hạn: 1,5; đến 2 %: 1; đến 5 %: 0,5; trên 5 %: 0 điểm.' },
    ),
    leaf(
      '3.4.3',
      'Gửi thư xin lỗi tổ chức, công dân đối với hồ sơ trễ hạn theo quy định',
      '1',
      { kind: 'formula', expression: 'if(late == 0, 1, min(1, apologised / late))', labels: { late: 'Số hồ sơ trễ hạn', apologised: 'Số hồ sơ trễ hạn đã gửi thư xin lỗi' } },
      {
        guidance: 'late: số hồ sơ trễ hạn; apologised: số hồ sơ trễ hạn đã gửi thư xin lỗi. Không có hồ sơ trễ hạn: nhập late = 0, apologised = 0 (đủ điểm).',
        evidence: { required: true, description: 'Thư xin lỗi đã gửi (số, ngày)' },
      },
    ),
  ]),
]);

/** The national default area-3 plugin; a province may pass its own tree. */
export const proceduresArea = areaPluginFactory({
  id: 'national/area-procedures',
  area: Area.PROCEDURES,
  title: 'Cải cách thủ tục hành chính',
  tree: PROCEDURES_TREE,
});
