/**
 * The annual plan → API shapes (the shared schemas' types: a presenter that drifts from the schema fails the
 * type-check). Files leave without their content; tasks with the flags the page acts on.
 */
import type { z } from 'zod';
import type { planSchema, planSummarySchema, planTaskSchema, prefillPreviewSchema, prefillResultSchema } from '../../shared/plan-schemas.js';
import type { PlanRow } from '../repositories/plan.repository.js';
import type { PlanTaskView, PlanView } from '../services/plan.service.js';
import type { PrefillOutcome, PrefillPreview } from '../services/plan-prefill.service.js';
import { presentReport } from './report.presenter.js';

export type PlanSummaryDto = z.infer<typeof planSummarySchema>;
export type PlanDto = z.infer<typeof planSchema>;
export type PlanTaskDto = z.infer<typeof planTaskSchema>;

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

export const presentPlanSummary = (p: PlanRow & { province_name: string; tasks: number }): PlanSummaryDto => ({
  id: p.id,
  provinceId: p.province_id,
  provinceName: p.province_name,
  year: p.year,
  title: p.title,
  decision: p.decision,
  version: p.version,
  tasks: p.tasks,
});

export const presentPlanTask = (t: PlanTaskView): PlanTaskDto => ({
  id: t.id,
  planId: t.plan_id,
  position: t.position,
  ownerAgencyId: t.owner_agency_id,
  ownerAgencyName: t.owner_name,
  area: t.area,
  title: t.title,
  responsibleAgencyId: t.responsible_agency_id,
  responsibleAgencyName: t.responsible_name,
  deadline: t.deadline,
  expectedOutput: t.expected_output,
  status: t.status,
  doneOn: t.done_on,
  note: t.progress_note,
  evidenceReport:
    t.evidence_report_id !== null && t.evidence_period_year !== null
      ? {
          id: t.evidence_report_id,
          agencyId: t.evidence_agency_id ?? '',
          periodYear: t.evidence_period_year,
          periodKind: t.evidence_period_kind ?? '',
        }
      : null,
  files: t.files.map((f) => ({ id: f.id, fileName: f.file_name, contentType: f.content_type, size: f.size, uploadedAt: iso(f.uploaded_at) })),
  version: t.version,
  overdue: t.overdue,
  mayUpdateProgress: t.mayUpdateProgress,
});

export const presentPlan = (v: PlanView): PlanDto => ({
  ...presentPlanSummary({ ...v.plan, tasks: v.tasks.length }),
  today: v.today,
  mayManage: v.mayManage,
  tasks: v.tasks.map(presentPlanTask),
  agencies: v.agencies.map((a) => ({ id: a.id, name: a.name })),
});

export const presentPrefillPreview = (p: PrefillPreview): z.infer<typeof prefillPreviewSchema> => ({
  reportId: p.report.id,
  planId: p.plan.id,
  planTitle: p.plan.title,
  year: p.plan.year,
  period: { from: p.period.from, to: p.period.to },
  rows: p.rows.map((r) => ({ ...r })),
  mayFill: p.mayFill,
});

export const presentPrefillResult = (o: PrefillOutcome): z.infer<typeof prefillResultSchema> => ({
  filled: [...o.filled],
  kept: [...o.kept],
  report: presentReport(o.report),
});
