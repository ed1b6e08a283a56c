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

    child(routeOptions: { path: string; prefix: string }): FastifyRateLimitStore {
      return new DatabaseRateLimitStore(this.options, `${routeOptions.prefix}${routeOptions.path}`);
    }
  };
}
