/**
 * The province's consolidated table as XLSX, written as a stream: one column per agency, the province figure ("Toàn
 * tỉnh", per consolidation method) and how many agencies reported each row; one sheet per form in the forms family.
 *
 * At national size (5,000 agencies × 200 rows: a million cells) the workbook is never held in memory: exceljs's
 * streaming writer commits each row as it is written, and the rows come from the source a page of template rows at a
 * time (figure and every agency's cell), so the writer holds one page whatever the number of agencies. The output's
 * backpressure is respected between rows, and other work gets the event loop between them.
 * `renderConsolidatedXlsx` writes the same workbook from a ProvinceDocument held in memory (tests, the worker).
 */
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Template, TemplateRow } from '../../core/catalogue/template.js';
import type { ConsolidatedRow } from '../../core/consolidation/consolidate.js';
import { figureText, rateDecimals } from '../../core/consolidation/figure-text.js';
import type { Period } from '../../core/periods/period.js';
import { periodLabel } from '../../core/periods/period.js';
import type { DocumentHeader, ProvinceDocument } from '../document-model.js';
import { BORDER, GROUP_FILL, HEADER_FILL, addLine, decimalsToShow, displayText, fitRowHeight, font, numberFormat } from './xlsx-format.js';

export const CONSOLIDATED_SHEET = 'Tổng hợp';
export const CONSOLIDATED_TITLE = 'TỔNG HỢP SỐ LIỆU THỐNG KÊ VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH';
export const PROVINCE_COLUMN = 'Toàn tỉnh';
export const COVERAGE_COLUMN = 'Số đơn vị báo cáo';

/** Cells (rows × agencies) of one page read from the source: what bounds the writer's memory. */
export const PAGE_CELLS = 20_000;

/** What the streaming writer needs: the table's frame, then its rows a page at a time. */
export interface ConsolidatedSource {
  header: DocumentHeader;
  period: Period;
  template: Template;
  /** The agencies, one column each, in column order; each row's contributions are in this order. */
  agencies: readonly { id: string; name: string }[];
  /** The consolidated rows (figure and every agency's cell) of some template rows, by row id; a row left out gets no figure. */
  rowsOf(rows: readonly TemplateRow[]): Promise<ReadonlyMap<string, ConsolidatedRow>>;
}

/** "Hoàn thành: 10; Chưa: 2": codes that agencies gave, most frequent first. */
export function distributionText(row: Pick<ConsolidatedRow, 'distribution'>): string | null {
  const given = (row.distribution ?? []).filter((d) => d.agencies > 0);
  if (given.length === 0) return null;
  return [...given]
    .sort((a, b) => b.agencies - a.agencies)
    .map((d) => `${d.label}: ${d.agencies}`)
    .join('; ');
}

/** "2 – 100 (trung vị 50)". */
export function spreadText(row: Pick<ConsolidatedRow, 'spread'>): string | null {
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

type Style = Partial<ExcelJS.Style>;

/**
 * The cells' styles, one object per combination: exceljs keeps the style id of an object it has seen, so a million
 * cells sharing a few dozen objects cost a lookup each instead of serialising their font, border and fill. A cell's
 * style is always replaced whole (never `cell.numFmt = …` on a shared object).
 */
class Styles {
  private readonly cache = new Map<string, Style>();

  get(key: string, make: () => Style): Style {
    let style = this.cache.get(key);
    if (!style) this.cache.set(key, (style = make()));
    return style;
  }

  /** A body cell: bordered, centred in its row, the group fill on a heading row. */
  body(options: { bold: boolean; group: boolean; horizontal: 'left' | 'center' | 'right'; numFmt?: string | null; italicSmall?: boolean }): Style {
    const { bold, group, horizontal, numFmt = null, italicSmall = false } = options;
    return this.get(`body|${bold}|${group}|${horizontal}|${numFmt ?? ''}|${italicSmall}`, () => ({
      border: BORDER,
      font: italicSmall ? font({ italic: true, size: 10, ...(bold ? { bold: true } : {}) }) : font({ bold }),
      alignment: { vertical: 'middle', wrapText: true, horizontal },
      ...(group ? { fill: GROUP_FILL } : {}),
      ...(numFmt ? { numFmt } : {}),
    }));
  }
}

function workbookOptions(output: Writable): Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions> {
  return { stream: output, useStyles: true, useSharedStrings: true };
}

/** Writes the consolidated table to `output` (ended when done), reading the source's rows a page at a time. */
export async function writeConsolidatedXlsx(source: ConsolidatedSource, output: Writable, options: { pageCells?: number } = {}): Promise<void> {
  const { header, template, agencies } = source;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter(workbookOptions(output));
  workbook.creator = 'CCHC';
  workbook.title = header.agency;
  if (header.date) {
    const date = new Date(`${header.date}T00:00:00Z`);
    if (!Number.isNaN(date.getTime())) {
      workbook.created = date;
      workbook.modified = date;
    }
  }
  const names = agencies.map((a) => a.name);
  const columns = 3 + agencies.length + 2;
  const provinceCol = 4 + agencies.length;
  const coverageCol = provinceCol + 1;
  const widths = [9, 52, 16, ...agencies.map(() => 14), 24, 12];
  const pageRows = Math.max(1, Math.floor((options.pageCells ?? PAGE_CELLS) / Math.max(1, agencies.length)));
  const styles = new Styles();
  // the title block is three lines, then the header row: known before the sheet is opened (views are written first)
  const headerRow = 4;

  for (const part of sheetsOf(template)) {
    const sheet = workbook.addWorksheet(part.name, {
      views: [{ state: 'frozen', xSplit: 3, ySplit: headerRow, topLeftCell: `D${headerRow + 1}`, activeCell: `D${headerRow + 1}` }],
      pageSetup: {
        paperSize: 9, // A4
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        margins: { left: 1.18, right: 0.59, top: 0.79, bottom: 0.79, header: 0.3, footer: 0.3 },
        printTitlesRow: `${headerRow}:${headerRow}`,
      },
    });
    sheet.columns = widths.map((width) => ({ width }));
    addLine(sheet, CONSOLIDATED_TITLE, columns, { bold: true, size: 13, height: 22 });
    addLine(
      sheet,
      `Kỳ báo cáo: ${periodLabel(source.period)} — ${header.governingBody ?? header.agency}; ${agencies.length} đơn vị tham gia tổng hợp`,
      columns,
      { italic: true },
    );
    addLine(sheet, part.title ?? template.name, columns, { bold: true, align: 'left' });

    const head = sheet.addRow(['STT', 'Chỉ tiêu thống kê', 'Đơn vị tính', ...names, PROVINCE_COLUMN, COVERAGE_COLUMN]);
    if (head.number !== headerRow) throw new Error(`consolidated XLSX: the header row is ${head.number}, not ${headerRow}`);
    const longest = names.reduce((n, name) => Math.max(n, name.length), 0);
    head.height = Math.min(120, Math.max(32, Math.ceil(longest / 12) * 16));
    const headStyle = styles.get('head', () => ({
      font: font({ bold: true }),
      alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
      border: BORDER,
      fill: HEADER_FILL,
    }));
    for (let col = 1; col <= columns; col += 1) head.getCell(col).style = headStyle;
    // the merged title lines are written with the header: a merge needs its rows uncommitted
    head.commit();

    for (let start = 0; start < part.rows.length; start += pageRows) {
      const page = part.rows.slice(start, start + pageRows);
      const rows = await source.rowsOf(page);
      for (const templateRow of page) {
        writeRow(sheet, styles, templateRow, rows.get(templateRow.id), { columns, provinceCol, coverageCol, widths });
        // the client reads at its pace: wait for it rather than buffer the file; otherwise let other requests run
        if (output.writableNeedDrain) await once(output, 'drain');
        else await yieldToLoop();
      }
    }

    sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: columns } };
    sheet.commit();
  }
  await workbook.commit();
}

