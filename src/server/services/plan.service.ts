/**
 * The annual CCHC plan: the Sở Nội vụ (and administrators) of a province create the year's plan and its tasks, by
 * hand or from a file; every agency of the province reads the province's tasks (and its own); the agency responsible
 * for a task reports its progress with evidence (files, or one of its CCHC reports). Every service starts with its
 * access check; every write carries the version it read (409 when stale) and is audited.
 */
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { progressProblems, taskProblems, isOverdue, type PlanArea, type TaskProblem, type TaskStatus } from '../../core/plan/plan.js';
import { parseCsv, readPlanTable, taskKey, type TableRow } from '../../core/plan/plan-import.js';
import { readXlsxReport } from '../../import/xlsx/xlsx-reader.js';
import { ImportError } from '../../import/import-error.js';
import type { Context } from '../context.js';
import { may, type Actor } from '../policies/access.js';
import { getReport } from '../repositories/report.repository.js';
import {
  agenciesOfProvince,
  countFiles,
  deleteTask,
  findPlan,
  getFile,
  getPlan,
  getTask,
  insertFile,
  insertPlan,
  insertTasks,
  listFiles,
  listPlans,
  listTasks,
  provincesAbove,
  removeFile,
  updatePlan,
  updateTask,
  type NewTask,
  type PlanFileMeta,
  type PlanRow,
  type PlanTaskListed,
} from '../repositories/plan.repository.js';
import { getAgency } from '../repositories/agency.repository.js';
import { PLAN_FILE_LIMITS } from '../../shared/plan-schemas.js';
import { forbidden, notFound, ServiceError, staleVersion } from './service-error.js';
import { storableNullable, storableText } from './report-write.js';

const STALE_PLAN_VI = 'Kế hoạch vừa được người khác cập nhật. Hãy xem bản mới nhất rồi thực hiện lại.';
const STALE_TASK_VI = 'Nhiệm vụ vừa được người khác cập nhật. Hãy xem bản mới nhất rồi thực hiện lại.';

/** The day in Việt Nam (UTC+7, no daylight saving) at `now`. */
export const vietnamDay = (now: Date): string => new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

export interface PlanTaskView extends PlanTaskListed {
  files: PlanFileMeta[];
  overdue: boolean;
  mayUpdateProgress: boolean;
}

export interface PlanView {
  plan: PlanRow & { province_name: string };
  tasks: PlanTaskView[];
  agencies: { id: string; name: string }[];
  mayManage: boolean;
  today: string;
}

/** The provinces whose plans the actor reads: those at or above its agencies. */
async function provincesOf(ctx: Context, actor: Actor): Promise<string[]> {
  return provincesAbove(ctx.db, [...actor.scope]);
}

/** A plan the actor may read; outside its province it does not exist. */
async function readablePlan(ctx: Context, actor: Actor, id: string): Promise<PlanRow> {
  if (!may(actor, 'plan:read')) throw forbidden('plan:read');
  const plan = await getPlan(ctx.db, id);
  if (!plan || !(actor.scope.has(plan.province_id) || (await provincesOf(ctx, actor)).includes(plan.province_id))) throw notFound('plan', id);
  return plan;
}

async function managedPlan(ctx: Context, actor: Actor, id: string): Promise<PlanRow> {
  const plan = await readablePlan(ctx, actor, id);
  if (!may(actor, 'plan:manage', plan.province_id)) throw forbidden('plan:manage');
  return plan;
}

/** Refuses (404 / 403) an actor who does not manage the plan: checked before an upload is read. */
export async function checkPlanManager(ctx: Context, actor: Actor, id: string): Promise<void> {
  await managedPlan(ctx, actor, id);
}

/** A task is seen by its plan's readers when it is the province's, else by those whose agencies hold its owner. */
const taskVisible = (actor: Actor, task: { owner_agency_id: string | null }) =>
  task.owner_agency_id === null || actor.scope.has(task.owner_agency_id);

const mayReportProgress = (actor: Actor, plan: PlanRow, task: { responsible_agency_id: string }) =>
  may(actor, 'plan:progress', task.responsible_agency_id) || may(actor, 'plan:manage', plan.province_id);

