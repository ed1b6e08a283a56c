/**
 * Narrative ↔ appendix: figures a report's narrative states about an indicator ("UBND tỉnh giao … 118 nhiệm vụ, đã
 * hoàn thành 105 nhiệm vụ", "tiếp nhận 1.234 hồ sơ", "31/37 nhiệm vụ … đã hoàn thành") compared with the appendix
 * rows of that indicator, sums of parts included (hoàn thành = đúng hạn + quá hạn). How the narrative words each
 * indicator is data: `narrative` phrasings in the canonical catalogue (templates/indicators.yaml).
 *
 * Conservative by design: a number is compared only when exactly one indicator's phrasing names it (its noun right
 * after the number, its verb next to it in the same clause, the sentence conditions met), the template has exactly
 * one row for each indicator involved, every one of those rows has a figure, and the sentence speaks of no other
 * period or comparison. A disagreement is a warning on that row, never an error. Pure; never throws.
 */
import type { IndicatorDefinition, NarrativePhrasing, Template, TemplateRow } from '../catalogue/template.js';
import { reportedValue, type ReportValues } from '../report.js';
import { formatNumber } from '../values/number-format.js';
import type { Finding } from './finding.js';
import { rowName } from './row-name.js';

/** A number as the narrative writes it. */
export interface NarrativeNumber {
  value: number;
  /** Digits after the decimal comma, for the rounding tolerance of percentages. */
  decimals: number;
  percent: boolean;
  /** "31/37": the 37. */
  of: number | null;
  /** Offsets in the sentence. */
  start: number;
  end: number;
}

/** One figure the narrative states about an indicator, found by a phrasing. */
export interface NarrativeMention {
  indicator: string;
  /** Indicators summed with it (the phrasing's `plus`). */
  plus: string[];
  value: number;
  decimals: number;
  percent: boolean;
  noun: string | null;
  term: string;
  /** The sentence as written, for the message. */
  sentence: string;
  /** Where the number stands in the sentence. */
  at: number;
}

/** A mention set against the appendix. */
export interface NarrativeComparison extends NarrativeMention {
  /** The rows of the indicator and of its `plus` indicators, in that order. */
  rows: string[];
  parts: number[];
  appendix: number;
  agrees: boolean;
}

const MAX_TEXT = 500_000;
const MAX_SENTENCE = 2_000;

/** Sentences: full stops followed by a space, line breaks, semicolons. Dots inside numbers ("1.234") never split. */
function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+|\n+|;/u)
    .map((s) => s.replace(/\s+/gu, ' ').trim())
    .filter((s) => s.length > 0 && s.length <= MAX_SENTENCE);
}