function writeRow(
  sheet: ExcelJS.Worksheet,
  styles: Styles,
  templateRow: TemplateRow,
  row: ConsolidatedRow | undefined,
  layout: { columns: number; provinceCol: number; coverageCol: number; widths: number[] },
): void {
  const { columns, provinceCol, coverageCol, widths } = layout;
  const added = sheet.addRow([templateRow.code ?? '', templateRow.label, templateRow.unit || null]);
  const group = templateRow.group;
  const horizontal = (col: number) => (col === 1 || col === 3 || col === coverageCol ? 'center' : col === 2 ? 'left' : 'right');
  for (let col = 1; col <= columns; col += 1) added.getCell(col).style = styles.body({ bold: group && col <= 3, group, horizontal: horizontal(col) });
  if (row) {
    const responsible = row.method === 'responsible' ? row.responsibleAgency : undefined;
    const kind = templateRow.kind;
    row.contributions.forEach((contribution, index) => {
      const cell = added.getCell(4 + index);
      const bold = responsible !== undefined && responsible === contribution.agencyId;
      if (contribution.value !== null && Number.isFinite(contribution.value)) {
        cell.value = contribution.value;
        cell.style = styles.body({ bold, group, horizontal: 'right', numFmt: numberFormat(kind, decimalsToShow(contribution.value, null)) });
      } else if (contribution.status === 'text' && contribution.note) {
        cell.value = contribution.note;
        cell.style = styles.body({ bold, group, horizontal: 'left', italicSmall: !bold });
      } else if (bold) {
        cell.style = styles.body({ bold, group, horizontal: 'right' });
      }
    });
    // a heading row nobody reports carries no figure, note nor coverage ("chưa báo cáo" would say what is not so)
    if (!(templateRow.group && row.reported === 0 && row.value === null)) {
      const province = provinceCell(row, templateRow);
      const cell = added.getCell(provinceCol);
      cell.value = province.value;
      cell.style = styles.body({
        bold: true,
        group,
        horizontal: typeof province.value === 'string' ? 'left' : 'right',
        numFmt: province.numFmt,
      });
      if (province.comment) cell.note = province.comment;
      // a text row counts the agencies that wrote something
      const reported = row.method === 'text' ? row.contributions.filter((c) => c.status === 'text').length : row.reported;
      added.getCell(coverageCol).value = `${reported}/${row.agencies}${row.percentOnly ? ` (${row.percentOnly} chỉ ghi tỷ lệ)` : ''}`;
    }
  }
  fitRowHeight(added, widths);
  added.commit();
}

/** The consolidated rows of a document held in memory, as a source (the contributions are in its agencies' order). */
export function documentSource(doc: ProvinceDocument): ConsolidatedSource {
  const byRow = new Map(doc.consolidated.rows.map((r) => [r.rowId, r]));
  return {
    header: doc.header,
    period: doc.period,
    template: doc.template,
    agencies: doc.consolidated.agencies.map((id) => ({ id, name: doc.agencyNames.get(id) ?? id })),
    rowsOf: (rows) => Promise.resolve(new Map(rows.flatMap((r) => (byRow.has(r.id) ? [[r.id, byRow.get(r.id)!] as const] : [])))),
  };
}

/** The province's consolidated table of a document held in memory, as bytes. */
export async function renderConsolidatedXlsx(doc: ProvinceDocument): Promise<Uint8Array> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = once(output, 'end');
  await writeConsolidatedXlsx(documentSource(doc), output);
  await ended;
  return new Uint8Array(Buffer.concat(chunks));
}
