import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { consolidationQuery as query, consolidationRowQuery, idParams } from '../../shared/api-schemas.js';
import { actorOf, type RouteDeps } from './route-helpers.js';
import { consolidateRound, consolidationFindings, consolidationRow, consolidationXlsx } from '../services/consolidation.service.js';
import { provinceReportDocx } from '../services/province-report.service.js';

const options = (q: z.infer<typeof query>) => ({ ...(q.kind ? { kind: q.kind } : {}), includeSubmitted: q.includeSubmitted === 'true' });

export const consolidationRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/rounds/:id/consolidation', { schema: { params: idParams, querystring: query } }, async (request) =>
      consolidateRound(ctx, actorOf(request), request.params.id, options(request.query)),
    );
    app.get('/rounds/:id/consolidation/row', { schema: { params: idParams, querystring: consolidationRowQuery } }, async (request) => {
      const { rowId, ...rest } = request.query;
      return consolidationRow(ctx, actorOf(request), request.params.id, rowId, options(rest));
    });
    app.get('/rounds/:id/consolidation/findings', { schema: { params: idParams, querystring: query } }, async (request) =>
      consolidationFindings(ctx, actorOf(request), request.params.id, options(request.query)),
    );
    // the province's report: narrative (stored, or generated from the figures), signature, appendix and annexes
    app.get('/rounds/:id/consolidation.docx', { schema: { params: idParams, querystring: query } }, async (request, reply) => {
      const { bytes, fileName } = await provinceReportDocx(ctx, actorOf(request), request.params.id, options(request.query));
      return reply
        .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(Buffer.from(bytes));
    });
    app.get('/rounds/:id/consolidation.xlsx', { schema: { params: idParams, querystring: query } }, async (request, reply) => {
      const { bytes, fileName } = await consolidationXlsx(ctx, actorOf(request), request.params.id, options(request.query));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(Buffer.from(bytes));
    });
  };
