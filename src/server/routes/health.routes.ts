import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthResponse } from '../../shared/api-schemas.js';
import type { RouteDeps } from '../app.js';
import { ping } from '../repositories/health.repository.js';

export const healthRoutes =
  ({ ctx, engine }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/health', { schema: { response: { 200: healthResponse } } }, async () => {
      await ping(ctx.db);
      return { status: 'ok' as const, engine };
    });
  };
