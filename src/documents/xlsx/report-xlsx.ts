/**
 * XLSX writers of the official documents:
 *
 *   renderReportXlsx        one agency's appendix as an officer's sheet, in the layout the importer reads back
 *                           (src/import/xlsx/xlsx-reader.ts → src/import/appendix/appendix-tables.ts): a title block
 *                           of merged lines, then per form ("Biểu mẫu N …" in the forms family) the two header rows
 *                           and the template's rows; values are number cells whose format shows what the officer
 *                           typed ("6.786,875", percentages as the number 63,1, never Excel's scaled %), not
 *                           reported cells are empty (never 0), text-only cells are text.
 *   renderConsolidatedXlsx  the province's consolidated table: one column per agency, the province figure
 *                           ("Toàn tỉnh", per consolidation method) and how many agencies reported each row; written
 *                           as a stream from pages of rows (consolidated-xlsx.ts), re-exported here.
 */
import ExcelJS from 'exceljs';
import { PROVINCIAL_AGENCY_NAMES } from '../../core/catalogue/places.js';
import type { TemplateRow } from '../../core/catalogue/template.js';
import { rateDecimals } from '../../core/consolidation/figure-text.js';
import { periodLabel } from '../../core/periods/period.js';
import type { CellValue } from '../../core/report.js';
import { foldForMatch } from '../../core/values/text.js';
import { dateLine, type AgencyDocument, type DocumentHeader } from '../document-model.js';
import { BORDER, GROUP_FILL, HEADER_FILL, addLine, decimalsToShow, fitRowHeight, font, numberFormat, workbookBytes } from './xlsx-format.js';

export {
  CONSOLIDATED_SHEET,
  CONSOLIDATED_TITLE,
  COVERAGE_COLUMN,
  PROVINCE_COLUMN,
  distributionText,
  renderConsolidatedXlsx,
  spreadText,
  writeConsolidatedXlsx,
} from './consolidated-xlsx.js';

export const APPENDIX_SHEET = 'Phụ lục';
export const APPENDIX_TITLE = 'PHỤ LỤC THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH';

type DocumentCell = CellValue & { raw?: string };

function newWorkbook(header: DocumentHeader): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CCHC';
  workbook.title = header.agency;
  if (header.date) {
    const date = new Date(`${header.date}T00:00:00Z`);
    if (!Number.isNaN(date.getTime())) {
      workbook.created = date;
      workbook.modified = date;
    }
  }
  return workbook;
}

function pageSetup(sheet: ExcelJS.Worksheet, landscape: boolean, titleRows: string | null): void {
  sheet.pageSetup = {
    paperSize: 9, // A4
    orientation: landscape ? 'landscape' : 'portrait',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    margins: { left: 1.18, right: 0.59, top: 0.79, bottom: 0.79, header: 0.3, footer: 0.3 },
    ...(titleRows ? { printTitlesRow: titleRows } : {}),
  };
}

function dateText(iso: string | null): string | null {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso) : null;
  return m ? `${Number(m[3])}/${Number(m[2])}/${m[1]}` : null;
}

/** The agency as written in running text: "SỞ KHOA HỌC VÀ CÔNG NGHỆ" → "Sở Khoa học và Công nghệ" when it is a known name. */
export function agencyInText(agency: string): string {
  const key = foldForMatch(agency).replace(/\s+/gu, '');
  return PROVINCIAL_AGENCY_NAMES.find((name) => foldForMatch(name).replace(/\s+/gu, '') === key) ?? agency;
}

/** "(Kèm theo Báo cáo số 122/BC-SKHCN ngày 15/9/2023 của Sở Khoa học và Công nghệ)"; blanks left for the clerk. */
function caption(header: DocumentHeader): string {
  const number = `${header.number ?? '        '}/BC${header.agencyCode ? `-${header.agencyCode}` : ''}`;
  const date = dateText(header.date);
  return `(Kèm theo Báo cáo số ${number}${date ? ` ngày ${date}` : ''} của ${agencyInText(header.agency)})`;
}

// ---------------------------------------------------------------------------------------------------------------
// One agency's appendix

/** The note without the words that stay in the value cell (the import puts them first in the note). */
const joinNote = (...parts: (string | null)[]) => parts.filter((p): p is string => !!p && p.trim() !== '').join('; ') || null;

