/**
 * The web client's page at the app's addresses, and a report's page drawn with its grid (web-page.ts): only for an
 * account that may read the report, with its values as the grid's markup draws them, every text escaped, the page's
 * first answers in it as JSON that cannot close its script element, never stored by a cache. Anyone else gets the
 * plain page. The page here is a small index.html of the test's own (the built client is not needed).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { get } from 'node:http';
import { createGunzip, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { onPGlite } from '../test-support/both-engines.js';
import { as, openRound, signIn } from '../test-support/http.js';
import { PAGE_DATA_ID } from '../shared/route-address.js';
import { acceptsGzip, drawablePage, reportPageParts, sendReportPage, within } from './web-page.js';

const PAGE = `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <title>CCHC</title>
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>
`;

/** The plain page with the head's mark (the head goes before the report is read). */
const PLAIN_WITH_MARK = PAGE.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta name="${PAGE_DATA_ID}" content="report">`);

function webRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-web-page-'));
  writeFileSync(join(dir, 'index.html'), PAGE);
  return dir;
}

/** The page's JSON, as the client reads it. */
function pageData(html: string): {
  me: { actor: { username: string }; csrfToken: string };
  report: { id: string; values: { rowId: string; note: string | null }[] };
} {
  const match = new RegExp(`<script type="application/json" id="${PAGE_DATA_ID}">([\\s\\S]*?)</script>`, 'u').exec(html);
  if (!match) throw new Error('no page data');
  return JSON.parse(match[1]!);
}

const HOSTILE_NOTE = '</script><script>window.hit=1</script><img src=x onerror=alert(1)>';

describe("a report's page sent in two parts", () => {
  it('does not wait for a report read too long: the plain body goes instead', async () => {
    expect(await within(new Promise<string>(() => undefined), 20, () => 'plain')).toBe('plain');
    expect(await within(Promise.resolve('drawn'), 1000, () => 'plain')).toBe('drawn');
    let late = 0;
    expect(await within(new Promise<string>((resolve) => setTimeout(() => resolve('drawn'), 5)), 40, () => String(++late))).toBe('drawn');
    // its timer is stopped: nothing is made instead afterwards
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(late).toBe(0);
  });

  it('sends the head before the report is read, then the body, compressed or not', async () => {
    const parts = reportPageParts(PAGE);
    let release: (body: string) => void = () => undefined;
    const app = Fastify();
    app.get('/page', (request, reply) => sendReportPage(request, reply, parts, new Promise<string>((resolve) => (release = resolve))));
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as { port: number };
      for (const encoding of ['gzip', 'identity']) {
        const text = await new Promise<string>((resolve, reject) => {
          get({ port, host: '127.0.0.1', path: '/page', headers: { 'accept-encoding': encoding } }, (response) => {
            expect(response.headers['cache-control']).toBe('no-store');
            expect(response.headers['x-accel-buffering']).toBe('no');
            const stream = response.headers['content-encoding'] === 'gzip' ? response.pipe(createGunzip()) : response;
            expect(response.headers['content-encoding'] === 'gzip').toBe(encoding === 'gzip');
            let received = '';
            stream.on('data', (chunk: Buffer) => {
              // the head came while the body was still being made: now the body
              if (received === '') {
                expect(chunk.toString('utf8')).toBe(parts.head);
                release(parts.body(null));
              }
              received += chunk.toString('utf8');
            });
            stream.on('end', () => resolve(received));
            stream.on('error', reject);
          }).on('error', reject);
        });
        expect(text).toBe(PLAIN_WITH_MARK);
      }
    } finally {
      await app.close();
    }
  });
});

onPGlite("the app's pages", (engine) => {
  async function world() {
    const w = await engine.world({ app: { webRoot: webRoot() } });
    const snv = await signIn(w.app, 'snv.tonghop');
    const officer = await signIn(w.app, 'khcn.baocao');
    const round = await openRound(w.app, snv, {
      templateId: 'quang-tri-forms-2022',
      period: { year: 2023, kind: 'Q3' },
      deadline: '2023-09-20',
      agencyIds: ['so-khcn'],
    });
    const [report] = (await w.app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(officer) })).json();
    const saved = await w.app.inject({
      method: 'PUT',
      url: `/api/reports/${report.id}/values`,
      headers: as(officer),
      payload: {
        version: report.version,
        cells: [
          { rowId: '7/6.7.1', raw: '24', note: HOSTILE_NOTE },
          { rowId: '7/6.7.2', raw: '<b>5</b>' },
        ],
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    return { ...w, snv, officer, reportId: report.id as string };
  }

  it("draws a report's grid into its page for the agency's officer, with the first answers and nothing to run", async () => {
    const { app, officer, reportId } = await world();
    const page = await app.inject({ method: 'GET', url: `/reports/${reportId}`, headers: { cookie: officer.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toBeDefined();
    const html = page.body;
    // the table: every template row, the stored values in their inputs
    const template = (await app.inject({ method: 'GET', url: '/api/templates/quang-tri-forms-2022', headers: as(officer) })).json();
    expect([...html.matchAll(/<tr[^>]* data-row="/gu)]).toHaveLength(template.rows.length);
    const row = /<tr[^>]* data-row="7\/6\.7\.1">[\s\S]*?<\/tr>/u.exec(html)?.[0] ?? '';
    expect(row).toMatch(/<input aria-label="Số liệu: Biểu 7, 6\.7\.1 Tổng số hồ sơ[^"]*" data-index="\d+" autocomplete="off" value="24"/u);
    expect(row).toContain('<div class="reading" id="reading-');
    // what was typed is text, never markup: no element of it in the page, and the JSON cannot close its script
    expect(html).toContain('value="&lt;b&gt;5&lt;/b&gt;"');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>5</b>');
    expect(html.match(/<\/script>/gu)).toHaveLength(1);
    // the first answers, as the API gives them: who is signed in (with the session's CSRF token), the report
    const data = pageData(html);
    expect(data.me).toEqual((await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: officer.cookie } })).json());
    expect(data.me.csrfToken).toBe(officer.csrf);
    expect(data.report).toEqual((await app.inject({ method: 'GET', url: `/api/reports/${reportId}`, headers: { cookie: officer.cookie } })).json());
    expect(data.report.values.find((v) => v.rowId === '7/6.7.1')?.note).toBe(HOSTILE_NOTE);
    // the grid comes before the app's root, with the ids it was drawn for and its line; the answers after the root
    // (the page's scripts and stylesheet are asked for first), and a mark in the head for the start-up script
    expect(html).toContain(`<div class="first-grid" data-report="${reportId}" data-template="quang-tri-forms-2022">`);
    expect(html.indexOf('class="first-grid"')).toBeLessThan(html.indexOf('<div id="root">'));
    expect(html.indexOf(`id="${PAGE_DATA_ID}"`)).toBeGreaterThan(html.indexOf('<div id="root">'));
    expect(html.indexOf(`<meta name="${PAGE_DATA_ID}"`)).toBeLessThan(html.indexOf('<title>'));
    expect(html).toContain('<p class="first-grid-status" role="status">Đang tải các chức năng của trang báo cáo.</p>');
    expect(html).not.toMatch(/ readonly/u);
    // a HEAD request is answered as the page would be, without it
    const head = await app.inject({ method: 'HEAD', url: `/reports/${reportId}`, headers: { cookie: officer.cookie } });
    expect(head.statusCode).toBe(200);
    expect(head.headers['cache-control']).toBe('no-store');
    expect(head.body).toBe('');
  });

  it('draws the grid read-only for an account that may read the report but not change it', async () => {
    const { app, snv, reportId } = await world();
    const html = (await app.inject({ method: 'GET', url: `/reports/${reportId}`, headers: { cookie: snv.cookie } })).body;
    expect(pageData(html).me.actor.username).toBe('snv.tonghop');
    const inputs = [...html.matchAll(/<input [^>]*>/gu)].map((m) => m[0]);
    expect(inputs.length).toBeGreaterThan(100);
    expect(inputs.filter((input) => !input.includes(' readonly'))).toEqual([]);
    const lists = [...html.matchAll(/<select [^>]*>/gu)].map((m) => m[0]);
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.filter((list) => !list.includes(' disabled'))).toEqual([]);
  });

  it('sends the plain page when the report cannot be read at all (a text the database refuses)', async () => {
    const { app, officer } = await world();
    // a NUL in the id: the database refuses the text (the API answers it with a problem document)
    const page = await app.inject({ method: 'GET', url: '/reports/a%00b', headers: { cookie: officer.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(PLAIN_WITH_MARK);
  });

  it('reads whether the browser takes gzip', () => {
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip('br;q=1, gzip;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('gzip; q=0.000')).toBe(false);
    expect(acceptsGzip('br, identity')).toBe(false);
    // a named coding wins over "*"
    expect(acceptsGzip('*;q=0, gzip')).toBe(true);
    expect(acceptsGzip('*, gzip;q=0')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it('gives the page compressed when the browser takes it so', async () => {
    const { app, officer, reportId } = await world();
    const page = await app.inject({ method: 'GET', url: `/reports/${reportId}`, headers: { cookie: officer.cookie, 'accept-encoding': 'gzip, br' } });
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['vary']).toContain('cookie');
    expect(gunzipSync(page.rawPayload).toString('utf8')).toContain('data-row="7/6.7.1"');
  });

  it("draws nothing for anyone who may not read the report: no session, another agency's officer, an unknown report", async () => {
    const { app, reportId } = await world();
    const other = await signIn(app, 'yte.baocao');
    const ended = await signIn(app, 'khcn.xem');
    await app.inject({ method: 'POST', url: '/api/auth/logout', headers: as(ended) });
    // no session: the plain page, as at any address (the client shows the sign-in)
    for (const [who, cookie] of [
      ['no session', undefined],
      ['an ended session', ended.cookie],
    ] as const) {
      const page = await app.inject({ method: 'GET', url: `/reports/${reportId}`, headers: cookie ? { cookie } : {} });
      expect(page.statusCode, who).toBe(200);
      expect(page.body, who).toBe(PAGE);
      expect(page.headers['cache-control'], who).toBe('no-cache');
    }
    // a session: the page's head went before the report was read (its mark says the answers come with the page); the
    // body is the plain one, the same for a report the account may not read as for one that does not exist
    const forbidden = await app.inject({ method: 'GET', url: `/reports/${reportId}`, headers: { cookie: other.cookie } });
    const unknown = await app.inject({ method: 'GET', url: '/reports/khong-co', headers: { cookie: other.cookie } });
    expect(forbidden.body).toBe(PLAIN_WITH_MARK);
    expect(unknown.body).toBe(forbidden.body);
    expect(forbidden.headers['cache-control']).toBe('no-store');
  });

  it("sends a report's page plain when the built page has not the places to draw it into", () => {
    expect(drawablePage(PAGE)).toBe(true);
    expect(drawablePage(PAGE.replace('<div id="root"></div>', '<div id=root></div>'))).toBe(false);
    expect(drawablePage(PAGE.replace('<meta charset="utf-8" />', '<meta charset=utf-8>'))).toBe(false);
    expect(drawablePage(PAGE.replace('</head>', ''))).toBe(false);
  });

  it("serves the page at each of the app's addresses, and says an address is unknown when it is none of them", async () => {
    const { app } = await world();
    for (const url of [
      '/rounds',
      '/rounds/r-1',
      '/rounds/r-1/province-report',
      '/history',
      '/import/batches/b-1/documents/d-1',
      '/index/set/agency',
      '/accounts',
    ]) {
      const page = await app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toBe(PAGE);
    }
    for (const url of ['/khong-co', '/rounds/r-1/khac', '/api/khong-co', '/reports']) {
      const missing = await app.inject({ method: 'GET', url });
      expect(missing.statusCode, url).toBe(404);
      expect(missing.json(), url).toMatchObject({ code: 'not-found' });
    }
    // a write to a page's address is no page
    expect((await app.inject({ method: 'POST', url: '/rounds' })).statusCode).toBe(404);
  });
});
