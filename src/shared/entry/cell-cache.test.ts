import { describe, expect, it } from 'vitest';
import type { ValueKind } from '../../core/catalogue/template.js';
import { parseCell } from '../../core/values/cell-grammar.js';
import { cellReading } from '../../core/values/cell-reading.js';
import { makeTemplate } from '../../test-support/template-factory.js';
import { cellReadingOf, cellValuesOf, parsedCell, typedCellOf } from './cell-cache.js';

describe('the remembered reading of a cell', () => {
  const count: ValueKind = { type: 'count' };
  const percent: ValueKind = { type: 'percent' };

  it('is the core’s reading, for every kind of text', () => {
    for (const raw of ['', '24', '1.234', '12,846', '5/24', '/', 'không có', '20,83%']) {
      for (const kind of [count, percent]) {
        expect(parsedCell(raw, kind)).toEqual(parseCell(raw, kind));
        expect(cellReadingOf(raw, kind)).toEqual(cellReading(parseCell(raw, kind), kind));
      }
    }
  });

  it('is the same object for the same text of the same kind (an unchanged cell leaves its row as drawn), not for another kind', () => {
    expect(parsedCell('24', count)).toBe(parsedCell('24', count));
    expect(cellReadingOf('24', count)).toBe(cellReadingOf('24', count));
    expect(parsedCell('24', percent)).not.toBe(parsedCell('24', count));
    expect(cellReadingOf('25', count)).not.toBe(cellReadingOf('24', count));
  });

  it('stays right past the texts it keeps (a long day of typing)', () => {
    for (let i = 0; i < 5000; i++) expect(parsedCell(String(i), count).value).toBe(i);
    expect(cellReadingOf('4999', count).shown).toBe(cellReading(parseCell('4999', count), count).shown);
  });
});

describe("a page's cells as the core reads them", () => {
  const template = makeTemplate({
    forms: [
      {
        number: null,
        rows: [
          { code: '1.', label: 'Kế hoạch CCHC' },
          { code: '1.1.', label: 'Số nhiệm vụ đề ra', unit: 'Nhiệm vụ' },
          { code: '1.2.', label: 'Số nhiệm vụ hoàn thành', unit: 'Nhiệm vụ' },
          { code: '1.3.', label: 'Tỷ lệ hoàn thành', unit: '%' },
        ],
      },
    ],
  });
  const [, planned, done, ratio] = template.rows;

  it('are the values, notes and decimals the checks read, words moved out of a value joining the officer’s note', () => {
    const values = cellValuesOf(
      template,
      new Map([
        [planned!.id, { raw: '30 (ước tính)', note: 'theo kế hoạch năm' }],
        [done!.id, { raw: '/', note: '' }],
        [ratio!.id, { raw: '93,33', note: '' }],
      ]),
    );
    expect([...values.keys()]).toEqual([planned!.id, done!.id, ratio!.id]);
    expect(values.get(planned!.id)).toEqual({ value: 30, status: 'reported', note: '(ước tính); theo kế hoạch năm', decimals: 0 });
    expect(values.get(done!.id)).toMatchObject({ value: null, status: 'not-reported' });
    expect(values.get(ratio!.id)).toMatchObject({ value: 93.33, decimals: 2 });
  });

  it('as the grid shows a stored one: the value as typed, the note without the words the reading moved there', () => {
    expect(typedCellOf(planned, { raw: '30 (ước tính)', note: '(ước tính); theo kế hoạch năm' })).toEqual({
      raw: '30 (ước tính)',
      note: 'theo kế hoạch năm',
    });
    expect(typedCellOf(planned, { raw: '30 (ước tính)', note: '(ước tính)' })).toEqual({ raw: '30 (ước tính)', note: '' });
    // a row the template no longer has: the stored note as it is
    expect(typedCellOf(undefined, { raw: '30 (ước tính)', note: '(ước tính)' })).toEqual({ raw: '30 (ước tính)', note: '(ước tính)' });
    expect(typedCellOf(planned, { raw: '12', note: null })).toEqual({ raw: '12', note: '' });
  });
});
