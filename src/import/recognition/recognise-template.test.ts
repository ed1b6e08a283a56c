import { describe, expect, it } from 'vitest';
import { getTemplate, templateLibrary } from '../../templates/template-loader.js';
import type { AppendixRow, AppendixTable } from '../appendix/appendix-tables.js';
import { POOR_TEMPLATE_FIT, rankTemplates } from './recognise-template.js';

const row = (code: string, label: string, unit = '', value = ''): AppendixRow => ({
  code,
  label,
  unit,
  value,
  extra: '',
  note: '',
  at: [{ kind: 'line', line: 1 }],
  markup: false,
});

describe('rankTemplates', () => {
  const templates = templateLibrary().templates;

  it('looks beyond the family the shape suggests when that family fits poorly (forms on untitled sheets)', () => {
    const forms = getTemplate('quang-tri-forms-2022');
    // seven tables with no form named: the shape says "seven-section", the rows say forms 1–7
    const tables: AppendixTable[] = forms.forms.map((f) => ({
      form: null,
      title: null,
      extraColumn: 'note',
      rows: forms.rows.filter((r) => r.form === f.number).map((r) => row(r.code ?? '', r.label, r.unit)),
    }));
    const [best] = rankTemplates(templates, tables);
    expect(best!.template.id).toBe('quang-tri-forms-2022');
    expect(best!.score).toBeGreaterThan(POOR_TEMPLATE_FIT);
  });

  it('scores a table no template has low', () => {
    const tables: AppendixTable[] = [
      {
        form: null,
        title: null,
        extraColumn: 'note',
        rows: ['Chi lương', 'Chi hội nghị', 'Chi đào tạo', 'Chi mua sắm'].map((label, i) => row(`${i + 1}.`, label, 'Triệu đồng', '100')),
      },
    ];
    expect(rankTemplates(templates, tables)[0]!.score).toBeLessThan(POOR_TEMPLATE_FIT);
  });
});
