/**
 * Rebuilds a PDF page's paragraphs and tables from the positions of its text and the lines drawn on it: pure geometry,
 * no pdf.js (pdf-reader.ts extracts the items and segments). A table is a set of ruled lines that touch one another
 * (cell borders, drawn as strokes or as thin filled rectangles); its rows and columns are the distinct positions of
 * those lines, and each piece of text goes to the cell its centre falls in. Text outside tables is gathered into lines
 * (by baseline; a raised smaller run is a superscript, kept as <sup>…</sup> as text exports write it) and lines into
 * paragraphs (by the spacing between them, a first-line indent, or a line that stops short of the right margin).
 * Coordinates are top-down: y grows towards the bottom of the page.
 */

export interface TextItem {
  text: string;
  /** Left edge. */
  x: number;
  /** Baseline, from the top of the page. */
  y: number;
  width: number;
  /** Font size (the height of an em). */
  size: number;
}

/** An axis-aligned ruled line, x1 ≤ x2 and y1 ≤ y2. */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface PageContent {
  width: number;
  height: number;
  items: TextItem[];
  segments: Segment[];
}

export interface LayoutLine {
  text: string;
  left: number;
  right: number;
  /** Baseline of the line's main text. */
  y: number;
  size: number;
}

export interface LayoutTable {
  top: number;
  bottom: number;
  left: number;
  right: number;
  /** Cells per row, each cell as its paragraphs (usually one). */
  rows: string[][][];
}

export type LayoutBlock = { type: 'paragraph'; text: string; top: number } | { type: 'table'; table: LayoutTable; top: number };

const RULE_TOLERANCE = 1.5;
const TOUCH = 2.5;
const MIN_RULE = 4;

const isHorizontal = (s: Segment) => s.y2 - s.y1 <= RULE_TOLERANCE && s.x2 - s.x1 >= MIN_RULE;
const isVertical = (s: Segment) => s.x2 - s.x1 <= RULE_TOLERANCE && s.y2 - s.y1 >= MIN_RULE;

function touches(a: Segment, b: Segment): boolean {
  return a.x1 <= b.x2 + TOUCH && b.x1 <= a.x2 + TOUCH && a.y1 <= b.y2 + TOUCH && b.y1 <= a.y2 + TOUCH;
}

/** Distinct positions, values closer than `tolerance` taken as one (their mean). */
function clusterPositions(values: number[], tolerance: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  for (const v of sorted) {
    if (group.length > 0 && v - group[group.length - 1]! > tolerance) {
      out.push(group.reduce((s, g) => s + g, 0) / group.length);
      group = [];
    }
    group.push(v);
  }
  if (group.length > 0) out.push(group.reduce((s, g) => s + g, 0) / group.length);
  return out;
}

interface Grid {
  top: number;
  bottom: number;
  left: number;
  right: number;
  rowEdges: number[];
  colEdges: number[];
  verticals: Segment[];
}

/** The tables of a page: groups of touching rules with at least two rows' and two columns' edges. */
export function findGrids(segments: readonly Segment[]): Grid[] {
  const rules = segments.filter((s) => isHorizontal(s) || isVertical(s));
  // union-find over touching rules; a page has a few hundred at most
  const parent = rules.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const sorted = rules.map((_, i) => i).sort((a, b) => rules[a]!.y1 - rules[b]!.y1);
  for (let a = 0; a < sorted.length; a++) {
    const ra = rules[sorted[a]!]!;
    for (let b = a + 1; b < sorted.length; b++) {
      const rb = rules[sorted[b]!]!;
      if (rb.y1 > ra.y2 + TOUCH) break;
      if (touches(ra, rb)) parent[find(sorted[a]!)] = find(sorted[b]!);
    }
  }
  const groups = new Map<number, Segment[]>();
  rules.forEach((r, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), r]);
  });
  const grids: Grid[] = [];
  for (const group of groups.values()) {
    const horizontals = group.filter(isHorizontal);
    const verticals = group.filter(isVertical);
    const rowEdges = clusterPositions(
      horizontals.map((h) => (h.y1 + h.y2) / 2),
      RULE_TOLERANCE,
    );
    const colEdges = clusterPositions(
      verticals.map((v) => (v.x1 + v.x2) / 2),
      RULE_TOLERANCE,
    );
    if (rowEdges.length < 2 || colEdges.length < 2) continue;
    grids.push({
      top: Math.min(...group.map((s) => s.y1)),
      bottom: Math.max(...group.map((s) => s.y2)),
      left: Math.min(...group.map((s) => s.x1)),
      right: Math.max(...group.map((s) => s.x2)),
      rowEdges,
      colEdges,
      verticals,
    });
  }
  return grids.sort((a, b) => a.top - b.top);
}

