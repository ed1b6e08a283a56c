/**
 * Reads a DOCX report into the format-independent SourceDocument: the paragraphs of the body in order, and each table
 * as a grid whose columns line up (a cell spanning N grid columns is followed by N − 1 empty cells, a vertically
 * merged continuation cell is empty), so appendix extraction works on it as on a text export; a cell holding several
 * paragraphs also keeps them apart (`lines`), for the header and signature blocks Word lays out in tables. Tables separated only
 * by empty paragraphs (a table cut at a page break) stay one grid, as the text reader keeps a table across blank lines.
 *
 * The zip is checked from its central directory before anything is inflated (see archive-limits.ts), and
 * word/document.xml is inflated with its real size capped.
 */
import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { archiveLimits, checkArchive, openArchive, readArchiveEntry, type ArchiveLimits } from '../archive-limits.js';
import { ImportError } from '../import-report.js';
import type { GridRow, SourceBlock, SourceDocument } from '../source-document.js';

const UNREADABLE_VI = 'Tệp DOCX bị hỏng hoặc không đúng định dạng.';
const DOCUMENT_PART = 'word/document.xml';

/** WordprocessingML main namespaces: transitional (what Word writes) and strict. */
const W_NAMESPACES = new Set(['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main']);
const MC_NAMESPACE = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

/** Nested tables deeper than this are read as plain text without looking at their structure. */
const MAX_TABLE_DEPTH = 16;

const ELEMENT_NODE = 1;

function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}

function isW(node: Node, localName: string): node is Element {
  return isElement(node) && node.localName === localName && W_NAMESPACES.has(node.namespaceURI ?? '');
}

function isMc(node: Node, localName: string): node is Element {
  return isElement(node) && node.localName === localName && node.namespaceURI === MC_NAMESPACE;
}

function childElements(node: Node): Element[] {
  const out: Element[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (isElement(child)) out.push(child);
  return out;
}

/** The w:val of a child property element (w:gridSpan, w:vMerge …), or undefined when the child is absent, null when it has no w:val. */
function propertyValue(properties: Element | undefined, localName: string): string | null | undefined {
  if (!properties) return undefined;
  const element = childElements(properties).find((e) => isW(e, localName));
  if (!element) return undefined;
  for (const ns of W_NAMESPACES) {
    const value = element.getAttributeNS(ns, 'val');
    if (value !== null && value !== '') return value;
  }
  return element.getAttribute('w:val') || null;
}

function count(value: string | null | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 1_000) : 0;
}

/**
 * The text of a run container (a paragraph, or anything inside one), in document order, without recursion:
 * w:t text, w:tab → tab, w:br / w:cr → space, w:noBreakHyphen → "-". Properties, deleted text, field
 * instructions and the fallback half of mc:AlternateContent are skipped.
 */
function runText(root: Element): string {
  let text = '';
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!isElement(node)) continue;
    if (isW(node, 't')) {
      text += node.textContent ?? '';
      continue;
    }
    if (isW(node, 'tab')) {
      text += '\t';
      continue;
    }
    if (isW(node, 'br') || isW(node, 'cr')) {
      text += ' ';
      continue;
    }
    if (isW(node, 'noBreakHyphen')) {
      text += '-';
      continue;
    }
    // footnote and endnote references: the mark is not part of the text
    if (isW(node, 'footnoteReference') || isW(node, 'endnoteReference')) continue;
    // a superscript run ("VBQPPL¹"): kept as <sup>…</sup>, as text exports write it, so cleaning drops footnote marks
    if (isW(node, 'r') && node !== root && isSuperscript(node)) {
      const inner = runText(node);
      if (inner.trim()) text += `<sup>${inner}</sup>`;
      continue;
    }
    if (isW(node, 'p') && node !== root) {
      // a paragraph inside a text box inside this paragraph: keep it apart from its neighbours
      text += ' ';
    }
    if (isW(node, 'pPr') || isW(node, 'rPr') || isW(node, 'delText') || isW(node, 'instrText') || isW(node, 'del') || isW(node, 'moveFrom') || isMc(node, 'Fallback')) continue;
    if (isW(node, 'tabs')) continue; // tab stop definitions, not tab characters
    const children = childElements(node);
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
  }
  return text;
}

