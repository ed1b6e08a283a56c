/** The CCHC index's writes: self scores, appraisal, workflow moves, evidence (upload, link, remove), publication. */
import { api, ApiError } from '../../api/client.js';
import type { AssessmentDto, IndexResultsDto } from './index-types.js';

const base = (setId: string, agencyId: string) => `/api/index/sets/${encodeURIComponent(setId)}/assessments/${encodeURIComponent(agencyId)}`;

export const saveSelfScores = (
  setId: string,
  agencyId: string,
  version: number,
  scores: { code: string; score: number | null; note: string | null }[],
) => api<AssessmentDto>(`${base(setId, agencyId)}/self`, { method: 'PUT', body: { version, scores } });

export const saveAppraisal = (
  setId: string,
  agencyId: string,
  version: number,
  scores: { code: string; score: number | null; reason: string | null }[],
) => api<AssessmentDto>(`${base(setId, agencyId)}/appraisal`, { method: 'PUT', body: { version, scores } });

export const moveAssessment = (
  setId: string,
  agencyId: string,
  action: 'submit' | 'return' | 'finalise' | 'reopen',
  version: number,
  reason?: string,
) => api<AssessmentDto>(`${base(setId, agencyId)}/${action}`, { method: 'POST', body: { version, ...(reason ? { reason } : {}) } });

export const linkEvidence = (
  setId: string,
  agencyId: string,
  version: number,
  link: { code: string; reportId?: string; url?: string; title?: string },
) => api<AssessmentDto>(`${base(setId, agencyId)}/evidence-links`, { method: 'POST', body: { version, ...link } });

export const removeEvidence = (setId: string, agencyId: string, version: number, evidenceId: string) =>
  api<AssessmentDto>(`${base(setId, agencyId)}/evidence/${encodeURIComponent(evidenceId)}/remove`, { method: 'POST', body: { version } });

export async function uploadEvidence(setId: string, agencyId: string, version: number, code: string, file: File): Promise<AssessmentDto> {
  // the session's CSRF token, which every write must show
  const { csrfToken } = await api<{ csrfToken: string }>('/api/auth/me');
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`${base(setId, agencyId)}/evidence?code=${encodeURIComponent(code)}&version=${version}`, {
      method: 'POST',
      body: form,
      headers: { 'x-csrf-token': csrfToken },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.', {});
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new ApiError(response.status, String(body['code'] ?? 'error'), String(body['detail'] ?? 'Không gửi được tệp.'), body);
  return body as unknown as AssessmentDto;
}

export const publishResults = (setId: string, provinceId: string, decision: string | null) =>
  api<IndexResultsDto>(`/api/index/sets/${encodeURIComponent(setId)}/provinces/${encodeURIComponent(provinceId)}/publish`, {
    method: 'POST',
    body: decision ? { decision } : {},
  });

export const resultsDownload = (setId: string, provinceId: string, format: 'docx' | 'xlsx') =>
  `/api/index/sets/${encodeURIComponent(setId)}/provinces/${encodeURIComponent(provinceId)}/results.${format}`;

/** Points as officers write them: "1,5". */
export const pointsText = (value: number | null): string =>
  value === null ? '—' : (Math.round(value * 100) / 100).toLocaleString('vi-VN', { maximumFractionDigits: 2 });

/** Text colours that keep a 4.5:1 contrast on white (Mantine's orange and green shades do not at small sizes). */
export const TONE = { missing: '#9a3d00', done: '#1b6e2e', error: '#b42318' } as const;

/** The colour of each assessment status. */
export const STATUS_COLOR: Record<AssessmentDto['status'], string> = { draft: 'gray', submitted: 'blue', returned: 'orange', finalised: 'green' };

const VN_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** A timestamp as "dd/mm/yyyy hh:mm", in Vietnam's time. */
export function dateTimeText(iso: string): string {
  const parts = Object.fromEntries(VN_TIME.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts['day']}/${parts['month']}/${parts['year']} ${parts['hour']}:${parts['minute']}`;
}

/** A file's size as officers read it: "12 KB", "1,5 MB". */
export const sizeText = (bytes: number): string =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('vi-VN')} KB`
    : `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
