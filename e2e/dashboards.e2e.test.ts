/// <reference lib="dom" />
/**
 * The dashboards in a real browser (Debian's chromium driven by playwright-core): the Sở Nội vụ opens "Bảng điều
 * khiển" on the demo, the three charts render (SVG) with Vietnamese descriptions, and a chart's data downloads as CSV.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowserTests, startDemoBrowser, type DemoBrowser } from './support.js';

describe.skipIf(!canRunBrowserTests)('dashboards, in the browser', () => {
  let demo: DemoBrowser;

  beforeAll(async () => {
    demo = await startDemoBrowser('dashboards');
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  it('shows the charts to the Sở Nội vụ and downloads their data as CSV', async () => {
    const page = await demo.signIn('snv.tonghop');
    await page.getByRole('link', { name: 'Bảng điều khiển' }).click();
    await page.getByRole('heading', { name: 'Bảng điều khiển' }).waitFor();

    // each chart draws as SVG, with a Vietnamese description for screen readers
    for (const id of ['chart-trend', 'chart-ranking', 'chart-completeness']) {
      await page.locator(`[data-testid="${id}"] svg`).waitFor({ timeout: 20_000 });
      // axes, and the series drawn over them
      await expect.poll(() => page.locator(`[data-testid="${id}"] svg path`).count(), { timeout: 10_000 }).toBeGreaterThan(5);
    }
    const trendLabel = await page.getByTestId('chart-trend').getAttribute('aria-label');
    expect(trendLabel).toMatch(
      /^Biểu đồ xu hướng: Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn, toàn tỉnh\. .*đơn vị có số liệu/u,
    );
    expect(await page.getByTestId('chart-completeness').getAttribute('aria-label')).toContain('Năm 2026: 8 đơn vị');
    // one length of period on the axis (years by default, never mixed with halves or quarters), labelled by the
    // reports' own phrases
    const axis = await page.getByTestId('chart-trend').locator('svg').textContent();
    expect(axis).toContain('Năm 2022');
    expect(axis).not.toMatch(/6 tháng|Quý|9 tháng/u);
    // its text in the screen's face, as the rest of the page (Times New Roman belongs to the printed report)
    const fonts = await page
      .getByTestId('chart-trend')
      .locator('svg text')
      .evaluateAll((texts) => [...new Set(texts.map((t) => getComputedStyle(t).fontFamily))]);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font).toMatch(/^"Noto Sans Variable"/u);
      expect(font).not.toMatch(/Times/u);
    }

    // it fits the screen of an office computer
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    await page.screenshot({ path: 'test-results/dashboards.png', fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải CSV: xu hướng chỉ tiêu' }).click()]);
    expect(download.suggestedFilename()).toBe('xu-huong_dossiers.on-time-rate.departments_toan-tinh.csv');
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe(
      'Chỉ tiêu,Phạm vi,Kỳ báo cáo,Năm,Giá trị,Đơn vị tính,Cách tính,Số đơn vị có số liệu,Số đơn vị của kỳ báo cáo,Tử số,Mẫu số,Nhỏ nhất,Trung vị,Lớn nhất,Mẫu báo cáo,Số đơn vị chỉ ghi tỷ lệ,Ghi chú',
    );
    // the same periods as the chart: years only
    expect(lines.some((l) => l.includes(',Năm 2022,2022,'))).toBe(true);
    expect(lines.some((l) => l.includes(',6 tháng đầu năm 2022,'))).toBe(false);

    const [completeness] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải CSV: tình hình nộp báo cáo' }).click(),
    ]);
    const text = readFileSync((await completeness.path())!, 'utf8');
    expect(text).toContain('\r\nNăm 2026,ninh-thuan-7s-2023,');
    await page.close();
  }, 120_000);
});
