import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { idParams } from '../../shared/api-schemas.js';
import { pastePlacementSchema, pastePreviewBody, reportHistorySchema } from '../../shared/entry-schemas.js';
import { presentPastePlacement, presentReportHistory } from '../presenters/entry.presenter.js';
import { previewPaste } from '../services/paste-preview.service.js';
import { reportHistory } from '../services/report-history.service.js';
import { actorOf, type RouteDeps } from './route-helpers.js';

/** The entry grid's aids: where a pasted Excel block lands, and the agency's history of each row. */
export const entryRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/reports/:id/paste-preview',
      { schema: { params: idParams, body: pastePreviewBody, response: { 200: pastePlacementSchema } } },
      async (request) => presentPastePlacement(await previewPaste(ctx, actorOf(request), request.params.id, request.body)),
    );
    app.get('/reports/:id/history', { schema: { params: idParams, response: { 200: reportHistorySchema } } }, async (request) =>
      presentReportHistory(await reportHistory(ctx, actorOf(request), request.params.id)),
    );
  };
