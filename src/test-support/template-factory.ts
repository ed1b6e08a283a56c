/** Builds small templates for tests from the same source format as templates/*.yaml. */
import { buildTemplate, type TemplateSource } from '../core/catalogue/template-source.js';
import type { IndicatorDefinition, Template, TemplateRow } from '../core/catalogue/template.js';
import { reportedCell, type CellValue, type ReportValues } from '../core/report.js';

export function makeTemplate(overrides: Partial<TemplateSource> & Pick<TemplateSource, 'forms'>, indicators: IndicatorDefinition[] = []): Template {
  const result = buildTemplate(
    {
      id: 'test-template',
      family: 'seven-section',
      name: 'Mẫu thử',
      effectiveFrom: '2022-01-01',
      columns: ['STT', 'Chỉ tiêu thống kê', 'Đơn vị tính', 'Số liệu', 'Ghi chú'],
      ...overrides,
    },
    indicators,
  );
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.at}: ${p.message}`).join('\n'));
  return result.template;
}

/** Values from a plain object: numbers are reported; strings "/" are not reported; [value, decimals] sets precision. */
export function values(entries: Record<string, number | [number, number] | '/' | CellValue>): ReportValues {
  const map = new Map<string, CellValue>();
  for (const [id, entry] of Object.entries(entries)) {
    if (entry === '/') map.set(id, { value: null, status: 'not-reported', note: null, decimals: null });
    else if (typeof entry === 'number') map.set(id, reportedCell(entry, Number.isInteger(entry) ? 0 : null));
    else if (Array.isArray(entry)) map.set(id, reportedCell(entry[0], entry[1]));
    else map.set(id, entry);
  }
  return map;
}

/** One template row with every field at its plain value (a flow count, no parent, no indicator), for tests of a row alone. */
export function templateRow(fields: Pick<TemplateRow, 'id' | 'kind'> & Partial<TemplateRow>): TemplateRow {
  return {
    form: null,
    code: `${fields.id}.`,
    logicalCode: fields.id,
    label: fields.id,
    unit: '',
    group: false,
    breakdown: false,
    parent: null,
    responsible: null,
    provinceFigureBy: null,
    measure: 'flow',
    indicator: null,
    required: false,
    order: 0,
    ...fields,
  };
}
