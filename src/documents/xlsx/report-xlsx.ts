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
 *                           ("Toàn tỉnh", per consolidation method) and how many agencies reported each row.
 */
import ExcelJS from 'exceljs';
import { PROVINCIAL_AGENCY_NAMES } from '../../core/catalogue/places.js';
import type { Template, TemplateRow } from '../../core/catalogue/template.js';
import type { ConsolidatedRow } from '../../core/consolidation/consolidate.js';
import { figureText, rateDecimals } from '../../core/consolidation/figure-text.js';
import { periodLabel } from '../../core/periods/period.js';
import type { CellValue } from '../../core/report.js';
import { foldForMatch } from '../../core/values/text.js';
import { dateLine, type AgencyDocument, type DocumentHeader, type ProvinceDocument } from '../document-model.js';
import {
  BORDER,
  GROUP_FILL,
  HEADER_FILL,
  addLine,
  decimalsToShow,
  displayText,
  fitRowHeight,
  font,
  numberFormat,
  workbookBytes,
} from './xlsx-format.js';

export const APPENDIX_SHEET = 'Phụ lục';
export const CONSOLIDATED_SHEET = 'Tổng hợp';
export const APPENDIX_TITLE = 'PHỤ LỤC THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH';
export const CONSOLIDATED_TITLE = 'TỔNG HỢP SỐ LIỆU THỐNG KÊ VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH';
export const PROVINCE_COLUMN = 'Toàn tỉnh';
export const COVERAGE_COLUMN = 'Số đơn vị báo cáo';

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

// ---------------------------------------------------------------------------------------------------------------
// The consolidated table

/** "Hoàn thành: 10; Chưa: 2": codes that agencies gave, most frequent first. */
export function distributionText(row: ConsolidatedRow): string | null {
  const given = (row.distribution ?? []).filter((d) => d.agencies > 0);
  if (given.length === 0) return null;
  return [...given]
    .sort((a, b) => b.agencies - a.agencies)
    .map((d) => `${d.label}: ${d.agencies}`)
    .join('; ');
}

/** "2 – 100 (trung vị 50)". */
export function spreadText(row: ConsolidatedRow): string | null {
  if (!row.spread) return null;
  const { min, median, max } = row.spread;
  return `${displayText(min)} – ${displayText(max)}${median === undefined ? '' : ` (trung vị ${displayText(median)})`}`;
}

interface ProvinceCell {
  value: ExcelJS.CellValue;
  numFmt: string | null;
  /** A comment on the cell: how the figure was made, when it is not a plain sum. */
  comment: string | null;
}

/**
 * The province figure per method; a computed ratio shows two decimals (66,67), an exact one its own (50, 62,5), and a
 * rate below 100 as many more as it takes never to show "100,00" (99,996); a code shows its label.
 */
function provinceCell(row: ConsolidatedRow, templateRow: TemplateRow): ProvinceCell {
  const decimals = (value: number) =>
    templateRow.kind.type === 'percent' ? rateDecimals(value, decimalsToShow(value, null)) : decimalsToShow(value, null);
  const number = (value: number | null): Pick<ProvinceCell, 'value' | 'numFmt'> =>
    value === null || !Number.isFinite(value)
      ? { value: null, numFmt: null }
      : templateRow.kind.type === 'coded'
        ? { value: figureText(value, templateRow.kind), numFmt: null }
        : { value, numFmt: numberFormat(templateRow.kind, decimals(value)) };
  switch (row.method) {
    case 'sum':
      return { ...number(row.value), comment: null };
    case 'ratio': {
      const parts = row.parts;
      const comment = parts
        ? `${row.explanation} Tử số: ${displayText(parts.numerator)}; mẫu số: ${displayText(parts.denominator)}.`
        : row.explanation;
      return { ...number(row.value), comment };
    }
    case 'responsible':
      return { ...number(row.value), comment: row.explanation };
    case 'distribution':
      return { value: distributionText(row), numFmt: null, comment: row.explanation };
    case 'spread': {
      if (row.value !== null) return { ...number(row.value), comment: row.explanation };
      return { value: spreadText(row), numFmt: null, comment: row.reported > 0 ? row.explanation : null };
    }
    case 'text':
      return { value: null, numFmt: null, comment: null };
  }
}

function sheetsOf(template: Template): { name: string; title: string | null; rows: TemplateRow[] }[] {
  const forms = template.family === 'forms' && template.forms.some((f) => f.number !== null);
  if (!forms) return [{ name: CONSOLIDATED_SHEET, title: null, rows: template.rows }];
  const sheets: { name: string; title: string | null; rows: TemplateRow[] }[] = template.forms.map((form, index) => ({
    name: `Biểu ${form.number ?? index + 1}`,
    title: `Biểu mẫu ${form.number ?? index + 1} ${form.title}`.trim(),
    rows: template.rows.filter((r) => r.form === form.number),
  }));
  const orphans = template.rows.filter((r) => !template.forms.some((f) => f.number === r.form));
  if (orphans.length > 0) sheets.push({ name: 'Khác', title: null, rows: orphans });
  return sheets;
}

