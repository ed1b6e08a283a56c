/** Reminders: the Sở Nội vụ reminds every agency of a round that has not submitted yet; agencies see the notice in the app. */
import { statusesAllowing } from '../../core/workflow/report-workflow.js';
import { periodLabel, type PeriodKind } from '../../core/periods/period.js';
import type { Context } from '../context.js';
import { may, type Actor } from '../policies/access.js';
import { listActiveEmails } from '../repositories/account.repository.js';
import { recordAudit } from '../repositories/audit.repository.js';
import { insertNotice, listNotices } from '../repositories/notice.repository.js';
import { listReports } from '../repositories/report.repository.js';
import { getRound } from '../repositories/round.repository.js';
import { forbidden, notFound } from './service-error.js';

const dmy = (iso: string) => iso.split('-').reverse().join('/');

export async function remindRound(ctx: Context, actor: Actor, roundId: string): Promise<{ reminded: string[]; emailed: number }> {
  const round = await getRound(ctx.db, roundId);
  if (!round || !round.agency_ids.some((a) => actor.scope.has(a))) throw notFound('round', roundId);
  if (!may(actor, 'report:review')) throw forbidden('remind');
  const pending = (await listReports(ctx.db, { agencyIds: [...actor.scope], roundId })).filter((r) => statusesAllowing('submit').includes(r.status));
  const label = periodLabel({ year: round.period_year, kind: round.period_kind as PeriodKind });
  // "Quý III năm 2022" → "quý III năm 2022": only the first letter, never the Roman numeral
  const body = `Đề nghị hoàn thành và nộp báo cáo cải cách hành chính ${label.charAt(0).toLocaleLowerCase('vi')}${label.slice(1)} trước ngày ${dmy(round.deadline)}.`;
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    for (const report of pending) {
      await insertNotice(trx, { id: ctx.ids.next('notice'), agencyId: report.agency_id, roundId, body, createdBy: actor.accountId, at: now });
    }
    await recordAudit(
      trx,
      {
        actorId: actor.accountId,
        action: 'remind-round',
        entity: 'round',
        entityId: roundId,
        after: { agencies: pending.map((r) => r.agency_id), body },
      },
      now,
    );
  });
  // e-mail, when SMTP is configured: to the accounts of the reminded agencies that have an address
  let emailed = 0;
  if (ctx.mailer && pending.length > 0) {
    const agencies = pending.map((r) => r.agency_id);
    const to = (await listActiveEmails(ctx.db)).filter((a) => a.agency_ids.some((id) => agencies.includes(id))).map((a) => a.email);
    try {
      await ctx.mailer.send({ to, subject: `[CCHC] Nhắc nộp báo cáo ${label.charAt(0).toLocaleLowerCase('vi')}${label.slice(1)}`, text: body });
      emailed = to.length;
    } catch (error) {
      // the in-app notices stand; the failure is logged by the caller's logger, not fatal
      console.warn(`reminder e-mail failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { reminded: pending.map((r) => r.agency_id), emailed };
}

/** The latest notices the actor's agencies received. */
export async function noticesFor(ctx: Context, actor: Actor) {
  return listNotices(ctx.db, [...actor.scope]);
}
