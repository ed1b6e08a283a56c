/**
 * Importing legacy reports through the browser: POST /imports/preview (multipart upload of one .docx, .xlsx, .txt or
 * .md file → the preview, read in a worker thread) and POST /imports/save (the fixed cells → a report of an agency);
 * a whole archive at once: POST /imports/batches (many files or .zip archives → a batch, read in the background),
 * its review queue (GET the batch and each document's preview), save the sure ones, save or discard each held one.
 * Upload refusals are ServiceErrors with 413/415 and the importer's Vietnamese message, written as
 * application/problem+json by the application's error handler.
 */
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { reportSummarySchema } from '../../shared/api-schemas.js';
import { importPreviewSchema, importSaveBody } from '../../shared/import-schemas.js';
import { actorOf, type RouteDeps } from './route-helpers.js';
import { forbidden, ServiceError } from '../services/service-error.js';
import { MAX_UPLOAD_BYTES, mayImport, previewImport, saveImport } from '../services/import.service.js';
import {
  importBatchDocumentDetailSchema,
  importBatchDocumentParams,
  importBatchDocumentSchema,
  importBatchListSchema,
  importBatchParams,
  importBatchSaveBody,
  importBatchSchema,
} from '../../shared/import-schemas.js';
import type { UploadedFile } from '../../import/archive/collect-inputs.js';
import { may } from '../policies/access.js';
import {
  BATCH_LIMITS,
  createImportBatch,
  discardBatchDocument,
  getBatch,
  getBatchDocument,
  listBatches,
  saveBatchDocument,
  saveSureDocuments,
} from '../services/import-queue.service.js';
import {
  presentImportBatch,
  presentImportBatchList,
  presentImportDocument,
  presentImportDocumentDetail,
  presentReportSummary,
} from './presenters.js';

/** Refusals of @fastify/multipart, in Vietnamese. */
const MULTIPART_ERRORS: Record<string, { status: ServiceError['status']; code: string; detail: string }> = {
  FST_REQ_FILE_TOO_LARGE: { status: 413, code: 'too-large', detail: `Tệp quá lớn (tối đa ${MAX_UPLOAD_BYTES / 1024 / 1024} MB).` },
  FST_FILES_LIMIT: { status: 413, code: 'too-many-files', detail: 'Mỗi lần chỉ gửi một tệp báo cáo.' },
  FST_FIELDS_LIMIT: { status: 413, code: 'too-many-fields', detail: 'Yêu cầu có quá nhiều trường dữ liệu.' },
  FST_PARTS_LIMIT: { status: 413, code: 'too-many-parts', detail: 'Yêu cầu có quá nhiều phần dữ liệu.' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: 'not-multipart',
    detail: 'Hãy gửi tệp báo cáo dưới dạng biểu mẫu tải tệp (multipart/form-data).',
  },
  FST_PROTO_VIOLATION: { status: 400, code: 'bad-upload', detail: 'Dữ liệu tải lên không hợp lệ.' },
};

/** The base name of an uploaded file, without a client's path; never empty. */
function fileNameOf(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/u).pop()!.trim().slice(0, 200);
  return base || 'tep-tai-len';
}

/** The one uploaded file; a body cut short or malformed is a 400 (the size limits keep their 413). */
async function readUpload(request: FastifyRequest): Promise<{ bytes: Buffer; file: MultipartFile } | undefined> {
  try {
    const file = await request.file();
    if (!file) return undefined;
    const bytes = await file.toBuffer();
    // @fastify/multipart notices a file over the limit only when a chunk arrives past it: a body that ends at a chunk
    // boundary comes back cut to the limit without an error. A file that reached the limit is refused all the same.
    if (file.file.truncated || bytes.length >= MAX_UPLOAD_BYTES) {
      const tooLarge = MULTIPART_ERRORS['FST_REQ_FILE_TOO_LARGE']!;
      throw new ServiceError(
        413,
        tooLarge.code,
        tooLarge.detail,
        `upload reached the ${MAX_UPLOAD_BYTES}-byte limit (truncated: ${file.file.truncated})`,
      );
    }
    return { bytes, file };
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    if (MULTIPART_ERRORS[(error as { code?: string }).code ?? '']) throw error;
    throw new ServiceError(
      400,
      'bad-upload',
      'Dữ liệu tải lên không hợp lệ hoặc bị gián đoạn. Hãy chọn lại tệp rồi thử lại.',
      `unreadable multipart body: ${String(error)}`,
    );
  }
}

const MB = 1024 * 1024;

/**
 * The files of a batch upload (many files, or .zip archives), each within the upload limit and all together within
 * the batch's; a file cut at the limit is refused as the single upload refuses it.
 */
