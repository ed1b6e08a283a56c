/**
 * Computed criteria: the points CCHC's own data gives an agency — the share of the year's reports sent by their
 * round's deadline, or a ratio of indicators of its latest accepted report of the year — through the criterion's
 * points scale. During the year the same computation is the forecast: the points so far, and what is still missing
 * (rounds not yet due or not sent, indicators not reported). Pure.
 */
import { comparePeriods, timelinessOf, type Period } from '../periods/period.js';
import { roundPoints, type ComputedSource, type CriteriaSet, type IndexCriterion, type PointsScale } from './criteria-set.js';

/** One reporting round of the year the agency was in, with its report's state. */
export interface RoundFact {
  roundId: string;
  period: Period;
  /** yyyy-mm-dd */
  deadline: string;
  submittedAt: Date | null;
}

/** An accepted report of the year: its canonical indicators' values (null: not reported). */
export interface ReportFact {
  reportId: string;
  period: Period;
  indicators: ReadonlyMap<string, number | null>;
}

export interface ComputeFacts {
  year: number;
  rounds: readonly RoundFact[];
  reports: readonly ReportFact[];
  now: Date;
  /** The canonical indicators' names, for what is missing (an indicator without one is named by its id). */
  indicatorNames?: ReadonlyMap<string, string>;
}

export interface ComputedScore {
  code: string;
  /** Points given so far; null when there is nothing to compute from yet. */
  points: number | null;
  /** The rate the points come from (0–100), when known. */
  rate: number | null;
  /** How the rate was found, in Vietnamese ("3/4 báo cáo gửi đúng hạn"). */
  basis: string | null;
  /** What is still missing for a final figure, in Vietnamese. */
  missing: string[];
  /** The report the ratio was read from. */
  reportId: string | null;
}

/** The points a rate (0–100) gives on a scale, never above the criterion's maximum nor below 0. */
export function pointsOnScale(scale: PointsScale, rate: number, max: number): number {
  const r = Math.min(100, Math.max(0, rate));
  if (scale.kind === 'proportional') return roundPoints(Math.min(max, (max * r) / 100));
  // steps are sorted from the highest threshold down: the first one reached wins
  const step = scale.steps.find((s) => r >= s.from);
  return step ? roundPoints(Math.min(max, step.points)) : 0;
}

const formatRate = (rate: number) => `${(Math.round(rate * 100) / 100).toLocaleString('vi-VN')}%`;

const periodName = (p: Period): string => {
  switch (p.kind) {
    case 'Y':
      return `năm ${p.year}`;
    case 'H1':
      return `6 tháng ${p.year}`;
    case 'M9':
      return `9 tháng ${p.year}`;
    default:
      return `quý ${p.kind.slice(1)}/${p.year}`;
  }
};

/** The latest period's accepted report of the year (a year report before a fourth quarter's). */
function latestReport(reports: readonly ReportFact[], year: number): ReportFact | null {
  const ofYear = reports.filter((r) => r.period.year === year);
  if (ofYear.length === 0) return null;
  return [...ofYear].sort((a, b) => comparePeriods(b.period, a.period))[0]!;
}

function timeliness(criterion: IndexCriterion, scale: PointsScale, facts: ComputeFacts): ComputedScore {
  const rounds = facts.rounds.filter((r) => r.period.year === facts.year);
  const states = rounds.map((r) => ({ round: r, state: timelinessOf(r.deadline, r.submittedAt, facts.now) }));
  const due = states.filter((s) => s.state !== 'open');
  const onTime = due.filter((s) => s.state === 'on-time').length;
  const missing: string[] = [];
  for (const s of states) {
    if (s.state === 'open')
      missing.push(`Báo cáo ${periodName(s.round.period)} chưa đến hạn (hạn ${s.round.deadline.split('-').reverse().join('/')}).`);
    else if (s.state === 'late')
      missing.push(`Báo cáo ${periodName(s.round.period)} ${s.round.submittedAt ? 'gửi trễ hạn' : 'chưa gửi, đã quá hạn'}.`);
  }
  if (rounds.length === 0) missing.push(`Chưa có kỳ báo cáo nào của năm ${facts.year}.`);
  if (due.length === 0) return { code: criterion.code, points: null, rate: null, basis: null, missing, reportId: null };
  const rate = (onTime / due.length) * 100;
  return {
    code: criterion.code,
    points: pointsOnScale(scale, rate, criterion.max),
    rate: roundPoints(rate),
    basis: `${onTime}/${due.length} báo cáo đến hạn gửi đúng hạn (${formatRate(rate)})`,
    missing,
    reportId: null,
  };
}