/** The province's consolidated table: one column per agency, the province figure and the coverage of each row. */
export async function renderConsolidatedXlsx(doc: ProvinceDocument): Promise<Uint8Array> {
  const workbook = newWorkbook(doc.header);
  const { consolidated, template } = doc;
  const agencies = consolidated.agencies;
  const byRow = new Map(consolidated.rows.map((r) => [r.rowId, r]));
  const names = agencies.map((id) => doc.agencyNames.get(id) ?? id);
  const columns = 3 + agencies.length + 2;
  const provinceCol = 4 + agencies.length;
  const coverageCol = provinceCol + 1;

  for (const part of sheetsOf(template)) {
    const sheet = workbook.addWorksheet(part.name);
    const widths = [9, 52, 16, ...agencies.map(() => 14), 24, 12];
    sheet.columns = widths.map((width) => ({ width }));
    addLine(sheet, CONSOLIDATED_TITLE, columns, { bold: true, size: 13, height: 22 });
    addLine(
      sheet,
      `Kỳ báo cáo: ${periodLabel(doc.period)} — ${doc.header.governingBody ?? doc.header.agency}; ${agencies.length} đơn vị tham gia tổng hợp`,
      columns,
      { italic: true },
    );
    addLine(sheet, part.title ?? template.name, columns, { bold: true, align: 'left' });

    const header = sheet.addRow(['STT', 'Chỉ tiêu thống kê', 'Đơn vị tính', ...names, PROVINCE_COLUMN, COVERAGE_COLUMN]);
    const longest = Math.max(...names.map((n) => n.length), 0);
    header.height = Math.min(120, Math.max(32, Math.ceil(longest / 12) * 16));
    for (let col = 1; col <= columns; col += 1) {
      const cell = header.getCell(col);
      cell.font = font({ bold: true });
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = BORDER;
      cell.fill = HEADER_FILL;
    }
    const headerRow = header.number;

    for (const templateRow of part.rows) {
      const row = byRow.get(templateRow.id);
      const added = sheet.addRow([templateRow.code ?? '', templateRow.label, templateRow.unit || null]);
      const bold = templateRow.group;
      for (let col = 1; col <= columns; col += 1) {
        const cell = added.getCell(col);
        cell.border = BORDER;
        cell.font = font({ bold: bold && col <= 3 });
        cell.alignment = {
          vertical: 'middle',
          wrapText: true,
          horizontal: col === 1 || col === 3 || col === coverageCol ? 'center' : col === 2 ? 'left' : 'right',
        };
        if (bold) cell.fill = GROUP_FILL;
      }
      if (!row) continue;
      row.contributions.forEach((contribution, index) => {
        const cell = added.getCell(4 + index);
        if (contribution.value !== null && Number.isFinite(contribution.value)) {
          cell.value = contribution.value;
          cell.numFmt = numberFormat(templateRow.kind, decimalsToShow(contribution.value, null));
        } else if (contribution.status === 'text' && contribution.note) {
          cell.value = contribution.note;
          cell.alignment = { vertical: 'middle', wrapText: true, horizontal: 'left' };
          cell.font = font({ italic: true, size: 10 });
        }
        if (row.method === 'responsible' && row.responsibleAgency === contribution.agencyId) cell.font = font({ bold: true });
      });
      // a heading row nobody reports carries no figure, note nor coverage ("chưa báo cáo" would say what is not so)
      if (templateRow.group && row.reported === 0 && row.value === null) {
        fitRowHeight(added, widths);
        continue;
      }
      const province = provinceCell(row, templateRow);
      const cell = added.getCell(provinceCol);
      cell.value = province.value;
      if (province.numFmt) cell.numFmt = province.numFmt;
      cell.font = font({ bold: true });
      if (typeof province.value === 'string') cell.alignment = { vertical: 'middle', wrapText: true, horizontal: 'left' };
      if (province.comment) cell.note = province.comment;
      // a text row counts the agencies that wrote something
      const reported = row.method === 'text' ? row.contributions.filter((c) => c.status === 'text').length : row.reported;
      added.getCell(coverageCol).value = `${reported}/${row.agencies}${row.percentOnly ? ` (${row.percentOnly} chỉ ghi tỷ lệ)` : ''}`;
      fitRowHeight(added, widths);
    }

    sheet.views = [{ state: 'frozen', xSplit: 3, ySplit: headerRow, topLeftCell: `D${headerRow + 1}`, activeCell: `D${headerRow + 1}` }];
    sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns } };
    pageSetup(sheet, true, `${headerRow}:${headerRow}`);
  }
  return workbookBytes(workbook);
}