function noteWithout(note: string | null, typed: string): string | null {
  const text = (note ?? '').trim();
  const rest = text === typed ? '' : text.startsWith(`${typed}; `) ? text.slice(typed.length + 2) : text;
  return rest || null;
}

/** "31/37" typed in a % row: the value is the exact ratio, which no rounded number cell would give back. */
const FRACTION = /^\d[\d.,]*\s*\/\s*\d[\d.,]*\s*%?$/u;

/** The mark of a cell not reported, as officers write it (and as the importer reads it back): never an empty cell, never 0. */
export const NOT_REPORTED_MARK = '/';

/** A number format in the vi-VN locale (LCID 042A): "." groups thousands, "," marks decimals whatever the viewer's locale. */
const viVN = (format: string) => `[$-42A]${format}`;

/** What goes in the value cell and the note column of one row. */
function valueCells(row: TemplateRow, cell: DocumentCell | undefined): { value: ExcelJS.CellValue; numFmt: string | null; note: string | null } {
  if (!cell) return { value: row.group ? null : NOT_REPORTED_MARK, numFmt: null, note: null };
  if (cell.status === 'reported' && cell.value !== null && Number.isFinite(cell.value)) {
    const raw = (cell.raw ?? '').trim();
    // a done-of-total: the computed percentage as a number cell, rounded to the row's decimals (never "100,00" below
    // 100); the fraction as typed goes to the note, where the importer reads it as words
    if (row.kind.type === 'percent' && FRACTION.test(raw)) {
      return { value: cell.value, numFmt: viVN(numberFormat(row.kind, rateDecimals(cell.value))), note: joinNote(raw, noteWithout(cell.note, raw)) };
    }
    return { value: cell.value, numFmt: viVN(numberFormat(row.kind, decimalsToShow(cell.value, cell.decimals))), note: cell.note };
  }
  if (cell.status === 'text') {
    // the words the officer wrote stay in the value cell; what the note adds goes to the note column
    const typed = (cell.raw ?? '').trim() || (cell.note ?? '').trim();
    return { value: typed || null, numFmt: null, note: noteWithout(cell.note, typed) };
  }
  // not reported: the officers' mark, never an empty cell nor 0
  return { value: NOT_REPORTED_MARK, numFmt: null, note: cell.note };
}

interface AppendixLayout {
  responsible: boolean;
  /** A sixth "Ghi chú" column: the responsible-unit family has its fifth column taken by "Đơn vị thực hiện". */
  noteColumn: boolean;
  columns: number;
  widths: number[];
}

function appendixLayout(doc: AgencyDocument): AppendixLayout {
  const responsible = doc.template.family === 'responsible-unit';
  const noteColumn = responsible && [...doc.values.values()].some((c) => (c.note ?? '').trim() !== '');
  const widths = [9, 62, 18, 14, responsible ? 40 : 32, ...(noteColumn ? [32] : [])];
  return { responsible, noteColumn, columns: widths.length, widths };
}

/** The two header rows the importer recognises ("STT" … / "Đơn vị tính", "Số liệu"); returns the last row number. */
function addAppendixHeader(sheet: ExcelJS.Worksheet, layout: AppendixLayout): number {
  const first = sheet.addRow([
    'STT',
    'Chỉ tiêu thống kê',
    'Kết quả thống kê',
    '',
    layout.responsible ? 'Đơn vị thực hiện' : 'Ghi chú',
    ...(layout.noteColumn ? ['Ghi chú'] : []),
  ]);
  const second = sheet.addRow(['', '', 'Đơn vị tính', 'Số liệu', '', ...(layout.noteColumn ? [''] : [])]);
  const r1 = first.number;
  const r2 = second.number;
  sheet.mergeCells(r1, 1, r2, 1);
  sheet.mergeCells(r1, 2, r2, 2);
  sheet.mergeCells(r1, 3, r1, 4);
  sheet.mergeCells(r1, 5, r2, 5);
  if (layout.noteColumn) sheet.mergeCells(r1, 6, r2, 6);
  for (const row of [first, second]) {
    for (let col = 1; col <= layout.columns; col += 1) {
      const cell = row.getCell(col);
      cell.font = font({ bold: true });
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
      cell.fill = HEADER_FILL;
    }
  }
  return r2;
}

