import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { homeSchema } from '../../shared/api-schemas.js';
import { actorOf, type RouteDeps } from './route-helpers.js';
import { officerHome } from '../services/officer-home.service.js';
import { presentOfficerHome } from './presenters.js';

/** The officer's home: her agency's reports (returned first, with reasons) and the approval requests to her role. */
export const officerHomeRoutes =
  ({ ctx }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/home', { schema: { response: { 200: homeSchema } } }, async (request) => presentOfficerHome(await officerHome(ctx, actorOf(request))));
  };
