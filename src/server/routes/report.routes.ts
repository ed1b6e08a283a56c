import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  cellChangeSchema,
  diffQuery,
  idParams,
  reportQuery,
  reportSchema,
  reportSummarySchema,
  saveNarrativeBody,
  saveValuesBody,
  savedValuesSchema,
  sectionChangeSchema,
  previousSchema,
  submissionSchema,
  versionBody,
  workflowActionParams,
  workflowBody,
} from '../../shared/api-schemas.js';
import { diffOf, moveReport, narrativeDiffOf, sendToLeader, submissionsOf } from '../services/workflow.service.js';
import { actorOf, type RouteDeps } from './route-helpers.js';
import { listVisibleReports, prefillStocks, previousOf, saveNarrative, saveValues, viewReport } from '../services/report.service.js';
import {
  presentPrevious,
  presentReport,
  presentReportSummary,
  presentSavedValues,
  presentSubmission,
  reportJsonBytes,
  type ReportDto,
} from '../presenters/report.presenter.js';

const wantsMinimal = (prefer: string | string[] | undefined) => prefer !== undefined && /(^|[,;\s])return=minimal(\s*(,|;|$))/iu.test(String(prefer));

export const reportRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/reports', { schema: { querystring: reportQuery, response: { 200: z.array(reportSummarySchema) } } }, async (request) =>
      (await listVisibleReports(ctx, actorOf(request), request.query)).map(presentReportSummary),
    );
    // the most frequent request: the JSON is encoded by the response schema once per version of the report, kept as
    // UTF-8 bytes (reportJsonBytes); Fastify sends bytes as they are, without serializing or encoding them again
    app.get('/reports/:id', { schema: { params: idParams, response: { 200: reportSchema } } }, async (request, reply) => {
      const bytes = reportJsonBytes(await viewReport(ctx, actorOf(request), request.params.id));
      return reply.type('application/json; charset=utf-8').send(bytes as unknown as ReportDto);
    });
    // `Prefer: return=minimal` (RFC 7240), as the browser's autosave sends: only the new version and the cells written
    app.put(
      '/reports/:id/values',
      { schema: { params: idParams, body: saveValuesBody, response: { 200: z.union([savedValuesSchema, reportSchema]) } } },
      async (request, reply) => {
        if (!wantsMinimal(request.headers.prefer))
          return presentReport(await saveValues(ctx, actorOf(request), request.params.id, request.body.version, request.body.cells));
        void reply.header('preference-applied', 'return=minimal');
        return presentSavedValues(await saveValues(ctx, actorOf(request), request.params.id, request.body.version, request.body.cells, 'minimal'));
      },
    );
    app.get('/reports/:id/previous', { schema: { params: idParams, response: { 200: previousSchema } } }, async (request) =>
      presentPrevious(await previousOf(ctx, actorOf(request), request.params.id)),
    );
    app.post('/reports/:id/prefill', { schema: { params: idParams, body: versionBody, response: { 200: reportSchema } } }, async (request) =>
      presentReport(await prefillStocks(ctx, actorOf(request), request.params.id, request.body.version)),
    );
    // the reporting officer sends the report to her agency's leader, who is told and submits it
    app.post('/reports/:id/send-to-leader', { schema: { params: idParams, body: versionBody, response: { 200: reportSchema } } }, async (request) =>
      presentReport(await sendToLeader(ctx, actorOf(request), request.params.id, request.body.version)),
    );
    app.post(
      '/reports/:id/:action',
      { schema: { params: workflowActionParams, body: workflowBody, response: { 200: reportSchema } } },
      async (request) => presentReport(await moveReport(ctx, actorOf(request), request.params.id, request.params.action, request.body)),
    );
    app.get('/reports/:id/submissions', { schema: { params: idParams, response: { 200: z.array(submissionSchema) } } }, async (request) =>
      (await submissionsOf(ctx, actorOf(request), request.params.id)).map(presentSubmission),
    );
    app.get(
      '/reports/:id/diff',
      { schema: { params: idParams, querystring: diffQuery, response: { 200: z.array(cellChangeSchema) } } },
      async (request) => diffOf(ctx, actorOf(request), request.params.id, request.query.from, request.query.to),
    );
    app.get(
      '/reports/:id/narrative-diff',
      { schema: { params: idParams, querystring: diffQuery, response: { 200: z.array(sectionChangeSchema) } } },
      async (request) => narrativeDiffOf(ctx, actorOf(request), request.params.id, request.query.from, request.query.to),
    );
    app.put('/reports/:id/narrative', { schema: { params: idParams, body: saveNarrativeBody, response: { 200: reportSchema } } }, async (request) =>
      presentReport(await saveNarrative(ctx, actorOf(request), request.params.id, request.body.version, request.body.sections)),
    );
  };
