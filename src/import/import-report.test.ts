/**
 * The whole import of one document, on our own fixture (test/fixtures/ninh-thuan_so-tu-phap_2022-q3.txt) edited the
 * way officers' reports differ from the template: a row whose wording fits its template row only loosely comes
 * out matched but unsure, flagged 'low-confidence-match', with its confidence below UNSURE_BELOW in the JSON of
 * `cchc import --json` too; rows deleted from the appendix are listed as missing, exactly those, wherever the
 * import result exposes them (the report, the appendix import, the CLI summary).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { templateLibrary } from '../templates/template-loader.js';
import { extractAppendix } from './appendix/appendix-tables.js';
import { importAppendix } from './appendix/import-appendix.js';
import { importDocument, toImportJson } from './import-report.js';
import { UNSURE_BELOW } from './matching/row-matcher.js';
import { readTextReport } from './text/text-reader.js';

const FIXTURE = 'ninh-thuan_so-tu-phap_2022-q3.txt';
const original = readFileSync(join(import.meta.dirname, '..', '..', 'test', 'fixtures', FIXTURE), 'utf8');
const templates = templateLibrary().templates;

const importText = (text: string) => importDocument(readTextReport(text, FIXTURE), templates);

/** The fixture with the appendix line of one row (by its printed code and label) replaced, or deleted (null). */
function edit(text: string, lines: Record<string, string | null>): string {
  let out = text;
  for (const [start, replacement] of Object.entries(lines)) {
    const all = out.split('\n');
    const at = all.findIndex((l) => l.startsWith(start));
    expect(at, `a line starting "${start}" in ${FIXTURE}`).toBeGreaterThanOrEqual(0);
    expect(
      all.filter((l) => l.startsWith(start)),
      `one line starting "${start}"`,
    ).toHaveLength(1);
    if (replacement === null) all.splice(at, 1);
    else all[at] = replacement;
    out = all.join('\n');
  }
  return out;
}

describe(`${FIXTURE} as it is`, () => {
  it('imports with every row sure and nothing missing (the baseline of the edits below)', () => {
    const report = importText(original);
    expect(report.template.id).toBe('ninh-thuan-7s-2022');
    expect(report.missing).toEqual([]);
    expect(report.rows.filter((r) => r.flags.includes('low-confidence-match'))).toEqual([]);
    const row = report.rows.find((r) => r.rowId === '2.3')!;
    expect(row).toMatchObject({ label: 'Số VBQPPL đã rà soát', value: 118, unsure: false });
    expect(row.confidence).toBeGreaterThanOrEqual(UNSURE_BELOW);
  });
});

