/**
 * Reads an XLSX report (an appendix typed into a workbook) into the format-independent SourceDocument.
 *
 * Hidden rows and columns are skipped: the report is what the sheet shows.
 *
 * Per worksheet, in row order: a row whose only text is one cell — a title merged across the row, "Biểu mẫu 1 …",
 * a footnote under a table — is a paragraph; other rows with text are table rows, one table block per run of them
 * (blank rows do not end a run, as blank lines do not end a table in the text reader). Inside a run, a lone cell stays
 * in the table unless it is merged across columns or sits in the table's first column (a code cell starting with a
 * lowercase letter is a piece of a row and stays too), so a label-only row ("Cải cách thể chế", "hẹn") is a row.
 * A table's cells run from its leftmost to its rightmost used column, so columns line up whatever the sheet's margin.
 *
 * Cells read as an officer sees them: numbers vi-VN style ("14.584", "6.786,875"; the cell's format decides decimals,
 * percent and leading zeros: "0.00" → "1,34", "#,##0.0#" → "81,8", "0%" → "83%", "00" → "06"), rich text joined, formulas by their cached
 * result, dates dd/mm/yyyy; a merged range gives its value in its top-left cell and '' elsewhere.
 *
 * Provenance: { kind: 'cell', sheet, table: the table's index in the sheet, row: the sheet row (0-based, so
 * "hàng N" is Excel row N) }; a paragraph also has `cell` (its column, 0-based) and the index of the table after it.
 */
import ExcelJS from 'exceljs';
import { formatFixed, formatNumber } from '../../core/values/number-format.js';
import type JSZip from 'jszip';
import { archiveLimits, checkArchive, openArchive, verifyArchive, type ArchiveLimits } from '../archive-limits.js';
import { ImportError } from '../import-report.js';
import type { GridRow, SourceBlock, SourceDocument, StaleTotal } from '../source-document.js';

const UNREADABLE_VI = 'Tệp XLSX bị hỏng hoặc không đúng định dạng.';
const WORKBOOK_PART = 'xl/workbook.xml';

// ---------------------------------------------------------------------------------------------------------------
// Displayed values

/** The part of a number format that applies to positive numbers, without literals, colours and padding. */
function formatSection(numFmt: string | undefined): string {
  if (!numFmt) return '';
  const section = numFmt.replace(/"[^"]*"/gu, '').split(';')[0] ?? '';
  return section
    .replace(/\\./gu, '')
    .replace(/\[[^\]]*\]/gu, '')
    .replace(/[_*]./gu, '')
    .trim();
}

