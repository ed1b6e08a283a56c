/// <reference lib="dom" />
/**
 * Every main page checked by axe-core (WCAG 2.1 A and AA rules: names of controls, labels, contrast, landmarks,
 * language…) in Debian's chromium at 1366×768, and none wider than the screen. A violation fails with the rule, its
 * help text and the elements it names.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, canRunBrowserTests, startDemoBrowser, type DemoBrowser } from './support.js';

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

describe.skipIf(!canRunBrowserTests)('accessibility of the main pages', () => {
  let demo: DemoBrowser;

  beforeAll(async () => {
    demo = await startDemoBrowser('a11y');
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  async function check(page: Page, what: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    // a dialog fading in is read at its final colours (mid-way, its text blends with the overlay: a contrast failure
    // that no user sees for long)
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    expect(await axeViolations(page), what).toEqual([]);
    expect(await overflow(page), `${what}: wider than a 1366 px screen`).toBeLessThanOrEqual(0);
  }

  it('the sign-in page', async () => {
    const page = await demo.browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    await page.goto(demo.server.url);
    await page.getByLabel('Tên đăng nhập').waitFor();
    await check(page, 'sign-in');
    await page.close();
  });

  it("the reporting officer's pages: rounds, data entry, narrative, changes, history", async () => {
    const page = await demo.signIn('khcn.baocao');
    await check(page, 'rounds');
    await page.getByRole('link', { name: 'Năm 2026' }).click();
    await page.getByRole('link', { name: 'Sở Khoa học và Công nghệ' }).click();
    await page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).waitFor();
    await check(page, 'data entry');
    await page.getByRole('tab', { name: 'Báo cáo (nội dung)' }).click();
    await check(page, 'narrative');
    await page.getByRole('link', { name: 'Lịch sử', exact: true }).click();
    await page.getByRole('heading', { name: 'Lịch sử báo cáo' }).waitFor();
    await check(page, 'history');
    await page.close();
  }, 120_000);

  it("the Sở Nội vụ's pages: board, review, consolidation, dashboards, import", async () => {
    const page = await demo.signIn('snv.tonghop');
    await page.getByRole('button', { name: 'Mở đợt báo cáo' }).click();
    await page.getByRole('dialog').waitFor();
    await check(page, 'open a round');
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Năm 2026' }).click();
    await page.getByRole('table', { name: 'Tình hình nộp báo cáo theo đơn vị' }).waitFor();
    await check(page, 'completeness board');
    await page.getByRole('link', { name: 'Xem số liệu tổng hợp toàn tỉnh' }).click();
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    await check(page, 'consolidation');
    await page.getByRole('link', { name: 'Bảng điều khiển' }).click();
    await page.locator('[data-testid="chart-trend"] svg').waitFor({ timeout: 30_000 });
    await check(page, 'dashboards');
    await page.getByRole('link', { name: 'Nhập báo cáo cũ' }).click();
    await page.getByRole('heading', { name: 'Nhập báo cáo cũ' }).waitFor();
    await check(page, 'import');
    await page.close();
  }, 120_000);

  it("the province report's composing workspace and its settings", async () => {
    const page = await demo.signIn('snv.tonghop');
    await page.getByRole('link', { name: 'Năm 2026' }).click();
    await page.getByRole('link', { name: 'Báo cáo của tỉnh' }).click();
    await page
      .getByRole('navigation', { name: 'Đề cương báo cáo' })
      .getByRole('button', { name: /^2\. Cải cách thủ tục hành chính/u })
      .click();
    await page.getByRole('article').first().waitFor();
    await check(page, 'province report');
    await page.getByRole('button', { name: 'Thiết lập báo cáo của tỉnh' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Lưu thiết lập' }).waitFor();
    await check(page, 'province report settings');
    await page.close();
  }, 120_000);

  it('the CCHC index: the list, an agency’s self-assessment, the results, a finalised assessment', async () => {
    let page = await demo.signIn('khcn.baocao');
    await page.getByRole('link', { name: 'Chỉ số CCHC' }).click();
    const list = page.getByRole('table', { name: 'Bản tự đánh giá của các cơ quan, đơn vị' });
    await list.waitFor();
    await check(page, 'index list');
    await list.getByRole('link', { name: 'Sở Khoa học và Công nghệ' }).click();
    await page.getByTestId('forecast').waitFor();
    await page.getByTestId('history').waitFor();
    await check(page, 'index self-assessment');
    await page.close();
    page = await demo.signIn('snv.tonghop');
    await page.getByRole('link', { name: 'Chỉ số CCHC' }).click();
    await page.getByRole('tab', { name: 'Kết quả, xếp hạng' }).click();
    await page.getByRole('table', { name: 'Bảng xếp hạng Chỉ số CCHC' }).waitFor();
    await check(page, 'index results');
    await page.getByRole('tab', { name: 'Tự đánh giá và thẩm định' }).click();
    await page.getByRole('table', { name: 'Bản tự đánh giá của các cơ quan, đơn vị' }).getByRole('link', { name: 'Sở Tư pháp' }).click();
    await page.getByTestId('adjustments').waitFor();
    await check(page, 'index finalised assessment');
    await page.close();
  }, 120_000);

  it("the administrator's pages: template versions and accounts", async () => {
    const page = await demo.signIn('quantri');
    await page.getByRole('link', { name: 'Mẫu báo cáo' }).click();
    await page.getByRole('heading', { name: 'Mẫu báo cáo' }).first().waitFor();
    await check(page, 'templates');
    await page.getByRole('link', { name: 'Tài khoản' }).click();
    await page.getByRole('heading', { name: 'Tài khoản' }).first().waitFor();
    await check(page, 'accounts');
    await page.close();
  }, 120_000);
});
