/**
 * A report's plan figures filled in from the annual CCHC plan ("Lấy số liệu từ kế hoạch"): the rows whose indicator
 * the mapping (templates/plan/plan-indicators.yaml) names get the plan's figure for the report's cut-off range (the
 * round's, else the period's default). Only empty cells are written — never a value the officer typed — and through
 * the one write path of report cells (report-write.ts → the group commit of value-writer.ts), audited as
 * 'prefill-plan', with the plan as the cells' provenance. The officer corrects a figure afterwards like any cell.
 */
import type { Template } from '../../core/catalogue/template.js';
import { cutoffRange, type DateRange, type PeriodKind } from '../../core/periods/period.js';
import { proposePrefill, type PrefillProposal, type PrefillTask } from '../../core/plan/plan-prefill.js';
import type { Context } from '../context.js';
import type { ReportStatus } from '../db/schema.js';
import { may, type Actor } from '../policies/access.js';
import { getAgency } from '../repositories/agency.repository.js';
import { anyPlanOf, findPlan, listTasks, provincesAbove, type PlanRow } from '../repositories/plan.repository.js';
import { getReport, getValues, listReports, writeCellBatch, type CellBatchItem, type Report } from '../repositories/report.repository.js';
import { getRound } from '../repositories/round.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';
import { planMapping } from './plan-mapping.js';
import { cellWriteOf, isEditable } from './report-write.js';
import { viewReport, type ReportData } from './report.service.js';
import { forbidden, notFound, reportLocked, ServiceError, staleVersion } from './service-error.js';
import { valueWriterOf } from './value-writer.js';

export interface PrefillPreview {
  report: Report;
  plan: PlanRow;
  period: DateRange;
  rows: PrefillProposal[];
  mayFill: boolean;
}

export interface PrefillOutcome {
  filled: string[];
  kept: string[];
  report: ReportData;
}

async function cutoffOf(ctx: Context, report: Report): Promise<DateRange> {
  const round = report.round_id ? await getRound(ctx.db, report.round_id) : undefined;
  if (round) return { from: round.cutoff_from, to: round.cutoff_to };
  return cutoffRange({ year: report.period_year, kind: report.period_kind as PeriodKind });
}

/** What the plan proposes for a report whose access was checked (no plan for the year: 404 no-plan). */
async function proposalsFor(
  ctx: Context,
  report: Report,
): Promise<{ plan: PlanRow; period: DateRange; rows: PrefillProposal[]; template: Template }> {
  const [template, agency, province] = await Promise.all([
    getTemplateVersion(ctx.db, report.template_id),
    getAgency(ctx.db, report.agency_id),
    provincesAbove(ctx.db, [report.agency_id]),
  ]);
  if (!template) throw notFound('template', report.template_id);
  const plan = province[0] ? await findPlan(ctx.db, province[0], report.period_year) : undefined;
  if (!plan)
    throw new ServiceError(
      404,
      'no-plan',
      `Chưa có kế hoạch CCHC năm ${report.period_year} của tỉnh để lấy số liệu.`,
      `no plan for ${province[0] ?? '(no province)'} ${report.period_year}`,
    );
  const period = await cutoffOf(ctx, report);
  const tasks: PrefillTask[] = (await listTasks(ctx.db, plan.id)).map((t) => ({
    ownerAgencyId: t.owner_agency_id,
    responsibleAgencyId: t.responsible_agency_id,
    deadline: t.deadline,
    status: t.status,
    doneOn: t.done_on,
  }));
  // a cell whose value an earlier fill from the plan wrote (any save of the cell since clears its provenance)
  const fromPlan = (provenance: unknown) => (provenance as { source?: unknown } | null)?.source === 'plan';
  const current = new Map(
    (await getValues(ctx.db, report.id)).map((v) => [v.row_id, { raw: v.raw, status: v.status, fromPlan: fromPlan(v.provenance) }]),
  );
  const rows = proposePrefill(
    template.rows,
    planMapping(ctx.templates.indicators),
    tasks,
    { id: report.agency_id, roles: agency?.roles ?? [] },
    period,
    current,
  );
  return { plan, period, rows, template };
}

async function visibleReport(ctx: Context, actor: Actor, id: string): Promise<Report> {
  const report = await getReport(ctx.db, id);
  if (!report || !may(actor, 'report:read', report.agency_id)) throw notFound('report', id);
  return report;
}

export async function previewPlanPrefill(ctx: Context, actor: Actor, reportId: string): Promise<PrefillPreview> {
  const report = await visibleReport(ctx, actor, reportId);
  const { plan, period, rows } = await proposalsFor(ctx, report);
  return { report, plan, period, rows, mayFill: may(actor, 'report:write', report.agency_id) && isEditable(report.status) };
}