describe("a row whose wording fits its template row only loosely: 'low-confidence-match'", () => {
  // 2.3 is "Số VBQPPL đã rà soát"; the officer wrote something longer and different
  const LOOSE = 'Số VBQPPL được rà soát, hệ thống hóa trong kỳ';
  const text = edit(original, { '2.3.\tSố VBQPPL đã rà soát\t': `2.3.\t${LOOSE}\tVăn bản\t118\t` });
  const report = importText(text);

  it('keeps the row matched to its template row, its value read, but unsure and flagged', () => {
    const row = report.rows.find((r) => r.label === LOOSE);
    expect(row).toBeDefined();
    expect(row).toMatchObject({ rowId: '2.3', indicator: 'institutions.legal-docs.reviewed', value: 118, status: 'reported', unsure: true });
    expect(row!.flags).toContain('low-confidence-match');
    expect(row!.flags).not.toContain('unmapped-row');
    expect(row!.confidence).toBeLessThan(UNSURE_BELOW);
  });

  it('flags that row only: the template still fits, no problem is raised', () => {
    expect(report.template.id).toBe('ninh-thuan-7s-2022');
    expect(report.problems).toEqual([]);
    expect(report.rows.filter((r) => r.flags.includes('low-confidence-match')).map((r) => r.rowId)).toEqual(['2.3']);
    // unsure cells of the original (a "08/21" read as 8) stay unsure; the loose row is the only new one
    const unsureBefore = new Set(
      importText(original)
        .rows.filter((r) => r.unsure)
        .map((r) => r.rowId),
    );
    expect(unsureBefore.has('2.3')).toBe(false);
    expect(report.rows.filter((r) => r.unsure && !unsureBefore.has(r.rowId)).map((r) => r.rowId)).toEqual(['2.3']);
    expect(report.missing).toEqual([]);
  });

  it('comes out in the JSON of `cchc import --json` with its confidence below the threshold', () => {
    const json = toImportJson(report);
    const row = json.rows.find((r) => r.label === LOOSE);
    expect(row).toMatchObject({ code: '2.3.', indicator: 'institutions.legal-docs.reviewed', raw: '118', value: 118 });
    expect(row!.confidence).toBeLessThan(UNSURE_BELOW);
    // the JSON is what other tools read: it survives serialisation as is
    const parsed = JSON.parse(JSON.stringify(json)) as typeof json;
    expect(parsed.rows.find((r) => r.label === LOOSE)!.confidence).toBe(row!.confidence);
    // the other rows keep the confidence they had
    const before = new Map(toImportJson(importText(original)).rows.map((r) => [r.indicator ?? `${r.code} ${r.label}`, r.confidence]));
    for (const r of json.rows.filter((x) => x.label !== LOOSE))
      expect(r.confidence, `${r.code} ${r.label}`).toBe(before.get(r.indicator ?? `${r.code} ${r.label}`));
  });

  it('is the match that is unsure, not the cell: importAppendix flags the same row from the tables alone', () => {
    const appendix = importAppendix(report.template, extractAppendix(readTextReport(text, FIXTURE)));
    const row = appendix.rows.find((r) => r.rowId === '2.3')!;
    expect(row.flags).toEqual(['low-confidence-match']);
    expect(row.unsure).toBe(true);
    // the value is still stored under its template row
    expect(appendix.values.get('2.3')).toMatchObject({ value: 118, status: 'reported' });
  });
});

describe('rows deleted from the appendix are listed as missing, exactly those', () => {
  const deleted = { '2.3.\t': null, '4.2.3.\t': null, '7.7.2.\t': null };
  const text = edit(original, deleted);
  const report = importText(text);

  it('in the imported report, in template order', () => {
    expect(report.missing).toEqual(['2.3', '4.2.3', '7.7.2']);
    const before = importText(original);
    expect(report.rows).toHaveLength(before.rows.length - 3);
    expect(report.rows.map((r) => r.rowId)).toEqual(before.rows.map((r) => r.rowId).filter((id) => !['2.3', '4.2.3', '7.7.2'].includes(id!)));
    // the rows around the gaps are matched as surely as before
    expect(report.rows.filter((r) => r.flags.includes('low-confidence-match') || r.flags.includes('unmapped-row'))).toEqual([]);
    expect(toImportJson(report).rows.map((r) => r.indicator)).not.toContain('institutions.legal-docs.reviewed');
  });

  it('in the appendix import', () => {
    const appendix = importAppendix(report.template, extractAppendix(readTextReport(text, FIXTURE)));
    expect(appendix.missing).toEqual(['2.3', '4.2.3', '7.7.2']);
    expect([...appendix.values.keys()]).not.toContain('2.3');
  });

  it('a deleted row that is a breakdown part (3.1.3 "Số TTHC cấp huyện:") is missing too, its siblings kept', () => {
    const lines = original.split('\n');
    const at = lines.findIndex((l) => /\tSố TTHC cấp huyện:?\t/u.test(l));
    expect(at).toBeGreaterThan(0);
    lines.splice(at, 1);
    const without = importText(lines.join('\n'));
    expect(without.missing).toEqual(['3.1.3/cap-huyen']);
    expect(without.rows.map((r) => r.rowId)).toContain('3.1.3/cap-xa');
  });

  it('in the summary of `cchc import`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-missing-'));
    const file = join(dir, 'thieu-dong.txt');
    writeFileSync(file, text);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['import', file], { out: (l) => out.push(l), err: (l) => err.push(l), errRaw: () => {}, errIsTTY: false });
    expect(code, err.join('\n')).toBe(0);
    expect(out.join('\n')).toContain(`thiếu so với mẫu: 3;`);
  });
});