async function readableTask(ctx: Context, actor: Actor, id: string): Promise<{ plan: PlanRow; task: PlanTaskListed }> {
  if (!may(actor, 'plan:read')) throw forbidden('plan:read');
  const task = await getTask(ctx.db, id);
  if (!task) throw notFound('plan task', id);
  const plan = await readablePlan(ctx, actor, task.plan_id).catch(() => {
    throw notFound('plan task', id);
  });
  if (!taskVisible(actor, task)) throw notFound('plan task', id);
  return { plan, task };
}

export async function listVisiblePlans(ctx: Context, actor: Actor) {
  if (!may(actor, 'plan:read')) throw forbidden('plan:read');
  return listPlans(ctx.db, await provincesOf(ctx, actor));
}

export async function viewPlan(ctx: Context, actor: Actor, id: string): Promise<PlanView> {
  const plan = await readablePlan(ctx, actor, id);
  const province = await getAgency(ctx.db, plan.province_id);
  const today = vietnamDay(ctx.clock.now());
  const tasks = (await listTasks(ctx.db, id)).filter((t) => taskVisible(actor, t));
  const files = await listFiles(
    ctx.db,
    tasks.map((t) => t.id),
  );
  const filesOf = new Map<string, PlanFileMeta[]>();
  for (const f of files) filesOf.set(f.task_id, [...(filesOf.get(f.task_id) ?? []), f]);
  const mayManage = may(actor, 'plan:manage', plan.province_id);
  const agencies = mayManage
    ? (await agenciesOfProvince(ctx.db, plan.province_id)).filter((a) => a.kind !== 'province').map((a) => ({ id: a.id, name: a.name }))
    : [...new Map(tasks.map((t) => [t.responsible_agency_id, { id: t.responsible_agency_id, name: t.responsible_name }])).values()].sort((a, b) =>
        a.name.localeCompare(b.name, 'vi'),
      );
  return {
    plan: { ...plan, province_name: province?.name ?? plan.province_id },
    tasks: tasks.map((t) => ({
      ...t,
      files: filesOf.get(t.id) ?? [],
      overdue: isOverdue({ deadline: t.deadline, status: t.status }, today),
      mayUpdateProgress: mayReportProgress(actor, plan, t),
    })),
    agencies,
    mayManage,
    today,
  };
}

export async function createPlan(
  ctx: Context,
  actor: Actor,
  input: { provinceId: string; year: number; title: string; decision?: string | null | undefined },
): Promise<PlanView> {
  if (!may(actor, 'plan:read')) throw forbidden('plan:read');
  const province = await getAgency(ctx.db, input.provinceId);
  if (!province || province.kind !== 'province' || !actor.scope.has(province.id)) {
    if (may(actor, 'plan:manage')) throw notFound('province', input.provinceId);
    throw forbidden('plan:manage');
  }
  if (!may(actor, 'plan:manage', province.id)) throw forbidden('plan:manage');
  const id = ctx.ids.next('plan');
  const created = await insertPlan(
    ctx.db,
    { id, provinceId: province.id, year: input.year, title: storableText(input.title), decision: storableNullable(input.decision) ?? null },
    { actorId: actor.accountId, action: 'create-plan', now: ctx.clock.now() },
  );
  if (!created) {
    const existing = await findPlan(ctx.db, province.id, input.year);
    throw new ServiceError(409, 'plan-exists', `Tỉnh đã có kế hoạch CCHC năm ${input.year}.`, `plan ${province.id}/${input.year} exists`, {
      planId: existing?.id ?? null,
    });
  }
  return viewPlan(ctx, actor, id);
}

export async function editPlan(
  ctx: Context,
  actor: Actor,
  id: string,
  input: { version: number; title: string; decision: string | null },
): Promise<PlanView> {
  await managedPlan(ctx, actor, id);
  const version = await updatePlan(
    ctx.db,
    id,
    input.version,
    { title: storableText(input.title), decision: storableNullable(input.decision) ?? null },
    { actorId: actor.accountId, action: 'update-plan', now: ctx.clock.now() },
  );
  if (version === null) throw await stalePlan(ctx, id);
  return viewPlan(ctx, actor, id);
}

async function stalePlan(ctx: Context, id: string): Promise<ServiceError> {
  const plan = await getPlan(ctx.db, id);
  return staleVersion(`plan ${id}: stale version`, { currentVersion: plan?.version ?? null }, STALE_PLAN_VI);
}

