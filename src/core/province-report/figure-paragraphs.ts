/**
 * The generated draft of each section of the province's report: the province's figures of the section's area in
 * Vietnamese prose with vi-VN numbers ("toàn tỉnh có 122 TTHC đang có hiệu lực (theo báo cáo của 42/57 đơn vị), tăng
 * 12,5% so với cùng kỳ năm trước"), how many of the round's agencies reported each figure, and the change against the
 * previous period and the same period last year where those exist. The wording is data (Phrasing); this only
 * assembles it. Pure.
 */
import type { ValueKindType } from '../catalogue/template.js';
import { periodLabel, type Period } from '../periods/period.js';
import { formatFixed, formatNumber } from '../values/number-format.js';
import { PROVINCE_OUTLINE, type SectionKey } from './outline.js';
import type { Phrase, Phrasing } from './phrasing.js';

export interface ProvinceFigure {
  indicator: string;
  /** The indicator's name (the generic phrase when the data has none). */
  name: string;
  /** The catalogue area (direction, institutions, …). */
  area: string;
  kind: ValueKindType;
  /** "đồng", "triệu đồng" for money. */
  currency?: string;
  /** The province figure of this period; null when none is defined (nobody reported it, or a spread). */
  value: number | null;
  /** Agencies that reported it. */
  reported: number;
  /** Coded rows: agencies per code. */
  distribution?: { label: string; agencies: number }[];
  /** The province figure of the previous period and of the same period last year, when those were consolidated. */
  previous: number | null;
  lastYear: number | null;
}

export interface ParagraphInput {
  period: Period;
  /** The previous period and the same period last year (for Y, H1 and M9 they are the same period: said once). */
  previousPeriod: Period;
  lastYearPeriod: Period;
  /** Agencies of the round: coverage is "n/N đơn vị" out of these, never out of the reports counted. */
  roundAgencies: number;
  figures: readonly ProvinceFigure[];
  /** For the assessment: reports counted, late ones, agencies that did not report. */
  coverage: { reported: number; late: number; missing: number };
}

/** A percentage as written in a report: at most two decimals, no trailing zeros ("98,5%", "100%"). */
export function formatPercent(x: number): string {
  return `${formatFixed(x, 2).replace(/,?0+$/u, '')}%`;
}

/** A number of the kind as the report writes it (two decimals at most for decimals). */
export function formatFigure(figure: Pick<ProvinceFigure, 'kind' | 'currency'>, value: number, unit?: string): string {
  switch (figure.kind) {
    case 'percent':
      return formatPercent(value);
    case 'money':
      return `${formatNumber(value)} ${figure.currency ?? 'đồng'}`;
    case 'decimal':
      return formatFixed(value, 2).replace(/,?0+$/u, '') + (unit ? ` ${unit}` : '');
    default:
      return formatNumber(value) + (unit ? ` ${unit}` : '');
  }
}

/**
 * The change of a figure against an earlier one: counts and money by their relative change ("tăng 12,5%"), or by
 * the difference when the earlier figure was 0; percentages by percentage points ("tăng 1,2 điểm phần trăm").
 */
export function changePhrase(figure: Pick<ProvinceFigure, 'kind' | 'currency'>, current: number, earlier: number, against: string): string {
  if (current === earlier) return `không thay đổi so với ${against}`;
  const verb = current > earlier ? 'tăng' : 'giảm';
  const diff = Math.abs(current - earlier);
  if (figure.kind === 'percent') return `${verb} ${formatFixed(diff, 2).replace(/,?0+$/u, '')} điểm phần trăm so với ${against}`;
  if (earlier === 0) return `${verb} ${formatFigure(figure, diff)} so với ${against}`;
  return `${verb} ${formatPercent((diff / Math.abs(earlier)) * 100)} so với ${against}`;
}

const samePeriod = (a: Period, b: Period) => a.year === b.year && a.kind === b.kind;

function periodWords(p: Period): string {
  return periodLabel(p).replace(/^Năm/u, 'năm').replace(/^Quý/u, 'quý');
}

const capitalise = (s: string) => (s ? s[0]!.toLocaleUpperCase('vi') + s.slice(1) : s);
/** "Số TTHC…" → "số TTHC…", but an acronym stays ("TTHC…", "VBQPPL…"). */
const lowerFirst = (s: string) => (s.length > 1 && s[1] === s[1]!.toLocaleLowerCase('vi') ? s[0]!.toLocaleLowerCase('vi') + s.slice(1) : s);

