/** The plan's writes: JSON through the API client, files as multipart uploads (the JSON client cannot send files). */
import { api, ApiError } from '../../api/client.js';
import type { PlanDto, PlanPrefillResultDto } from '../../api/types.js';

export interface TaskInput {
  area: string;
  title: string;
  responsibleAgencyId: string;
  deadline: string;
  expectedOutput: string | null;
  own: boolean;
}

export interface ProgressInput {
  status: 'not-started' | 'in-progress' | 'done';
  doneOn: string | null;
  note: string | null;
  evidenceReportId: string | null;
}

/** A problem of an imported file, as the 422 answer lists them. */
export interface ImportProblem {
  line: number | null;
  column: string | null;
  messageVi: string;
}

export const createPlan = (body: { provinceId: string; year: number; title: string; decision: string | null }) =>
  api<PlanDto>('/api/plans', { method: 'POST', body });
export const addTask = (plan: PlanDto, task: TaskInput) =>
  api<PlanDto>(`/api/plans/${plan.id}/tasks`, { method: 'POST', body: { planVersion: plan.version, ...task } });
export const editTask = (taskId: string, version: number, task: TaskInput) =>
  api<PlanDto>(`/api/plan-tasks/${taskId}`, { method: 'PUT', body: { version, ...task } });
export const deleteTask = (taskId: string, version: number) =>
  api<PlanDto>(`/api/plan-tasks/${taskId}/delete`, { method: 'POST', body: { version } });
export const saveProgress = (taskId: string, version: number, progress: ProgressInput) =>
  api<PlanDto>(`/api/plan-tasks/${taskId}/progress`, { method: 'PUT', body: { version, ...progress } });
export const removeEvidence = (taskId: string, fileId: string, version: number) =>
  api<PlanDto>(`/api/plan-tasks/${taskId}/files/${fileId}/delete`, { method: 'POST', body: { version } });
export const fillFromPlan = (reportId: string, version: number) =>
  api<PlanPrefillResultDto>(`/api/reports/${reportId}/plan-prefill`, { method: 'POST', body: { version } });

async function upload<T>(url: string, file: File): Promise<T> {
  // the session's CSRF token, which every write must show (the JSON client keeps its own copy private)
  const { csrfToken } = await api<{ csrfToken: string }>('/api/auth/me');
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: form, headers: { 'x-csrf-token': csrfToken }, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.', {});
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new ApiError(response.status, String(body['code'] ?? 'error'), String(body['detail'] ?? 'Không gửi được tệp.'), body);
  return body as T;
}

export const attachEvidence = (taskId: string, version: number, file: File) =>
  upload<PlanDto>(`/api/plan-tasks/${taskId}/files?version=${version}`, file);
export const importPlan = (planId: string, file: File) => upload<{ created: number; plan: PlanDto }>(`/api/plans/${planId}/import`, file);

/** The problems of a refused import, from its 422 answer. */
export const importProblemsOf = (error: unknown): ImportProblem[] =>
  error instanceof ApiError && Array.isArray(error.body['problems']) ? (error.body['problems'] as ImportProblem[]) : [];
