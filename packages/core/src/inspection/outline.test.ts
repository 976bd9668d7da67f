import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { Area, AREA_TITLES } from '../criteria/area.js';
import {
  docxHeadings,
  docxParagraphs,
  KON_TUM_OUTLINE,
  OUTLINE_SOURCE,
  outlineDocx,
  outlineProblems,
  type OutlineData,
} from './outline.js';

const AREAS = [
  Area.LEADERSHIP,
  Area.INSTITUTIONS,
  Area.PROCEDURES,
  Area.ORGANIZATION,
  Area.CIVIL_SERVICE,
  Area.PUBLIC_FINANCE,
  Area.DIGITAL_GOVERNMENT,
];

const HEADINGS = [
  '1. Công tác chỉ đạo, điều hành',
  '2. Cải cách thể chế',
  '3. Cải cách thủ tục hành chính',
  '4. Cải cách tổ chức bộ máy',
  '5. Cải cách chế độ công vụ',
  '6. Cải cách tài chính công',
  '7. Xây dựng và phát triển chính quyền điện tử, chính quyền số',
];

const TASK = 'Xây dựng Kế hoạch tuyên truyền cải cách hành chính năm 2024';
const REPEATED_SHORTCOMING = 'Còn 12 hồ sơ giải quyết trễ hẹn nhưng chưa gửi thư xin lỗi';
const NO_DATA = 'Chưa có dữ liệu trên hệ thống.';

/** An illustrative unit: every figure below is invented for the test. */
const sample = (): OutlineData => ({
  unitName: 'Sở Tư pháp',
  provinceName: 'Kon Tum',
  year: 2024,
  generatedOn: '2024-08-05',
  planTitle: 'Kế hoạch kiểm tra công tác CCHC năm 2024',
  mode: 'DIRECT',
  visitOn: '2024-08-20',
  score: { stageLabel: 'Tự chấm', total: '78.50', max: '100', index: '78.50', band: 'Khá' },
  planShare: { onTime: 2, total: 3 },
  areas: [
    {
      area: Area.LEADERSHIP,
      points: '8.5',
      max: '10',
      tasks: [
        { title: TASK, deadline: '2024-01-31', status: 'Hoàn thành', onTime: true, product: 'Kế hoạch số 12/KH-STP' },
        { title: 'Tổ chức hội nghị giao ban CCHC 6 tháng', deadline: '2024-07-15', status: 'Hoàn thành', onTime: false },
        { title: 'Báo cáo CCHC quý III', deadline: 'Quý III/2024', status: 'Đang thực hiện', onTime: null },
      ],
      findings: [{ kind: 'GOOD_PRACTICE', description: 'Ban hành đầy đủ, kịp thời các kế hoạch CCHC năm 2024' }],
    },
    {
      area: Area.INSTITUTIONS,
      points: '9',
      max: '10',
      criteria: [
        { code: '2.1', title: 'Ban hành văn bản quy phạm pháp luật', points: '3', max: '3' },
        { code: '2.2', title: 'Rà soát, hệ thống hóa văn bản', points: '1.5', max: '2', reason: 'Chậm gửi kết quả rà soát' },
      ],
    },
    {
      area: Area.PROCEDURES,
      findings: [
        {
          kind: 'SHORTCOMING',
          description: REPEATED_SHORTCOMING,
          recommendation: 'Gửi thư xin lỗi tổ chức, công dân theo quy định',
          repeated: true,
          remediated: false,
        },
        { kind: 'VIOLATION', description: 'Niêm yết thủ tục hành chính hết hiệu lực', remediated: true },
      ],
    },
    // ORGANIZATION: nothing on the platform.
    { area: Area.CIVIL_SERVICE, points: '7', max: '8' },
    { area: Area.DIGITAL_GOVERNMENT, tasks: [{ title: 'Số hóa hồ sơ lưu trữ', deadline: '2024-12-31', status: 'Chưa bắt đầu', onTime: null }] },
  ],
});

/** Index of the first paragraph equal to `text` (or containing it, with `contains`), or fails. */
const at = (paragraphs: string[], text: string, contains = false) => {
  const i = paragraphs.findIndex((p) => (contains ? p.includes(text) : p === text));
  expect(i, `paragraph "${text}"`).toBeGreaterThanOrEqual(0);
  return i;
};

