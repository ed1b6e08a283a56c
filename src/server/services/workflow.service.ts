/**
 * Moving reports through a round: the approver submits (explaining every error), the Sở Nội vụ returns with reasons,
 * accepts, or reopens. Each step checks the version the actor read, is audited, and a submission keeps a snapshot.
 */
import type { Template } from '../../core/catalogue/template.js';
import { runChecks } from '../../core/checks/run-checks.js';
import { keepFindings } from './report-findings.js';
import { periodLabel, timelinessOf, type PeriodKind, type Timeliness } from '../../core/periods/period.js';
import {
  diffSubmissions,
  statusesAllowing,
  statusLabel,
  transition,
  type CellChange,
  type WorkflowAction,
} from '../../core/workflow/report-workflow.js';
import { diffNarratives, type SectionChange } from '../../core/workflow/narrative-diff.js';
import { signatureProblem, type SignatureForm } from '../../core/workflow/signature-form.js';
import { unreadableFindings } from '../../core/values/cell-reading.js';
import type { Context } from '../context.js';
import type { Report } from '../repositories/report.repository.js';
import { may, type Action, type Actor } from '../policies/access.js';
import { getAgency } from '../repositories/agency.repository.js';
import { recordAudit } from '../repositories/audit.repository.js';
import { bumpVersion, getValues, listReports, toCellValue } from '../repositories/report.repository.js';
import { getRound, type Round } from '../repositories/round.repository.js';
import { insertComment, insertSubmission, listSubmissions } from '../repositories/submission.repository.js';
import { insertNotice } from '../repositories/notice.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';
import { presentReport } from '../presenters/report.presenter.js';
import { viewReport, type ReportData } from './report.service.js';
import { forbidden, notFound, ServiceError, STALE_VERSION_VI, staleVersion } from './service-error.js';

const PERMISSION: Record<Exclude<WorkflowAction, 'save'>, Action> = {
  submit: 'report:submit',
  return: 'report:review',
  accept: 'report:review',
  reopen: 'report:review',
};

export interface WorkflowRequest {
  version: number;
  explanations?: { rule: string; text: string }[];
  reasons?: { rowId: string | null; text: string }[];
  signer?: string | null;
  /** The signature form of a submission: the head, or KT./TM./TL. with the signer's own title. */
  signature?: SignatureForm;
}

