/**
 * The Fastify application: plugins, authentication by session cookie, CSRF on cookie-authenticated writes, and errors
 * as application/problem+json with a Vietnamese message. Routes follow one recipe: validate → authorize → service → present.
 */
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import swaggerUi from '@fastify/swagger-ui';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Context } from './context.js';
import type { Actor } from './policies/access.js';
import { resolveSession } from './services/auth.service.js';
import { databaseRateLimitStore } from './rate-limit-store.js';
import { ServiceError } from './services/service-error.js';
import { accountRoutes } from './routes/account.routes.js';
import { agencyRoutes } from './routes/agency.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { importRoutes } from './routes/import.routes.js';
import { documentRoutes } from './routes/document.routes.js';
import { consolidationRoutes } from './routes/consolidation.routes.js';
import { dashboardRoutes } from './routes/dashboard.routes.js';
import { noticeRoutes } from './routes/notice.routes.js';
import { reportRoutes } from './routes/report.routes.js';
import { roundRoutes } from './routes/round.routes.js';
import { templateRoutes } from './routes/template.routes.js';

export const SESSION_COOKIE = 'cchc_session';

declare module 'fastify' {
  interface FastifyRequest {
    auth: { actor: Actor; csrfToken: string; sessionId: string } | null;
  }
}

export interface AppOptions {
  logger?: boolean;
  /** Send cookies only over HTTPS (behind a TLS-terminating proxy in production). */
  secureCookies?: boolean;
  /** Login attempts allowed per IP per window. */
  loginLimit?: { max: number; timeWindowMs: number };
  engine?: string;
}

function problem(reply: FastifyReply, status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
  // the standard members come last: details never replace the HTTP status or the message
  return reply
    .status(status)
    .type('application/problem+json; charset=utf-8')
    .send({ ...extra, type: `https://cchc.vn/problems/${code}`, title: code, status, detail, code });
}

/** PostgreSQL refuses U+0000 in text (SQLSTATE 22021 / 22P05): bad input, not a server fault. */
function isInvalidText(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '22021' || code === '22P05' || /invalid byte sequence|unsupported Unicode escape/u.test(String((error as Error).message ?? ''));
}

/** Paths that need no session. */
const PUBLIC = [/^\/api\/health$/u, /^\/api\/auth\/login$/u, /^\/api\/docs(\/|$)/u];

export async function buildApp(ctx: Context, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: true,
    bodyLimit: 2 * 1024 * 1024,
    // ids are up to 200 characters; longer ones get the 404 of an unknown id, not a framework error
    routerOptions: { maxParamLength: 300 },
    // errors Fastify raises before routing (a malformed URL escape…) are problems in Vietnamese too
    frameworkErrors: (error, _request, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      void problem(reply, status >= 400 && status < 500 ? status : 400, 'bad-request', 'Địa chỉ hoặc yêu cầu không hợp lệ.', { reason: error.message });
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] },
    },
  });
  await app.register(cookie);
  // counters in the database: the limit holds across every server process
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(ctx) });
  await app.register(swagger, {
    openapi: { info: { title: 'CCHC API', description: 'Báo cáo cải cách hành chính', version: '0.1.0' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.url.startsWith('/api/')) return;
    const path = request.url.split('?')[0]!;
    if (PUBLIC.some((p) => p.test(path))) return;
    const token = request.cookies[SESSION_COOKIE];
    const resolved = token ? await resolveSession(ctx, token) : undefined;
    if (!resolved) return problem(reply, 401, 'unauthenticated', 'Phiên đăng nhập đã hết hạn hoặc chưa đăng nhập. Hãy đăng nhập lại.');
    request.auth = resolved;
    // cookies travel by themselves: a write must also show the session's CSRF token, which only our pages can read
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && request.headers['x-csrf-token'] !== resolved.csrfToken) {
      return problem(reply, 403, 'csrf', 'Yêu cầu không hợp lệ (thiếu mã chống giả mạo). Hãy tải lại trang.');
    }
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ServiceError) return problem(reply, error.status, error.code, error.messageVi, error.details);
    if (hasZodFastifySchemaValidationErrors(error)) {
      return problem(reply, 400, 'invalid-request', 'Dữ liệu gửi lên không hợp lệ.', {
        issues: error.validation.map((v) => ({ path: v.instancePath, message: v.message })),
      });
    }
    if (isInvalidText(error)) return problem(reply, 400, 'invalid-text', 'Dữ liệu có ký tự không hợp lệ (ký tự NUL).');
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 429) return problem(reply, 429, 'too-many-requests', 'Bạn đã thử quá nhiều lần. Hãy đợi vài phút rồi thử lại.');
    if (status && status >= 400 && status < 500) {
      return problem(reply, status, 'bad-request', 'Yêu cầu không hợp lệ.', { reason: (error as Error).message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return problem(reply, 500, 'internal', 'Lỗi hệ thống. Dữ liệu của bạn chưa bị mất; hãy thử lại sau ít phút.');
  });
  app.setNotFoundHandler((request, reply) => problem(reply, 404, 'not-found', 'Không tìm thấy địa chỉ yêu cầu.', { path: request.url }));


  // the web client, built by Vite into web/dist (at the package root: the same path from src/ and dist/)
  const webRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');
  if (existsSync(webRoot)) await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false });
  else app.get('/', async (_request, reply) => reply.type('text/plain; charset=utf-8').send('Chưa biên dịch giao diện web: chạy "npm run build". (web/dist is missing)'));

  const deps = { ctx, secureCookies: options.secureCookies ?? false, loginLimit: options.loginLimit ?? { max: 10, timeWindowMs: 15 * 60_000 }, engine: options.engine ?? 'unknown' };
  await app.register(healthRoutes(deps), { prefix: '/api' });
  await app.register(authRoutes(deps), { prefix: '/api' });
  await app.register(agencyRoutes(deps), { prefix: '/api' });
  await app.register(templateRoutes(deps), { prefix: '/api' });
  await app.register(roundRoutes(deps), { prefix: '/api' });
  await app.register(reportRoutes(deps), { prefix: '/api' });
  await app.register(importRoutes(deps), { prefix: '/api' });
  await app.register(documentRoutes(deps), { prefix: '/api' });
  await app.register(consolidationRoutes(deps), { prefix: '/api' });
  await app.register(dashboardRoutes(deps), { prefix: '/api' });
  await app.register(noticeRoutes(deps), { prefix: '/api' });
  await app.register(accountRoutes(deps), { prefix: '/api' });
  return app;
}

export interface RouteDeps {
  ctx: Context;
  secureCookies: boolean;
  loginLimit: { max: number; timeWindowMs: number };
  engine: string;
}

/** The signed-in actor; the onRequest hook guarantees it on every non-public route. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.auth) throw new ServiceError(401, 'unauthenticated', 'Chưa đăng nhập.', 'no session');
  return request.auth.actor;
}
