import { Area, areaTree, areaPluginFactory, group, leaf } from '@par/core';

/**
 * Area 2 — Cải cách thể chế. The area maximum 10 is the real one (DOMAIN.md, national index);
 * the items follow Kon Tum's report outline 1871/KH-UBND, section 2. Every point value below the
 * area is ILLUSTRATIVE (see README): the official sub-criterion points were not available.
 */
export const INSTITUTIONS_TREE = areaTree('2', 'Cải cách thể chế', [
  group('2.1', 'Tham mưu ban hành văn bản quy phạm pháp luật quy định chi tiết', [
    leaf('2.1.1', 'Ban hành kế hoạch xây dựng văn bản quy phạm pháp luật trong năm', '0.5', { kind: 'yesNo' }, {
      evidence: { required: true, description: 'Kế hoạch (số, ngày, cơ quan ban hành)' },
    }),
    leaf(
      '2.1.2',
      'Mức độ hoàn thành việc tham mưu ban hành văn bản quy định chi tiết đúng tiến độ',
      '2',
      { kind: 'ratioLinear', source: { numerator: 'onTime', denominator: 'planned' }, labels: { onTime: 'Số văn bản ban hành đúng tiến độ', planned: 'Số văn bản phải ban hành theo kế hoạch' }, zeroAt: '50', fullAt: '100' },
      { guidance: 'Số văn bản tham mưu ban hành đúng tiến độ ÷ số văn bản phải ban hành theo kế hoạch; 50 % trở xuống: 0 điểm.', evidence: { required: true } },
    ),
    leaf('2.1.3', 'Bảo đảm trình tự, thủ tục xây dựng và chất lượng văn bản', '1.5', {
      kind: 'levels',
      levels: [
        { value: 'tot', label: 'Tốt: không có văn bản bị phát hiện sai trình tự, nội dung', points: '1.5' },
        { value: 'dat', label: 'Đạt: có sai sót nhỏ đã khắc phục', points: '1' },
        { value: 'chua-dat', label: 'Chưa đạt', points: '0' },
      ],
    }),
  ]),
  group('2.2', 'Kiểm tra, rà soát, hệ thống hóa văn bản quy phạm pháp luật', [
    leaf('2.2.1', 'Ban hành và thực hiện kế hoạch kiểm tra, rà soát văn bản', '1', { kind: 'yesNo' }, { evidence: { required: true } }),
    leaf(
      '2.2.2',
      'Xử lý văn bản trái pháp luật, hết hiệu lực được phát hiện qua kiểm tra, rà soát',
      '1.5',
      { kind: 'ratioThresholds', source: { numerator: 'handled', denominator: 'found' }, labels: { handled: 'Số văn bản đã xử lý', found: 'Số văn bản trái pháp luật, hết hiệu lực được phát hiện' }, thresholds: [
        { atLeast: '100', points: '1.5' },
        { atLeast: '80', points: '1' },
        { atLeast: '50', points: '0.5' },
      ] },
      { guidance: 'Không phát hiện văn bản nào phải xử lý: khai "không áp dụng" (tính đủ điểm).', notApplicable: 'fullPoints' },
    ),
  ]),
  leaf('2.3', 'Theo dõi tình hình thi hành pháp luật', '1', { kind: 'yesNo' }, { evidence: { required: true } }),
  group('2.4', 'Tuyên truyền, phổ biến, giáo dục pháp luật', [
    leaf('2.4.1', 'Ban hành và thực hiện kế hoạch phổ biến, giáo dục pháp luật', '0.5', { kind: 'yesNo' }),
    leaf('2.4.2', 'Số hoạt động phổ biến pháp luật tổ chức trong năm (0,25 điểm mỗi hoạt động)', '1', {
      kind: 'count',
      variable: 'activities', labels: { activities: 'Số hoạt động phổ biến pháp luật' },
      perItem: '0.25',
    }),
  ]),
  leaf(
    '2.5',
    'Công khai, minh bạch các quy định, cơ chế chính sách bảo đảm việc tiếp cận của tổ chức, cá nhân, doanh nghiệp',
    '1',
    { kind: 'formula', expression: 'min(1, published / required)', labels: { published: 'Số quy định, chính sách đã công khai', required: 'Số quy định, chính sách phải công khai' } },
    { guidance: 'published: số quy định đã công khai; required: số quy định phải công khai.' },
  ),
]);

/** The national default area-2 plugin; a province may pass its own tree. */
export const institutionsArea = areaPluginFactory({
  id: 'national/area-institutions',
  area: Area.INSTITUTIONS,
  title: 'Cải cách thể chế',
  tree: INSTITUTIONS_TREE,
});
