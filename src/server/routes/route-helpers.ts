/**
 * What every routes module needs from the application, in a module of its own (routes never import app.ts, which
 * imports them): the dependencies a routes plugin is built from, the signed-in actor, the session cookie's name.
 */
import type { FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import type { Actor } from '../policies/access.js';
import { ServiceError } from '../services/service-error.js';

export const SESSION_COOKIE = 'cchc_session';

/** A body of a few KB: sign-in, sign-out, password change (larger ones get 413 before they are read). */
export const SMALL_BODY_LIMIT = 8 * 1024;
/** Every route's body limit unless it declares another (app.ts lists the few routes that take more). */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    auth: { actor: Actor; csrfToken: string; sessionId: string } | null;
  }
}

export interface LoginThrottle {
  /** Failed sign-ins allowed per account, and per client address, before each further attempt waits. */
  max: number;
  /** The window over which failures are counted; a success clears the account's count. */
  timeWindowMs: number;
}

export interface RouteDeps {
  ctx: Context;
  secureCookies: boolean;
  loginLimit: LoginThrottle;
  engine: string;
}

/** The signed-in actor; the onRequest hook guarantees it on every non-public route. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.auth) throw new ServiceError(401, 'unauthenticated', 'Chưa đăng nhập.', 'no session');
  return request.auth.actor;
}
