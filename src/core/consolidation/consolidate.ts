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
 *
 * Coverage, one rule everywhere (page, XLSX, DOCX, trends): a figure's `reported` agencies are exactly those whose
 * values enter it (for a ratio, the agencies that gave both parts; for a responsible row, the responsible agency when it
 * reported), out of `agencies`, the agencies of the round (not only the reports counted). A percentage written without
 * its parts does not enter a ratio: it is counted apart (`percentOnly`, "2 đơn vị chỉ ghi tỷ lệ").
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
  /** Present when the values themselves were read (a full consolidation, a drill-down), not from kept aggregates. */
  median?: number;
  max: number;
}

export interface ConsolidatedRow {
  rowId: string;
  method: ConsolidationMethod;
  /** The province figure; null when no agency reported the row or no single figure is defined. */
  value: number | null;
  /** Agencies whose values enter the figure (ratio: gave both parts; responsible: the responsible agency, if it reported). */
  reported: number;
  /** Agencies of the round (the figure's "n/N" is out of these); the reports counted when the round is not known. */
  agencies: number;
  /** Reports counted (accepted, or accepted and submitted): `agencies` minus the agencies left out. */
  counted: number;
  /** Ratio rows: agencies that wrote the percentage without both its parts, so not in the ratio ("2 đơn vị chỉ ghi tỷ lệ"). */
  percentOnly?: number;
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

/** The median as the core defines it: the middle value, or the exact mean of the two middle values. */
export function medianOfMiddle(middle: readonly number[]): number {
  return middle.length === 1 ? middle[0]! : exactSum([middle[0]!, middle[1]!]) / 2;
}

/** The one or two middle values of a list (sorted or not): what a median needs. */
export function middleValues(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? [sorted[mid]!] : [sorted[mid - 1]!, sorted[mid]!];
}

function ratioCheckFor(template: Template, row: TemplateRow): Extract<CheckDefinition, { rule: 'ratio' }> | undefined {
  return template.checks.find((c): c is Extract<CheckDefinition, { rule: 'ratio' }> => c.rule === 'ratio' && c.percent === row.id);
}

/**
 * What a row's province figure is made of, without the agencies' individual values: the reported count, the exact
 * sum, the extremes and the middle values, agencies per code, the summed parts of its ratio, and the responsible
 * agency's value. It can be computed from the reports (below) or kept up to date by the database as values change;
 * both give the same figure through `figureOf`.
 */
export interface RowAggregate {
  reported: number;
  /** The exact sum of the reported values (null when none). */
  total: number | null;
  min: number | null;
  max: number | null;
  /**
   * The one or two middle values of the reported values, for the median; absent when the figure is made from kept
   * aggregates (a median cannot be kept up to date by sums; the drill-down shows every value).
   */
  middle?: readonly number[];
  /** Coded rows: agencies per reported value. */
  codes?: ReadonlyMap<number, number>;
  /** Percent rows with a ratio check: the parts summed over agencies that gave both. */
  parts?: { numerator: number; denominator: number; agencies: number } | null;
  /** Percent rows with a ratio check: agencies that wrote the percentage without both parts. */
  percentOnly?: number;
  /** Rows one agency reports for the province: that agency (null when no agency in the consolidation holds the role). */
  responsible?: { agencyId: string; value: number | null } | null;
}

/** A consolidated row without the drill-down. */
export type ConsolidatedFigure = Omit<ConsolidatedRow, 'contributions'>;

/** The ratio check that makes a percent row's province figure, if any. */
export function ratioPartsOf(template: Template, row: TemplateRow): { numerator: string; denominator: string } | undefined {
  if (row.provinceFigureBy || row.kind.type !== 'percent') return undefined;
  const check = ratioCheckFor(template, row);
  return check ? { numerator: check.numerator, denominator: check.denominator } : undefined;
}

/**
 * A row's province figure from its aggregate, over `counted` reports of a round of `inRound` agencies (the coverage is
 * out of the round's agencies; without it, out of the reports counted).
 */
export function figureOf(template: Template, row: TemplateRow, agg: RowAggregate, counted: number, inRound: number = counted): ConsolidatedFigure {
  const agencies = Math.max(inRound, counted);
  const common = { rowId: row.id, reported: agg.reported, agencies, counted };
  const unanimous = agg.reported > 0 && agg.min === agg.max ? agg.min : null;
  const spread: Spread | undefined =
    agg.reported > 0 && agg.min !== null && agg.max !== null
      ? agg.middle && agg.middle.length > 0
        ? { min: agg.min, median: medianOfMiddle(agg.middle), max: agg.max }
        : { min: agg.min, max: agg.max }
      : undefined;

  if (row.provinceFigureBy) {
    const responsible = agg.responsible ?? null;
    const value = responsible?.value ?? null;
    return {
      ...common,
      // the figure is one agency's value: that agency, when it reported
      reported: value === null ? 0 : 1,
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
        value: agg.reported > 0 ? agg.total : null,
        explanation: `Tổng của ${agg.reported}/${agencies} đơn vị có báo cáo.`,
      };
    case 'coded': {
      const distribution = row.kind.codes.map((c) => ({ code: c.code, label: c.label, agencies: agg.codes?.get(c.code) ?? 0 }));
      return {
        ...common,
        method: 'distribution',
        value: unanimous,
        distribution,
        explanation: `Phân bố ${agg.reported}/${agencies} đơn vị theo mã.`,
      };
    }
    case 'text':
      return { ...common, method: 'text', value: null, explanation: 'Chỉ tiêu dạng chữ: xem nội dung của từng đơn vị.' };
    case 'percent': {
      const parts = ratioPartsOf(template, row) ? agg.parts : null;
      if (parts && parts.agencies > 0) {
        const percentOnly = agg.percentOnly ?? 0;
        return {
          ...common,
          // the agencies whose parts enter the ratio; a percentage without its parts is counted apart
          reported: parts.agencies,
          percentOnly,
          method: 'ratio',
          value: parts.denominator > 0 ? (parts.numerator / parts.denominator) * 100 : null,
          parts,
          spread,
          explanation:
            `Tỷ lệ tính lại từ tổng tử số và mẫu số của ${parts.agencies}/${agencies} đơn vị (không lấy trung bình các tỷ lệ).` +
            (percentOnly > 0 ? ` ${percentOnly} đơn vị chỉ ghi tỷ lệ, không có tử số và mẫu số, nên không được tính vào.` : ''),
        };
      }
      return spreadFigure(common, agg.reported, spread, unanimous);
    }
    case 'decimal':
      return spreadFigure(common, agg.reported, spread, unanimous);
  }
}

function spreadFigure(
  common: Pick<ConsolidatedRow, 'rowId' | 'reported' | 'agencies' | 'counted'>,
  reported: number,
  spread: Spread | undefined,
  unanimous: number | null,
): ConsolidatedFigure {
  return {
    ...common,
    method: 'spread',
    // any weighted mean of equal values is that value; otherwise no province figure is defined
    value: unanimous,
    spread,
    explanation:
      unanimous !== null || reported === 0
        ? `Không có quy tắc cộng gộp; ${reported}/${common.agencies} đơn vị báo cáo.`
        : `Không có quy tắc cộng gộp: hiển thị khoảng giá trị (nhỏ nhất, trung vị, lớn nhất) của ${reported}/${common.agencies} đơn vị.`,
  };
}

/** A row's aggregate computed from the reports themselves (with the middle values unless `withMiddle` is false). */
export function aggregateOf(template: Template, row: TemplateRow, reports: readonly AgencyReport[], withMiddle = true): RowAggregate {
  const values: number[] = [];
  for (const r of reports) {
    const v = reportedValue(r.values, row.id);
    if (v !== null) values.push(v);
  }
  const agg: RowAggregate = {
    reported: values.length,
    total: values.length > 0 ? exactSum(values) : null,
    min: values.length > 0 ? Math.min(...values) : null,
    max: values.length > 0 ? Math.max(...values) : null,
  };
  if (withMiddle) agg.middle = values.length > 0 ? middleValues(values) : [];
  if (row.kind.type === 'coded') {
    const codes = new Map<number, number>();
    for (const v of values) codes.set(v, (codes.get(v) ?? 0) + 1);
    agg.codes = codes;
  }
  const ratio = ratioPartsOf(template, row);
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
    agg.parts = numerators.length > 0 ? { numerator: exactSum(numerators), denominator: exactSum(denominators), agencies: numerators.length } : null;
    agg.percentOnly = reports.filter(
      (r) =>
        reportedValue(r.values, row.id) !== null &&
        (reportedValue(r.values, ratio.numerator) === null || reportedValue(r.values, ratio.denominator) === null),
    ).length;
  }
  if (row.provinceFigureBy) {
    const role = row.provinceFigureBy;
    const responsible = reports.find((r) => r.roles?.includes(role));
    agg.responsible = responsible ? { agencyId: responsible.agencyId, value: reportedValue(responsible.values, row.id) } : null;
  }
  return agg;
}

