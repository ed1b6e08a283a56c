/**
 * The province's CCHC index: criteria sets, each agency's assessment (self scores, evidence uploads and links,
 * appraisal, workflow moves, history), the evidence files, and the group's results in a province (ranking,
 * publication, DOCX annex, XLSX, comparison across years).
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  appraisalBody,
  assessmentListSchema,
  assessmentSchema,
  criteriaSetSchema,
  criteriaSetSummarySchema,
  evidenceLinkBody,
  evidenceRemoveBody,
  indexActionParams,
  indexAssessmentParams,
  indexCompareParams,
  indexCompareQuery,
  indexCompareSchema,
  indexEvidenceParams,
  indexHistorySchema,
  indexMoveBody,
  indexProvinceParams,
  indexPublishBody,
  indexResultsSchema,
  indexSetParams,
  indexUploadQuery,
  selfScoresBody,
} from '../../shared/index-schemas.js';
import { idParams } from '../../shared/api-schemas.js';
import {
  presentAssessment,
  presentAssessmentList,
  presentCriteriaSet,
  presentCriteriaSetSummary,
  presentIndexCompare,
  presentIndexHistory,
  presentIndexResults,
} from '../presenters/par-index.presenter.js';
import {
  addEvidenceFile,
  addEvidenceLink,
  compareIndexYears,
  evidenceFile,
  getIndexAssessment,
  getIndexSet,
  indexAssessmentHistory,
  indexResults,
  indexResultsDocument,
  listIndexAssessments,
  listIndexSets,
  MAX_EVIDENCE_BYTES,
  moveIndexAssessment,
  publishIndexResults,
  removeEvidence,
  saveAppraisal,
  saveSelfScores,
} from '../services/par-index.service.js';
import { ServiceError } from '../services/service-error.js';
import { actorOf, type RouteDeps } from './route-helpers.js';

const TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** An attachment's file name for the Content-Disposition header: ASCII fallback, the UTF-8 name as filename*. */
function disposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/đ/gu, 'd')
    .replace(/Đ/gu, 'D')
    .replace(/[^\x20-\x7e]|["\\]/gu, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const parIndexRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    // evidence uploads: one file, at most MAX_EVIDENCE_BYTES
    await app.register(multipart, { limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 5, parts: 6 }, throwFileSizeLimit: true });
    app.setErrorHandler((error) => {
      const code = (error as { code?: string }).code ?? '';
      if (code === 'FST_REQ_FILE_TOO_LARGE')
        throw new ServiceError(413, 'too-large', `Tệp quá lớn (tối đa ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB).`, 'evidence over the limit');
      if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')
        throw new ServiceError(415, 'not-multipart', 'Hãy gửi tệp dưới dạng biểu mẫu tải tệp (multipart/form-data).', 'not multipart');
      if (code.startsWith('FST_') && code.includes('LIMIT')) throw new ServiceError(413, 'too-many-parts', 'Mỗi lần chỉ gửi một tệp.', code);
      throw error;
    });

    app.get('/index/sets', { schema: { response: { 200: z.array(criteriaSetSummarySchema) } } }, async (request) =>
      (await listIndexSets(ctx, actorOf(request))).map(presentCriteriaSetSummary),
    );
    app.get('/index/sets/:setId', { schema: { params: indexSetParams, response: { 200: criteriaSetSchema } } }, async (request) =>
      presentCriteriaSet(await getIndexSet(ctx, actorOf(request), request.params.setId)),
    );
    app.get('/index/sets/:setId/assessments', { schema: { params: indexSetParams, response: { 200: assessmentListSchema } } }, async (request) =>
      presentAssessmentList(await listIndexAssessments(ctx, actorOf(request), request.params.setId)),
    );
    app.get(
      '/index/sets/:setId/assessments/:agencyId',
      { schema: { params: indexAssessmentParams, response: { 200: assessmentSchema } } },
      async (request) => presentAssessment(await getIndexAssessment(ctx, actorOf(request), request.params.setId, request.params.agencyId)),
    );
    app.put(
      '/index/sets/:setId/assessments/:agencyId/self',
      { bodyLimit: 1024 * 1024, schema: { params: indexAssessmentParams, body: selfScoresBody, response: { 200: assessmentSchema } } },
      async (request) => presentAssessment(await saveSelfScores(ctx, actorOf(request), request.params.setId, request.params.agencyId, request.body)),
    );
    app.put(
      '/index/sets/:setId/assessments/:agencyId/appraisal',
      { bodyLimit: 1024 * 1024, schema: { params: indexAssessmentParams, body: appraisalBody, response: { 200: assessmentSchema } } },
      async (request) => presentAssessment(await saveAppraisal(ctx, actorOf(request), request.params.setId, request.params.agencyId, request.body)),
    );
    app.post(
      '/index/sets/:setId/assessments/:agencyId/evidence',
      { schema: { params: indexAssessmentParams, querystring: indexUploadQuery, response: { 200: assessmentSchema } } },
      async (request) => {
        const actor = actorOf(request);
        if (!request.isMultipart())
          throw new ServiceError(415, 'not-multipart', 'Hãy gửi tệp dưới dạng biểu mẫu tải tệp (multipart/form-data).', 'not multipart');
        const file = await request.file();
        if (!file) throw new ServiceError(400, 'no-file', 'Chưa chọn tệp để tải lên.', 'multipart body without a file');
        const bytes = await file.toBuffer();
        if (file.file.truncated || bytes.length > MAX_EVIDENCE_BYTES)
          throw new ServiceError(413, 'too-large', `Tệp quá lớn (tối đa ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB).`, 'evidence over the limit');
        return presentAssessment(
          await addEvidenceFile(ctx, actor, request.params.setId, request.params.agencyId, {
            version: request.query.version,
            code: request.query.code,
            fileName: file.filename,
            contentType: file.mimetype,
            bytes,
          }),
        );
      },
    );
    app.post(
      '/index/sets/:setId/assessments/:agencyId/evidence-links',
      { schema: { params: indexAssessmentParams, body: evidenceLinkBody, response: { 200: assessmentSchema } } },
      async (request) => presentAssessment(await addEvidenceLink(ctx, actorOf(request), request.params.setId, request.params.agencyId, request.body)),
    );
    app.post(
      '/index/sets/:setId/assessments/:agencyId/evidence/:evidenceId/remove',
      { schema: { params: indexEvidenceParams, body: evidenceRemoveBody, response: { 200: assessmentSchema } } },
      async (request) =>
        presentAssessment(
          await removeEvidence(ctx, actorOf(request), request.params.setId, request.params.agencyId, request.params.evidenceId, request.body),
        ),
    );
    app.post(
      '/index/sets/:setId/assessments/:agencyId/:action',
      { schema: { params: indexActionParams, body: indexMoveBody, response: { 200: assessmentSchema } } },
      async (request) =>
        presentAssessment(
          await moveIndexAssessment(ctx, actorOf(request), request.params.setId, request.params.agencyId, request.params.action, request.body),
        ),
    );
    app.get(
      '/index/sets/:setId/assessments/:agencyId/history',
      { schema: { params: indexAssessmentParams, response: { 200: indexHistorySchema } } },
      async (request) => presentIndexHistory(await indexAssessmentHistory(ctx, actorOf(request), request.params.setId, request.params.agencyId)),
    );
    app.get('/index/evidence/:id', { schema: { params: idParams } }, async (request, reply) => {
      const file = await evidenceFile(ctx, actorOf(request), request.params.id);
      return reply.type(file.contentType).header('content-disposition', disposition(file.fileName)).send(file.bytes);
    });
    app.get(
      '/index/sets/:setId/provinces/:provinceId/results',
      { schema: { params: indexProvinceParams, response: { 200: indexResultsSchema } } },
      async (request) => presentIndexResults(await indexResults(ctx, actorOf(request), request.params.setId, request.params.provinceId)),
    );
    app.post(
      '/index/sets/:setId/provinces/:provinceId/publish',
      { schema: { params: indexProvinceParams, body: indexPublishBody, response: { 200: indexResultsSchema } } },
      async (request) =>
        presentIndexResults(await publishIndexResults(ctx, actorOf(request), request.params.setId, request.params.provinceId, request.body)),
    );
    for (const format of ['docx', 'xlsx'] as const) {
      app.get(`/index/sets/:setId/provinces/:provinceId/results.${format}`, { schema: { params: indexProvinceParams } }, async (request, reply) => {
        const { bytes, fileName } = await indexResultsDocument(ctx, actorOf(request), request.params.setId, request.params.provinceId, format);
        return reply.type(TYPES[format]).header('content-disposition', disposition(fileName)).send(Buffer.from(bytes));
      });
    }
    app.get(
      '/index/provinces/:provinceId/compare',
      { schema: { params: indexCompareParams, querystring: indexCompareQuery, response: { 200: indexCompareSchema } } },
      async (request) => presentIndexCompare(await compareIndexYears(ctx, actorOf(request), request.params.provinceId, request.query.group)),
    );
  };
