/**
 * Finds the statistical appendix in a source document and turns its grids into rows of
 * (code, label, unit, value, extra): the header repeated at every page break is dropped, and a row cut by a page
 * break ("… được điện tử" / "hóa", "Trong" / "đó", "Chưa = 0 Đang làm = 1" / "Hoàn thành = 2") is joined back.
 * Forms ("Biểu mẫu 1 … 7") are recognised from the paragraphs before each table. Pure.
 */
import { cleanCellText, foldForMatch } from '../../core/values/text.js';
import type { GridRow, Provenance, SourceDocument } from '../source-document.js';

export type ExtraColumn = 'note' | 'responsible' | 'none';

export interface AppendixRow {
  /** The STT cell, cleaned ("1.1.1.", "Trong đó", ""). */
  code: string;
  label: string;
  unit: string;
  /** The value cell, cleaned ("Đang triển khai 06", "/", ""). */
  value: string;
  /** The fifth column: the note ("Ghi chú") or the responsible agency ("Đơn vị thực hiện"). */
  extra: string;
  /** A "Ghi chú" column after "Đơn vị thực hiện", when a table has both. */
  note: string;
  /** Every source row that made this row (more than one when a page break cut it). */
  at: Provenance[];
  /** Cells had markup removed. */
  markup: boolean;
}

export interface AppendixTable {
  /** "1" … "7" for "Biểu mẫu N", else null. */
  form: string | null;
  title: string | null;
  extraColumn: ExtraColumn;
  rows: AppendixRow[];
}

interface Columns {
  code: number;
  label: number;
  unit: number;
  value: number;
  extra: number;
  extraColumn: ExtraColumn;
  /** A separate "Ghi chú" column, when the extra column is the responsible agency. */
  note: number | null;
}

const DEFAULT_COLUMNS: Columns = { code: 0, label: 1, unit: 2, value: 3, extra: 4, extraColumn: 'note', note: null };

const fold = (s: string) => foldForMatch(s);
const compact = (s: string) => fold(s).replace(/\s+/gu, '');

const HEADER_HINT = /s\s*t\s*t|đơn\s*vị\s*tính|don\s*vi\s*tinh/iu;

function isHeaderRow(cells: string[]): boolean {
  if (!HEADER_HINT.test(cells.join('\t'))) return false;
  const folded = cells.map(compact);
  if (folded[0] === 'stt' || folded[0]?.startsWith('stt')) return true;
  return folded.some((c) => c === 'donvitinh') && folded.some((c) => c === 'solieu');
}

function columnsFromHeaders(headers: string[][], previous: Columns): Columns {
  const columns = { ...previous };
  for (const cells of headers) {
    const folded = cells.map(compact);
    const find = (pred: (c: string) => boolean) => folded.findIndex(pred);
    const label = find((c) => c.startsWith('chitieu'));
    if (label >= 0) columns.label = label;
    const unit = find((c) => c === 'donvitinh');
    if (unit >= 0) columns.unit = unit;
    const value = find((c) => c === 'solieu');
    if (value >= 0) columns.value = value;
    const responsible = find((c) => c.startsWith('donvithuchien'));
    const note = find((c) => c.startsWith('ghichu'));
    if (responsible >= 0) {
      columns.extraColumn = 'responsible';
      if (note > responsible) columns.note = note;
    } else if (note >= 0) columns.extraColumn = 'note';
  }
  columns.extra = columns.value + 1;
  if (columns.note !== null && columns.note <= columns.extra) columns.note = columns.extra + 1;
  return columns;
}

const FORM_TITLE = /^bieu\s*mau\s*(?:so\s*)?(\d+)\b\s*(.*)$/u;

/** A code cell that is really the second half of a split "Trong đó", or a lowercase fragment. */
function isCodeFragment(code: string): boolean {
  return code === '' || /^\p{Ll}/u.test(code);
}

function startsLowercase(text: string): boolean {
  return /^\p{Ll}/u.test(text);
}

function normaliseCode(code: string): string {
  if (/^\s*tr/iu.test(code) && compact(code) === 'trongdo') return 'Trong đó';
  return code.replace(/\s+/gu, ' ').trim();
}

