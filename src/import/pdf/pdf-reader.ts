/**
 * Reads a text PDF (a report exported from Word or LibreOffice, as agencies publish signed reports) into the
 * format-independent SourceDocument with pdf.js (pdfjs-dist's legacy build, for Node): per page the text items with
 * their positions and the ruled lines drawn (table borders), rebuilt into paragraphs and tables by pdf-layout.ts. Each
 * page's piece of a table is its own grid: the appendix extraction resumes a table across a page break, drops the
 * header repeated on each page and joins a row cut by the break, as it does for the other formats.
 *
 * A PDF with no text layer (a scan) is refused with a message saying so (recognising scanned text is a later step);
 * a broken or password-protected PDF, or one of too many pages, is refused with an ImportError.
 */
import { getDocument, OPS, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ImportError } from '../import-error.js';
import type { GridRow, SourceBlock, SourceDocument } from '../source-document.js';
import { isHeaderRow } from '../appendix/appendix-tables.js';
import { brokenWord, layoutPage, type LayoutBlock, type PageContent, type Segment, type TextItem } from './pdf-layout.js';

/** More pages than this is no periodic report. */
export const MAX_PDF_PAGES = 500;
/** Fewer visible characters than this per page, on average, and the PDF has no usable text layer. */
const MIN_CHARS_PER_PAGE = 20;

export const SCANNED_PDF_VI =
  'Tệp PDF này là bản quét (chỉ có hình ảnh, không có lớp chữ) nên chưa đọc được số liệu: hệ thống chưa hỗ trợ nhận dạng chữ (OCR). ' +
  'Hãy dùng tệp PDF xuất trực tiếp từ Word, hoặc tệp .docx/.xlsx gốc của báo cáo.';

type Matrix = [number, number, number, number, number, number];

const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** pdf.js's path commands in a constructPath operation (DrawOPS). */
const MOVE_TO = 0;
const LINE_TO = 1;
const CURVE_TO = 2;
const QUAD_TO = 3;
const CLOSE = 4;

const STROKES = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
const FILLS = new Set<number>([OPS.fill, OPS.eoFill]);

function segment(ax: number, ay: number, bx: number, by: number): Segment {
  return { x1: Math.min(ax, bx), x2: Math.max(ax, bx), y1: Math.min(ay, by), y2: Math.max(ay, by) };
}

/** The ruled lines of a page: straight axis-aligned strokes, and filled rectangles thin enough to be a line. */
function segmentsOf(
  fnArray: readonly number[],
  argsArray: readonly unknown[],
  toPage: (x: number, y: number) => [number, number],
): { segments: Segment[]; images: number } {
  const segments: Segment[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  let images = 0;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, argsArray[i] as Matrix);
    else if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject || fn === OPS.paintImageMaskXObject) images++;
    else if (fn === OPS.constructPath) {
      const [paint, data] = argsArray[i] as [number, [ArrayLike<number> | null] | undefined];
      const stroke = STROKES.has(paint);
      if (!stroke && !FILLS.has(paint)) continue;
      const path = data?.[0];
      if (!path || typeof path.length !== 'number') continue;
      const point = (x: number, y: number) => toPage(...apply(ctm, x, y));
      let start: [number, number] | null = null;
      let at: [number, number] | null = null;
      let sub: [number, number][] = [];
      const endSubpath = () => {
        if (!stroke && sub.length >= 3) {
          const xs = sub.map((p) => p[0]);
          const ys = sub.map((p) => p[1]);
          const box = { x1: Math.min(...xs), x2: Math.max(...xs), y1: Math.min(...ys), y2: Math.max(...ys) };
          // a thin filled rectangle is a rule
          if (box.x2 - box.x1 <= 3 || box.y2 - box.y1 <= 3) segments.push(box);
        }
        sub = [];
      };
      for (let k = 0; k < path.length;) {
        const op = path[k]!;
        if (op === MOVE_TO) {
          endSubpath();
          at = start = point(path[k + 1]!, path[k + 2]!);
          sub.push(at);
          k += 3;
        } else if (op === LINE_TO) {
          const next = point(path[k + 1]!, path[k + 2]!);
          if (stroke && at && (Math.abs(next[0] - at[0]) < 0.5 || Math.abs(next[1] - at[1]) < 0.5))
            segments.push(segment(at[0], at[1], next[0], next[1]));
          at = next;
          sub.push(at);
          k += 3;
        } else if (op === CURVE_TO) {
          at = point(path[k + 5]!, path[k + 6]!);
          sub = [];
          k += 7;
        } else if (op === QUAD_TO) {
          at = point(path[k + 3]!, path[k + 4]!);
          sub = [];
          k += 5;
        } else if (op === CLOSE) {
          if (stroke && at && start && (Math.abs(start[0] - at[0]) < 0.5 || Math.abs(start[1] - at[1]) < 0.5))
            segments.push(segment(at[0], at[1], start[0], start[1]));
          at = start;
          k += 1;
        } else break;
      }
      endSubpath();
    }
  }
  return { segments, images };
}

interface RawTextItem {
  str: string;
  transform: number[];
  width: number;
}

