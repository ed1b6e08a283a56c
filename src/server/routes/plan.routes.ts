/**
 * The annual CCHC plan: plans per province and year, tasks (created, edited, deleted by the Sở Nội vụ; progress by
 * the agency responsible), evidence files (multipart uploads, downloads), the import of a plan file (multipart; 422
 * with every problem), and a report's plan figures (preview, fill).
 */
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, versionBody } from '../../shared/api-schemas.js';
import {
  createPlanBody,
  createTaskBody,
  fileParams,
  fileUploadQuery,
  importResponse,
  planSchema,
  planSummarySchema,
  PLAN_FILE_LIMITS,
  PLAN_IMPORT_MAX_BYTES,
  prefillPreviewSchema,
  prefillResultSchema,
  progressBody,
  taskVersionBody,
  updatePlanBody,
  updateTaskBody,
} from '../../shared/plan-schemas.js';
import { presentPlan, presentPlanSummary, presentPrefillPreview, presentPrefillResult } from '../presenters/plan.presenter.js';
import { fillReportFromPlan, previewPlanPrefill } from '../services/plan-prefill.service.js';
import {
  addTask,
  attachFile,
  checkPlanManager,
  createPlan,
  detachFile,
  editPlan,
  editTask,
  evidenceFile,
  importPlanFile,
  listVisiblePlans,
  removeTask,
  reportProgress,
  viewPlan,
} from '../services/plan.service.js';
import { ServiceError } from '../services/service-error.js';
import { actorOf, type RouteDeps } from './route-helpers.js';

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Refusals of @fastify/multipart, in Vietnamese. */
const MULTIPART_ERRORS: Record<string, { status: ServiceError['status']; code: string; detail: string }> = {
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'too-large', detail: `Tệp quá lớn (tối đa ${mb(PLAN_FILE_LIMITS.maxBytes)}).` },
  FST_FILES_LIMIT: { status: 413, code: 'too-many-files', detail: 'Mỗi lần chỉ gửi một tệp.' },
  FST_FIELDS_LIMIT: { status: 413, code: 'too-many-fields', detail: 'Yêu cầu có quá nhiều trường dữ liệu.' },
  FST_PARTS_LIMIT: { status: 413, code: 'too-many-parts', detail: 'Yêu cầu có quá nhiều phần dữ liệu.' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, code: 'not-multipart', detail: 'Hãy gửi tệp dưới dạng biểu mẫu tải tệp (multipart/form-data).' },
  FST_PROTO_VIOLATION: { status: 400, code: 'bad-upload', detail: 'Dữ liệu tải lên không hợp lệ.' },
};

/** The one uploaded file, at most `limit` bytes; its base name without a client's path. */
async function upload(request: FastifyRequest, limit: number): Promise<{ bytes: Buffer; fileName: string }> {
  if (!request.isMultipart()) {
    const known = MULTIPART_ERRORS['FST_INVALID_MULTIPART_CONTENT_TYPE']!;
    throw new ServiceError(known.status, known.code, known.detail, 'upload without a multipart body');
  }
  let file;
  try {
    file = await request.file();
  } catch (error) {
    if (MULTIPART_ERRORS[(error as { code?: string }).code ?? '']) throw error;
    throw new ServiceError(
      400,
      'bad-upload',
      'Dữ liệu tải lên không hợp lệ hoặc bị gián đoạn. Hãy chọn lại tệp rồi thử lại.',
      `unreadable multipart: ${String(error)}`,
    );
  }
  if (!file) throw new ServiceError(400, 'no-file', 'Chưa chọn tệp để tải lên.', 'multipart body without a file');
  const bytes = await file.toBuffer();
  if (file.file.truncated || bytes.length > limit)
    throw new ServiceError(413, 'too-large', `Tệp quá lớn (tối đa ${mb(limit)}).`, `upload over the ${limit}-byte limit`);
  const fileName = (file.filename ?? '').split(/[\\/]/u).pop()!.trim().slice(0, 200) || 'tep-tai-len';
  return { bytes, fileName };
}

