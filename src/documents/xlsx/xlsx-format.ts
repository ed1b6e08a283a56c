/**
 * Shared pieces of the XLSX writers: number formats that look vi-VN in a Vietnamese Excel and read back to the
 * same value through the importer (src/import/xlsx/xlsx-reader.ts shows a number cell through its format), and
 * the cell styles of an official table. Pure.
 */
import type ExcelJS from 'exceljs';
import type { ValueKind } from '../../core/catalogue/template.js';
import { formatFixed, plainDecimal } from '../../core/values/number-format.js';

/** A value with more digits than this after the point was computed (a ratio), not typed: it is shown rounded. */
const MAX_TYPED_DECIMALS = 4;
/** Decimals shown for a computed value (a ratio from "31/37", a province ratio). */
export const COMPUTED_DECIMALS = 2;
/** Excel keeps 15 significant digits. */
const MAX_DECIMALS = 15;

/** Digits after the point in the shortest representation of x (0 for integers). */
export function shortestDecimals(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return 0;
  return plainDecimal(x).split('.')[1]?.length ?? 0;
}

/**
 * How many decimals a number cell shows: as many as the officer wrote (`written`), never fewer than the value
 * needs when it was typed (a value with a few decimals), rounded to COMPUTED_DECIMALS when it was computed.
 */
export function decimalsToShow(value: number, written: number | null): number {
  const needed = shortestDecimals(value);
  const typed = needed <= MAX_TYPED_DECIMALS ? needed : COMPUTED_DECIMALS;
  if (written === null) return Math.min(typed, MAX_DECIMALS);
  return Math.min(MAX_DECIMALS, Math.max(written, needed <= MAX_TYPED_DECIMALS ? needed : 0));
}

/**
 * The number format of a value cell. Percentages are the number itself (63.1 shown "63,1"), never Excel's
 * scaled "%" format; counts and money group thousands ("#,##0" shows 14584 as "14.584" in a vi-VN Excel).
 */
export function numberFormat(kind: ValueKind, decimals: number): string {
  const fraction = decimals > 0 ? `.${'0'.repeat(decimals)}` : '';
  switch (kind.type) {
    case 'percent':
    case 'coded':
      return `0${fraction}`;
    case 'count':
    case 'decimal':
    case 'money':
    case 'text':
      return `#,##0${fraction}`;
  }
}

/** A number as text, vi-VN, with the decimals `decimalsToShow` would show ("6.786,875", "33,33"). */
export function displayText(value: number, written: number | null = null): string {
  return formatFixed(value, decimalsToShow(value, written));
}

export const FONT_NAME = 'Times New Roman';

const thin: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };
export const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
export const GROUP_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF5F5F5' } };

export function font(options: Partial<ExcelJS.Font> = {}): Partial<ExcelJS.Font> {
  return { name: FONT_NAME, size: 12, ...options };
}

/** A line of text across `columns` columns (merged, so the importer reads it as a paragraph). */
export function addLine(
  sheet: ExcelJS.Worksheet,
  text: string,
  columns: number,
  options: { bold?: boolean; italic?: boolean; size?: number; align?: 'left' | 'center'; height?: number } = {},
): ExcelJS.Row {
  const row = sheet.addRow([text]);
  sheet.mergeCells(row.number, 1, row.number, columns);
  const cell = row.getCell(1);
  cell.font = font({ bold: options.bold ?? false, italic: options.italic ?? false, size: options.size ?? 12 });
  cell.alignment = { horizontal: options.align ?? 'center', vertical: 'middle', wrapText: true };
  if (options.height) row.height = options.height;
  return row;
}

/** Bytes of a workbook. */
export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Uint8Array> {
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

/** Points per line of 12 pt text. */
const LINE_HEIGHT = 15.75;

/**
 * Gives a row with wrapped text the height of its longest cell: Excel and LibreOffice do not always refit rows of a
 * generated file. `widths` are the sheet's column widths (characters), by 1-based column minus one.
 */
export function fitRowHeight(row: ExcelJS.Row, widths: readonly number[], fontSize = 12): void {
  let lines = 1;
  widths.forEach((width, index) => {
    const cell = row.getCell(index + 1);
    if (cell.isMerged && cell.master.address !== cell.address) return;
    const value = cell.value;
    if (typeof value !== 'string' || value === '') return;
    // a column of width w holds w digits of the default font, and about 1.2 w letters of Times New Roman 12 pt
    const perLine = Math.max(1, Math.floor((width * 1.2 * 12) / fontSize));
    const needed = value.split('\n').reduce((sum, part) => sum + Math.max(1, Math.ceil(part.length / perLine)), 0);
    lines = Math.max(lines, needed);
  });
  if (lines > 1) row.height = lines * LINE_HEIGHT * (fontSize / 12);
}
