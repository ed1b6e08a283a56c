/**
 * The annual CCHC plan (Kế hoạch CCHC năm) of a province: its tasks, each in a reform area of the report outline,
 * with the agency responsible, a deadline, the expected output and its progress (not started, in progress, done on a
 * date). A task is the province's (in the plan the UBND tỉnh issues) or an agency's own. This module holds the
 * vocabulary and the checks of what a person writes; findings are data (Vietnamese messages), nothing throws. Pure.
 */
import { REFORM_AREAS, type ReformArea } from '../province-report/outline.js';

/** A task's area: the outline's section I (direction and management) or one of the six reform areas of section II. */
export type PlanArea = 'direction' | ReformArea;
export const PLAN_AREAS: readonly PlanArea[] = ['direction', ...REFORM_AREAS];

export const PLAN_AREA_LABELS: Readonly<Record<PlanArea, string>> = {
  direction: 'Công tác chỉ đạo, điều hành',
  institutions: 'Cải cách thể chế',
  procedures: 'Cải cách thủ tục hành chính',
  organisation: 'Cải cách tổ chức bộ máy hành chính nhà nước',
  'civil-service': 'Cải cách chế độ công vụ',
  finance: 'Cải cách tài chính công',
  egov: 'Xây dựng và phát triển chính quyền điện tử, chính quyền số',
};

export type TaskStatus = 'not-started' | 'in-progress' | 'done';
export const TASK_STATUSES: readonly TaskStatus[] = ['not-started', 'in-progress', 'done'];
export const TASK_STATUS_LABELS: Readonly<Record<TaskStatus, string>> = {
  'not-started': 'Chưa thực hiện',
  'in-progress': 'Đang thực hiện',
  done: 'Đã hoàn thành',
};

export const isPlanArea = (value: string): value is PlanArea => (PLAN_AREAS as readonly string[]).includes(value);
export const isTaskStatus = (value: string): value is TaskStatus => (TASK_STATUSES as readonly string[]).includes(value);

/** Limits of what a task holds (the database and the API say the same). */
export const TASK_LIMITS = { title: 1000, output: 1000, note: 4000 } as const;

/** A problem with what was written, for one field; `messageVi` is what the person reads. */
export interface TaskProblem {
  field: 'title' | 'area' | 'responsible' | 'deadline' | 'output' | 'status' | 'doneOn' | 'note' | 'owner';
  messageVi: string;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/u;

/** Whether the text is a real calendar day written yyyy-mm-dd. */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** dd/mm/yyyy of an ISO day, as the pages and messages print it. */
export const dayText = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export interface TaskFields {
  title: string;
  area: string;
  deadline: string;
  expectedOutput: string | null;
}

/** Every problem of a task's fields in a plan of `year` (the deadline must fall in the plan's year). */
export function taskProblems(task: TaskFields, year: number): TaskProblem[] {
  const problems: TaskProblem[] = [];
  const title = task.title.trim();
  if (title === '') problems.push({ field: 'title', messageVi: 'Chưa ghi tên nhiệm vụ.' });
  else if (title.length > TASK_LIMITS.title) problems.push({ field: 'title', messageVi: `Tên nhiệm vụ dài quá ${TASK_LIMITS.title} ký tự.` });
  if (!isPlanArea(task.area)) problems.push({ field: 'area', messageVi: 'Lĩnh vực không thuộc các lĩnh vực CCHC.' });
  if (!isIsoDate(task.deadline)) problems.push({ field: 'deadline', messageVi: 'Thời hạn không phải là một ngày hợp lệ.' });
  else if (Number(task.deadline.slice(0, 4)) !== year)
    problems.push({ field: 'deadline', messageVi: `Thời hạn ${dayText(task.deadline)} không thuộc năm ${year} của kế hoạch.` });
  if ((task.expectedOutput ?? '').length > TASK_LIMITS.output)
    problems.push({ field: 'output', messageVi: `Sản phẩm dự kiến dài quá ${TASK_LIMITS.output} ký tự.` });
  return problems;
}

export interface ProgressFields {
  status: TaskStatus;
  doneOn: string | null;
  note: string | null;
}

/**
 * Every problem of a progress update on `today`: a done task has the day it was done (not in the future, not before
 * the plan's year began); a task not done has none.
 */
export function progressProblems(progress: ProgressFields, year: number, today: string): TaskProblem[] {
  const problems: TaskProblem[] = [];
  if (!isTaskStatus(progress.status)) problems.push({ field: 'status', messageVi: 'Trạng thái không hợp lệ.' });
  if (progress.status === 'done') {
    if (progress.doneOn === null) problems.push({ field: 'doneOn', messageVi: 'Nhiệm vụ đã hoàn thành cần ghi ngày hoàn thành.' });
    else if (!isIsoDate(progress.doneOn)) problems.push({ field: 'doneOn', messageVi: 'Ngày hoàn thành không phải là một ngày hợp lệ.' });
    else if (progress.doneOn > today)
      problems.push({ field: 'doneOn', messageVi: `Ngày hoàn thành ${dayText(progress.doneOn)} chưa đến (hôm nay là ${dayText(today)}).` });
    else if (progress.doneOn < `${year}-01-01`)
      problems.push({ field: 'doneOn', messageVi: `Ngày hoàn thành ${dayText(progress.doneOn)} trước năm ${year} của kế hoạch.` });
  } else if (progress.doneOn !== null) {
    problems.push({ field: 'doneOn', messageVi: 'Chỉ nhiệm vụ đã hoàn thành mới có ngày hoàn thành.' });
  }
  if ((progress.note ?? '').length > TASK_LIMITS.note) problems.push({ field: 'note', messageVi: `Ghi chú dài quá ${TASK_LIMITS.note} ký tự.` });
  return problems;
}

/** Whether a task is overdue on `today`: its deadline has passed and it is not done. */
export const isOverdue = (task: { deadline: string; status: TaskStatus }, today: string): boolean => task.status !== 'done' && task.deadline < today;
