/**
 * Reads a DOCX report into the format-independent SourceDocument: the paragraphs of the body in order, and each table
 * as a grid whose columns line up (a cell spanning N grid columns is followed by N − 1 empty cells, a vertically
 * merged continuation cell is empty), so appendix extraction works on it as on a text export; a cell holding several
 * paragraphs also keeps them apart (`lines`), for the header and signature blocks Word lays out in tables. Tables separated only
 * by empty paragraphs (a table cut at a page break) stay one grid, as the text reader keeps a table across blank lines.
 *
 * Text typed in the old Vietnamese fonts (TCVN3 ".VnTime"/".VnTimeH", VNI "VNI-Times") is converted to Unicode NFC,
 * each run by its font: its own w:rFonts, else its character style's, else its paragraph style's, else the document
 * default (word/styles.xml).
 *
 * The zip is checked from its central directory before anything is inflated (see archive-limits.ts), and
 * word/document.xml (and word/styles.xml) are inflated with their real size capped. The XML is parsed with the small
 * parser in xml-lite.ts (a DOM parser took most of the time of an import).
 */
import type JSZip from 'jszip';
import { archiveLimits, checkArchive, openArchive, readArchiveEntry, type ArchiveLimits } from '../archive-limits.js';
import { ImportError } from '../import-report.js';
import { decodeInFont } from '../legacy-encodings.js';
import type { GridRow, SourceBlock, SourceDocument } from '../source-document.js';
import { XmlError, attributeNamespace, parseXml, textContent, type XmlElement } from './xml-lite.js';

const UNREADABLE_VI = 'Tệp DOCX bị hỏng hoặc không đúng định dạng.';
const DOCUMENT_PART = 'word/document.xml';
const STYLES_PART = 'word/styles.xml';

/** WordprocessingML main namespaces: transitional (what Word writes) and strict. */
const W_NAMESPACES = new Set(['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main']);
const MC_NAMESPACE = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

/** Nested tables deeper than this are read as plain text without looking at their structure. */
const MAX_TABLE_DEPTH = 16;

type Element = XmlElement;

function isW(node: Element, localName: string): boolean {
  return node.local === localName && W_NAMESPACES.has(node.ns);
}

function isMc(node: Element, localName: string): boolean {
  return node.local === localName && node.ns === MC_NAMESPACE;
}

function childElements(node: Element): Element[] {
  const out: Element[] = [];
  for (const child of node.children) if (typeof child !== 'string') out.push(child);
  return out;
}

/** A w: attribute of an element by its local name, or null. */
function wAttribute(element: Element, localName: string): string | null {
  for (const [name, value] of Object.entries(element.attrs)) {
    const colon = name.indexOf(':');
    if (colon >= 0 && name.slice(colon + 1) === localName && W_NAMESPACES.has(attributeNamespace(element, name))) return value;
  }
  return null;
}

/** The w:val of a child property element (w:gridSpan, w:vMerge …), or undefined when the child is absent, null when it has no w:val. */
function propertyValue(properties: Element | undefined, localName: string): string | null | undefined {
  if (!properties) return undefined;
  const element = childElements(properties).find((e) => isW(e, localName));
  if (!element) return undefined;
  return wAttribute(element, 'val') || null;
}

function count(value: string | null | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 1_000) : 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Fonts: text typed in a legacy Vietnamese font (.VnTime, VNI-Times) is converted to Unicode

/** The font of a run property element's w:rFonts (the ASCII slot, which is where 8-bit fonts' text goes). */
function rFontsName(rPr: Element | undefined): string | undefined {
  const rFonts = rPr ? childElements(rPr).find((e) => isW(e, 'rFonts')) : undefined;
  if (!rFonts) return undefined;
  return wAttribute(rFonts, 'ascii') ?? wAttribute(rFonts, 'hAnsi') ?? wAttribute(rFonts, 'cs') ?? undefined;
}

/** The fonts that styles give: per style id (following w:basedOn), the default paragraph style's and the document default. */
class Fonts {
  private readonly styles = new Map<string, { font?: string; basedOn?: string }>();
  private defaultFont: string | undefined;
  private defaultParagraphStyle: string | undefined;

  constructor(stylesRoot: Element | null) {
    if (!stylesRoot) return;
    for (const element of childElements(stylesRoot)) {
      if (isW(element, 'docDefaults')) {
        const rPrDefault = childElements(element).find((e) => isW(e, 'rPrDefault'));
        this.defaultFont = rFontsName(rPrDefault && childElements(rPrDefault).find((e) => isW(e, 'rPr')));
      } else if (isW(element, 'style')) {
        const id = wAttribute(element, 'styleId');
        if (!id) continue;
        const children = childElements(element);
        const basedOn = children.find((e) => isW(e, 'basedOn'));
        this.styles.set(id, {
          font: rFontsName(children.find((e) => isW(e, 'rPr'))),
          basedOn: basedOn ? (wAttribute(basedOn, 'val') ?? undefined) : undefined,
        });
        if (wAttribute(element, 'type') === 'paragraph' && ['1', 'true', 'on'].includes(wAttribute(element, 'default') ?? ''))
          this.defaultParagraphStyle = id;
      }
    }
  }

