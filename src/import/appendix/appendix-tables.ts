/**
 * Finds the statistical appendix in a source document and turns its grids into rows of
 * (code, label, unit, value, extra): the header repeated at every page break is dropped (recognised by its words,
 * whatever the variant: "STT"/"TT"/"Số TT", "Đơn vị tính"/"ĐVT" …), and a row cut by a page break is joined back by
 * its structure ("… được điện tử" / "hóa", "… tích hợp lên" / "Cổng DVC quốc gia", "Trong" / "đó",
 * "Chưa = 0 Đang làm = 1" / "Hoàn thành = 2"), also when a footnote stands between the pieces. Forms ("Biểu mẫu 1",
 * "Biểu 5", a sheet named "Biểu 03") are recognised from the paragraphs before each table or the sheet. Pure.
 */
import { cleanCellText, foldForMatch } from '../../core/values/text.js';
import { cellAt, type GridRow, type Provenance, type SourceDocument, type StaleTotal } from '../source-document.js';

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
  /** The value cell itself (of the piece that holds the value, when a page break cut the row). */
  valueAt?: Provenance;
  /** Cells had markup removed. */
  markup: boolean;
  /**
   * The cells of captioned columns that are not the value: the plan beside the result ("Kế hoạch: 24"), a column the
   * template does not have ("Cùng kỳ năm trước: 3"), each as "<caption>: <cell>". Kept as notes, never as the value.
   */
  asides?: string[];
  /** Totals of the source row whose saved result disagrees with the cells their formula adds (a workbook's). */
  staleTotals?: StaleTotal[];
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
  /** Captioned columns that are not the value ("Kế hoạch", "Cùng kỳ năm trước"): index → caption. */
  asides: ReadonlyMap<number, string>;
}

const DEFAULT_COLUMNS: Columns = { code: 0, label: 1, unit: 2, value: 3, extra: 4, extraColumn: 'note', note: null, asides: new Map() };

const fold = (s: string) => foldForMatch(s);
// header words are looked up in every cell of every row: compact each distinct cell once (bounded; pure)
const compacted = new Map<string, string>();
function compact(s: string): string {
  let c = compacted.get(s);
  if (c === undefined) {
    c = fold(s).replace(/\s+/gu, '');
    if (compacted.size >= 20_000) compacted.clear();
    compacted.set(s, c);
  }
  return c;
}

/**
 * The words a table header is made of (folded, without spaces): a row is a header when every cell it fills is one of
 * them (or a parenthesised remark such as "(Sử dụng trong kỳ báo cáo …)", or a column number "(1)"), whatever the
 * variant: "STT", "TT", "Số TT", "ST T"; "Đơn vị tính", "ĐVT"; "Số liệu"; "Kết quả thống kê"; "Ghi chú" …
 */
const CODE_HEADER = /^(?:stt|tt|sott|sothutu|thutu|maso|ma|machitieu)$/u;
const LABEL_HEADER = /^(?:chitieu|noidung|tenchitieu|danhmuc)/u;
const UNIT_HEADER = /^(?:donvitinh|dvt|donvido)$/u;
const VALUE_HEADER = /^(?:solieu|giatri|soluong|sothuchien)$/u;
const OTHER_HEADER = /^(?:ketquathongke|ketqua|ghichu|donvithuchien|donvibaocao|coquanthuchien|coquanbaocao)/u;
/** The caption of the result beside a plan: "Thực hiện", "Kết quả thực hiện", "Ước thực hiện", "Thực hiện trong kỳ". */
const RESULT_HEADER = /^(?:thuchien|ketquathuchien|uocthuchien|sothuchien|uocth$|th$)/u;
/** The plan: "Kế hoạch", "Kế hoạch năm 2023", "Chỉ tiêu kế hoạch", "KH". */
const PLAN_HEADER = /^(?:kehoach|chitieukehoach|chitieugiao|kh$|khnam)/u;
/** Other figures beside the result a template has no row for: the same period last year, a comparison, a share. */
const COMPARISON_HEADER = /^(?:cungky|socungky|sosanh|tyle|tanggiam|luyke|namtruoc|kytruoc)/u;
const COLUMN_NUMBER = /^\(?(?:\d{1,2}|[a-z])\)?$/u;

