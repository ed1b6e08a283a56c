/** The import endpoints: a multipart upload (the JSON client cannot send files) and the save. */
import { api, ApiError } from '../../api/client.js';
import type { ReportSummaryDto } from '../../api/types.js';
import type { ImportBatchDocumentDto, ImportBatchDto, ImportBatchSaveBody, ImportPreviewDto, ImportSaveBody } from '@shared/import-schemas.js';

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

// ---------------------------------------------------------------------------------------------- a whole archive

export type {
  ImportBatchDto,
  ImportBatchListDto,
  ImportBatchDocumentDto,
  ImportBatchDocumentDetailDto,
  ImportBatchSaveBody,
} from '@shared/import-schemas.js';

/**
 * Uploads many files or .zip archives as one batch; `onProgress` gets the fraction sent (0–1). The server answers at
 * once (202) with the batch, read in the background. XMLHttpRequest rather than fetch: only it tells upload progress.
 */
export async function uploadBatch(files: readonly File[], onProgress: (sent: number) => void = () => {}): Promise<ImportBatchDto> {
  const { csrfToken } = await api<{ csrfToken: string }>('/api/auth/me');
  const form = new FormData();
  for (const file of files) form.append('files', file, file.name);
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', '/api/imports/batches');
    request.setRequestHeader('x-csrf-token', csrfToken);
    request.withCredentials = true;
    request.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    request.onerror = () => reject(new ApiError(0, 'network', 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.', {}));
    request.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(request.responseText) as Record<string, unknown>;
      } catch {
        // a proxy's HTML page: the status says enough
      }
      if (request.status >= 200 && request.status < 300) resolve(body as unknown as ImportBatchDto);
      else reject(new ApiError(request.status, String(body['code'] ?? 'error'), String(body['detail'] ?? 'Không tải lên được các tệp.'), body));
    };
    request.send(form);
  });
}

const batchPath = (batchId: string) => `/api/imports/batches/${encodeURIComponent(batchId)}`;
const documentPath = (batchId: string, documentId: string) => `${batchPath(batchId)}/documents/${encodeURIComponent(documentId)}`;

export const saveSureDocuments = (batchId: string) => api<ImportBatchDto>(`${batchPath(batchId)}/save-sure`, { method: 'POST' });

export const saveBatchDocument = (batchId: string, documentId: string, body: ImportBatchSaveBody) =>
  api<ImportBatchDocumentDto>(`${documentPath(batchId, documentId)}/save`, { method: 'POST', body });

export const discardBatchDocument = (batchId: string, documentId: string) =>
  api<ImportBatchDocumentDto>(`${documentPath(batchId, documentId)}/discard`, { method: 'POST' });
