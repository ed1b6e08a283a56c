/// <reference lib="dom" />
/**
 * The grid's table (grid-rows.ts) in a real browser (Debian's chromium): drawn at once with every row's state, then
 * only the rows whose state changed, the inputs kept while their row stands (so a caret and what is being typed stay
 * put); rows hidden and shown again by a search keep their elements; events handed to the page; what was typed before
 * the page listened handed over once. The module is bundled with Vite for the page, as the client bundles it.
 */
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Template } from '@core/catalogue/template.js';
import { chromiumArgs, chromiumPath, hasChromium } from '../../../../src/test-support/chromium.js';
import { makeTemplate } from '../../../../src/test-support/template-factory.js';
import type { Finding } from '@core/checks/finding.js';
import type { GridRows } from './grid-rows.js';
import type { openingCells, rowStateOf, withChanges } from '@shared/entry/grid-state.js';
import type { tableMarkup } from '@shared/entry/grid-markup.js';

if (!hasChromium) console.warn(`[cchc] ${chromiumPath} not found: the grid's browser tests are SKIPPED (apt-get install chromium).`);

declare global {
  interface Window {
    Grid: {
      GridRows: typeof GridRows;
      rowStateOf: typeof rowStateOf;
      openingCells: typeof openingCells;
      withChanges: typeof withChanges;
      tableMarkup: typeof tableMarkup;
    };
    // the test's own handles in the page
    t: {
      grid: GridRows;
      template: Template;
      cells: Map<string, { raw: string; note: string }>;
      changes: unknown[];
      keys: string[];
      pastes: number[];
      draw(options?: { findings?: [string, Finding[]][]; readOnly?: boolean; visible?: string[] | null; marker?: string }): void;
    };
  }
}

function template(): Template {
  return makeTemplate({
    id: 'grid-test',
    name: 'Mẫu thử bảng',
    forms: [
      {
        number: '1',
        title: 'Thủ tục hành chính',
        rows: [
          { code: '1.', label: 'Nhóm <b>thủ tục</b>' },
          { code: '1.1.', label: 'Tổng số hồ sơ', unit: 'Hồ sơ' },
          { code: '1.2.', label: 'Hồ sơ đúng hạn', unit: 'Hồ sơ' },
          { code: '1.3.', label: 'Tỷ lệ đúng hạn', unit: '%' },
        ],
        checks: [{ rule: 'ratio', percent: '1.3', numerator: '1.2', denominator: '1.1' }],
      },
      {
        number: '2',
        title: 'Tổ chức bộ máy',
        rows: [
          { code: '2.1.', label: 'Số phòng chuyên môn', unit: 'Phòng' },
          { code: '2.2.', label: 'Mức độ hoàn thành', unit: 'Chưa = 0 Hoàn thành = 1', kind: 'coded' },
        ],
      },
    ],
  });
}

