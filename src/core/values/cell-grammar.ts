/**
 * The cell-value grammar: what an officer writes in a "Số liệu" cell, read per the row's kind into a value,
 * the words that belong in the note, a status and flags. "Not reported" ("/", "-", empty) is never 0. Pure.
 *
 *   06, 1, 00            integers with leading zeros
 *   14.584, 1.024        "." groups thousands
 *   6.786,875, 63,1      "," marks decimals
 *   100%, 63,1%          percentages
 *   08/21                done of total: value 8, the fraction in the note; in a % row 149/149 is the ratio (100)
 *   18/18 nhiệm vụ       the same with words: the fraction and the words go to the note
 *   12,846 (count row)   a comma before exactly three digits in a whole-number row: a thousands separator typed
 *                        the English way, read as 12846 and flagged unsure (elsewhere 12,846 is the decimal 12,846)
 *   Đang triển khai 06   a number with words: the number is the value, the words go to the note
 *   /, -, empty          not reported
 *   2, "Hoàn thành"      a code of a coded row, by number or by its label
 *   anything else        text only: no value, the text goes to the note
 */
import type { CodeOption, ValueKind } from '../catalogue/template.js';
import { cleanCellText, foldForMatch } from './text.js';
import { formatNumber } from './number-format.js';

export type CellStatus = 'reported' | 'not-reported' | 'text';

export type CellFlag =
  /** Tags or markdown emphasis were removed from the cell. */
  | 'markup-removed'
  /** A footnote mark (<sup>1</sup>) was removed. */
  | 'footnote-removed'
  /** Written with a % sign. */
  | 'percent-sign'
  /** "08/21" in a count row: the first number is the value, the fraction went to the note. */
  | 'fraction'
  /** "149/149" in a % row: the value is the ratio × 100. */
  | 'fraction-ratio'
  /** Words were moved from the value cell to the note. */
  | 'words-moved-to-note'
  /** The cell held several numbers; the first one was taken. Unsure. */
  | 'several-numbers'
  /** "1.5" read as 1,5: a dot not followed by a group of three digits. Unsure. */
  | 'dot-decimal'
  /** "1,234,567" written with en-US separators and read as such. Unsure. */
  | 'en-us-separators'
  /** "1,234" read as the vi-VN decimal 1,234 although en-US would read one thousand. Unsure. */
  | 'ambiguous-separator'
  /** A coded row's value given as the code's label ("Hoàn thành"). */
  | 'code-from-label'
  /** A number was expected but the cell holds only text. */
  | 'text-in-number-row'
  /** Digits too many to be a number (hundreds of them): kept as text, never as Infinity. Unsure. */
  | 'number-too-large';

export interface ParsedCell {
  /** The cell as given. */
  raw: string;
  /** The cell after removing markup and collapsing spaces. */
  text: string;
  value: number | null;
  status: CellStatus;
  /** Words or fractions moved out of the value cell; null when none. */
  note: string | null;
  flags: CellFlag[];
  /** Digits written after the decimal separator (0 for "83%"), for rounding tolerance. Null without a value. */
  decimals: number | null;
  /** Numerator and denominator when written as a fraction. */
  fraction: { numerator: number; denominator: number } | null;
  /** 1 for a clean form; lower when the reading had to guess. */
  confidence: number;
}

/** What a cell holds when nothing is reported: blank, a dash or slash, an ellipsis, an "x". */
export const NOT_REPORTED_MARKS: ReadonlySet<string> = new Set(['', '/', '-', '–', '—', '_', '…', '...', 'x', 'X', '//', '--']);
const NOT_REPORTED = NOT_REPORTED_MARKS;

interface NumberToken {
  value: number;
  decimals: number;
  flags: CellFlag[];
  confidence: number;
}

