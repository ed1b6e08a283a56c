import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import type { z } from 'zod';
import { consolidationQuery as query, consolidationRowQuery, idParams } from '../../shared/api-schemas.js';
import {
  consolidationFindingsQuery,
  consolidationFindingsSchema,
  consolidationRowSchema,
  consolidationSchema,
} from '../../shared/consolidation-schemas.js';
import { presentConsolidation, presentConsolidationFindings, presentConsolidationRow } from './presenters.js';
import { actorOf, type RouteDeps } from './route-helpers.js';
import { consolidateRound, consolidationFindings, consolidationRow, consolidationXlsx } from '../services/consolidation.service.js';
import { provinceReportDocx } from '../services/province-report.service.js';

const options = (q: z.infer<typeof query>) => ({ ...(q.kind ? { kind: q.kind } : {}), includeSubmitted: q.includeSubmitted === 'true' });

export const consolidationRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/rounds/:id/consolidation',
      { schema: { params: idParams, querystring: query, response: { 200: consolidationSchema } } },
      async (request) => presentConsolidation(await consolidateRound(ctx, actorOf(request), request.params.id, options(request.query))),
    );
    app.get(
      '/rounds/:id/consolidation/row',
      { schema: { params: idParams, querystring: consolidationRowQuery, response: { 200: consolidationRowSchema } } },
      async (request) => {
        const { rowId, ...rest } = request.query;
        return presentConsolidationRow(await consolidationRow(ctx, actorOf(request), request.params.id, rowId, options(rest)));
      },
    );
    // counts by rule and row over every counted report, then one page (of one rule, row or agency when asked)
    app.get(
      '/rounds/:id/consolidation/findings',
      { schema: { params: idParams, querystring: consolidationFindingsQuery, response: { 200: consolidationFindingsSchema } } },
      async (request) => {
        const { rule, rowId, agencyId, limit, offset, ...rest } = request.query;
        const findings = await consolidationFindings(ctx, actorOf(request), request.params.id, options(rest), {
          rule,
          rowId,
          agencyId,
          limit,
          offset,
        });
        return presentConsolidationFindings(findings);
      },
    );
    // the province's report: narrative (stored, or generated from the figures), signature, appendix and annexes
    app.get('/rounds/:id/consolidation.docx', { schema: { params: idParams, querystring: query } }, async (request, reply) => {
      const { bytes, fileName } = await provinceReportDocx(ctx, actorOf(request), request.params.id, options(request.query));
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(Buffer.from(bytes));
    });
    // the table by agency, streamed as it is written (a page of rows at a time): access and figures are settled first,
    // so a refusal is still a 403/404; a failure once bytes are sent can only cut the download, and is logged
    app.get('/rounds/:id/consolidation.xlsx', { schema: { params: idParams, querystring: query } }, async (request, reply) => {
      const { write, fileName } = await consolidationXlsx(ctx, actorOf(request), request.params.id, options(request.query));
      const body = new PassThrough();
      write(body).catch((error: unknown) => {
        request.log.error({ err: error }, 'consolidated XLSX failed while streaming');
        body.destroy(error instanceof Error ? error : new Error(String(error)));
      });
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(body);
    });
  };
