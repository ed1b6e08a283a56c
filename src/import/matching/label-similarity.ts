/**
 * How alike two indicator labels are, tolerant of diacritics, punctuation and small wording changes between years
 * ("đúng hạn"/"đúng hẹn", "Cổng DVC"/"Cổng DVC tỉnh"). Pure.
 */
import { foldForMatch } from '../../core/values/text.js';

export interface Grams {
  key: string;
  counts: Map<string, number>;
  size: number;
}

// labels repeat across rows, candidates and documents: fold each once
const cache = new Map<string, Grams>();
const CACHE_LIMIT = 20_000;

function gramsOf(label: string): Grams {
  let grams = cache.get(label);
  if (grams) return grams;
  const key = foldForMatch(comparableLabel(label));
  const words = key.split(' ').filter((t) => t.length > 0);
  const counts = new Map<string, number>();
  const add = (g: string) => counts.set(g, (counts.get(g) ?? 0) + 1);
  words.forEach((w, i) => {
    add(w);
    if (i + 1 < words.length) add(`${w} ${words[i + 1]}`);
  });
  grams = { key, counts, size: words.length === 0 ? 0 : 2 * words.length - 1 };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(label, grams);
  return grams;
}

/** Dice coefficient over words and word bigrams: 1 for the same label, 0 for nothing in common. */
export function labelSimilarity(a: string, b: string): number {
  return gramSimilarity(gramsOf(a), gramsOf(b));
}

/** A label's words and word bigrams, folded: computed once and compared with many labels (`gramSimilarity`). */
export function labelGrams(label: string): Grams {
  return gramsOf(label);
}

/** `labelSimilarity` of two labels' grams. */
export function gramSimilarity(ga: Grams, gb: Grams): number {
  if (ga === gb || ga.key === gb.key) return 1;
  if (ga.size === 0 || gb.size === 0) return 0;
  const [small, large] = ga.counts.size <= gb.counts.size ? [ga, gb] : [gb, ga];
  let common = 0;
  for (const [g, n] of small.counts) {
    const m = large.counts.get(g);
    if (m !== undefined) common += Math.min(n, m);
  }
  return (2 * common) / (ga.size + gb.size);
}

// every template version's matcher cleans the same source labels: clean each once
const cleaned = new Map<string, string>();

/** Removes list markers from a printed label ("- Số TTHC cấp tỉnh"). */
export function cleanSourceLabel(label: string): string {
  let text = cleaned.get(label);
  if (text !== undefined) return text;
  text = cleanSourceLabelOnce(label);
  if (cleaned.size >= CACHE_LIMIT) cleaned.clear();
  cleaned.set(label, text);
  return text;
}

function cleanSourceLabelOnce(label: string): string {
  return label
    .replace(/^\s*(?:[-–+•*]\s+|[-–+•]\s*(?=\p{Lu}))/u, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** The label as compared with template labels: without a trailing "Trong đó:" ("… đang có hiệu lực. Trong đó:"). */
export function comparableLabel(label: string): string {
  return label.replace(/[.,;:]?\s*Trong\s+đó\s*:?\s*$/iu, '').trim();
}

/**
 * Splits an agency's remark off a label cell: "Kế hoạch CCHC - 02/QĐ-BQLKDL ngày 28/01/2021 …" against the template
 * label "Kế hoạch CCHC" gives the label and the remark. Returns null when the cell holds no remark.
 */
export function splitRemark(label: string, templateLabel: string): { label: string; remark: string } | null {
  const match = /\s+[-–]\s+/u.exec(label);
  if (!match) return null;
  const before = label.slice(0, match.index).trim();
  const after = label.slice(match.index + match[0].length).trim();
  if (!after) return null;
  if (labelSimilarity(before, templateLabel) < 0.9) return null;
  if (labelSimilarity(label, templateLabel) >= 0.95) return null;
  return { label: before, remark: after };
}
