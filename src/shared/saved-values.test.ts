import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeSavedValues } from './saved-values.js';

const cell = (rowId: string, raw: string) => ({ rowId, raw, value: Number(raw) || null, status: 'reported' as const, note: null });
const report = { id: 'r1', version: 3, status: 'draft' as const, values: [cell('1.1', '5'), cell('1.2', '6')], signer: 'x' };

describe('mergeSavedValues', () => {
  it('replaces the cells written, adds new ones, takes the version and status, keeps the rest', () => {
    const merged = mergeSavedValues(report, { id: 'r1', version: 4, status: 'draft', cells: [cell('1.2', '60'), cell('1.0', '1')] });
    expect(merged).toEqual({ ...report, version: 4, values: [cell('1.1', '5'), cell('1.2', '60'), cell('1.0', '1')] });
    expect(report.values[1]).toEqual(cell('1.2', '6')); // not mutated
  });

  it('ignores an answer older than the report held, and refuses another report', () => {
    expect(mergeSavedValues(report, { id: 'r1', version: 2, status: 'draft', cells: [cell('1.1', '9')] })).toBe(report);
    expect(() => mergeSavedValues(report, { id: 'r2', version: 9, status: 'draft', cells: [] })).toThrow(/r2/);
  });

  it('ends with every row once, holding the last value written to it', () => {
    const rowId = fc.constantFrom('1', '1.1', '1.2', '2', '2.1');
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(rowId, fc.nat(99)), { maxLength: 4 }), { maxLength: 6 }), (saves) => {
        let r = { id: 'r', version: 1, status: 'not-started' as 'not-started' | 'draft', values: [] as ReturnType<typeof cell>[] };
        const expected = new Map<string, string>();
        for (const [i, save] of saves.entries()) {
          const last = new Map(save.map(([id, n]) => [id, String(n)]));
          r = mergeSavedValues(r, { id: 'r', version: i + 2, status: 'draft', cells: [...last].map(([id, raw]) => cell(id, raw)) });
          for (const [id, raw] of last) expected.set(id, raw);
        }
        expect(r.values.map((v) => v.rowId).sort()).toEqual([...expected.keys()].sort());
        for (const v of r.values) expect(v.raw).toBe(expected.get(v.rowId));
      }),
    );
  });
});
