/**
 * The REST API of the annual CCHC plan (shared by the server and the web client): plans per province and year, their
 * tasks with progress and evidence, the import of a plan file, and a report's figures filled in from the plan.
 */
import { z } from 'zod';
import { PLAN_AREAS, TASK_LIMITS, TASK_STATUSES, type PlanArea, type TaskStatus } from '../core/plan/plan.js';
import { PLAN_MEASURES, TASK_SELECTIONS, type PlanMeasure, type TaskSelection } from '../core/plan/plan-measures.js';
import { reportSchema } from './api-schemas.js';

const id = z.string().min(1).max(200);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u);
const version = z.number().int().min(1);

export const planAreaSchema = z.enum(PLAN_AREAS as [PlanArea, ...PlanArea[]]);
export const taskStatusSchema = z.enum(TASK_STATUSES as [TaskStatus, ...TaskStatus[]]);

/** Evidence files: at most this many per task, each at most this size. */
export const PLAN_FILE_LIMITS = { maxBytes: 10 * 1024 * 1024, perTask: 10 } as const;
/** An imported plan file (CSV or XLSX) at most this size. */
export const PLAN_IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export const planSummarySchema = z.object({
  id: z.string(),
  provinceId: z.string(),
  provinceName: z.string(),
  year: z.number().int(),
  title: z.string(),
  decision: z.string().nullable(),
  version: z.number().int(),
  tasks: z.number().int(),
});

export const planFileSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  uploadedAt: z.string(),
});

export const planTaskSchema = z.object({
  id: z.string(),
  planId: z.string(),
  position: z.number().int(),
  /** null: a task of the province's plan; else the agency whose own plan holds it. */
  ownerAgencyId: z.string().nullable(),
  ownerAgencyName: z.string().nullable(),
  area: planAreaSchema,
  title: z.string(),
  responsibleAgencyId: z.string(),
  responsibleAgencyName: z.string(),
  deadline: z.string(),
  expectedOutput: z.string().nullable(),
  status: taskStatusSchema,
  doneOn: z.string().nullable(),
  note: z.string().nullable(),
  /** A CCHC report linked as evidence. */
  evidenceReport: z.object({ id: z.string(), agencyId: z.string(), periodYear: z.number().int(), periodKind: z.string() }).nullable(),
  files: z.array(planFileSchema),
  version: z.number().int(),
  /** The deadline has passed (today, on the server's clock) and the task is not done. */
  overdue: z.boolean(),
  /** The signed-in account may report this task's progress. */
  mayUpdateProgress: z.boolean(),
});

export const planSchema = planSummarySchema.extend({
  /** The server's day (yyyy-mm-dd): what "overdue" was judged against. */
  today: z.string(),
  /** The signed-in account manages this plan (creates, edits, imports tasks). */
  mayManage: z.boolean(),
  tasks: z.array(planTaskSchema),
  /** The agencies a task may be given to (the province's; for managers), or those of the tasks shown. */
  agencies: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const planListQuery = z.object({}).strict();

export const createPlanBody = z
  .object({
    provinceId: id,
    year: z.number().int().min(2000).max(2100),
    title: z.string().trim().min(1).max(500),
    decision: z.string().trim().max(500).nullable().optional(),
  })
  .strict();

export const updatePlanBody = z
  .object({ version, title: z.string().trim().min(1).max(500), decision: z.string().trim().max(500).nullable() })
  .strict();

const taskFields = {
  area: z.string().min(1).max(50),
  title: z.string().max(TASK_LIMITS.title + 100),
  responsibleAgencyId: id,
  deadline: z.string().max(20),
  expectedOutput: z
    .string()
    .max(TASK_LIMITS.output + 100)
    .nullable(),
  /** The responsible agency's own task, not the province's. */
  own: z.boolean(),
};

/** A new task carries the plan's version it was made from (the plan's task list). */
export const createTaskBody = z.object({ planVersion: version, ...taskFields }).strict();
export const updateTaskBody = z.object({ version, ...taskFields }).strict();
export const taskVersionBody = z.object({ version }).strict();

export const progressBody = z
  .object({
    version,
    status: taskStatusSchema,
    doneOn: isoDate.nullable(),
    note: z
      .string()
      .max(TASK_LIMITS.note + 100)
      .nullable(),
    /** A CCHC report of the responsible agency linked as evidence, or null. */
    evidenceReportId: id.nullable(),
  })
  .strict();

export const fileParams = z.object({ id, fileId: id });
export const fileUploadQuery = z.object({ version: z.coerce.number().int().min(1) });

export const importResponse = z.object({ created: z.number().int(), plan: planSchema });

/** A problem of an imported file (the 422 problem document lists them all). */
export const importProblemSchema = z.object({ line: z.number().int().nullable(), column: z.string().nullable(), messageVi: z.string() });

export const prefillRowSchema = z.object({
  rowId: z.string(),
  label: z.string(),
  indicator: z.string(),
  measure: z.enum(PLAN_MEASURES as [PlanMeasure, ...PlanMeasure[]]),
  tasks: z.enum(TASK_SELECTIONS as [TaskSelection, ...TaskSelection[]]),
  scope: z.enum(['agency', 'province']),
  taskCount: z.number().int(),
  value: z.number().nullable(),
  raw: z.string(),
  current: z.string().nullable(),
  action: z.enum(['fill', 'kept', 'empty']),
});

export const prefillPreviewSchema = z.object({
  reportId: z.string(),
  planId: z.string(),
  planTitle: z.string(),
  year: z.number().int(),
  /** The report's cut-off range the figures are taken for. */
  period: z.object({ from: z.string(), to: z.string() }),
  rows: z.array(prefillRowSchema),
  /** The report may be written now (its status, the account's rights). */
  mayFill: z.boolean(),
});

export const prefillResultSchema = z.object({
  filled: z.array(z.string()),
  kept: z.array(z.string()),
  report: reportSchema,
});
