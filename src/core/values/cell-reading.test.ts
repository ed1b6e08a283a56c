import { describe, expect, it } from 'vitest';
import type { Template, TemplateRow, ValueKind } from '../catalogue/template.js';
import { kindFromUnit } from '../catalogue/unit.js';
import type { CellValue } from '../report.js';
import { parseCell } from './cell-grammar.js';
import { cellReading, NOT_REPORTED_TEXT, UNREADABLE_TEXT, unreadableFindings } from './cell-reading.js';
import { templateRow } from '../../test-support/template-factory.js';

const count: ValueKind = { type: 'count' };
const percent: ValueKind = { type: 'percent' };
const text: ValueKind = { type: 'text' };
const read = (raw: string, kind: ValueKind) => cellReading(parseCell(raw, kind), kind);

describe('cellReading: every cell says how it was read', () => {
  it('words in a count row are an error: no number could be read', () => {
    const r = read('abc xyz', count);
    expect(r.severity).toBe('error');
    expect(r.shown).toBe(UNREADABLE_TEXT);
    expect(r.message).toContain(UNREADABLE_TEXT);
  });
  it('"12,846" in a count row is read as 12.846 and flagged unsure, as the importer flags it', () => {
    const r = read('12,846', count);
    expect(r.shown).toBe('= 12.846');
    expect(r.severity).toBe('warning');
    expect(r.message).toBe('đọc là 12.846 (dấu "," được đọc là dấu phân cách hàng nghìn), hãy kiểm tra lại');
  });
  it('a done-of-total in a percentage row shows its computed percentage', () => {
    expect(read('149/150', percent)).toEqual({ shown: '= 99,33%', severity: null, message: null });
  });
  it('"/" shows "không báo cáo"; an empty cell shows nothing', () => {
    expect(read('/', count).shown).toBe(NOT_REPORTED_TEXT);
    expect(read('-', percent).shown).toBe(NOT_REPORTED_TEXT);
    expect(read('', count).shown).toBe('');
  });
  it('a clean number shows its value, a coded row its label, a text row nothing', () => {
    expect(read('1.234', count)).toEqual({ shown: '= 1.234', severity: null, message: null });
    expect(read('63,1%', percent).shown).toBe('= 63,1%');
    const coded = kindFromUnit('Chưa = 0 Đang làm = 1 Hoàn thành = 2');
    expect(read('2', coded).shown).toBe('= 2 — Hoàn thành');
    expect(read('abc', text)).toEqual({ shown: '', severity: null, message: null });
  });
});

describe('unreadableFindings', () => {
  const row = (id: string, kind: ValueKind): TemplateRow => templateRow({ id, kind });
  const template = { rows: [row('1', count), row('2', text), row('3', count)], checks: [] } as unknown as Template;
  const cell = (raw: string, kind: ValueKind): CellValue => {
    const p = parseCell(raw, kind);
    return { value: p.value, status: p.status, note: p.note, decimals: p.decimals };
  };
  it('an error on each number row holding only words, none on text rows nor on numbers', () => {
    const values = new Map([
      ['1', cell('abc xyz', count)],
      ['2', cell('abc xyz', text)],
      ['3', cell('12', count)],
    ]);
    const findings = unreadableFindings(template, values);
    expect(findings.map((f) => [f.rule, f.severity, f.rows])).toEqual([['unreadable:1', 'error', ['1']]]);
    expect(findings[0]!.message).toContain(UNREADABLE_TEXT);
    expect(findings[0]!.message).not.toMatch(/\[|unreadable/u);
  });
});
