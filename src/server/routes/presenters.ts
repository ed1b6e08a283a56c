/** Database rows → API shapes (camelCase, the shared schemas). */
import type { Actor } from '../policies/access.js';
import type { Agency } from '../repositories/agency.repository.js';
import type { Report } from '../repositories/report.repository.js';
import type { Round } from '../repositories/round.repository.js';
import type { PeriodKind } from '../../core/periods/period.js';

export const presentActor = (actor: Actor, agencyIds: string[]) => ({
  accountId: actor.accountId,
  username: actor.username,
  displayName: actor.displayName,
  role: actor.role,
  agencyIds,
});

export const presentAgency = (a: Agency) => ({
  id: a.id,
  parentId: a.parent_id,
  kind: a.kind,
  name: a.name,
  province: a.province,
  validFrom: a.valid_from,
  validTo: a.valid_to,
  successorId: a.successor_id,
});

export const presentRound = (r: Round & { agency_ids?: string[] }) => ({
  id: r.id,
  templateId: r.template_id,
  period: { year: r.period_year, kind: r.period_kind as PeriodKind },
  cutoff: { from: r.cutoff_from, to: r.cutoff_to },
  deadline: r.deadline,
  status: r.status,
  ...(r.agency_ids ? { agencyIds: r.agency_ids } : {}),
});

export const presentReportSummary = (r: Report) => ({
  id: r.id,
  agencyId: r.agency_id,
  roundId: r.round_id,
  templateId: r.template_id,
  period: { year: r.period_year, kind: r.period_kind as PeriodKind },
  status: r.status,
  version: r.version,
});
