/** Reporting rounds: opened by the Sở Nội vụ for a template version, a period and a set of agencies. */
import { cutoffRange, type Period } from '../../core/periods/period.js';
import { defaultDeadline } from '../../core/periods/deadline.js';
import type { Context } from '../context.js';
import { may, type Actor } from '../policies/access.js';
import { recordAudit } from '../repositories/audit.repository.js';
import { agenciesClosedBefore, getRound, insertRound, insertRoundReports, listRounds } from '../repositories/round.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';
import { prefillRoundFromPlan } from './plan-prefill.service.js';
import { forbidden, notFound, ServiceError } from './service-error.js';

export interface RoundInput {
  templateId: string;
  period: Period;
  cutoff?: { from: string; to: string };
  deadline?: string;
  agencyIds: string[];
}

export async function createRound(ctx: Context, actor: Actor, input: RoundInput) {
  if (!may(actor, 'round:create')) throw forbidden('round:create');
  const outside = input.agencyIds.filter((a) => !may(actor, 'round:create', a));
  if (outside.length > 0) throw forbidden(`round for agencies outside scope: ${outside.join(', ')}`);
  if (!(await getTemplateVersion(ctx.db, input.templateId))) throw notFound('template', input.templateId);
  const cutoff = input.cutoff ?? cutoffRange(input.period);
  const deadline = input.deadline ?? defaultDeadline(cutoff);
  if (cutoff.from > cutoff.to || deadline < cutoff.from) {
    throw new ServiceError(422, 'bad-dates', 'Ngày chốt số liệu hoặc hạn nộp không hợp lệ.', 'cut-off or deadline out of order');
  }
  const agencyIds = [...new Set(input.agencyIds)].sort();
  // an agency closed before the round's figures begin has nothing to report for it (its successor reports)
  const closed = await agenciesClosedBefore(ctx.db, agencyIds, cutoff.from);
  if (closed.length > 0) {
    const shown = closed.slice(0, 10).map((a) => `${a.name} (hết hiệu lực từ ${dayText(a.valid_to)})`);
    const more = closed.length > shown.length ? ` và ${closed.length - shown.length} đơn vị khác` : '';
    throw new ServiceError(
      422,
      'closed-agencies',
      `Không thể mở đợt báo cáo cho đơn vị đã hết hiệu lực trước kỳ báo cáo (số liệu từ ngày ${dayText(cutoff.from)}): ${shown.join('; ')}${more}.`,
      `round for agencies closed before the cut-off ${cutoff.from}: ${closed.map((a) => `${a.id} (valid to ${a.valid_to})`).join(', ')}`,
    );
  }
  const now = ctx.clock.now();
  const id = ctx.ids.next('round');
  await ctx.db.transaction().execute(async (trx) => {
    const round = {
      id,
      template_id: input.templateId,
      period_year: input.period.year,
      period_kind: input.period.kind,
      cutoff_from: cutoff.from,
      cutoff_to: cutoff.to,
      deadline,
      status: 'open' as const,
      created_by: actor.accountId,
      created_at: now,
    };
    await insertRound(trx, round, agencyIds);
    await insertRoundReports(
      trx,
      agencyIds.map((agencyId) => ({
        id: ctx.ids.next('report'),
        agency_id: agencyId,
        round_id: id,
        template_id: input.templateId,
        period_year: input.period.year,
        period_kind: input.period.kind,
        status: 'not-started',
        signer: null,
        source: 'entry',
        submitted_at: null,
        accepted_at: null,
        created_at: now,
        updated_at: now,
      })),
    );
    await recordAudit(trx, { actorId: actor.accountId, action: 'create-round', entity: 'round', entityId: id, after: { ...round, agencyIds } }, now);
  });
  // the plan figures of the year's CCHC plan, in the reports nobody has started (they stay not started)
  await prefillRoundFromPlan(ctx, id, actor.accountId);
  return (await getRound(ctx.db, id))!;
}

/** 2026-03-31 → 31/03/2026, for messages. */
const dayText = (iso: string) => iso.split('-').reverse().join('/');

export async function viewRound(ctx: Context, actor: Actor, id: string) {
  const round = await getRound(ctx.db, id);
  if (!round || !may(actor, 'round:read') || !round.agency_ids.some((a) => actor.scope.has(a))) throw notFound('round', id);
  // an agency sees the round, but only its own place in it
  return { ...round, agency_ids: round.agency_ids.filter((a) => actor.scope.has(a)) };
}

export async function listVisibleRounds(ctx: Context, actor: Actor) {
  if (!may(actor, 'round:read')) throw forbidden('round:read');
  return listRounds(ctx.db, [...actor.scope]);
}
