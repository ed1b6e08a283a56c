/**
 * The consolidation → API shapes, typed from the shared schemas (a presenter that drifts from its schema fails the
 * type-check). A figure that is not a finite number is sent as null (JSON has no Infinity).
 */
import type { z } from 'zod';
import type { ConsolidatedFigure, Contribution } from '../../core/consolidation/consolidate.js';
import type { Coverage } from '../../core/consolidation/coverage.js';
import type {
  consolidatedFigureSchema,
  consolidationFindingsSchema,
  consolidationRowSchema,
  consolidationSchema,
  contributionSchema,
  coverageSchema,
} from '../../shared/consolidation-schemas.js';
import type { ConsolidationFindingsData, RoundConsolidation } from '../services/consolidation.service.js';

export type ConsolidationDto = z.infer<typeof consolidationSchema>;
export type ConsolidatedFigureDto = z.infer<typeof consolidatedFigureSchema>;
export type ConsolidationRowDto = z.infer<typeof consolidationRowSchema>;
export type ConsolidationFindingsDto = z.infer<typeof consolidationFindingsSchema>;
export type CoverageDto = z.infer<typeof coverageSchema>;

const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

export const presentFigure = (f: ConsolidatedFigure): ConsolidatedFigureDto => ({
  rowId: f.rowId,
  method: f.method,
  value: finite(f.value),
  reported: f.reported,
  agencies: f.agencies,
  counted: f.counted,
  ...(f.percentOnly !== undefined ? { percentOnly: f.percentOnly } : {}),
  ...(f.distribution ? { distribution: f.distribution.map((d) => ({ code: d.code, label: d.label, agencies: d.agencies })) } : {}),
  ...(f.spread ? { spread: { min: f.spread.min, ...(f.spread.median !== undefined ? { median: f.spread.median } : {}), max: f.spread.max } } : {}),
  ...(f.parts ? { parts: { numerator: f.parts.numerator, denominator: f.parts.denominator, agencies: f.parts.agencies } } : {}),
  ...(f.responsibleAgency !== undefined ? { responsibleAgency: f.responsibleAgency } : {}),
  explanation: f.explanation,
});

export const presentCoverage = (c: Coverage): CoverageDto => ({
  agenciesInRound: c.agenciesInRound,
  counted: c.counted,
  leftOut: c.leftOut.map((l) => ({ agencyId: l.agencyId, name: l.name, reason: l.reason })),
});

export const presentConsolidation = (c: RoundConsolidation): ConsolidationDto => ({
  roundId: c.roundId,
  templateId: c.templateId,
  period: { year: c.period.year, kind: c.period.kind },
  consolidated: { templateId: c.consolidated.templateId, agencies: c.consolidated.agencies, rows: c.consolidated.rows.map(presentFigure) },
  agencies: c.agencies.map((a) => ({ id: a.id, name: a.name, kind: a.kind, status: a.status })),
  coverage: presentCoverage(c.coverage),
  source: c.source,
});

export const presentContribution = (c: Contribution): z.infer<typeof contributionSchema> => ({
  agencyId: c.agencyId,
  value: finite(c.value),
  status: c.status,
  note: c.note,
});

export const presentConsolidationRow = (r: { roundId: string; rowId: string; contributions: Contribution[] }): ConsolidationRowDto => ({
  roundId: r.roundId,
  rowId: r.rowId,
  contributions: r.contributions.map(presentContribution),
});

const severity = (s: string): 'error' | 'warning' => (s === 'error' ? 'error' : 'warning');

export const presentConsolidationFindings = (f: ConsolidationFindingsData): ConsolidationFindingsDto => ({
  roundId: f.roundId,
  reports: f.reports,
  counts: f.counts.map((c) => ({
    rule: c.rule,
    kind: c.kind,
    severity: severity(c.severity),
    rowId: c.rowId,
    agencies: c.agencies,
    findings: c.findings,
  })),
  page: {
    total: f.page.total,
    limit: f.page.limit,
    offset: f.page.offset,
    items: f.page.items.map((i) => ({
      agencyId: i.agencyId,
      agencyName: i.agencyName,
      reportId: i.reportId,
      rule: i.rule,
      kind: i.kind,
      severity: severity(i.severity),
      rowId: i.rowId,
      message: i.message,
    })),
  },
});
