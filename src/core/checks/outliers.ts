/**
 * Outliers against the agency's own history (as DHIS2 flags them): a value far from what the same agency reported for
 * the same indicator in its earlier comparable periods is a warning, with the history in the message. Two rules:
 * - against the last comparable period: ten times it or more, or a tenth of it or less (both values above zero);
 * - against a robust band over the last periods (8 by default): outside median ± k·MAD (MAD scaled to a standard
 *   deviation, k = 3.5 as the modified z-score has it), and at least half the median away from it, only with enough
 *   history (5 periods by default) and a spread (a history of one repeated value has no band; the first rule still
 *   speaks for a jump from it).
 * Relative throughout: multiplying every figure by the same factor gives the same findings. Never throws; findings as
 * data. Which earlier reports are comparable (same agency or its predecessors, same period length for flows, the same
 * indicator across template versions) is the caller's choice: the history arrives per row of this template. Pure.
 */
import type { Template, TemplateRow } from '../catalogue/template.js';
import { reportedValue, type ReportValues } from '../report.js';
import { formatFixed, formatNumber } from '../values/number-format.js';
import type { Finding } from './finding.js';
import { rowName } from './row-name.js';

/** One earlier figure of the agency for a row: its period as said to the officer ("Quý I năm 2024") and the value. */
export interface HistoryPoint {
  label: string;
  value: number;
}

/** Earlier figures per row id of the current template, oldest first. */
export type RowHistories = ReadonlyMap<string, readonly HistoryPoint[]>;

export interface OutlierOptions {
  /** A value this many times the last period's (or this fraction of it, inverted) is an outlier. */
  ratio: number;
  /** How many of the latest periods make the band. */
  window: number;
  /** The fewest earlier periods a band is drawn from. */
  minBand: number;
  /** Half-width of the band in scaled MADs. */
  k: number;
  /** The band is never narrower than this fraction of the median on each side. */
  minRelativeWidth: number;
}

export const OUTLIER_DEFAULTS: Readonly<OutlierOptions> = { ratio: 10, window: 8, minBand: 5, k: 3.5, minRelativeWidth: 0.5 };

/** MAD × 1.4826 estimates the standard deviation of normally distributed figures. */
const MAD_SCALE = 1.4826;

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  // halves first: the mean of two huge figures never overflows
  return n % 2 === 1 ? sorted[mid]! : sorted[mid - 1]! / 2 + sorted[mid]! / 2;
}

const ascending = (a: number, b: number) => a - b;

/** The rows an outlier can concern: figures, not codes or free text. */
const measurable = (row: TemplateRow) => row.kind.type !== 'coded' && row.kind.type !== 'text';

export interface OutlierBand {
  median: number;
  low: number;
  high: number;
  /** How many periods the band was drawn from. */
  periods: number;
}

/** The band of usual values over the latest periods, or null when the history is too short or has no spread. */
export function outlierBand(history: readonly number[], options: OutlierOptions = OUTLIER_DEFAULTS): OutlierBand | null {
  const recent = history.filter(Number.isFinite).slice(-options.window);
  if (recent.length < options.minBand) return null;
  const sorted = [...recent].sort(ascending);
  const m = median(sorted);
  const mad = median(recent.map((x) => Math.abs(x - m)).sort(ascending));
  if (!(mad > 0) || !Number.isFinite(mad)) return null;
  const half = Math.max(options.k * MAD_SCALE * mad, options.minRelativeWidth * Math.abs(m));
  const low = m - half;
  const high = m + half;
  if (!Number.isFinite(low) || !Number.isFinite(high)) return null;
  return { median: m, low, high, periods: recent.length };
}

type Reason = { kind: 'ratio'; last: HistoryPoint; times: number } | { kind: 'band'; band: OutlierBand };

/** Why a value is an outlier against its history, or null when it is not (or the history says nothing). */
export function outlierReason(value: number, points: readonly HistoryPoint[], options: OutlierOptions = OUTLIER_DEFAULTS): Reason | null {
  if (!Number.isFinite(value)) return null;
  const usable = points.filter((p) => Number.isFinite(p.value));
  const last = usable.at(-1);
  if (!last) return null;
  if (value > 0 && last.value > 0 && (value >= options.ratio * last.value || value * options.ratio <= last.value)) {
    return { kind: 'ratio', last, times: value / last.value };
  }
  const band = outlierBand(
    usable.map((p) => p.value),
    options,
  );
  if (band && (value < band.low || value > band.high)) return { kind: 'band', band };
  return null;
}

/** A bound of the band as the officer reads it: whole for counts, never below 0 for figures that cannot be negative. */
function bound(x: number, row: TemplateRow): string {
  const clamped = row.kind.type === 'decimal' ? x : Math.max(0, x);
  return formatFixed(clamped, row.kind.type === 'count' ? 0 : 2).replace(/,0+$/u, '');
}

function reasonText(reason: Reason, row: TemplateRow): string {
  if (reason.kind === 'band') {
    const { band } = reason;
    return `ngoài khoảng thường gặp ${bound(band.low, row)}–${bound(band.high, row)} (trung vị ${bound(band.median, row)} của ${band.periods} kỳ gần nhất)`;
  }
  const { last, times } = reason;
  const lastText = `${last.label}: ${formatNumber(last.value)}`;
  if (times >= 1)
    return Number.isFinite(times) ? `gấp ${formatFixed(times, 1)} lần kỳ trước (${lastText})` : `gấp rất nhiều lần kỳ trước (${lastText})`;
  const percent = times * 100;
  return percent >= 0.1 ? `chỉ bằng ${formatFixed(percent, 1)}% kỳ trước (${lastText})` : `chỉ bằng một phần rất nhỏ kỳ trước (${lastText})`;
}

/**
 * The outlier warnings of a report: one per row whose reported value is far from the agency's history for it. A row
 * whose note already explains the figure keeps its warning, with the note quoted (answered, as other warnings are).
 */
export function outlierFindings(
  template: Template,
  values: ReportValues,
  history: RowHistories,
  options: OutlierOptions = OUTLIER_DEFAULTS,
): Finding[] {
  const findings: Finding[] = [];
  for (const row of template.rows) {
    if (!measurable(row)) continue;
    const points = history.get(row.id);
    if (!points || points.length === 0) continue;
    const value = reportedValue(values, row.id);
    if (value === null) continue;
    const reason = outlierReason(value, points, options);
    if (!reason) continue;
    const shown = points.filter((p) => Number.isFinite(p.value)).slice(-options.window);
    const note = (values.get(row.id)?.note ?? '').trim();
    const answer = note ? ` Ghi chú của đơn vị: "${note.slice(0, 200)}".` : ' Nếu số liệu đúng, hãy ghi lý do ở cột Ghi chú.';
    findings.push({
      rule: `outlier:${row.id}`,
      kind: 'outlier',
      severity: 'warning',
      rows: [row.id],
      expected: reason.kind === 'band' ? `${bound(reason.band.low, row)}–${bound(reason.band.high, row)}` : `gần ${formatNumber(reason.last.value)}`,
      found: value,
      message:
        `${rowName(row)} ghi ${formatNumber(value)}, khác xa các kỳ trước của đơn vị: ${reasonText(reason, row)}. ` +
        `Các kỳ trước: ${shown.map((p) => `${p.label}: ${formatNumber(p.value)}`).join('; ')}.${answer}`,
    });
  }
  return findings;
}
