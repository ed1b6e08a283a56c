/**
 * A report's appendix values as the core sees them: one cell per template row id. Pure data.
 */
import type { ParsedCell } from './values/cell-grammar.js';

export type { CellStatus } from './values/cell-grammar.js';

export interface CellValue {
  value: number | null;
  status: 'reported' | 'not-reported' | 'text';
  note: string | null;
  /** Digits the number was written with after the decimal separator; null when unknown or computed. */
  decimals: number | null;
}

/** Values of one report, keyed by template row id. A missing key means not reported. */
export type ReportValues = ReadonlyMap<string, CellValue>;

export function cellFromParsed(cell: ParsedCell, noteColumn: string | null = null): CellValue {
  const notes = [cell.note, noteColumn].map((n) => (n ?? '').trim()).filter((n) => n.length > 0);
  return { value: cell.value, status: cell.status, note: notes.length > 0 ? notes.join('; ') : null, decimals: cell.decimals };
}

/** A reported number, or null (not reported, text only, or absent). */
export function reportedValue(values: ReportValues, rowId: string): number | null {
  const cell = values.get(rowId);
  // a number too big to be a figure (a cell of 400 digits reads as Infinity) counts as no figure; checks say so
  return cell && cell.status === 'reported' && cell.value !== null && Number.isFinite(cell.value) ? cell.value : null;
}

export function reportedCell(value: number, decimals: number | null = null, note: string | null = null): CellValue {
  return { value, status: 'reported', note, decimals };
}
