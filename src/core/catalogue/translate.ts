/**
 * Carries a report's values from the template version it was filed on to another version, through the canonical
 * indicators: what lets a 2021 report stand beside a 2023 one, or a forms-family report beside a seven-section one.
 * Rows of the same version map by id. Rows without an indicator, or whose indicator the target lacks, are dropped
 * and listed. Pure.
 */
import type { ReportValues } from '../report.js';
import type { Template } from './template.js';

export interface Translation {
  values: ReportValues;
  /** Source row ids whose values have no place in the target version. */
  dropped: string[];
}

export function translateValues(from: Template, to: Template, values: ReportValues): Translation {
  if (from.id === to.id) return { values, dropped: [] };
  const targetByIndicator = new Map(to.rows.flatMap((r) => (r.indicator ? [[r.indicator, r.id] as const] : [])));
  const out = new Map<string, ReturnType<ReportValues['get']> & object>();
  const dropped: string[] = [];
  for (const row of from.rows) {
    const cell = values.get(row.id);
    if (!cell) continue;
    const target = row.indicator ? targetByIndicator.get(row.indicator) : undefined;
    if (target === undefined) {
      if (cell.status !== 'not-reported') dropped.push(row.id);
      continue;
    }
    out.set(target, cell);
  }
  return { values: out, dropped };
}

/** A report's reported numbers by canonical indicator id: the shape dashboards and trends read. */
export function valuesByIndicator(template: Template, values: ReportValues): Map<string, number> {
  const out = new Map<string, number>();
  for (const row of template.rows) {
    const cell = values.get(row.id);
    if (row.indicator && cell?.status === 'reported' && cell.value !== null) out.set(row.indicator, cell.value);
  }
  return out;
}