/** Where the glyphs of an item sit vertically, roughly: from ascender to descender. */
const itemTop = (i: TextItem) => i.y - 0.8 * i.size;
const itemBottom = (i: TextItem) => i.y + 0.2 * i.size;
const itemMiddle = (i: TextItem) => i.y - 0.3 * i.size;

/** Items gathered into lines by their baselines, each line's items in reading order; superscripts marked. */
export function buildLines(items: readonly TextItem[]): LayoutLine[] {
  const sorted = items.filter((i) => i.text.trim() !== '').sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: TextItem[][] = [];
  for (const item of sorted) {
    // a line is joined by an item overlapping most of its height (a raised superscript overlaps the line it belongs to)
    const line = groups.find((g) => {
      const main = g[0]!;
      const overlap = Math.min(itemBottom(main), itemBottom(item)) - Math.max(itemTop(main), itemTop(item));
      return overlap > 0.5 * Math.min(main.size, item.size);
    });
    if (line) line.push(item);
    else groups.push([item]);
  }
  return groups
    .map((group) => {
      const size = Math.max(...group.map((i) => i.size));
      // the baseline of the line's main text: that of its largest items
      const main = group.filter((i) => i.size >= size * 0.9);
      const baseline = main.reduce((s, i) => s + i.y, 0) / main.length;
      const ordered = [...group].sort((a, b) => a.x - b.x);
      let text = '';
      let end = -Infinity;
      for (const item of ordered) {
        const superscript = item.size < size * 0.85 && baseline - item.y > 0.15 * size;
        const piece = superscript ? `<sup>${item.text.trim()}</sup>` : item.text;
        if (text !== '' && !/\s$/u.test(text) && !/^\s/u.test(piece) && !superscript && item.x - end > 0.15 * item.size) text += ' ';
        text += piece;
        end = Math.max(end, item.x + item.width);
      }
      return { text: text.replace(/\s+/gu, ' ').trim(), left: ordered[0]!.x, right: end, y: baseline, size };
    })
    .filter((l) => l.text !== '')
    .sort((a, b) => a.y - b.y || a.left - b.left);
}

/**
 * Lines into paragraphs: a new one after a wider gap than the line spacing, at a first-line indent, or after a line
 * of running text that stopped short of the right margin.
 */
export function buildParagraphs(lines: readonly LayoutLine[], margins: { left: number; right: number }): { text: string; top: number }[] {
  const paragraphs: { text: string; top: number }[] = [];
  let current: LayoutLine[] = [];
  const flush = () => {
    if (current.length > 0) {
      let text = current[0]!.text;
      for (let k = 1; k < current.length; k++) text = joinWrapped(text, current[k - 1]!, current[k]!, margins.right);
      paragraphs.push({ text, top: current[0]!.y - current[0]!.size });
    }
    current = [];
  };
  for (const line of lines) {
    const previous = current[current.length - 1];
    if (previous) {
      const pitch = line.y - previous.y;
      const size = Math.max(previous.size, line.size);
      const previousFull = previous.left <= margins.left + size && previous.right >= margins.right - 2 * size;
      const indented = line.left > margins.left + size * 0.8 && previousFull && Math.abs(line.left - previous.left) > size * 0.8;
      const stoppedShort = previous.left <= margins.left + size && previous.right < margins.right - 3 * size;
      const sizeChanged = Math.abs(line.size - previous.size) > 1.5;
      if (pitch > 1.45 * size || pitch < 0 || indented || stoppedShort || sizeChanged) flush();
    }
    current.push(line);
  }
  flush();
  return paragraphs;
}

