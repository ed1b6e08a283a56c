/** The entry grid's aids → API shapes: a paste's placement, a report's history per row. */
import type { z } from 'zod';
import type { PastePlacement } from '../../import/paste/paste-placement.js';
import type { pastePlacementSchema, reportHistorySchema } from '../../shared/entry-schemas.js';
import type { ReportHistory } from '../services/report-history.service.js';

export type PastePlacementDto = z.infer<typeof pastePlacementSchema>;
export type ReportHistoryDto = z.infer<typeof reportHistorySchema>;

export const presentPastePlacement = (p: PastePlacement): PastePlacementDto => ({
  mode: p.mode,
  header: p.header,
  columns: p.columns.map((c) => ({ index: c.index, role: c.role, caption: c.caption })),
  form: p.form,
  lines: p.lines.map((l) => ({
    line: l.line,
    code: l.code,
    label: l.label,
    value: l.value,
    note: l.note,
    rowId: l.rowId,
    confidence: l.confidence,
    unsure: l.unsure,
    reading: l.reading ? { shown: l.reading.shown, severity: l.reading.severity, message: l.reading.message } : null,
    writes: l.writes,
    problem: l.problem,
  })),
  problem: p.problem,
  notices: p.notices,
});

export const presentReportHistory = (history: ReportHistory): ReportHistoryDto => ({
  rows: [...history].map(([rowId, points]) => ({
    rowId,
    points: points.map((p) => ({ year: p.period.year, kind: p.period.kind, label: p.label, value: p.value })),
  })),
});
