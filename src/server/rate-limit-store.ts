/** A @fastify/rate-limit store over the database: limits hold across every server process sharing it. */
import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Context } from './context.js';
import { hit } from './repositories/rate-limit.repository.js';

export function databaseRateLimitStore(ctx: Context) {
  return class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(
      readonly options: FastifyRateLimitOptions,
      readonly route = '',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const now = ctx.clock.now();
      hit(ctx.db, `${this.route}|${key}`, timeWindow, now).then(
        ({ count, windowStart }) => callback(null, { current: count, ttl: Math.max(0, windowStart.getTime() + timeWindow - now.getTime()) }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    /**
     * A route's own limit. The types promise the route's `prefix` and `path`, but @fastify/rate-limit 11 calls this
     * with the merged limit options, which carry the route as `routeInfo` (its method and url).
     */
    child(params: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const route = (params as unknown as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo ?? {};
      const method = Array.isArray(route.method) ? route.method.join(',') : (route.method ?? '');
      return new DatabaseRateLimitStore(this.options, `${method} ${route.url ?? ''}`.trim());
    }
  };
}