function inGrid(grid: Grid, item: TextItem): boolean {
  const cx = item.x + item.width / 2;
  const cy = itemMiddle(item);
  return cx >= grid.left - 1 && cx <= grid.right + 1 && cy >= grid.top - 1 && cy <= grid.bottom + 1;
}

/** Index of the band [edges[k], edges[k+1]] holding `v` (clamped to the first and last band). */
function band(edges: readonly number[], v: number): number {
  for (let k = 0; k < edges.length - 2; k++) if (v < edges[k + 1]!) return k;
  return edges.length - 2;
}

/** The paragraphs of a cell: lines split where the gap between them is wider than the line spacing. */
/**
 * Two lines of one paragraph joined: with a space, but not before punctuation carried over (".", "%", ")"), nor after a
 * word broken at a hyphen or slash ("12/CT-" / "UBND"), nor across a word the layout broke because it was wider than
 * its cell (a line of one word that reaches the right edge, "hành/tha" / "m mưu").
 */
export function joinWrapped(text: string, previous: LayoutLine, next: LayoutLine, right: number): string {
  const b = next.text;
  if (/^[.,;:!?%)\]]/u.test(b)) return text + b;
  if (/[\p{L}\p{N}][-/]$/u.test(text)) return text + b;
  if (!/\s/u.test(previous.text) && previous.right >= right - 1.5 * previous.size && brokenWord(previous.text, b)) return text + b;
  return `${text} ${b}`;
}

/** Whether `b` goes on with the word `a` ends with: digits after digits ("14/9/2" / "022"), or one syllable's letters. */
export function brokenWord(a: string, b: string): boolean {
  if (/\p{N}$/u.test(a) && /^\p{N}/u.test(b)) return true;
  return /\p{L}$/u.test(a) && /^\p{Ll}/u.test(b) && oneSyllable(a, b);
}

const bare = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/gu, 'd').toLowerCase();

/**
 * Whether the letters ending `a` and those starting `b` make one Vietnamese syllable ("tha" + "m"), as a word the layout
 * broke does; two syllables ("Nhiệm" + "vụ") are two words wrapped at the space between them.
 */
function oneSyllable(a: string, b: string): boolean {
  const tail = /\p{L}+$/u.exec(a)?.[0] ?? '';
  const head = /^\p{L}+/u.exec(b)?.[0] ?? '';
  if (!/[aeiouy]/u.test(bare(tail))) return false;
  return /^[bcdfghjklmnpqrstvxz]*[aeiouy]+(?:c|ch|m|n|ng|nh|p|t)?$/u.test(bare(tail + head));
}

/** The paragraphs of a cell: lines split where the gap between them is wider than the line spacing. */
function cellParagraphs(items: readonly TextItem[], right: number): string[] {
  const lines = buildLines(items);
  const out: string[] = [];
  let previous: LayoutLine | null = null;
  for (const line of lines) {
    if (!previous || line.y - previous.y > 1.6 * Math.max(line.size, previous.size)) out.push(line.text);
    else out[out.length - 1] = joinWrapped(out[out.length - 1]!, previous, line, right);
    previous = line;
  }
  return out;
}

/**
 * pdf.js joins runs on one baseline into one item when they sit close, even across a cell border ("Vấn đề 05" from the
 * unit and value cells): an item crossing a ruled column edge is cut there, at the space nearest the edge (by the
 * item's average character width). An item crossing an edge with no rule at its height is a cell spanning columns.
 */
