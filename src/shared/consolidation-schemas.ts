/**
 * The consolidation's REST shapes: the province figures of a round with their coverage, one figure's drill-down, and
 * the findings of the counted reports (counted by rule and row, then one page of them). The server answers through
 * these schemas (presenters typed from them); the web client infers its types from them.
 */
import { z } from 'zod';
import { consolidationQuery, periodSchema } from './api-schemas.js';

export const consolidatedFigureSchema = z.object({
  rowId: z.string(),
  method: z.enum(['sum', 'ratio', 'distribution', 'responsible', 'spread', 'text']),
  /** The province figure; null when no agency reported the row or no single figure is defined. */
  value: z.number().nullable(),
  /** Agencies whose values enter the figure. */
  reported: z.number().int(),
  /** Agencies of the round (the figure's "n/N" is out of these). */
  agencies: z.number().int(),
  /** Reports counted. */
  counted: z.number().int(),
  percentOnly: z.number().int().optional(),
  distribution: z.array(z.object({ code: z.number(), label: z.string(), agencies: z.number().int() })).optional(),
  spread: z.object({ min: z.number(), median: z.number().optional(), max: z.number() }).optional(),
  parts: z.object({ numerator: z.number(), denominator: z.number(), agencies: z.number().int() }).optional(),
  responsibleAgency: z.string().nullable().optional(),
  explanation: z.string(),
});

export const coverageSchema = z.object({
  agenciesInRound: z.number().int(),
  counted: z.number().int(),
  leftOut: z.array(z.object({ agencyId: z.string(), name: z.string(), reason: z.enum(['not-started', 'draft', 'returned', 'submitted']) })),
});

/** GET /api/rounds/:id/consolidation */
export const consolidationSchema = z.object({
  roundId: z.string(),
  templateId: z.string(),
  period: periodSchema,
  consolidated: z.object({ templateId: z.string(), agencies: z.array(z.string()), rows: z.array(consolidatedFigureSchema) }),
  agencies: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string(), status: z.string() })),
  coverage: coverageSchema,
  /** From the aggregates the database keeps, or by reading every report the reader may see. */
  source: z.enum(['aggregates', 'reports']),
});

export const contributionSchema = z.object({
  agencyId: z.string(),
  value: z.number().nullable(),
  status: z.enum(['reported', 'not-reported', 'text']),
  note: z.string().nullable(),
});

/** GET /api/rounds/:id/consolidation/row */
export const consolidationRowSchema = z.object({ roundId: z.string(), rowId: z.string(), contributions: z.array(contributionSchema) });

/** Findings per page at most. */
export const FINDINGS_PAGE_MAX = 200;

export const consolidationFindingsQuery = consolidationQuery
  .extend({
    /** Only this rule's findings (a count's `rule`). */
    rule: z.string().min(1).max(200).optional(),
    /** Only findings of this row (a count's `rowId`). */
    rowId: z.string().min(1).max(100).optional(),
    /** Only this agency's findings. */
    agencyId: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(FINDINGS_PAGE_MAX).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();

export const findingCountSchema = z.object({
  rule: z.string(),
  kind: z.string(),
  severity: z.enum(['error', 'warning']),
  rowId: z.string().nullable(),
  /** Agencies with this finding. */
  agencies: z.number().int(),
  findings: z.number().int(),
});

export const consolidationFindingSchema = z.object({
  agencyId: z.string(),
  agencyName: z.string(),
  reportId: z.string(),
  rule: z.string(),
  kind: z.string(),
  severity: z.enum(['error', 'warning']),
  rowId: z.string().nullable(),
  message: z.string(),
});

/** GET /api/rounds/:id/consolidation/findings: counts by rule and row over every counted report, then one page. */
export const consolidationFindingsSchema = z.object({
  roundId: z.string(),
  /** Counted reports (that the reader sees) whose findings are counted. */
  reports: z.number().int(),
  counts: z.array(findingCountSchema),
  page: z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int(), items: z.array(consolidationFindingSchema) }),
});