interface PageBlocks {
  blocks: LayoutBlock[];
}

/** A paragraph that may stand between two pieces of a table: a page number, a footnote, "(tiếp theo)". */
const INTERLUDE = /^(?:<sup>|[¹²³⁴⁵⁶⁷⁸⁹⁰]|\(\s*\*+\s*\)|\*+\s|trang\s*\d|[-–]?\s*\d{1,3}\s*[-–]?$|\(?\s*tiếp\s+theo)/iu;
/** A line of 12-point text and its spacing, in points: how far above the bottom of the text area a cut row may stop. */
const LINE_PITCH = 14;

/**
 * A row cut by a page break, put back together: the first body row of a table that goes on at the top of a page (after
 * the header repeated there, if any), when its code cell is empty and it starts no list item, is the rest of the last
 * row of the table on the page before; its cells are appended to that row's. A row cut in the report itself (the
 * samples' format keeps such cuts) is left to the appendix extraction, as for every format.
 */
function joinRowsCutByPageBreaks(pages: PageBlocks[]): void {
  // the bottom of the text area, where a table cut by a page break stops
  const bottoms = pages.flatMap((page) => page.blocks.flatMap((b) => (b.type === 'table' ? [b.table.bottom] : [])));
  const areaBottom = bottoms.length > 0 ? Math.max(...bottoms) : 0;
  for (let p = 1; p < pages.length; p++) {
    const before = pages[p - 1]!.blocks;
    const lastTableAt = before.map((b) => b.type).lastIndexOf('table');
    if (lastTableAt < 0) continue;
    if (before.slice(lastTableAt + 1).some((b) => b.type === 'paragraph' && !INTERLUDE.test(b.text))) continue;
    const firstAt = pages[p]!.blocks.findIndex((b) => b.type === 'table' || !INTERLUDE.test(b.text));
    const first = pages[p]!.blocks[firstAt];
    if (!first || first.type !== 'table') continue;
    const previous = (before[lastTableAt] as Extract<LayoutBlock, { type: 'table' }>).table;
    const next = first.table;
    const last = previous.rows[previous.rows.length - 1];
    if (!last || last.length !== next.rows[0]?.length) continue;
    let at = 0;
    while (at < next.rows.length && isHeaderRow(next.rows[at]!.map((c) => c.join(' ')))) at++;
    const rest = next.rows[at];
    // the page before ended with a whole header, and the page goes on with the rest of it: nothing was cut here
    if (!rest || (at > 0 && isHeaderRow(last.map((c) => c.join(' '))))) continue;
    const cells = rest.map((c) => c.join(' ').trim());
    const label = cells[1] ?? '';
    // a header cut by the break ("Chỉ tiêu thống" / "kê (Sử dụng …)") is joined as any row
    // the code cell holds nothing of its own: empty, the rest of a cut code (".", "g đó" of "Trong đó")
    if (!/^(?:|[.,]|\p{Ll}.*)$/u.test(cells[0]!)) continue;
    // a piece starting with a dash is a new list item, unless the table ran to the bottom of the text area (the
    // sentence went on: "Từ UBND tỉnh" / "- 100% UBND cấp huyện")
    const lastCells = last.map((c) => c.join(' ').trim());
    // a cell goes on with a lowercase word or punctuation ("Văn" / "bản", "Chỉ tiêu thống" / "kê (Sử dụng …)")
    const goesOn = cells.some((c, i) => lastCells[i] !== '' && (/^[\p{Ll}.,;:)]/u.test(c) || (i === 1 && c.startsWith('('))));
    // only figures, under a label left on the page before
    const figuresOnly = label === '' && cells.some((c) => c !== '');
    // only more words of the label, the table having run to the bottom of the text area ("Từ UBND tỉnh" / "- 100% …")
    const labelOnly =
      label !== '' &&
      cells.every((c, i) => i === 1 || c === '') &&
      !/[.:;]$/u.test(lastCells[1] ?? '') &&
      areaBottom - previous.bottom < 1.2 * LINE_PITCH;
    if (!goesOn && !figuresOnly && !labelOnly) continue;
    previous.rows[previous.rows.length - 1] = last.map((paragraphs, i) => {
      const more = rest[i] ?? [];
      if (paragraphs.length === 0) return more;
      if (more.length === 0) return paragraphs;
      const end = paragraphs[paragraphs.length - 1]!;
      const glue = /^[.,;:%)]/u.test(more[0]!) || /[\p{L}\p{N}][-/]$/u.test(end) || brokenWord(end, more[0]!) ? '' : ' ';
      return [...paragraphs.slice(0, -1), `${end}${glue}${more[0]}`, ...more.slice(1)];
    });
    next.rows.splice(at, 1);
  }
}

/**
 * The pages' blocks in order. A table going on at the top of the next page with nothing between (page numbers aside)
 * stays one grid, as the DOCX reader keeps a table across a page break; with a footnote between, the pieces stay
 * apart and the appendix extraction resumes the table after it.
 */