function headerWord(raw: string): 'strong' | 'weak' | 'neutral' | null {
  const cell = compact(raw);
  if (cell === '') return 'neutral';
  if (CODE_HEADER.test(cell) || LABEL_HEADER.test(cell) || UNIT_HEADER.test(cell) || VALUE_HEADER.test(cell)) return 'strong';
  if (OTHER_HEADER.test(cell) || RESULT_HEADER.test(cell) || PLAN_HEADER.test(cell) || COMPARISON_HEADER.test(cell)) return 'weak';
  if (cleanCellText(raw).text.startsWith('(')) return 'neutral';
  return null;
}

/**
 * Whether a row is (a row of) the table header: every cell it fills is a header word, one of them a strong one. With
 * two strong words or more, up to two other captions without digits are allowed (a column the header names in words
 * of its own: "Đánh giá của đơn vị"); a statistics row always has a code or a figure, so it never passes.
 */
export function isHeaderRow(cells: readonly string[]): boolean {
  let filled = 0;
  let strong = 0;
  let unknown = 0;
  for (const cell of cells) {
    if (cell.trim() === '') continue;
    const word = headerWord(cell);
    if (word === null) {
      if (/\d/u.test(cell) || cell.length > 60) return false;
      unknown += 1;
      continue;
    }
    if (word === 'neutral') continue;
    filled += 1;
    if (word === 'strong') strong += 1;
  }
  if (unknown > 0) return strong >= 2 && unknown <= 2;
  return strong > 0 && filled >= 2;
}

/**
 * The second row of a two-row header, under a caption merged across it ("Kết quả" over "Kế hoạch | Thực hiện"): only
 * header words, one of them a plan or result caption.
 */
function isSubHeaderRow(cells: readonly string[]): boolean {
  let known = 0;
  for (const cell of cells) {
    if (cell.trim() === '') continue;
    const word = headerWord(cell);
    if (word === null) return false;
    const c = compact(cell);
    if (RESULT_HEADER.test(c) || PLAN_HEADER.test(c) || VALUE_HEADER.test(c)) known += 1;
  }
  return known > 0;
}

/** A row of column numbers under a header ("(1) | (2) | (3)", "A | B | 1 | 2"). */
function isColumnNumberRow(cells: readonly string[]): boolean {
  const filled = cells.map(compact).filter((c) => c !== '');
  return filled.length >= 3 && filled.every((c) => COLUMN_NUMBER.test(c));
}

/** Whether a column's caption names the value column: "Số liệu", or the result beside a plan ("Thực hiện"). */
function valueCaption(folded: string): boolean {
  return VALUE_HEADER.test(folded) || RESULT_HEADER.test(folded);
}

function columnsFromHeaders(headers: string[][], previous: Columns): Columns {
  const columns = { ...previous };
  const asides = new Map(previous.asides);
  let resultFound = false;
  for (const cells of headers) {
    const folded = cells.map(compact);
    const find = (pred: (c: string, i: number) => boolean) => folded.findIndex(pred);
    const code = find((c) => CODE_HEADER.test(c));
    if (code >= 0) columns.code = code;
    const label = find((c) => LABEL_HEADER.test(c));
    if (label >= 0) columns.label = label;
    const unit = find((c) => UNIT_HEADER.test(c));
    if (unit >= 0) columns.unit = unit;
    // the result beside a plan ("Kế hoạch | Thực hiện") is the value, wherever it stands; else "Số liệu"
    const result = find((c) => RESULT_HEADER.test(c));
    const value = find((c) => VALUE_HEADER.test(c));
    if (result >= 0) {
      columns.value = result;
      resultFound = true;
    } else if (value >= 0 && !resultFound) columns.value = value;
    // a one-row header whose value column says "Kết quả" rather than "Số liệu"
    else if (unit >= 0 && !resultFound) {
      const stated = find((c, i) => i > unit && /^ketqua/u.test(c));
      if (stated >= 0) columns.value = stated;
    }
    // captioned columns that are not the value: the plan, a comparison, a caption of the header's own
    folded.forEach((c, i) => {
      if (c === '' || valueCaption(c)) return;
      const word = headerWord(cells[i]!);
      if (PLAN_HEADER.test(c) || COMPARISON_HEADER.test(c) || word === null) asides.set(i, cleanCellText(cells[i]!).text.replace(/\s+/gu, ' '));
    });
    const responsible = find((c) => c.startsWith('donvithuchien') || c.startsWith('coquanthuchien'));
    const note = find((c) => c.startsWith('ghichu'));
    if (responsible >= 0) {
      columns.extraColumn = 'responsible';
      if (note > responsible) columns.note = note;
    } else if (note >= 0) columns.extraColumn = 'note';
  }
  for (const i of [columns.code, columns.label, columns.unit, columns.value]) asides.delete(i);
  columns.asides = asides;
  // the note follows the value, after any plan or other captioned column
  columns.extra = columns.value + 1;
  while (asides.has(columns.extra)) columns.extra += 1;
  if (columns.note !== null && columns.note <= columns.extra) columns.note = columns.extra + 1;
  return columns;
}

