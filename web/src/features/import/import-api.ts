/** The import endpoints: a multipart upload (the JSON client cannot send files) and the save. */
import { api, ApiError } from '../../api/client.js';
import type { ReportSummaryDto } from '../../api/types.js';
import type { ImportPreviewDto, ImportSaveBody } from '@shared/import-schemas.js';

export type { ImportPreviewDto, ImportSaveBody, ImportedRowDto } from '@shared/import-schemas.js';

/** Uploads one file and returns the preview; refusals come back as ApiError with the server's Vietnamese message. */
export async function uploadReport(file: File): Promise<ImportPreviewDto> {
  // the session's CSRF token, which every write must show (the JSON client keeps its own copy private)
  const { csrfToken } = await api<{ csrfToken: string }>('/api/auth/me');
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch('/api/imports/preview', {
      method: 'POST',
      body: form,
      headers: { 'x-csrf-token': csrfToken },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.', {});
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) throw new ApiError(response.status, String(body['code'] ?? 'error'), String(body['detail'] ?? 'Không đọc được tệp.'), body);
  return body as unknown as ImportPreviewDto;
}

export function saveImport(body: ImportSaveBody): Promise<ReportSummaryDto> {
  return api<ReportSummaryDto>('/api/imports/save', { method: 'POST', body });
}
