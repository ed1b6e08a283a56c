/// <reference lib="dom" />
/**
 * The province's report composed in a real browser (Debian's chromium driven by playwright-core) on the demo's 2026
 * round: the Sở Nội vụ's consolidator opens "Báo cáo của tỉnh" from the round's board, sees two agencies' texts for
 * "2. Cải cách thủ tục hành chính" side by side, inserts one as an excerpt (which remembers its agency), edits the
 * generated figure paragraph of "6. … chính quyền số", marks the report ready; the province's leader (a leader
 * account acting for the UBND tỉnh) issues it with a number and a date; the DOCX, converted by LibreOffice to a PDF,
 * shows the UBND header with that number, the six reform areas with their figures, the edits, the signature block
 * and the annexes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/server/app.js';
import { canRunBrowserTests, startDemoBrowser, type DemoBrowser } from './support.js';

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const canPrint = has('soffice') && has('pdftotext');
if (!canPrint) console.warn('⚠ SKIPPED (printing part): LibreOffice (soffice) or poppler-utils (pdftotext) is not installed.');

const AREAS = [
  '1. Cải cách thể chế',
  '2. Cải cách thủ tục hành chính',
  '3. Cải cách tổ chức bộ máy',
  '4. Cải cách chế độ công vụ',
  '5. Cải cách tài chính công',
  '6. Xây dựng và phát triển chính quyền điện tử',
];
const flat = (text: string) => text.replace(/\s+/gu, ' ');
const LEADER = { username: 'pct.ubnd', password: 'Lanh-dao-UBND-2027', name: 'Phó Chủ tịch UBND tỉnh Ninh Thuận' };
const EDITED = 'Tỉnh đã hoàn thành nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính dùng chung.';

describe.skipIf(!canRunBrowserTests)('the province report, composed in the browser', () => {
  let demo: DemoBrowser;
  let roundId = '';
  const dir = mkdtempSync(join(tmpdir(), 'cchc-e2e-province-'));

  async function apiSignIn(username: string, password = demo.passwords.get(username)) {
    const response = await fetch(`${demo.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const cookie = response.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
      .split(';')[0]!;
    return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
  }

  beforeAll(async () => {
    demo = await startDemoBrowser('province-report');
    const admin = await apiSignIn('quantri');
    const rounds = (await (await fetch(`${demo.server.url}/api/rounds`, { headers: { cookie: admin.cookie } })).json()) as {
      id: string;
      period: { year: number; kind: string };
    }[];
    roundId = rounds.find((r) => r.period.year === 2026 && r.period.kind === 'Y')!.id;
    // the province's leader: a leader (approver) account acting for the UBND tỉnh itself
    const created = await fetch(`${demo.server.url}/api/accounts`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ username: LEADER.username, displayName: LEADER.name, role: 'approver', agencyIds: ['nt'], password: LEADER.password }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    demo.passwords.set(LEADER.username, LEADER.password);
  }, 180_000);

  afterAll(async () => {
    await demo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const outline = (page: Page) => page.getByRole('navigation', { name: 'Đề cương báo cáo' });
  const editor = (page: Page) => page.getByRole('textbox', { name: /^Nội dung mục / });
  const saved = (page: Page) =>
    page
      .getByRole('status')
      .filter({ hasText: /^Đã lưu$/u })
      .waitFor();

  it('is composed, marked ready, issued by the leader, and prints as the UBND’s report', async () => {
    const page = await demo.signIn('snv.tonghop');
    await page.goto(`${demo.server.url}/#/rounds/${roundId}`);
    await page.getByRole('link', { name: 'Báo cáo của tỉnh' }).click();
    await page.getByRole('heading', { name: 'Báo cáo của tỉnh' }).waitFor();
    await expect.poll(() => page.getByText('Đang soạn', { exact: true }).count()).toBeGreaterThan(0);

    // the outline: every section with its state; the six areas are generated from the figures
    const procedures = outline(page).getByRole('button', { name: /^2\. Cải cách thủ tục hành chính/u });
    expect(await procedures.getAttribute('aria-label')).toBe('2. Cải cách thủ tục hành chính — Tự tạo');
    await procedures.click();
    await expect.poll(async () => await editor(page).inputValue()).toContain('Toàn tỉnh có 122 thủ tục hành chính đang có hiệu lực');

    // two agencies' texts for the section, side by side, marked against their previous report
    const sources = page.getByRole('article');
    await expect.poll(() => sources.count()).toBe(2);
    const snvText = page.getByRole('article', { name: 'Sở Nội vụ: 2. Cải cách thủ tục hành chính' });
    const vpText = page.getByRole('article', { name: 'Văn phòng Ủy ban nhân dân tỉnh: 2. Cải cách thủ tục hành chính' });
    await expect.poll(() => snvText.textContent()).toContain('Cập nhật, công khai đầy đủ thủ tục hành chính trên Cổng dịch vụ công');
    expect(await snvText.textContent()).toContain('Không đổi so với kỳ trước');
    expect(await vpText.textContent()).toContain('Chưa có báo cáo kỳ trước');
    expect(await vpText.textContent()).toContain('Đã nộp, chưa duyệt');
    // searchable and filtered by kind
    await page.getByRole('textbox', { name: 'Tìm trong nội dung' }).fill('không có từ này');
    await expect.poll(() => sources.count()).toBe(0);
    await page.getByRole('textbox', { name: 'Tìm trong nội dung' }).fill('cổng dịch vụ công');
    await expect.poll(() => sources.count()).toBe(2);
    await page.getByRole('combobox', { name: 'Loại đơn vị' }).click();
    await page.getByRole('option', { name: 'UBND cấp xã' }).click();
    await expect.poll(() => sources.count()).toBe(0);
    await page.getByRole('combobox', { name: 'Loại đơn vị' }).click();
    await page.getByRole('option', { name: 'Sở, ban, ngành' }).click();
    await expect.poll(() => sources.count()).toBe(2);
    await page.screenshot({ path: 'test-results/province-01-sources.png' });

    // one action inserts the Sở Nội vụ's text at the cursor (the end of the section); it is saved with its source
    await editor(page).click();
    await editor(page).press('Control+End');
    await page.getByRole('button', { name: 'Chèn đoạn trích của Sở Nội vụ' }).click();
    await expect
      .poll(async () => await editor(page).inputValue())
      .toMatch(/hiệu lực[^]*\nCập nhật, công khai đầy đủ thủ tục hành chính trên Cổng dịch vụ công; hồ sơ được giải quyết đúng hạn\.$/u);
    await saved(page);
    const excerpts = page.getByRole('region', { name: 'Đoạn trích trong mục' });
    await expect.poll(() => excerpts.textContent()).toContain('Sở Nội vụ:');
    expect(await excerpts.textContent()).not.toContain('Nguồn đã thay đổi');
    expect(await procedures.getAttribute('aria-label')).toBe('2. Cải cách thủ tục hành chính — Đã sửa');

    // edit the generated figure paragraph of the e-government area
    const egov = outline(page).getByRole('button', { name: /^6\. Xây dựng và phát triển chính quyền điện tử/u });
    await egov.click();
    await expect.poll(async () => await editor(page).inputValue()).toMatch(/so với năm 2025/u);
    await editor(page).click();
    await editor(page).press('Control+End');
    await editor(page).pressSequentially(`\n${EDITED}`);
    await saved(page);
    await expect.poll(() => egov.getAttribute('aria-label')).toMatch(/— Đã sửa$/u);
    await page.screenshot({ path: 'test-results/province-02-edited.png' });

    // reloading shows what was saved (not a local copy)
    await page.reload();
    await outline(page)
      .getByRole('button', { name: /^6\. Xây dựng/u })
      .click();
    await expect.poll(async () => await editor(page).inputValue()).toContain(EDITED);

    // ready for the leader: the text is locked
    await page.getByRole('button', { name: 'Đánh dấu sẵn sàng trình ký' }).click();
    await page.getByText('Đã trình lãnh đạo ký', { exact: true }).first().waitFor();
    expect(await editor(page).getAttribute('readonly')).not.toBeNull();
    await page.screenshot({ path: 'test-results/province-03-ready.png' });

    // the leader opens it from the round's board and issues it with its number and date
    const leader = await demo.signIn(LEADER.username);
    await leader.goto(`${demo.server.url}/#/rounds/${roundId}`);
    await leader.getByRole('link', { name: 'Báo cáo của tỉnh' }).click();
    await leader.getByText('Đã trình lãnh đạo ký', { exact: true }).first().waitFor();
    expect(await leader.getByRole('button', { name: 'Đánh dấu sẵn sàng trình ký' }).count()).toBe(0);
    await leader.getByRole('button', { name: 'Ban hành' }).click();
    const dialog = leader.getByRole('dialog', { name: 'Ban hành báo cáo của tỉnh' });
    await dialog.getByRole('textbox', { name: 'Số báo cáo' }).fill('abc');
    await dialog.getByRole('textbox', { name: 'Ngày ban hành' }).fill('20/01/2027');
    await dialog.getByRole('button', { name: 'Xác nhận ban hành' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Số báo cáo không hợp lệ' }).waitFor();
    await dialog.getByRole('textbox', { name: 'Số báo cáo' }).fill('15');
    await dialog.getByRole('button', { name: 'Xác nhận ban hành' }).click();
    await leader.getByText('Số 15, ngày 20/01/2027').waitFor();
    expect(await leader.getByText('Đã ban hành', { exact: true }).count()).toBeGreaterThan(0);
    await leader.screenshot({ path: 'test-results/province-04-issued.png' });

    // the consolidator sees it issued and locked
    await page.reload();
    await page.getByText('Số 15, ngày 20/01/2027').waitFor();
    expect(await editor(page).getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('button', { name: 'Trả về dự thảo' }).count()).toBe(0);

    // the DOCX, as the page's link downloads it
    const link = await page.getByRole('link', { name: 'Tải báo cáo (DOCX)' }).getAttribute('href');
    const docx = await page.request.get(`${demo.server.url}${link}`);
    expect(docx.status()).toBe(200);
    const file = join(dir, 'tinh.docx');
    writeFileSync(file, await docx.body());
    if (!canPrint) return;
    const result = spawnSync(
      'soffice',
      [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file],
      { encoding: 'utf8', timeout: 120_000 },
    );
    const pdf = join(dir, 'tinh.pdf');
    if (!existsSync(pdf)) throw new Error(`LibreOffice did not convert the province report: ${result.stderr || result.stdout}`);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const pages = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout.split('\f');
    const first = flat(pages[0]!);
    expect(first).toMatch(
      /^ ?ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM TỈNH NINH THUẬN Độc lập - Tự do - Hạnh phúc Số: 15\/BC-UBND Ninh Thuận, ngày 20 tháng 01 năm 2027 BÁO CÁO/u,
    );
    const all = flat(pages.join(' '));
    for (const area of AREAS) expect(all).toContain(area);
    // the areas' figures, the inserted excerpt and the edited paragraph
    expect(all).toContain('Toàn tỉnh có 122 thủ tục hành chính đang có hiệu lực');
    expect(all).toMatch(/\(theo báo cáo của 1\/8 đơn vị\)/u);
    expect(all).toContain('Cập nhật, công khai đầy đủ thủ tục hành chính trên Cổng dịch vụ công; hồ sơ được giải quyết đúng hạn.');
    expect(all).toContain(flat(EDITED));
    // Nơi nhận and the signature block before the appendix
    const closing = all.slice(0, all.indexOf('PHỤ LỤC I '));
    expect(closing).toMatch(/Nơi nhận: TM\. ỦY BAN NHÂN DÂN - Bộ Nội vụ; KT\. CHỦ TỊCH - Thường trực Tỉnh ủy; PHÓ CHỦ TỊCH/u);
    expect(closing).toContain('Nguyễn Văn Bình');
    // the annexes
    expect(all).toMatch(/PHỤ LỤC I /u);
    expect(all).toContain('PHỤ LỤC II DANH SÁCH CƠ QUAN, ĐƠN VỊ CHƯA BÁO CÁO HOẶC BÁO CÁO MUỘN');
    expect(all).toContain('PHỤ LỤC III XẾP HẠNG CÁC CƠ QUAN, ĐƠN VỊ THEO MỘT SỐ CHỈ TIÊU');
  }, 300_000);
});