/** "Biểu mẫu 1", "Biểu mẫu số 01", "Biểu 5", "BM 03", "Mẫu số 2" (folded). */
const FORM_TITLE = /^(?:(?:bieu|bm)\s*(?:mau\s*)?(?:so\s*)?|mau\s*so\s*)0*(\d{1,2})\b\s*(.*)$/u;
const FORM_WORDS = /^\s*(?:(?:Biểu|BM)\s*(?:mẫu\s*)?(?:số\s*)?|Mẫu\s*số\s*)\d{1,2}\s*[.:\-–]?\s*/iu;

/** The form a paragraph or a sheet name names ("Biểu mẫu 01: …", sheet "Biểu 03"), or null. */
export function formNumberOf(text: string): string | null {
  if (text.length > 160) return null;
  const match = FORM_TITLE.exec(fold(text));
  return match ? String(Number(match[1])) : null;
}

/** A code cell that is really the second half of a split "Trong đó", or a lowercase fragment. */
function isCodeFragment(code: string): boolean {
  return code === '' || /^\p{Ll}/u.test(code);
}

function startsLowercase(text: string): boolean {
  return /^\p{Ll}/u.test(text);
}

/** A label that starts a new list item ("- Cấp tỉnh", "+ …", "• …") is a row of its own, never a piece of another. */
const LIST_MARKER = /^[-–+•*·]\s*\S/u;

function normaliseCode(code: string): string {
  if (/^\s*tr/iu.test(code) && compact(code) === 'trongdo') return 'Trong đó';
  const trimmed = code.replace(/\s+/gu, ' ').trim();
  // a code typed in a General cell of a spreadsheet comes back as a number, shown vi-VN: "1,1" is code 1.1
  if (/^\d{1,2},\d{1,2}$/u.test(trimmed)) return trimmed.replace(',', '.');
  return trimmed;
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
    valueAt: cellAt(grid.at, columns.value),
    markup,
    asides: [...columns.asides].flatMap(([i, caption]) => {
      const text = cell(i);
      return text === '' ? [] : [`${caption}: ${text}`];
    }),
    ...(grid.staleTotals?.length ? { staleTotals: grid.staleTotals } : {}),
  };
}

/**
 * Whether `row` is the rest of `previous`, cut by a page break. By structure, not by letter case: a piece has no
 * code of its own (or the "đó" of a cut "Trong đó") and no value; right after a repeated header (or a table resumed
 * after a footnote) a row with neither code, unit nor value is the rest of the row before the break, whatever its
 * first letter ("Cổng DVC quốc gia", "(Sử dụng chữ ký số …)"), unless it is a list item or the previous label was
 * finished. Elsewhere only a lowercase piece is taken as one.
 */
export function continues(row: AppendixRow, previous: AppendixRow | undefined, afterBreak: boolean): boolean {
  if (!previous) return false;
  if (!isCodeFragment(row.code)) return false;
  if (row.code !== '' && !/^\s*trong\s*$/iu.test(previous.code)) return false;
  const labelEmpty = row.label === '';
  if (labelEmpty) return row.unit !== '' || row.value !== '' || row.extra !== '' || row.note !== '' || row.code !== '';
  if (row.value !== '' || row.unit !== '') {
    // the label cut mid-word and the figures printed on the second piece ("… điện tử | | " / "hóa | % | 100")
    return afterBreak && startsLowercase(row.label) && previous.unit === '' && previous.value === '';
  }
  if (startsLowercase(row.label)) return true;
  if (!afterBreak || LIST_MARKER.test(row.label)) return false;
  if (previous.label === '' || /[.:;!?]$/u.test(previous.label)) return false;
  return true;
}

