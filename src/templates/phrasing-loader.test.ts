/** The shipped phrasing of the province report: valid, every indicator it names in the catalogue. */
import { describe, expect, it } from 'vitest';
import { loadIndicators } from './template-loader.js';
import { loadPhrasing } from './phrasing-loader.js';

describe('templates/indicator-phrasing.yaml', () => {
  it('loads, and phrases indicators of every reform area and the direction', () => {
    const phrasing = loadPhrasing();
    const area = new Map(loadIndicators().map((i) => [i.id, i.area]));
    const areas = new Set(phrasing.phrases.map((p) => area.get(p.indicator)));
    expect([...areas].sort()).toEqual(['civil-service', 'direction', 'egov', 'finance', 'institutions', 'organisation', 'procedures']);
    expect(phrasing.ranking.length).toBeGreaterThan(0);
  });
});
