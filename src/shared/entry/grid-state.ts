/**
 * What each row of the appendix grid shows, from the template, the page's cells and findings: the same function for
 * the table the server draws into a report's page (src/server/web-page.ts), the one drawn before the app's code has
 * arrived (web: first-grid.ts) and the page's (EntryGrid), so the page, taking the table over, redraws only the rows
 * whose state it knows more of (findings, the agency's history). Pure.
 */
import { rowIndex, rowsReadByChecks, rowTakesValue, type CheckDefinition, type Template, type TemplateRow } from '../../core/catalogue/template.js';
import type { Finding } from '../../core/checks/finding.js';
import { computeRatio } from '../../core/checks/run-checks.js';
import { formatFixed } from '../../core/values/number-format.js';
import { cellReadingOf, parsedCell, typedCellOf } from './cell-cache.js';
import type { CellReading } from '../../core/values/cell-reading.js';

export interface GridCell {
  raw: string;
  note: string;
}

/**
 * One row as the grid shows it. Two states with the same fields draw the same row. `M`: what the page places after
 * the value's control (the cell's provenance marker, a React portal's target); never part of the drawn markup.
 */
export interface RowState<M = never> {
  /** The row takes a value (every row but a heading without one). */
  takesValue: boolean;
  /** How deep it sits under its headings. */
  indent: number;
  raw: string;
  note: string;
  /** How the value cell reads (the same object for the same text); null for a code list or a heading. */
  reading: CellReading | null;
  /** "= 5/24 = 20,83%" under a percentage with a ratio check; '' otherwise. */
  ratio: string;
  /** The row's findings; the unreadable cell's own one is said at the cell, not under the label. */
  findings: readonly Finding[];
  /** The Sở Nội vụ's reasons for returning the report, on this row. */
  remarks: readonly string[];
  readOnly: boolean;
  /** Where the page shows the cell's provenance marker, or null. */
  marker: M | null;
}

/** A cell typed in: its value, its note or both. */
export interface CellChange {
  rowId: string;
  raw?: string;
  note?: string;
}

type RatioCheck = Extract<CheckDefinition, { rule: 'ratio' }>;

/** A template's facts the rows are drawn from: rows by id, the ratio check of each percentage, the rows checks read. */
export interface TemplateFacts {
  rows: ReadonlyMap<string, TemplateRow>;
  ratios: ReadonlyMap<string, RatioCheck>;
  checkedRows: ReadonlySet<string>;
}

const factsOf = new WeakMap<Template, TemplateFacts>();

/** The template's facts, made once per template. */
export function templateFacts(template: Template): TemplateFacts {
  let facts = factsOf.get(template);
  if (!facts) {
    facts = {
      rows: rowIndex(template),
      ratios: new Map(template.checks.filter((c): c is RatioCheck => c.rule === 'ratio').map((c) => [c.percent, c])),
      checkedRows: rowsReadByChecks(template.checks),
    };
    factsOf.set(template, facts);
  }
  return facts;
}

function depth(row: TemplateRow, rows: ReadonlyMap<string, TemplateRow>): number {
  let d = 0;
  let parent = row.parent;
  while (parent && d < 6) {
    d++;
    parent = rows.get(parent)?.parent ?? null;
  }
  return d;
}

/** "= 5/24 = 20,83%" for a percentage row with a ratio check, from the current cells. */
function computedRatio(check: RatioCheck | undefined, cells: ReadonlyMap<string, GridCell>, rows: ReadonlyMap<string, TemplateRow>): string {
  if (!check) return '';
  const value = (id: string) => {
    const row = rows.get(id);
    return row ? parsedCell(cells.get(id)?.raw ?? '', row.kind).value : null;
  };
  const ratio = computeRatio(check, value); // the ratio check's own math, so the grid and the findings agree
  return ratio ? `= ${formatFixed(ratio.numerator, 0)}/${formatFixed(ratio.denominator, 0)} = ${formatFixed(ratio.percent, 2)}%` : '';
}

/** Whether a row takes a value (rowTakesValue), or holds one anyway: a value stored on a heading is never hidden. */
export function takesValue(row: TemplateRow, checkedRows: ReadonlySet<string>, cell: GridCell | undefined): boolean {
  return rowTakesValue(row, checkedRows) || (cell?.raw ?? '').trim() !== '';
}

const NONE: readonly never[] = [];

/** What one row shows. */
export function rowStateOf<M = never>(
  template: Template,
  row: TemplateRow,
  cells: ReadonlyMap<string, GridCell>,
  page: {
    findings?: ReadonlyMap<string, readonly Finding[]>;
    remarks?: ReadonlyMap<string, readonly string[]>;
    readOnly: boolean;
    marker?: M | null;
  },
): RowState<M> {
  const { rows, ratios, checkedRows } = templateFacts(template);
  const cell = cells.get(row.id);
  const raw = cell?.raw ?? '';
  return {
    takesValue: takesValue(row, checkedRows, cell),
    indent: depth(row, rows),
    raw,
    note: cell?.note ?? '',
    reading: row.kind.type === 'coded' ? null : cellReadingOf(raw, row.kind),
    ratio: row.kind.type === 'percent' ? computedRatio(ratios.get(row.id), cells, rows) : '',
    findings: page.findings?.get(row.id) ?? NONE,
    remarks: page.remarks?.get(row.id) ?? NONE,
    readOnly: page.readOnly,
    marker: page.marker ?? null,
  };
}

/**
 * The cells a report opens with: the stored values as typed (the note column holding the officer's own note), then
 * the edits this browser kept from an earlier visit that the server does not have yet.
 */
export function openingCells(
  template: Template,
  report: { values: readonly { rowId: string; raw: string; note: string | null }[] },
  kept: readonly { rowId: string; raw: string; note?: string | null }[] | undefined,
): Map<string, GridCell> {
  const { rows } = templateFacts(template);
  const map = new Map<string, GridCell>();
  for (const v of report.values) map.set(v.rowId, typedCellOf(rows.get(v.rowId), v));
  for (const c of kept ?? []) map.set(c.rowId, { raw: c.raw, note: c.note ?? '' });
  return map;
}

/** The cells with some changes applied (a change gives a value, a note or both). */
export function withChanges(cells: ReadonlyMap<string, GridCell>, changes: readonly CellChange[]): Map<string, GridCell> {
  const next = new Map(cells);
  for (const c of changes) {
    const before = next.get(c.rowId) ?? { raw: '', note: '' };
    next.set(c.rowId, { raw: c.raw ?? before.raw, note: c.note ?? before.note });
  }
  return next;
}