function isSuperscript(run: Element): boolean {
  const properties = childElements(run).find((e) => isW(e, 'rPr'));
  if (propertyValue(properties, 'vertAlign') === 'superscript') return true;
  // LibreOffice writes superscript as raised text (w:position in half-points)
  const raised = Number(propertyValue(properties, 'position'));
  return Number.isFinite(raised) && raised > 0;
}

function paragraphText(p: Element): string {
  return runText(p).trim();
}

/** Block-level content (body, cell, content control…) as a sequence of w:p and w:tbl elements, unwrapping containers. */
function blockElements(container: Element): Element[] {
  const out: Element[] = [];
  const stack: Element[] = childElements(container).reverse();
  while (stack.length > 0) {
    const element = stack.pop()!;
    if (isW(element, 'p') || isW(element, 'tbl')) {
      out.push(element);
      continue;
    }
    // w:sdt → w:sdtContent, w:customXml, w:ins, w:moveTo, w:smartTag…: look inside; skip properties and deleted content
    if (
      isW(element, 'sectPr') ||
      isW(element, 'sdtPr') ||
      isW(element, 'sdtEndPr') ||
      isW(element, 'tblPr') ||
      isW(element, 'tcPr') ||
      isW(element, 'del') ||
      isW(element, 'moveFrom') ||
      isMc(element, 'Fallback')
    ) {
      continue;
    }
    const children = childElements(element);
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
  }
  return out;
}

/** Children of a table or row that are rows or cells, looking through content controls and custom XML. */
function structuralChildren(parent: Element, localName: 'tr' | 'tc'): Element[] {
  const out: Element[] = [];
  const stack: Element[] = childElements(parent).reverse();
  while (stack.length > 0) {
    const element = stack.pop()!;
    if (isW(element, localName)) {
      out.push(element);
      continue;
    }
    if (isW(element, 'sdt') || isW(element, 'sdtContent') || isW(element, 'customXml') || isW(element, 'ins') || isW(element, 'moveTo')) {
      const children = childElements(element);
      for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
    }
  }
  return out;
}

/** The text of a cell: its paragraphs joined with spaces; a nested table flattened row by row into the same text. */
function cellText(tc: Element, depth: number): string {
  return cellLines(tc, depth).join(' ');
}

/** The paragraphs of a cell (empty ones dropped), a nested table's rows as one line each. */
function cellLines(tc: Element, depth: number): string[] {
  const pieces: string[] = [];
  for (const block of blockElements(tc)) {
    if (isW(block, 'p')) {
      const text = paragraphText(block);
      if (text) pieces.push(text);
    } else if (depth >= MAX_TABLE_DEPTH) {
      const text = runText(block).replace(/\s+/gu, ' ').trim();
      if (text) pieces.push(text);
    } else {
      for (const row of tableRows(block, depth + 1)) {
        const text = row.filter((c) => c.trim() !== '').join(' ');
        if (text) pieces.push(text);
      }
    }
  }
  return pieces;
}

/** A table's rows as cells aligned on the table grid. */
function tableRows(tbl: Element, depth: number): string[][] {
  return tableGrid(tbl, depth).map((row) => row.map((lines) => lines.join(' ')));
}

