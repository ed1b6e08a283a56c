/**
 * What the dashboards draw, as pure functions over what agencies reported:
 *   a province figure per period for one canonical indicator, with the consolidation's semantics (counts and money
 *   summed over the agencies that reported; a percentage as the ratio of the summed parts where the template defines
 *   them; the responsible agency's value where a template names one; otherwise no single figure, only the spread);
 *   rankings of agencies (not reported last, never as 0);
 *   completeness and timeliness of a round (deadlines end at 23:59:59 Vietnam time, +07:00). Pure.
 */
import type { Measure, ValueKindType } from '../catalogue/template.js';
import { comparePeriods, deriveFromQuarters, periodLabel, quartersOf, timelinessOf, type Period, type PeriodKind } from '../periods/period.js';
import { exactSum } from '../values/exact-sum.js';
import { medianOfMiddle, middleValues } from './consolidate.js';

/** Indicator kinds that have a number to draw. */
export type ChartKind = Extract<ValueKindType, 'count' | 'money' | 'percent' | 'decimal'>;
export const CHART_KINDS: readonly ChartKind[] = ['count', 'money', 'percent', 'decimal'];
export const isChartKind = (kind: ValueKindType): kind is ChartKind => (CHART_KINDS as readonly string[]).includes(kind);

/** One agency's accepted report, read through the canonical indicator (the row of the report's own template version). */
export interface Observation {
  agencyId: string;
  /** The number the agency wrote in the indicator's row (money already in the common unit); null when not reported. */
  stated: number | null;
  /** Percentages: the numerator and denominator rows of the template's ratio check, when both were reported. */
  parts: { numerator: number; denominator: number } | null;
  /** Roles the agency holds ("so-noi-vu"…). */
  roles: readonly string[];
  /** The role whose agency gives the province figure on this row of this template version, if any. */
  provinceFigureBy: string | null;
  /** The value was derived from the agency's quarters (it reported no report of the period itself): those quarters. */
  derivedFrom?: PeriodKind[];
  /** The value is its predecessors' combined (a merged agency's history on a comparable base): their ids. */
  comparableFrom?: string[];
}

export type FigureMethod = 'sum' | 'ratio' | 'responsible' | 'spread';

export interface Spread {
  min: number;
  median: number;
  max: number;
}

export interface Figure {
  /** The province figure; null when nobody reported or no single figure is defined. */
  value: number | null;
  method: FigureMethod;
  /**
   * Agencies whose values enter the figure, as in the consolidation: for a ratio those that gave both parts, for a
   * responsible row the responsible agency when it reported, else those that wrote a number.
   */
  reported: number;
  /** Agencies of the period's rounds (and any other agency with an accepted report): the figure's "n/N" is out of these. */
  agencies: number;
  /** Ratio: agencies that wrote the percentage without both parts (not in the ratio, counted apart). */
  percentOnly: number;
  /** Ratio: the summed parts and how many agencies gave both. */
  parts: { numerator: number; denominator: number; agencies: number } | null;
  spread: Spread | null;
  /** Agencies whose value was derived from their quarters (flows summed, stocks the latest). */
  derived: number;
  /** Agencies whose value is their predecessors' combined (a comparable base across a merger). */
  comparable: number;
}

/** Extremes and median, the median as the consolidation defines it. */
export function spreadOf(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  return { min: Math.min(...values), median: medianOfMiddle(middleValues(values)), max: Math.max(...values) };
}

/** An agency's own figure: for a percentage the ratio of its parts when it gave them (and the denominator is not 0), else what it wrote. */
export function agencyValue(kind: ChartKind, o: Pick<Observation, 'stated' | 'parts'>): { value: number | null; source: 'parts' | 'stated' | null } {
  if (kind === 'percent' && o.parts && o.parts.denominator !== 0) return { value: (o.parts.numerator / o.parts.denominator) * 100, source: 'parts' };
  return o.stated === null ? { value: null, source: null } : { value: o.stated, source: 'stated' };
}

const hasReported = (kind: ChartKind, o: Observation) => o.stated !== null || (kind === 'percent' && o.parts !== null);

/**
 * The province figure of one period from the agencies' observations, out of `inRound` agencies (by default the
 * observations). A missing value is never counted as 0.
 */
