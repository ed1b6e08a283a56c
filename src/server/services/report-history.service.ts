/**
 * The agency's own history of each row of a report, and the outlier warnings drawn from it (core/checks/outliers.ts).
 * Earlier accepted reports of the agency — and of the agencies merged into it, summed where figures add up, for the
 * periods the agency has no report of its own — give each row its earlier figures: by row id in the same template
 * version, through the canonical indicator across versions. A flow is compared with periods of the same length
 * (quarters with quarters, years with years); a stock, a level at a date, with any period.
 */
import type { Template, TemplateRow } from '../../core/catalogue/template.js';
import { outlierFindings, OUTLIER_DEFAULTS, type HistoryPoint } from '../../core/checks/outliers.js';
import type { Finding } from '../../core/checks/finding.js';
import { comparePeriods, periodLabel, quartersOf, type Period, type PeriodKind } from '../../core/periods/period.js';
import type { ReportValues } from '../../core/report.js';
import type { Context } from '../context.js';
import { may, type Actor } from '../policies/access.js';
import { earlierAcceptedReports, reportedFiguresOf, type EarlierReport } from '../repositories/report-history.repository.js';
import { getReport, type Report } from '../repositories/report.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';
import { notFound } from './service-error.js';

export interface RowHistoryPoint extends HistoryPoint {
  period: Period;
}

/** Earlier figures per row id of the report's template, oldest first (at most the outlier window per row). */
export type ReportHistory = Map<string, RowHistoryPoint[]>;

/** Years back the history reaches: eight quarters, eight years of annual reports. */
const YEARS_BACK = 9;

async function templateOf(ctx: Context, cache: Map<string, Template | null>, id: string): Promise<Template | null> {
  if (cache.has(id)) return cache.get(id)!;
  const template = ctx.templates.templates.find((t) => t.id === id) ?? (await getTemplateVersion(ctx.db, id)) ?? null;
  cache.set(id, template);
  return template;
}

const periodOf = (r: Pick<EarlierReport, 'period_year' | 'period_kind'>): Period => ({ year: r.period_year, kind: r.period_kind as PeriodKind });
const keyOf = (p: Period) => `${p.year}-${p.kind}`;

/** Whether an earlier period's figure of a row compares with this period's. */
function comparable(row: TemplateRow, earlier: Period, current: Period): boolean {
  return row.measure === 'stock' || quartersOf(earlier.kind).length === quartersOf(current.kind).length;
}

/** The history of every row of a report (see the module's comment); rows without one are absent. */
export async function historyOfReport(ctx: Context, report: Report, template: Template): Promise<ReportHistory> {
  const current = periodOf(report);
  const earlier = (await earlierAcceptedReports(ctx.db, report.agency_id, current.year - YEARS_BACK, current.year)).filter(
    (r) => r.id !== report.id && comparePeriods(periodOf(r), current) < 0,
  );
  const history: ReportHistory = new Map();
  if (earlier.length === 0) return history;

  // per period: the agency's own report; else the reports of the agencies merged into it
  const byPeriod = new Map<string, EarlierReport[]>();
  for (const r of earlier) byPeriod.set(keyOf(periodOf(r)), [...(byPeriod.get(keyOf(periodOf(r))) ?? []), r]);
  const chosen = [...byPeriod.values()].map((reports) => (reports.some((r) => r.own) ? reports.filter((r) => r.own).slice(0, 1) : reports));
  const figures = await reportedFiguresOf(
    ctx.db,
    chosen.flat().map((r) => r.id),
  );
  const figuresOf = new Map<string, Map<string, number>>();
  for (const f of figures) {
    if (!Number.isFinite(f.value)) continue;
    let m = figuresOf.get(f.report_id);
    if (!m) figuresOf.set(f.report_id, (m = new Map()));
    m.set(f.row_id, f.value);
  }

  // each earlier template's row for each row of this one: the same id in the same version, else the same indicator
  const templates = new Map<string, Template | null>();
  const rowFor = new Map<string, Map<string, string>>();
  for (const r of chosen.flat()) {
    if (rowFor.has(r.template_id)) continue;
    const other = await templateOf(ctx, templates, r.template_id);
    const map = new Map<string, string>();
    if (other?.id === template.id) for (const row of template.rows) map.set(row.id, row.id);
    else if (other) {
      const byIndicator = new Map(other.rows.filter((x) => x.indicator).map((x) => [x.indicator!, x.id]));
      for (const row of template.rows) if (row.indicator && byIndicator.has(row.indicator)) map.set(row.id, byIndicator.get(row.indicator)!);
    }
    rowFor.set(r.template_id, map);
  }

  const periods = chosen.sort((a, b) => comparePeriods(periodOf(a[0]!), periodOf(b[0]!)));
  for (const row of template.rows) {
    if (row.kind.type === 'coded' || row.kind.type === 'text') continue;
    const points: RowHistoryPoint[] = [];
    for (const reports of periods) {
      const period = periodOf(reports[0]!);
      if (!comparable(row, period, current)) continue;
      const found = reports.map((r) => {
        const sourceRow = rowFor.get(r.template_id)?.get(row.id);
        return sourceRow === undefined ? undefined : figuresOf.get(r.id)?.get(sourceRow);
      });
      if (found.some((v) => v === undefined)) continue; // a predecessor without the figure: no comparable total
      const values = found as number[];
      // merged agencies' counts and amounts add up; their percentages and averages do not
      const adds = row.kind.type === 'count' || row.kind.type === 'money';
      if (values.length > 1 && !adds) continue;
      points.push({ period, label: periodLabel(period), value: values.reduce((s, v) => s + v, 0) });
    }
    if (points.length > 0) history.set(row.id, points.slice(-OUTLIER_DEFAULTS.window));
  }
  return history;
}

/** The outlier warnings of a report's values against its agency's history. */
export async function outlierFindingsFor(ctx: Context, report: Report, template: Template, values: ReportValues): Promise<Finding[]> {
  const history = await historyOfReport(ctx, report, template);
  return history.size === 0 ? [] : outlierFindings(template, values, history);
}

/** The history of a report the actor may read (GET /reports/:id/history). */
export async function reportHistory(ctx: Context, actor: Actor, id: string): Promise<ReportHistory> {
  const report = await getReport(ctx.db, id);
  if (!report || !may(actor, 'report:read', report.agency_id)) throw notFound('report', id);
  const template = await getTemplateVersion(ctx.db, report.template_id);
  if (!template) throw notFound('template', report.template_id);
  return historyOfReport(ctx, report, template);
}
