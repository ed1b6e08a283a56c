import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { RouteDeps } from '../app.js';

export const healthRoutes =
  ({ ctx, engine }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/health', { schema: { response: { 200: z.object({ status: z.literal('ok'), engine: z.string() }) } } }, async () => {
      await sql`select 1`.execute(ctx.db);
      return { status: 'ok' as const, engine };
    });
  };
