/**
 * The official DOCX of a report (one agency's, or the province's consolidated one), laid out per Nghị định
 * 30/2020/NĐ-CP, Phụ lục I: A4 portrait, margins 20/20/30/15 mm, Times New Roman in black; the header block
 * (governing body and agency | Quốc hiệu and Tiêu ngữ; number | place and date) as a borderless two-column table;
 * "BÁO CÁO", the summary line, the narrative; "Nơi nhận" and the signature block; page numbers centred at the top
 * from page 2. The statistical appendix follows in its own section, landscape when the table is wider than the
 * portrait text area, one table per form in the forms family, its header row repeated on every page.
 *
 * The structures are the ones the importer reads back (src/import/docx): the appendix header row
 * "STT | Chỉ tiêu thống kê | Đơn vị tính | Số liệu | Ghi chú", a "Biểu mẫu N" paragraph before each form's table,
 * the header and closing blocks as small layout tables. A value not reported prints empty, never 0.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  SectionType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
  type IBorderOptions,
  type ISectionOptions,
} from 'docx';
import type { Template, TemplateRow } from '../../core/catalogue/template.js';
import type { ConsolidatedRow } from '../../core/consolidation/consolidate.js';
import { formatValue } from '../../core/values/cell-grammar.js';
import { formatFixed, formatNumber } from '../../core/values/number-format.js';
import { figureText, formatRate } from '../../core/consolidation/figure-text.js';
import { foldForMatch } from '../../core/values/text.js';
import {
  dateLine,
  type AgencyDocument,
  type DocumentHeader,
  type NarrativeBlock,
  type OfficialDocument,
  type ProvinceDocument,
} from '../document-model.js';

// ---------------------------------------------------------------------------------------------------------------
// Page geometry (twips: 1 mm ≈ 56.7 twips)

export const FONT = 'Times New Roman';
/** A4 in twips (portrait). */
export const A4 = { width: 11906, height: 16838 } as const;
/** Nghị định 30/2020: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm; the lower bounds here. */
export const MARGINS = { top: 1134, bottom: 1134, left: 1701, right: 850 } as const;
const HEADER_DISTANCE = 567; // 10 mm from the top edge to the page number
const FOOTER_DISTANCE = 567;

const PORTRAIT_TEXT_WIDTH = A4.width - MARGINS.left - MARGINS.right; // 9355 ≈ 165 mm
const LANDSCAPE_TEXT_WIDTH = A4.height - MARGINS.left - MARGINS.right; // 14287 ≈ 252 mm
/** Default left + right cell margins of a Word table (108 twips each side). */
const CELL_PADDING = 216;

const FIRST_LINE_INDENT = 567; // 1 cm
const pt = (points: number) => points * 2; // docx sizes are in half-points

// ---------------------------------------------------------------------------------------------------------------
// Text helpers

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

/** A run with the font, size and colour spelled out (so the document does not depend on its style defaults). */
function run(text: string, style: RunStyle = {}): TextRun {
  return new TextRun({
    text,
    font: FONT,
    size: pt(style.size ?? 13),
    color: '000000',
    ...(style.bold ? { bold: true } : {}),
    ...(style.italics ? { italics: true } : {}),
  });
}

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

interface ParagraphStyle extends RunStyle {
  align?: Align;
  before?: number;
  after?: number;
  firstLine?: number;
  keepNext?: boolean;
  pageBreakBefore?: boolean;
  /** Line spacing in 240ths of a line (276 = 1.15 lines); single when absent. */
  line?: number;
}

function para(text: string | TextRun[], style: ParagraphStyle = {}): Paragraph {
  const children = typeof text === 'string' ? [run(text, style)] : text;
  return new Paragraph({
    children,
    alignment: style.align ?? AlignmentType.LEFT,
    spacing: { before: style.before ?? 0, after: style.after ?? 0, ...(style.line ? { line: style.line } : {}) },
    ...(style.firstLine ? { indent: { firstLine: style.firstLine } } : {}),
    ...(style.keepNext ? { keepNext: true } : {}),
    ...(style.pageBreakBefore ? { pageBreakBefore: true } : {}),
    run: { font: FONT, size: pt(style.size ?? 13), color: '000000' },
  });
}

