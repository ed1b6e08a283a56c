/** The officer's home → its API shape (the shared homeSchema). */
import type { z } from 'zod';
import type { PeriodKind } from '../../core/periods/period.js';
import type { homeSchema } from '../../shared/api-schemas.js';
import type { OfficerHome } from '../services/officer-home.service.js';

export type HomeDto = z.infer<typeof homeSchema>;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export const presentOfficerHome = (home: OfficerHome): HomeDto => ({
  reports: home.reports.map((r) => ({
    id: r.id,
    agencyId: r.agency_id,
    agencyName: r.agency_name,
    roundId: r.round_id,
    deadline: r.deadline,
    templateId: r.template_id,
    templateName: r.template_name,
    period: { year: r.period_year, kind: r.period_kind as PeriodKind },
    status: r.status,
    version: r.version,
    submittedAt: iso(r.submitted_at),
    sentToLeaderAt: iso(r.sent_to_leader_at),
    sentToLeaderBy: r.sent_to_leader_by_name,
    returnReasons: r.returnReasons.map((x) => ({ rowId: x.rowId, rowLabel: x.rowLabel, text: x.text })),
  })),
  requests: home.requests.map((n) => ({
    id: n.id,
    reportId: n.report_id,
    agencyId: n.agency_id,
    body: n.body,
    at: new Date(n.created_at).toISOString(),
  })),
});
