/**
 * What every reader (text, DOCX, XLSX) produces: the document's paragraphs and its tables as grids of cells,
 * each with where it came from. Format-independent steps (appendix extraction, recognition, matching) start here.
 */
import { columnLetters, type SourceLocation } from '../shared/provenance-schemas.js';

export type { SourceLocation } from '../shared/provenance-schemas.js';

export type SourceFormat = 'text' | 'docx' | 'xlsx' | 'pdf';

/**
 * Where a piece of the source came from: a line of a text file (a paragraph of a DOCX or PDF), or a table/row/cell of
 * a DOCX, XLSX or PDF. `cell` is the cell's column in its grid (0-based); `page` the PDF page (1-based); `firstColumn`
 * the sheet column (1-based) of a workbook grid's first cell, so a cell's own column is `firstColumn + cell`.
 */
export type Provenance =
  | { kind: 'line'; line: number; cell?: number; page?: number }
  | { kind: 'cell'; table: number; row: number; cell?: number; sheet?: string; page?: number; firstColumn?: number };

export interface SourceParagraph {
  text: string;
  at: Provenance;
}

export interface GridRow {
  cells: string[];
  at: Provenance;
  /**
   * The paragraphs of each cell, when a reader knows them (a DOCX cell holds several: "UBND TỈNH …" over "SỞ …",
   * "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC" over the signer's name). `cells` joins them with spaces.
   */
  lines?: string[][];
  /** Totals of a workbook row whose cached value disagrees with the cells their formula adds up (XLSX only). */
  staleTotals?: StaleTotal[];
}

/** A workbook cell whose formula (=SUM(E10:E12), =E10+E11) was saved with a result the cells it adds do not give. */
export interface StaleTotal {
  /** The cell ("E9"). */
  cell: string;
  /** The formula, without "=" ("SUM(E10:E12)"). */
  formula: string;
  /** The result saved in the workbook (what the row shows). */
  shown: number;
  /** The sum of the cells the formula references. */
  computed: number;
}

/** A block in document order: a paragraph or a table (a grid of rows). */
export type SourceBlock = { type: 'paragraph'; paragraph: SourceParagraph } | { type: 'table'; rows: GridRow[] };

export interface SourceDocument {
  source: string;
  format: SourceFormat;
  blocks: SourceBlock[];
  /** The SHA-256 of the file's bytes (hex), set by `readReport`: which file a value came from, whatever its name. */
  sha256?: string;
}

/** One cell of a grid row: the row's provenance with the cell's column. */
export function cellAt(at: Provenance, cell: number): Provenance {
  return { ...at, cell };
}

/** A provenance as people count (1-based) and as the file names it (a workbook's "E12"). */
export function locationOf(at: Provenance): SourceLocation {
  const page = at.page !== undefined ? { page: at.page } : {};
  if (at.kind === 'line') return { ...page, line: at.line, ...(at.cell !== undefined ? { column: at.cell + 1 } : {}) };
  if (at.sheet !== undefined) {
    const column = at.cell !== undefined ? (at.firstColumn ?? 1) + at.cell : undefined;
    return { ...page, sheet: at.sheet, row: at.row + 1, ...(column !== undefined ? { column, ref: `${columnLetters(column)}${at.row + 1}` } : {}) };
  }
  return { ...page, table: at.table + 1, row: at.row + 1, ...(at.cell !== undefined ? { column: at.cell + 1 } : {}) };
}

export function paragraphsOf(doc: SourceDocument): SourceParagraph[] {
  return doc.blocks.flatMap((b) => (b.type === 'paragraph' ? [b.paragraph] : []));
}

export function describeProvenance(at: Provenance): string {
  if (at.kind === 'line') return `dòng ${at.line}`;
  return `${at.sheet ? `sheet ${at.sheet}, ` : ''}bảng ${at.table + 1}, hàng ${at.row + 1}${at.cell !== undefined ? `, ô ${at.cell + 1}` : ''}`;
}