/**
 * A short horizontal rule centred in a box `boxWidth` twips wide: an empty paragraph of `length` twips with a top
 * border (how Word users draw the line under the agency name and the Tiêu ngữ, without a drawing object).
 */
function rule(boxWidth: number, length: number): Paragraph {
  const side = Math.max(0, Math.round((boxWidth - length) / 2));
  return new Paragraph({
    children: [],
    alignment: AlignmentType.CENTER,
    indent: { left: side, right: side },
    spacing: { before: 50, after: 0 },
    border: { top: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    run: { font: FONT, size: pt(4) },
  });
}

const upper = (s: string) => s.toLocaleUpperCase('vi');

const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER };
const LINE: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const GRID_BORDERS = { top: LINE, bottom: LINE, left: LINE, right: LINE, insideHorizontal: LINE, insideVertical: LINE };

function layoutCell(children: Paragraph[], width: number, extra: { vMerge?: 'restart' | 'continue' } = {}): TableCell {
  return new TableCell({
    children: children.length > 0 ? children : [para('')],
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.TOP,
    ...(extra.vMerge ? { verticalMerge: extra.vMerge === 'restart' ? VerticalMergeType.RESTART : VerticalMergeType.CONTINUE } : {}),
  });
}

function layoutTable(widths: readonly number[], rows: TableCell[][]): Table {
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: [...widths],
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: rows.map((cells) => new TableRow({ children: cells, cantSplit: true })),
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The header block

/** "Số: 122/BC-SKHCN"; a blank number leaves room for the clerk ("Số:      /BC-SKHCN"). */
export function numberLine(header: DocumentHeader): string {
  const type = header.numberType ?? (header.agencyCode ? `BC-${header.agencyCode}` : 'BC');
  const number = header.number?.trim();
  return number ? `Số: ${number}/${type}` : `Số:      /${type}`;
}

const HEADER_LEFT = 3955; // ≈ 70 mm
const HEADER_RIGHT = PORTRAIT_TEXT_WIDTH - HEADER_LEFT; // ≈ 95 mm: the Quốc hiệu on one line at 12 pt
const MOTTO_RULE = 3520; // ≈ the width of "Độc lập - Tự do - Hạnh phúc" in 13 pt bold
const AGENCY_RULE = 1300;

function headerBlock(header: DocumentHeader, year: number | null): Table {
  const left: Paragraph[] = [];
  if (header.governingBody) left.push(para(upper(header.governingBody), { align: AlignmentType.CENTER, size: 12 }));
  // an issuer without a governing body above it prints on two lines ("ỦY BAN NHÂN DÂN" / "TỈNH NINH THUẬN")
  for (const line of header.agency.split('\n')) left.push(para(upper(line), { align: AlignmentType.CENTER, size: 12, bold: true }));
  left.push(rule(HEADER_LEFT - CELL_PADDING, AGENCY_RULE));
  const right = [
    para('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { align: AlignmentType.CENTER, size: 12, bold: true }),
    para('Độc lập - Tự do - Hạnh phúc', { align: AlignmentType.CENTER, size: 13, bold: true }),
    rule(HEADER_RIGHT - CELL_PADDING, MOTTO_RULE),
  ];
  return layoutTable(
    [HEADER_LEFT, HEADER_RIGHT],
    [
      [layoutCell(left, HEADER_LEFT), layoutCell(right, HEADER_RIGHT)],
      [
        layoutCell([para(numberLine(header), { align: AlignmentType.CENTER, size: 13, before: 120 })], HEADER_LEFT),
        layoutCell([para(dateLine(header, year), { align: AlignmentType.CENTER, size: 13, italics: true, before: 120 })], HEADER_RIGHT),
      ],
    ],
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Narrative and closing

function narrative(blocks: readonly NarrativeBlock[]): Paragraph[] {
  const out: Paragraph[] = [];
  for (const block of blocks) {
    const heading = block.heading.trim();
    if (heading) {
      out.push(
        para(heading, {
          align: AlignmentType.JUSTIFIED,
          firstLine: FIRST_LINE_INDENT,
          bold: true,
          italics: block.level >= 3,
          before: block.level <= 1 ? 120 : 60,
          after: 120,
          keepNext: true,
        }),
      );
    }
    for (const text of block.text.split(/\n+/u)) {
      const line = text.trim();
      if (line) out.push(para(line, { align: AlignmentType.JUSTIFIED, firstLine: FIRST_LINE_INDENT, after: 120, line: 276 }));
    }
  }
  return out;
}

/** "- Sở Nội vụ;" … and the last one ends with a full stop ("- Lưu: VT, VP."). */
function recipientLines(recipients: readonly string[]): string[] {
  return recipients
    .map((r) =>
      r
        .trim()
        .replace(/^[-–•+]\s*/u, '')
        .replace(/[;.,]+$/u, ''),
    )
    .filter((r) => r.length > 0)
    .map((r, i, all) => `- ${r}${i === all.length - 1 ? '.' : ';'}`);
}

const CLOSING_LEFT = 4200;
const CLOSING_RIGHT = PORTRAIT_TEXT_WIDTH - CLOSING_LEFT;

/**
 * "Nơi nhận" on the left (spanning both rows), the signature block on the right: the title lines and the space to
 * sign in the first row, the name in the second (so a reader sees title and name as separate lines).
 */
function closingBlock(doc: OfficialDocument): Table {
  const left = [
    para('Nơi nhận:', { bold: true, italics: true, size: 12, before: 120 }),
    ...recipientLines(doc.recipients).map((line) => para(line, { size: 11 })),
  ];
  const titles = doc.signature.titleLines.map((line, i) =>
    para(upper(line), { align: AlignmentType.CENTER, bold: true, size: 13, before: i === 0 ? 120 : 0 }),
  );
  const space = [para(''), para(''), para(''), para('')];
  const name = doc.signature.name?.trim() ? [para(doc.signature.name.trim(), { align: AlignmentType.CENTER, bold: true, size: 13 })] : [para('')];
  return layoutTable(
    [CLOSING_LEFT, CLOSING_RIGHT],
    [
      [layoutCell(left, CLOSING_LEFT, { vMerge: 'restart' }), layoutCell([...titles, ...space], CLOSING_RIGHT)],
      [layoutCell([], CLOSING_LEFT, { vMerge: 'continue' }), layoutCell(name, CLOSING_RIGHT)],
    ],
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The appendix

type ColumnRole = 'code' | 'label' | 'unit' | 'value' | 'note' | 'responsible' | 'other';

interface AppendixColumn {
  title: string;
  role: ColumnRole;
  width: number;
}

function roleOf(title: string): ColumnRole {
  const key = foldForMatch(title).replace(/\s+/gu, '');
  if (key.startsWith('stt')) return 'code';
  if (key.startsWith('chitieu')) return 'label';
  if (key === 'donvitinh') return 'unit';
  if (key === 'solieu' || key.startsWith('ketqua')) return 'value';
  if (key.startsWith('ghichu')) return 'note';
  if (key.startsWith('donvithuchien')) return 'responsible';
  return 'other';
}

/** Natural widths in twips (what each column needs to read well), scaled to the text width later. */
const NATURAL_WIDTH: Record<ColumnRole, number> = {
  code: 900,
  label: 6200,
  unit: 1900,
  value: 1600,
  note: 3000,
  responsible: 3000,
  other: 2000,
};

function appendixColumns(template: Template, needsNote: boolean): AppendixColumn[] {
  const titles = template.columns.length > 0 ? [...template.columns] : ['STT', 'Chỉ tiêu thống kê', 'Đơn vị tính', 'Số liệu', 'Ghi chú'];
  if (needsNote && !titles.some((t) => roleOf(t) === 'note')) titles.push('Ghi chú');
  return titles.map((title) => ({ title, role: roleOf(title), width: NATURAL_WIDTH[roleOf(title)] }));
}

/** Landscape when the columns need more than the portrait text width. */
export function appendixIsLandscape(columns: readonly { width: number }[]): boolean {
  return columns.reduce((sum, c) => sum + c.width, 0) > PORTRAIT_TEXT_WIDTH;
}

function fitWidths(columns: AppendixColumn[], total: number): number[] {
  const natural = columns.reduce((sum, c) => sum + c.width, 0);
  const widths = columns.map((c) => Math.floor((c.width * total) / natural));
  const last = widths.length - 1;
  if (last >= 0) widths[last] = total - widths.slice(0, last).reduce((a, b) => a + b, 0);
  return widths;
}

interface AppendixCells {
  value: string;
  note: string;
}

const TABLE_SIZE = 12;
/** The paragraph style of appendix cells (Times New Roman 12 pt, no spacing): cell runs carry only bold/italic. */
const CELL_STYLE = 'CchcAppendixCell';
const CELL_MARGINS = { top: 30, bottom: 30, left: 80, right: 80 };

/**
 * An appendix cell. The appendix is most of the document's XML, so its cells stay lean: the font and size come
 * from the paragraph style, the margins from the table, and a run is written only for non-empty text.
 */
function gridCell(text: string, width: number, style: { bold?: boolean; italics?: boolean; align: Align }): TableCell {
  const children = text ? [new TextRun({ text, ...(style.bold ? { bold: true } : {}), ...(style.italics ? { italics: true } : {}) })] : [];
  return new TableCell({
    children: [new Paragraph({ style: CELL_STYLE, alignment: style.align, children })],
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
  });
}

function appendixTable(
  columns: AppendixColumn[],
  widths: number[],
  rows: readonly TemplateRow[],
  cellsOf: (row: TemplateRow) => AppendixCells,
): Table {
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: columns.map((c, i) => gridCell(c.title, widths[i]!, { bold: true, align: AlignmentType.CENTER })),
  });
  const body = rows.map((row) => {
    const cells = cellsOf(row);
    const bold = row.group;
    return new TableRow({
      cantSplit: true,
      children: columns.map((c, i) => {
        const width = widths[i]!;
        switch (c.role) {
          case 'code':
            return gridCell(row.breakdown ? '' : (row.code ?? ''), width, { bold, align: AlignmentType.CENTER });
          case 'label':
            return gridCell(row.label, width, { bold, align: AlignmentType.LEFT });
          case 'unit':
            return gridCell(row.unit, width, { align: AlignmentType.CENTER });
          case 'value':
            return gridCell(cells.value, width, { bold, align: AlignmentType.CENTER });
          case 'note':
            return gridCell(cells.note, width, { align: AlignmentType.LEFT });
          case 'responsible':
            return gridCell(row.responsible ?? '', width, { align: AlignmentType.LEFT });
          case 'other':
            return gridCell('', width, { align: AlignmentType.LEFT });
        }
      }),
    });
  });
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: GRID_BORDERS,
    margins: CELL_MARGINS,
    rows: [header, ...body],
  });
}

/** The value as the officer wrote it: vi-VN, and the decimals they typed ("63,10" stays "63,10"). */
function agencyValueText(doc: AgencyDocument, row: TemplateRow): AppendixCells {
  const cell = doc.values.get(row.id);
  // not reported prints as officers mark it, never as an empty cell (a heading row nobody fills stays empty)
  if (!cell) return { value: row.group ? '' : '/', note: '' };
  const note = cell.note?.trim() ?? '';
  if (cell.status === 'text') {
    // a text-only cell: the words stand in the value cell, as the agency wrote them
    const raw = cell.raw?.trim() || note;
    return { value: raw, note: raw === note ? '' : note };
  }
  if (cell.status !== 'reported' || cell.value === null || !Number.isFinite(cell.value))
    return { value: cell.status === 'not-reported' ? '/' : '', note };
  // a percentage computed from a done-of-total ("149/150"): rounded to the row's two decimals, never "100,00" below 100
  if (row.kind.type === 'percent' && cell.decimals === null) return { value: formatRate(cell.value), note };
  let value = formatValue(cell.value, row.kind);
  if (value === '') value = formatNumber(cell.value);
  const written = /,(\d+)$/u.exec(value)?.[1]?.length ?? 0;
  if (cell.decimals !== null && cell.decimals > written && cell.decimals <= 6) value = formatFixed(cell.value, cell.decimals);
  return { value, note };
}

/** "42/57 đơn vị báo cáo": out of the round's agencies when the document knows them, else the reports counted. */
function coverageOf(row: ConsolidatedRow, roundAgencies?: number): string {
  return `${row.reported}/${roundAgencies ?? row.agencies} đơn vị báo cáo`;
}

function provinceCells(doc: ProvinceDocument, byId: ReadonlyMap<string, ConsolidatedRow>, row: TemplateRow): AppendixCells {
  const coverage = (r: ConsolidatedRow) => coverageOf(r, doc.roundAgencies);
  const c = byId.get(row.id);
  if (!c) return { value: '', note: '' };
  // a rate never rounds into 100 when it is below (99,996); a code prints its label (a coded responsible row)
  const value =
    c.value === null || c.method === 'text' || !Number.isFinite(c.value)
      ? ''
      : figureText(c.value, row.kind) || formatValue(c.value, row.kind) || formatNumber(c.value);
  // a heading row nobody reports needs no note
  if (row.group && c.reported === 0 && value === '') return { value, note: '' };
  const fmt = (v: number) => (row.kind.type === 'percent' ? formatRate(v) : formatNumber(v));
  switch (c.method) {
    case 'distribution': {
      const parts = (c.distribution ?? [])
        .filter((d) => d.agencies > 0)
        .sort((a, b) => b.agencies - a.agencies || b.code - a.code)
        .map((d) => `${d.label}: ${d.agencies}`);
      return { value, note: parts.length > 0 ? `${parts.join('; ')} (${coverage(c)})` : coverage(c) };
    }
    case 'spread': {
      const s = c.spread;
      if (s && s.min !== s.max) return { value, note: `Thấp nhất ${fmt(s.min)} – cao nhất ${fmt(s.max)} (${coverage(c)})` };
      return { value, note: coverage(c) };
    }
    case 'ratio':
      return {
        value,
        note:
          (c.parts ? `Tính từ tổng ${formatNumber(c.parts.numerator)}/${formatNumber(c.parts.denominator)} (${coverage(c)})` : coverage(c)) +
          (c.percentOnly ? `; ${c.percentOnly} đơn vị chỉ ghi tỷ lệ, không tính vào` : ''),
      };
    case 'responsible': {
      const name = c.responsibleAgency ? (doc.agencyNames.get(c.responsibleAgency) ?? c.responsibleAgency) : null;
      return { value, note: name ? `Số liệu của ${name}` : 'Chưa có đơn vị chịu trách nhiệm báo cáo' };
    }
    case 'sum':
    case 'text':
      return { value, note: coverage(c) };
  }
}

function appendixCaption(doc: OfficialDocument): string {
  const type = doc.header.numberType ?? (doc.header.agencyCode ? `BC-${doc.header.agencyCode}` : 'BC');
  const number = doc.header.number?.trim() ? `${doc.header.number.trim()}/${type}` : `      /${type}`;
  const m = doc.header.date ? /^(\d{4})-(\d{2})-(\d{2})$/u.exec(doc.header.date) : null;
  const date = m ? `${Number(m[3])}/${Number(m[2])}/${m[1]}` : `     /     /${doc.period?.year ?? '     '}`;
  return `(Kèm theo Báo cáo số ${number} ngày ${date} của ${doc.header.agency.replace(/\s*\n\s*/gu, ' ')})`;
}

function appendixChildren(doc: OfficialDocument, textWidth: number, columns: AppendixColumn[]): (Paragraph | Table)[] {
  const widths = fitWidths(columns, textWidth);
  const out: (Paragraph | Table)[] = [
    para(doc.kind === 'province' && doc.annexes ? 'PHỤ LỤC I' : 'PHỤ LỤC', { align: AlignmentType.CENTER, bold: true, size: 14 }),
    para('THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH', { align: AlignmentType.CENTER, bold: true, size: 13 }),
    para(appendixCaption(doc), { align: AlignmentType.CENTER, italics: true, size: 13, after: 240 }),
  ];
  let cellsOf: (row: TemplateRow) => AppendixCells;
  if (doc.kind === 'agency') {
    cellsOf = (row) => agencyValueText(doc, row);
  } else {
    const byId = new Map(doc.consolidated.rows.map((r) => [r.rowId, r]));
    cellsOf = (row) => provinceCells(doc, byId, row);
  }
  const rows = [...doc.template.rows].sort((a, b) => a.order - b.order);
  const numbered = doc.template.forms.filter((f) => f.number !== null);
  if (numbered.length === 0) {
    out.push(appendixTable(columns, widths, rows, cellsOf));
    return out;
  }
  numbered.forEach((form, i) => {
    out.push(
      new Paragraph({
        children: [run(`Biểu mẫu ${form.number}`, { bold: true, size: 13 }), new TextRun({ break: 1 }), run(form.title, { bold: true, size: 13 })],
        alignment: AlignmentType.CENTER,
        spacing: { before: i === 0 ? 0 : 240, after: 120 },
        keepNext: true,
        run: { font: FONT, size: pt(13) },
      }),
    );
    out.push(
      appendixTable(
        columns,
        widths,
        rows.filter((r) => r.form === form.number),
        cellsOf,
      ),
    );
  });
  // rows of no listed form (should not happen in a valid template) still print
  const orphans = rows.filter((r) => !numbered.some((f) => f.number === r.form));
  if (orphans.length > 0) out.push(para(''), appendixTable(columns, widths, orphans, cellsOf));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The document

function pageNumberHeader(): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: pt(13), color: '000000' })],
      }),
    ],
  });
}

