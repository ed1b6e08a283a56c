/**
 * Imports one legacy report: reads it, recognises agency, period, document and template version, splits the
 * narrative, matches and reads every appendix cell, runs the checks. Never throws on bad content: problems come
 * back as `ImportError` with a Vietnamese message (for users) and an English one (for logs).
 */
import { PLACE_DATE, QUOC_HIEU } from './recognition/header-patterns.js';
import type { IndicatorDefinition, Template } from '../core/catalogue/template.js';
import type { Finding } from '../core/checks/finding.js';
import { narrativeText } from '../core/checks/narrative-figures.js';
import { extractAppendix, footerStart, isHeaderRow } from './appendix/appendix-tables.js';
import { importAppendix, type ImportedRow } from './appendix/import-appendix.js';
import { splitNarrative, type NarrativeSection } from './recognition/narrative.js';
import { recogniseMetadata, type ReportMetadata } from './recognition/recognise-metadata.js';
import { POOR_TEMPLATE_FIT, rankTemplates } from './recognition/recognise-template.js';
import { locationOf, type GridRow, type SourceDocument, type SourceFormat, type SourceLocation, type SourceParagraph } from './source-document.js';
import { ImportError } from './import-error.js';
import { formatNumber } from '../core/values/number-format.js';

export { ImportError } from './import-error.js';

export interface ImportedReport extends ReportMetadata {
  source: string;
  /** The reader that read it, and the SHA-256 of the file's bytes (hex) when the bytes were read by `readReport`. */
  format: SourceFormat;
  sha256: string | null;
  template: Template;
  /** How well the appendix fits the chosen template (0–1). */
  templateScore: number;
  sections: NarrativeSection[];
  rows: ImportedRow[];
  findings: Finding[];
  /** Template rows the document does not have. */
  missing: string[];
  /** Problems of the import itself (not of the figures): the appendix fits no template well. */
  problems: ImportProblem[];
}

/** A problem of the import itself, for the user (Vietnamese); in the JSON it is listed with the findings. */
export interface ImportProblem {
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  /** Indexes into `rows` of the rows it is about (none: the whole import). */
  rows?: number[];
}

/**
 * A workbook total whose saved result disagrees with the cells its formula adds: one problem per row, in Vietnamese,
 * naming the cell, the formula and both figures.
 */
export function staleTotalProblems(rows: readonly ImportedRow[]): ImportProblem[] {
  return rows.flatMap((row, index) => {
    if (!row.staleTotals?.length) return [];
    const where = row.at[0]?.kind === 'cell' && row.at[0].sheet ? ` (sheet ${row.at[0].sheet})` : '';
    const cells = row.staleTotals
      .map((t) => `ô ${t.cell} ghi ${formatNumber(t.shown)} nhưng công thức =${t.formula} cộng các ô được ${formatNumber(t.computed)}`)
      .join('; ');
    const name = [row.code, row.label ? `"${row.label}"` : null].filter(Boolean).join(' ');
    return [
      {
        rule: 'import:stale-total',
        severity: 'warning' as const,
        message: `Dòng ${name}${where}: ${cells}. Tổng không khớp với các số liệu thành phần của chính nó (tệp chưa được tính lại hoặc đã bị sửa tay); cần kiểm tra lại trước khi lưu.`,
        rows: [index],
      },
    ];
  });
}

const CODE_CELL = /^\s*(?:<[^>]+>)*\d+(?:\.\d+)*\.?(?:<[^>]+>)*\s*$/u;
const QUOC_HIEU_IN = new RegExp(QUOC_HIEU, 'u');
/** Where a header cell holding several lines (joined by a reader) breaks: "Số: …", the Quốc hiệu, the Tiêu ngữ, "<place>, ngày". */
const HEADER_BREAKS = [/(?<![\p{L}])Số\s*:/gu, new RegExp(QUOC_HIEU, 'gu'), /Độc lập\s*[-–]/gu, new RegExp(String.raw`(?<=^|\s)${PLACE_DATE}`, 'gu')];