function fromReport(
  criterion: IndexCriterion,
  source: Exclude<ComputedSource, { kind: 'report-timeliness' }>,
  scale: PointsScale,
  facts: ComputeFacts,
) {
  const report = latestReport(facts.reports, facts.year);
  const none = (missing: string[], reportId: string | null = null): ComputedScore => ({
    code: criterion.code,
    points: null,
    rate: null,
    basis: null,
    missing,
    reportId,
  });
  if (!report) return none([`Chưa có báo cáo được duyệt của năm ${facts.year}.`]);
  const read = (id: string) => report.indicators.get(id) ?? null;
  const named = (id: string) => `Chỉ tiêu "${facts.indicatorNames?.get(id) ?? id}"`;
  const where = `báo cáo ${periodName(report.period)}`;
  let rate: number;
  let basis: string;
  if (source.kind === 'indicator') {
    const value = read(source.indicator);
    if (value === null) return none([`${named(source.indicator)} chưa có số liệu trong ${where}.`], report.reportId);
    rate = value;
    basis = `${formatRate(value)} theo ${where}`;
  } else {
    const numerator = read(source.numerator);
    const denominator = read(source.denominator);
    const missing = [source.numerator, source.denominator]
      .filter((id, i) => (i === 0 ? numerator : denominator) === null)
      .map((id) => `${named(id)} chưa có số liệu trong ${where}.`);
    if (missing.length > 0) return none(missing, report.reportId);
    if (denominator === 0) return none([`${named(source.denominator)} bằng 0 trong ${where}: không tính được tỷ lệ.`], report.reportId);
    rate = (numerator! / denominator!) * 100;
    basis = `${numerator!.toLocaleString('vi-VN')}/${denominator!.toLocaleString('vi-VN')} (${formatRate(rate)}) theo ${where}`;
  }
  const missing = report.period.kind === 'Y' ? [] : [`Số liệu đến ${periodName(report.period)}; điểm cuối cùng tính theo báo cáo năm.`];
  return {
    code: criterion.code,
    points: pointsOnScale(scale, rate, criterion.max),
    rate: roundPoints(Math.min(100, Math.max(0, rate))),
    basis,
    missing,
    reportId: report.reportId,
  };
}

/** The points of one computed criterion from the facts so far (null points: nothing to compute from yet). */
export function computeCriterion(criterion: IndexCriterion, facts: ComputeFacts): ComputedScore | null {
  if (criterion.scoring.kind !== 'computed') return null;
  const { source, scale } = criterion.scoring;
  return source.kind === 'report-timeliness' ? timeliness(criterion, scale, facts) : fromReport(criterion, source, scale, facts);
}

/** Every computed criterion of a set, by code. */
export function computeAll(set: CriteriaSet, facts: ComputeFacts): Map<string, ComputedScore> {
  const out = new Map<string, ComputedScore>();
  for (const c of set.criteria) {
    const score = computeCriterion(c, facts);
    if (score) out.set(c.code, score);
  }
  return out;
}

export interface Forecast {
  /** Points the computed criteria give so far. */
  points: number;
  /** Their maximum. */
  max: number;
  criteria: ComputedScore[];
}

/** The forecast of the computed criteria: points so far, their maximum, and each criterion's missing data. */
export function forecast(set: CriteriaSet, facts: ComputeFacts): Forecast {
  const scores = [...computeAll(set, facts).values()];
  const max = set.criteria.filter((c) => c.scoring.kind === 'computed').reduce((a, c) => a + Math.round(c.max * 100), 0) / 100;
  return { points: roundPoints(scores.reduce((a, s) => a + Math.round((s.points ?? 0) * 100), 0) / 100), max: roundPoints(max), criteria: scores };
}

/** The canonical indicators a set's computed criteria read (what a server needs to load from the reports). */
export function indicatorsRead(set: CriteriaSet): string[] {
  const ids = new Set<string>();
  for (const c of set.criteria) {
    if (c.scoring.kind !== 'computed') continue;
    const s = c.scoring.source;
    if (s.kind === 'ratio') ids.add(s.numerator).add(s.denominator);
    if (s.kind === 'indicator') ids.add(s.indicator);
  }
  return [...ids];
}
