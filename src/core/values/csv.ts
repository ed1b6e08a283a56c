/**
 * CSV for the dashboards' downloads, written for an officer who opens the file in Excel:
 *   - UTF-8 with a byte-order mark, so Excel shows Vietnamese diacritics instead of mojibake;
 *   - RFC 4180: comma-separated, CRLF line ends, a field quoted (quotes doubled) when it holds a comma, a quote, a
 *     semicolon or a line break — a semicolon too, so the file stays in its columns where Excel splits on ";";
 *   - numbers as plain decimals with a point and no grouping ("1234.5"): what Excel reads as a number under the usual
 *     regional format and what every other tool (LibreOffice, Google Sheets, R, Python) reads; never "1.234,5", which
 *     Excel would take for text (or for 1.2345) under one regional format or the other. Values that were not reported
 *     are empty cells, never 0. Dates are ISO (yyyy-mm-dd), which Excel reads as dates whatever the regional format;
 *   - text that Excel would run as a formula (starting with =, +, -, @, tab or CR) is prefixed with an apostrophe.
 * Pure.
 */
import { plainDecimal } from './number-format.js';

export type CsvCell = string | number | null;

const BOM = '\uFEFF';

/** One field: numbers plain, null empty, text guarded against formulas and quoted when it must be. */
export function csvField(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? plainDecimal(Object.is(cell, -0) ? 0 : cell) : '';
  const text = /^[=+\-@\t\r]/u.test(cell) ? `'${cell}` : cell;
  return /[",;\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

/** A whole file: the byte-order mark, the header row, the rows; every line ends with CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return BOM + [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/**
 * A file name safe in a Content-Disposition header and on every file system: Vietnamese folded to ASCII
 * ("Sở Y tế" → "so-y-te"), anything but letters, digits, "." and "-" turned into "-", at most 120 characters.
 */
export function safeFileName(parts: readonly string[], extension: string): string {
  const slug = parts
    .map((p) =>
      p
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/gu, '')
        .replace(/[đĐ]/gu, 'd')
        .toLowerCase()
        .replace(/[^a-z0-9.]+/gu, '-')
        .replace(/\.{2,}/gu, '.')
        .replace(/^[-.]+|[-.]+$/gu, ''),
    )
    .filter((p) => p.length > 0)
    .join('_')
    .slice(0, 120)
    .replace(/[-._]+$/u, '');
  return `${slug || 'du-lieu'}.${extension.replace(/[^a-z0-9]/gu, '')}`;
}
