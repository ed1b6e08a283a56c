/// <reference lib="dom" />
/**
 * A whole archive in a real browser: the Sở Nội vụ chooses a .zip of old reports and one more file at once; the batch
 * is read on the server (a progress bar), then the queue: the sure report saved into history with one action, a
 * held one (its agency is not in the tree) reviewed — the agency chosen, a cell fixed — and saved, another discarded,
 * an unreadable file told and discarded. The queue survives a reload; the saved report keeps where each value came
 * from. Screenshots: test-results/import-batch-queue.png, import-batch-review.png, import-batch-done.png.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, canRunBrowserTests, startDemoBrowser, type DemoBrowser } from './support.js';

const FIXTURES = join(import.meta.dirname, '..', 'test', 'fixtures');
const TUPHAP = 'ninh-thuan_so-tu-phap_2022-q3.docx';
const VHTTDL = 'ninh-thuan_so-vhttdl_2022-m9.txt';
const KHANH_HOA = 'khanh-hoa_so-tu-phap_2022-h1.txt';

describe.skipIf(!canRunBrowserTests)('importing a whole archive, in the browser', () => {
  let demo: DemoBrowser;
  let dir: string;

  beforeAll(async () => {
    demo = await startDemoBrowser('import-batch');
    dir = mkdtempSync(join(tmpdir(), 'cchc-archive-'));
    const zip = new JSZip();
    zip.file(`2022/${TUPHAP}`, readFileSync(join(FIXTURES, 'docx', TUPHAP)));
    zip.file(`2022/${VHTTDL}`, readFileSync(join(FIXTURES, VHTTDL)));
    zip.file('ghi-chu.txt', 'Danh mục hồ sơ lưu trữ năm 2022.\n');
    writeFileSync(join(dir, 'luu-tru-2022.zip'), await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    writeFileSync(join(dir, KHANH_HOA), readFileSync(join(FIXTURES, KHANH_HOA)));
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('uploads a zip and a file, saves the sure one, reviews and saves a held one, discards the rest', async () => {
    const page = await demo.signIn('snv.tonghop', { width: 1366, height: 900 });
    await page.getByRole('link', { name: 'Nhập báo cáo cũ' }).click();
    await page.getByRole('link', { name: 'Nhập nhiều tệp hoặc tệp .zip cùng lúc' }).click();
    await page.getByRole('heading', { name: 'Nhập cả kho báo cáo cũ' }).waitFor();
    await page
      .getByLabel('Các tệp báo cáo hoặc tệp .zip (tối đa 200 tệp, mỗi tệp 20 MB)')
      .setInputFiles([join(dir, 'luu-tru-2022.zip'), join(dir, KHANH_HOA)]);
    await page.getByText('Đã chọn 2 tệp').waitFor();
    await page.getByRole('button', { name: 'Tải lên và đọc' }).click();

    // the queue: read on the server, then planned
    await page.getByRole('heading', { name: 'Hàng đợi nhập báo cáo' }).waitFor();
    const summary = page.getByText(/^4 văn bản: 1 chắc chắn, 2 cần xem lại, 0 đã lưu, 0 đã bỏ qua, 1 không đọc được\.$/u);
    await summary.waitFor({ timeout: 60_000 });
    const queue = page.getByRole('table', { name: 'Các văn bản của lần nhập' });
    const row = (file: string) => queue.locator('tr', { hasText: file });
    await expect.poll(() => row(TUPHAP).getByText('Chắc chắn').count()).toBe(1);
    expect(await row(TUPHAP).textContent()).toContain('Sở Tư pháp');
    expect(await row(VHTTDL).textContent()).toContain('Không khớp cơ quan nào');
    expect(await row(KHANH_HOA).textContent()).toContain('Cần xem lại');
    expect(await row('ghi-chu.txt').textContent()).toContain('Không đọc được');
    await page.screenshot({ path: 'test-results/import-batch-queue.png', fullPage: true });
    expect(await axeViolations(page)).toEqual([]);

    // the sure one, in one action
    await page.getByRole('button', { name: 'Lưu 1 văn bản chắc chắn vào lịch sử' }).click();
    await expect.poll(() => row(TUPHAP).getByText('Đã lưu').count()).toBe(1);
    await row(TUPHAP).getByRole('link', { name: 'Mở báo cáo' }).waitFor();

    // the queue is on the server: a reload shows it as it is
    await page.reload();
    await page.getByText(/^4 văn bản: 0 chắc chắn, 2 cần xem lại, 1 đã lưu/u).waitFor();

    // the held one: reviewed, its agency chosen, a value fixed, saved
    await row(VHTTDL).getByRole('link', { name: 'Xem lại' }).click();
    await page.getByRole('heading', { name: `Xem lại văn bản: ${VHTTDL}` }).waitFor();
    await page.getByText('Không tìm thấy cơ quan').waitFor();
    await page.getByLabel('Đơn vị báo cáo', { exact: true }).selectOption('nt-bql-kcn');
    const grid = page.getByRole('table', { name: 'Số liệu đọc được từ tệp' });
    const firstValue = grid.locator('tr[data-row] input').first();
    await firstValue.waitFor();
    await firstValue.fill('7');
    await page.screenshot({ path: 'test-results/import-batch-review.png' });
    await page.getByRole('button', { name: 'Lưu thành báo cáo' }).click();
    // saved: the document's page says so, with its report
    const opened = page.getByRole('link', { name: 'Mở báo cáo', exact: true });
    await opened.waitFor();
    const reportHref = (await opened.getAttribute('href'))!;

    // the next held one: discarded from its page; back to the queue, the unreadable one discarded there
    await page.getByRole('link', { name: 'Văn bản tiếp theo →' }).click();
    await page.getByRole('heading', { name: `Xem lại văn bản: ${KHANH_HOA}` }).waitFor();
    await page.getByRole('button', { name: 'Bỏ qua văn bản này (không lưu)' }).click();
    await page.getByRole('heading', { name: 'Hàng đợi nhập báo cáo' }).waitFor();
    await row('ghi-chu.txt').getByRole('button', { name: 'Bỏ qua ghi-chu.txt' }).click();
    await page.getByText(/^4 văn bản: 0 chắc chắn, 0 cần xem lại, 2 đã lưu, 2 đã bỏ qua, 0 không đọc được\.$/u).waitFor();
    await page.screenshot({ path: 'test-results/import-batch-done.png', fullPage: true });

    // the reviewed report keeps where each value came from: the file in the archive, its line, the fixed one edited
    const reportId = decodeURIComponent(reportHref.split('/').pop()!);
    const report = await page.evaluate(async (id) => (await fetch(`/api/reports/${encodeURIComponent(id)}`)).json(), reportId);
    expect(report).toMatchObject({ agencyId: 'nt-bql-kcn', status: 'accepted', period: { year: 2022, kind: 'M9' } });
    const provenance = report.provenance as { file: string; at: { line?: number }[]; edited: boolean }[];
    expect(provenance.length).toBeGreaterThan(10);
    expect(provenance.every((p) => p.file === `luu-tru-2022.zip/2022/${VHTTDL}` && p.at[0]!.line! > 0)).toBe(true);
    expect(provenance.filter((p) => p.edited)).toHaveLength(1);
    await page.close();
  }, 240_000);
});