async function staleTask(ctx: Context, id: string): Promise<ServiceError> {
  const task = await getTask(ctx.db, id);
  if (!task) return notFound('plan task', id);
  return staleVersion(`plan task ${id}: stale version`, { currentVersion: task.version }, STALE_TASK_VI);
}

function invalid(problems: readonly TaskProblem[], log: string): ServiceError {
  return new ServiceError(422, 'invalid-task', problems.map((p) => p.messageVi).join(' '), log, { problems: problems.map((p) => ({ ...p })) });
}

export interface TaskInput {
  area: string;
  title: string;
  responsibleAgencyId: string;
  deadline: string;
  expectedOutput: string | null;
  own: boolean;
}

/** A task's fields checked against the plan's year and its province's agencies: every problem at once. */
async function checkedTask(ctx: Context, plan: PlanRow, input: TaskInput): Promise<Omit<NewTask, 'id'>> {
  const fields = {
    title: storableText(input.title).trim(),
    area: input.area,
    deadline: input.deadline,
    expectedOutput: storableNullable(input.expectedOutput)?.trim() || null,
  };
  const problems = taskProblems(fields, plan.year);
  const agencies = await agenciesOfProvince(ctx.db, plan.province_id);
  if (!agencies.some((a) => a.id === input.responsibleAgencyId && a.kind !== 'province'))
    problems.push({ field: 'responsible', messageVi: 'Cơ quan chủ trì không thuộc tỉnh của kế hoạch.' });
  if (problems.length > 0) throw invalid(problems, `invalid task: ${problems.map((p) => p.field).join(', ')}`);
  return {
    ...fields,
    area: input.area as PlanArea,
    responsibleAgencyId: input.responsibleAgencyId,
    ownerAgencyId: input.own ? input.responsibleAgencyId : null,
  };
}

export async function addTask(ctx: Context, actor: Actor, planId: string, input: TaskInput & { planVersion: number }): Promise<PlanView> {
  const plan = await managedPlan(ctx, actor, planId);
  const task = { id: ctx.ids.next('task'), ...(await checkedTask(ctx, plan, input)) };
  const version = await insertTasks(ctx.db, planId, input.planVersion, [task], {
    actorId: actor.accountId,
    action: 'create-task',
    now: ctx.clock.now(),
  });
  if (version === null) throw await stalePlan(ctx, planId);
  return viewPlan(ctx, actor, planId);
}

export async function editTask(ctx: Context, actor: Actor, taskId: string, input: TaskInput & { version: number }): Promise<PlanView> {
  const { plan } = await readableTask(ctx, actor, taskId);
  if (!may(actor, 'plan:manage', plan.province_id)) throw forbidden('plan:manage');
  const task = await checkedTask(ctx, plan, input);
  const version = await updateTask(
    ctx.db,
    taskId,
    input.version,
    {
      title: task.title,
      area: task.area,
      deadline: task.deadline,
      expected_output: task.expectedOutput,
      responsible_agency_id: task.responsibleAgencyId,
      owner_agency_id: task.ownerAgencyId,
    },
    { actorId: actor.accountId, action: 'update-task', now: ctx.clock.now() },
  );
  if (version === null) throw await staleTask(ctx, taskId);
  return viewPlan(ctx, actor, plan.id);
}

export async function removeTask(ctx: Context, actor: Actor, taskId: string, expected: number): Promise<PlanView> {
  const { plan } = await readableTask(ctx, actor, taskId);
  if (!may(actor, 'plan:manage', plan.province_id)) throw forbidden('plan:manage');
  if (!(await deleteTask(ctx.db, taskId, expected, { actorId: actor.accountId, action: 'delete-task', now: ctx.clock.now() })))
    throw await staleTask(ctx, taskId);
  return viewPlan(ctx, actor, plan.id);
}

async function progressTask(ctx: Context, actor: Actor, taskId: string): Promise<{ plan: PlanRow; task: PlanTaskListed }> {
  const found = await readableTask(ctx, actor, taskId);
  if (!mayReportProgress(actor, found.plan, found.task)) throw forbidden('plan:progress');
  return found;
}