export function provinceFigure(kind: ChartKind, observations: readonly Observation[], inRound: number = observations.length): Figure {
  const stated = observations.filter((o) => o.stated !== null).map((o) => o.stated!);
  const base = {
    reported: observations.filter((o) => hasReported(kind, o)).length,
    agencies: Math.max(inRound, observations.length),
    percentOnly: 0,
    parts: null,
    spread: spreadOf(stated),
    derived: observations.filter((o) => o.derivedFrom && hasReported(kind, o)).length,
    comparable: observations.filter((o) => o.comparableFrom && hasReported(kind, o)).length,
  };

  const role = observations.find((o) => o.provinceFigureBy !== null)?.provinceFigureBy ?? null;
  if (role !== null) {
    const responsible = observations.find((o) => o.roles.includes(role));
    const value = responsible ? agencyValue(kind, responsible).value : null;
    return { ...base, reported: value === null ? 0 : 1, method: 'responsible', value };
  }
  if (kind === 'count' || kind === 'money') return { ...base, method: 'sum', value: stated.length > 0 ? exactSum(stated) : null };
  if (kind === 'percent') {
    const withParts = observations.filter((o) => o.parts !== null).map((o) => o.parts!);
    if (withParts.length > 0) {
      const numerator = exactSum(withParts.map((p) => p.numerator));
      const denominator = exactSum(withParts.map((p) => p.denominator));
      return {
        ...base,
        // the agencies whose parts enter the ratio; a percentage without its parts is counted apart
        reported: withParts.length,
        percentOnly: observations.filter((o) => o.parts === null && o.stated !== null).length,
        method: 'ratio',
        value: denominator > 0 ? (numerator / denominator) * 100 : null,
        parts: { numerator, denominator, agencies: withParts.length },
      };
    }
  }
  // no rule to combine: any weighted mean of equal values is that value; otherwise no single figure
  const unanimous = stated.length > 0 && stated.every((v) => v === stated[0]) ? stated[0]! : null;
  return { ...base, method: 'spread', value: unanimous };
}

export interface TrendPoint extends Figure {
  period: Period;
  label: string;
}

/**
 * One point per period, in time order, each out of its `inRound` agencies (default: its observations). Periods with
 * no observation at all are left out.
 */
export function trendSeries(
  kind: ChartKind,
  periods: readonly { period: Period; observations: readonly Observation[]; inRound?: number }[],
): TrendPoint[] {
  return periods
    .filter((p) => p.observations.length > 0)
    .map((p) => ({ period: p.period, label: periodLabel(p.period), ...provinceFigure(kind, p.observations, p.inRound) }))
    .sort((a, b) => comparePeriods(a.period, b.period));
}

// ------------------------------------------------------------------------------------------------ one axis of periods

/** The lengths of period a trend draws on one axis: quarters together, or halves, nine months or years. */
export type PeriodAxis = 'quarter' | 'H1' | 'M9' | 'Y';
export const PERIOD_AXES: readonly PeriodAxis[] = ['quarter', 'H1', 'M9', 'Y'];

export const axisOf = (kind: PeriodKind): PeriodAxis => (quartersOf(kind).length === 1 ? 'quarter' : (kind as PeriodAxis));

/**
 * The axis a trend draws by default: the longest kind of period any agency reported (years before nine months before
 * halves before quarters), since the others can be derived from quarters; never several on one axis.
 */
export function defaultAxis(kinds: Iterable<PeriodKind>): PeriodAxis {
  const present = new Set([...kinds].map(axisOf));
  return (['Y', 'M9', 'H1', 'quarter'] as const).find((a) => present.has(a)) ?? 'Y';
}

/**
 * An agency's figure for a half, nine months or year derived from its quarters' observations, where it reported only
 * quarters: a flow is the sum of the quarters (every quarter needed), a stock the latest quarter (core's
 * `deriveFromQuarters`); a flow percentage is the ratio of the summed parts (every quarter with both parts). Null when
 * it cannot be derived. The result is marked `derivedFrom`.
 */
export function deriveObservation(
  kind: ChartKind,
  target: PeriodKind,
  measure: Measure,
  quarters: readonly { kind: 'Q1' | 'Q2' | 'Q3' | 'Q4'; observation: Observation }[],
): Observation | null {
  const needed = quartersOf(target);
  if (needed.length === 1 || quarters.length === 0) return null;
  const template = quarters[0]!.observation;
  if (kind === 'percent') {
    const byKind = new Map(quarters.map((q) => [q.kind as PeriodKind, q.observation]));
    if (measure === 'stock') {
      const last = byKind.get(needed[needed.length - 1]!);
      return last && hasReported(kind, last) ? { ...last, derivedFrom: [needed[needed.length - 1]!] } : null;
    }
    const parts = needed.map((k) => byKind.get(k)?.parts ?? null);
    if (parts.some((p) => p === null)) return null;
    const numerator = exactSum(parts.map((p) => p!.numerator));
    const denominator = exactSum(parts.map((p) => p!.denominator));
    return { ...template, stated: null, parts: { numerator, denominator }, derivedFrom: needed };
  }
  const derived = deriveFromQuarters(
    target,
    measure,
    quarters.map((q) => ({ kind: q.kind, value: q.observation.stated })),
  );
  if (!derived.ok) return null;
  const value = derived.from.length > 1 ? exactSum(derived.from.map((k) => quarters.find((q) => q.kind === k)!.observation.stated!)) : derived.value;
  return { ...template, stated: value, parts: null, derivedFrom: derived.from };
}

