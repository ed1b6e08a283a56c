import { describe, expect, it } from 'vitest';
import { loadTemplateLibrary } from './template-loader.js';

describe('template library', () => {
  const library = loadTemplateLibrary();

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