async function readBatchUploads(request: FastifyRequest): Promise<UploadedFile[]> {
  const files: UploadedFile[] = [];
  let total = 0;
  try {
    const parts = request.files({
      limits: { fileSize: MAX_UPLOAD_BYTES, files: BATCH_LIMITS.files, fields: 5, parts: BATCH_LIMITS.files + 5 },
    });
    for await (const part of parts) {
      const bytes = await part.toBuffer();
      if (part.file.truncated || bytes.length >= MAX_UPLOAD_BYTES) {
        throw new ServiceError(
          413,
          'too-large',
          `Tệp ${fileNameOf(part.filename)} quá lớn (mỗi tệp tối đa ${MAX_UPLOAD_BYTES / MB} MB).`,
          `batch upload: a file reached the ${MAX_UPLOAD_BYTES}-byte limit`,
        );
      }
      total += bytes.length;
      if (total > BATCH_LIMITS.totalBytes) {
        throw new ServiceError(
          413,
          'too-large',
          `Tổng dung lượng các tệp quá lớn (tối đa ${BATCH_LIMITS.totalBytes / MB} MB mỗi lần); hãy chia thành nhiều lần tải lên.`,
          `batch upload over ${BATCH_LIMITS.totalBytes} bytes`,
        );
      }
      files.push({ name: fileNameOf(part.filename), bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) });
    }
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new ServiceError(
        413,
        'too-many-files',
        `Mỗi lần tải lên tối đa ${BATCH_LIMITS.files} tệp; hãy nén thành tệp .zip hoặc chia nhỏ.`,
        `batch upload over ${BATCH_LIMITS.files} files`,
      );
    }
    if (MULTIPART_ERRORS[code]) throw error;
    throw new ServiceError(
      400,
      'bad-upload',
      'Dữ liệu tải lên không hợp lệ hoặc bị gián đoạn. Hãy chọn lại tệp rồi thử lại.',
      `unreadable multipart body: ${String(error)}`,
    );
  }
  return files;
}

export const importRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // only these routes take uploads: one file, 20 MB, a few fields
    await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 }, throwFileSizeLimit: true });

    // the multipart plugin's refusals become ServiceErrors; every refusal goes on to the application's one handler
    app.setErrorHandler((error) => {
      const known = MULTIPART_ERRORS[(error as { code?: string }).code ?? ''];
      if (known) throw new ServiceError(known.status, known.code, known.detail, `upload refused: ${(error as Error).message}`);
      throw error;
    });

    app.post('/imports/preview', { schema: { response: { 200: importPreviewSchema } } }, async (request) => {
      const actor = actorOf(request);
      if (!mayImport(actor)) throw forbidden('import');
      if (!request.isMultipart())
        throw new ServiceError(
          415,
          'not-multipart',
          MULTIPART_ERRORS['FST_INVALID_MULTIPART_CONTENT_TYPE']!.detail,
          'preview without a multipart body',
        );
      const upload = await readUpload(request);
      if (!upload) throw new ServiceError(400, 'no-file', 'Chưa chọn tệp báo cáo để tải lên.', 'multipart body without a file');
      const { bytes, file } = upload;
      // the server usually runs without a request logger: then the warning goes to stderr
      const log = (message: string) => (request.log.level === 'silent' ? console.warn(`[cchc] ${message}`) : request.log.warn(message));
      return previewImport(ctx, actor, { bytes, fileName: fileNameOf(file.filename) }, { log });
    });

    // ------------------------------------------------------------------ a whole archive: the batch and its review queue
    app.post('/imports/batches', { schema: { response: { 202: importBatchSchema } } }, async (request, reply) => {
      const actor = actorOf(request);
      if (!may(actor, 'history:import')) throw forbidden('import batches');
      if (!request.isMultipart())
        throw new ServiceError(
          415,
          'not-multipart',
          MULTIPART_ERRORS['FST_INVALID_MULTIPART_CONTENT_TYPE']!.detail,
          'batch without a multipart body',
        );
      const files = await readBatchUploads(request);
      return reply.status(202).send(presentImportBatch(await createImportBatch(ctx, actor, files)));
    });

    app.get('/imports/batches', { schema: { response: { 200: importBatchListSchema } } }, async (request) =>
      presentImportBatchList(await listBatches(ctx, actorOf(request))),
    );

    app.get('/imports/batches/:batchId', { schema: { params: importBatchParams, response: { 200: importBatchSchema } } }, async (request) =>
      presentImportBatch(await getBatch(ctx, actorOf(request), request.params.batchId)),
    );

    app.post(
      '/imports/batches/:batchId/save-sure',
      { schema: { params: importBatchParams, response: { 200: importBatchSchema } } },
      async (request) => presentImportBatch(await saveSureDocuments(ctx, actorOf(request), request.params.batchId)),
    );

    app.get(
      '/imports/batches/:batchId/documents/:documentId',
      { schema: { params: importBatchDocumentParams, response: { 200: importBatchDocumentDetailSchema } } },
      async (request) =>
        presentImportDocumentDetail(await getBatchDocument(ctx, actorOf(request), request.params.batchId, request.params.documentId)),
    );

    app.post(
      '/imports/batches/:batchId/documents/:documentId/save',
      {
        bodyLimit: 8 * 1024 * 1024,
        schema: { params: importBatchDocumentParams, body: importBatchSaveBody, response: { 200: importBatchDocumentSchema } },
      },
      async (request) =>
        presentImportDocument(await saveBatchDocument(ctx, actorOf(request), request.params.batchId, request.params.documentId, request.body)),
    );

    app.post(
      '/imports/batches/:batchId/documents/:documentId/discard',
      { schema: { params: importBatchDocumentParams, response: { 200: importBatchDocumentSchema } } },
      async (request) => presentImportDocument(await discardBatchDocument(ctx, actorOf(request), request.params.batchId, request.params.documentId)),
    );

    // a report's narrative can be long: more room than the application's 2 MB default
    app.post(
      '/imports/save',
      { bodyLimit: 8 * 1024 * 1024, schema: { body: importSaveBody, response: { 200: reportSummarySchema, 201: reportSummarySchema } } },
      async (request, reply) => {
        const { report, created } = await saveImport(ctx, actorOf(request), request.body);
        return reply.status(created ? 201 : 200).send(presentReportSummary(report));
      },
    );
  };