const margin = { ...MARGINS, header: HEADER_DISTANCE, footer: FOOTER_DISTANCE, gutter: 0 };

// ---------------------------------------------------------------------------------------------------------------
// The province report's annexes: agencies that did not report or reported late; rankings

function simpleTable(titles: readonly string[], natural: readonly number[], rows: readonly string[][], aligns: readonly Align[]): Table {
  const total = natural.reduce((a, b) => a + b, 0);
  const widths = natural.map((w) => Math.floor((w * PORTRAIT_TEXT_WIDTH) / total));
  widths[widths.length - 1] = PORTRAIT_TEXT_WIDTH - widths.slice(0, -1).reduce((a, b) => a + b, 0);
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: titles.map((t, i) => gridCell(t, widths[i]!, { bold: true, align: AlignmentType.CENTER })),
  });
  const body = rows.map(
    (cells) =>
      new TableRow({ cantSplit: true, children: cells.map((text, i) => gridCell(text, widths[i]!, { align: aligns[i] ?? AlignmentType.LEFT })) }),
  );
  return new Table({
    width: { size: PORTRAIT_TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: GRID_BORDERS,
    margins: CELL_MARGINS,
    rows: [header, ...body],
  });
}

function annexChildren(doc: ProvinceDocument, annexes: NonNullable<ProvinceDocument['annexes']>): (Paragraph | Table)[] {
  const caption = appendixCaption(doc);
  const out: (Paragraph | Table)[] = [
    para('PHỤ LỤC II', { align: AlignmentType.CENTER, bold: true, size: 14 }),
    para('DANH SÁCH CƠ QUAN, ĐƠN VỊ CHƯA BÁO CÁO HOẶC BÁO CÁO MUỘN', { align: AlignmentType.CENTER, bold: true, size: 13 }),
    para(caption, { align: AlignmentType.CENTER, italics: true, size: 13, after: 240 }),
  ];
  if (annexes.missing.length === 0) out.push(para('Tất cả cơ quan, đơn vị đã gửi báo cáo đúng hạn.', { align: AlignmentType.CENTER, size: 13 }));
  else {
    out.push(
      simpleTable(
        ['STT', 'Cơ quan, đơn vị', 'Tình trạng'],
        [700, 5200, 3400],
        annexes.missing.map((m, i) => [String(i + 1), m.name, m.state]),
        [AlignmentType.CENTER, AlignmentType.LEFT, AlignmentType.LEFT],
      ),
    );
  }
  if (annexes.rankings.length > 0) {
    out.push(
      para('PHỤ LỤC III', { align: AlignmentType.CENTER, bold: true, size: 14, pageBreakBefore: true }),
      para('XẾP HẠNG CÁC CƠ QUAN, ĐƠN VỊ THEO MỘT SỐ CHỈ TIÊU', { align: AlignmentType.CENTER, bold: true, size: 13 }),
      para(caption, { align: AlignmentType.CENTER, italics: true, size: 13, after: 240 }),
    );
    annexes.rankings.forEach((ranking, i) => {
      out.push(
        para(`${i + 1}. ${ranking.title}${ranking.unit ? ` (${ranking.unit})` : ''}`, {
          bold: true,
          size: 13,
          before: 240,
          after: 120,
          keepNext: true,
        }),
      );
      out.push(
        simpleTable(
          ['Hạng', 'Cơ quan, đơn vị', 'Số liệu'],
          [900, 6000, 2400],
          ranking.entries.map((e) => [e.rank === null ? '' : String(e.rank), e.name, e.value || 'Không báo cáo']),
          [AlignmentType.CENTER, AlignmentType.LEFT, AlignmentType.CENTER],
        ),
      );
    });
  }
  return out;
}

