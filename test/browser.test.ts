/**
 * The web workspace in a real browser: Debian's Chromium driven by playwright-core (no browser
 * download), against the built server (what `pnpm start` runs) with the demo. Without Chromium
 * (CHROMIUM_PATH or /usr/bin/chromium) these tests are skipped, saying so. Screenshots of the main
 * screens are saved under .test-results/screenshots/.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { addDays } from '@par/core';
import { PROJECT_ROOT } from '@par/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_CHROMIUM, SHOTS, startWebWorkspace, warnIfNoChromium, type WebWorkspace } from './browser-kit.js';

warnIfNoChromium('browser tests');

let web: WebWorkspace;
let browser: Browser;
const base = () => web.base();
const password = (user: string) => web.password(user);
const gql: WebWorkspace['gql'] = (query, variables, token) => web.gql(query, variables, token);
const login = (user: string) => web.login(user);
const signIn = (page: Page, username: string) => web.signIn(page, username);

describe.skipIf(!HAVE_CHROMIUM)('the web workspace in Chromium', () => {
  beforeAll(async () => {
    web = await startWebWorkspace('par-web-');
    browser = web.browser;
  }, 120_000);
  afterAll(async () => {
    await web?.stop();
  });

  it('a demo unit signs in, completes its nearly finished draft (two criteria, one evidence upload) and submits', async () => {
    // Which two criteria the demo left open, read through the API like any client.
    const token = await login('socongthuong.khanhhoa');
    const round = (await gql('{ rounds { id year } }', {}, token)).data!.rounds.find((r: { year: number }) => r.year === 2026).id;
    const card = (await gql('query($r: ID!) { scorecard(roundId: $r) { status group { code } entries { code } } }', { r: round }, token)).data!.scorecard;
    expect(card.status).toBe('DRAFT');
    const criteria = (await gql('query($r: ID!, $g: String!) { node(id: $r) { ... on AssessmentRound { criteria(group: $g) { code children { code methodKind method evidenceRequired children { code methodKind method evidenceRequired children { code methodKind method evidenceRequired } } } } } } }', { r: round, g: card.group.code }, token)).data!.node.criteria;
    type N = { code: string; methodKind?: string; method?: { source?: object }; evidenceRequired?: boolean; children?: N[] };
    const leaves: N[] = [];
    const walk = (n: N) => (n.children?.length ? n.children.forEach(walk) : leaves.push(n));
    criteria.forEach(walk);
    const entered = new Set(card.entries.map((e: { code: string }) => e.code));
    const open = leaves.filter((l) => l.methodKind && !['manual', 'survey', 'bonusPenalty'].includes(l.methodKind) && !(l.method?.source && 'indicator' in l.method.source) && !entered.has(l.code));
    expect(open).toHaveLength(2);

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'socongthuong.khanhhoa');
    await expect.poll(() => page.getByRole('heading', { name: /Phiếu tự chấm năm 2026/ }).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'don-vi-phieu-tu-cham.png'), fullPage: false });
    // Submitting now lists what is missing.
    await page.getByRole('button', { name: 'Nộp phiếu tự chấm' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Chưa nộp được: 2 tiêu chí/);

    for (const leaf of open) {
      const box = page.locator(`[data-code="${leaf.code}"]`);
      await box.scrollIntoViewIfNeeded();
      const select = box.locator('select');
      if (await select.count()) {
        const options = await select.locator('option:not([disabled])').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
        await select.selectOption(options[0]!);
      } else {
        const inputs = box.locator('.var input');
        const n = await inputs.count();
        for (let i = 0; i < n; i++) await inputs.nth(i).fill(i === 0 ? '9' : '10');
        await inputs.nth(n - 1).blur();
      }
      // Saved: the plugin's points replace the dash.
      await expect.poll(() => box.locator('.leaf-head .points').textContent()).not.toMatch(/^—/);
      if (leaf.evidenceRequired) {
        const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
        await box.locator('input[type=file]').setInputFiles({ name: 'ke-hoach-cchc-2026.pdf', mimeType: 'application/pdf', buffer: pdf });
        await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Đã gắn tài liệu "ke-hoach-cchc-2026.pdf"/);
        await expect.poll(() => box.locator('.evidence li').allTextContents()).toContain('ke-hoach-cchc-2026.pdf');
      }
    }
    // As you type: a criterion scored from variables shows the plugin's points and reason for the
    // value being typed, before it is saved; the saved value is then put back.
    const typedBox = page.locator('.leaf', { has: page.locator('.var input') }).first();
    const firstVar = typedBox.locator('.var input').first();
    const original = await firstVar.inputValue();
    await firstVar.fill('1');
    await expect.poll(() => typedBox.locator('.reason.typed').textContent()).toMatch(/^Tạm tính \(chưa lưu\): [\d,]+ điểm — /);
    await firstVar.fill(original);
    await expect.poll(() => typedBox.locator('.reason.typed').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'don-vi-truoc-khi-nop.png') });
    await page.getByRole('button', { name: 'Nộp phiếu tự chấm' }).click();
    await expect.poll(() => page.getByTestId('status').textContent()).toBe('Đã nộp');
    await expect.poll(() => page.getByRole('button', { name: 'Nộp phiếu tự chấm' }).isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'don-vi-da-nop.png') });
    expect((await gql('query($r: ID!) { scorecard(roundId: $r) { status } }', { r: round }, token)).data!.scorecard.status).toBe('SUBMITTED');
    await page.close();
  }, 120_000);

  it("the admin extends one unit's deadline; the API shows the extension", async () => {
    // Six weeks past the unit's current deadline (the demo keeps its season open, whatever today is).
    const unitToken = (await gql('mutation($u: String!, $p: String!) { login(input: { username: $u, password: $p }) { token } }', { u: 'sotuphap.khanhhoa', p: password('sotuphap.khanhhoa') })).data!.login.token;
    const round = (await gql('{ rounds { id year } }', {}, unitToken)).data!.rounds.find((r: { year: number }) => r.year === 2026).id;
    const deadlineOf = async () => (await gql('query($r: ID!) { scorecard(roundId: $r) { selfAssessmentDeadline { closesOn extended } } }', { r: round }, unitToken)).data!.scorecard.selfAssessmentDeadline;
    const current = (await deadlineOf()).closesOn as string;
    const extended = addDays(current, 42);
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'admin.khanhhoa');
    await expect.poll(() => page.getByRole('heading', { name: 'Điều hành đợt đánh giá' }).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'quan-tri-thoi-han.png') });
    const form = page.locator('form.unit-extension');
    await form.locator('select[name=unitId]').selectOption({ label: 'Sở Tư pháp' });
    await form.getByLabel('Gia hạn đến').fill(extended);
    await form.getByLabel('Lý do').fill('Đơn vị đề nghị gia hạn do thay đổi nhân sự (thử nghiệm)');
    await form.getByRole('button', { name: 'Gia hạn' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`Đã gia hạn đến ${extended.split('-').reverse().join('/')}`);
    await page.screenshot({ path: path.join(SHOTS, 'quan-tri-da-gia-han.png') });
    expect(await deadlineOf()).toEqual({ closesOn: extended, extended: true });
    // The other admin screens render from the API: accounts and units, reviewers / council / calendar.
    await page.getByRole('button', { name: 'Tài khoản và đơn vị' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'socongthuong.khanhhoa' }).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'quan-tri-tai-khoan.png') });
    await page.getByRole('button', { name: 'Thẩm định, hội đồng, lịch' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /Lịch làm việc năm/ }).count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'quan-tri-tham-dinh-lich.png'), fullPage: true });
    // Results: the published 2025 ranking of the departments, with bands.
    await page.getByRole('button', { name: 'Kết quả xếp hạng' }).click();
    await page.getByLabel('Đợt').selectOption({ label: 'Xác định Chỉ số cải cách hành chính năm 2025 (2025)' }).catch(async () => {
      const options = await page.getByLabel('Đợt').locator('option').allTextContents();
      await page.getByLabel('Đợt').selectOption({ label: options.find((o) => o.includes('(2025)'))! });
    });
    await expect.poll(() => page.locator('table.ranking tbody tr').count()).toBeGreaterThan(10);
    expect(await page.locator('table.ranking .band').first().textContent()).toMatch(/Xuất sắc|Tốt|Khá|Trung bình|Yếu/);
    await page.screenshot({ path: path.join(SHOTS, 'ket-qua-xep-hang.png') });
    await page.close();
  }, 60_000);

  it('an ended session (password reset by an operator) returns to sign-in with the reason', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'hoidong.khanhhoa');
    await expect.poll(() => page.getByRole('button', { name: 'Đăng xuất' }).count()).toBe(1);
    const CLI = path.join(PROJECT_ROOT, 'packages/server/dist/cli.js');
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [CLI, 'user:reset-password', 'hoidong.khanhhoa'], { env: { ...process.env, DATA_DIR: web.dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' } }, (err) => (err ? reject(err) : resolve())),
    );
    await page.reload();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/thu hồi|hết hạn/);
    expect(await page.getByLabel('Mật khẩu').count()).toBe(1);
    await page.close();
  }, 60_000);

  it('a reviewer previews the evidence, adjusts one score with a reason, and the provisional ranking shows the new total and band', async () => {
    // Runs after the first test, which submitted Sở Công Thương's 2026 card. The admin gives the
    // demo reviewer the institutions area of the 2026 round (through the API, as the admin screen does).
    const admin = await login('admin.khanhhoa');
    const reviewer = await login('thamdinh.khanhhoa');
    const unitToken = await login('socongthuong.khanhhoa');
    const round = (await gql('{ rounds { id year } }', {}, admin)).data!.rounds.find((r: { year: number }) => r.year === 2026).id as string;
    const users = (await gql('{ users(first: 100) { nodes { id username } } }', {}, admin)).data!.users.nodes as { id: string; username: string }[];
    const assigned = await gql('mutation($i: AssignReviewerInput!) { assignReviewer(input: $i) { id } }', { i: { roundId: round, userId: users.find((u) => u.username === 'thamdinh.khanhhoa')!.id, area: 'INSTITUTIONS' } }, admin);
    expect(assigned.errors).toBeUndefined();
    const card = (await gql('query($r: ID!) { scorecard(roundId: $r) { id status group { code name } entries { code value } result { total max criteria { code points } } evidence { criteria file { fileName } } } }', { r: round }, unitToken)).data!.scorecard;
    expect(card.status).toBe('SUBMITTED');
    type N = { code: string; area: string; methodKind?: string; children?: N[] };
    const tree = (await gql('query($r: ID!, $g: String!) { node(id: $r) { ... on AssessmentRound { criteria(group: $g) { code area methodKind children { code area methodKind children { code area methodKind children { code area methodKind } } } } } } }', { r: round, g: card.group.code }, reviewer)).data!.node.criteria as N[];
    const leaves: N[] = [];
    const walk = (n: N) => (n.children?.length ? n.children.forEach(walk) : leaves.push(n));
    tree.forEach(walk);
    const points = new Map<string, string>(card.result.criteria.map((c: { code: string; points: string }) => [c.code, c.points]));
    const values = new Map<string, string>(card.entries.map((e: { code: string; value: string }) => [e.code, e.value]));
    // The first yes/no criterion of the institutions area the unit scored "yes" with points: the reviewer sets it to "no".
    const leaf = leaves.find((l) => l.area === 'INSTITUTIONS' && l.methodKind === 'yesNo' && values.get(l.code) === 'yes' && Number(points.get(l.code)) > 0)!;
    expect(leaf).toBeDefined();
    const lost = Number(points.get(leaf.code));
    // Hand arithmetic: the new total is the self-assessed total less the points of that criterion
    // (every other criterion keeps its self-assessed value in the provisional result).
    const expectedTotal = Number(card.result.total) - lost;
    const expectedIndex = Math.round((expectedTotal * 10000) / Number(card.result.max)) / 100;

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await signIn(page, 'thamdinh.khanhhoa');
    await expect.poll(() => page.getByRole('heading', { name: 'Thẩm định phiếu chấm' }).count()).toBe(1);
    await page.getByLabel('Đợt').selectOption({ label: 'Xác định Chỉ số cải cách hành chính năm 2026 (2026)' });
    await page.getByLabel('Trạng thái').selectOption({ label: 'Đã nộp' });
    await page.getByRole('button', { name: 'Thẩm định phiếu của Sở Công Thương' }).click();
    await expect.poll(() => page.locator(`tr[data-code="${leaf.code}"] .title`).count()).toBe(1);
    await page.screenshot({ path: path.join(SHOTS, 'tham-dinh-hang-cho.png') });
    // The unit's PDF opens beside the criteria, in the page.
    const fileName = card.evidence.find((e: { file: { fileName: string } | null }) => e.file)?.file.fileName as string;
    await page.getByRole('button', { name: `Xem trước ${fileName}` }).click();
    await expect.poll(() => page.locator('aside.preview iframe').getAttribute('src')).toMatch(/^blob:/);
    await page.screenshot({ path: path.join(SHOTS, 'tham-dinh-xem-tai-lieu.png') });
    await page.getByRole('button', { name: 'Đóng' }).click();

    await page.getByLabel('Lĩnh vực').selectOption({ label: 'Cải cách thể chế' });
    const row = page.locator(`tr[data-code="${leaf.code}"]`);
    // Without a reason the form does not go (the field is required); with one it does.
    await row.getByLabel('Giá trị').selectOption('no');
    await row.getByLabel('Lý do điều chỉnh').fill('Văn bản kiểm chứng không chứng minh được tiêu chí (thử nghiệm).');
    await row.getByRole('button', { name: 'Lưu điều chỉnh' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(new RegExp(`Đã điều chỉnh tiêu chí ${leaf.code.replace(/\./g, '\\.')}`));
    await expect.poll(() => row.locator('.ok').textContent()).toMatch(/Không \/ Chưa đạt → 0(,0+)? điểm — Văn bản kiểm chứng/);
    await page.screenshot({ path: path.join(SHOTS, 'tham-dinh-dieu-chinh.png') });

    // The provisional ranking of the group now shows the unit's new total, index and band.
    const ranking = (await gql('query($r: ID!, $g: String!) { ranking(roundId: $r, group: $g, provisional: true) { rows { unitName total max index bandLabel } } }', { r: round, g: card.group.code }, admin)).data!.ranking.rows;
    const mine = ranking.find((r: { unitName: string }) => r.unitName === 'Sở Công Thương');
    expect(Number(mine.total)).toBe(expectedTotal);
    expect(Number(mine.index)).toBe(expectedIndex);
    await page.getByRole('button', { name: 'Kết quả xếp hạng' }).click();
    await page.getByLabel('Đợt').selectOption({ label: 'Xác định Chỉ số cải cách hành chính năm 2026 (2026)' });
    await page.getByLabel('Nhóm').selectOption({ label: card.group.name });
    await page.getByLabel('Kết quả dự kiến (đang thẩm định)').check();
    const line = page.locator('tr[data-unit="Sở Công Thương"]');
    const vi = (n: number | string) => String(n).replace('.', ',');
    await expect.poll(() => line.locator('td.total').textContent()).toBe(`${vi(mine.total)} / ${vi(mine.max)}`);
    expect(await line.locator('.band').textContent()).toBe(mine.bandLabel);
    // The unit's breakdown explains the adjusted criterion.
    await page.getByRole('button', { name: 'Chi tiết điểm của Sở Công Thương' }).click();
    await expect.poll(() => page.locator('aside.breakdown').textContent()).toContain(`${vi(expectedTotal)} / ${vi(mine.max)}`);
    // Year over year: the published 2025 result and the provisional 2026 one.
    await expect.poll(() => page.locator('aside.breakdown ul.history').textContent()).toMatch(/2025: .*hạng \d+\/\d+.*2026: .*\(dự kiến\)/s);
    await page.screenshot({ path: path.join(SHOTS, 'ket-qua-du-kien-sau-tham-dinh.png') });
    await page.close();
  }, 90_000);

  it('a wrong password shows a Vietnamese message and keeps the sign-in form', async () => {
    const page = await browser.newPage();
    await page.goto(base());
    await page.getByLabel('Tên đăng nhập').fill('sotuphap.khanhhoa');
    await page.getByLabel('Mật khẩu').fill('sai-mat-khau-123');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/[Tt]ên đăng nhập hoặc mật khẩu/);
    await page.screenshot({ path: path.join(SHOTS, 'dang-nhap-sai.png') });
    await page.close();
  }, 30_000);
});