/** A file name for Content-Disposition: ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
function disposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/đ/gu, 'd')
    .replace(/Đ/gu, 'D')
    .replace(/[^\x20-\x7e]|["\\]/gu, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const planRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(multipart, { limits: { fileSize: PLAN_FILE_LIMITS.maxBytes, files: 1, fields: 5, parts: 6 }, throwFileSizeLimit: true });
    app.setErrorHandler((error) => {
      const known = MULTIPART_ERRORS[(error as { code?: string }).code ?? ''];
      if (known) throw new ServiceError(known.status, known.code, known.detail, `upload refused: ${(error as Error).message}`);
      throw error;
    });

    app.get('/plans', { schema: { response: { 200: z.array(planSummarySchema) } } }, async (request) =>
      (await listVisiblePlans(ctx, actorOf(request))).map(presentPlanSummary),
    );
    app.post('/plans', { schema: { body: createPlanBody, response: { 201: planSchema } } }, async (request, reply) =>
      reply.status(201).send(presentPlan(await createPlan(ctx, actorOf(request), request.body))),
    );
    app.get('/plans/:id', { schema: { params: idParams, response: { 200: planSchema } } }, async (request) =>
      presentPlan(await viewPlan(ctx, actorOf(request), request.params.id)),
    );
    app.put('/plans/:id', { schema: { params: idParams, body: updatePlanBody, response: { 200: planSchema } } }, async (request) =>
      presentPlan(await editPlan(ctx, actorOf(request), request.params.id, request.body)),
    );
    app.post('/plans/:id/tasks', { schema: { params: idParams, body: createTaskBody, response: { 200: planSchema } } }, async (request) =>
      presentPlan(await addTask(ctx, actorOf(request), request.params.id, request.body)),
    );
    app.post('/plans/:id/import', { schema: { params: idParams, response: { 200: importResponse } } }, async (request) => {
      const actor = actorOf(request);
      // who may import is decided before the file is read
      await checkPlanManager(ctx, actor, request.params.id);
      const { created, view } = await importPlanFile(ctx, actor, request.params.id, await upload(request, PLAN_IMPORT_MAX_BYTES));
      return { created, plan: presentPlan(view) };
    });
    app.put('/plan-tasks/:id', { schema: { params: idParams, body: updateTaskBody, response: { 200: planSchema } } }, async (request) =>
      presentPlan(await editTask(ctx, actorOf(request), request.params.id, request.body)),
    );
    app.post('/plan-tasks/:id/delete', { schema: { params: idParams, body: taskVersionBody, response: { 200: planSchema } } }, async (request) =>
      presentPlan(await removeTask(ctx, actorOf(request), request.params.id, request.body.version)),
    );
    app.put('/plan-tasks/:id/progress', { schema: { params: idParams, body: progressBody, response: { 200: planSchema } } }, async (request) =>
      presentPlan(await reportProgress(ctx, actorOf(request), request.params.id, request.body)),
    );
    app.post(
      '/plan-tasks/:id/files',
      { schema: { params: idParams, querystring: fileUploadQuery, response: { 200: planSchema } } },
      async (request) => {
        const actor = actorOf(request);
        return presentPlan(await attachFile(ctx, actor, request.params.id, request.query.version, await upload(request, PLAN_FILE_LIMITS.maxBytes)));
      },
    );
    app.get('/plan-tasks/:id/files/:fileId', { schema: { params: fileParams } }, async (request, reply) => {
      const file = await evidenceFile(ctx, actorOf(request), request.params.id, request.params.fileId);
      return reply
        .header('content-disposition', disposition(file.fileName))
        .header('cache-control', 'private, no-store')
        .type(file.contentType)
        .send(file.bytes);
    });
    app.post(
      '/plan-tasks/:id/files/:fileId/delete',
      { schema: { params: fileParams, body: taskVersionBody, response: { 200: planSchema } } },
      async (request) => presentPlan(await detachFile(ctx, actorOf(request), request.params.id, request.params.fileId, request.body.version)),
    );
    app.get('/reports/:id/plan-prefill', { schema: { params: idParams, response: { 200: prefillPreviewSchema } } }, async (request) =>
      presentPrefillPreview(await previewPlanPrefill(ctx, actorOf(request), request.params.id)),
    );
    app.post(
      '/reports/:id/plan-prefill',
      { schema: { params: idParams, body: versionBody, response: { 200: prefillResultSchema } } },
      async (request) => presentPrefillResult(await fillReportFromPlan(ctx, actorOf(request), request.params.id, request.body.version)),
    );
  };
