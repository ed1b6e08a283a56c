/** Rounds, agencies and notices → API shapes (the shared schemas' types). */
import type { z } from 'zod';
import type { PeriodKind } from '../../core/periods/period.js';
import type { agencySchema, boardSchema, noticeSchema, roundSchema } from '../../shared/api-schemas.js';
import type { Agency } from '../repositories/agency.repository.js';
import type { listNotices } from '../repositories/notice.repository.js';
import type { Round } from '../repositories/round.repository.js';
import type { RoundBoard } from '../services/workflow.service.js';

export type AgencyDto = z.infer<typeof agencySchema>;
export type RoundDto = z.infer<typeof roundSchema>;
export type BoardDto = z.infer<typeof boardSchema>;
export type NoticeDto = z.infer<typeof noticeSchema>;
type Notice = Awaited<ReturnType<typeof listNotices>>[number];

export const presentAgency = (a: Agency): AgencyDto => ({
  id: a.id,
  parentId: a.parent_id,
  kind: a.kind,
  name: a.name,
  province: a.province,
  validFrom: a.valid_from,
  validTo: a.valid_to,
  successorId: a.successor_id,
});

export const presentRound = (r: Round & { agency_ids?: string[] }): RoundDto => ({
  id: r.id,
  templateId: r.template_id,
  period: { year: r.period_year, kind: r.period_kind as PeriodKind },
  cutoff: { from: r.cutoff_from, to: r.cutoff_to },
  deadline: r.deadline,
  status: r.status,
  ...(r.agency_ids ? { agencyIds: r.agency_ids } : {}),
});

/** The completeness board of a round: every agency's state, timeliness and open findings. */
export const presentBoard = (board: RoundBoard): BoardDto => ({
  deadline: board.round.deadline,
  counts: board.counts,
  rows: board.rows.map((row) => ({
    reportId: row.report.id,
    agencyId: row.report.agency_id,
    agencyName: row.agencyName,
    status: row.report.status,
    version: row.report.version,
    submittedAt: row.report.submitted_at ? new Date(row.report.submitted_at).toISOString() : null,
    timeliness: row.timeliness,
    errors: row.errors,
    warnings: row.warnings,
  })),
});

export const presentNotice = (n: Notice): NoticeDto => ({
  id: n.id,
  agencyId: n.agency_id,
  roundId: n.round_id,
  body: n.body,
  at: new Date(n.created_at).toISOString(),
});