export function splitAtRules(item: TextItem, grid: Pick<Grid, 'colEdges' | 'verticals'>): TextItem[] {
  const middle = itemMiddle(item);
  const edges = grid.colEdges.filter(
    (e) =>
      e > item.x + 1 &&
      e < item.x + item.width - 1 &&
      grid.verticals.some((v) => Math.abs(v.x1 - e) <= TOUCH && v.y1 - TOUCH <= middle && middle <= v.y2 + TOUCH),
  );
  const chars = [...item.text];
  if (edges.length === 0 || chars.length < 2 || item.width <= 0) return [item];
  const charWidth = item.width / chars.length;
  const cuts: { at: number; edge: number }[] = [];
  for (const edge of edges) {
    const ideal = (edge - item.x) / charWidth;
    let best = Math.round(ideal);
    let bestDistance = Infinity;
    chars.forEach((c, i) => {
      if (/\s/u.test(c) && Math.abs(i - ideal) < bestDistance) {
        best = i;
        bestDistance = Math.abs(i - ideal);
      }
    });
    if (bestDistance > 4) best = Math.round(ideal);
    if (best > 0 && best < chars.length && !cuts.some((c) => c.at === best)) cuts.push({ at: best, edge });
  }
  cuts.sort((a, b) => a.at - b.at);
  const pieces: TextItem[] = [];
  let from = 0;
  let left = item.x;
  for (const [k, to] of [...cuts.map((c) => c.at), chars.length].entries()) {
    const text = chars.slice(from, to).join('').trim();
    // each piece lies between the edges it was cut at, whatever its estimated width
    const right = cuts[k]?.edge ?? item.x + item.width;
    if (text !== '') pieces.push({ ...item, text, x: left + 0.5, width: Math.max(0, right - left - 1) });
    from = to;
    left = cuts[k]?.edge ?? right;
  }
  return pieces;
}

function tableOf(grid: Grid, items: readonly TextItem[]): LayoutTable {
  const nRows = grid.rowEdges.length - 1;
  const nCols = grid.colEdges.length - 1;
  const cells: TextItem[][][] = Array.from({ length: nRows }, () => Array.from({ length: nCols }, () => []));
  for (const item of items.flatMap((i) => splitAtRules(i, grid))) {
    // an item wider than its column (a cell spanning several) goes by its left part
    const cx = Math.min(item.x + item.width / 2, item.x + item.size);
    cells[band(grid.rowEdges, itemMiddle(item))]![band(grid.colEdges, cx)]!.push(item);
  }
  const rows: string[][][] = [];
  for (const row of cells) {
    if (row.every((c) => c.length === 0)) continue;
    rows.push(row.map((c, k) => cellParagraphs(c, grid.colEdges[k + 1]! - 2)));
  }
  return { top: grid.top, bottom: grid.bottom, left: grid.left, right: grid.right, rows };
}

/** A page's blocks, top to bottom. */
export function layoutPage(page: PageContent): LayoutBlock[] {
  const grids = findGrids(page.segments);
  const free: TextItem[] = [];
  const inTables = grids.map((): TextItem[] => []);
  for (const item of page.items) {
    if (item.text.trim() === '') continue;
    const at = grids.findIndex((g) => inGrid(g, item));
    if (at >= 0) inTables[at]!.push(item);
    else free.push(item);
  }
  const blocks: LayoutBlock[] = grids
    .map((grid, i) => ({ type: 'table' as const, table: tableOf(grid, inTables[i]!), top: grid.top }))
    .filter((b) => b.table.rows.length > 0);
  const lines = buildLines(free);
  if (lines.length > 0) {
    const margins = { left: Math.min(...lines.map((l) => l.left)), right: Math.max(...lines.map((l) => l.right)) };
    // paragraphs never run across a table
    const between: LayoutLine[][] = [];
    for (const line of lines) {
      const slot = blocks.filter((b) => b.type === 'table' && b.top < line.y).length;
      (between[slot] ??= []).push(line);
    }
    for (const group of between) if (group) for (const p of buildParagraphs(group, margins)) blocks.push({ type: 'paragraph', ...p });
  }
  return blocks.sort((a, b) => a.top - b.top);
}
