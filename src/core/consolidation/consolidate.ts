/**
 * Consolidation of N reports of one template version into the province's figures:
 *   counts and money   → the sum over agencies that reported the row;
 *   percentages        → with numerator and denominator rows (a ratio check), the ratio of the summed parts —
 *                        never an average of percentages; otherwise the spread (min, median, max);
 *   coded rows         → the distribution of agencies over codes;
 *   responsible rows   → the value of the agency whose role gives the province figure;
 *   text rows          → no figure, each agency's text;
 *   everything else    → the spread.
 * A missing value is never counted as 0: every row says how many agencies reported it. Pure.
 */
import type { CheckDefinition, Template, TemplateRow } from '../catalogue/template.js';
import { reportedValue, type CellValue, type ReportValues } from '../report.js';
import { exactSum } from '../values/exact-sum.js';

export interface AgencyReport {
  agencyId: string;
  /** Roles the agency holds (e.g. "so-noi-vu"), for rows whose province figure one agency reports. */
  roles?: readonly string[];
  values: ReportValues;
}

export type ConsolidationMethod = 'sum' | 'ratio' | 'distribution' | 'responsible' | 'spread' | 'text';

export interface Contribution {
  agencyId: string;
  value: number | null;
  status: CellValue['status'];
  note: string | null;
}

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface ConsolidatedRow {
  rowId: string;
  method: ConsolidationMethod;
  /** The province figure; null when no agency reported the row or no single figure is defined. */
  value: number | null;
  /** Agencies that reported this row. */
  reported: number;
  /** Agencies in the consolidation. */
  agencies: number;
  /** Every agency's cell, in input order: the drill-down behind the figure. */
  contributions: Contribution[];
  /** Coded rows: agencies per code, in code order. */
  distribution?: { code: number; label: string; agencies: number }[];
  /** Percentages without parts, and any row with no other rule. */
  spread?: Spread;
  /** Ratio rows: the summed parts and how many agencies gave both. */
  parts?: { numerator: number; denominator: number; agencies: number };
  /** Responsible rows: the agency whose value is the figure (null when no agency holds the role). */
  responsibleAgency?: string | null;
  /** A short Vietnamese explanation of how the figure was made, for the consolidator. */
  explanation: string;
}

export interface ConsolidatedReport {
  templateId: string;
  agencies: string[];
  rows: ConsolidatedRow[];
}

function spreadOf(values: number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : exactSum([sorted[mid - 1]!, sorted[mid]!]) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}

function ratioCheckFor(template: Template, row: TemplateRow): Extract<CheckDefinition, { rule: 'ratio' }> | undefined {
  return template.checks.find((c): c is Extract<CheckDefinition, { rule: 'ratio' }> => c.rule === 'ratio' && c.percent === row.id);
}

function consolidateRow(template: Template, row: TemplateRow, reports: readonly AgencyReport[]): ConsolidatedRow {
  const contributions: Contribution[] = reports.map((r) => {
    const cell = r.values.get(row.id);
    return { agencyId: r.agencyId, value: cell?.status === 'reported' ? cell.value : null, status: cell?.status ?? 'not-reported', note: cell?.note ?? null };
  });
  const reportedValues = contributions.filter((c) => c.value !== null).map((c) => c.value!);
  const common = { rowId: row.id, reported: reportedValues.length, agencies: reports.length, contributions };
  const unanimous = reportedValues.length > 0 && reportedValues.every((v) => v === reportedValues[0]) ? reportedValues[0]! : null;

  if (row.provinceFigureBy) {
    const role = row.provinceFigureBy;
    const responsible = reports.find((r) => r.roles?.includes(role));
    const value = responsible ? reportedValue(responsible.values, row.id) : null;
    return {
      ...common,
      method: 'responsible',
      value,
      responsibleAgency: responsible?.agencyId ?? null,
      explanation: responsible
        ? value === null
          ? 'Số liệu của tỉnh do đơn vị chịu trách nhiệm báo cáo, nhưng đơn vị này chưa báo cáo.'
          : 'Số liệu của tỉnh lấy theo báo cáo của đơn vị chịu trách nhiệm.'
        : 'Đơn vị chịu trách nhiệm báo cáo số liệu của tỉnh không có trong đợt tổng hợp.',
    };
  }

  switch (row.kind.type) {
    case 'count':
    case 'money':
      return {
        ...common,
        method: 'sum',
        value: reportedValues.length > 0 ? exactSum(reportedValues) : null,
        explanation: `Tổng của ${reportedValues.length}/${reports.length} đơn vị có báo cáo.`,
      };
    case 'coded': {
      const distribution = row.kind.codes.map((c) => ({ code: c.code, label: c.label, agencies: reportedValues.filter((v) => v === c.code).length }));
      return {
        ...common,
        method: 'distribution',
        value: unanimous,
        distribution,
        explanation: `Phân bố ${reportedValues.length}/${reports.length} đơn vị theo mã.`,
      };
    }
    case 'text':
      return { ...common, method: 'text', value: null, explanation: 'Chỉ tiêu dạng chữ: xem nội dung của từng đơn vị.' };
    case 'percent': {
      const ratio = ratioCheckFor(template, row);
      if (ratio) {
        const numerators: number[] = [];
        const denominators: number[] = [];
        for (const report of reports) {
          const denominator = reportedValue(report.values, ratio.denominator);
          if (denominator === null) continue;
          const numerator = reportedValue(report.values, ratio.numerator);
          if (numerator === null) continue;
          numerators.push(numerator);
          denominators.push(denominator);
        }
        if (numerators.length > 0) {
          const numerator = exactSum(numerators);
          const denominator = exactSum(denominators);
          return {
            ...common,
            method: 'ratio',
            value: denominator > 0 ? (numerator / denominator) * 100 : null,
            parts: { numerator, denominator, agencies: numerators.length },
            spread: spreadOf(reportedValues),
            explanation: `Tỷ lệ tính lại từ tổng tử số và mẫu số của ${numerators.length}/${reports.length} đơn vị (không lấy trung bình các tỷ lệ).`,
          };
        }
      }
      return spreadRow(common, reportedValues, unanimous, reports.length);
    }
    case 'decimal':
      return spreadRow(common, reportedValues, unanimous, reports.length);
  }
}

function spreadRow(
  common: Pick<ConsolidatedRow, 'rowId' | 'reported' | 'agencies' | 'contributions'>,
  reportedValues: number[],
  unanimous: number | null,
  total: number,
): ConsolidatedRow {
  return {
    ...common,
    method: 'spread',
    // any weighted mean of equal values is that value; otherwise no province figure is defined
    value: unanimous,
    spread: spreadOf(reportedValues),
    explanation:
      unanimous !== null || reportedValues.length === 0
        ? `Không có quy tắc cộng gộp; ${reportedValues.length}/${total} đơn vị báo cáo.`
        : `Không có quy tắc cộng gộp: hiển thị khoảng giá trị (nhỏ nhất, trung vị, lớn nhất) của ${reportedValues.length}/${total} đơn vị.`,
  };
}

/** Consolidates reports filed on one template version. Reports of other versions must be mapped first. */
export function consolidate(template: Template, reports: readonly AgencyReport[]): ConsolidatedReport {
  return {
    templateId: template.id,
    agencies: reports.map((r) => r.agencyId),
    rows: template.rows.map((row) => consolidateRow(template, row, reports)),
  };
}
