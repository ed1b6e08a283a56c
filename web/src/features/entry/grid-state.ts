/**
 * What each row of the appendix grid shows, from the template, the page's cells and findings: the same function for
 * the table drawn before the app's code has arrived (first-grid.ts) and for the page (EntryGrid), so the page, taking
 * the table over, redraws only the rows whose state it knows more of (findings, the agency's history). Pure.
 */
import { rowIndex, rowsReadByChecks, rowTakesValue, type CheckDefinition, type Template, type TemplateRow } from '@core/catalogue/template.js';
import type { Finding } from '@core/checks/finding.js';
import { computeRatio } from '@core/checks/run-checks.js';
import type { ReportDto } from '../../api/types.js';
import { formatFixed } from '@core/values/number-format.js';
import { cellReadingOf, parsedCell, typedCellOf } from './cell-cache.js';
import type { CellChange, RowState } from './grid-rows.js';

export interface GridCell {
  raw: string;
  note: string;
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
export function rowStateOf(
  template: Template,
  row: TemplateRow,
  cells: ReadonlyMap<string, GridCell>,
  page: {
    findings?: ReadonlyMap<string, readonly Finding[]>;
    remarks?: ReadonlyMap<string, readonly string[]>;
    readOnly: boolean;
    marker?: HTMLElement | null;
  },
): RowState {
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
  report: Pick<ReportDto, 'values'>,
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