/** A header line cut where a new header item starts ("Số: 12/BC-STP Ninh Thuận, ngày …" → two lines). */
export function splitHeaderLine(text: string): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  for (let guard = 0; guard < 8 && rest; guard++) {
    // the leftmost break after the start of the line
    let cut = -1;
    for (const pattern of HEADER_BREAKS) {
      // matches do not overlap: a line that starts with "Khánh Hòa, ngày" has no break at "Hòa"
      for (const m of rest.matchAll(pattern)) {
        if (m.index > 0) {
          if (cut < 0 || m.index < cut) cut = m.index;
          break;
        }
      }
    }
    if (cut < 0) break;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces.filter((p) => p.length > 0);
}

/** A table that lays out a page (a Word header or signature block) rather than holding statistics. */
function isLayoutTable(rows: readonly GridRow[]): boolean {
  return rows.length <= 8 && !rows.some((r) => CODE_CELL.test(r.cells[0] ?? '') || isHeaderRow(r.cells));
}

/**
 * Paragraphs for recognition and the narrative: the document's paragraphs, plus the lines of small layout tables
 * that are not statistics (a Word header block: "UBND TỈNH …" over "SỞ …" | "CỘNG HÒA …" over "Độc lập …",
 * "Số: …" | "<place>, ngày …"; the "Nơi nhận" | signature block), each cell line by line, left to right.
 * A header line holding two items is cut in two.
 */
export function recognitionParagraphs(doc: SourceDocument): SourceParagraph[] {
  const out: SourceParagraph[] = [];
  for (const block of doc.blocks) {
    if (block.type === 'paragraph') {
      // a spreadsheet cell may hold several lines ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / the name)
      for (const text of block.paragraph.text.split(/\r?\n/u)) {
        if (!text.trim()) continue;
        // "Số: 1856/BC-SVHTTDL           Ninh Thuận, ngày 16 tháng 9 năm 2022" on one line
        if (text.length < 200 && (/^\W*Số\s*:/u.test(text) || QUOC_HIEU_IN.test(text))) {
          for (const piece of splitHeaderLine(text)) out.push({ text: piece, at: block.paragraph.at });
        } else out.push(text === block.paragraph.text ? block.paragraph : { text, at: block.paragraph.at });
      }
      continue;
    }
    if (!isLayoutTable(block.rows)) {
      // a signature footer typed under a statistics table (a workbook's last sheet): column by column, so each
      // column's title lines come right before its name ("Người lập biểu" / name | "KT. GIÁM ĐỐC" / … / name)
      const footer = block.rows.slice(footerStart(block.rows));
      const width = Math.max(0, ...footer.map((r) => r.cells.length));
      for (let col = 0; col < width; col++) {
        for (const row of footer) {
          const cell = row.cells[col] ?? '';
          for (const line of cell.split(/\r?\n/u)) if (line.trim()) out.push({ text: line.trim(), at: row.at });
        }
      }
      continue;
    }
    for (const row of block.rows) {
      row.cells.forEach((cell, i) => {
        const lines = (row.lines?.[i] ?? [cell]).flatMap((l) => l.split(/\r?\n/u));
        for (const line of lines) for (const piece of splitHeaderLine(line)) out.push({ text: piece, at: row.at });
      });
    }
  }
  return out;
}

/**
 * `indicators`: the canonical catalogue; its narrative phrasings let the checks compare the figures the narrative
 * states with the appendix (none given: no such comparison).
 */
