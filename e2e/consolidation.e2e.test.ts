/// <reference lib="dom" />
/**
 * The province's consolidation in a real browser (Debian's chromium driven by playwright-core): with two accepted
 * reports in the demo's 2026 round (the Sở Nội vụ's, and the Sở KH&CN's, filed, submitted and accepted through the
 * API first), the Sở Nội vụ opens "Xem số liệu tổng hợp toàn tỉnh", sees a province figure equal to the sum of the
 * agencies' values, opens it to every agency's value (drill-down read from /consolidation/row), sees "Không báo cáo"
 * for the agency that left a row empty, and the findings of the agencies' reports (/consolidation/findings).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/server/app.js';
import { canRunBrowserTests, startDemoBrowser, type DemoBrowser } from './support.js';

interface ApiSession {
  cookie: string;
  csrf: string;
}

describe.skipIf(!canRunBrowserTests)('the province consolidation, in the browser', () => {
  let demo: DemoBrowser;

  /** Signs in through the API, as the page does (session cookie and CSRF token). */
  async function apiSignIn(username: string): Promise<ApiSession> {
    const response = await fetch(`${demo.server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: demo.passwords.get(username) }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    const cookie = response.headers
      .getSetCookie()
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))!
      .split(';')[0]!;
    return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
  }

  async function call<T>(session: ApiSession, method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${demo.server.url}${path}`, {
      method,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    expect(response.ok, `${method} ${path}: ${text}`).toBe(true);
    return JSON.parse(text) as T;
  }

  beforeAll(async () => {
    demo = await startDemoBrowser('consolidation');
    // the demo's 2026 round has one accepted report (Sở Nội vụ: 1.1.1 = 24, 1.1.2 = 20, 1.1.3 = 15); the Sở KH&CN's
    // draft gets other figures, leaves 1.1.3 empty and reports more tasks done than planned (an error, explained)
    const reporter = await apiSignIn('khcn.baocao');
    const round = (await call<{ id: string; period: { year: number; kind: string } }[]>(reporter, 'GET', '/api/rounds')).find(
      (r) => r.period.year === 2026 && r.period.kind === 'Y',
    )!;
    const [draft] = await call<{ id: string; agencyId: string; version: number }[]>(
      reporter,
      'GET',
      `/api/reports?roundId=${round.id}&agencyId=nt-so-khcn`,
    );
    await call(reporter, 'PUT', `/api/reports/${draft!.id}/values`, {
      version: draft!.version,
      cells: [
        { rowId: '1.1.1', raw: '30' },
        { rowId: '1.1.2', raw: '35' },
        { rowId: '1.1.3', raw: '' },
      ],
    });
    const approver = await apiSignIn('khcn.duyet');
    const filled = await call<{ version: number; findings: { rule: string; severity: string }[] }>(approver, 'GET', `/api/reports/${draft!.id}`);
    expect(filled.findings.map((f) => f.rule)).toContain('part-le-whole:1.1.1');
    const explanations = filled.findings
      .filter((f) => f.severity === 'error')
      .map((f) => ({ rule: f.rule, text: 'Hoàn thành thêm nhiệm vụ phát sinh ngoài kế hoạch.' }));
    const submitted = await call<{ version: number }>(approver, 'POST', `/api/reports/${draft!.id}/submit`, {
      version: filled.version,
      explanations,
    });
    const snv = await apiSignIn('snv.tonghop');
    await call(snv, 'POST', `/api/reports/${draft!.id}/accept`, { version: submitted.version });
  }, 180_000);

  afterAll(async () => {
    await demo?.close();
  });

  const figureTable = (page: Page) => page.getByRole('table', { name: 'Số liệu tổng hợp toàn tỉnh' });
  const figureRow = (page: Page, label: string) =>
    figureTable(page)
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: label, exact: true }) });
  /** The drill-down's rows as [agency, value] pairs. */
  async function drillDown(page: Page, label: string): Promise<[string, string][]> {
    const table = page.getByRole('table', { name: `Số liệu từng đơn vị: ${label}`, exact: true });
    await table.waitFor();
    const rows = await table.getByRole('row').all();
    return Promise.all(rows.map(async (r) => (await r.getByRole('cell').allTextContents()).map((t) => t.trim()) as [string, string]));
  }
  const number = (text: string) => Number(text.replace(/\./gu, '').replace(',', '.'));

  it('shows a province figure as the sum of the agencies, each agency’s value, and the findings', async () => {
    const page = await demo.signIn('snv.tonghop');
    await page.getByRole('link', { name: 'Năm 2026' }).click();
    await page.getByRole('link', { name: 'Xem số liệu tổng hợp toàn tỉnh' }).click();
    await page.getByRole('heading', { name: /^Tổng hợp toàn tỉnh/u }).waitFor();
    await figureTable(page).waitFor();
    // coverage is out of the round's agencies: the two reports counted, the others named as left out
    const coverage = page.getByText(/Tổng hợp từ 2\/\d+ đơn vị của đợt\./u);
    await coverage.waitFor();
    const inRound = Number(/2\/(\d+)/u.exec((await coverage.textContent()) ?? '')![1]);
    expect(inRound).toBeGreaterThan(2);
    await page.getByText(`Chưa tính ${inRound - 2}/${inRound} đơn vị`, { exact: true }).waitFor();

    // a count: the province figure is the sum over the two accepted reports (24 + 30), both reported it
    const planned = 'Số nhiệm vụ đề ra trong kế hoạch';
    const plannedRow = figureRow(page, planned);
    expect((await plannedRow.locator('td.value').textContent())?.trim()).toBe('54');
    expect((await plannedRow.locator('td').last().textContent())?.trim()).toBe(`2/${inRound} đơn vị`);
    await page.getByRole('button', { name: planned, exact: true }).click();
    expect(await page.getByRole('button', { name: planned, exact: true }).getAttribute('aria-expanded')).toBe('true');
    const byAgency = new Map(await drillDown(page, planned));
    expect(byAgency).toEqual(
      new Map([
        ['Sở Nội vụ', '24'],
        ['Sở Khoa học và Công nghệ', '30'],
      ]),
    );
    expect([...byAgency.values()].map(number).reduce((a, b) => a + b, 0)).toBe(54);
    await page.screenshot({ path: 'test-results/consolidation-drilldown.png', fullPage: true });

    // a row one agency left empty: its value alone, and "Không báo cáo" (never 0) for the other
    const directives = 'Số văn bản chỉ đạo CCHC đã ban hành';
    const directivesRow = figureRow(page, directives);
    expect((await directivesRow.locator('td.value').textContent())?.trim()).toBe('15');
    expect((await directivesRow.locator('td').last().textContent())?.trim()).toBe(`1/${inRound} đơn vị`);
    await page.getByRole('button', { name: directives, exact: true }).click();
    expect(new Map(await drillDown(page, directives))).toEqual(
      new Map([
        ['Sở Nội vụ', '15'],
        ['Sở Khoa học và Công nghệ', 'Không báo cáo'],
      ]),
    );
    // one figure open at a time
    expect(await page.getByRole('table', { name: `Số liệu từng đơn vị: ${planned}`, exact: true }).count()).toBe(0);

    // the findings of the agencies' reports, named by agency
    const findings = page.getByText(/^Phát hiện trong báo cáo các đơn vị \(\d+\)$/u);
    await findings.waitFor();
    await page.getByText('Sở Khoa học và Công nghệ: Dòng 1.1.2 (35) lớn hơn dòng 1.1.1 (30).', { exact: true }).waitFor();
    await page.screenshot({ path: 'test-results/consolidation.png', fullPage: true });
    await page.close();
  }, 120_000);
});
