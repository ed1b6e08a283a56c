/// <reference lib="dom" />
/**
 * `npm run bench:ui`: how fast a 200-row data-entry page becomes interactive in headless Chromium (Debian's), from
 * navigation to the 200th row rendered and a typed value shown in the first cell — median of several loads — and the
 * initial JavaScript's size after gzip. The reference, measured in the same run, is the same 200-row table as static
 * HTML with the same values; the JavaScript the entry page loaded (the entry's and the chunks it asked for) is given beside
 * the initial JavaScript. The entry page's rows are filled first (every value row, through the API, as an officer leaves
 * them before sending), so the grid, its readings, ratios and checks do their full work. Last line: one JSON object.
 * Targets: interactive within 1.5× the static table and under 1 s; initial JavaScript at most 300 KB gzip.
 *
 * The reference is served with the response headers the server gives its own page (its Content-Security-Policy,
 * Cross-Origin-Opener-Policy and the rest), as any page of this server would be: a page with
 * `Cross-Origin-Opener-Policy: same-origin` opened in a new tab is given a renderer process of its own, which costs
 * ~100 ms on a 2-core machine, and a reference without that header would be spared it while the entry page pays it.
 * The same table without those headers is measured in the same turns and printed beside it, for comparison.
 *
 * At a report's address the grid is drawn before the app's code (first-grid.ts) and takes typing at once: that is the
 * interactive moment measured. When the app has taken the table over (its checks, autosave, the page around the grid:
 * `table[data-page="ready"]`) is measured in the same loads and printed beside it ("the whole page ready").
 *
 * The browser: Debian's chromium-headless-shell when it is installed, else Debian's chromium (test-support/chromium.ts;
 * CHROMIUM_PATH chooses another). Chromium 156's own headless mode draws the browser's omnibox popup for every new
 * tab, in a renderer of its own: on a 2-core machine that made every load, the page's and the reference's alike, two
 * to three times slower and much noisier.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Locator, type Page } from 'playwright-core';
import { buildTemplate } from '../src/core/catalogue/template-source.js';
import { storeTemplates } from '../src/server/repositories/template.repository.js';
import { createRound } from '../src/server/services/round.service.js';
import { randomIds, systemClock } from '../src/server/context.js';
import { startServer } from '../src/server/start-server.js';
import { templateLibrary } from '../src/templates/template-loader.js';
import { chromiumArgs, chromiumPath } from '../src/test-support/chromium.js';

const ROWS = 200;
const RUNS = 7;
const dist = join(import.meta.dirname, '..', 'web', 'dist');

// the initial JavaScript: the entry script and its preloaded chunks
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/gu)].map((m) => m[1]!);
const gzipBytes = (src: string) => gzipSync(readFileSync(join(dist, src))).length;
const initialJsGzip = scripts.reduce((sum, src) => sum + gzipBytes(src), 0);
// the JavaScript the entry page loaded (the entry and the chunks it asked for: the report page's own code, split from
// the entry, is loaded at start-up and counts here too)
let pageJsGzip = 0;

// a 200-row template version (20 groups of 9 value rows, a % row with its parts in each group)
const rows = [];
for (let g = 1; g <= 20; g++) {
  rows.push({ code: `${g}.`, label: `Nhóm chỉ tiêu ${g}` });
  for (let r = 1; r <= 9; r++) {
    rows.push({ code: `${g}.${r}.`, label: `Chỉ tiêu thống kê số ${g}.${r} của đơn vị báo cáo`, unit: r === 3 ? '%' : 'Thủ tục' });
  }
}
const built = buildTemplate(
  {
    id: 'bench-200',
    family: 'seven-section',
    name: 'Mẫu thử 200 dòng',
    effectiveFrom: '2020-01-01',
    columns: ['STT', 'Chỉ tiêu thống kê', 'Đơn vị tính', 'Số liệu', 'Ghi chú'],
    forms: [
      {
        number: null,
        rows,
        checks: Array.from({ length: 20 }, (_, i) => ({
          rule: 'ratio' as const,
          percent: `${i + 1}.3`,
          numerator: `${i + 1}.2`,
          denominator: `${i + 1}.1`,
        })),
      },
    ],
  },
  [],
);
if (!built.ok) throw new Error(JSON.stringify(built.problems));

const lines: string[] = [];
const server = await startServer({
  demo: true,
  port: 0,
  host: '127.0.0.1',
  env: { CCHC_DATA_DIR: mkdtempSync(join(tmpdir(), 'cchc-bench-ui-')) },
  log: (l) => lines.push(l),
});
const ctx = {
  db: server.database.db,
  clock: systemClock,
  ids: randomIds,
  templates: { indicators: templateLibrary().indicators, templates: [built.template] },
};
await storeTemplates(ctx.db, [built.template]);
const round = await createRound(
  ctx,
  { accountId: 'acc-quantri', username: 'quantri', displayName: 'bench', role: 'admin', scope: new Set(['nt', 'nt-so-khcn']) },
  {
    templateId: 'bench-200',
    period: { year: 2026, kind: 'Q4' },
    agencyIds: ['nt-so-khcn'],
  },
);
const report = await ctx.db.selectFrom('reports').select('id').where('round_id', '=', round.id).executeTakeFirstOrThrow();
const [, username, password] = lines
  .find((l) => l.includes(' reporter ') && l.includes('khcn.baocao'))!
  .trim()
  .split(/\s+/u);

const executablePath = chromiumPath;
const browser = await chromium.launch({ executablePath, args: [...chromiumArgs] });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const login = await context.request.post(`${server.url}/api/auth/login`, { data: { username, password } });
  if (!login.ok()) throw new Error(`login failed: ${await login.text()}`);
  // the rows filled as an officer leaves them before sending: every value row, the % rows matching their parts, a few notes
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const { version } = (await (await context.request.get(`${server.url}/api/reports/${report.id}`)).json()) as { version: number };
  const cells = built.template.rows
    .filter((row) => !row.group)
    .map((row, i) => {
      const r = Number(/\.(\d+)\.$/u.exec(row.code ?? '')?.[1] ?? 0);
      const raw = r === 1 ? '24' : r === 2 ? '5' : r === 3 ? '20,83' : String(100 + i * 7);
      return { rowId: row.id, raw, note: i % 10 === 0 ? 'Số liệu đến ngày 15/12' : null };
    });
  const filled = await context.request.put(`${server.url}/api/reports/${report.id}/values`, {
    data: { version, cells },
    headers: { 'x-csrf-token': csrfToken },
  });
  if (!filled.ok()) throw new Error(`filling the rows failed: ${await filled.text()}`);
  const filledRows = cells.length;
  // the headers the server sends with its own page, but those about this one response's body and connection
  const ENTITY = new Set([
    'content-length',
    'content-type',
    'content-encoding',
    'transfer-encoding',
    'etag',
    'last-modified',
    'date',
    'connection',
    'keep-alive',
    'accept-ranges',
    'vary',
  ]);
  const pageHeaders = Object.fromEntries(
    Object.entries((await context.request.get(`${server.url}/`)).headers()).filter(([name]) => !ENTITY.has(name.toLowerCase())),
  );

  // the static reference: the same 200 rows as plain HTML, served through Playwright
  const staticTable = `<!doctype html><html lang="vi"><body><table>${Array.from({ length: ROWS }, (_, i) => `<tr><td>${i}</td><td>Chỉ tiêu ${i}</td><td>Thủ tục</td><td><input aria-label="r${i}" data-index="${i + 1}" value="${100 + i * 7}"></td><td><input value="${i % 10 === 0 ? 'Số liệu đến ngày 15/12' : ''}"></td></tr>`).join('')}</table></body></html>`;

  // both are loaded the same way: the 200th row waited for, the first value typed and waited for (the same round trips
  // between the bench and the browser); and in turns, so both meet the same load of the machine (it changes by the
  // second on a shared machine, and would change the ratio more than the page does)
  const interactive: number[] = [];
  const ready: number[] = [];
  const reference: number[] = [];
  const bare: number[] = [];
  // each load types a value no load typed before (a value the app saved would otherwise be there already)
  let typing = 0;
  const untilInteractive = async (page: Page, rows: string, first: Locator) => {
    const typed = String(1000 + typing++);
    await page
      .locator(rows)
      .nth(ROWS - 1)
      .waitFor();
    await first.fill(typed);
    await page.waitForFunction((value) => (document.querySelector('input[data-index="1"]') as HTMLInputElement | null)?.value === value, typed);
    return page.evaluate(() => performance.now());
  };
  for (let i = 0; i < RUNS; i++) {
    const page = await context.newPage();
    // BENCH_UI_PROFILE=file.cpuprofile: the last load's CPU profile (open it in Chromium's DevTools)
    const profile = process.env['BENCH_UI_PROFILE'] && i === RUNS - 1 ? await context.newCDPSession(page) : null;
    if (profile) {
      await profile.send('Profiler.enable');
      await profile.send('Profiler.setSamplingInterval', { interval: 200 });
      await profile.send('Profiler.start');
    }
    // BENCH_UI_CHROME_TRACE=file.json: the last load's Chromium trace (parsing, style, layout, paint, scripts), for
    // chrome://tracing or DevTools' Performance panel
    const tracing = process.env['BENCH_UI_CHROME_TRACE'] && i === RUNS - 1;
    if (tracing) {
      await browser.startTracing(page, {
        path: process.env['BENCH_UI_CHROME_TRACE'],
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'loading'],
      });
    }
    await page.goto(`${server.url}/reports/${report.id}`, { waitUntil: 'commit' });
    interactive.push(
      await untilInteractive(
        page,
        `table[aria-label="Phụ lục thống kê số liệu"] tbody tr`,
        page.getByLabel('Số liệu: 1.1. Chỉ tiêu thống kê số 1.1 của đơn vị báo cáo', { exact: true }),
      ),
    );
    // the app has taken the table over: the page around it drawn, its checks and autosave at work
    await page.locator('table[data-page="ready"]').waitFor();
    // when it happened, by the page's own mark (waiting for it polls at growing intervals: up to half a second late)
    ready.push(await page.evaluate(() => performance.getEntriesByName('cchc:page-ready')[0]?.startTime ?? performance.now()));
    if (i === RUNS - 1) {
      const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      pageJsGzip = [...new Set(loaded.filter((path) => path.startsWith('/assets/') && path.endsWith('.js')))].reduce(
        (sum, path) => sum + gzipBytes(path.slice(1)),
        0,
      );
    }
    if (tracing) await browser.stopTracing();
    if (profile) writeFileSync(process.env['BENCH_UI_PROFILE']!, JSON.stringify((await profile.send('Profiler.stop')).profile));
    if (process.env['BENCH_UI_TRACE'] && i === RUNS - 1) {
      const entries = await page.evaluate(() =>
        performance.getEntries().map(
          (e) =>
            `${e.entryType.padEnd(10)} ${e.name
              .replace(/^https?:\/\/[^/]+/u, '')
              .slice(0, 60)
              .padEnd(60)} ${Math.round(e.startTime)}→${Math.round(e.startTime + e.duration)}`,
        ),
      );
      console.log(entries.join('\n'));
      console.log(JSON.stringify(await page.evaluate(() => performance.getEntriesByType('navigation')[0]?.toJSON())));
    }
    await page.close();

    for (const [times, headers] of [
      [reference, pageHeaders],
      [bare, {}],
    ] as const) {
      const still = await context.newPage();
      await still.route(`${server.url}/static-reference`, (route) =>
        route.fulfill({
          body: staticTable,
          contentType: 'text/html; charset=utf-8',
          headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
        }),
      );
      await still.goto(`${server.url}/static-reference`, { waitUntil: 'commit' });
      times.push(await untilInteractive(still, 'table tbody tr', still.getByLabel('r0', { exact: true })));
      if (process.env['BENCH_UI_TRACE'] && i === RUNS - 1)
        console.log(
          'reference',
          JSON.stringify(
            await still.evaluate(() => [
              performance.getEntriesByType('navigation')[0]?.toJSON(),
              performance.getEntriesByType('paint').map((p) => p.startTime),
            ]),
          ),
        );
      await still.close();
    }
  }

  const result = {
    rows: ROWS,
    filledRows,
    runs: RUNS,
    interactiveMs: Math.round(median(interactive)),
    pageReadyMs: Math.round(median(ready)),
    referenceStaticMs: Math.round(median(reference)),
    ratioToStatic: Number((median(interactive) / median(reference)).toFixed(2)),
    ratioTarget: 1.5,
    bareStaticMs: Math.round(median(bare)),
    ratioToBareStatic: Number((median(interactive) / median(bare)).toFixed(2)),
    initialJsGzipBytes: initialJsGzip,
    entryPageJsGzipBytes: pageJsGzip,
    initialJsBudgetBytes: 300 * 1024,
    meetsTargets: median(interactive) <= 1.5 * median(reference) && median(interactive) < 1000 && Math.max(initialJsGzip, pageJsGzip) <= 300 * 1024,
  };
  console.log(
    `200-row entry page (${filledRows} rows filled) interactive in ${result.interactiveMs} ms (median of ${RUNS}); static 200-row table (the server's page headers): ${result.referenceStaticMs} ms; ratio ${result.ratioToStatic} (target ${result.ratioTarget})`,
  );
  console.log(`the same static table without those headers (no renderer of its own): ${result.bareStaticMs} ms; ratio ${result.ratioToBareStatic}`);
  console.log(`the whole page ready (the app has taken the grid over): ${result.pageReadyMs} ms (median); browser: ${executablePath}`);
  console.log(
    `initial JavaScript: ${(initialJsGzip / 1024).toFixed(1)} KB gzip; loaded by the entry page: ${(pageJsGzip / 1024).toFixed(1)} KB gzip (budget 300 KB)`,
  );
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  await server.stop();
}
