import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplateLibrary } from './template-loader.js';

describe('template library', () => {
  const library = loadTemplateLibrary();

  it('keeps every published indicator id (ids are followed across versions and years: never renamed or removed)', () => {
    const published = readFileSync(join(import.meta.dirname, '..', '..', 'templates', 'indicator-ids.published.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    expect(published.length).toBeGreaterThan(100);
    const ids = new Set(library.indicators.map((i) => i.id));
    expect(published.filter((id) => !ids.has(id))).toEqual([]);
    // and every id in the catalogue is published, so a new one is added here on purpose
    expect([...ids].filter((id) => !published.includes(id))).toEqual([]);
  });

  it('loads every template file without problems', () => {
    expect(library.indicators.length).toBeGreaterThan(100);
    expect(library.templates.length).toBeGreaterThan(0);
  });

  it('maps every value row of every template that has a shared meaning to a catalogue indicator', () => {
    for (const template of library.templates) {
      const valueRows = template.rows.filter((r) => !r.group && r.kind.type !== 'text');
      const mapped = valueRows.filter((r) => r.indicator !== null);
      // most value rows carry a canonical meaning; the rest are agency-specific curiosities
      expect(mapped.length / Math.max(1, valueRows.length), template.id).toBeGreaterThan(0.8);
    }
  });

  it('never maps two rows of one template version to the same indicator', () => {
    for (const template of library.templates) {
      const seen = new Map<string, string>();
      for (const row of template.rows) {
        if (!row.indicator) continue;
        expect(seen.get(row.indicator), `${template.id}: ${row.id} and ${seen.get(row.indicator)} → ${row.indicator}`).toBeUndefined();
        seen.set(row.indicator, row.id);
      }
    }
  });
});
