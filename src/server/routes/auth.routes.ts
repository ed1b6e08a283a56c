import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  loginBody,
  loginResponse,
  logoutEverywhereResponse,
  meResponse,
  passwordChangeBody,
  passwordChangeResponse,
} from '../../shared/api-schemas.js';
import { actorOf, SESSION_COOKIE, SMALL_BODY_LIMIT, type RouteDeps } from './route-helpers.js';
import { getAccount } from '../repositories/account.repository.js';
import { changePassword, login, logout, logoutEverywhere, SESSION_TTL_MS } from '../services/auth.service.js';
import { presentActor, presentMe } from './presenters.js';

export const authRoutes =
  ({ ctx, secureCookies, loginLimit }: RouteDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure: secureCookies };

    app.post(
      '/auth/login',
      // throttled per account and per client address by the service (growing delays; successes do not count); the
      // address is the socket's, or the one a trusted proxy reports (CCHC_TRUST_PROXY). A body of a few KB at most.
      { bodyLimit: SMALL_BODY_LIMIT, schema: { body: loginBody, response: { 200: loginResponse } } },
      async (request, reply) => {
        const result = await login(ctx, request.body.username, request.body.password, { address: request.ip, policy: loginLimit });
        // a new session on every login (no session fixation)
        reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions, maxAge: Math.floor(SESSION_TTL_MS / 1000) });
        const account = (await getAccount(ctx.db, result.actor.accountId))!;
        return { actor: presentActor(result.actor, account.agency_ids), csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString() };
      },
    );

    app.get('/auth/me', { schema: { response: { 200: meResponse } } }, async (request) => {
      const actor = actorOf(request);
      const account = (await getAccount(ctx.db, actor.accountId))!;
      return presentMe(actor, account.agency_ids, request.auth!.csrfToken);
    });

    app.post('/auth/logout', { schema: { response: { 204: z.null() } } }, async (request, reply) => {
      await logout(ctx, request.auth!.sessionId, actorOf(request));
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send(null);
    });

    app.post('/auth/logout-everywhere', { schema: { response: { 200: logoutEverywhereResponse } } }, async (request, reply) => {
      const n = await logoutEverywhere(ctx, actorOf(request));
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return { sessionsEnded: n };
    });

    // Changing one's password needs the current one, so it is rate-limited like a login: per account (the session
    // hook has run by now), with the login's budget, counters in the database shared by every server process.
    app.post(
      '/auth/password',
      {
        config: {
          rateLimit: {
            max: loginLimit.max,
            timeWindow: loginLimit.timeWindowMs,
            keyGenerator: (request) => `password-change:${request.auth?.actor.accountId ?? request.ip}`,
          },
        },
        schema: { body: passwordChangeBody, response: { 200: passwordChangeResponse } },
      },
      async (request, reply) => {
        const result = await changePassword(ctx, actorOf(request), request.auth!.sessionId, request.body.currentPassword, request.body.newPassword);
        // the session is rotated: this browser continues on a new session, every other one is signed out
        reply.setCookie(SESSION_COOKIE, result.token, { ...cookieOptions, maxAge: Math.floor(SESSION_TTL_MS / 1000) });
        return { csrfToken: result.csrfToken, expiresAt: result.expiresAt.toISOString(), sessionsEnded: result.sessionsEnded };
      },
    );
  };