function toSourceBlocks(pages: readonly PageBlocks[]): SourceBlock[] {
  const blocks: SourceBlock[] = [];
  let line = 0;
  let table = -1;
  let open: { rows: GridRow[]; width: number } | null = null;
  for (const [pageIndex, page] of pages.entries()) {
    const pageNumber = pageIndex + 1;
    for (const block of page.blocks) {
      if (block.type === 'paragraph') {
        if (/^(?:trang\s*)?[-–]?\s*\d{1,3}\s*[-–]?$/iu.test(block.text)) continue;
        blocks.push({ type: 'paragraph', paragraph: { text: block.text, at: { kind: 'line', line: ++line, page: pageNumber } } });
        open = null;
        continue;
      }
      if (block.table.rows.length === 0) continue;
      const width = block.table.rows[0]!.length;
      const target: { rows: GridRow[]; width: number } = open && open.width === width ? open : { rows: [], width };
      if (target !== open) {
        table++;
        blocks.push({ type: 'table', rows: target.rows });
      }
      for (const cells of block.table.rows) {
        target.rows.push({
          cells: cells.map((paragraphs) => paragraphs.join(' ')),
          at: { kind: 'cell', table, row: target.rows.length, page: pageNumber },
          ...(cells.some((p) => p.length > 1) ? { lines: cells } : {}),
        });
      }
      open = target;
    }
  }
  return blocks;
}

async function openPdf(bytes: Uint8Array, fileName: string): Promise<PDFDocumentProxy> {
  const task = getDocument({
    // pdf.js may take over the buffer it is given
    data: bytes.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    const detail = error instanceof Error ? error.message : String(error);
    if (name === 'PasswordException') {
      throw new ImportError(
        'unreadable',
        'Tệp PDF được đặt mật khẩu, không đọc được. Hãy gỡ mật khẩu rồi thử lại.',
        `${fileName}: password-protected PDF (${detail})`,
      );
    }
    throw new ImportError('unreadable', 'Tệp PDF bị hỏng hoặc không đúng định dạng.', `${fileName}: not a readable PDF (${name}: ${detail})`);
  }
}

async function pageContent(pdf: PDFDocumentProxy, number: number): Promise<PageContent & { images: number }> {
  const page = await pdf.getPage(number);
  const [x0, y0, x1, y1] = page.view as [number, number, number, number];
  const height = y1 - y0;
  // PDF space is bottom-up; the layout works top-down from the page's top left corner
  const toPage = (x: number, y: number): [number, number] => [x - x0, y1 - y];
  const text = await page.getTextContent();
  const items: TextItem[] = [];
  for (const raw of text.items as unknown[]) {
    const item = raw as Partial<RawTextItem>;
    if (typeof item.str !== 'string' || !Array.isArray(item.transform) || item.str.trim() === '') continue;
    const [a, b, c, d, e, f] = item.transform as Matrix;
    // upright text only (a rotated stamp or margin note is no part of the report's flow)
    if (Math.abs(b) > 0.01 || Math.abs(c) > 0.01 || a <= 0 || d <= 0) continue;
    const [x, y] = toPage(e, f);
    items.push({ text: item.str.normalize('NFC'), x, y, width: typeof item.width === 'number' ? item.width : 0, size: Math.abs(d) });
  }
  const ops = await page.getOperatorList();
  const { segments, images } = segmentsOf(ops.fnArray, ops.argsArray, toPage);
  page.cleanup();
  return { width: x1 - x0, height, items, segments, images };
}

export async function readPdfReport(bytes: Uint8Array, fileName: string): Promise<SourceDocument> {
  const pdf = await openPdf(bytes, fileName);
  try {
    if (pdf.numPages > MAX_PDF_PAGES) {
      throw new ImportError(
        'too-large',
        `Tệp PDF có ${pdf.numPages} trang (tối đa ${MAX_PDF_PAGES}), không phải một báo cáo định kỳ.`,
        `${fileName}: ${pdf.numPages} pages (limit ${MAX_PDF_PAGES})`,
      );
    }
    const pages: PageBlocks[] = [];
    let chars = 0;
    let images = 0;
    for (let number = 1; number <= pdf.numPages; number++) {
      let page: Awaited<ReturnType<typeof pageContent>>;
      try {
        page = await pageContent(pdf, number);
      } catch (error) {
        throw new ImportError(
          'unreadable',
          `Tệp PDF bị hỏng: không đọc được trang ${number}.`,
          `${fileName}: page ${number}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      images += page.images;
      for (const item of page.items) chars += item.text.replace(/\s+/gu, '').length;
      pages.push({ blocks: layoutPage(page) });
    }
    joinRowsCutByPageBreaks(pages);
    const blocks = toSourceBlocks(pages);
    if (chars < MIN_CHARS_PER_PAGE * pdf.numPages && chars < 200) {
      throw new ImportError(
        'unsupported',
        SCANNED_PDF_VI,
        `${fileName}: no text layer (${chars} characters on ${pdf.numPages} page(s), ${images} image(s)): a scanned PDF needs OCR`,
      );
    }
    return { source: fileName, format: 'pdf', blocks };
  } finally {
    await pdf.destroy();
  }
}