/**
 * A merged agency's figure before the merger, on a comparable base: its predecessors' observations of a period combined
 * with the province's rules (summed; a ratio of the summed parts; a stock summed too — the merged agency holds both).
 * Null when no predecessor reported. Marked `comparableFrom`.
 */
export function combinePredecessors(kind: ChartKind, successorId: string, predecessors: readonly Observation[]): Observation | null {
  const reported = predecessors.filter((o) => hasReported(kind, o));
  if (reported.length === 0) return null;
  const figure = provinceFigure(
    kind,
    reported.map((o) => ({ ...o, provinceFigureBy: null })),
  );
  const parts = figure.parts ? { numerator: figure.parts.numerator, denominator: figure.parts.denominator } : null;
  return {
    agencyId: successorId,
    stated: figure.method === 'ratio' ? null : figure.value,
    parts,
    roles: [],
    provinceFigureBy: null,
    comparableFrom: reported.map((o) => o.agencyId),
  };
}

export interface RankInput {
  agencyId: string;
  name: string;
  value: number | null;
}

export type Ranked<T extends RankInput> = T & { rank: number | null };

/**
 * Agencies by value, highest first; equal values share a rank (1, 2, 2, 4); ties in name order. Agencies that did not
 * report come last without a rank, in name order — never as 0.
 */
export function rankAgencies<T extends RankInput>(entries: readonly T[]): Ranked<T>[] {
  const byName = (a: T, b: T) => a.name.localeCompare(b.name, 'vi') || a.agencyId.localeCompare(b.agencyId);
  const reported = entries.filter((e) => e.value !== null).sort((a, b) => b.value! - a.value! || byName(a, b));
  const missing = entries.filter((e) => e.value === null).sort(byName);
  let rank = 0;
  const ranked = reported.map((e, i) => {
    if (i === 0 || e.value !== reported[i - 1]!.value) rank = i + 1;
    return { ...e, rank };
  });
  return [...ranked, ...missing.map((e) => ({ ...e, rank: null }))];
}

// ------------------------------------------------------------------------------------------------ completeness

/** Timeliness lives with the periods (the completeness board uses it too); re-exported for the dashboards' callers. */
export { deadlineEnd, timelinessOf, type Timeliness } from '../periods/period.js';

export type ReportState = 'not-started' | 'draft' | 'submitted' | 'returned' | 'accepted';
export const REPORT_STATES: readonly ReportState[] = ['not-started', 'draft', 'submitted', 'returned', 'accepted'];

export interface RoundCompleteness {
  agencies: number;
  counts: Record<ReportState, number>;
  /** Submitted by the deadline. */
  onTime: number;
  /** Submitted after the deadline. */
  late: number;
  /** Not submitted, and the deadline has passed. */
  overdue: number;
  /** Not submitted, not due yet. */
  pending: number;
  /** onTime / agencies, in percent; null for a round without agencies. */
  onTimeRate: number | null;
}

export function roundCompleteness(
  deadline: string,
  reports: readonly { status: ReportState; submittedAt: Date | null }[],
  now: Date,
): RoundCompleteness {
  const counts = Object.fromEntries(REPORT_STATES.map((s) => [s, 0])) as Record<ReportState, number>;
  let onTime = 0;
  let late = 0;
  let overdue = 0;
  let pending = 0;
  for (const r of reports) {
    counts[r.status]++;
    const t = timelinessOf(deadline, r.submittedAt, now);
    if (r.submittedAt) {
      if (t === 'on-time') onTime++;
      else late++;
    } else if (t === 'late') overdue++;
    else pending++;
  }
  return {
    agencies: reports.length,
    counts,
    onTime,
    late,
    overdue,
    pending,
    onTimeRate: reports.length > 0 ? (onTime / reports.length) * 100 : null,
  };
}
