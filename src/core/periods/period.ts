/**
 * Reporting periods: quarters, first half, nine months, year; their data cut-offs under Nghị định 09/2019/NĐ-CP
 * (Điều 12), recognition of the period phrases reports use, deriving longer periods from quarters, and whether a
 * report came in by its deadline (Vietnam time). Pure.
 */
import { foldForMatch } from '../values/text.js';
import type { Measure } from '../catalogue/template.js';

export type PeriodKind = 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'H1' | 'M9' | 'Y';
export const PERIOD_KINDS: readonly PeriodKind[] = ['Q1', 'Q2', 'Q3', 'Q4', 'H1', 'M9', 'Y'];

export interface Period {
  year: number;
  kind: PeriodKind;
}

/** An inclusive range of ISO dates (yyyy-mm-dd). */
export interface DateRange {
  from: string;
  to: string;
}

/** A day of a month, relative to the period's year: yearOffset -1 = the year before. */
export interface DayOfYear {
  month: number;
  day: number;
  yearOffset?: number;
}

export interface CutoffRule {
  from: DayOfYear;
  to: DayOfYear;
}

/** Nghị định 09/2019 defaults; M9 is set by each province (15/12 to 14/9 by default here). */
export const DEFAULT_CUTOFFS: Readonly<Record<PeriodKind, CutoffRule>> = {
  Q1: { from: { month: 12, day: 15, yearOffset: -1 }, to: { month: 3, day: 14 } },
  Q2: { from: { month: 3, day: 15 }, to: { month: 6, day: 14 } },
  Q3: { from: { month: 6, day: 15 }, to: { month: 9, day: 14 } },
  Q4: { from: { month: 9, day: 15 }, to: { month: 12, day: 14 } },
  H1: { from: { month: 12, day: 15, yearOffset: -1 }, to: { month: 6, day: 14 } },
  M9: { from: { month: 12, day: 15, yearOffset: -1 }, to: { month: 9, day: 14 } },
  Y: { from: { month: 12, day: 15, yearOffset: -1 }, to: { month: 12, day: 14 } },
};

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function isoDay(year: number, d: DayOfYear): string {
  const y = year + (d.yearOffset ?? 0);
  const last = new Date(Date.UTC(y, d.month, 0)).getUTCDate();
  return `${pad(y, 4)}-${pad(d.month)}-${pad(Math.min(d.day, last))}`;
}

/** The data cut-off range of a period; a province's or a round's overrides replace the defaults per kind. */
export function cutoffRange(period: Period, overrides: Partial<Record<PeriodKind, CutoffRule>> = {}): DateRange {
  const rule = overrides[period.kind] ?? DEFAULT_CUTOFFS[period.kind];
  return { from: isoDay(period.year, rule.from), to: isoDay(period.year, rule.to) };
}

export function isValidPeriod(value: unknown): value is Period {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    Number.isInteger(p['year']) && (p['year'] as number) >= 1990 && (p['year'] as number) <= 2200 && PERIOD_KINDS.includes(p['kind'] as PeriodKind)
  );
}

/** "Quý I", "6 tháng đầu năm", "Năm"… */
export function periodKindName(kind: PeriodKind): string {
  return KIND_NAMES[kind];
}

const KIND_NAMES: Record<PeriodKind, string> = {
  Q1: 'Quý I',
  Q2: 'Quý II',
  Q3: 'Quý III',
  Q4: 'Quý IV',
  H1: '6 tháng đầu năm',
  M9: '9 tháng',
  Y: 'Năm',
};

/** "Quý III năm 2023", "6 tháng đầu năm 2022", "9 tháng năm 2023", "Năm 2023". */
export function periodLabel(period: Period): string {
  if (period.kind === 'Y') return `Năm ${period.year}`;
  if (period.kind === 'H1') return `6 tháng đầu năm ${period.year}`;
  return `${KIND_NAMES[period.kind]} năm ${period.year}`;
}

/** Quarters a period spans, in order. */
export function quartersOf(kind: PeriodKind): PeriodKind[] {
  switch (kind) {
    case 'Q1':
    case 'Q2':
    case 'Q3':
    case 'Q4':
      return [kind];
    case 'H1':
      return ['Q1', 'Q2'];
    case 'M9':
      return ['Q1', 'Q2', 'Q3'];
    case 'Y':
      return ['Q1', 'Q2', 'Q3', 'Q4'];
  }
}

/** Order of periods in time: by year, then by the period's end; a longer period sorts after a quarter ending with it. */
export function comparePeriods(a: Period, b: Period): number {
  if (a.year !== b.year) return a.year - b.year;
  const end = (k: PeriodKind) => (quartersOf(k).length === 1 ? Number(k.slice(1)) : quartersOf(k).length);
  const byEnd = end(a.kind) - end(b.kind);
  return byEnd !== 0 ? byEnd : quartersOf(a.kind).length - quartersOf(b.kind).length;
}