describe.skipIf(!hasChromium)("the grid's table, in the browser", () => {
  let browser: Browser;
  let page: Page;
  let script = '';
  const t = template();
  const id = (code: string) => t.rows.find((r) => r.code === code)!.id;

  beforeAll(async () => {
    const out = await build({
      configFile: false,
      logLevel: 'silent',
      resolve: {
        alias: [
          { find: /^@core\//u, replacement: fileURLToPath(new URL('../../../../src/core/', import.meta.url)) },
          { find: /^@shared\//u, replacement: fileURLToPath(new URL('../../../../src/shared/', import.meta.url)) },
        ],
      },
      build: {
        write: false,
        minify: false,
        lib: { entry: fileURLToPath(new URL('./grid-rows.test-entry.ts', import.meta.url)), formats: ['iife'], name: 'Grid', fileName: 'grid' },
      },
    });
    const output = (Array.isArray(out) ? out[0]! : (out as Rolldown.RolldownOutput)).output[0];
    script = output.code;
    browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** A page holding a table drawn from the template with the given stored values. */
  async function drawn(values: { rowId: string; raw: string; note: string | null }[], listening = true) {
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ content: script });
    await page.evaluate(
      ({ template, values, listening }) => {
        const { GridRows, rowStateOf, openingCells } = window.Grid;
        const grid = new GridRows(template);
        const cells = openingCells(template, { values: values.map((v) => ({ ...v, status: 'reported', value: null })) } as never, undefined);
        const markers = new Map<string, HTMLElement>();
        window.t = {
          grid,
          template,
          cells,
          changes: [],
          keys: [],
          pastes: [],
          draw(options = {}) {
            const findings = new Map(options.findings ?? []);
            grid.update(
              (row) =>
                rowStateOf(template, row, window.t.cells, {
                  findings,
                  readOnly: options.readOnly ?? false,
                  marker:
                    options.marker === row.id
                      ? (markers.get(row.id) ??
                        markers.set(row.id, Object.assign(document.createElement('span'), { className: 'marker' })).get(row.id)!)
                      : null,
                }),
              options.visible ? new Set(options.visible) : null,
            );
          },
        };
        window.t.draw();
        document.body.appendChild(grid.table);
        if (listening)
          grid.listen({
            onChange: (changes) => {
              window.t.changes.push(...changes);
              for (const c of changes) {
                const before = window.t.cells.get(c.rowId) ?? { raw: '', note: '' };
                window.t.cells.set(c.rowId, { raw: c.raw ?? before.raw, note: c.note ?? before.note });
              }
              window.t.draw();
            },
            onKey: (event, index, column) => window.t.keys.push(`${event.key}@${index}:${column}`),
            onPaste: (_event, index) => window.t.pastes.push(index),
          });
      },
      { template: t, values, listening },
    );
  }

  const bodyRows = () => page.evaluate(() => [...window.t.grid.table.tBodies[0]!.rows].map((tr) => tr.textContent!.trim().slice(0, 60)));

  it('draws every row at once: form titles, headings without an input, values with how they read, ratios, code lists', async () => {
    await drawn([
      { rowId: id('1.1.'), raw: '24', note: null },
      { rowId: id('1.2.'), raw: '5', note: 'đến 15/12' },
      { rowId: id('1.3.'), raw: '20,83', note: null },
      { rowId: id('2.1.'), raw: 'abc', note: null },
      { rowId: id('2.2.'), raw: '1', note: null },
    ]);
    expect(await bodyRows()).toEqual([
      'Biểu mẫu 1: Thủ tục hành chính',
      '1.Nhóm <b>thủ tục</b>',
      expect.stringMatching(/^1\.1\.Tổng số hồ sơHồ sơ/u),
      expect.stringMatching(/^1\.2\./u),
      expect.stringMatching(/^1\.3\./u),
      'Biểu mẫu 2: Tổ chức bộ máy',
      expect.stringMatching(/^2\.1\./u),
      expect.stringMatching(/^2\.2\./u),
    ]);
    // the heading takes no value; its label is text, never markup
    expect(await page.locator('tr[data-row] strong').first().textContent()).toBe('Nhóm <b>thủ tục</b>');
    expect(await page.locator(`tr[data-row="${id('1.')}"] input`).count()).toBe(0);
    const value = page.getByLabel('Số liệu: Biểu 1, 1.1. Tổng số hồ sơ', { exact: true });
    expect(await value.inputValue()).toBe('24');
    expect(await page.getByLabel('Ghi chú: Biểu 1, 1.2. Hồ sơ đúng hạn', { exact: true }).inputValue()).toBe('đến 15/12');
    expect(await page.locator(`tr[data-row="${id('1.3.')}"] .ratio`).textContent()).toBe('= 5/24 = 20,83%');
    // words where a number belongs: an error at the cell, said to screen readers
    const garbage = page.getByLabel('Số liệu: Biểu 2, 2.1. Số phòng chuyên môn', { exact: true });
    expect(await garbage.getAttribute('aria-invalid')).toBe('true');
    const note = await garbage.getAttribute('aria-describedby');
    expect(await page.locator(`#${note}`).textContent()).toMatch(/^Lỗi: /u);
    expect(await page.getByLabel('Số liệu: Biểu 2, 2.2. Mức độ hoàn thành', { exact: true }).inputValue()).toBe('1');
  });

  it('hands each keystroke to the page and redraws only that row, keeping its input and caret', async () => {
    await drawn([{ rowId: id('1.1.'), raw: '24', note: null }]);
    const before = await page.evaluate(() => [...document.querySelectorAll('tr[data-row]')].map((tr) => new XMLSerializer().serializeToString(tr)));
    const value = page.getByLabel('Số liệu: Biểu 1, 1.1. Tổng số hồ sơ', { exact: true });
    await value.click();
    await page.keyboard.press('Home');
    await page.keyboard.type('1');
    expect(await value.inputValue()).toBe('124');
    expect(await page.evaluate(() => window.t.changes)).toEqual([{ rowId: id('1.1.'), raw: '124' }]);
    // the caret stays where the officer typed, the same input still focused
    expect(
      await page.evaluate(() => [(document.activeElement as HTMLInputElement).selectionStart, document.activeElement?.getAttribute('data-index')]),
    ).toEqual([1, '1']);
    const after = await page.evaluate(() => [...document.querySelectorAll('tr[data-row]')].map((tr) => new XMLSerializer().serializeToString(tr)));
    expect(after.filter((html, i) => html !== before[i]).length).toBe(1);
    // a change from the page (a paste, the server's state) is shown in the input
    await page.evaluate(() => {
      window.t.cells.set(window.t.template.rows[2]!.id, { raw: '7', note: 'ghi chú' });
      window.t.draw();
    });
    expect(await page.getByLabel('Số liệu: Biểu 1, 1.2. Hồ sơ đúng hạn', { exact: true }).inputValue()).toBe('7');
    expect(await page.getByLabel('Ghi chú: Biểu 1, 1.2. Hồ sơ đúng hạn', { exact: true }).inputValue()).toBe('ghi chú');
    expect(await page.locator(`tr[data-row="${id('1.3.')}"] .ratio`).textContent()).toBe('= 7/124 = 5,65%');
  });

  it('shows findings under the label and tints the row; an unreadable cell is told at the cell only', async () => {
    await drawn([{ rowId: id('1.1.'), raw: 'xyz', note: null }]);
    const f = (rule: string, severity: 'error' | 'warning', message: string): Finding =>
      ({ rule, severity, message, rows: [id('1.1.')], kind: 'check' }) as unknown as Finding;
    await page.evaluate(
      (findings) => window.t.draw({ findings: [[findings[0]!.rows[0]!, findings]] }),
      [f('unreadable:1.1', 'error', 'Không đọc được số'), f('sum:1', 'warning', 'Tổng không khớp')],
    );
    const row = page.locator(`tr[data-row="${id('1.1.')}"]`);
    expect(await row.getAttribute('class')).toBe('finding-error');
    expect(await row.locator('td.label .finding').allTextContents()).toEqual(['Cảnh báo: Tổng không khớp']);
    await page.evaluate(() => window.t.draw());
    expect(await row.getAttribute('class')).toBeNull();
    expect(await row.locator('td.label .finding').count()).toBe(0);
  });

  it('hides and shows rows for a search, keeping their elements and what was typed in them', async () => {
    await drawn([]);
    await page.getByLabel('Số liệu: Biểu 2, 2.1. Số phòng chuyên môn', { exact: true }).fill('3');
    await page.evaluate((rows) => window.t.draw({ visible: rows }), [id('1.2.')]);
    expect(await bodyRows()).toEqual(['Biểu mẫu 1: Thủ tục hành chính', expect.stringMatching(/^1\.2\./u)]);
    await page.evaluate(() => window.t.draw({ visible: [] }));
    expect(await bodyRows()).toEqual(['Không có dòng nào khớp với tìm kiếm và bộ lọc.']);
    await page.evaluate(() => window.t.draw());
    expect((await bodyRows()).length).toBe(8);
    expect(await page.getByLabel('Số liệu: Biểu 2, 2.1. Số phòng chuyên môn', { exact: true }).inputValue()).toBe('3');
  });

  it('a heading given a value gets its input; read-only rows refuse typing', async () => {
    await drawn([]);
    await page.evaluate(() => {
      window.t.cells.set(window.t.template.rows[0]!.id, { raw: '9', note: '' });
      window.t.draw({ readOnly: true });
    });
    const heading = page.getByLabel('Số liệu: Biểu 1, 1. Nhóm <b>thủ tục</b>', { exact: true });
    expect(await heading.inputValue()).toBe('9');
    expect(await heading.getAttribute('readonly')).toBe('');
    expect(await page.getByLabel('Số liệu: Biểu 2, 2.2. Mức độ hoàn thành', { exact: true }).isDisabled()).toBe(true);
    await page.evaluate(() => window.t.draw());
    expect(await heading.getAttribute('readonly')).toBeNull();
  });

  it("keeps a provenance marker beside the value while the cell's reading is redrawn", async () => {
    await drawn([{ rowId: id('1.1.'), raw: '24', note: null }]);
    await page.evaluate((row) => window.t.draw({ marker: row }), id('1.1.'));
    const marker = page.locator(`tr[data-row="${id('1.1.')}"] td.value > .marker`);
    expect(await marker.count()).toBe(1);
    await page.evaluate((row) => {
      window.t.cells.set(row, { raw: '25', note: '' });
      window.t.draw({ marker: row });
    }, id('1.1.'));
    expect(await marker.count()).toBe(1);
    expect(await page.locator(`tr[data-row="${id('1.1.')}"] .reading`).textContent()).toContain('25');
    await page.evaluate(() => window.t.draw());
    expect(await marker.count()).toBe(0);
  });

  it('shows whatever was typed or stored as text, never as markup', async () => {
    const payloads = ['<img src=x onerror="window.hit=1">', '"><svg/onload=window.hit=1>', '</textarea><script>window.hit=1</script>'];
    await drawn([{ rowId: id('1.1.'), raw: payloads[0]!, note: payloads[1]! }]);
    await page.evaluate(({ finding, row }) => window.t.draw({ findings: [[row, [finding]]] }), {
      finding: { rule: 'sum:1', severity: 'warning', message: payloads[2]!, rows: [id('1.1.')], kind: 'check' } as unknown as Finding,
      row: id('1.1.'),
    });
    const table = page.getByRole('table');
    expect(await table.locator('img, svg, script').count()).toBe(0);
    expect(await page.getByLabel('Số liệu: Biểu 1, 1.1. Tổng số hồ sơ', { exact: true }).inputValue()).toBe(payloads[0]);
    expect(await page.getByLabel('Ghi chú: Biểu 1, 1.1. Tổng số hồ sơ', { exact: true }).inputValue()).toBe(payloads[1]);
    expect(await table.textContent()).toContain(`Cảnh báo: ${payloads[2]}`);
    expect(await page.evaluate(() => (window as unknown as { hit?: number }).hit)).toBeUndefined();
  });

  it('hands keys and pastes to the page with the row and column', async () => {
    await drawn([]);
    await page.getByLabel('Số liệu: Biểu 1, 1.2. Hồ sơ đúng hạn', { exact: true }).press('Enter');
    await page.getByLabel('Ghi chú: Biểu 1, 1.2. Hồ sơ đúng hạn', { exact: true }).press('ArrowUp');
    await page.getByLabel('Số liệu: Biểu 1, 1.2. Hồ sơ đúng hạn', { exact: true }).dispatchEvent('paste');
    await page.getByLabel('Ghi chú: Biểu 1, 1.2. Hồ sơ đúng hạn', { exact: true }).dispatchEvent('paste');
    expect(await page.evaluate(() => [window.t.keys, window.t.pastes])).toEqual([['Enter@2:value', 'ArrowUp@2:note'], [2]]);
  });

  it('what was typed since the first drawing is told once the page asks, whoever drew it meanwhile', async () => {
    await drawn([{ rowId: id('1.1.'), raw: '24', note: null }], false);
    await page.getByLabel('Số liệu: Biểu 1, 1.1. Tổng số hồ sơ', { exact: true }).fill('30');
    expect(await page.evaluate(() => window.t.changes)).toEqual([]);
    // the first drawing's own listener (first-grid.ts) reads and redraws what is typed, and hands nothing on
    await page.evaluate(() =>
      window.t.grid.listen({
        onChange: (changes) => {
          window.t.cells = window.Grid.withChanges(window.t.cells, changes);
          window.t.draw();
        },
        onKey: () => undefined,
        onPaste: () => undefined,
      }),
    );
    await page.getByLabel('Ghi chú: Biểu 2, 2.1. Số phòng chuyên môn', { exact: true }).fill('mới thành lập');
    await page.getByLabel('Số liệu: Biểu 1, 1.2. Hồ sơ đúng hạn', { exact: true }).fill('6');
    expect(await page.locator(`tr[data-row="${id('1.3.')}"] .ratio`).textContent()).toBe('= 6/24 = 25,00%');
    expect(await page.evaluate(() => window.t.grid.typedMeanwhile())).toEqual([
      { rowId: id('1.1.'), raw: '30' },
      { rowId: id('1.2.'), raw: '6' },
      { rowId: id('2.1.'), note: 'mới thành lập' },
    ]);
    // a drawing from a state without them (the page's, before it has taken them) leaves the typed text alone
    await page.evaluate(() => window.t.draw());
    expect(await page.getByLabel('Số liệu: Biểu 1, 1.1. Tổng số hồ sơ', { exact: true }).inputValue()).toBe('30');
  });

  it('takes a table the server drew as it stands: the same markup as its own drawing, its elements kept, what was typed before any script found', async () => {
    const values = [
      { rowId: id('1.1.'), raw: '24', note: '<img src=x onerror="window.hit=1">' },
      { rowId: id('1.2.'), raw: '5', note: null },
      // texts an input or a list cannot hold as they are (a note over two lines, a label where a code belongs): not
      // taken for typing
      { rowId: id('1.3.'), raw: '20,83', note: 'dòng 1\ndòng 2' },
      { rowId: id('2.1.'), raw: '</script><b>3</b>', note: null },
      { rowId: id('2.2.'), raw: 'Hoàn thành', note: null },
    ].map((v) => ({ ...v, status: 'reported', value: null }));
    page = await browser.newPage();
    await page.setContent('<!doctype html><html><body><div id="served"></div><div id="own"></div></body></html>');
    await page.addScriptTag({ content: script });
    // the server's page: the table's markup as the server makes it, parsed by the browser (no script touches it)
    await page.evaluate(
      ({ template, values }) => {
        const { tableMarkup, rowStateOf, openingCells } = window.Grid;
        const cells = openingCells(template, { values } as never, undefined);
        document.getElementById('served')!.innerHTML = tableMarkup(
          template,
          template.rows.map((row) => rowStateOf(template, row, cells, { readOnly: false })),
        );
      },
      { template: t, values },
    );
    const served = page.locator('#served table');
    await served.getByLabel('Số liệu: Biểu 1, 1.2. Hồ sơ đúng hạn', { exact: true }).fill('6');
    expect(await page.locator('#served img, #served b, #served script').count()).toBe(0);
    // the grid's own drawing of the same rows is the same markup; the served table is taken, not drawn again
    const compared = await page.evaluate(
      ({ template, values }) => {
        const { GridRows, rowStateOf, openingCells, withChanges } = window.Grid;
        const cells = openingCells(template, { values } as never, undefined);
        const table = document.querySelector<HTMLTableElement>('#served table')!;
        const rowsBefore = [...table.rows];
        const own = new GridRows(template);
        document.getElementById('own')!.append(own.table);
        const taken = new GridRows(template, document, table);
        const draw = (grid: InstanceType<typeof GridRows>, c: typeof cells) =>
          grid.update((row) => rowStateOf(template, row, c, { readOnly: false }), null);
        draw(own, cells);
        draw(taken, cells);
        const same = own.table.outerHTML === taken.table.outerHTML;
        const kept = taken.table === table && [...table.rows].every((tr, i) => tr === rowsBefore[i]);
        const typed = taken.typedMeanwhile();
        const ownTyped = own.typedMeanwhile();
        // a change drawn on both afterwards: still the same markup
        const next = withChanges(cells, [{ rowId: template.rows[1]!.id, raw: 'abc' }]);
        draw(own, next);
        draw(taken, next);
        return { same, kept, typed, ownTyped, sameAfter: own.table.outerHTML === taken.table.outerHTML };
      },
      { template: t, values },
    );
    expect(compared).toEqual({ same: true, kept: true, typed: [{ rowId: id('1.2.'), raw: '6' }], ownTyped: [], sameAfter: true });
    // the stored text of a code list that is none of its codes is shown as it is
    expect(await served.getByLabel('Số liệu: Biểu 2, 2.2. Mức độ hoàn thành', { exact: true }).inputValue()).toBe('Hoàn thành');
    expect(await served.getByLabel('Ghi chú: Biểu 1, 1.1. Tổng số hồ sơ', { exact: true }).inputValue()).toBe(values[0]!.note);
    expect(await page.evaluate(() => (window as unknown as { hit?: number }).hit)).toBeUndefined();
  });
});
