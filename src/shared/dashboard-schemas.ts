/**
 * Request and response schemas of the dashboards' API (read-only), shared by the server and the web client.
 * Every chart's data also comes as CSV from the same path with ".csv" (same query).
 */
import { z } from 'zod';

const periodKind = z.enum(['Q1', 'Q2', 'Q3', 'Q4', 'H1', 'M9', 'Y']);
const period = z.object({ year: z.number().int(), kind: periodKind });
const id = z.string().min(1).max(200);
const chartKind = z.enum(['count', 'money', 'percent', 'decimal']);
const reportState = z.enum(['not-started', 'draft', 'submitted', 'returned', 'accepted']);
const spread = z.object({ min: z.number(), median: z.number(), max: z.number() }).nullable();

export const chartIndicatorSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: chartKind,
  measure: z.enum(['flow', 'stock']),
  area: z.string(),
  areaName: z.string(),
  /** "%", "Triệu đồng" (money in every version is shown in million đồng), or the unit the templates print ("Hồ sơ"). */
  unit: z.string(),
  /** Stored template versions with a row for it. */
  templateIds: z.array(z.string()),
});
export const chartIndicatorsSchema = z.array(chartIndicatorSchema);

export const trendQuery = z
  .object({
    indicator: id,
    /** One agency's own figures; without it, the actor's whole scope (the province for the Sở Nội vụ). */
    agencyId: id.optional(),
    /** Only periods of this kind (e.g. only years). */
    periodKind: periodKind.optional(),
  })
  .strict();

export const trendSchema = z.object({
  indicator: chartIndicatorSchema,
  agency: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The one length of period on the axis: quarters together, or halves, nine months or years (never mixed). */
  axis: z.enum(['quarter', 'H1', 'M9', 'Y']),
  points: z.array(
    z.object({
      period,
      label: z.string(),
      value: z.number().nullable(),
      method: z.enum(['sum', 'ratio', 'responsible', 'spread']),
      reported: z.number().int(),
      agencies: z.number().int(),
      parts: z.object({ numerator: z.number(), denominator: z.number(), agencies: z.number().int() }).nullable(),
      spread,
      templateIds: z.array(z.string()),
      /** Agencies that wrote the percentage without both parts: not in the ratio, counted apart. */
      percentOnly: z.number().int(),
      /** Agencies whose value was derived from their quarters (flows summed, stocks the latest), and those quarters. */
      derived: z.number().int(),
      derivedFrom: z.array(periodKind),
      /** A merged agency before its merger: its predecessors' values combined (a comparable base), by name. */
      comparable: z.number().int(),
      comparableWith: z.array(z.string()),
    }),
  ),
});

export const rankingQuery = z
  .object({
    /** A canonical indicator… */
    indicator: id.optional(),
    /** …or a row of the round's template version (with roundId only). */
    rowId: id.optional(),
    /** A round… */
    roundId: id.optional(),
    /** …or a period: every accepted report of it, in rounds or imported history. */
    year: z.coerce.number().int().min(1990).max(2200).optional(),
    kind: periodKind.optional(),
  })
  .strict();

export const rankingSchema = z.object({
  subject: z.object({ indicatorId: z.string().nullable(), rowId: z.string().nullable(), name: z.string(), unit: z.string(), kind: chartKind }),
  roundId: z.string().nullable(),
  period,
  periodLabel: z.string(),
  reported: z.number().int(),
  entries: z.array(
    z.object({
      rank: z.number().int().nullable(),
      agencyId: z.string(),
      agencyName: z.string(),
      value: z.number().nullable(),
      /** parts: a percentage recomputed from the agency's numerator and denominator; stated: the number it wrote. */
      source: z.enum(['parts', 'stated']).nullable(),
      parts: z.object({ numerator: z.number(), denominator: z.number() }).nullable(),
      reportStatus: reportState.nullable(),
      /** Why there is no value ("Chưa báo cáo: …"), in Vietnamese; null when there is one. */
      note: z.string().nullable(),
    }),
  ),
});

export const completenessSchema = z.object({
  rounds: z.array(
    z.object({
      roundId: z.string(),
      templateId: z.string(),
      period,
      label: z.string(),
      deadline: z.string(),
      status: z.enum(['open', 'closed']),
      agencies: z.number().int(),
      counts: z.object({
        'not-started': z.number().int(),
        draft: z.number().int(),
        submitted: z.number().int(),
        returned: z.number().int(),
        accepted: z.number().int(),
      }),
      onTime: z.number().int(),
      late: z.number().int(),
      overdue: z.number().int(),
      pending: z.number().int(),
      onTimeRate: z.number().nullable(),
    }),
  ),
});

export type ChartIndicatorDto = z.infer<typeof chartIndicatorSchema>;
export type TrendDto = z.infer<typeof trendSchema>;
export type RankingDto = z.infer<typeof rankingSchema>;
export type CompletenessDto = z.infer<typeof completenessSchema>;
export type TrendQuery = z.infer<typeof trendQuery>;
export type RankingQuery = z.infer<typeof rankingQuery>;
