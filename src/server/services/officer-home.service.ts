/**
 * The officer's home: the reports of her agency (and those below it) with status and deadline, in the order she works
 * them (returned ones first, with the reasons of the latest return), and the approval requests her leader received.
 * For the agency's accounts (reporter, approver); the Sở Nội vụ has the completeness board instead.
 */
import type { Template } from '../../core/catalogue/template.js';
import { compareHomeItems, latestReturnReasons } from '../../core/workflow/officer-home.js';
import type { PeriodKind } from '../../core/periods/period.js';
import type { Context } from '../context.js';
import { may, type Actor } from '../policies/access.js';
import { listApprovalRequests } from '../repositories/notice.repository.js';
import { listHomeReports, type HomeReportRow } from '../repositories/officer-home.repository.js';
import { listComments } from '../repositories/submission.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';
import { forbidden } from './service-error.js';

export interface HomeReport extends HomeReportRow {
  /** The reasons of the latest return while the report is returned, with the row's code and label when it names one. */
  returnReasons: { rowId: string | null; rowLabel: string | null; text: string }[];
}

export interface OfficerHome {
  reports: HomeReport[];
  /** Approval requests to the actor's role (the leader's), latest first. */
  requests: Awaited<ReturnType<typeof listApprovalRequests>>;
}

const rowLabelOf = (template: Template | undefined, rowId: string) => {
  const row = template?.rows.find((r) => r.id === rowId);
  return row ? `${row.form ? `Biểu ${row.form}, ` : ''}${row.code ?? ''} ${row.label}`.trim() : null;
};

export async function officerHome(ctx: Context, actor: Actor): Promise<OfficerHome> {
  if (!may(actor, 'report:write')) throw forbidden('report:write');
  const agencies = [...actor.scope];
  const rows = await listHomeReports(ctx.db, agencies);
  const templates = new Map<string, Template | undefined>();
  const reports: HomeReport[] = [];
  for (const row of rows) {
    let returnReasons: HomeReport['returnReasons'] = [];
    if (row.status === 'returned') {
      const comments = (await listComments(ctx.db, row.id)).map((c) => ({
        kind: c.kind,
        rowId: c.row_id,
        body: c.body,
        at: new Date(c.created_at).toISOString(),
      }));
      if (!templates.has(row.template_id)) templates.set(row.template_id, await getTemplateVersion(ctx.db, row.template_id));
      const template = templates.get(row.template_id);
      returnReasons = latestReturnReasons(row.status, comments).map((r) => ({ ...r, rowLabel: r.rowId ? rowLabelOf(template, r.rowId) : null }));
    }
    reports.push({ ...row, returnReasons });
  }
  const item = (r: HomeReport) => ({
    status: r.status,
    deadline: r.deadline,
    sentToLeaderAt: r.sent_to_leader_at ? new Date(r.sent_to_leader_at).toISOString() : null,
    period: { year: r.period_year, kind: r.period_kind as PeriodKind },
  });
  reports.sort((a, b) => compareHomeItems(item(a), item(b)));
  // a request stands while its report waits for the leader; the latest one per report
  const waiting = new Set(reports.filter((r) => r.sent_to_leader_at && (r.status === 'draft' || r.status === 'not-started')).map((r) => r.id));
  const seen = new Set<string>();
  const requests = (await listApprovalRequests(ctx.db, agencies, actor.role, 50)).filter((n) => {
    if (!n.report_id || !waiting.has(n.report_id) || seen.has(n.report_id)) return false;
    seen.add(n.report_id);
    return true;
  });
  return { reports, requests };
}