function consolidateRow(template: Template, row: TemplateRow, reports: readonly AgencyReport[], inRound: number): ConsolidatedRow {
  const contributions: Contribution[] = reports.map((r) => {
    const cell = r.values.get(row.id);
    return {
      agencyId: r.agencyId,
      value: cell?.status === 'reported' ? cell.value : null,
      status: cell?.status ?? 'not-reported',
      note: cell?.note ?? null,
    };
  });
  return { ...figureOf(template, row, aggregateOf(template, row, reports), reports.length, inRound), contributions };
}

/**
 * The province figures alone, as kept aggregates give them: no drill-down, spreads without medians. What
 * `consolidate` gives minus those (the server reads the same from the aggregates the database keeps).
 */
export function consolidateFigures(template: Template, reports: readonly AgencyReport[], inRound: number = reports.length): ConsolidatedFigure[] {
  return template.rows.map((row) => figureOf(template, row, aggregateOf(template, row, reports, false), reports.length, inRound));
}

/**
 * Consolidates reports filed on one template version. Reports of other versions must be mapped first. `inRound`: the
 * agencies of the round (each figure's coverage is out of these); by default the reports given.
 */
export function consolidate(template: Template, reports: readonly AgencyReport[], inRound: number = reports.length): ConsolidatedReport {
  return {
    templateId: template.id,
    agencies: reports.map((r) => r.agencyId),
    rows: template.rows.map((row) => consolidateRow(template, row, reports, inRound)),
  };
}
