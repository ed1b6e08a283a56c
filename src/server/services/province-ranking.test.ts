/** The province DOCX's ranking annex stays bounded at national size: the ends of the ranking, the rest counted. */
import { describe, expect, it } from 'vitest';
import { rankAgencies } from '../../core/consolidation/series.js';
import { boundedRanking, RANKING_SHOWN } from './province-report.service.js';

const agencies = (n: number, withoutValue = 0) =>
  rankAgencies(Array.from({ length: n + withoutValue }, (_, i) => ({ agencyId: `a${i}`, name: `Đơn vị ${i + 1}`, value: i < n ? n - i : null })));

describe('boundedRanking', () => {
  it('prints every agency of a small round, those without a value last', () => {
    const lines = boundedRanking(agencies(2 * RANKING_SHOWN, 3));
    expect(lines).toHaveLength(2 * RANKING_SHOWN + 3);
    expect(lines.every((l) => !('gap' in l))).toBe(true);
    expect(lines.slice(-3).map((l) => ('gap' in l ? null : l.rank))).toEqual([null, null, null]);
  });

  it('prints the first and the last ranked of thousands, with how many are between, and counts those without a value', () => {
    const lines = boundedRanking(agencies(5000, 200));
    expect(lines).toHaveLength(2 * RANKING_SHOWN + 2);
    const named = lines.filter((l): l is Exclude<typeof l, { gap: unknown }> => !('gap' in l));
    expect(named.slice(0, 3).map((l) => [l.rank, l.name])).toEqual([
      [1, 'Đơn vị 1'],
      [2, 'Đơn vị 2'],
      [3, 'Đơn vị 3'],
    ]);
    expect(named.at(-1)).toMatchObject({ rank: 5000, name: 'Đơn vị 5000' });
    const gaps = lines.filter((l) => 'gap' in l).map((l) => ('gap' in l ? l.gap : null));
    expect(gaps).toEqual([
      { rank: null, name: `… 4.950 cơ quan, đơn vị xếp hạng từ ${RANKING_SHOWN + 1} đến ${5000 - RANKING_SHOWN}`, value: '…' },
      { rank: null, name: '200 cơ quan, đơn vị khác', value: '' },
    ]);
  });
});