  /** The font a style gives, through its w:basedOn chain; undefined when none does. */
  styleFont(id: string | null | undefined): string | undefined {
    for (let depth = 0; id && depth < 32; depth += 1) {
      const style = this.styles.get(id);
      if (!style) return undefined;
      if (style.font) return style.font;
      id = style.basedOn;
    }
    return undefined;
  }

  /** The font of a paragraph's runs when they name none: the paragraph style's, else the defaults. */
  paragraphFont(p: Element): string | undefined {
    const pPr = childElements(p).find((e) => isW(e, 'pPr'));
    return (
      this.styleFont(propertyValue(pPr, 'pStyle') ?? this.defaultParagraphStyle) ?? this.styleFont(this.defaultParagraphStyle) ?? this.defaultFont
    );
  }

  /** A run's font: its own w:rFonts, else its character style's, else the paragraph's. */
  runFont(r: Element, paragraphFont: string | undefined): string | undefined {
    const rPr = childElements(r).find((e) => isW(e, 'rPr'));
    return rFontsName(rPr) ?? this.styleFont(propertyValue(rPr, 'rStyle')) ?? paragraphFont;
  }
}

/** Reading context: fonts are only looked at when the document names a legacy font somewhere. */
interface Context {
  fonts: Fonts | null;
}

/**
 * The text of a run container (a paragraph, or anything inside one), in document order:
 * w:t text, w:tab → tab, w:br / w:cr → space, w:noBreakHyphen → "-". Properties, deleted text, field
 * instructions and the fallback half of mc:AlternateContent are skipped. Text in a legacy font is converted.
 */