/** The write of a report's empty plan rows (null when there is nothing to fill), and the rows the officer had filled. */
async function planWrite(
  ctx: Context,
  report: Report,
  version: number,
  actorId: string | null,
): Promise<{ item: CellBatchItem | null; filled: string[]; kept: string[] }> {
  const { plan, rows, template } = await proposalsFor(ctx, report);
  const kinds = new Map(template.rows.map((r) => [r.id, r.kind]));
  const toFill = rows.filter((r) => r.action === 'fill');
  const kept = rows.filter((r) => r.action === 'kept').map((r) => r.rowId);
  if (toFill.length === 0) return { item: null, filled: [], kept };
  const writes = toFill.map((r) =>
    cellWriteOf(
      kinds.get(r.rowId)!,
      { rowId: r.rowId, raw: r.raw },
      { source: 'plan', planId: plan.id, measure: r.measure, tasks: r.tasks, scope: r.scope },
    ),
  );
  const item: CellBatchItem = {
    reportId: report.id,
    version,
    agencyId: report.agency_id,
    templateId: report.template_id,
    actorId,
    now: ctx.clock.now(),
    writes,
    action: 'prefill-plan',
    audit: { after: { planId: plan.id, kept } },
  };
  return { item, filled: toFill.map((r) => r.rowId), kept };
}

/**
 * Writes the plan's figures into the report's empty plan rows, with the version the writer read. Nothing to fill
 * (every mapped row filled by the officer, or no figure): no write, the report as it is.
 */
async function fill(
  ctx: Context,
  report: Report,
  version: number,
  actorId: string | null,
): Promise<{ filled: string[]; kept: string[] } | 'refused'> {
  const { item, filled, kept } = await planWrite(ctx, report, version, actorId);
  if (!item) return { filled, kept };
  const outcome = await valueWriterOf(ctx.db, ctx.engine).write(item);
  if (outcome.kind === 'refused') return 'refused';
  return { filled, kept };
}

export async function fillReportFromPlan(ctx: Context, actor: Actor, reportId: string, version: number): Promise<PrefillOutcome> {
  const report = await visibleReport(ctx, actor, reportId);
  if (!may(actor, 'report:write', report.agency_id)) throw forbidden('report:write');
  if (!isEditable(report.status)) throw reportLocked(report);
  if (report.version !== version) throw staleVersion(`report ${reportId}: stale version`, { currentVersion: report.version });
  const done = await fill(ctx, report, version, actor.accountId);
  if (done === 'refused') {
    const now = (await getReport(ctx.db, reportId))!;
    if (!isEditable(now.status)) throw reportLocked(now);
    throw staleVersion(`report ${reportId}: stale version`, { currentVersion: now.version });
  }
  return { ...done, report: await viewReport(ctx, actor, reportId) };
}

/**
 * A fill at a round's opening leaves a report not started: the agency has not touched it, and the completeness board
 * must say so. (An officer's fill, like any save, makes it a draft.)
 */
const OPENING_FILL_STATUS: Readonly<Partial<Record<ReportStatus, ReportStatus>>> = { 'not-started': 'not-started' };

/**
 * Fills the plan figures of every report of a round that nobody has started yet, when the round opens
 * (round.service's createRound): the same write as a save (`writeCellBatch`, audited 'prefill-plan', the plan as the
 * cells' provenance), a batch of reports per statement, the reports staying not started. A round whose year has
 * no plan is left as it is. The reports written, by id.
 */
export async function prefillRoundFromPlan(ctx: Context, roundId: string, actorId: string | null): Promise<string[]> {
  const round = await getRound(ctx.db, roundId);
  if (!round) throw notFound('round', roundId);
  // most rounds open in a year without a plan: nothing to read report by report then
  if (!(await anyPlanOf(ctx.db, round.period_year))) return [];
  const items: CellBatchItem[] = [];
  for (const report of await listReports(ctx.db, { agencyIds: round.agency_ids, roundId })) {
    if (report.status !== 'not-started') continue;
    try {
      const { item } = await planWrite(ctx, report, report.version, actorId);
      if (item) items.push(item);
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'no-plan') continue;
      throw error;
    }
  }
  const written: string[] = [];
  for (let i = 0; i < items.length; i += 256) {
    const done = await writeCellBatch(ctx.db, items.slice(i, i + 256), OPENING_FILL_STATUS);
    written.push(...done.keys());
  }
  return written;
}