describe('the outline of 1871/KH-UBND', () => {
  it('has the seven areas in Area order, with the seed’s headings and item counts', () => {
    expect(KON_TUM_OUTLINE.map((s) => s.area)).toEqual(AREAS);
    expect(Object.values(Area)).toEqual(AREAS);
    expect(KON_TUM_OUTLINE.map((s, i) => `${i + 1}. ${s.heading}`)).toEqual(HEADINGS);
    expect(KON_TUM_OUTLINE.map((s) => s.items.length)).toEqual([7, 5, 4, 3, 5, 3, 4]);
    // The outline's headings are the platform's area titles (area 1 shortened as in the outline).
    for (const s of KON_TUM_OUTLINE) expect(AREA_TITLES[s.area].startsWith(s.heading)).toBe(true);
  });

  it('keeps the items verbatim: NFC, one line each, no dash, no doubled spaces', () => {
    for (const s of KON_TUM_OUTLINE)
      for (const item of s.items) {
        expect(item).toBe(item.normalize('NFC'));
        expect(item).not.toMatch(/\n|\s{2}|^-|^\s|\s$/);
        expect(item).toMatch(/[.…]$/);
      }
    expect(KON_TUM_OUTLINE[0]!.items[0]).toBe(
      'Công tác ban hành các văn bản chỉ đạo, điều hành; tổ chức các hội nghị giao ban, quán triệt chương trình, kế hoạch của tỉnh, của cơ quan, đơn vị, địa phương; đánh giá kết quả triển khai thực hiện, mức độ hoàn thành đối với từng nội dung nhiệm vụ đã đề ra theo kế hoạch.',
    );
    expect(KON_TUM_OUTLINE[2]!.items[3]).toContain('05 nhóm chỉ tiêu liên quan đến “Bộ chỉ số phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công trực tuyến”');
    expect(KON_TUM_OUTLINE[6]!.items[3]).toBe(
      'Việc phân công cán bộ phụ trách chuyển đổi số; công tác bồi dưỡng, tập huấn về ứng dụng công nghệ thông tin, chuyển đổi số của đơn vị.',
    );
  });

  it('carries the footnote on public finance only', () => {
    expect(KON_TUM_OUTLINE.filter((s) => s.note).map((s) => s.area)).toEqual([Area.PUBLIC_FINANCE]);
    expect(KON_TUM_OUTLINE[5]!.note).toBe(
      'Đối với nội dung này, Sở Tài chính chịu trách nhiệm đánh giá tình hình triển khai thực hiện theo chức năng, nhiệm vụ được giao. Kết quả kiểm tra gửi về Sở Nội vụ để tổng hợp chung.',
    );
  });

  it('is frozen, since every document shares it', () => {
    expect(Object.isFrozen(KON_TUM_OUTLINE)).toBe(true);
    expect(Object.isFrozen(KON_TUM_OUTLINE[0]!.items)).toBe(true);
  });
});