function runText(root: Element, context: Context, font?: string): string {
  let text = '';
  if (context.fonts && isW(root, 'p')) font = context.fonts.paragraphFont(root);
  const stack: { node: Element; font: string | undefined }[] = [{ node: root, font }];
  while (stack.length > 0) {
    const { node, font: current } = stack.pop()!;
    if (isW(node, 't')) {
      const t = textContent(node);
      text += context.fonts ? decodeInFont(t, current) : t;
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
    let childFont = current;
    if (isW(node, 'r') && context.fonts) childFont = context.fonts.runFont(node, current);
    // a superscript run ("VBQPPL¹"): kept as <sup>…</sup>, as text exports write it, so cleaning drops footnote marks
    if (isW(node, 'r') && node !== root && isSuperscript(node)) {
      const inner = runText(node, context, childFont);
      if (inner.trim()) text += `<sup>${inner}</sup>`;
      continue;
    }
    if (isW(node, 'p') && node !== root) {
      // a paragraph inside a text box inside this paragraph: keep it apart from its neighbours
      text += ' ';
      if (context.fonts) childFont = context.fonts.paragraphFont(node);
    }
    if (
      isW(node, 'pPr') ||
      isW(node, 'rPr') ||
      isW(node, 'delText') ||
      isW(node, 'instrText') ||
      isW(node, 'del') ||
      isW(node, 'moveFrom') ||
      isMc(node, 'Fallback')
    )
      continue;
    if (isW(node, 'tabs')) continue; // tab stop definitions, not tab characters
    const children = childElements(node);
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push({ node: children[i]!, font: childFont });
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

function paragraphText(p: Element, context: Context): string {
  return runText(p, context).trim();
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

/** The paragraphs of a cell (empty ones dropped), a nested table's rows as one line each. */
function cellLines(tc: Element, depth: number, context: Context): string[] {
  const pieces: string[] = [];
  for (const block of blockElements(tc)) {
    if (isW(block, 'p')) {
      const text = paragraphText(block, context);
      if (text) pieces.push(text);
    } else if (depth >= MAX_TABLE_DEPTH) {
      const text = runText(block, context).replace(/\s+/gu, ' ').trim();
      if (text) pieces.push(text);
    } else {
      for (const row of tableRows(block, depth + 1, context)) {
        const text = row.filter((c) => c.trim() !== '').join(' ');
        if (text) pieces.push(text);
      }
    }
  }
  return pieces;
}

/** A table's rows as cells aligned on the table grid. */
function tableRows(tbl: Element, depth: number, context: Context): string[][] {
  return tableGrid(tbl, depth, context).map((row) => row.map((lines) => lines.join(' ')));
}

/** A table's rows as cells aligned on the table grid, each cell as its paragraphs. */
function tableGrid(tbl: Element, depth: number, context: Context): string[][][] {
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
      cells.push(continuation ? [] : cellLines(tc, depth, context));
      for (let i = count(propertyValue(tcPr, 'gridSpan')) - 1; i > 0; i -= 1) cells.push([]);
    }
    for (let i = count(propertyValue(trPr, 'gridAfter')); i > 0; i -= 1) cells.push([]);
    rows.push(cells);
  }
  return rows;
}

function decodeXml(bytes: Uint8Array): string {
  const xml = bytes[0] === 0xff && bytes[1] === 0xfe ? new TextDecoder('utf-16le').decode(bytes) : new TextDecoder('utf-8').decode(bytes);
  return xml.replace(/^\uFEFF/u, '');
}

/** Of the property elements, the children this reader looks at; the rest (borders, spacing, sizes…) is never built. */
const KEPT_PROPERTIES: Record<string, ReadonlySet<string>> = {
  pPr: new Set(['pStyle']),
  rPr: new Set(['rFonts', 'rStyle', 'vertAlign', 'position']),
  tcPr: new Set(['gridSpan', 'vMerge', 'hMerge']),
  trPr: new Set(['gridBefore', 'gridAfter']),
};
/** Elements never looked at, wherever they are. */
const DROPPED = new Set(['tblPr', 'tblGrid', 'tblPrEx', 'sectPr', 'proofErr', 'bookmarkStart', 'bookmarkEnd', 'lastRenderedPageBreak', 'rsid']);

function keepElement(parent: Element | undefined, local: string): boolean {
  if (!parent) return true;
  if (DROPPED.has(local)) return false;
  const kept = KEPT_PROPERTIES[parent.local];
  return kept === undefined || kept.has(local);
}

function parseDocumentXml(xml: string, source: string): Element {
  const root = parseXml(xml, keepElement);
  const body = isW(root, 'document') ? childElements(root).find((e) => isW(e, 'body')) : undefined;
  if (!body) throw new ImportError('unreadable', UNREADABLE_VI, `${source}: ${DOCUMENT_PART} has no w:document/w:body`);
  return body;
}

/** A legacy Vietnamese font named anywhere (".VnTime", "VNI-Times"): only then are run fonts looked at. */
const LEGACY_FONT_NAME = /["'](?:\.vn|vni[-\s])/iu;

/** Paragraphs in order (provenance: the paragraph's number in the body, as a line) and tables as grids. */
function readBody(body: Element, source: string, context: Context): SourceDocument {
  const blocks: SourceBlock[] = [];
  let table: GridRow[] | null = null;
  let tableIndex = 0;
  let paragraphNumber = 0;
  for (const block of blockElements(body)) {
    if (isW(block, 'p')) {
      paragraphNumber += 1;
      const text = paragraphText(block, context);
      if (text === '') continue; // an empty paragraph (or a page break) does not end a table
      table = null;
      blocks.push({ type: 'paragraph', paragraph: { text, at: { kind: 'line', line: paragraphNumber } } });
      continue;
    }
    const rows = tableGrid(block, 0, context);
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

/** `opened`: the archive already opened from these bytes (by `readReport`), so its directory is not read twice. */
export async function readDocxReport(bytes: Uint8Array, source: string, limits?: Partial<ArchiveLimits>, opened?: JSZip): Promise<SourceDocument> {
  const effective = archiveLimits(limits);
  const zip = opened ?? (await openArchive(bytes, UNREADABLE_VI, source));
  checkArchive(zip, effective);
  if (!zip.file(DOCUMENT_PART)) {
    throw new ImportError('unreadable', UNREADABLE_VI, `${source}: the archive has no ${DOCUMENT_PART} (not a DOCX)`);
  }
  const xml = decodeXml(await readArchiveEntry(zip, DOCUMENT_PART, effective));
  let doc: SourceDocument;
  try {
    const body = parseDocumentXml(xml, source);
    let stylesXml = '';
    if (zip.file(STYLES_PART)) stylesXml = decodeXml(await readArchiveEntry(zip, STYLES_PART, effective));
    const legacy = LEGACY_FONT_NAME.test(xml) || LEGACY_FONT_NAME.test(stylesXml);
    // broken styles only cost the font information, never the document
    let styles: Element | null = null;
    if (legacy && stylesXml) {
      try {
        styles = parseXml(stylesXml);
      } catch {
        styles = null;
      }
    }
    doc = readBody(body, source, { fonts: legacy ? new Fonts(styles) : null });
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(
      'unreadable',
      UNREADABLE_VI,
      `${source}: ${DOCUMENT_PART} is not well-formed (${error instanceof XmlError || error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (doc.blocks.length === 0) throw new ImportError('empty', 'Tệp không có nội dung.', `${source}: the document body is empty`);
  return doc;
}
