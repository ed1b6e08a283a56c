/// <reference lib="dom" />
/**
 * The CCHC index in a real browser (Debian's chromium driven by playwright-core) on the demo: Sở KH&CN's officer reads
 * the forecast of the computed criteria, self-assesses with an uploaded file and a linked report, and her leader
 * submits; the Sở Nội vụ adjusts a score with its reason and returns the assessment; the agency sees the adjustment,
 * its reason and the history, adds a document, and submits again; the Sở Nội vụ finalises, publishes the ranking and
 * downloads it as DOCX and XLSX (their contents read back); the agency then reads the published ranking, which it could
 * not before. Screenshots in test-results/ (index-*.png), wide and narrow.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/server/app.js';
import { axeViolations, canRunBrowserTests, startDemoBrowser, type DemoBrowser } from './support.js';

const SET = '2026-so-nganh';
const KHCN = 'nt-so-khcn';
const ADJUST_REASON = 'Còn 2 quy trình nội bộ chưa được phê duyệt.';
const RETURN_REASON = 'Bổ sung quyết định phê duyệt quy trình nội bộ giải quyết TTHC.';
const DECISION = 'Quyết định số 45/QĐ-UBND ngày 20/01/2027';

describe.skipIf(!canRunBrowserTests)('the CCHC index, in the browser', () => {
  let demo: DemoBrowser;
  const dir = mkdtempSync(join(tmpdir(), 'cchc-e2e-index-'));

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
    const csrf = ((await response.json()) as { csrfToken: string }).csrfToken;
    return async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${demo.server.url}${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await r.json()) as Record<string, unknown>;
      expect(r.status, JSON.stringify(json)).toBe(200);
      return json;
    };
  }

  /** The agency's assessment page, straight from its address. */
  async function openAssessment(page: Page) {
    await page.goto(`${demo.server.url}/#/index/${SET}/${KHCN}`);
    await page.getByRole('heading', { name: 'Tự đánh giá Chỉ số CCHC năm 2026: Sở Khoa học và Công nghệ' }).waitFor();
  }

  const row = (page: Page, code: string) => page.getByTestId(`criterion-${code}`);

  beforeAll(async () => {
    demo = await startDemoBrowser('par-index');
    // Sở KH&CN's report of the year is sent and accepted, so the computed criteria have figures and it can be linked
    const leader = await apiSignIn('khcn.duyet');
    const reports = (await leader('GET', `/api/reports?agencyId=${KHCN}`)) as unknown as { id: string; period: { year: number; kind: string } }[];
    const report = reports.find((r) => r.period.year === 2026 && r.period.kind === 'Y')!;
    const draft = (await leader('GET', `/api/reports/${report.id}`)) as { version: number; findings: { rule: string }[] };
    const sent = await leader('POST', `/api/reports/${report.id}/submit`, {
      version: draft.version,
      explanations: draft.findings.map((f) => ({ rule: f.rule, text: 'Số liệu đã được rà soát.' })),
    });
    const snv = await apiSignIn('snv.tonghop');
    await snv('POST', `/api/reports/${report.id}/accept`, { version: sent['version'] });
  }, 180_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('Sở KH&CN reads its forecast, self-assesses with an uploaded file and a linked report, and its leader submits', async () => {
    let page = await demo.signIn('khcn.baocao');
    page.setDefaultTimeout(15_000);
    await page.getByRole('link', { name: 'Chỉ số CCHC' }).click();
    await page.getByRole('heading', { name: 'Chỉ số cải cách hành chính' }).waitFor();
    // the set of its own group comes first
    expect(await page.getByRole('combobox', { name: 'Bộ tiêu chí' }).inputValue()).toMatch(/^2026 — Sở, ban, ngành/u);
    await page
      .getByRole('table', { name: 'Bản tự đánh giá của các cơ quan, đơn vị' })
      .getByRole('link', { name: 'Sở Khoa học và Công nghệ' })
      .click();
    await page.getByRole('heading', { name: 'Tự đánh giá Chỉ số CCHC năm 2026: Sở Khoa học và Công nghệ' }).waitFor();

    // the forecast: the points the computed criteria give so far from the accepted report, and what is still missing
    const forecast = page.getByTestId('forecast');
    await forecast.getByText('Dự báo điểm các tiêu chí tính tự động').waitFor();
    expect(await forecast.getByTestId('forecast-3.2').innerText()).toMatch(/98,5%[\s\S]*5 \/ 6 điểm/u); // 98.5% on time: 5 of 6 points
    expect(await forecast.getByTestId('forecast-1.1.2').innerText()).toMatch(/20\/24[\s\S]*2 \/ 3 điểm/u); // 20 of 24 tasks done
    expect(await forecast.getByText(/^Còn thiếu: Chỉ tiêu "/u).count()).toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/index-1-forecast.png' });

    // two criteria scored with their explanations
    await page.getByRole('textbox', { name: 'Điểm tự chấm 1.1.1' }).fill('1');
    await page.getByRole('textbox', { name: 'Giải trình 1.1.1' }).fill('Đã ban hành Kế hoạch CCHC năm 2026 ngày 10/01/2026.');
    await page.getByRole('textbox', { name: 'Điểm tự chấm 3.4' }).fill('3');
    await page.getByRole('textbox', { name: 'Giải trình 3.4' }).fill('Các quy trình nội bộ giải quyết TTHC đã được phê duyệt.');
    await page.getByText('2 tiêu chí có thay đổi chưa lưu').waitFor();
    await page.getByRole('button', { name: 'Lưu tự đánh giá' }).click();
    await page.getByText('Đã lưu tự đánh giá.').waitFor();
    // each needs its evidence
    const findings = page.getByTestId('findings');
    await findings.getByText('Cần sửa 2 lỗi trước khi gửi thẩm định').waitFor();
    await findings.getByText(/Tiêu chí 1\.1\.1 chưa có tài liệu kiểm chứng/u).waitFor();

    // an uploaded file for 1.1.1
    const file = join(dir, 'Quyết định ban hành KH CCHC 2026.pdf');
    writeFileSync(file, '%PDF-1.4\n% Quyết định ban hành Kế hoạch CCHC năm 2026\n');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Tải tệp 1.1.1' }).click();
    await (await chooser).setFiles(file);
    await row(page, '1.1.1')
      .getByRole('link', { name: /Quyết định ban hành KH CCHC 2026\.pdf/u })
      .waitFor();
    // the accepted report of the year linked to 3.4
    await page.getByRole('button', { name: 'Liên kết 3.4' }).click();
    await page.getByRole('combobox', { name: 'Báo cáo liên kết 3.4' }).click();
    await page.getByRole('option', { name: 'Báo cáo CCHC năm 2026' }).click();
    await row(page, '3.4').getByRole('button', { name: 'Thêm liên kết' }).click();
    await row(page, '3.4')
      .getByRole('link', { name: /Báo cáo CCHC năm 2026/u })
      .waitFor();
    await expect.poll(() => page.getByText(/Cần sửa \d+ lỗi/u).count()).toBe(0);
    expect(await page.getByTestId('totals').innerText()).toMatch(/Điểm đơn vị tự đánh giá\s+\d/u);
    // the officer cannot submit: her leader does
    expect(await page.getByRole('button', { name: 'Gửi thẩm định' }).count()).toBe(0);
    await page.getByText('Lãnh đạo đơn vị (tài khoản phê duyệt) gửi bản tự đánh giá đến Sở Nội vụ thẩm định.').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/index-2-self-assessment.png', fullPage: true });
    await page.close();

    page = await demo.signIn('khcn.duyet');
    page.setDefaultTimeout(15_000);
    await openAssessment(page);
    await page.getByRole('button', { name: 'Gửi thẩm định' }).click();
    await page.getByText('Đã gửi thẩm định.').waitFor();
    expect(await page.getByTestId('assessment-status').innerText()).toMatch(/Đã gửi thẩm định/iu);
    await page.close();
  }, 180_000);

  it('the Sở Nội vụ adjusts a score with its reason and returns it; the agency sees both, resubmits; the Sở Nội vụ finalises', async () => {
    let page = await demo.signIn('snv.tonghop');
    page.setDefaultTimeout(15_000);
    await page.getByRole('link', { name: 'Chỉ số CCHC' }).click();
    const list = page.getByRole('table', { name: 'Bản tự đánh giá của các cơ quan, đơn vị' });
    await list.getByRole('row').filter({ hasText: 'Sở Khoa học và Công nghệ' }).getByText('Đã gửi thẩm định').waitFor();
    await list.getByRole('link', { name: 'Sở Khoa học và Công nghệ' }).click();
    await page.getByRole('heading', { name: 'Tự đánh giá Chỉ số CCHC năm 2026: Sở Khoa học và Công nghệ' }).waitFor();
    // the agency's evidence is there to check
    await row(page, '1.1.1')
      .getByRole('link', { name: /Quyết định ban hành KH CCHC 2026\.pdf/u })
      .waitFor();
    await page.getByRole('textbox', { name: 'Điểm thẩm định 3.4' }).fill('2');
    await page.getByRole('textbox', { name: 'Lý do điều chỉnh 3.4' }).fill(ADJUST_REASON);
    await page.getByRole('button', { name: 'Lưu điểm thẩm định' }).click();
    await page.getByText('Đã lưu điểm thẩm định.').waitFor();
    await page.getByTestId('adjustments').getByText(`lý do: ${ADJUST_REASON}`, { exact: false }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/index-3-appraisal.png' });
    await page.getByRole('button', { name: 'Trả lại bổ sung' }).click();
    const dialog = page.getByRole('dialog', { name: 'Trả lại để đơn vị bổ sung' });
    await dialog.getByRole('textbox', { name: 'Lý do trả lại (tài liệu cần bổ sung)' }).fill(RETURN_REASON);
    await dialog.getByRole('button', { name: 'Trả lại' }).click();
    await page.getByText('Đã trả lại để đơn vị bổ sung.').waitFor();
    expect(await page.getByTestId('assessment-status').innerText()).toMatch(/Trả lại bổ sung/iu);
    await page.close();

    // the agency sees the return's reason, the adjustment with its reason, and who did what in the history
    page = await demo.signIn('khcn.baocao');
    page.setDefaultTimeout(15_000);
    await openAssessment(page);
    await page.getByTestId('return-reason').getByText(RETURN_REASON).waitFor();
    expect(await page.getByTestId('adjustments').innerText()).toContain(`3 → 2 điểm — lý do: ${ADJUST_REASON}`);
    expect(await page.getByTestId('reason-3.4').innerText()).toBe(`Lý do: ${ADJUST_REASON}`);
    const history = page.getByTestId('history');
    await history.getByText(`Lý do: ${RETURN_REASON}`).waitFor();
    await history.getByText(`Tiêu chí 3.4: 2 điểm — lý do: ${ADJUST_REASON}`).waitFor();
    await history.getByText('Tiêu chí 1.1.1: tệp Quyết định ban hành KH CCHC 2026.pdf (1 KB)').waitFor();
    expect(await history.getByText(/Anh Minh — Sở Nội vụ Ninh Thuận/u).count()).toBe(2); // the appraisal and the return
    await page.screenshot({ path: 'test-results/index-4-returned.png' });
    await history.screenshot({ path: 'test-results/index-4-history.png' });
    // the decision it was asked for, as a link
    await page.getByRole('button', { name: 'Liên kết 3.4' }).click();
    await page.getByRole('textbox', { name: 'Đường dẫn 3.4' }).fill('https://skhcn.ninhthuan.gov.vn/van-ban/qd-phe-duyet-quy-trinh-noi-bo');
    await row(page, '3.4').getByRole('button', { name: 'Thêm liên kết' }).click();
    await page.getByText('Đã thêm liên kết.').waitFor();
    await row(page, '3.4')
      .getByRole('link', { name: /skhcn\.ninhthuan\.gov\.vn/u })
      .waitFor();
    // the same page on a phone: one card per criterion, nothing wider than the screen
    await page.setViewportSize({ width: 390, height: 844 });
    await row(page, '3.4').getByText('Sở Nội vụ thẩm định').waitFor();
    await page.screenshot({ path: 'test-results/index-5-returned-narrow.png' });
    await page.close();

    page = await demo.signIn('khcn.duyet');
    page.setDefaultTimeout(15_000);
    await openAssessment(page);
    await page.getByRole('button', { name: 'Gửi thẩm định' }).click();
    await page.getByText('Đã gửi thẩm định.').waitFor();
    await page.close();

    page = await demo.signIn('snv.tonghop');
    page.setDefaultTimeout(15_000);
    await openAssessment(page);
    await page.getByRole('button', { name: 'Chốt kết quả' }).click();
    await page.getByText('Đã chốt kết quả.').waitFor();
    expect(await page.getByTestId('assessment-status').innerText()).toMatch(/Đã chốt kết quả/iu);
    await page.getByRole('button', { name: 'Mở lại thẩm định' }).waitFor();
    await page.close();
  }, 180_000);

  it('the ranking is published and downloaded as DOCX and XLSX; the agency reads it once published, not before', async () => {
    let page = await demo.signIn('khcn.baocao');
    page.setDefaultTimeout(15_000);
    await page.getByRole('link', { name: 'Chỉ số CCHC' }).click();
    await page.getByRole('tab', { name: 'Kết quả, xếp hạng' }).click();
    await page.getByTestId('not-published').getByText('Chưa công bố kết quả', { exact: true }).waitFor();
    expect(await page.getByRole('table', { name: 'Bảng xếp hạng Chỉ số CCHC' }).count()).toBe(0);
    await page.close();

    page = await demo.signIn('snv.tonghop');
    page.setDefaultTimeout(15_000);
    await page.getByRole('link', { name: 'Chỉ số CCHC' }).click();
    await page.getByRole('tab', { name: 'Kết quả, xếp hạng' }).click();
    const ranking = page.getByRole('table', { name: 'Bảng xếp hạng Chỉ số CCHC' });
    await ranking.getByRole('cell', { name: 'Sở Khoa học và Công nghệ' }).waitFor();
    const rows = await ranking.locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t')[1])).toEqual(expect.arrayContaining(['Sở Khoa học và Công nghệ', 'Sở Tư pháp', 'Sở Y tế']));
    const khcnRow = rows.find((r) => r.includes('Sở Khoa học và Công nghệ'))!.split('\t');
    const percent = khcnRow.at(-2)!; // "Chỉ số (%)", as the page prints it: "41,5"
    await page.getByRole('textbox', { name: 'Quyết định công bố' }).fill(DECISION);
    await page.getByRole('button', { name: 'Công bố kết quả' }).click();
    await page.getByTestId('published').getByText(DECISION, { exact: false }).waitFor();
    await page.locator('[data-testid="index-chart"] svg').waitFor({ timeout: 30_000 });
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/index-6-results.png', fullPage: true });

    // the annex of the decision: the title, the decision, the agencies ranked
    const [docx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải phụ lục kết quả (DOCX)' }).click()]);
    expect(docx.suggestedFilename()).toBe(`chi-so-cchc-${SET}.docx`);
    const xml = await (await JSZip.loadAsync(readFileSync((await docx.path())!))).file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((m) => m[1]).join(' ');
    expect(text).toContain('KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026');
    expect(text).toContain(DECISION);
    for (const name of ['Sở Khoa học và Công nghệ', 'Sở Tư pháp', 'Sở Y tế']) expect(text).toContain(name);
    // the table: each agency's rank, points and index, as on the page
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải bảng kết quả (XLSX)' }).click()]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const lines: (string | number)[][] = [];
    sheet.eachRow((r) => lines.push((r.values as (string | number)[]).slice(1)));
    expect(String(lines[1]![0])).toContain(DECISION);
    const khcnLine = lines.find((l) => l[1] === 'Sở Khoa học và Công nghệ')!;
    expect(khcnLine[0]).toBe(Number(khcnRow[0]));
    expect(String(khcnLine.at(-2)).replace('.', ',')).toBe(percent);
    expect(lines.filter((l) => typeof l[0] === 'number')).toHaveLength(rows.length);
    await page.close();

    // the agency reads the published ranking of its group, its own row marked
    page = await demo.signIn('khcn.baocao');
    page.setDefaultTimeout(15_000);
    await page.getByRole('link', { name: 'Chỉ số CCHC' }).click();
    await page.getByRole('tab', { name: 'Kết quả, xếp hạng' }).click();
    const published = page.getByRole('table', { name: 'Bảng xếp hạng Chỉ số CCHC' });
    await published.getByRole('cell', { name: 'Sở Tư pháp' }).waitFor();
    expect(await published.locator('tbody tr').allInnerTexts()).toEqual(rows);
    await page.getByTestId('published').getByText(DECISION, { exact: false }).waitFor();
    // no publishing, no agency's state, no other group's work for it
    expect(await page.getByRole('button', { name: /Công bố/u }).count()).toBe(0);
    expect(await page.getByTestId('pending').count()).toBe(0);
    await page.getByRole('link', { name: 'Tải bảng kết quả (XLSX)' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/index-7-published-agency.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'test-results/index-8-published-narrow.png', fullPage: true });
    await page.close();
  }, 180_000);
});