describe('outlineProblems', () => {
  it('finds nothing wrong with consistent data', () => {
    expect(outlineProblems(sample())).toEqual([]);
  });

  it('reports a duplicate area, a bad date, an impossible share and points over the maximum', () => {
    const d = sample();
    d.generatedOn = '2024-02-30';
    d.planShare = { onTime: 4, total: 3 };
    d.areas.push({ area: Area.LEADERSHIP, points: '11', max: '10' });
    d.areas[1]!.criteria!.push({ code: '2.1', title: 'Trùng mã', points: '1', max: '1' });
    const problems = outlineProblems(d);
    expect(problems).toHaveLength(5);
    expect(problems.join('\n')).toMatch(/Ngày tạo "2024-02-30"/);
    expect(problems.join('\n')).toMatch(/4\/3/);
    expect(problems.join('\n')).toMatch(/Lĩnh vực 1\. Công tác chỉ đạo, điều hành cải cách hành chính: có dữ liệu hai lần/);
    expect(problems.join('\n')).toMatch(/điểm 11 vượt điểm tối đa 10/);
    expect(problems.join('\n')).toMatch(/tiêu chí 2\.1 xuất hiện hai lần/);
  });

  it('is enforced by outlineDocx', async () => {
    const d = sample();
    d.areas.push({ area: Area.INSTITUTIONS });
    await expect(outlineDocx(d)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('outlineDocx', async () => {
  const file = await outlineDocx(sample());
  const paragraphs = await docxParagraphs(file);
  const headings = await docxHeadings(file);
  const h2 = HEADINGS.map((h) => at(paragraphs, h));
  const [hI, hII, hIII] = ['I. KẾT QUẢ ĐẠT ĐƯỢC', 'II. ĐÁNH GIÁ CHUNG', 'III. KIẾN NGHỊ, ĐỀ XUẤT'].map((h) => at(paragraphs, h)) as [number, number, number];
  /** Paragraphs under area n (1–7), up to the next heading. */
  const under = (n: number) => paragraphs.slice(h2[n - 1]! + 1, n < 7 ? h2[n] : hII);

  it('is a zip with [Content_Types].xml and word/document.xml', async () => {
    expect(file.subarray(0, 2).toString('latin1')).toBe('PK');
    const zip = await JSZip.loadAsync(file);
    expect(zip.file('[Content_Types].xml')).not.toBeNull();
    expect(zip.file('word/document.xml')).not.toBeNull();
    expect(await zip.file('[Content_Types].xml')!.async('string')).toContain('wordprocessingml.document.main+xml');
  });

  it('uses Word’s heading styles: Heading1 for I/II/III, Heading2 for the seven areas, in order', async () => {
    expect(headings).toEqual([
      { level: 1, text: 'I. KẾT QUẢ ĐẠT ĐƯỢC' },
      ...HEADINGS.map((text) => ({ level: 2, text })),
      { level: 1, text: 'II. ĐÁNH GIÁ CHUNG' },
      { level: 1, text: 'III. KIẾN NGHỊ, ĐỀ XUẤT' },
    ]);
    const xml = await (await JSZip.loadAsync(file)).file('word/document.xml')!.async('string');
    expect(xml.match(/<w:pStyle w:val="Heading1"\/>/g)).toHaveLength(3);
    expect(xml.match(/<w:pStyle w:val="Heading2"\/>/g)).toHaveLength(7);
    const styles = await (await JSZip.loadAsync(file)).file('word/styles.xml')!.async('string');
    expect(styles).toContain('w:styleId="Heading1"');
    expect(styles).toContain('w:styleId="Heading2"');
    expect(styles).toMatch(/w:styleId="Heading1">(?:(?!<\/w:style>).)*<w:outlineLvl w:val="0"\/>/);
    expect(styles).toMatch(/w:styleId="Heading2">(?:(?!<\/w:style>).)*<w:outlineLvl w:val="1"\/>/);
    expect(hI).toBeLessThan(h2[0]!);
    expect(h2[6]).toBeLessThan(hII);
    expect(hII).toBeLessThan(hIII);
  });

  it('opens with the header block and the score', () => {
    const head = paragraphs.slice(0, hI);
    expect(head.slice(0, 4)).toEqual(['UBND TỈNH KON TUM', 'SỞ TƯ PHÁP', 'BÁO CÁO', 'Kết quả thực hiện công tác cải cách hành chính năm 2024']);
    expect(head).toContain('(Theo đề cương kèm theo Kế hoạch số 1871/KH-UBND ngày 30/5/2024 của UBND tỉnh Kon Tum)');
    expect(head.some((p) => p.toLowerCase().includes(OUTLINE_SOURCE.toLowerCase()))).toBe(true);
    expect(head).toContain('Phục vụ: Kế hoạch kiểm tra công tác CCHC năm 2024. Hình thức: kiểm tra trực tiếp tại đơn vị ngày 20/8/2024.');
    const note = head[at(head, 'Ngày tạo: 5/8/2024.', true)]!;
    expect(note).toContain('do nền tảng điền sẵn');
    expect(note).toContain('trước khi ký');
    expect(head).toContain('Điểm Tự chấm: 78.50/100 (78.50 %), xếp loại Khá');
  });

  it('lists each area’s items, each followed by the placeholder', () => {
    KON_TUM_OUTLINE.forEach((s, i) => {
      const part = under(i + 1);
      let from = 0;
      for (const item of s.items) {
        const j = part.indexOf(item, from);
        expect(j, item).toBeGreaterThanOrEqual(from);
        expect(part[j + 1]).toBe('[Đơn vị trình bày]');
        from = j + 2;
      }
    });
    // 31 items; sections II and III are prefilled here, so no other placeholder.
    expect(paragraphs.filter((p) => p === '[Đơn vị trình bày]')).toHaveLength(31);
  });

  it('prefills area 1 with its points, the plan share and the unit’s tasks', () => {
    const part = under(1);
    expect(part).toContain('Điểm lĩnh vực: 8.5/10');
    expect(part).toContain('Tỷ lệ nhiệm vụ kế hoạch CCHC hoàn thành đúng hạn: 2/3 (66,7 %)');
    expect(paragraphs.filter((p) => p.includes('66,7 %'))).toHaveLength(1);
    const task = paragraphs.indexOf(TASK);
    expect(task).toBeGreaterThan(h2[0]!);
    expect(task).toBeLessThan(h2[1]!);
    // Table cells in row order: task, product, deadline, status, on time.
    expect(paragraphs.slice(task - 4, task + 5)).toEqual([
      'Nhiệm vụ',
      'Thời hạn',
      'Tình trạng',
      'Đúng hạn',
      TASK,
      'Sản phẩm: Kế hoạch số 12/KH-STP',
      '31/1/2024',
      'Hoàn thành',
      'Có',
    ]);
    const row = (title: string) => part.slice(part.indexOf(title), part.indexOf(title) + 4);
    expect(row('Tổ chức hội nghị giao ban CCHC 6 tháng')).toEqual(['Tổ chức hội nghị giao ban CCHC 6 tháng', '15/7/2024', 'Hoàn thành', 'Không']);
    // A deadline in the plan's own words stays as written.
    expect(row('Báo cáo CCHC quý III')).toEqual(['Báo cáo CCHC quý III', 'Quý III/2024', 'Đang thực hiện', '—']);
    expect(part).toContain('Ưu điểm: Ban hành đầy đủ, kịp thời các kế hoạch CCHC năm 2024');
    expect(part).not.toContain(NO_DATA);
  });

  it('prefills the criteria table under area 2', () => {
    const part = under(2);
    const i = part.indexOf('2.2');
    expect(part.slice(part.indexOf('Mã'), part.indexOf('Mã') + 4)).toEqual(['Mã', 'Tiêu chí', 'Điểm', 'Tối đa']);
    expect(part.slice(i, i + 5)).toEqual(['2.2', 'Rà soát, hệ thống hóa văn bản', 'Lý do: Chậm gửi kết quả rà soát', '1.5', '2']);
    expect(part).toContain('Điểm lĩnh vực: 9/10');
  });

  it('prefills the findings under area 3, marking the repeated one and the remediation', () => {
    const part = under(3);
    const shortcoming = part.find((p) => p.includes(REPEATED_SHORTCOMING))!;
    expect(shortcoming).toBe(
      `Tồn tại, hạn chế: ${REPEATED_SHORTCOMING} (lặp lại so với năm trước) — Kiến nghị: Gửi thư xin lỗi tổ chức, công dân theo quy định — Chưa khắc phục`,
    );
    expect(part).toContain('Vi phạm: Niêm yết thủ tục hành chính hết hiệu lực — Đã khắc phục');
    expect(paragraphs.filter((p) => p.includes('(lặp lại so với năm trước)')).length).toBe(2); // here and in II.2
  });

  it('says so when an area has nothing on the platform', () => {
    expect(under(4)).toContain(NO_DATA);
    expect(under(6)).toContain(NO_DATA);
    for (const n of [1, 2, 3, 5, 7]) expect(under(n)).not.toContain(NO_DATA);
    expect(paragraphs.filter((p) => p === NO_DATA)).toHaveLength(2);
  });

  it('puts the outline’s footnote under area 6', () => {
    expect(under(6).some((p) => p.includes('Sở Tài chính chịu trách nhiệm đánh giá'))).toBe(true);
    expect(paragraphs.filter((p) => p.includes('Sở Tài chính chịu trách nhiệm đánh giá'))).toHaveLength(1);
  });

  it('prefills II with good practices and shortcomings, III with the recommendations', () => {
    const two = paragraphs.slice(hII + 1, hIII);
    const good = at(two, '1. Những mặt đạt được');
    const bad = at(two, '2. Những tồn tại, hạn chế, khó khăn');
    expect(two.slice(good + 1, bad)).toEqual([`${AREA_TITLES[Area.LEADERSHIP]}: Ban hành đầy đủ, kịp thời các kế hoạch CCHC năm 2024`]);
    expect(two.slice(bad + 1)).toEqual([
      `Tồn tại, hạn chế (Cải cách thủ tục hành chính): ${REPEATED_SHORTCOMING} (lặp lại so với năm trước) — Chưa khắc phục`,
      'Vi phạm (Cải cách thủ tục hành chính): Niêm yết thủ tục hành chính hết hiệu lực — Đã khắc phục',
    ]);
    const three = paragraphs.slice(hIII + 1);
    expect(three[0]).toMatch(/^Nêu những kiến nghị, đề xuất với Ủy ban nhân dân tỉnh/);
    expect(three).toContain('Cải cách thủ tục hành chính: Gửi thư xin lỗi tổ chức, công dân theo quy định');
  });

  it('keeps Vietnamese text in NFC, even from decomposed input', async () => {
    for (const p of paragraphs) expect(p).toBe(p.normalize('NFC'));
    const d = sample();
    d.unitName = 'Sở Tư pháp'.normalize('NFD');
    d.areas[2]!.findings![0]!.description = REPEATED_SHORTCOMING.normalize('NFD');
    const again = await docxParagraphs(await outlineDocx(d));
    expect(again).toContain('SỞ TƯ PHÁP');
    expect(again.some((p) => p.includes(REPEATED_SHORTCOMING))).toBe(true);
    for (const p of again) expect(p).toBe(p.normalize('NFC'));
  });
});

describe('outlineDocx with little data', () => {
  it('writes placeholders, a share without tasks, and no province line for a people’s committee', async () => {
    const file = await outlineDocx({
      unitName: 'UBND huyện Ngọc Hồi',
      provinceName: 'Kon Tum',
      year: 2024,
      generatedOn: '2024-08-01',
      mode: 'SELF',
      planShare: { onTime: 1, total: 8 },
      areas: [],
    });
    const paragraphs = await docxParagraphs(file);
    expect(paragraphs.slice(0, 2)).toEqual(['UBND HUYỆN NGỌC HỒI', 'BÁO CÁO']);
    expect(paragraphs).toContain('Hình thức: đơn vị tự kiểm tra, gửi báo cáo.');
    expect(paragraphs.some((p) => p.startsWith('Điểm '))).toBe(false);
    expect(paragraphs).toContain('Tỷ lệ nhiệm vụ kế hoạch CCHC hoàn thành đúng hạn: 1/8 (12,5 %)');
    // Area 1 has the share; the six others have nothing.
    expect(paragraphs.filter((p) => p === NO_DATA)).toHaveLength(6);
    // 31 items, then one placeholder each for II.1, II.2 and III.
    expect(paragraphs.filter((p) => p === '[Đơn vị trình bày]')).toHaveLength(34);
    expect((await docxHeadings(file)).map((h) => h.text)).toEqual(['I. KẾT QUẢ ĐẠT ĐƯỢC', ...HEADINGS, 'II. ĐÁNH GIÁ CHUNG', 'III. KIẾN NGHỊ, ĐỀ XUẤT']);
  });
});

describe('docxParagraphs', () => {
  it('decodes entities and keeps line breaks written into a finding', async () => {
    const file = await outlineDocx({
      unitName: 'Sở Công Thương',
      provinceName: 'Kon Tum',
      year: 2024,
      generatedOn: '2024-08-01',
      areas: [{ area: Area.ORGANIZATION, findings: [{ kind: 'SHORTCOMING', description: 'Quy chế "A" & <B> chưa cập nhật\nxem phụ lục \'1\'' }] }],
    });
    const paragraphs = await docxParagraphs(file);
    expect(paragraphs).toContain('Tồn tại, hạn chế: Quy chế "A" & <B> chưa cập nhật\nxem phụ lục \'1\'');
  });

  it('reads text boxes, tabs, numeric entities and tab stops the way Word means them', async () => {
    const zip = new JSZip();
    zip.file(
      'word/document.xml',
      '<?xml version="1.0"?><w:document><w:body>' +
        '<w:p><w:pPr><w:pStyle w:val="Heading3"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>' +
        '<w:r><w:t>A&#769;</w:t><w:tab/><w:t xml:space="preserve"> b&#x1EC7; </w:t></w:r></w:p>' +
        '<w:p/>' +
        '<w:p><w:r><w:t>outer</w:t></w:r><w:r><w:txbxContent><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:txbxContent></w:r><w:r><w:t>!</w:t></w:r></w:p>' +
        '</w:body></w:document>',
    );
    const file = await zip.generateAsync({ type: 'nodebuffer' });
    expect(await docxParagraphs(file)).toEqual(['A\u0301\t bệ ', '', 'outer!', 'inner']);
    expect(await docxHeadings(file)).toEqual([{ level: 3, text: 'A\u0301\t bệ ' }]);
  });
});