export async function moveReport(
  ctx: Context,
  actor: Actor,
  id: string,
  action: Exclude<WorkflowAction, 'save'>,
  request: WorkflowRequest,
): Promise<ReportData> {
  const current = await viewReport(ctx, actor, id); // 404 outside the actor's agencies
  const { report } = current;
  if (!may(actor, PERMISSION[action], report.agency_id)) throw forbidden(PERMISSION[action]);
  if (report.version !== request.version) throw staleStep(id, current);
  const explanations = new Map((request.explanations ?? []).map((e) => [e.rule, e.text]));
  const result = transition(report.status, action, { findings: current.findings, explanations, reasons: request.reasons ?? [] });
  if (!result.ok) {
    const status = result.code === 'not-allowed-now' ? 409 : 422;
    throw new ServiceError(
      status,
      result.code,
      result.messageVi,
      `cannot ${action} report ${id} (${report.status}): ${result.code}`,
      result.missing ? { missing: result.missing } : {},
    );
  }
  const signature =
    action === 'submit' && request.signature ? { ...request.signature, signer: request.signature.signer?.trim() || (request.signer ?? null) } : null;
  const signatureWrong = signature ? signatureProblem(signature) : null;
  if (signatureWrong) throw new ServiceError(422, 'invalid-signature', signatureWrong, `cannot submit report ${id}: incomplete signature form`);
  const now = ctx.clock.now();
  const stale = await ctx.db.transaction().execute(async (trx) => {
    const changes =
      action === 'submit'
        ? { status: result.to, submitted_at: now, signer: signature?.signer ?? request.signer ?? report.signer }
        : action === 'accept'
          ? { status: result.to, accepted_at: now }
          : action === 'reopen'
            ? { status: result.to, accepted_at: null, sent_to_leader_at: null, sent_to_leader_by: null }
            : { status: result.to, sent_to_leader_at: null, sent_to_leader_by: null }; // returned: sent to the leader anew once fixed
    if (!(await bumpVersion(trx, id, request.version, changes, now))) return true;
    if (action === 'submit') {
      const number = (await listSubmissions(trx, id)).length + 1;
      await insertSubmission(trx, id, {
        number,
        submittedAt: now,
        submittedBy: actor.accountId,
        cells: current.values,
        narrative: current.narrative.map((s) => ({ heading: s.heading, level: s.level, body: s.body })),
        explanations: [...explanations].filter(([, text]) => text.trim()).map(([rule, text]) => ({ rule, text })),
        signature,
      });
      for (const [rule, text] of explanations) {
        if (!text.trim()) continue;
        const finding = current.findings.find((f) => f.rule === rule);
        await insertComment(trx, {
          id: ctx.ids.next('comment'),
          reportId: id,
          rowId: finding?.rows[0] ?? null,
          authorId: actor.accountId,
          kind: 'explanation',
          body: text.trim(),
          at: now,
        }); // the finding by its row, never by its internal rule code
      }
    }
    for (const reason of request.reasons ?? []) {
      if (!reason.text.trim() || (action !== 'return' && action !== 'reopen')) continue;
      await insertComment(trx, {
        id: ctx.ids.next('comment'),
        reportId: id,
        rowId: reason.rowId,
        authorId: actor.accountId,
        kind: 'return-reason',
        body: reason.text.trim(),
        at: now,
      });
    }
    await recordAudit(
      trx,
      {
        actorId: actor.accountId,
        action: `${action}-report`,
        entity: 'report',
        entityId: id,
        before: { version: request.version, status: report.status },
        after: { version: request.version + 1, status: result.to, explanations: request.explanations ?? [], reasons: request.reasons ?? [] },
      },
      now,
    );
    return false;
  });
  if (stale) throw staleStep(id, await viewReport(ctx, actor, id));
  // a submitted report enters the consolidation: its findings are kept for the consolidation's counts.
  // Not kept here (an error after the submit is committed), they are checked when the consolidation's findings are read.
  if (action === 'submit') await keepFindings(ctx, [{ reportId: id, templateId: report.template_id }]).catch(() => undefined);
  return viewReport(ctx, actor, id);
}

/**
 * The reporting officer sends the report to her agency's leader ("Gửi lãnh đạo duyệt"): the report records when and by
 * whom, and the agency's approvers get a notice naming it. The leader then submits (or asks for changes in person).
 * Sent again after a change, the notice is sent again; the report stays editable.
 */
export async function sendToLeader(ctx: Context, actor: Actor, id: string, version: number): Promise<ReportData> {
  const current = await viewReport(ctx, actor, id); // 404 outside the actor's agencies
  const { report } = current;
  if (!may(actor, 'report:write', report.agency_id)) throw forbidden('report:write');
  if (report.version !== version) throw staleStep(id, current);
  if (!statusesAllowing('submit').includes(report.status)) {
    throw new ServiceError(
      409,
      'not-allowed-now',
      `Không thể gửi lãnh đạo duyệt báo cáo đang ở trạng thái "${statusLabel(report.status)}".`,
      `cannot send report ${id} (${report.status}) to the leader`,
    );
  }
  const now = ctx.clock.now();
  const period = periodLabel({ year: report.period_year, kind: report.period_kind as PeriodKind });
  const body = `${actor.displayName} đã gửi báo cáo ${period.charAt(0).toLocaleLowerCase('vi')}${period.slice(1)} để lãnh đạo duyệt và nộp.`;
  const stale = await ctx.db.transaction().execute(async (trx) => {
    const changes = {
      sent_to_leader_at: now,
      sent_to_leader_by: actor.accountId,
      ...(report.status === 'not-started' ? { status: 'draft' as const } : {}),
    };
    if (!(await bumpVersion(trx, id, version, changes, now))) return true;
    await insertNotice(trx, {
      id: ctx.ids.next('notice'),
      agencyId: report.agency_id,
      roundId: report.round_id,
      body,
      createdBy: actor.accountId,
      at: now,
      kind: 'approval-request',
      reportId: id,
      toRole: 'approver',
    });
    await recordAudit(
      trx,
      {
        actorId: actor.accountId,
        action: 'send-report-to-leader',
        entity: 'report',
        entityId: id,
        before: { version, status: report.status },
        after: { version: version + 1, sentToLeaderAt: now.toISOString() },
      },
      now,
    );
    return false;
  });
  if (stale) throw staleStep(id, await viewReport(ctx, actor, id));
  return viewReport(ctx, actor, id);
}

