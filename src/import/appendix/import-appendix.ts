/**
 * From a source document's appendix to a report on one template version: rows matched, every cell read with the
 * value grammar, the agency's words moved into notes, the checks run. Unsure cells and unmapped rows are flagged. Pure.
 */
import type { Template } from '../../core/catalogue/template.js';
import { kindFromUnit } from '../../core/catalogue/unit.js';
import { runChecks, type CheckContext } from '../../core/checks/run-checks.js';
import type { Finding } from '../../core/checks/finding.js';
import type { CellValue, ReportValues } from '../../core/report.js';
import { joinNotes, parseCell, type CellFlag, type CellStatus } from '../../core/values/cell-grammar.js';
import type { Provenance, StaleTotal } from '../source-document.js';
import { matchRows, UNSURE_BELOW, type MatchResult } from '../matching/row-matcher.js';
import type { AppendixTable } from './appendix-tables.js';

export type ImportFlag = CellFlag | 'unmapped-row' | 'low-confidence-match' | 'page-split-joined' | 'stale-total';

export interface ImportedRow {
  /** Template row id, or null for a row the template does not have. */
  rowId: string | null;
  form: string | null;
  /** The STT cell as printed. */
  code: string | null;
  label: string;
  unit: string;
  /** The value cell as printed (cleaned). */
  raw: string;
  value: number | null;
  status: CellStatus;
  note: string | null;
  /** The "Đơn vị thực hiện" cell, in the responsible-unit family. */
  responsible: string | null;
  indicator: string | null;
  /** 0–1: the lower of the row match and the cell reading. */
  confidence: number;
  unsure: boolean;
  flags: ImportFlag[];
  at: Provenance[];
  /** The value cell itself (its column; on a cut row, the piece that holds the value). */
  valueAt?: Provenance;
  /** Workbook totals on this row whose saved result disagrees with the cells their formula adds. */
  staleTotals?: StaleTotal[];
}

export interface ImportedAppendix {
  template: Template;
  rows: ImportedRow[];
  /** Values by template row id, for checks and storage. */
  values: ReportValues;
  findings: Finding[];
  /** Template rows the document does not have. */
  missing: string[];
}

export function importAppendix(
  template: Template,
  tables: readonly AppendixTable[],
  context: CheckContext = {},
  precomputed: MatchResult | null = null,
): ImportedAppendix {
  const match = precomputed ?? matchRows(template, tables);
  const extraColumnOf = new Map(tables.flatMap((t) => t.rows.map((r) => [r, t.extraColumn] as const)));
  const values = new Map<string, CellValue>();
  const rows: ImportedRow[] = match.rows.map((m) => {
    const source = m.source;
    const kind = m.row?.kind ?? kindFromUnit(source.unit);
    const cell = parseCell(source.value, kind);
    const responsibleTable = extraColumnOf.get(source) === 'responsible';
    const noteColumn = responsibleTable ? source.note || null : source.extra;
    // the plan and other captioned columns beside the result are kept as notes, after the note column
    const note = joinNotes(m.remark, cell.note, noteColumn, ...(source.asides ?? []));
    const flags: ImportFlag[] = [...cell.flags];
    if (!m.row) flags.push('unmapped-row');
    else if (m.confidence < UNSURE_BELOW) flags.push('low-confidence-match');
    if (source.at.length > 1) flags.push('page-split-joined');
    // a total that disagrees with its own parts: the figure the row shows is not sure
    const stale = source.staleTotals ?? [];
    if (stale.length > 0) flags.push('stale-total');
    const confidence = Number(Math.min(m.confidence, cell.confidence, stale.length > 0 ? UNSURE_BELOW / 2 : 1).toFixed(3));
    if (m.row) values.set(m.row.id, { value: cell.value, status: cell.status, note, decimals: cell.decimals });
    return {
      rowId: m.row?.id ?? null,
      form: m.form,
      code: source.code === '' ? null : source.code,
      label: m.label,
      unit: source.unit,
      raw: source.value,
      value: cell.value,
      status: cell.status,
      note,
      responsible: responsibleTable && source.extra ? source.extra : null,
      indicator: m.row?.indicator ?? null,
      confidence,
      unsure: confidence < UNSURE_BELOW || !m.row,
      flags,
      at: source.at,
      ...(source.valueAt ? { valueAt: source.valueAt } : {}),
      ...(stale.length > 0 ? { staleTotals: stale } : {}),
    };
  });
  return { template, rows, values, findings: runChecks(template, values, context), missing: match.missing.map((r) => r.id) };
}