/** The numbers of a printed code ("3.4.1." → [3, 4, 1]); null for a cell that is no code. */
function codeParts(code: string): number[] | null {
  const m = /^(\d{1,3}(?:[.,]\d{1,3})*)[.,]?$/u.exec(code.trim());
  return m ? m[1]!.split(/[.,]/u).map(Number) : null;
}

/**
 * Paragraphs that may sit between two pieces of one table without ending it: a footnote ("<sup>1</sup> Số liệu …",
 * "(*) …", "Ghi chú: …"), a page number, "(tiếp theo)".
 */
function isInterlude(text: string): boolean {
  const t = text.trim();
  return (
    /^(?:<sup>|[¹²³⁴⁵⁶⁷⁸⁹⁰]|\(\s*\*+\s*\)|\*+\s|\(\d{1,2}\)\s|\d{1,2}\s+\p{Lu}|ghi chú\s*:|chú thích\s*:|nguồn\s*:)/iu.test(t) ||
    /^(?:[-–]\s*)?(?:trang\s*)?\d{1,3}(?:\s*[-–])?$/iu.test(t) ||
    /^\(?\s*tiếp\s+theo\s*\)?$/iu.test(t)
  );
}

interface OpenTable {
  table: AppendixTable;
  /** The last printed code read into it. */
  lastCode: number[] | null;
  /** Only footnotes and page numbers since its last piece. */
  onlyInterludes: boolean;
}

/** A form starts its numbering again at "1."; a table resumed after a page break goes on from where it was. */
function restartsNumbering(first: number[], last: number[]): boolean {
  return (first.length === 1 && first[0] === 1) || first[0]! < last[0]!;
}

