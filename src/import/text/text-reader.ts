/**
 * Reads a text or markdown export of a report (as the samples are): tab-separated lines (or markdown pipe-table
 * rows, "| a | b |") are table rows, everything else paragraphs. A table runs on across blank lines and markdown
 * separator rows ("-----"), so a table cut by a page break stays one grid. Pure: takes the text, not a path.
 */
import { ImportError } from '../import-error.js';
import type { GridRow, SourceBlock, SourceDocument } from '../source-document.js';

const SEPARATOR_CELL = /^:?-{3,}:?$/u;

/** More lines than this is no periodic report (the largest appendices have a few hundred rows). */
export const MAX_LINES = 100_000;
/** Longer lines are cut: no heading, label or cell is this long. */
export const MAX_LINE_CHARS = 20_000;

/** A markdown pipe-table row ("| 1.1. | Kế hoạch CCHC | | 01 | |") as its cells, or null. */
function pipeRow(line: string): string[] | null {
  const t = line.trim();
  if (t.length < 3 || !t.startsWith('|') || !t.endsWith('|')) return null;
  const cells = t
    .slice(1, -1)
    .split(/(?<!\\)\|/u)
    .map((c) => c.replace(/\\\|/gu, '|').trim());
  return cells.length >= 2 ? cells : null;
}

export function readTextReport(text: string, source = 'text'): SourceDocument {
  const lines = text.replace(/^\uFEFF/u, '').split(/\r\n|\r|\n/u, MAX_LINES + 1);
  if (lines.length > MAX_LINES) {
    throw new ImportError(
      'too-large',
      `Tệp có hơn ${MAX_LINES.toLocaleString('vi-VN')} dòng, không phải một báo cáo định kỳ.`,
      `${source}: more than ${MAX_LINES} lines`,
    );
  }
  const blocks: SourceBlock[] = [];
  let table: GridRow[] | null = null;

  lines.forEach((fullLine, index) => {
    const lineNumber = index + 1;
    const line = fullLine.length > MAX_LINE_CHARS ? fullLine.slice(0, MAX_LINE_CHARS) : fullLine;
    const pipeCells = line.includes('\t') ? null : pipeRow(line);
    if (line.includes('\t') || pipeCells) {
      const cells = pipeCells ?? line.split('\t');
      if (cells.every((c) => SEPARATOR_CELL.test(c.trim()) || c.trim() === '')) return;
      if (!table) {
        table = [];
        blocks.push({ type: 'table', rows: table });
      }
      table.push({ cells, at: { kind: 'line', line: lineNumber } });
      return;
    }
    const trimmed = line.trim();
    if (trimmed === '') return;
    if (table && SEPARATOR_CELL.test(trimmed.replace(/\|/gu, '').replace(/\s+/gu, ''))) return;
    table = null;
    blocks.push({ type: 'paragraph', paragraph: { text: trimmed, at: { kind: 'line', line: lineNumber } } });
  });
  return { source, format: 'text', blocks };
}