/** Reads one vi-VN number token (no sign of percent). Null when it is not a number. */
export function readNumberToken(token: string): NumberToken | null {
  const t = token.trim();
  const signMatch = /^([+-]?)\s*(.*)$/u.exec(t)!;
  const sign = signMatch[1] === '-' ? -1 : 1;
  const body = signMatch[2]!;
  let m: RegExpExecArray | null;
  if ((m = /^(\d+)$/u.exec(body))) return { value: sign * Number(m[1]), decimals: 0, flags: [], confidence: 1 };
  if ((m = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$/u.exec(body))) {
    const int = m[1]!.replace(/\./gu, '');
    return { value: sign * Number(`${int}.${m[2] ?? '0'}`), decimals: m[2]?.length ?? 0, flags: [], confidence: 1 };
  }
  if ((m = /^(\d+),(\d+)$/u.exec(body))) {
    const ambiguous = m[2]!.length === 3 && !/^0+$/u.test(m[1]!) && m[1]!.length <= 3;
    return {
      value: sign * Number(`${m[1]}.${m[2]}`),
      decimals: m[2]!.length,
      flags: ambiguous ? ['ambiguous-separator'] : [],
      confidence: ambiguous ? 0.6 : 1,
    };
  }
  if ((m = /^(\d{1,3}(?:,\d{3}){2,})(?:\.(\d+))?$/u.exec(body)) || (m = /^(\d{1,3}(?:,\d{3})+)\.(\d+)$/u.exec(body))) {
    const int = m[1]!.replace(/,/gu, '');
    return { value: sign * Number(`${int}.${m[2] ?? '0'}`), decimals: m[2]?.length ?? 0, flags: ['en-us-separators'], confidence: 0.6 };
  }
  if ((m = /^(\d+)\.(\d+)$/u.exec(body))) {
    return { value: sign * Number(`${m[1]}.${m[2]}`), decimals: m[2]!.length, flags: ['dot-decimal'], confidence: 0.6 };
  }
  return null;
}

/** A number standing alone, possibly with a % sign. */
function readWholeNumber(text: string): (NumberToken & { percent: boolean }) | null {
  const m = /^(.*?)\s*(%?)$/u.exec(text)!;
  const token = readNumberToken(m[1]!);
  return token ? { ...token, percent: m[2] === '%' } : null;
}

const FRACTION = /^(\d[\d.,]*)\s*\/\s*(\d[\d.,]*)\s*(%?)$/u;
/** One fraction among words without other numbers: "18/18 nhiệm vụ", "Hoàn thành 30/36 nhiệm vụ". */
const FRACTION_IN_WORDS = /^([^\d/]*?)\s*(?<![\d.,])(\d[\d.,]*)\s*\/\s*(\d[\d.,]*)(?![\d.,]*\d)\s*(%?)([^\d/]*)$/u;

/**
 * In a whole-number row, "12,846" (a comma before exactly three digits, no other separator) is a thousands separator
 * typed the English way: a count is never 12,846. Read as 12846, flagged unsure (en-US separators).
 */
function wholeNumberToken(text: string, token: NumberToken, kind: ValueKind): NumberToken {
  if (kind.type !== 'count' || !token.flags.includes('ambiguous-separator')) return token;
  const m = /^([+-]?)\s*(\d{1,3}),(\d{3})$/u.exec(text.trim());
  if (!m) return token;
  return { value: (m[1] === '-' ? -1 : 1) * Number(`${m[2]}${m[3]}`), decimals: 0, flags: ['en-us-separators'], confidence: 0.6 };
}

/** Numbers inside words: digits not glued to letters, slashes (dates, document numbers) or other digits groups. */
const NUMBER_IN_TEXT = /(?<![\p{L}\d/.,-])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\p{L}\d/]|[.,]\d)(\s*%)?/gu;

function findCode(text: string, codes: readonly CodeOption[]): CodeOption | null {
  const folded = foldForMatch(text);
  return codes.find((c) => foldForMatch(c.label) === folded) ?? null;
}

function base(raw: string, text: string, flags: CellFlag[]): ParsedCell {
  return { raw, text, value: null, status: 'not-reported', note: null, flags, decimals: null, fraction: null, confidence: 1 };
}

/** Reads a value cell according to the row's kind. Never throws. */
export function parseCell(raw: string, kind: ValueKind): ParsedCell {
  const parsed = readCell(raw, kind);
  if (parsed.value === null || Number.isFinite(parsed.value)) return parsed;
  return {
    ...parsed,
    value: null,
    status: 'text',
    note: parsed.text,
    decimals: null,
    fraction: null,
    flags: [...parsed.flags, 'number-too-large'],
    confidence: 0,
  };
}

