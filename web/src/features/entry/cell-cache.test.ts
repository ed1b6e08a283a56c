import { describe, expect, it } from 'vitest';
import type { ValueKind } from '@core/catalogue/template.js';
import { parseCell } from '@core/values/cell-grammar.js';
import { cellReading } from '@core/values/cell-reading.js';
import { cellReadingOf, parsedCell } from './cell-cache.js';

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