/** A step taken from a version the report no longer has: the current report goes with the refusal. */
const staleStep = (id: string, current: ReportData) =>
  staleVersion(`report ${id}: stale version`, { currentVersion: current.report.version, current: presentReport(current) }, STALE_VERSION_VI.act);

export async function submissionsOf(ctx: Context, actor: Actor, id: string) {
  await viewReport(ctx, actor, id); // 404 outside the actor's agencies
  return listSubmissions(ctx.db, id);
}

/** What changed from submission `from` to submission `to` (or to the current values when `to` is absent). */
export async function diffOf(ctx: Context, actor: Actor, id: string, from: number, to?: number): Promise<CellChange[]> {
  const report = await viewReport(ctx, actor, id);
  const submissions = await listSubmissions(ctx.db, id);
  const before = submissions.find((s) => s.number === from);
  const after = to === undefined ? { cells: report.values } : submissions.find((s) => s.number === to);
  if (!before || !after) throw notFound('submission', `${id}#${from}-${to ?? 'current'}`);
  const template = (await getTemplateVersion(ctx.db, report.report.template_id)) as Template;
  return diffSubmissions(
    before.cells,
    after.cells,
    template.rows.map((r) => r.id),
  );
}

/** What changed in the narrative from submission `from` to submission `to` (or to the current narrative when `to` is absent). */
export async function narrativeDiffOf(ctx: Context, actor: Actor, id: string, from: number, to?: number): Promise<SectionChange[]> {
  const report = await viewReport(ctx, actor, id);
  const submissions = await listSubmissions(ctx.db, id);
  const before = submissions.find((s) => s.number === from);
  const after = to === undefined ? { narrative: report.narrative } : submissions.find((s) => s.number === to);
  if (!before || !after) throw notFound('submission', `${id}#${from}-${to ?? 'current'}`);
  return diffNarratives(before.narrative ?? [], after.narrative);
}

export interface BoardRow {
  report: Report;
  agencyName: string;
  /** on-time: submitted by the deadline; late: submitted after it, or still not submitted once it has passed; open: not due yet. */
  timeliness: Timeliness;
  errors: number;
  warnings: number;
}

export interface RoundBoard {
  round: Round;
  rows: BoardRow[];
  counts: Record<Report['status'], number>;
}

/** The completeness board of a round: every agency's state, timeliness and open findings. */
export async function roundBoard(ctx: Context, actor: Actor, roundId: string): Promise<RoundBoard> {
  const round = await getRound(ctx.db, roundId);
  if (!round || !round.agency_ids.some((a) => actor.scope.has(a)) || !may(actor, 'round:read')) throw notFound('round', roundId);
  const template = (await getTemplateVersion(ctx.db, round.template_id)) as Template;
  const reports = await listReports(ctx.db, { agencyIds: [...actor.scope], roundId });
  const now = ctx.clock.now();
  const rows: BoardRow[] = [];
  for (const report of reports) {
    const values = new Map((await getValues(ctx.db, report.id)).map((v) => [v.row_id, toCellValue(v)]));
    const findings = [...unreadableFindings(template, values), ...runChecks(template, values)]; // as the report page counts them
    const submittedAt = report.submitted_at ? new Date(report.submitted_at) : null;
    rows.push({
      report,
      agencyName: (await getAgency(ctx.db, report.agency_id))?.name ?? report.agency_id,
      timeliness: timelinessOf(round.deadline, submittedAt, now), // the dashboards' rule (core), so the two never drift
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
    });
  }
  rows.sort((a, b) => a.agencyName.localeCompare(b.agencyName, 'vi'));
  const counts = { 'not-started': 0, draft: 0, submitted: 0, returned: 0, accepted: 0 } as Record<Report['status'], number>;
  for (const row of rows) counts[row.report.status]++;
  return { round, rows, counts };
}
