import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { agencySchema, idParams } from '../../shared/api-schemas.js';
import { actorOf, type RouteDeps } from '../app.js';
import { may } from '../policies/access.js';
import { getAgency, listAgencies } from '../repositories/agency.repository.js';
import { forbidden, notFound } from '../services/service-error.js';
import { presentAgency } from './presenters.js';

export const agencyRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/agencies', { schema: { response: { 200: z.array(agencySchema) } } }, async (request) => {
      const actor = actorOf(request);
      if (!may(actor, 'agency:read')) throw forbidden('agency:read');
      return (await listAgencies(ctx.db, [...actor.scope])).map(presentAgency);
    });

    app.get('/agencies/:id', { schema: { params: idParams, response: { 200: agencySchema } } }, async (request) => {
      const actor = actorOf(request);
      const agency = await getAgency(ctx.db, request.params.id);
      if (!agency || !may(actor, 'agency:read', agency.id)) throw notFound('agency', request.params.id);
      return presentAgency(agency);
    });
  };
