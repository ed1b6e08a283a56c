/**
 * Runs a template's checks over one report's values: the checks every kind implies (percent in 0–100, a code in
 * its list, counts whole and not negative) and the checks the template declares (sum, part ≤ whole, stated ratio,
 * balance across periods, cumulative within a year, required rows). Returns findings as data. Pure.
 */
import type { CheckDefinition, IndicatorDefinition, Template, TemplateRow } from '../catalogue/template.js';
import { rowIndex } from '../catalogue/template.js';
import { reportedValue, type ReportValues } from '../report.js';
import { formatFixed, formatNumber } from '../values/number-format.js';
import type { Finding } from './finding.js';
import { narrativeFindings } from './narrative-figures.js';
import { rowName } from './row-name.js';

export interface PriorReport {
  template: Template;
  values: ReportValues;
}

export interface CheckContext {
  /** The same agency's report for the period before (any template version; rows are matched by indicator across versions). */
  previous?: PriorReport;
  /** Whether `previous` lies in the same year (cumulative figures may only fall across a year boundary). */
  previousInSameYear?: boolean;
  /**
   * The report's narrative and the catalogue whose phrasings say how it states figures: figures it states that the
   * appendix disagrees with are warnings (narrative-figures.ts).
   */
  narrative?: { text: string; indicators: readonly IndicatorDefinition[] };
}

export { rowName };

type RatioCheck = Extract<CheckDefinition, { rule: 'ratio' }>;

const EPSILON = 1e-9;
const close = (a: number, b: number) => Math.abs(a - b) <= EPSILON * Math.max(1, Math.abs(a), Math.abs(b));

function kindFindings(template: Template, values: ReportValues): Finding[] {
  const findings: Finding[] = [];
  for (const row of template.rows) {
    const cell = values.get(row.id);
    if (cell?.status === 'reported' && cell.value !== null && !Number.isFinite(cell.value)) {
      findings.push({
        rule: `finite:${row.id}`,
        kind: 'finite',
        severity: 'error',
        rows: [row.id],
        expected: 'một số',
        found: 'quá lớn hoặc không phải số',
        message: `${rowName(row)}: giá trị quá lớn hoặc không phải là một số.`,
      });
      continue;
    }
    const value = reportedValue(values, row.id);
    if (value === null) {
      if (row.required) {
        findings.push({
          rule: `required:${row.id}`,
          kind: 'required',
          severity: 'error',
          rows: [row.id],
          expected: 'có số liệu',
          found: values.get(row.id)?.status === 'text' ? 'chỉ có chữ' : 'không báo cáo',
          message: `${rowName(row)} là chỉ tiêu bắt buộc nhưng chưa có số liệu.`,
        });
      }
      continue;
    }
    const name = rowName(row);
    switch (row.kind.type) {
      case 'percent':
        if (value < 0 || value > 100) {
          findings.push({
            rule: `percent-range:${row.id}`,
            kind: 'percent-range',
            severity: 'error',
            rows: [row.id],
            expected: '0–100',
            found: value,
            message: `${name}: tỷ lệ ${formatNumber(value)}% nằm ngoài khoảng 0–100%.`,
          });
        }
        break;
      case 'coded': {
        const codes = row.kind.codes;
        if (!codes.some((c) => c.code === value)) {
          findings.push({
            rule: `code-in-list:${row.id}`,
            kind: 'code-in-list',
            severity: 'error',
            rows: [row.id],
            expected: codes.map((c) => `${c.code} (${c.label})`).join(', '),
            found: value,
            message: `${name}: mã ${formatNumber(value)} không có trong danh sách (${codes.map((c) => `${c.label} = ${c.code}`).join('; ')}).`,
          });
        }
        break;
      }
      case 'count':
        if (!Number.isInteger(value)) {
          findings.push({
            rule: `whole-number:${row.id}`,
            kind: 'whole-number',
            severity: 'error',
            rows: [row.id],
            expected: 'số nguyên',
            found: value,
            message: `${name}: số lượng phải là số nguyên, đang ghi ${formatNumber(value)}.`,
          });
        }
        if (value < 0) findings.push(negative(row, value, name));
        break;
      case 'money':
        if (value < 0) findings.push(negative(row, value, name));
        break;
      case 'decimal':
      case 'text':
        break;
    }
  }
  return findings;
}

