/** The shipped criteria sets load and validate against the catalogue; a broken file is refused with its problems. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIndicators } from '../../templates/template-loader.js';
import { CriteriaSetLoadError, loadCriteriaSets } from './par-index-criteria-files.js';

const indicators = loadIndicators();

describe('the shipped criteria sets', () => {
  const sets = loadCriteriaSets(indicators);

  it('loads the departments’ and the communes’ illustrative sets of 2026, each of 100 points over the eight areas', () => {
    expect(sets.map((s) => [s.id, s.group, s.year])).toEqual([
      ['2026-cap-xa', 'communes', 2026],
      ['2026-so-nganh', 'departments', 2026],
    ]);
    for (const set of sets) {
      expect(set.example).toBe(true);
      expect(set.name).toContain('ví dụ minh họa');
      expect(set.max).toBe(100);
      expect(set.areas.map((a) => a.key)).toEqual([
        'direction',
        'institutions',
        'procedures',
        'organisation',
        'civil-service',
        'finance',
        'egov',
        'impact',
      ]);
      const kinds = new Set(set.criteria.map((c) => c.scoring.kind));
      expect(kinds).toEqual(new Set(['self', 'computed', 'appraised']));
      // the report-timeliness criterion links the periodic reports
      expect(set.criteria.some((c) => c.scoring.kind === 'computed' && c.scoring.source.kind === 'report-timeliness' && c.evidence.reports)).toBe(
        true,
      );
    }
  });

  it('refuses a file with problems, naming each one in Vietnamese', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-criteria-'));
    writeFileSync(
      join(dir, 'bad.yaml'),
      [
        'id: bad',
        'year: 2027',
        'group: departments',
        'name: Sai',
        'areas:',
        '  - key: direction',
        '    code: "1"',
        '    name: A',
        '    max: 5',
        '    criteria:',
        '      - { code: "1.1", name: B, max: 2, scoring: computed, compute: { kind: indicator, indicator: khong.co, scale: [{ from: 90, points: 3 }] } }',
      ].join('\n'),
    );
    let error: unknown;
    try {
      loadCriteriaSets(indicators, dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CriteriaSetLoadError);
    const messages = (error as CriteriaSetLoadError).problems.map((p) => p.message);
    expect(messages.some((m) => m.includes('khong.co') && m.includes('danh mục'))).toBe(true);
    expect(messages.some((m) => m.includes('vượt điểm tối đa'))).toBe(true);
    expect(messages.some((m) => m.includes('khác tổng điểm'))).toBe(true);
  });
});