function distributionText(figure: ProvinceFigure): string {
  const parts = (figure.distribution ?? []).filter((d) => d.agencies > 0).sort((a, b) => b.agencies - a.agencies);
  return parts.map((d) => `${d.agencies} đơn vị "${d.label}"`).join(', ');
}

/** One figure's sentence, or null when there is nothing to state. */
export function figureSentence(
  figure: ProvinceFigure,
  phrase: Phrase | undefined,
  input: Pick<ParagraphInput, 'previousPeriod' | 'lastYearPeriod' | 'period' | 'roundAgencies'>,
): string | null {
  if (figure.reported === 0) return null;
  const coded = figure.kind === 'coded';
  if (coded ? (figure.distribution ?? []).every((d) => d.agencies === 0) : figure.value === null) return null;
  const value = figure.value === null ? '' : formatFigure(figure, figure.value, phrase?.unit);
  let clause: string;
  if (phrase) {
    clause = phrase.text.replaceAll('{value}', value).replaceAll('{distribution}', distributionText(figure));
  } else if (coded) {
    clause = `${lowerFirst(figure.name)}: ${distributionText(figure)}`;
  } else {
    clause = `${lowerFirst(figure.name)} là ${value}`;
  }
  const parts = [`${clause} (theo báo cáo của ${figure.reported}/${input.roundAgencies} đơn vị)`];
  if (!coded && figure.value !== null) {
    const same = samePeriod(input.previousPeriod, input.lastYearPeriod);
    if (figure.previous !== null && !same) parts.push(changePhrase(figure, figure.value, figure.previous, `${periodWords(input.previousPeriod)}`));
    // a year is compared with the year before ("so với năm 2025"); a quarter, half or nine months with the same period last year
    if (figure.lastYear !== null)
      parts.push(
        changePhrase(figure, figure.value, figure.lastYear, input.period.kind === 'Y' ? periodWords(input.lastYearPeriod) : 'cùng kỳ năm trước'),
      );
  }
  return `${capitalise(parts.join(', '))}.`;
}

/** The generated draft of every writable section, keyed by section. */
export function generateSections(input: ParagraphInput, phrasing: Phrasing): Map<SectionKey, string> {
  const phraseOf = new Map(phrasing.phrases.map((p, i) => [p.indicator, { p, i }]));
  const out = new Map<SectionKey, string>();
  for (const section of PROVINCE_OUTLINE) {
    if (section.headingOnly) continue;
    const lines: string[] = [];
    if (section.area !== null) {
      // phrased figures in the data's order, then the area's other figures in the template's
      const figures = input.figures
        .filter((f) => f.area === section.area)
        .map((f, order) => ({ f, order, phrased: phraseOf.get(f.indicator) }))
        .sort((a, b) => (a.phrased?.i ?? Infinity) - (b.phrased?.i ?? Infinity) || a.order - b.order);
      const sentences = figures.flatMap(({ f, phrased }) => figureSentence(f, phrased?.p, input) ?? []);
      const opening = phrasing.openings[section.key];
      if (sentences.length === 0) lines.push([opening, phrasing.nothingReported].filter(Boolean).join(' '));
      else lines.push([opening, sentences.join(' ')].filter(Boolean).join(' '));
      const draft = phrasing.drafts[section.key];
      if (draft) lines.push(draft);
    } else if (section.key === 'assessment') {
      const { reported, late, missing } = input.coverage;
      lines.push(
        `Trong ${periodWords(input.period)}, ${reported}/${input.roundAgencies} đơn vị đã gửi báo cáo` +
          (late > 0 ? `, trong đó ${late} đơn vị gửi muộn` : '') +
          (missing > 0 ? `; ${missing} đơn vị chưa gửi báo cáo (danh sách tại Phụ lục kèm theo).` : '.'),
      );
      const draft = phrasing.drafts[section.key];
      if (draft) lines.push(draft);
    } else {
      const draft = phrasing.drafts[section.key];
      if (draft) lines.push(draft);
    }
    out.set(section.key, lines.join('\n'));
  }
  return out;
}
