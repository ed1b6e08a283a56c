/// <reference lib="dom" />
/**
 * A report opened directly (a link, its address, a reload) comes with its grid drawn by the server
 * (src/server/web-page.ts), and the officer can type in it before any script has run; the client's first module takes
 * that table over (first-grid.ts: what was typed read, checked and kept), and the app, when it comes, takes it over in
 * turn and saves it. An earlier version's address ("/#/reports/…") gets the grid drawn by the first module instead.
 * Nothing is drawn twice, the grid is read-only for an account that may not change the report, and nothing is drawn
 * at another page's address or for another agency's report. The scripts are held back here (their requests answered
 * only when the test says) so that each moment before them is seen as it is.
 * Screenshots in test-results/first-grid-*.png.
 */
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunBrowserTests, pasteFromExcel, startDemoBrowser, type DemoBrowser } from './support.js';

describe.skipIf(!canRunBrowserTests)('the grid drawn before the app, in the browser', () => {
  let demo: DemoBrowser;
  let reportUrl = '';

  beforeAll(async () => {
    demo = await startDemoBrowser('first-grid');
  }, 120_000);

  afterAll(async () => {
    await demo?.close();
  });

  const PLANNED = 'Số liệu: 1.1.1. Số nhiệm vụ đề ra trong kế hoạch';
  const grid = (page: Page) => page.getByRole('table', { name: 'Phụ lục thống kê số liệu' });

  /** A page of the signed-in page's session (its cookies). */
  async function sameSession(signedIn: Page) {
    const context = await demo.browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    await context.addCookies(await signedIn.context().cookies());
    return context.newPage();
  }

  /** Requests of `page` for files matching `pattern` wait for `release()`. */
  async function hold(page: Page, pattern: RegExp) {
    const held: Route[] = [];
    let released = false;
    await page.route(pattern, (route) => (released ? route.continue() : void held.push(route)));
    return {
      release: async () => {
        released = true;
        for (const route of held.splice(0)) await route.continue();
      },
      held: () => held.length,
    };
  }

  /** A page of the signed-in page's session whose requests for the app's code and stylesheet wait for `release()`. */
  async function heldTab(signedIn: Page) {
    const page = await sameSession(signedIn);
    return { page, ...(await hold(page, /\/assets\/main-[^/]*\.(?:js|css)$/u)) };
  }

  /** What the grid's rows are laid out with (the same before and after the app has come: no second layout). */
  const looks = (page: Page) =>
    page.evaluate(() =>
      ['body', 'table[aria-label="Phụ lục thống kê số liệu"] td.label', 'table[aria-label="Phụ lục thống kê số liệu"] td.value input'].map(
        (selector) => {
          const style = getComputedStyle(document.querySelector(selector)!);
          const props = ['box-sizing', 'line-height', 'font-family', 'font-size', 'font-weight', '-webkit-font-smoothing'];
          return `${selector}: ${props.map((p) => `${p}=${style.getPropertyValue(p)}`).join('; ')}`;
        },
      ),
    );

  it('comes with the page and takes typing before any script; the first module and then the app take it over and save it', async () => {
    const officer = await demo.signIn('khcn.baocao');
    await officer
      .getByRole('table', { name: 'Báo cáo của đơn vị theo thứ tự cần làm' })
      .getByRole('row')
      .filter({ hasText: 'Năm 2026' })
      .getByRole('link')
      .click();
    await grid(officer).waitFor();
    reportUrl = officer.url();
    // the report's own address, a path the server sees (not a hash)
    expect(new URL(reportUrl).pathname).toMatch(/^\/reports\/[^/]+$/u);

    const { page, release, held } = await heldTab(officer);
    const first = await hold(page, /\/assets\/index-[^/]*\.js$/u);
    const asked: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) asked.push(new URL(request.url()).pathname);
    });
    // (its content loaded event waits for the held module)
    await page.goto(reportUrl, { waitUntil: 'commit' });
    // the server's table, before any of the client's modules has run: the stored values, inputs that take typing
    await grid(page).waitFor();
    await expect.poll(first.held).toBeGreaterThan(0);
    expect(await page.locator('table[aria-label="Phụ lục thống kê số liệu"] tbody tr[data-row]').count()).toBeGreaterThan(50);
    expect(await page.getByRole('status').first().textContent()).toMatch(/Đang tải các chức năng/u);
    const planned = page.getByLabel(PLANNED, { exact: true });
    await planned.fill('17');
    await page.screenshot({ path: 'test-results/first-grid-00-server.png' });

    // the first module: the table taken as it stands, what was typed read (no script had seen it) and kept
    await first.release();
    await expect.poll(() => page.locator('tr', { has: planned }).locator('.reading').textContent()).toBe('= 17');
    await expect.poll(held).toBeGreaterThan(0);
    // the page came with its first answers: none asked for again
    expect(asked.filter((path) => path === '/api/auth/me' || path.startsWith('/api/reports/') || path.startsWith('/api/templates/'))).toEqual([]);
    expect(await page.evaluate(() => (window as { cchcStart?: unknown }).cchcStart)).toBeUndefined();
    const drawnFirst = await looks(page);
    // the grid, and no app yet: no header, no tabs
    expect(await page.getByRole('button', { name: 'Đăng xuất' }).count()).toBe(0);
    await page.getByLabel('Ghi chú: 1.1.1. Số nhiệm vụ đề ra trong kế hoạch', { exact: true }).fill('Theo kế hoạch số 12/KH-SKHCN');
    await page.screenshot({ path: 'test-results/first-grid-01-before-app.png' });

    await release();
    await page.locator('table[data-page="ready"]').waitFor();
    await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();
    // one table, the same inputs, what was typed kept and saved
    expect(await page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).count()).toBe(1);
    expect(await page.locator('.first-grid').count()).toBe(0);
    expect(await planned.inputValue()).toBe('17');
    // Mantine's stylesheet, arrived with the app, changed nothing the rows are laid out with (styles.css carries its
    // baseline): the 200 rows are not laid out again while the officer types
    expect(await looks(page)).toEqual(drawnFirst);
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 20_000 }).toBe('Đã lưu');
    await page.screenshot({ path: 'test-results/first-grid-02-app.png' });
    const fresh = await sameSession(officer);
    await fresh.goto(reportUrl);
    await fresh.locator('table[data-page="ready"]').waitFor();
    expect(await fresh.getByLabel(PLANNED, { exact: true }).inputValue()).toBe('17');
    expect(await fresh.getByLabel('Ghi chú: 1.1.1. Số nhiệm vụ đề ra trong kế hoạch', { exact: true }).inputValue()).toBe(
      'Theo kế hoạch số 12/KH-SKHCN',
    );
    // typing after the app took over is checked and saved as before
    await fresh.getByLabel(PLANNED, { exact: true }).fill('abc');
    await fresh.getByText('Lỗi: ', { exact: false }).first().waitFor();
    await fresh.getByLabel(PLANNED, { exact: true }).fill('18');
    await expect.poll(() => fresh.getByRole('status').first().textContent(), { timeout: 20_000 }).toBe('Đã lưu');
    await Promise.all([page.close(), fresh.close(), officer.close()]);
  });

  it("at an earlier version's address, is drawn by the first module from the start-up script's answers; the address becomes the path", async () => {
    const officer = await demo.signIn('khcn.baocao');
    const { page, release, held } = await heldTab(officer);
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/iu.test(message.text())) refused.push(message.text());
    });
    const { origin, pathname } = new URL(reportUrl);
    await page.goto(`${origin}/#${pathname}`, { waitUntil: 'domcontentloaded' });
    await grid(page).waitFor();
    await expect.poll(held).toBeGreaterThan(0);
    // the page's inline start-up script ran under the server's policy (allowed by its hash) and sent the first requests
    // (its answers left on window.cchcStart, and taken by the client: null)
    expect(await page.evaluate(() => (window as { cchcStart?: unknown }).cchcStart)).toBeNull();
    expect(refused).toEqual([]);
    const planned = page.getByLabel(PLANNED, { exact: true });
    await planned.fill('19');
    expect(await page.locator('tr', { has: planned }).locator('.reading').textContent()).toBe('= 19');
    await release();
    await page.locator('table[data-page="ready"]').waitFor();
    expect(await page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).count()).toBe(1);
    await expect.poll(() => page.evaluate(() => `${window.location.pathname}${window.location.hash}`)).toBe(pathname);
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 20_000 }).toBe('Đã lưu');
    await Promise.all([page.close(), officer.close()]);
  });

  it('keeps what was typed before the app in this browser: a reload shows it again, and the app sends it', async () => {
    const officer = await demo.signIn('khcn.baocao');
    const { page, release } = await heldTab(officer);
    await page.goto(reportUrl);
    await grid(page).waitFor();
    await page.getByLabel(PLANNED, { exact: true }).fill('23');
    // reloaded while the app's code is still held: the grid drawn again with the value kept
    await page.reload({ waitUntil: 'domcontentloaded' });
    await grid(page).waitFor();
    expect(await page.getByLabel(PLANNED, { exact: true }).inputValue()).toBe('23');
    await release();
    await page.locator('table[data-page="ready"]').waitFor();
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 20_000 }).toBe('Đã lưu');
    const fresh = await sameSession(officer);
    await fresh.goto(reportUrl);
    await fresh.locator('table[data-page="ready"]').waitFor();
    expect(await fresh.getByLabel(PLANNED, { exact: true }).inputValue()).toBe('23');
    await Promise.all([page.close(), fresh.close(), officer.close()]);
  });

  it('holds a block pasted from Excel before the app, and the app previews it when it comes', async () => {
    const officer = await demo.signIn('khcn.baocao');
    const { page, release } = await heldTab(officer);
    await page.goto(reportUrl);
    await grid(page).waitFor();
    await pasteFromExcel(page.getByLabel(PLANNED, { exact: true }), 'STT\tChỉ tiêu thống kê\tSố liệu\r\n3.1.1\tSố TTHC công bố mới\t9\r\n');
    expect(await page.getByRole('status').first().textContent()).toMatch(/khối vừa dán sẽ được xem trước/u);
    await page.screenshot({ path: 'test-results/first-grid-03-paste-held.png' });
    expect(await page.getByLabel(PLANNED, { exact: true }).inputValue()).not.toContain('Số TTHC');
    await release();
    const dialog = page.getByRole('dialog', { name: 'Dán từ Excel: xem trước' });
    await dialog.waitFor();
    expect(await dialog.getByRole('table', { name: 'Các dòng đã dán và dòng đích' }).textContent()).toContain('3.1.1. Số TTHC công bố mới');
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await Promise.all([page.close(), officer.close()]);
  });

  it("is read-only for an account that may not change the report, and is not drawn at another page's address", async () => {
    const reviewer = await demo.signIn('snv.tonghop');
    const { page, release } = await heldTab(reviewer);
    await page.goto(reportUrl);
    await grid(page).waitFor();
    expect(await page.getByLabel(PLANNED, { exact: true }).getAttribute('readonly')).toBe('');
    await release();
    await page.locator('table[data-page="ready"]').waitFor();
    expect(await page.getByLabel(PLANNED, { exact: true }).getAttribute('readonly')).toBe('');

    const other = await heldTab(reviewer);
    await other.page.goto(new URL('/rounds', reportUrl).href, { waitUntil: 'domcontentloaded' });
    // the app asked for (held): the first module has run and chose not to draw (the held stylesheet holds the load event)
    await expect.poll(other.held).toBeGreaterThan(0);
    expect(await other.page.locator('table').count()).toBe(0);
    await other.release();
    await other.page.getByRole('heading', { name: 'Đợt báo cáo' }).waitFor();

    // the report's path with another page's old address after it: the server drew the report's grid, the address
    // shows the rounds; the grid is taken away by the first module, never shown under another page
    const mixed = await heldTab(reviewer);
    await mixed.page.goto(`${reportUrl}#/rounds`, { waitUntil: 'commit' });
    await expect.poll(mixed.held).toBeGreaterThan(0);
    await expect.poll(() => mixed.page.locator('table').count()).toBe(0);
    await mixed.release();
    await mixed.page.getByRole('heading', { name: 'Đợt báo cáo' }).waitFor();
    expect(await mixed.page.getByRole('table', { name: 'Phụ lục thống kê số liệu' }).count()).toBe(0);
    expect(new URL(mixed.page.url()).pathname).toBe('/rounds');
    await Promise.all([page.close(), other.page.close(), mixed.page.close(), reviewer.close()]);
  });

  it("says so when the app's code cannot be loaded, and the grid takes no more typing", async () => {
    const officer = await demo.signIn('khcn.baocao');
    const page = await sameSession(officer);
    await page.route(/\/assets\/main-[^/]*\.js$/u, (route) => route.abort('connectionfailed'));
    await page.goto(reportUrl, { waitUntil: 'domcontentloaded' });
    await grid(page).waitFor();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /^Không tải được các chức năng của trang .*Hãy tải lại trang\. Số liệu vừa nhập vào bảng được giữ trên máy này và sẽ được gửi khi trang tải được\.$/u,
    );
    expect(await page.getByLabel(PLANNED, { exact: true }).getAttribute('readonly')).toBe('');
    await page.screenshot({ path: 'test-results/first-grid-04-app-failed.png' });
    await Promise.all([page.close(), officer.close()]);
  });

  it("draws nothing for another agency's report, whose address it was given: the app says it is not found", async () => {
    const other = await demo.signIn('tuphap.baocao');
    const { page, release, held } = await heldTab(other);
    await page.goto(reportUrl, { waitUntil: 'domcontentloaded' });
    // the app asked for (held): the report's request was answered, and no grid was drawn from it
    await expect.poll(held).toBeGreaterThan(0);
    expect(await page.locator('table').count()).toBe(0);
    await release();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/Không tìm thấy/u);
    expect(await page.locator('table').count()).toBe(0);
    await Promise.all([page.close(), other.close()]);
  });
});
