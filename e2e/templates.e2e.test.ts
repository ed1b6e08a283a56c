/// <reference lib="dom" />
/**
 * A new template version in a real browser (Debian's chromium driven by playwright-core; never a downloaded browser):
 * the administrator derives a version of the Ninh Thuận appendix from 1 July 2025 — renames a row, adds one (kind,
 * unit, parent, canonical indicator), moves it, removes another, adds a check, sets the dates — is refused while
 * district rows (cấp huyện) remain, removes them and stores the version. Through the API: the new version has those
 * rows and checks, the old one is unchanged, and the reports keep the version they were filed on.
 * Screenshots: test-results/templates.png, test-results/template-editor.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Template } from '../src/core/catalogue/template.js';
import type { RunningServer } from '../src/server/start-server.js';
import { canRunBrowserTests, startDemoBrowser, type DemoBrowser } from './support.js';

const OLD = 'ninh-thuan-7s-2023';
const OLD_NAME = 'Phụ lục thống kê số liệu CCHC định kỳ (7 nhóm chỉ tiêu), Ninh Thuận 2023';
const NEW = 'ninh-thuan-7s-2025-07';
const NEW_NAME = 'Phụ lục thống kê số liệu CCHC định kỳ, Ninh Thuận từ 01/07/2025 (chính quyền hai cấp)';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&');

describe.skipIf(!canRunBrowserTests)('a new template version, in the browser', () => {
  let demo: DemoBrowser;
  let server: RunningServer;

  beforeAll(async () => {
    demo = await startDemoBrowser('templates');
    server = demo.server;
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  /** A control of the row printed (or identified) `ref`, whatever its position: "Tên chỉ tiêu, dòng 36 (7.6.1/cap-xa)". */
  const rowControl = (page: Page, control: string, ref: string) =>
    page.getByLabel(new RegExp(`^${escape(control)}, dòng \\d+ \\(${escape(ref)}\\)$`, 'u'));
  const rowButton = (page: Page, action: string, ref: string) =>
    page.getByRole('button', { name: new RegExp(`^${escape(action)} dòng \\d+ \\(${escape(ref)}\\)$`, 'u') });
  const announced = (page: Page) => page.locator('.template-editor [role="status"]');

  async function getJson<T>(page: Page, path: string): Promise<T> {
    const response = await page.request.get(`${server.url}${path}`);
    expect(response.status(), `${path}: ${await response.text()}`).toBe(200);
    return (await response.json()) as T;
  }

  it('derives a version from 1 July 2025, is refused while district rows remain, stores it without them; reports keep their version', async () => {
    const page = await demo.signIn('quantri', { width: 1440, height: 900 });
    const reportsBefore = await getJson<{ id: string; templateId: string }[]>(page, '/api/reports');
    expect(reportsBefore.some((r) => r.templateId === OLD)).toBe(true);
    const oldBefore = await getJson<Template>(page, `/api/templates/${OLD}`);

    // the templates page: the stored versions; one chosen shows its rows
    await page.getByRole('link', { name: 'Mẫu báo cáo' }).click();
    await page.getByRole('heading', { name: 'Mẫu báo cáo', level: 2 }).waitFor();
    const versions = page.getByRole('table', { name: 'Các phiên bản mẫu báo cáo' });
    await versions.getByRole('button', { name: `Chọn phiên bản ${OLD_NAME}` }).click();
    await page.getByRole('table', { name: `Các dòng của phiên bản ${OLD}` }).waitFor();
    await page
      .getByRole('table', { name: `Các dòng của phiên bản ${OLD}` })
      .getByText('Số TTHC cấp huyện:')
      .waitFor();
    await page.screenshot({ path: 'test-results/templates.png' });

    // a new version from it
    await page.getByRole('button', { name: 'Tạo phiên bản mới từ mẫu này' }).click();
    await page.getByRole('heading', { name: `Phiên bản mới từ mẫu ${OLD}` }).waitFor();
    const id = page.getByRole('textbox', { name: /^Mã phiên bản/u });
    expect(await id.inputValue()).toBe(`${OLD}-moi`);
    await id.fill(NEW);
    await page.getByRole('textbox', { name: /^Tên phiên bản/u }).fill(NEW_NAME);
    const from = page.getByRole('textbox', { name: /^Hiệu lực từ ngày/u });
    // a date that is no date is said at once
    await from.fill('31/06/2025');
    await page.getByText('Nhập ngày dạng dd/mm/yyyy, ví dụ 01/07/2025.').waitFor();
    await from.fill('01/07/2025');
    await expect.poll(() => page.getByText('Nhập ngày dạng dd/mm/yyyy, ví dụ 01/07/2025.').count()).toBe(0);
    expect(await page.getByRole('textbox', { name: /^Hiệu lực đến ngày/u }).inputValue()).toBe('');

    // rename a row, and take it off the district indicator it was mapped to
    const communes = rowControl(page, 'Tên chỉ tiêu', '7.6.1/cap-xa');
    expect(await communes.inputValue()).toBe('Tỷ lệ UBND cấp xã đã kết nối, liên thông với UBND huyện.');
    await communes.fill('Tỷ lệ UBND cấp xã đã kết nối, liên thông hệ thống quản lý văn bản với UBND tỉnh');
    await rowControl(page, 'Chỉ tiêu chuẩn', '7.6.1/cap-xa').selectOption({ label: '— Không gắn —' });

    // add a row at the end: code, label, unit, kind, parent and canonical indicator
    const rows = page.getByRole('table', { name: 'Các dòng chỉ tiêu' });
    const rowCount = await rows.locator('tbody tr').count();
    await page.getByRole('button', { name: 'Thêm dòng vào cuối phụ lục' }).click();
    await expect.poll(() => rows.locator('tbody tr').count()).toBe(rowCount + 1);
    // the new row's label has the focus
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Tên chỉ tiêu, dòng ${rowCount + 1}`);
    await page
      .getByLabel(`Tên chỉ tiêu, dòng ${rowCount + 1}`, { exact: true })
      .fill('Số TTHC tiếp nhận và giải quyết không phụ thuộc địa giới hành chính');
    await page.getByLabel(`Mã (STT), dòng ${rowCount + 1}`, { exact: true }).fill('7.9.');
    await rowControl(page, 'Đơn vị tính (hoặc danh sách mã)', '7.9.').fill('Thủ tục');
    await rowControl(page, 'Kiểu số liệu', '7.9.').selectOption({ label: 'Số nguyên' });
    await rowControl(page, 'Dòng cha', '7.9.').fill('7.8');
    const indicator = rowControl(page, 'Chỉ tiêu chuẩn', '7.9.');
    await indicator.focus(); // the catalogue's options are put in when the select is reached
    await indicator.selectOption('procedures.location-independent');
    expect(await indicator.inputValue()).toBe('procedures.location-independent');

    // move it up, above 7.8.4
    await rowButton(page, 'Chuyển lên,', '7.9.').click();
    await expect.poll(() => announced(page).textContent()).toBe(`Đã chuyển dòng ${rowCount + 1} lên vị trí ${rowCount}.`);
    const order = await rows.locator('tbody tr td.c-code input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(order.slice(-3)).toEqual(['7.8.3.', '7.9.', '7.8.4.']);
    // the button pressed keeps the focus
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Chuyển lên, dòng \d+ \(7\.9\.\)$/u);

    // remove a row: the check that stood on it goes too, and the editor says so
    await rowButton(page, 'Xóa', '2.5.').click();
    await expect.poll(() => announced(page).textContent()).toBe('Đã xóa dòng 2.5. Đã xóa 1 kiểm tra dựa trên dòng này.');
    expect(await rowControl(page, 'Tên chỉ tiêu', '2.5.').count()).toBe(0);

    // add a check: procedures independent of the administrative boundaries ≤ procedures in force, as a warning
    const checks = page.getByRole('region', { name: 'Kiểm tra giữa các dòng' });
    const checkCount = await checks.getByRole('listitem').count();
    await checks.getByRole('button', { name: 'Thêm kiểm tra' }).click();
    const n = `kiểm tra ${checkCount + 1}`;
    await checks.getByLabel(`Loại kiểm tra, ${n}`, { exact: true }).selectOption({ label: 'Các phần ≤ tổng' });
    await checks.getByLabel(`Dòng tổng, ${n}`, { exact: true }).fill('3.1.3');
    await checks.getByLabel(`Các dòng thành phần, ${n}`, { exact: true }).fill('7.9');
    await checks.getByLabel(`Mức, ${n}`, { exact: true }).selectOption({ label: 'Cảnh báo' });
    await checks.getByLabel(`Mã kiểm tra, ${n}`, { exact: true }).fill('part-le-whole:3.1.3/khong-phu-thuoc-dia-gioi');
    // and edit one: the balance of procedures in force becomes an error
    const balance = checks.getByRole('listitem').filter({ has: page.getByRole('textbox', { name: /^Dòng hiện có, kiểm tra \d+$/u }) });
    expect(await balance.count()).toBe(1);
    await balance.getByLabel(/^Mức, kiểm tra \d+$/u).selectOption({ label: 'Lỗi' });

    // checked: the district rows are problems, each said on its row
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    const districtNotes = page.getByRole('note').filter({ hasText: 'Từ ngày 01/07/2025 không còn cấp huyện' });
    await districtNotes.first().waitFor();
    const flagged = await districtNotes.count();
    expect(flagged).toBeGreaterThanOrEqual(10);
    await page.getByText(new RegExp(`^Có ${flagged} vấn đề cần sửa$`, 'u')).waitFor();
    expect(await rowControl(page, 'Tên chỉ tiêu', '3.1.3/cap-huyen').getAttribute('aria-invalid')).toBe('true');
    expect(
      await rows.getByRole('note').filter({ hasText: 'Dòng 3.1.3/cap-huyen "Số TTHC cấp huyện:": tên chỉ tiêu nói đến cấp huyện' }).count(),
    ).toBe(1);
    // the row renamed and taken off its district indicator, and the rows of the province level, are fine
    expect(await rowControl(page, 'Tên chỉ tiêu', '7.6.1/cap-xa').getAttribute('aria-invalid')).toBeNull();
    expect(await rowControl(page, 'Tên chỉ tiêu', '3.1.3/cap-tinh').getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Đến dòng đầu tiên có vấn đề' }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Tên chỉ tiêu, dòng 8 (1.1.2.)');
    await page.screenshot({ path: 'test-results/template-editor.png' });

    // storing it as it is: refused, nothing stored
    await page.getByRole('button', { name: 'Lưu phiên bản' }).click();
    await page.getByText(`Phiên bản mẫu chưa hợp lệ (${flagged} vấn đề). Hãy sửa rồi lưu lại.`).waitFor();
    expect((await page.request.get(`${server.url}/api/templates/${NEW}`)).status()).toBe(404);

    // the district rows removed (their parts of the checks with them)
    for (let left = flagged; left > 0; left--) {
      await rows
        .getByRole('row')
        .filter({ has: districtNotes })
        .first()
        .getByRole('button', { name: /^Xóa dòng/u })
        .click();
      await expect.poll(() => districtNotes.count()).toBe(left - 1);
    }
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    await page.getByText('Phiên bản hợp lệ', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Lưu phiên bản' }).click();
    await page.getByText(`Phiên bản ${NEW} đã được lưu và có thể dùng để mở đợt báo cáo.`).waitFor();
    await page.getByRole('table', { name: `Các dòng của phiên bản ${NEW}` }).waitFor();
    expect(await versions.getByRole('button', { name: `Chọn phiên bản ${NEW_NAME}` }).getAttribute('aria-pressed')).toBe('true');

    // through the API: the new version as edited
    const stored = await getJson<Template>(page, `/api/templates/${NEW}`);
    expect(stored).toMatchObject({
      id: NEW,
      name: NEW_NAME,
      family: 'seven-section',
      effectiveFrom: '2025-07-01',
      effectiveTo: null,
      province: 'Ninh Thuận',
    });
    const byId = new Map(stored.rows.map((r) => [r.id, r]));
    expect(byId.get('7.6.1/cap-xa')).toMatchObject({
      label: 'Tỷ lệ UBND cấp xã đã kết nối, liên thông hệ thống quản lý văn bản với UBND tỉnh',
      indicator: null,
    });
    expect(byId.get('7.9')).toMatchObject({
      code: '7.9.',
      label: 'Số TTHC tiếp nhận và giải quyết không phụ thuộc địa giới hành chính',
      unit: 'Thủ tục',
      kind: { type: 'count' },
      parent: '7.8',
      indicator: 'procedures.location-independent',
    });
    expect(stored.rows.slice(-3).map((r) => r.id)).toEqual(['7.8.3', '7.9', '7.8.4']);
    expect(byId.has('2.5')).toBe(false);
    expect(stored.rows.filter((r) => /(^|[^\p{L}])(huyện|quận)([^\p{L}]|$)/iu.test(r.label))).toEqual([]);
    for (const gone of ['3.1.3/cap-huyen', '4.1.4/thuoc-ubnd-huyen', '1.2.2', '3.4.2', '7.6.1/cap-huyen', '7.7.2'])
      expect(byId.has(gone), gone).toBe(false);
    expect(stored.rows.length).toBe(oldBefore.rows.length - flagged - 1 + 1);
    expect(stored.checks).toContainEqual({
      rule: 'part-le-whole',
      id: 'part-le-whole:3.1.3/khong-phu-thuoc-dia-gioi',
      whole: '3.1.3',
      parts: ['7.9'],
      severity: 'warning',
    });
    expect(stored.checks).toContainEqual({
      rule: 'sum',
      id: 'sum:3.1.3',
      whole: '3.1.3',
      parts: ['3.1.3/cap-tinh', '3.1.3/cap-xa'],
      severity: 'error',
    });
    expect(stored.checks.find((c) => c.rule === 'balance')).toMatchObject({ current: '3.1.3', severity: 'error' });
    expect(stored.checks.some((c) => c.id === 'part-le-whole:2.4')).toBe(false);
    const listed = await getJson<{ id: string }[]>(page, '/api/templates');
    expect(listed[0]!.id).toBe(NEW);

    // the old version is unchanged, and every report keeps the version it was filed on
    expect(await getJson<Template>(page, `/api/templates/${OLD}`)).toEqual(oldBefore);
    const reportsAfter = await getJson<{ id: string; templateId: string }[]>(page, '/api/reports');
    expect(reportsAfter.map((r) => [r.id, r.templateId]).sort()).toEqual(reportsBefore.map((r) => [r.id, r.templateId]).sort());
    const filed = reportsBefore.find((r) => r.templateId === OLD)!;
    expect((await getJson<{ templateId: string }>(page, `/api/reports/${filed.id}`)).templateId).toBe(OLD);
    await page.close();
  }, 240_000);
});