export async function renderDocx(doc: OfficialDocument): Promise<Uint8Array> {
  const needsNote = doc.kind === 'province' || [...doc.values.values()].some((c) => (c.note ?? '').trim() !== '');
  const columns = appendixColumns(doc.template, needsNote);
  const landscape = appendixIsLandscape(columns);

  const main: ISectionOptions = {
    properties: {
      page: { size: { width: A4.width, height: A4.height, orientation: PageOrientation.PORTRAIT }, margin },
      titlePage: true,
    },
    headers: { default: pageNumberHeader(), first: new Header({ children: [new Paragraph({ children: [] })] }) },
    children: [
      headerBlock(doc.header, doc.period?.year ?? null),
      para('BÁO CÁO', { align: AlignmentType.CENTER, bold: true, size: 14, before: 360 }),
      para(doc.title, { align: AlignmentType.CENTER, bold: true, size: 14 }),
      rule(PORTRAIT_TEXT_WIDTH, 2000),
      para('', { after: 120 }),
      ...narrative(doc.sections),
      closingBlock(doc),
    ],
  };
  const appendix: ISectionOptions = {
    properties: {
      type: SectionType.NEXT_PAGE,
      page: {
        size: { width: A4.width, height: A4.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
        margin,
      },
      titlePage: false,
    },
    headers: { default: pageNumberHeader() },
    children: appendixChildren(doc, landscape ? LANDSCAPE_TEXT_WIDTH : PORTRAIT_TEXT_WIDTH, columns),
  };

  const document = new Document({
    creator: doc.header.agency,
    title: doc.title,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: pt(13), color: '000000' },
          paragraph: { spacing: { before: 0, after: 0, line: 240 } },
        },
      },
      paragraphStyles: [
        {
          id: CELL_STYLE,
          name: 'CCHC appendix cell',
          basedOn: 'Normal',
          run: { font: FONT, size: pt(TABLE_SIZE), color: '000000' },
          paragraph: { spacing: { before: 0, after: 0, line: 240 } },
        },
      ],
    },
    sections: [
      main,
      appendix,
      ...(doc.kind === 'province' && doc.annexes
        ? [
            {
              properties: {
                type: SectionType.NEXT_PAGE,
                page: { size: { width: A4.width, height: A4.height, orientation: PageOrientation.PORTRAIT }, margin },
                titlePage: false,
              },
              headers: { default: pageNumberHeader() },
              children: annexChildren(doc, doc.annexes),
            } satisfies ISectionOptions,
          ]
        : []),
    ],
  });
  return Packer.pack(document, 'uint8array');
}