function addAppendixRow(sheet: ExcelJS.Worksheet, layout: AppendixLayout, row: TemplateRow, cell: DocumentCell | undefined): void {
  const { value, numFmt, note } = valueCells(row, cell);
  const fifth = layout.responsible ? (row.responsible ?? '') : (note ?? '');
  const values: ExcelJS.CellValue[] = [row.code ?? '', row.label, row.unit, value, fifth];
  if (layout.noteColumn) values.push(note ?? '');
  const added = sheet.addRow(values.map((v) => (v === '' ? null : v)));
  const bold = row.group;
  for (let col = 1; col <= layout.columns; col += 1) {
    const c = added.getCell(col);
    c.border = BORDER;
    c.font = font({ bold: bold && col <= 3 });
    c.alignment = {
      vertical: 'middle',
      wrapText: true,
      horizontal:
        col === 1 || col === 3 || (col === 4 && value === NOT_REPORTED_MARK)
          ? 'center'
          : col === 4
            ? typeof value === 'number'
              ? 'right'
              : 'left'
            : 'left',
    };
    if (bold) c.fill = GROUP_FILL;
  }
  const valueCell = added.getCell(4);
  if (numFmt) valueCell.numFmt = numFmt;
  if (bold) valueCell.font = font({ bold: true });
  fitRowHeight(added, layout.widths);
}

/** One report's statistical appendix, as an officer's sheet that imports back to the same values. */
export async function renderReportXlsx(doc: AgencyDocument): Promise<Uint8Array> {
  const workbook = newWorkbook(doc.header);
  const sheet = workbook.addWorksheet(APPENDIX_SHEET);
  const layout = appendixLayout(doc);
  sheet.columns = layout.widths.map((width) => ({ width }));

  if (doc.header.governingBody) addLine(sheet, doc.header.governingBody, layout.columns, { align: 'left' });
  addLine(sheet, doc.header.agency, layout.columns, { bold: true, align: 'left' });
  // the place and date, as the report's own date line: an agency without a governing body line (a UBND) is placed by it
  addLine(sheet, dateLine(doc.header, doc.period?.year ?? null), layout.columns, { italic: true, align: 'left' });
  sheet.addRow([]);
  addLine(sheet, APPENDIX_TITLE, layout.columns, { bold: true, size: 13, height: 36 });
  addLine(sheet, `Kỳ báo cáo: ${doc.period ? periodLabel(doc.period) : '(báo cáo gốc không ghi kỳ báo cáo)'}`, layout.columns, { bold: true });
  addLine(sheet, caption(doc.header), layout.columns, { italic: true });
  sheet.addRow([]);

  const forms = doc.template.family === 'forms' && doc.template.forms.some((f) => f.number !== null);
  let frozen: number | null = null;
  let headerRows: string | null = null;
  const addHeader = () => {
    const last = addAppendixHeader(sheet, layout);
    if (frozen === null) {
      frozen = last;
      headerRows = `${last - 1}:${last}`;
    }
  };

  if (forms) {
    doc.template.forms.forEach((form, index) => {
      const rows = doc.template.rows.filter((r) => r.form === form.number);
      if (index > 0) sheet.addRow([]);
      addLine(sheet, `Biểu mẫu ${form.number ?? index + 1} ${form.title}`.trim(), layout.columns, { bold: true, align: 'left' });
      addHeader();
      for (const row of rows) addAppendixRow(sheet, layout, row, doc.values.get(row.id));
    });
    // rows of no form (none in shipped templates) still get printed, after the forms
    const orphans = doc.template.rows.filter((r) => !doc.template.forms.some((f) => f.number === r.form));
    for (const row of orphans) addAppendixRow(sheet, layout, row, doc.values.get(row.id));
  } else {
    addHeader();
    for (const row of doc.template.rows) addAppendixRow(sheet, layout, row, doc.values.get(row.id));
  }

  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: frozen ?? 0, topLeftCell: `A${(frozen ?? 0) + 1}`, activeCell: `A${(frozen ?? 0) + 1}` }];
  pageSetup(sheet, false, headerRows);
  return workbookBytes(workbook);
}