/** A cell of a signature footer typed under a sheet's table: "Người lập biểu", "KT. GIÁM ĐỐC", "(Đã ký)", the date line. */
const FOOTER_CELL =
  /^(?:người lập(?:\s+biểu)?|người tổng hợp|thủ trưởng(?:\s+đơn vị|\s+cơ quan)?|(?:kt|tm|tl|tuq)\s*\.|(?:phó\s+)?giám đốc|(?:phó\s+)?chủ tịch|(?:phó\s+)?trưởng ban|[([]?\s*đã\s+k[ýí]|.{0,40},\s*ngày\s+\d{0,2}\s*tháng)/iu;

/**
 * Where the signature footer typed under a table starts (a workbook's last sheet: "Người lập biểu | KT. GIÁM ĐỐC" …
 * the names), or the number of rows when there is none: the first row after the last coded row that has a footer
 * cell and no figure. Those rows are no statistics; recognition reads them (the signer, the date).
 */
export function footerStart(rows: readonly GridRow[]): number {
  let lastCoded = -1;
  rows.forEach((r, i) => {
    if (r.cells.some((c) => codeParts(cleanCellText(c).text) !== null)) lastCoded = i;
  });
  if (lastCoded < 0) return rows.length;
  for (let i = lastCoded + 1; i < rows.length; i++) {
    const cells = rows[i]!.cells.map((c) => cleanCellText(c).text).filter((c) => c !== '');
    if (cells.some((c) => FOOTER_CELL.test(c)) && !cells.some((c) => /^[-+]?\d[\d.,]*%?$/u.test(c))) return i;
  }
  return rows.length;
}

export function extractAppendix(doc: SourceDocument): AppendixTable[] {
  const tables: AppendixTable[] = [];
  let form: string | null = null;
  let formTitle: string | null = null;
  let awaitingTitle = false;
  let columns = DEFAULT_COLUMNS;
  let sheet: string | undefined;
  /** The statistics table a later block may resume (after a footnote or a page break). */
  let open: OpenTable | null = null;

  for (const block of doc.blocks) {
    // a workbook's sheets are separate tables; a sheet named "Biểu 03" is form 3 (unless a title in it says otherwise)
    const at = block.type === 'paragraph' ? block.paragraph.at : block.rows[0]?.at;
    const blockSheet = at?.kind === 'cell' ? at.sheet : undefined;
    if (blockSheet !== sheet) {
      sheet = blockSheet;
      open = null;
      form = blockSheet === undefined ? form : formNumberOf(blockSheet);
      formTitle = null;
      awaitingTitle = false;
    }
    if (block.type === 'paragraph') {
      const text = cleanCellText(block.paragraph.text).text;
      const number = formNumberOf(text);
      if (number !== null) {
        form = number;
        const rest = text.replace(FORM_WORDS, '').trim();
        formTitle = rest || null;
        awaitingTitle = !rest;
        open = null;
      } else {
        if (awaitingTitle) {
          formTitle = text;
          awaitingTitle = false;
        }
        if (open && !isInterlude(block.paragraph.text)) open.onlyInterludes = false;
      }
      continue;
    }
    // a piece of a table resumed after a footnote starts with the repeated header, if it has one
    const hasHeader = block.rows.slice(0, 3).some((r) => isHeaderRow(r.cells));
    let firstCode: number[] | null = null;
    for (const r of block.rows) {
      firstCode = codeParts(cleanCellText(r.cells[columns.code] ?? '').text);
      if (firstCode) break;
    }
    // the same table resumed: numbering goes on (a form starts again at "1."), and either no header is repeated or
    // only footnotes and page numbers stand between the pieces
    const previousTable = open as OpenTable | null;
    const resumes: boolean =
      previousTable !== null &&
      (hasHeader ? previousTable.onlyInterludes : firstCode !== null) &&
      (firstCode === null || previousTable.lastCode === null || !restartsNumbering(firstCode, previousTable.lastCode));
    const table: AppendixTable = resumes && previousTable ? previousTable.table : { form, title: formTitle, extraColumn: 'note', rows: [] };
    const rows = table.rows;
    let headers = 0;
    let afterBreak = resumes;
    let lastWasHeader = false;
    let lastCode: number[] | null = resumes && previousTable ? previousTable.lastCode : null;
    for (const grid of block.rows.slice(0, footerStart(block.rows))) {
      if (isHeaderRow(grid.cells) || (lastWasHeader && isSubHeaderRow(grid.cells))) {
        // a new header names its own columns: the captioned columns of the table before do not carry over
        if (!lastWasHeader) columns = { ...columns, asides: new Map() };
        headers += 1;
        columns = columnsFromHeaders([grid.cells], columns);
        afterBreak = rows.length > 0;
        lastWasHeader = true;
        continue;
      }
      if (lastWasHeader && isColumnNumberRow(grid.cells)) continue;
      const wasAfterBreak = afterBreak;
      const row = toRow(grid, columns);
      if (!row.code && !row.label && !row.unit && !row.value && !row.extra && !row.note && row.asides?.length === 0) continue;
      afterBreak = false;
      lastWasHeader = false;
      const previous = rows[rows.length - 1];
      if (previous && continues(row, previous, wasAfterBreak)) {
        previous.code = normaliseCode(joinPiece(previous.code, row.code).replace(/^(Trong)\s+(đó)$/iu, '$1 $2'));
        previous.label = joinPiece(previous.label, row.label);
        previous.unit = joinPiece(previous.unit, row.unit);
        if (!previous.value && row.value) previous.valueAt = row.valueAt;
        previous.value = joinPiece(previous.value, row.value);
        previous.extra = joinPiece(previous.extra, row.extra);
        previous.note = joinPiece(previous.note, row.note);
        if (row.asides?.length) previous.asides = [...(previous.asides ?? []), ...row.asides];
        if (row.staleTotals?.length) previous.staleTotals = [...(previous.staleTotals ?? []), ...row.staleTotals];
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
      lastCode = codeParts(row.code) ?? lastCode;
      rows.push(row);
    }
    if (resumes && previousTable) {
      previousTable.lastCode = lastCode;
      previousTable.onlyInterludes = true;
      continue;
    }
    if (headers === 0 && rows.every((r) => !/^\d/u.test(r.code))) continue; // not a statistics table
    table.extraColumn = headers > 0 ? columns.extraColumn : 'note';
    tables.push(table);
    open = { table, lastCode, onlyInterludes: true };
  }
  return tables;
}