/** A table's rows as cells aligned on the table grid, each cell as its paragraphs. */
function tableGrid(tbl: Element, depth: number): string[][][] {
  const rows: string[][][] = [];
  for (const tr of structuralChildren(tbl, 'tr')) {
    const trPr = childElements(tr).find((e) => isW(e, 'trPr'));
    const cells: string[][] = [];
    for (let i = count(propertyValue(trPr, 'gridBefore')); i > 0; i -= 1) cells.push([]);
    for (const tc of structuralChildren(tr, 'tc')) {
      const tcPr = childElements(tc).find((e) => isW(e, 'tcPr'));
      const vMerge = propertyValue(tcPr, 'vMerge');
      const hMerge = propertyValue(tcPr, 'hMerge');
      const continuation = (vMerge !== undefined && vMerge !== 'restart') || (hMerge !== undefined && hMerge !== 'restart');
      cells.push(continuation ? [] : cellLines(tc, depth));
      for (let i = count(propertyValue(tcPr, 'gridSpan')) - 1; i > 0; i -= 1) cells.push([]);
    }
    for (let i = count(propertyValue(trPr, 'gridAfter')); i > 0; i -= 1) cells.push([]);
    rows.push(cells);
  }
  return rows;
}

function parseDocumentXml(bytes: Uint8Array, source: string): Element {
  let xml: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) xml = new TextDecoder('utf-16le').decode(bytes);
  else xml = new TextDecoder('utf-8').decode(bytes);
  xml = xml.replace(/^\uFEFF/u, '');
  const parser = new DOMParser({
    locator: false,
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(message);
    },
  });
  const doc = parser.parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  const body = root && isW(root, 'document') ? childElements(root).find((e) => isW(e, 'body')) : undefined;
  if (!body) throw new ImportError('unreadable', UNREADABLE_VI, `${source}: ${DOCUMENT_PART} has no w:document/w:body`);
  return body;
}

/** Paragraphs in order (provenance: the paragraph's number in the body, as a line) and tables as grids. */
function readBody(body: Element, source: string): SourceDocument {
  const blocks: SourceBlock[] = [];
  let table: GridRow[] | null = null;
  let tableIndex = 0;
  let paragraphNumber = 0;
  for (const block of blockElements(body)) {
    if (isW(block, 'p')) {
      paragraphNumber += 1;
      const text = paragraphText(block);
      if (text === '') continue; // an empty paragraph (or a page break) does not end a table
      table = null;
      blocks.push({ type: 'paragraph', paragraph: { text, at: { kind: 'line', line: paragraphNumber } } });
      continue;
    }
    const rows = tableGrid(block, 0);
    if (rows.length > 0) {
      if (!table) {
        table = [];
        blocks.push({ type: 'table', rows: table });
      }
      for (const [row, lines] of rows.entries()) {
        const grid: GridRow = { cells: lines.map((l) => l.join(' ')), at: { kind: 'cell', table: tableIndex, row } };
        // a cell of several paragraphs (a layout table's "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / name) keeps them apart
        if (lines.some((l) => l.length > 1)) grid.lines = lines;
        table.push(grid);
      }
    }
    tableIndex += 1;
  }
  return { source, format: 'docx', blocks };
}

export async function readDocxReport(bytes: Uint8Array, source: string, limits?: Partial<ArchiveLimits>): Promise<SourceDocument> {
  const effective = archiveLimits(limits);
  const zip = await openArchive(bytes, UNREADABLE_VI, source);
  checkArchive(zip, effective);
  if (!zip.file(DOCUMENT_PART)) {
    throw new ImportError('unreadable', UNREADABLE_VI, `${source}: the archive has no ${DOCUMENT_PART} (not a DOCX)`);
  }
  const xml = await readArchiveEntry(zip, DOCUMENT_PART, effective);
  let doc: SourceDocument;
  try {
    doc = readBody(parseDocumentXml(xml, source), source);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError('unreadable', UNREADABLE_VI, `${source}: ${DOCUMENT_PART} is not well-formed (${error instanceof Error ? error.message : String(error)})`);
  }
  if (doc.blocks.length === 0) throw new ImportError('empty', 'Tệp không có nội dung.', `${source}: the document body is empty`);
  return doc;
}