export function importDocument(doc: SourceDocument, templates: readonly Template[], indicators: readonly IndicatorDefinition[] = []): ImportedReport {
  const paragraphs = recognitionParagraphs(doc);
  const tables = extractAppendix(doc);
  if (paragraphs.length === 0 && tables.length === 0) {
    throw new ImportError('empty', 'Tệp không có nội dung.', `${doc.source}: the document is empty`);
  }
  if (tables.length === 0 || tables.every((t) => t.rows.length === 0)) {
    throw new ImportError(
      'no-appendix',
      'Không tìm thấy bảng phụ lục thống kê số liệu trong tệp.',
      `${doc.source}: no statistics appendix table found`,
    );
  }
  const metadata = recogniseMetadata(paragraphs);
  const [best] = rankTemplates(templates, tables, { period: metadata.period, province: metadata.agency.province });
  if (!best) throw new ImportError('unsupported', 'Chưa có mẫu báo cáo nào được nạp.', 'no template versions loaded');
  // the narrative ends where the appendix begins
  const sections = splitNarrative(paragraphs);
  const narrative = indicators.length > 0 && sections.length > 0 ? { text: narrativeText(sections), indicators } : undefined;
  const appendix = importAppendix(best.template, tables, narrative ? { narrative } : {}, best.match);
  const problems: ImportProblem[] = [];
  let rows = appendix.rows;
  if (best.score < POOR_TEMPLATE_FIT) {
    // no template fits: say so, and let no row pass for sure
    const percent = Math.round(best.score * 100);
    problems.push({
      rule: 'import:template-fit',
      severity: 'warning',
      message: `Phụ lục không khớp với mẫu báo cáo nào: mẫu gần nhất "${best.template.name}" chỉ khớp ${percent}%. Cần kiểm tra lại mẫu và từng dòng trước khi lưu.`,
    });
    rows = rows.map((r) => ({
      ...r,
      confidence: Math.min(r.confidence, Number(best.score.toFixed(3))),
      unsure: true,
      flags: r.flags.includes('low-confidence-match') || r.flags.includes('unmapped-row') ? r.flags : [...r.flags, 'low-confidence-match'],
    }));
  }
  problems.push(...staleTotalProblems(rows));
  return {
    ...metadata,
    source: doc.source,
    format: doc.format,
    sha256: doc.sha256 ?? null,
    template: best.template,
    templateScore: Number(best.score.toFixed(3)),
    sections,
    rows,
    findings: appendix.findings,
    missing: appendix.missing,
    problems,
  };
}

/**
 * Where a row's value stood in its file: the value cell (page, sheet and cell reference, table, row and column, or
 * line); a row with no value cell known, every source row that made it.
 */
export function valueLocations(row: ImportedRow): SourceLocation[] {
  return (row.valueAt ? [row.valueAt] : row.at).map(locationOf);
}

/**
 * The stable JSON contract of `cchc import --json` (see docs/cli.md). Added after the first version, each row's
 * `provenance`: the file (name, SHA-256 of its bytes, reader), `at` (where the value stood) and `doubtful` (the
 * import flagged it unsure).
 */
export function toImportJson(report: ImportedReport) {
  const indexOf = new Map(report.rows.flatMap((r, i) => (r.rowId ? [[r.rowId, i] as const] : [])));
  return {
    source: report.source,
    template: report.template.id,
    agency: { name: report.agency.name, province: report.agency.province },
    period: report.period ? { year: report.period.year, kind: report.period.kind } : null,
    document: { number: report.document.number, date: report.document.date, signer: report.document.signer },
    sections: report.sections.map((s) => ({ heading: s.heading, text: s.text })),
    rows: report.rows.map((r) => ({
      form: r.form,
      code: r.code,
      label: r.label,
      unit: r.unit,
      raw: r.raw,
      value: r.value,
      note: r.note,
      indicator: r.indicator,
      confidence: r.confidence,
      provenance: { file: report.source, sha256: report.sha256, format: report.format, at: valueLocations(r), doubtful: r.unsure },
    })),
    findings: [
      ...report.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        rows: f.rows.flatMap((id) => (indexOf.has(id) ? [indexOf.get(id)!] : [])),
      })),
      ...report.problems.map((p) => ({ rule: p.rule, severity: p.severity, message: p.message, rows: p.rows ?? [] })),
    ],
  };
}
