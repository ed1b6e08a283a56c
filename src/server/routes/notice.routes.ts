import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams, noticeSchema, remindResponse } from '../../shared/api-schemas.js';
import { actorOf, type RouteDeps } from './route-helpers.js';
import { noticesFor, remindRound } from '../services/notice.service.js';
import { presentNotice } from '../presenters/round.presenter.js';

export const noticeRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/rounds/:id/remind', { schema: { params: idParams, response: { 200: remindResponse } } }, async (request) =>
      remindRound(ctx, actorOf(request), request.params.id),
    );
    app.get('/notices', { schema: { response: { 200: z.array(noticeSchema) } } }, async (request) =>
      (await noticesFor(ctx, actorOf(request))).map(presentNotice),
    );
  };