/** Markup the samples carry (<b>, <sup>1</sup>, **bold**, *italic*) and NFD input, cleared. */
function plainText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/<sup>[^<]{0,10}<\/sup>/giu, '')
    .replace(/<[^>]{0,100}>/gu, '')
    .replace(/[*_`]+/gu, '')
    .replace(/[\u00a0\u2000-\u200b\u202f\u3000\t]/gu, ' ');
}

const NUMBER =
  /(?<![\p{L}\p{N}/.,-])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?:\s*\/\s*(\d{1,3}(?:\.\d{3})+|\d+))?(?![\p{L}\p{N}/]|[.,]\d)(\s*%)?/gu;

function readNumber(text: string): { value: number; decimals: number } {
  const [int, frac] = text.split(',');
  return { value: Number(`${int!.replace(/\./gu, '')}.${frac ?? '0'}`), decimals: frac?.length ?? 0 };
}

/** Every number of a sentence read the vi-VN way: "1.234" = 1234, "6.786,875", "01", "31/37", "89%". Dates and document numbers are not numbers. */
export function numbersIn(sentence: string): NarrativeNumber[] {
  const out: NarrativeNumber[] = [];
  for (const m of sentence.matchAll(NUMBER)) {
    const start = m.index;
    const { value, decimals } = readNumber(m[1]!);
    const of = m[2] !== undefined ? readNumber(m[2]).value : null;
    // "ngày 15/9", "tháng 9": a date, not a figure; "9/15" with the part above the whole is no fraction either
    const before = sentence.slice(Math.max(0, start - 8), start);
    if (/(?:ngày|tháng|năm|quý|(?<!tổng\s)số)\s*$/iu.test(before)) continue;
    if (of !== null && (of < value || decimals > 0)) continue;
    if (!Number.isFinite(value)) continue;
    out.push({ value, decimals, percent: m[3] !== undefined, of, start, end: start + m[0].length });
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
const wordCache = new Map<string, RegExp>();
/** A whole-word, any-case pattern for a phrase; spaces match any run of spaces. */
function wordPattern(phrase: string): RegExp {
  let re = wordCache.get(phrase);
  if (!re) {
    re = new RegExp(`(?<![\\p{L}\\p{N}])${phrase.normalize('NFC').trim().split(/\s+/u).map(escape).join('\\s+')}(?![\\p{L}\\p{N}])`, 'iu');
    if (wordCache.size > 2_000) wordCache.clear();
    wordCache.set(phrase, re);
  }
  return re;
}
const anchoredCache = new Map<string, RegExp>();
/** The phrase at the start of a text (after spaces), or with `atEnd` at its end (before spaces, "là"/"được" allowed). */
function anchored(phrase: string, atEnd = false): RegExp {
  const key = `${atEnd ? '$' : '^'}${phrase}`;
  let re = anchoredCache.get(key);
  if (!re) {
    const body = wordPattern(phrase).source;
    re = new RegExp(atEnd ? `${body}(?:\\s+(?:là|được))?\\s*$` : `^\\s*${body}`, 'iu');
    if (anchoredCache.size > 2_000) anchoredCache.clear();
    anchoredCache.set(key, re);
  }
  return re;
}
const has = (text: string, phrases: readonly string[]) => phrases.some((p) => wordPattern(p).test(text));
const firstOf = (text: string, phrases: readonly string[]) => phrases.find((p) => wordPattern(p).test(text)) ?? null;

/**
 * A comparison with another period ("tăng 1,2% so với cùng kỳ"): figures from the clause where it starts on are not
 * this report's ("tăng cường", "giảm thiểu" are no comparison).
 */
const COMPARISON = /(?<![\p{L}])(?:so với|cùng kỳ|kỳ trước|năm trước|năm ngoái|tăng(?!\s+cường)|giảm(?!\s+(?:thiểu|tải))|còn lại)(?![\p{L}])/iu;
/** A flow's figure belongs to the report's period; a sentence naming any period or date range may speak of another. */
const PERIOD =
  /(?<![\p{L}])(?:từ ngày|đến ngày|tính đến|tính từ|lũy kế|luỹ kế|từ đầu năm|quý|tháng|năm \d{4}|giai đoạn)(?![\p{L}])|\d{1,2}\/\d{1,2}\/\d{2,4}/iu;
/** Clause boundaries: commas (not the decimal comma), colons, brackets, dashes between words. */
const CLAUSE = /,(?!\d)|[:()]|\s[-–]\s/u;

interface Candidate {
  indicator: IndicatorDefinition;
  phrasing: NarrativePhrasing;
  noun: string | null;
  term: string;
}

/**
 * The figures a narrative states, by the catalogue's phrasings. A number two phrasings of different indicators could
 * name is left out (conservative).
 */
export function findNarrativeMentions(text: string, indicators: readonly IndicatorDefinition[]): NarrativeMention[] {
  const phrased = indicators.filter((i) => (i.narrative?.length ?? 0) > 0);
  if (phrased.length === 0 || typeof text !== 'string' || text.length === 0) return [];
  const mentions: NarrativeMention[] = [];
  for (const sentence of sentencesOf(plainText(text.slice(0, MAX_TEXT)))) {
    const comparedFrom = COMPARISON.exec(sentence)?.index ?? Number.POSITIVE_INFINITY;
    const periodNamed = PERIOD.test(sentence);
    // clause by clause, each number with the words around it up to the neighbouring numbers
    let offset = 0;
    for (const clause of sentence.split(CLAUSE)) {
      const clauseStart = sentence.indexOf(clause, offset);
      offset = clauseStart + clause.length;
      if (clauseStart + clause.length > comparedFrom) break;
      const numbers = numbersIn(clause);
      numbers.forEach((n, i) => {
        const before = clause.slice(i === 0 ? 0 : numbers[i - 1]!.end, n.start);
        const after = clause.slice(n.end, i + 1 < numbers.length ? numbers[i + 1]!.start : clause.length);
        const sentenceBefore = sentence.slice(0, clauseStart + n.start);
        const candidates: Candidate[] = [];
        for (const indicator of phrased) {
          if (n.percent !== (indicator.kind === 'percent')) continue;
          if (indicator.measure === 'flow' && periodNamed) continue;
          for (const phrasing of indicator.narrative!) {
            const candidate = match(phrasing, n, before, after, sentence, sentenceBefore);
            if (candidate) candidates.push({ indicator, phrasing, ...candidate });
          }
        }
        const targets = new Set(candidates.map((c) => [c.indicator.id, ...c.phrasing.plus].join('+')));
        if (targets.size !== 1) return;
        const c = candidates[0]!;
        // "31/37 nhiệm vụ … hoàn thành": the 37 states the phrasing's `of` indicator
        if (n.of !== null && c.phrasing.of) {
          const written = `trong "${formatNumber(n.value)}/${formatNumber(n.of)}"`;
          mentions.push({
            indicator: c.phrasing.of,
            plus: [],
            value: n.of,
            decimals: 0,
            percent: false,
            noun: c.noun,
            term: written,
            sentence,
            at: clauseStart + n.start,
          });
        }
        mentions.push({
          indicator: c.indicator.id,
          plus: [...c.phrasing.plus],
          value: n.value,
          decimals: n.decimals,
          percent: n.percent,
          noun: c.noun,
          term: c.term,
          sentence,
          at: clauseStart + n.start,
        });
      });
    }
  }
  return mentions;
}

function match(
  phrasing: NarrativePhrasing,
  n: NarrativeNumber,
  before: string,
  after: string,
  sentence: string,
  sentenceBefore: string,
): { noun: string | null; term: string } | null {
  if (phrasing.sentence.length > 0 && !has(sentence, phrasing.sentence)) return null;
  if (has(sentence, phrasing.unless)) return null;
  let noun: string | null = null;
  let rest = after;
  if (!n.percent) {
    // the noun right after the number ("105 nhiệm vụ"); or, with the verb right before it ("… hoàn thành 105"),
    // a noun said earlier in the sentence ("118 nhiệm vụ … hoàn thành 105")
    noun = phrasing.nouns.find((p) => anchored(p).test(after)) ?? null;
    if (noun) rest = after.replace(anchored(noun), '');
    else {
      const elliptic = /^\s*(?:[.!?…]\s*)?$/u.test(after) && phrasing.terms.some((t) => anchored(t, true).test(before));
      const said = phrasing.nouns.find((p) => wordPattern(p).test(sentenceBefore.slice(0, Math.max(0, sentenceBefore.length - before.length))));
      if (!elliptic || !said) return null;
      noun = said;
    }
  }
  // the verb: nearest before the number (up to the previous number), else after the noun (up to the next number)
  const term = firstOf(before, phrasing.terms) ?? firstOf(rest, phrasing.terms);
  if (!term) return null;
  if (has(`${before} ${noun ?? ''} ${rest}`, phrasing.exclude)) return null;
  return { noun, term };
}

/** The single template row of an indicator with a figure, or null (no row, several rows, or no figure). */
function rowOf(template: Template, values: ReportValues, indicator: string): { row: TemplateRow; value: number } | null {
  const rows = template.rows.filter((r) => r.indicator === indicator);
  if (rows.length !== 1) return null;
  const value = reportedValue(values, rows[0]!.id);
  return value === null ? null : { row: rows[0]!, value };
}

/** The narrative's figures set against the appendix (only those the template has rows and figures for). */
export function compareNarrative(
  template: Template,
  values: ReportValues,
  text: string,
  indicators: readonly IndicatorDefinition[],
): NarrativeComparison[] {
  const out: NarrativeComparison[] = [];
  for (const mention of findNarrativeMentions(text, indicators)) {
    const found = [mention.indicator, ...mention.plus].map((id) => rowOf(template, values, id));
    if (found.some((f) => f === null)) continue;
    const parts = found.map((f) => f!.value);
    const appendix = parts.reduce((s, v) => s + v, 0);
    const tolerance = mention.percent ? 10 ** -mention.decimals / 2 + 1e-9 : 1e-9 * Math.max(1, Math.abs(appendix));
    // a stated percentage rounds the appendix's one; the rounding may go either way
    const agrees = mention.percent
      ? Math.abs(appendix - mention.value) <= Math.max(tolerance, 10 ** -mention.decimals - 1e-9)
      : Math.abs(appendix - mention.value) <= tolerance;
    out.push({ ...mention, rows: found.map((f) => f!.row.id), parts, appendix, agrees });
  }
  return out;
}

const QUOTE_BEFORE = 140;
const QUOTE_AFTER = 80;
/** The sentence, or in a long one the words around the number, cut at spaces. */
function quote(sentence: string, at: number): string {
  if (sentence.length <= QUOTE_BEFORE + QUOTE_AFTER) return sentence;
  let start = Math.max(0, at - QUOTE_BEFORE);
  let end = Math.min(sentence.length, at + QUOTE_AFTER);
  if (start > 0) start = sentence.indexOf(' ', start) + 1 || start;
  if (end < sentence.length) end = Math.max(sentence.lastIndexOf(' ', end), at + 1);
  return `${start > 0 ? '…' : ''}${sentence.slice(start, end).trim()}${end < sentence.length ? '…' : ''}`;
}

/**
 * Warnings where the narrative states a figure the appendix disagrees with: one per appendix row (the first
 * disagreement), on the indicator's row, its `plus` rows after it.
 */
export function narrativeFindings(template: Template, values: ReportValues, text: string, indicators: readonly IndicatorDefinition[]): Finding[] {
  try {
    const rows = new Map(template.rows.map((r) => [r.id, r]));
    const findings: Finding[] = [];
    const flagged = new Set<string>();
    for (const c of compareNarrative(template, values, text, indicators)) {
      if (c.agrees || flagged.has(c.rows[0]!)) continue;
      flagged.add(c.rows[0]!);
      const pct = c.percent ? '%' : '';
      const stated = `${formatNumber(c.value)}${pct}${c.noun ? ` ${c.noun}` : ''} (${c.term})`;
      const names = c.rows.map((id) => rowName(rows.get(id)!));
      const figure =
        c.parts.length > 1
          ? `${names.join(' + ')}: ${c.parts.map((p) => formatNumber(p)).join(' + ')} = ${formatNumber(c.appendix)}${pct}`
          : `${names[0]}: ${formatNumber(c.appendix)}${pct}`;
      findings.push({
        rule: `narrative:${c.rows[0]}`,
        kind: 'narrative',
        severity: 'warning',
        rows: c.rows,
        expected: c.appendix,
        found: c.value,
        message: `Phần thuyết minh nêu ${stated}, phụ lục ghi ${figure}. Câu trong thuyết minh: "${quote(c.sentence, c.at)}"`,
      });
    }
    return findings;
  } catch {
    // a check never throws: an unexpected input gives no narrative finding rather than no report
    return [];
  }
}

/** A narrative kept as outline sections (an import's `text`, a stored report's `body`) as one text for the check. */
export function narrativeText(sections: readonly { heading: string; text?: string; body?: string }[]): string {
  return sections.map((s) => [s.heading, s.text ?? s.body ?? ''].filter((p) => p.trim().length > 0).join('\n')).join('\n\n');
}
