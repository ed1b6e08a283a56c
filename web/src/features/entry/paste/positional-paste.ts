/**
 * A plain value(+note) column copied from Excel or Word, pasted into a row: one line per row from there down, a second
 * cell the note. Told apart from a block to place by meaning (codes, labels, more columns), which goes to the server's
 * preview: only one or two cells a line, the first a number or a not-reported mark, no STT-like code ("1.2.1",
 * "3.1."), and the second not a column of numbers too (a code and a value would look the same). Pure.
 */
import { NOT_REPORTED_MARKS } from '@core/values/cell-grammar.js';

export interface PastedChange {
  rowId: string;
  raw: string;
  note?: string;
}

/** The lines and cells of a plain paste. */
export function pastedLines(text: string): string[][] {
  return text
    .replace(/\r/gu, '')
    .replace(/\n$/u, '')
    .split('\n')
    .map((line) => line.split('\t'));
}

const NUMBERISH = /^[\d\s.,%/()+-]*$/u;
const CODE_LIKE = /^\d+(?:\.\d+){2,}\.?$|^\d+(?:\.\d+)*\.$/u;

/** Whether a paste is a plain value(+note) column, placed by position without asking the server. */
export function looksPositional(text: string): boolean {
  const lines = pastedLines(text).filter((cells) => cells.some((c) => c.trim() !== ''));
  if (lines.length === 0) return true;
  if (lines.some((cells) => cells.length > 2)) return false;
  const first = lines.map((cells) => cells[0]!.trim());
  if (!first.every((c) => NOT_REPORTED_MARKS.has(c) || NUMBERISH.test(c))) return false;
  if (first.some((c) => CODE_LIKE.test(c))) return false;
  const second = lines.map((cells) => (cells[1] ?? '').trim()).filter((c) => c !== '');
  return !(second.length > 0 && second.length === lines.length && second.every((c) => NUMBERISH.test(c)));
}

/** The changes of a plain paste onto rows in order (the row pasted into first); lines past the last row are dropped. */
export function positionalPaste(text: string, rowIds: readonly string[]): PastedChange[] {
  return pastedLines(text).flatMap((cells, i) => {
    const rowId = rowIds[i];
    if (rowId === undefined) return [];
    const [value = '', note] = cells;
    return [{ rowId, raw: value.trim(), ...(note !== undefined ? { note: note.trim() } : {}) }];
  });
}
