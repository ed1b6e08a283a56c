import { describe, expect, it } from 'vitest';
import type { TrendDto } from '@shared/dashboard-schemas.js';
import { figureText, trendMarks } from './chart-options.js';

const point = (extra: Partial<TrendDto['points'][number]>): TrendDto['points'][number] => ({
  period: { year: 2024, kind: 'Y' },
  label: 'Năm 2024',
  value: 60,
  method: 'sum',
  reported: 3,
  agencies: 4,
  parts: null,
  spread: null,
  templateIds: [],
  percentOnly: 0,
  derived: 0,
  derivedFrom: [],
  comparable: 0,
  comparableWith: [],
  ...extra,
});

describe('the dashboards say what a figure is', () => {
  it('never shows a rate below 100 as "100,00 %"', () => {
    expect(figureText('percent', 99.996)).toBe('99,996 %');
    expect(figureText('percent', (2 / 3) * 100)).toBe('66,67 %');
  });

  it('marks a point derived from quarters or made comparable across a merger', () => {
    expect(trendMarks(point({}))).toEqual([]);
    expect(
      trendMarks(point({ derived: 1, derivedFrom: ['Q1', 'Q2', 'Q3', 'Q4'], comparable: 1, comparableWith: ['UBND huyện A', 'UBND huyện B'] })),
    ).toEqual([
      'Tính từ số liệu các quý của 1 đơn vị chỉ báo cáo theo quý',
      'Cộng số liệu các đơn vị trước sáp nhập để so sánh: UBND huyện A, UBND huyện B',
    ]);
  });
});