export async function reportProgress(
  ctx: Context,
  actor: Actor,
  taskId: string,
  input: { version: number; status: TaskStatus; doneOn: string | null; note: string | null; evidenceReportId: string | null },
): Promise<PlanView> {
  const { plan, task } = await progressTask(ctx, actor, taskId);
  const note = storableNullable(input.note)?.trim() || null;
  const problems = progressProblems({ status: input.status, doneOn: input.doneOn, note }, plan.year, vietnamDay(ctx.clock.now()));
  if (input.evidenceReportId !== null) {
    const report = await getReport(ctx.db, input.evidenceReportId);
    // another agency's report, or one the actor cannot read, is as absent as one that does not exist
    if (!report || !may(actor, 'report:read', report.agency_id) || report.agency_id !== task.responsible_agency_id)
      problems.push({ field: 'note', messageVi: 'Báo cáo minh chứng không phải là báo cáo của cơ quan chủ trì nhiệm vụ.' });
  }
  if (problems.length > 0) throw invalid(problems, `invalid progress: ${problems.map((p) => p.field).join(', ')}`);
  const version = await updateTask(
    ctx.db,
    taskId,
    input.version,
    { status: input.status, done_on: input.status === 'done' ? input.doneOn : null, progress_note: note, evidence_report_id: input.evidenceReportId },
    { actorId: actor.accountId, action: 'update-progress', now: ctx.clock.now() },
  );
  if (version === null) throw await staleTask(ctx, taskId);
  return viewPlan(ctx, actor, plan.id);
}

/** The evidence files a task takes, by extension, with the type they are served as. */
const EVIDENCE_TYPES: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.zip': 'application/zip',
  '.txt': 'text/plain; charset=utf-8',
};
export const EVIDENCE_EXTENSIONS = Object.keys(EVIDENCE_TYPES);

export async function attachFile(
  ctx: Context,
  actor: Actor,
  taskId: string,
  version: number,
  file: { bytes: Buffer; fileName: string },
): Promise<PlanView> {
  const { plan } = await progressTask(ctx, actor, taskId);
  const contentType = EVIDENCE_TYPES[extname(file.fileName).toLowerCase()];
  if (!contentType)
    throw new ServiceError(
      415,
      'unsupported-evidence',
      `Tệp minh chứng cần là một trong các loại: ${EVIDENCE_EXTENSIONS.join(', ')}.`,
      `evidence ${file.fileName} refused by its extension`,
    );
  if (file.bytes.length === 0) throw new ServiceError(400, 'empty-file', 'Tệp minh chứng trống.', 'empty evidence file');
  if ((await countFiles(ctx.db, taskId)) >= PLAN_FILE_LIMITS.perTask)
    throw new ServiceError(
      409,
      'too-many-files',
      `Mỗi nhiệm vụ có tối đa ${PLAN_FILE_LIMITS.perTask} tệp minh chứng; hãy xóa bớt tệp cũ.`,
      `task ${taskId} has ${PLAN_FILE_LIMITS.perTask} files`,
    );
  const now = ctx.clock.now();
  const fileId = ctx.ids.next('file');
  const sha256 = createHash('sha256').update(file.bytes).digest('hex');
  const written = await updateTask(
    ctx.db,
    taskId,
    version,
    {},
    {
      actorId: actor.accountId,
      action: 'attach-evidence',
      now,
      after: { file: { id: fileId, name: file.fileName, size: file.bytes.length, sha256 } },
    },
    (trx) =>
      insertFile(trx, {
        id: fileId,
        taskId,
        fileName: storableText(file.fileName),
        contentType,
        size: file.bytes.length,
        sha256,
        contentBase64: file.bytes.toString('base64'),
        by: actor.accountId,
        at: now,
      }),
  );
  if (written === null) throw await staleTask(ctx, taskId);
  return viewPlan(ctx, actor, plan.id);
}

export async function detachFile(ctx: Context, actor: Actor, taskId: string, fileId: string, version: number): Promise<PlanView> {
  const { plan } = await progressTask(ctx, actor, taskId);
  const file = await getFile(ctx.db, taskId, fileId);
  if (!file) throw notFound('evidence file', fileId);
  const written = await updateTask(
    ctx.db,
    taskId,
    version,
    {},
    {
      actorId: actor.accountId,
      action: 'remove-evidence',
      now: ctx.clock.now(),
      before: { file: { id: fileId, name: file.file_name, size: file.size, sha256: file.sha256 } },
    },
    (trx) => removeFile(trx, taskId, fileId),
  );
  if (written === null) throw await staleTask(ctx, taskId);
  return viewPlan(ctx, actor, plan.id);
}

