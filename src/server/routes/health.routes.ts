/**
 * Health: liveness (the process answers; never touches the database) and readiness (the database answers; 503 with
 * the reason otherwise). `/api/health` is readiness too (the web client and older probes use it).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthLiveResponse, healthResponse } from '../../shared/api-schemas.js';
import type { RouteDeps } from './route-helpers.js';
import { ping } from '../repositories/health.repository.js';

/** A database that does not answer within this time is not ready. */
export const READY_TIMEOUT_MS = 3000;

export const healthRoutes =
  ({ ctx, engine }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/health/live', { schema: { response: { 200: healthLiveResponse } } }, async () => ({ status: 'ok' as const }));

    const ready = async (request: FastifyRequest, reply: FastifyReply) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          ping(ctx.db),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`the database did not answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
          }),
        ]);
      } catch (error) {
        const reason = `database unreachable: ${error instanceof Error ? error.message : String(error)}`;
        request.failure = reason;
        return reply.status(503).header('cache-control', 'no-store').type('application/problem+json; charset=utf-8').send({
          type: 'https://cchc.vn/problems/not-ready',
          title: 'not-ready',
          status: 503,
          detail: 'Máy chủ chưa sẵn sàng: không kết nối được cơ sở dữ liệu.',
          code: 'not-ready',
          reason,
        });
      } finally {
        clearTimeout(timer);
      }
      void reply.header('cache-control', 'no-store');
      return { status: 'ok' as const, engine };
    };
    app.get('/health/ready', { schema: { response: { 200: healthResponse } } }, ready);
    app.get('/health', { schema: { response: { 200: healthResponse } } }, ready);
  };