/** The period of the same kind before this one (Q1 → previous year's Q4; H1, M9, Y → the previous year's). */
export function previousPeriod(period: Period): Period {
  switch (period.kind) {
    case 'Q1':
      return { year: period.year - 1, kind: 'Q4' };
    case 'Q2':
      return { year: period.year, kind: 'Q1' };
    case 'Q3':
      return { year: period.year, kind: 'Q2' };
    case 'Q4':
      return { year: period.year, kind: 'Q3' };
    default:
      return { year: period.year - 1, kind: period.kind };
  }
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/**
 * Recognises the period a report's title or summary line names: "6 tháng đầu năm 2022" (or "06 tháng năm 2022"), "Quý III … năm 2023",
 * "quý 3/2023", "9 tháng đầu năm 2023", "năm 2023". The first period named wins ("Quý III và kế hoạch Quý IV năm 2023"
 * is Q3). Returns null when no period with a year is named.
 */
export function recognisePeriod(text: string): Period | null {
  // dates ("ngày 09 tháng 6 năm 2022", "ngày  tháng 6 năm 2022", "ngày 15/9/2023") name a day, not a period
  const folded = foldForMatch(text)
    .replace(/\bngay(?:\s+\d{1,2})?\s+thang(?:\s+\d{1,2})?\s+nam\s+\d{4}\b/gu, ' ')
    .replace(/\bngay\s+\d{1,2}\s+\d{1,2}\s+\d{4}\b/gu, ' ');
  const years = [...folded.matchAll(/\b((?:19|20|21)\d{2})\b/gu)].map((m) => ({ year: Number(m[1]), index: m.index }));
  if (years.length === 0) return null;
  const yearAfter = (index: number) => (years.find((y) => y.index >= index) ?? years[0]!).year;

  const candidates: { index: number; kind: PeriodKind }[] = [];
  for (const m of folded.matchAll(/\bquy\s*(iv|iii|ii|i|[1-4])\b/gu)) {
    const q = ROMAN[m[1]!] ?? Number(m[1]);
    candidates.push({ index: m.index, kind: `Q${q}` as PeriodKind });
  }
  // "6 tháng đầu năm 2022", and "06 tháng năm 2022" (six months of the year, its first half); never "6 tháng cuối năm"
  for (const m of folded.matchAll(/\b(06|6|sau)\s+thang\s+(?:dau\s+)?nam\b/gu)) candidates.push({ index: m.index, kind: 'H1' });
  for (const m of folded.matchAll(/(?<!ngay )\b(09|9|chin)\s+thang\b(?! \d)/gu)) candidates.push({ index: m.index, kind: 'M9' });
  candidates.sort((a, b) => a.index - b.index);
  const first = candidates[0];
  if (first) return { year: yearAfter(first.index), kind: first.kind };
  if (/\b(06|6|sau)\s+thang\s+cuoi\s+nam\b/u.test(folded)) return null; // a second half is no reporting period
  const nam = /\bnam\s+((?:19|20|21)\d{2})\b/u.exec(folded);
  if (nam) return { year: Number(nam[1]), kind: 'Y' };
  return null;
}

// ------------------------------------------------------------------------------------------------ deadlines

/** A report against its round's deadline: on time, late, or not due yet. */
export type Timeliness = 'on-time' | 'late' | 'open';

/** The last instant of a deadline day (yyyy-mm-dd) in Vietnam (UTC+07:00, no daylight saving): 23:59:59.999 +07:00. */
export function deadlineEnd(deadline: string): Date {
  return new Date(`${deadline}T23:59:59.999+07:00`);
}

/**
 * On time: submitted by the end of the deadline day (Vietnam time); late: submitted after it, or not submitted once it
 * has passed; open: not submitted and not due yet. The one rule behind the completeness board and the dashboards.
 */
export function timelinessOf(deadline: string, submittedAt: Date | null, now: Date): Timeliness {
  const end = deadlineEnd(deadline).getTime();
  if (submittedAt) return submittedAt.getTime() <= end ? 'on-time' : 'late';
  return now.getTime() > end ? 'late' : 'open';
}

export interface QuarterValue {
  kind: 'Q1' | 'Q2' | 'Q3' | 'Q4';
  value: number | null;
}

export type DerivedValue = { ok: true; value: number; from: PeriodKind[] } | { ok: false; reason: 'missing-quarters'; missing: PeriodKind[] };

/**
 * A half, nine months or year from its quarters: a flow is the sum of the quarters, a stock the latest quarter.
 * A flow needs every quarter; a stock needs the last one. Missing values are never taken as 0.
 */
export function deriveFromQuarters(kind: PeriodKind, measure: Measure, quarters: readonly QuarterValue[]): DerivedValue {
  const needed = quartersOf(kind);
  const byKind = new Map(quarters.map((q) => [q.kind, q.value]));
  if (measure === 'stock') {
    const last = needed[needed.length - 1]!;
    const value = byKind.get(last as QuarterValue['kind']);
    return value === undefined || value === null ? { ok: false, reason: 'missing-quarters', missing: [last] } : { ok: true, value, from: [last] };
  }
  const missing = needed.filter((k) => {
    const v = byKind.get(k as QuarterValue['kind']);
    return v === undefined || v === null;
  });
  if (missing.length > 0) return { ok: false, reason: 'missing-quarters', missing };
  return { ok: true, value: needed.reduce((sum, k) => sum + (byKind.get(k as QuarterValue['kind']) as number), 0), from: needed };
}