function readCell(raw: string, kind: ValueKind): ParsedCell {
  const cleaned = cleanCellText(raw);
  const text = cleaned.text;
  const flags: CellFlag[] = [];
  if (cleaned.markup) flags.push('markup-removed');
  if (cleaned.footnote) flags.push('footnote-removed');
  const result = base(raw, text, flags);

  if (NOT_REPORTED.has(text)) return result;

  if (kind.type === 'text') return { ...result, status: 'text', note: text };

  const whole = readWholeNumber(text);
  if (whole) {
    const token = whole.percent ? whole : wholeNumberToken(text, whole, kind);
    if (whole.percent) flags.push('percent-sign');
    flags.push(...token.flags);
    return { ...result, value: token.value, status: 'reported', decimals: token.decimals, confidence: token.confidence };
  }

  const fraction = FRACTION.exec(text);
  const inWords = fraction ? null : FRACTION_IN_WORDS.exec(text);
  const parts = fraction
    ? { numerator: fraction[1]!, denominator: fraction[2]!, words: '' }
    : inWords
      ? { numerator: inWords[2]!, denominator: inWords[3]!, words: `${inWords[1]} ${inWords[5]}`.trim() }
      : null;
  if (parts && (!inWords || /\p{L}/u.test(parts.words))) {
    const numerator = readNumberToken(parts.numerator);
    const denominator = readNumberToken(parts.denominator);
    if (numerator && denominator) {
      const pair = { numerator: numerator.value, denominator: denominator.value };
      const confidence = parts.words ? 0.8 : 0.9;
      if (parts.words) flags.push('words-moved-to-note');
      if (kind.type === 'percent') {
        if (denominator.value === 0)
          return { ...result, status: 'text', note: text, fraction: pair, flags: [...flags, 'text-in-number-row'], confidence: 0.5 };
        flags.push('fraction-ratio');
        // the exact ratio: its precision is that of the counts, not of a written percentage
        return {
          ...result,
          value: (numerator.value / denominator.value) * 100,
          status: 'reported',
          note: text,
          fraction: pair,
          decimals: null,
          confidence,
        };
      }
      flags.push('fraction');
      return { ...result, value: numerator.value, status: 'reported', note: text, fraction: pair, decimals: numerator.decimals, confidence };
    }
  }

  if (kind.type === 'coded') {
    const code = findCode(text, kind.codes);
    if (code) {
      flags.push('code-from-label');
      return { ...result, value: code.code, status: 'reported', decimals: 0, confidence: 0.9 };
    }
  }

  const numbers = [...text.matchAll(NUMBER_IN_TEXT)];
  if (numbers.length > 0) {
    const first = numbers[0]!;
    const startsWithNumber = first.index === 0;
    if (numbers.length === 1 || startsWithNumber) {
      const token = wholeNumberToken(first[1]!, readNumberToken(first[1]!)!, kind);
      const words = (text.slice(0, first.index) + ' ' + text.slice(first.index + first[0].length))
        .replace(/\s+/gu, ' ')
        .replace(/^[\s:,;.\-–]+|[\s:,;\-–]+$/gu, '')
        .trim();
      flags.push('words-moved-to-note', ...token.flags);
      if (first[2]) flags.push('percent-sign');
      if (numbers.length > 1) flags.push('several-numbers');
      return {
        ...result,
        value: token.value,
        status: 'reported',
        note: words.length > 0 ? words : null,
        decimals: token.decimals,
        confidence: Math.min(token.confidence, numbers.length > 1 ? 0.6 : 0.8),
      };
    }
  }

  flags.push('text-in-number-row');
  return { ...result, status: 'text', note: text, confidence: 0.5 };
}

/** The value written back as an officer would type it in vi-VN ("1.234,5"); "" for no value. */
export function formatValue(value: number | null, kind: ValueKind): string {
  if (value === null) return '';
  switch (kind.type) {
    case 'coded':
    case 'count':
    case 'decimal':
    case 'percent':
    case 'money':
      return formatNumber(value);
    case 'text':
      return '';
  }
}

/** The label of a code in a coded row ("Hoàn thành"), or null. */
export function codeLabel(value: number | null, kind: ValueKind): string | null {
  if (value === null || kind.type !== 'coded') return null;
  return kind.codes.find((c) => c.code === value)?.label ?? null;
}

/** Joins note pieces (moved words, the note column) with "; ", dropping empties; null when nothing is left. */
export function joinNotes(...pieces: (string | null | undefined)[]): string | null {
  const kept = pieces.map((p) => (p ?? '').trim()).filter((p) => p.length > 0);
  return kept.length > 0 ? kept.join('; ') : null;
}

/**
 * The officer's own note: a stored note without the words the grammar moves out of the value cell (the inverse of
 * joinNotes(moved, own)), so an editor shows and saves only what the officer wrote in the note column.
 */
export function ownNote(note: string | null, moved: string | null): string | null {
  if (!note || !moved) return note;
  if (note === moved) return null;
  if (note.startsWith(`${moved}; `)) return note.slice(moved.length + 2) || null;
  if (note.endsWith(`; ${moved}`)) return note.slice(0, -(moved.length + 2)) || null;
  const inner = `; ${moved}; `;
  const at = note.indexOf(inner);
  return at >= 0 ? `${note.slice(0, at)}; ${note.slice(at + inner.length)}` : note;
}