function isDateFormat(numFmt: string | undefined): boolean {
  const section = formatSection(numFmt);
  if (section === '' || section.toLowerCase() === 'general') return false;
  return /[dmyhs]/iu.test(section) && !/[0#?]/u.test(section);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function formatDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  // exceljs builds dates at UTC midnight of the day the sheet shows
  return `${pad2(date.getUTCDate())}/${pad2(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`;
}

/** An Excel serial day number (1900 system) as a date. */
function serialDate(serial: number): Date {
  return new Date(Date.UTC(1899, 11, 30) + Math.round(serial * 86_400_000));
}

/** A number as the sheet shows it, vi-VN style. */
export function displayNumber(x: number, numFmt?: string): string {
  if (!Number.isFinite(x)) return '';
  const section = formatSection(numFmt);
  const percent = section.includes('%');
  // Excel keeps 15 significant digits: 0.1 + 0.2 shows as 0.3
  const value = Number((percent ? x * 100 : x).toPrecision(15));
  // "0.00" always shows two decimals; "#,##0.0#" at least one and at most two ("81,8", "81,25"), as Excel does
  const places = /\.([0#?]+)/u.exec(section)?.[1] ?? '';
  const decimals = places.length;
  const minDecimals = (/^0*/u.exec(places)?.[0] ?? '').length;
  let text = decimals > 0 ? formatFixed(value, decimals) : formatNumber(value);
  if (decimals > minDecimals && text.includes(',')) {
    const [whole, fractionDigits] = text.split(',') as [string, string];
    let fraction = fractionDigits;
    while (fraction.length > minDecimals && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
    text = fraction === '' ? whole : `${whole},${fraction}`;
  }
  // "00" shows 6 as "06"
  const minDigits = (section.split('.')[0]?.match(/0/gu) ?? []).length;
  const integer = /^(-?)(\d+)(.*)$/u.exec(text);
  if (integer && minDigits > integer[2]!.length) text = `${integer[1]}${integer[2]!.padStart(minDigits, '0')}${integer[3]}`;
  return percent ? `${text}%` : text;
}

/** A cell value as the sheet shows it. */
export function displayValue(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return isDateFormat(numFmt) ? formatDate(serialDate(value)) : displayNumber(value, numFmt);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return formatDate(value);
  if (typeof value !== 'object') return '';
  if ('richText' in value) {
    // a superscript run (a footnote mark "VBQPPL¹") is kept as <sup>…</sup>, as text exports write it
    return Array.isArray(value.richText)
      ? value.richText
          .map((r) => {
            const text = typeof r?.text === 'string' ? r.text : '';
            return r?.font?.vertAlign === 'superscript' && text.trim() ? `<sup>${text}</sup>` : text;
          })
          .join('')
      : '';
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    return result === undefined ? '' : displayValue(result, numFmt);
  }
  if ('error' in value) return String(value.error);
  if ('hyperlink' in value) return displayValue((value as { text?: ExcelJS.CellValue }).text ?? null, numFmt);
  return '';
}

// ---------------------------------------------------------------------------------------------------------------
// Totals against their parts

const REF = String.raw`\$?[A-Z]{1,3}\$?\d{1,7}`;
const SUM_FORMULA = new RegExp(String.raw`^SUM\(\s*((?:${REF}(?::${REF})?)(?:\s*[,;]\s*${REF}(?::${REF})?)*)\s*\)$`, 'iu');
const PLUS_FORMULA = new RegExp(String.raw`^${REF}(?:\s*\+\s*${REF})+$`, 'iu');

function decodeRef(ref: string): { row: number; col: number } {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/iu.exec(ref.trim())!;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col };
}

/** The cells a plain total adds up (=SUM(E10:E12), =SUM(E10;E12), =E10+E11+E12), or null for any other formula. */
export function summedCells(formula: string): { row: number; col: number }[] | null {
  const f = formula.trim().replace(/^=/u, '');
  let pieces: string[];
  const sum = SUM_FORMULA.exec(f);
  if (sum) pieces = sum[1]!.split(/[,;]/u);
  else if (PLUS_FORMULA.test(f)) pieces = f.split('+');
  else return null;
  const cells: { row: number; col: number }[] = [];
  for (const piece of pieces) {
    const [from, to] = piece.split(':').map(decodeRef) as [{ row: number; col: number }, { row: number; col: number } | undefined];
    const end = to ?? from;
    // a range of more than 10 000 cells is no row total of a report
    if ((Math.abs(end.row - from.row) + 1) * (Math.abs(end.col - from.col) + 1) > 10_000) return null;
    for (let r = Math.min(from.row, end.row); r <= Math.max(from.row, end.row); r++)
      for (let c = Math.min(from.col, end.col); c <= Math.max(from.col, end.col); c++) cells.push({ row: r, col: c });
  }
  return cells;
}

/** A cell's number as Excel's SUM takes it: a number, or a formula's cached number; text and blanks count for nothing. */
function numberIn(value: ExcelJS.CellValue): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    return typeof result === 'number' ? result : 0;
  }
  return 0;
}

/**
 * A total whose saved result disagrees with the cells its formula adds (a workbook saved without recalculation, or
 * a part retyped by a tool): the row shows one figure, its parts another.
 */
function staleTotal(sheet: ExcelJS.Worksheet, cell: ExcelJS.Cell): StaleTotal | null {
  const value = cell.value;
  if (!value || typeof value !== 'object' || !('formula' in value || 'sharedFormula' in value)) return null;
  const shown = (value as ExcelJS.CellFormulaValue).result;
  if (typeof shown !== 'number') return null;
  let formula: string | undefined;
  try {
    formula = cell.formula;
  } catch {
    return null;
  }
  if (!formula) return null;
  const cells = summedCells(formula);
  if (!cells || cells.length === 0) return null;
  const computed = Number(cells.reduce((sum, at) => sum + numberIn(sheet.getCell(at.row, at.col).value), 0).toPrecision(15));
  if (Math.abs(computed - shown) <= 1e-9 * Math.max(1, Math.abs(shown))) return null;
  return { cell: cell.address, formula: formula.replace(/^=/u, ''), shown, computed };
}

// ---------------------------------------------------------------------------------------------------------------
// Rows → paragraphs and tables

interface SheetRow {
  /** 0-based sheet row. */
  row: number;
  /** Text by 1-based column, non-empty cells only. */
  texts: Map<number, string>;
  /** For a cell that is the top-left of a range merged across columns in this row: how many columns it covers. */
  spans: Map<number, number>;
  /** Totals whose saved result disagrees with their parts. */
  stale: StaleTotal[];
}

function readSheetRows(sheet: ExcelJS.Worksheet): SheetRow[] {
  const rows: SheetRow[] = [];
  const hiddenColumns = new Set<number>();
  for (let col = 1; col <= sheet.columnCount; col += 1) if (sheet.getColumn(col).hidden) hiddenColumns.add(col);
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    // a hidden row or column (a helper the officer hid) is not part of the report as printed
    if (row.hidden) return;
    const texts = new Map<number, string>();
    const spans = new Map<number, number>();
    const stale: StaleTotal[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      if (hiddenColumns.has(col)) return;
      if (cell.type === ExcelJS.ValueType.Merge) {
        const master = cell.master;
        if (master && Number(master.row) === rowNumber && Number(master.col) < col) {
          const from = Number(master.col);
          spans.set(from, Math.max(spans.get(from) ?? 1, col - from + 1));
        }
        return; // the value belongs to the top-left cell only
      }
      const text = displayValue(cell.value, cell.numFmt);
      if (text.trim() !== '') texts.set(col, text);
      const total = staleTotal(sheet, cell);
      if (total) stale.push(total);
    });
    if (texts.size > 0) rows.push({ row: rowNumber - 1, texts, spans, stale });
  });
  return rows;
}