function negative(row: TemplateRow, value: number, name: string): Finding {
  return {
    rule: `non-negative:${row.id}`,
    kind: 'non-negative',
    severity: 'error',
    rows: [row.id],
    expected: '≥ 0',
    found: value,
    message: `${name}: giá trị không được âm (đang ghi ${formatNumber(value)}).`,
  };
}

/** Value of the prior report for a row of the current template: by row id in the same version, else by indicator. */
function priorValue(prior: PriorReport | undefined, current: Template, row: TemplateRow): number | null {
  if (!prior) return null;
  if (prior.template.id === current.id) return reportedValue(prior.values, row.id);
  if (!row.indicator) return null;
  const match = prior.template.rows.find((r) => r.indicator === row.indicator);
  return match ? reportedValue(prior.values, match.id) : null;
}

/** The percentage a ratio check computes from its two rows. */
export interface ComputedRatio {
  numerator: number;
  denominator: number;
  /** numerator / denominator × 100 */
  percent: number;
}

/**
 * A ratio check's own figure: numerator / denominator × 100 from the rows it names, read through `value`; null when
 * either row has no number or the denominator is 0 (nothing to compare, never a 0 %). The check compares the stated
 * percentage with it; the entry grid shows it beside the percentage as the officer types.
 */
export function computeRatio(check: Pick<RatioCheck, 'numerator' | 'denominator'>, value: (rowId: string) => number | null): ComputedRatio | null {
  const numerator = value(check.numerator);
  const denominator = value(check.denominator);
  if (numerator === null || denominator === null || denominator === 0) return null;
  const percent = (numerator / denominator) * 100;
  // parts so far apart that the ratio is no number (5e-324 of a denominator) give no ratio, like a missing part
  return Number.isFinite(percent) ? { numerator, denominator, percent } : null;
}

