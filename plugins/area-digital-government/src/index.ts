import { Area, areaTree, areaPluginFactory, group, leaf } from '@par/core';

/**
 * Area 7 — Xây dựng và phát triển chính quyền điện tử, chính quyền số. The area maximum 8 is
 * ILLUSTRATIVE (only institutions 10, procedures 13, organisation 10.5 and the appraised total 61.5
 * are real; see DOMAIN.md). The items follow Kon Tum's report outline 1871/KH-UBND, section 7.
 * Every point value below the area is ILLUSTRATIVE too (see README). The rates of 7.2.2 and 7.2.3
 * are indicators pushed by provincial IT (values in %).
 */
export const DIGITAL_GOVERNMENT_TREE = areaTree('7', 'Xây dựng và phát triển chính quyền điện tử, chính quyền số', [
  group('7.1', 'Triển khai các nhiệm vụ chuyển đổi số', [
    leaf(
      '7.1.1',
      'Mức độ hoàn thành các nhiệm vụ chuyển đổi số theo kế hoạch năm của cơ quan, đơn vị, địa phương',
      '1.5',
      { kind: 'ratioLinear', source: { numerator: 'done', denominator: 'planned' }, labels: { done: 'Số nhiệm vụ chuyển đổi số đã hoàn thành', planned: 'Số nhiệm vụ theo kế hoạch năm' }, zeroAt: '50', fullAt: '100' },
      {
        guidance: 'done: số nhiệm vụ đã hoàn thành; planned: số nhiệm vụ trong kế hoạch chuyển đổi số năm. 50 % trở xuống: 0 điểm; 100 %: đủ điểm.',
        evidence: { required: true, description: 'Kế hoạch chuyển đổi số năm; báo cáo kết quả thực hiện' },
      },
    ),
    leaf('7.1.2', 'Xây dựng cơ sở dữ liệu chuyên ngành phục vụ công tác lãnh đạo, quản lý', '0.5', { kind: 'yesNo' }, {
      guidance: 'Đơn vị không được giao xây dựng cơ sở dữ liệu chuyên ngành: khai "không áp dụng" (loại khỏi tổng điểm).',
      evidence: { required: true, description: 'Văn bản giao nhiệm vụ; địa chỉ truy cập hoặc biên bản nghiệm thu cơ sở dữ liệu' },
    }),
  ]),
  group('7.2', 'Ứng dụng các nền tảng dùng chung và cung cấp dịch vụ công trực tuyến', [
    leaf(
      '7.2.1',
      'Tạo lập hồ sơ công việc trên Hệ thống quản lý văn bản và điều hành; sử dụng chữ ký số',
      '1',
      { kind: 'formula', expression: '0.5 * min(1, files / tasks) + 0.5 * min(1, signed / issued)', labels: { files: 'Số hồ sơ công việc tạo lập trên hệ thống', tasks: 'Số hồ sơ công việc phải lập', signed: 'Số văn bản đi được ký số', issued: 'Tổng số văn bản đi' } },
      {
        guidance: 'files: số hồ sơ công việc tạo lập trên hệ thống; tasks: số hồ sơ công việc phải lập; signed: số văn bản đi được ký số; issued: tổng số văn bản đi. Mỗi tỷ lệ tối đa 0,5 điểm.',
        evidence: { required: true, description: 'Số liệu trích xuất từ Hệ thống quản lý văn bản và điều hành' },
      },
    ),
    leaf(
      '7.2.2',
      'Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình',
      '1.5',
      { kind: 'ratioLinear', source: { indicator: 'ONLINE_DOSSIER_RATE' }, zeroAt: '20', fullAt: '80' },
      { guidance: 'Chỉ số ONLINE_DOSSIER_RATE từ Cổng Dịch vụ công, Hệ thống thông tin giải quyết thủ tục hành chính: 20 % trở xuống: 0 điểm; từ 80 %: đủ điểm.' },
    ),
    leaf(
      '7.2.3',
      'Tỷ lệ hồ sơ có yêu cầu nghĩa vụ tài chính được thanh toán trực tuyến',
      '1.5',
      {
        kind: 'ratioThresholds',
        source: { indicator: 'ONLINE_PAYMENT_RATE' },
        thresholds: [
          { atLeast: '70', points: '1.5' },
          { atLeast: '50', points: '1' },
          { atLeast: '30', points: '0.5' },
        ],
      },
      { guidance: 'Chỉ số ONLINE_PAYMENT_RATE: từ 70 %: 1,5; từ 50 %: 1; từ 30 %: 0,5; dưới 30 %: 0 điểm.' },
    ),
  ]),
  leaf('7.3', 'Cung cấp, cập nhật thông tin trên Trang thông tin điện tử của cơ quan, đơn vị, địa phương', '1', {
    kind: 'levels',
    levels: [
      { value: 'day-du', label: 'Đầy đủ, kịp thời theo quy định', points: '1' },
      { value: 'chua-day-du', label: 'Chưa đầy đủ hoặc chậm cập nhật', points: '0.5' },
      { value: 'khong', label: 'Không có hoặc không cập nhật', points: '0' },
    ],
  }, { evidence: { required: true, description: 'Địa chỉ trang thông tin điện tử; ảnh chụp các chuyên mục' } }),
  group('7.4', 'Nhân lực chuyển đổi số', [
    leaf('7.4.1', 'Phân công cán bộ phụ trách chuyển đổi số', '0.5', { kind: 'yesNo' }, {
      evidence: { required: true, description: 'Quyết định phân công' },
    }),
    leaf('7.4.2', 'Số lớp bồi dưỡng, tập huấn về ứng dụng công nghệ thông tin, chuyển đổi số được tổ chức hoặc cử tham gia (0,25 điểm mỗi lớp)', '0.5', {
      kind: 'count',
      variable: 'courses', labels: { courses: 'Số lớp bồi dưỡng, tập huấn' },
      perItem: '0.25',
      cap: '0.5',
    }, { evidence: { required: true, description: 'Kế hoạch, quyết định cử tham gia, danh sách học viên' } }),
  ]),
]);

/** The national default area-7 plugin; a province may pass its own tree. */
export const digitalGovernmentArea = areaPluginFactory({
  id: 'national/area-digital-government',
  area: Area.DIGITAL_GOVERNMENT,
  title: 'Xây dựng và phát triển chính quyền điện tử, chính quyền số',
  tree: DIGITAL_GOVERNMENT_TREE,
});
