/// <reference lib="dom" />
/**
 * The annual CCHC plan in a real browser (Debian's chromium driven by playwright-core) on the demo: the Sở Nội vụ adds
 * a task to Ninh Thuận's 2026 plan through the form and imports a plan file (first refused with every problem listed,
 * then accepted); Sở KH&CN's officer reports the task done with a note and an evidence file, filters the overdue
 * tasks, and fills the plan rows of its report of a new round from the plan; the report page shows the figures.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/server/app.js';
import { axeViolations, canRunBrowserTests, startDemoBrowser, type DemoBrowser } from './support.js';

const TASK = 'Đánh giá chất lượng phục vụ của Bộ phận Một cửa';

describe.skipIf(!canRunBrowserTests)('the annual plan, in the browser', () => {
  let demo: DemoBrowser;
  let reportId = '';
  const dir = mkdtempSync(join(tmpdir(), 'cchc-e2e-plan-'));

  async function apiSignIn(username: string) {
    const response = await fetch(`${demo.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: demo.passwords.get(username) }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
      .split(';')[0]!;
    return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
  }

  beforeAll(async () => {
    demo = await startDemoBrowser('plan');
    // a round of the fourth quarter: Sở KH&CN's report in it has nothing typed yet
    const snv = await apiSignIn('snv.tonghop');
    const response = await fetch(`${demo.server.url}/api/rounds`, {
      method: 'POST',
      headers: { cookie: snv.cookie, 'x-csrf-token': snv.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ templateId: 'ninh-thuan-7s-2023', period: { year: 2026, kind: 'Q4' }, agencyIds: ['nt-so-khcn'] }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const round = (await response.json()) as { id: string };
    const reports = (await (await fetch(`${demo.server.url}/api/reports?roundId=${round.id}`, { headers: { cookie: snv.cookie } })).json()) as {
      id: string;
    }[];
    reportId = reports[0]!.id;
  }, 180_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('the Sở Nội vụ adds a task and imports a plan file, every problem of a refused file listed', async () => {
    const page = await demo.signIn('snv.tonghop');
    page.setDefaultTimeout(15_000);
    await page.getByRole('link', { name: 'Kế hoạch CCHC' }).click();
    await page.getByRole('heading', { name: /Kế hoạch cải cách hành chính năm 2026/u }).waitFor();
    const table = page.getByRole('table', { name: 'Nhiệm vụ của kế hoạch' });
    expect(await table.getByRole('row').count()).toBe(12); // the header and the demo's eleven tasks
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Thêm nhiệm vụ' }).click();
    const form = page.getByRole('dialog', { name: 'Thêm nhiệm vụ vào kế hoạch' });
    await form.getByRole('button', { name: 'Thêm nhiệm vụ' }).click();
    await form.getByText('Hãy ghi tên nhiệm vụ.').waitFor();
    await form.getByRole('textbox', { name: 'Nhiệm vụ' }).fill(TASK);
    await form.getByRole('combobox', { name: 'Lĩnh vực' }).click();
    await page.getByRole('option', { name: 'Cải cách thủ tục hành chính' }).click();
    await form.getByRole('combobox', { name: 'Cơ quan chủ trì' }).fill('Khoa học');
    await page.getByRole('option', { name: 'Sở Khoa học và Công nghệ' }).click();
    await form.getByRole('textbox', { name: 'Thời hạn' }).fill('15/11/2026');
    await form.getByRole('textbox', { name: 'Sản phẩm dự kiến' }).fill('Báo cáo đánh giá');
    await form.getByRole('button', { name: 'Thêm nhiệm vụ' }).click();
    await page.getByText('Đã thêm nhiệm vụ.').waitFor();
    await table.getByRole('cell', { name: TASK, exact: true }).waitFor();

    await page.getByRole('button', { name: 'Nhập từ tệp' }).click();
    const importer = page.getByRole('dialog', { name: 'Nhập kế hoạch từ tệp' });
    const bad = join(dir, 'ke-hoach-loi.csv');
    writeFileSync(
      bad,
      [
        'STT,Nhiệm vụ,Lĩnh vực,Cơ quan chủ trì,Thời hạn,Sản phẩm dự kiến',
        '1,Tuyên truyền CCHC,Công tác chỉ đạo điều hành,Sở Du lịch,31/02/2026,Tin bài',
        '2,Rà soát quy chế,Thể chế,Sở Tư pháp,Quý III,',
      ].join('\n'),
    );
    const chooser = page.waitForEvent('filechooser');
    await importer.getByRole('button', { name: 'Chọn tệp kế hoạch' }).click();
    await (await chooser).setFiles(bad);
    const problems = importer.getByRole('table', { name: 'Lỗi trong tệp kế hoạch' });
    await problems.waitFor();
    expect(await problems.getByRole('row').count()).toBe(4); // the header and three problems: an agency and a date on line 2, a date on line 3
    await importer.getByText(/Không có cơ quan "Sở Du lịch"/u).waitFor();
    await importer.getByText(/Không đọc được thời hạn "Quý III"/u).waitFor();
    await page.screenshot({ path: 'test-results/plan-import-problems.png', fullPage: true });

    const good = join(dir, 'ke-hoach.csv');
    writeFileSync(
      good,
      ['STT,Nhiệm vụ,Lĩnh vực,Cơ quan chủ trì,Thời hạn,Sản phẩm dự kiến', '1,Rà soát quy chế làm việc,Thể chế,Sở Tư pháp,30/12/2026,Quy chế'].join(
        '\n',
      ),
    );
    const again = page.waitForEvent('filechooser');
    await importer.getByRole('button', { name: 'Chọn tệp kế hoạch' }).click();
    await (await again).setFiles(good);
    await page.getByText('Đã nhập 1 nhiệm vụ từ tệp.').waitFor();
    await table.getByRole('cell', { name: 'Rà soát quy chế làm việc', exact: true }).waitFor();
    await page.close();
  }, 120_000);

  it("Sở KH&CN's officer reports the task done with evidence, filters the overdue tasks, and fills its report from the plan", async () => {
    const page = await demo.signIn('khcn.baocao');
    page.setDefaultTimeout(15_000);
    await page.getByRole('link', { name: 'Kế hoạch CCHC' }).click();
    const table = page.getByRole('table', { name: 'Nhiệm vụ của kế hoạch' });
    await table.getByRole('cell', { name: TASK, exact: true }).waitFor();
    // the other agencies' tasks are shown, with no action on them
    await table.getByRole('cell', { name: 'Rà soát quy chế làm việc', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Cập nhật tiến độ: Rà soát quy chế làm việc' }).count()).toBe(0);

    await page.getByRole('button', { name: `Cập nhật tiến độ: ${TASK}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Cập nhật tiến độ nhiệm vụ' });
    await dialog.getByRole('combobox', { name: 'Trạng thái' }).click();
    await page.getByRole('option', { name: 'Đã hoàn thành' }).click();
    await dialog.getByRole('textbox', { name: 'Ngày hoàn thành' }).fill('10/11/2026');
    await dialog.getByRole('textbox', { name: 'Ghi chú' }).fill('Đã gửi báo cáo đánh giá đến Sở Nội vụ.');
    const evidence = join(dir, 'bao-cao-danh-gia.pdf');
    writeFileSync(evidence, '%PDF-1.4\n% Báo cáo đánh giá chất lượng phục vụ\n');
    const chooser = page.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: 'Tải tệp minh chứng lên' }).click();
    await (await chooser).setFiles(evidence);
    await dialog.getByRole('link', { name: 'bao-cao-danh-gia.pdf' }).waitFor();
    await dialog.getByRole('button', { name: 'Lưu tiến độ' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = table.getByRole('row').filter({ hasText: TASK });
    await row.getByText('Đã hoàn thành').waitFor();
    await row.getByText('ngày 10/11/2026').waitFor();
    await row.getByRole('link', { name: 'bao-cao-danh-gia.pdf' }).waitFor();

    // the overdue tasks only: each marked, none of them done
    await page.getByRole('combobox', { name: 'Tiến độ' }).click();
    await page.getByRole('option', { name: 'Quá hạn' }).click();
    const overdue = await table.getByRole('row').count();
    expect(overdue).toBeGreaterThan(1);
    expect(await table.getByText('Quá hạn', { exact: true }).count()).toBe(overdue - 1);
    expect(await table.getByText('Đã hoàn thành').count()).toBe(0);
    await page.screenshot({ path: 'test-results/plan-overdue.png', fullPage: true });
    await page.getByRole('combobox', { name: 'Tiến độ' }).click();
    await page.getByRole('option', { name: 'Quá hạn' }).click(); // deselects

    // the fourth quarter's report, filled from the plan: Sở KH&CN has 5 tasks (its own one among them), 3 done by 14/12
    await page.getByRole('heading', { name: 'Điền số liệu kế hoạch vào báo cáo' }).waitFor();
    const line = page.locator('div', { has: page.getByRole('link', { name: 'Báo cáo Quý IV 2026' }) }).last();
    await line.getByRole('button', { name: 'Lấy số liệu từ kế hoạch' }).click();
    const prefill = page.getByRole('dialog', { name: 'Lấy số liệu từ kế hoạch CCHC' });
    const proposal = prefill.getByRole('table', { name: 'Số liệu lấy từ kế hoạch' });
    await proposal.getByRole('row').filter({ hasText: 'Số nhiệm vụ đề ra trong kế hoạch' }).getByRole('cell', { name: '5', exact: true }).waitFor();
    await proposal.getByRole('row').filter({ hasText: 'Số nhiệm vụ đã hoàn thành' }).getByRole('cell', { name: '3', exact: true }).waitFor();
    await page.screenshot({ path: 'test-results/plan-prefill.png', fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    await prefill.getByRole('button', { name: 'Điền 2 ô vào báo cáo' }).click();
    await page.getByText(/Đã điền 2 ô từ kế hoạch CCHC/u).waitFor();

    await page.goto(`${demo.server.url}/#/reports/${encodeURIComponent(reportId)}`);
    const planned = page.getByLabel('Số liệu: 1.1.1. Số nhiệm vụ đề ra trong kế hoạch', { exact: true });
    await planned.waitFor();
    expect(await planned.inputValue()).toBe('5');
    expect(await page.getByLabel('Số liệu: 1.1.2. Số nhiệm vụ đã hoàn thành', { exact: true }).inputValue()).toBe('3');
    await page.screenshot({ path: 'test-results/plan-report-filled.png', fullPage: true });
    await page.close();
  }, 120_000);
});