function declaredFindings(
  template: Template,
  rows: ReadonlyMap<string, TemplateRow>,
  check: CheckDefinition,
  values: ReportValues,
  context: CheckContext,
): Finding[] {
  const row = (id: string) => rows.get(id)!;
  const v = (id: string) => reportedValue(values, id);
  const base = { rule: check.id, kind: check.rule, severity: check.severity } as const;

  switch (check.rule) {
    case 'sum':
    case 'part-le-whole': {
      const whole = v(check.whole);
      const reportedParts = check.parts.filter((p) => v(p) !== null);
      if (whole === null || reportedParts.length === 0) return [];
      const sum = reportedParts.reduce((s, p) => s + v(p)!, 0);
      const allParts = reportedParts.length === check.parts.length;
      const partNames = check.parts.map((p) => row(p).logicalCode ?? `"${row(p).label}"`).join(' + ');
      if (sum > whole && !close(sum, whole)) {
        return [
          {
            ...base,
            rows: [check.whole, ...reportedParts],
            expected: `≤ ${formatNumber(whole)}`,
            found: sum,
            message:
              check.parts.length === 1
                ? `${rowName(row(check.parts[0]!))} (${formatNumber(sum)}) lớn hơn ${rowName(row(check.whole)).toLowerCase()} (${formatNumber(whole)}).`
                : `Tổng ${partNames} = ${formatNumber(sum)} lớn hơn ${rowName(row(check.whole)).toLowerCase()} (${formatNumber(whole)}).`,
          },
        ];
      }
      if (check.rule === 'sum' && allParts && !close(sum, whole)) {
        return [
          {
            ...base,
            rows: [check.whole, ...check.parts],
            expected: sum,
            found: whole,
            message: `${rowName(row(check.whole))} ghi ${formatNumber(whole)} nhưng tổng các dòng thành phần (${partNames}) là ${formatNumber(sum)}.`,
          },
        ];
      }
      return [];
    }
    case 'ratio': {
      const stated = v(check.percent);
      const computed = computeRatio(check, v);
      if (stated === null || computed === null) return [];
      const { numerator, denominator, percent: actual } = computed;
      const decimals = values.get(check.percent)?.decimals ?? 2;
      const tolerance = 10 ** -decimals + EPSILON;
      if (Math.abs(stated - actual) <= tolerance) return [];
      const shown = Math.max(decimals, 1);
      return [
        {
          ...base,
          rows: [check.percent, check.numerator, check.denominator],
          expected: Number(actual.toFixed(shown)),
          found: stated,
          message: `${rowName(row(check.percent))} ghi ${formatNumber(stated)}% nhưng ${formatNumber(numerator)}/${formatNumber(denominator)} = ${formatFixed(actual, shown)}%.`,
        },
      ];
    }
    case 'balance': {
      const current = v(check.current);
      const added = v(check.added);
      const removed = v(check.removed);
      if (current === null || added === null || removed === null) return [];
      const inReport = check.previousInReport ? v(check.previousInReport) : null;
      const previous = inReport ?? priorValue(context.previous, template, row(check.current));
      if (previous === null) return [];
      const expected = previous + added - removed;
      if (close(expected, current)) return [];
      const source =
        inReport !== null
          ? `kỳ trước ${formatNumber(previous)} (${rowName(row(check.previousInReport!)).toLowerCase()})`
          : `kỳ trước ${formatNumber(previous)}`;
      return [
        {
          ...base,
          rows: [check.current, check.added, check.removed, ...(inReport !== null ? [check.previousInReport!] : [])],
          expected,
          found: current,
          message: `${rowName(row(check.current))} ghi ${formatNumber(current)} nhưng ${source} + mới ${formatNumber(added)} − bãi bỏ ${formatNumber(removed)} = ${formatNumber(expected)}.`,
        },
      ];
    }
    case 'cumulative': {
      if (!context.previous || context.previousInSameYear === false) return [];
      const findings: Finding[] = [];
      for (const id of check.rows) {
        const now = v(id);
        const before = priorValue(context.previous, template, row(id));
        if (now === null || before === null || now >= before) continue;
        findings.push({
          ...base,
          rule: check.rows.length > 1 ? `${check.id}:${id}` : check.id,
          rows: [id],
          expected: `≥ ${formatNumber(before)}`,
          found: now,
          message: `${rowName(row(id))} là số lũy kế nhưng giảm từ ${formatNumber(before)} (kỳ trước) xuống ${formatNumber(now)}.`,
        });
      }
      return findings;
    }
    case 'required':
      return check.rows
        .filter((id) => v(id) === null)
        .map((id) => ({
          ...base,
          rule: check.rows.length > 1 ? `${check.id}:${id}` : check.id,
          rows: [id],
          expected: 'có số liệu',
          found: values.get(id)?.status === 'text' ? 'chỉ có chữ' : 'không báo cáo',
          message: `${rowName(row(id))} là chỉ tiêu bắt buộc nhưng chưa có số liệu.`,
        }));
  }
}

/** Every finding for one report, in template order of the first row involved. */
export function runChecks(template: Template, values: ReportValues, context: CheckContext = {}): Finding[] {
  const findings = [...kindFindings(template, values)];
  const rows = rowIndex(template);
  for (const check of template.checks) findings.push(...declaredFindings(template, rows, check, values, context));
  if (context.narrative) findings.push(...narrativeFindings(template, values, context.narrative.text, context.narrative.indicators));
  const order = new Map(template.rows.map((r) => [r.id, r.order]));
  return findings.sort((a, b) => (order.get(a.rows[0]!) ?? 0) - (order.get(b.rows[0]!) ?? 0));
}
