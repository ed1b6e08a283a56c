/**
 * The core's reading of a cell (parseCell, cellReading), remembered per row kind and text: the report page's checks,
 * the grid's filters, ratios and rows all read the same cells, and at each keystroke only the cell typed in is new. An
 * unchanged cell keeps the same objects, so its row is not drawn again. Pure; the answers are never modified.
 */
import type { Template, TemplateRow, ValueKind } from '../../core/catalogue/template.js';
import type { CellValue } from '../../core/report.js';
import { joinNotes, ownNote, parseCell, type ParsedCell } from '../../core/values/cell-grammar.js';
import { cellReading, type CellReading } from '../../core/values/cell-reading.js';

interface Read {
  parsed: ParsedCell;
  reading: CellReading;
}

/** Texts remembered per kind (a row's kind): enough for a template's worth of typing, then started afresh. */
const LIMIT = 2000;
const cache = new WeakMap<ValueKind, Map<string, Read>>();

function read(raw: string, kind: ValueKind): Read {
  let byText = cache.get(kind);
  if (!byText) cache.set(kind, (byText = new Map()));
  let found = byText.get(raw);
  if (!found) {
    const parsed = parseCell(raw, kind);
    found = { parsed, reading: cellReading(parsed, kind) };
    if (byText.size >= LIMIT) byText.clear();
    byText.set(raw, found);
  }
  return found;
}

/** parseCell(raw, kind), the same object for the same text and kind. */
export const parsedCell = (raw: string, kind: ValueKind): ParsedCell => read(raw, kind).parsed;

/** cellReading(parseCell(raw, kind), kind), the same object for the same text and kind. */
export const cellReadingOf = (raw: string, kind: ValueKind): CellReading => read(raw, kind).reading;

/**
 * A page's cells (text and the officer's own note, by row id) as the core reads them: what the report page checks and
 * the grid computes its ratios and filters from. Rows with no cell are left out.
 */
export function cellValuesOf(template: Template, cells: ReadonlyMap<string, { raw: string; note: string }>): Map<string, CellValue> {
  const values = new Map<string, CellValue>();
  for (const row of template.rows) {
    const cell = cells.get(row.id);
    if (!cell) continue;
    const p = parsedCell(cell.raw, row.kind);
    values.set(row.id, { value: p.value, status: p.status, note: joinNotes(p.note, cell.note), decimals: p.decimals });
  }
  return values;
}

/**
 * A stored cell as the grid shows it: the value as typed, and in the note column the officer's own note, without the
 * words the reading moved out of the value into the stored note.
 */
export function typedCellOf(row: TemplateRow | undefined, stored: { raw: string; note: string | null }): { raw: string; note: string } {
  const moved = row ? parsedCell(stored.raw, row.kind).note : null;
  return { raw: stored.raw, note: ownNote(stored.note, moved) ?? '' };
}