function joinPiece(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return `${a} ${b}`;
}

function toRow(grid: GridRow, columns: Columns): AppendixRow {
  let markup = false;
  const cell = (i: number) => {
    const cleaned = cleanCellText(grid.cells[i] ?? '');
    markup ||= cleaned.markup;
    return cleaned.text;
  };
  return {
    code: cell(columns.code),
    label: cell(columns.label),
    unit: cell(columns.unit),
    value: cell(columns.value),
    extra: columns.extraColumn === 'none' ? '' : cell(columns.extra),
    note: columns.note === null ? '' : cell(columns.note),
    at: [grid.at],
    markup,
  };
}

/** Whether `row` is the rest of `previous`, cut by a page break. */
function continues(row: AppendixRow, previous: AppendixRow | undefined): boolean {
  if (!previous) return false;
  if (!isCodeFragment(row.code)) return false;
  if (row.code !== '' && !/^\s*trong\s*$/iu.test(previous.code)) return false;
  const labelEmpty = row.label === '';
  if (labelEmpty) return row.unit !== '' || row.value !== '' || row.extra !== '' || row.note !== '' || row.code !== '';
  return startsLowercase(row.label) && row.unit === '' && row.value === '';
}

export function extractAppendix(doc: SourceDocument): AppendixTable[] {
  const tables: AppendixTable[] = [];
  let form: string | null = null;
  let formTitle: string | null = null;
  let awaitingTitle = false;
  let columns = DEFAULT_COLUMNS;

  for (const block of doc.blocks) {
    if (block.type === 'paragraph') {
      const text = cleanCellText(block.paragraph.text).text;
      const match = FORM_TITLE.exec(fold(text));
      if (match) {
        form = String(Number(match[1]));
        const rest = text.replace(/^\s*Biểu\s*mẫu\s*(?:số\s*)?\d+[.:]?\s*/iu, '').trim();
        formTitle = rest || null;
        awaitingTitle = !rest;
      } else if (awaitingTitle) {
        formTitle = text;
        awaitingTitle = false;
      }
      continue;
    }
    const headers: string[][] = [];
    const rows: AppendixRow[] = [];
    let lastWasHeader = false;
    let afterBreak = false;
    for (const grid of block.rows) {
      if (isHeaderRow(grid.cells) || (lastWasHeader && HEADER_HINT.test(grid.cells.join('\t')) && grid.cells.map(compact).some((c) => c === 'donvitinh'))) {
        headers.push(grid.cells);
        columns = columnsFromHeaders([grid.cells], columns);
        lastWasHeader = true;
        afterBreak = rows.length > 0;
        continue;
      }
      lastWasHeader = false;
      const wasAfterBreak = afterBreak;
      afterBreak = false;
      const row = toRow(grid, columns);
      if (!row.code && !row.label && !row.unit && !row.value && !row.extra && !row.note) continue;
      const previous = rows[rows.length - 1];
      if (previous && continues(row, previous)) {
        previous.code = normaliseCode(joinPiece(previous.code, row.code).replace(/^(Trong)\s+(đó)$/iu, '$1 $2'));
        previous.label = joinPiece(previous.label, row.label);
        previous.unit = joinPiece(previous.unit, row.unit);
        previous.value = joinPiece(previous.value, row.value);
        previous.extra = joinPiece(previous.extra, row.extra);
        previous.note = joinPiece(previous.note, row.note);
        previous.at.push(...row.at);
        previous.markup ||= row.markup;
        continue;
      }
      // the previous row's note or responsible cell running on into the first row after a page break ("… địa" / "phương báo cáo")
      if (previous && wasAfterBreak && startsLowercase(row.extra)) {
        previous.extra = joinPiece(previous.extra, row.extra);
        row.extra = '';
      }
      row.code = normaliseCode(row.code);
      rows.push(row);
    }
    if (headers.length === 0 && rows.every((r) => !/^\d/u.test(r.code))) continue; // not a statistics table
    tables.push({ form, title: formTitle, extraColumn: headers.length > 0 ? columns.extraColumn : 'note', rows });
  }
  return tables;
}