interface TableRun {
  index: number;
  rows: SheetRow[];
  firstCol: number;
  lastCol: number;
}

function isParagraphRow(row: SheetRow, table: TableRun | null): boolean {
  if (row.texts.size !== 1) return false;
  const [col, text] = [...row.texts][0]!;
  if ((row.spans.get(col) ?? 1) >= 2) return true; // merged across the row
  if (!table) return true;
  return col <= table.firstCol && !/^\p{Ll}/u.test(text.trim());
}

function tableBlock(run: TableRun, sheetName: string): SourceBlock {
  const rows: GridRow[] = run.rows.map((r) => {
    const cells: string[] = [];
    for (let col = run.firstCol; col <= run.lastCol; col += 1) cells.push(r.texts.get(col) ?? '');
    const grid: GridRow = { cells, at: { kind: 'cell', sheet: sheetName, table: run.index, row: r.row, firstColumn: run.firstCol } };
    if (r.stale.length > 0) grid.staleTotals = r.stale;
    return grid;
  });
  return { type: 'table', rows };
}

function readSheet(sheet: ExcelJS.Worksheet): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  let table: TableRun | null = null;
  let tables = 0;
  const close = () => {
    if (table) blocks.push(tableBlock(table, sheet.name));
    table = null;
  };
  for (const row of readSheetRows(sheet)) {
    if (isParagraphRow(row, table)) {
      close();
      const [col, text] = [...row.texts][0]!;
      blocks.push({
        type: 'paragraph',
        paragraph: { text: text.trim(), at: { kind: 'cell', sheet: sheet.name, table: tables, row: row.row, cell: col - 1 } },
      });
      continue;
    }
    const cols = [...row.texts.keys()];
    const first = Math.min(...cols);
    const last = Math.max(...cols, ...[...row.spans].map(([c, span]) => c + span - 1));
    if (!table) {
      table = { index: tables, rows: [], firstCol: first, lastCol: last };
      tables += 1;
    }
    const run: TableRun = table;
    run.rows.push(row);
    run.firstCol = Math.min(run.firstCol, first);
    run.lastCol = Math.max(run.lastCol, last);
  }
  close();
  return blocks;
}

function unreadable(source: string, error: unknown): ImportError {
  return new ImportError(
    'unreadable',
    UNREADABLE_VI,
    `${source}: not a readable XLSX workbook (${error instanceof Error ? error.message : String(error)})`,
  );
}

/** `opened`: the archive already opened from these bytes (by `readReport`), so its directory is not read twice. */
export async function readXlsxReport(bytes: Uint8Array, source: string, limits?: Partial<ArchiveLimits>, opened?: JSZip): Promise<SourceDocument> {
  const effective = archiveLimits(limits);
  const zip = opened ?? (await openArchive(bytes, UNREADABLE_VI, source));
  checkArchive(zip, effective);
  if (!zip.file(WORKBOOK_PART)) {
    throw new ImportError('unreadable', UNREADABLE_VI, `${source}: the archive has no ${WORKBOOK_PART} (not an XLSX)`);
  }
  // exceljs inflates the whole archive itself: first make sure no entry inflates beyond what it declares
  await verifyArchive(zip, effective);

  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  } catch (error) {
    throw unreadable(source, error);
  }
  const blocks: SourceBlock[] = [];
  try {
    for (const sheet of workbook.worksheets) blocks.push(...readSheet(sheet));
  } catch (error) {
    throw unreadable(source, error);
  }
  if (blocks.length === 0) throw new ImportError('empty', 'Tệp không có nội dung.', `${source}: the workbook has no cells with text`);
  return { source, format: 'xlsx', blocks };
}
