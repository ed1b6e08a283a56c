import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { agencySchema, idParams } from '../../shared/api-schemas.js';
import { actorOf, type RouteDeps } from './route-helpers.js';
import { listVisibleAgencies, viewAgency } from '../services/agency.service.js';
import { presentAgency } from '../presenters/round.presenter.js';

export const agencyRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/agencies', { schema: { response: { 200: z.array(agencySchema) } } }, async (request) =>
      (await listVisibleAgencies(ctx, actorOf(request))).map(presentAgency),
    );

    app.get('/agencies/:id', { schema: { params: idParams, response: { 200: agencySchema } } }, async (request) =>
      presentAgency(await viewAgency(ctx, actorOf(request), request.params.id)),
    );
  };
