/**
 * Imports one legacy report: reads it, recognises agency, period, document and template version, splits the
 * narrative, matches and reads every appendix cell, runs the checks. Never throws on bad content: problems come
 * back as `ImportError` with a Vietnamese message (for users) and an English one (for logs).
 */
import type { Template } from '../core/catalogue/template.js';
import type { Finding } from '../core/checks/finding.js';
import { extractAppendix } from './appendix/appendix-tables.js';
import { importAppendix, type ImportedRow } from './appendix/import-appendix.js';
import { splitNarrative, type NarrativeSection } from './recognition/narrative.js';
import { recogniseMetadata, type ReportMetadata } from './recognition/recognise-metadata.js';
import { rankTemplates } from './recognition/recognise-template.js';
import { paragraphsOf, type SourceDocument, type SourceParagraph } from './source-document.js';
import { ImportError } from './import-error.js';

export { ImportError } from './import-error.js';

export interface ImportedReport extends ReportMetadata {
  source: string;
  template: Template;
  /** How well the appendix fits the chosen template (0–1). */
  templateScore: number;
  sections: NarrativeSection[];
  rows: ImportedRow[];
  findings: Finding[];
  /** Template rows the document does not have. */
  missing: string[];
}


const CODE_CELL = /^\s*(?:<[^>]+>)*\d+(?:\.\d+)*\.?(?:<[^>]+>)*\s*$/u;
const HEADER_BREAKS = /(?=\bSố\s*:)|(?=CỘNG HÒA)|(?=Độc lập\s*-)|(?=(?:^|\s)[\p{Lu}][\p{L}.-]*(?:\s[\p{Lu}][\p{L}.-]*){0,3},\s*ngày\b)/u;

/**
 * Paragraphs for recognition: the document's paragraphs, plus the cells of small layout tables that are not
 * statistics (a Word header block: "UBND TỈNH … | CỘNG HÒA …", "SỞ … | Độc lập …", "Số: … | <place>, ngày …").
 */
export function recognitionParagraphs(doc: SourceDocument): SourceParagraph[] {
  const out: SourceParagraph[] = [];
  for (const block of doc.blocks) {
    if (block.type === 'paragraph') {
      out.push(block.paragraph);
      continue;
    }
    const layout = block.rows.length <= 8 && !block.rows.some((r) => CODE_CELL.test(r.cells[0] ?? '') || /^\s*stt\s*$/iu.test(r.cells[0] ?? ''));
    if (!layout) continue;
    for (const row of block.rows) {
      for (const cell of row.cells) {
        for (const piece of cell.split(HEADER_BREAKS)) {
          if (piece.trim()) out.push({ text: piece.trim(), at: row.at });
        }
      }
    }
  }
  return out;
}

export function importDocument(doc: SourceDocument, templates: readonly Template[]): ImportedReport {
  const paragraphs = paragraphsOf(doc);
  const tables = extractAppendix(doc);
  if (paragraphs.length === 0 && tables.length === 0) {
    throw new ImportError('empty', 'Tệp không có nội dung.', `${doc.source}: the document is empty`);
  }
  if (tables.length === 0 || tables.every((t) => t.rows.length === 0)) {
    throw new ImportError('no-appendix', 'Không tìm thấy bảng phụ lục thống kê số liệu trong tệp.', `${doc.source}: no statistics appendix table found`);
  }
  const metadata = recogniseMetadata(recognitionParagraphs(doc));
  const [best] = rankTemplates(templates, tables, { period: metadata.period, province: metadata.agency.province });
  if (!best) throw new ImportError('unsupported', 'Chưa có mẫu báo cáo nào được nạp.', 'no template versions loaded');
  const appendix = importAppendix(best.template, tables, {}, best.match);
  // the narrative ends where the appendix begins
  return {
    ...metadata,
    source: doc.source,
    template: best.template,
    templateScore: Number(best.score.toFixed(3)),
    sections: splitNarrative(paragraphs),
    rows: appendix.rows,
    findings: appendix.findings,
    missing: appendix.missing,
  };
}

/** The stable JSON contract of `cchc import --json` (see docs/cli.md). */
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
    })),
    findings: report.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      rows: f.rows.flatMap((id) => (indexOf.has(id) ? [indexOf.get(id)!] : [])),
    })),
  };
}