export async function evidenceFile(ctx: Context, actor: Actor, taskId: string, fileId: string) {
  await readableTask(ctx, actor, taskId);
  const file = await getFile(ctx.db, taskId, fileId);
  if (!file) throw notFound('evidence file', fileId);
  return { fileName: file.file_name, contentType: file.content_type, bytes: Buffer.from(file.content_base64, 'base64') };
}

/** The rows of an uploaded plan file: a workbook's first table, or a CSV text in UTF-8. */
async function tableOf(bytes: Buffer, fileName: string): Promise<TableRow[]> {
  if (bytes.subarray(0, 2).toString('latin1') === 'PK') {
    try {
      const doc = await readXlsxReport(bytes, fileName);
      const table = doc.blocks.find((b) => b.type === 'table');
      if (!table || table.type !== 'table') return [];
      return table.rows.map((r, i) => ({ cells: r.cells, line: r.at.kind === 'cell' ? r.at.row + 1 : i + 1 }));
    } catch (error) {
      if (error instanceof ImportError) throw new ServiceError(422, 'unreadable-plan', error.messageVi, `plan file unreadable: ${error.message}`);
      throw error;
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ServiceError(
      422,
      'unreadable-plan',
      'Không đọc được tệp: tệp CSV cần lưu ở bảng mã UTF-8 (trong Excel: "CSV UTF-8"), hoặc gửi tệp .xlsx.',
      'plan CSV is not UTF-8',
    );
  }
  const parsed = parseCsv(text);
  if ('unterminatedAt' in parsed)
    throw new ServiceError(
      422,
      'plan-import-refused',
      `Tệp CSV sai cú pháp: dấu nháy kép mở ở dòng ${parsed.unterminatedAt} mà không đóng.`,
      'unterminated quote',
      {
        problems: [{ line: parsed.unterminatedAt, column: null, messageVi: 'Dấu nháy kép mở mà không đóng.' }],
      },
    );
  return parsed.rows;
}

/**
 * Imports a plan file's tasks into the plan: all of them, or none when any row has a problem (422, every problem
 * listed with its line and column).
 */
export async function importPlanFile(
  ctx: Context,
  actor: Actor,
  planId: string,
  file: { bytes: Buffer; fileName: string },
): Promise<{ created: number; view: PlanView }> {
  const plan = await managedPlan(ctx, actor, planId);
  const rows = await tableOf(file.bytes, file.fileName);
  const agencies = (await agenciesOfProvince(ctx.db, plan.province_id))
    .filter((a) => a.kind !== 'province')
    .map((a) => ({ id: a.id, name: a.name, shortName: a.short_name }));
  const existing = new Set(
    (await listTasks(ctx.db, planId)).map((t) => taskKey({ title: t.title, responsibleAgencyId: t.responsible_agency_id, deadline: t.deadline })),
  );
  const result = readPlanTable(rows, plan.year, agencies, existing);
  if (result.problems.length > 0) {
    throw new ServiceError(
      422,
      'plan-import-refused',
      `Tệp có ${result.problems.length} lỗi; chưa nhập nhiệm vụ nào. Hãy sửa các dòng được nêu rồi gửi lại.`,
      `plan import refused: ${result.problems.length} problems`,
      { problems: result.problems },
    );
  }
  const tasks: NewTask[] = result.tasks.map((t) => ({
    id: ctx.ids.next('task'),
    ownerAgencyId: t.ownerAgencyId,
    area: t.area,
    title: storableText(t.title),
    responsibleAgencyId: t.responsibleAgencyId,
    deadline: t.deadline,
    expectedOutput: storableNullable(t.expectedOutput) ?? null,
  }));
  const version = await insertTasks(ctx.db, planId, plan.version, tasks, {
    actorId: actor.accountId,
    action: 'import-plan',
    now: ctx.clock.now(),
    after: { file: file.fileName },
  });
  if (version === null) throw await stalePlan(ctx, planId);
  return { created: tasks.length, view: await viewPlan(ctx, actor, planId) };
}
