/**
 * The Fastify application: plugins, authentication by session cookie, CSRF on cookie-authenticated writes, and errors
 * as application/problem+json with a Vietnamese message. Routes follow one recipe: validate → authorize → service → present.
 *
 * The edge: one JSON line per request in the log (see docs/logging.md); a body limit per route (a few KB unless the
 * route needs more); the client address from the socket unless a configured proxy is trusted; HSTS and
 * upgrade-insecure-requests only on HTTPS deployments; whether a request needs a session is decided on the route the
 * router matched, never on the raw URL.
 */
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import swaggerUi from '@fastify/swagger-ui';
import { existsSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Context } from './context.js';
import { resolveSession } from './services/auth.service.js';
import { databaseRateLimitStore } from './rate-limit-store.js';
import { ServiceError } from './services/service-error.js';
import { DEFAULT_BODY_LIMIT, SESSION_COOKIE, type LoginThrottle, type RouteDeps } from './routes/route-helpers.js';
import { accountRoutes } from './routes/account.routes.js';
import { agencyRoutes } from './routes/agency.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { importRoutes } from './routes/import.routes.js';
import { documentRoutes } from './routes/document.routes.js';
import { consolidationRoutes } from './routes/consolidation.routes.js';
import { dashboardRoutes } from './routes/dashboard.routes.js';
import { entryRoutes } from './routes/entry.routes.js';
import { noticeRoutes } from './routes/notice.routes.js';
import { planRoutes } from './routes/plan.routes.js';
import { parIndexRoutes } from './routes/par-index.routes.js';
import { officerHomeRoutes } from './routes/officer-home.routes.js';
import { describeRoute, OPENAPI_DOCUMENT, securityOf } from './api-docs.js';
import { webPageScriptHashes } from './inline-scripts.js';
import { registerWebPages } from './web-page.js';
import { reportRoutes } from './routes/report.routes.js';
import { roundRoutes } from './routes/round.routes.js';
import { templateRoutes } from './routes/template.routes.js';

export { SESSION_COOKIE, actorOf, type RouteDeps } from './routes/route-helpers.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The English reason of a refusal or failure, for the request's log line. */
    failure: string | null;
  }
}

/** Where the JSON log lines go: a level (pino's) and, for tests, a stream (stdout otherwise). */
export interface LogOptions {
  level: string;
  stream?: { write(line: string): void };
}

export interface AppOptions {
  /** The request and error log; none when absent (tests). */
  log?: LogOptions;
  /** Send cookies only over HTTPS (behind a TLS-terminating proxy in production); also turns on HSTS. */
  secureCookies?: boolean;
  /** Failed sign-ins allowed per account (five times that per address) before attempts wait. */
  loginLimit?: LoginThrottle;
  engine?: string;
  /** Proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: none by default (see settings.ts). */
  trustProxy?: false | number | string[];
  /** Serve the OpenAPI description and its viewer at /api/docs (default true). */
  apiDocs?: boolean;
  /** The built web client (tests: a copy); web/dist of the package by default. */
  webRoot?: string;
}

/** Routes that take more than the default body (the rest keep DEFAULT_BODY_LIMIT or the smaller limit they declare). */
const LARGER_BODIES: Record<string, number> = {
  'PUT /api/reports/:id/values': 2 * 1024 * 1024,
  'PUT /api/reports/:id/narrative': 2 * 1024 * 1024,
  'POST /api/reports/:id/:action': 256 * 1024,
  'POST /api/reports/:id/paste-preview': 2 * 1024 * 1024,
  'POST /api/rounds': 2 * 1024 * 1024,
  'POST /api/templates': 2 * 1024 * 1024,
  'POST /api/templates/check': 2 * 1024 * 1024,
};

/** Routes that need no session (route patterns, as the router matched them). */
const PUBLIC_ROUTES = new Set(['/api/health', '/api/health/live', '/api/health/ready', '/api/auth/login']);
const isPublicRoute = (route: string) =>
  !route.startsWith('/api/') || PUBLIC_ROUTES.has(route) || route === '/api/docs' || route.startsWith('/api/docs/');

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

/** An error's message for logs and 4xx answers; a JSON parser's message can quote the body (a password): never that. */
function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (error instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY') return 'invalid JSON body';
  return String((error as Error).message ?? error).slice(0, 500);
}

/** The deployment is HTTPS: the secure-cookie setting, or a trusted proxy saying the client used HTTPS. */
const isHttps = (request: FastifyRequest, secureCookies: boolean) => secureCookies || request.protocol === 'https';

/** Fastify's trustProxy: none, the first n hops (nearest first), or the listed addresses/CIDRs. */
function trustedProxies(setting: AppOptions['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (setting === undefined || setting === false) return false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting;
}

export async function buildApp(ctx: Context, options: AppOptions = {}): Promise<FastifyInstance> {
  const secureCookies = options.secureCookies ?? false;
  const app = Fastify({
    logger: options.log
      ? {
          level: options.log.level,
          ...(options.log.stream ? { stream: options.log.stream } : {}),
          timestamp: () => `,"time":"${new Date().toISOString()}"`,
          formatters: { level: (label) => ({ level: label }) },
          // nothing from a request reaches the log by itself: the onResponse line says what is needed
          serializers: { req: () => ({}), res: () => ({}) },
        }
      : false,
    // the onResponse hook writes the one line per request
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: trustedProxies(options.trustProxy),
    bodyLimit: DEFAULT_BODY_LIMIT,
    // ids are up to 200 characters; longer ones get the 404 of an unknown id, not a framework error
    routerOptions: { maxParamLength: 300 },
    // errors Fastify raises before routing (a malformed URL escape…) are problems in Vietnamese too
    frameworkErrors: (error, request, reply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      request.failure = reasonOf(error);
      void problem(reply, status >= 400 && status < 500 ? status : 400, 'bad-request', 'Địa chỉ hoặc yêu cầu không hợp lệ.', {
        reason: reasonOf(error),
      });
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('failure', null);

  // one line per request, after the answer: route, status, duration and the reason of a refusal or failure
  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    const line = {
      method: request.method,
      route: request.routeOptions.url ?? null,
      path: request.url.split('?')[0]!.slice(0, 300),
      status,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      ...(request.failure ? { reason: request.failure } : {}),
    };
    if (status >= 500) request.log.error(line, 'request failed');
    else request.log.info(line, 'request');
  });

  // every route's body limit: a few KB unless it needs more (413 before anything is read past the limit)
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const larger = Math.max(0, ...methods.map((m) => LARGER_BODIES[`${m} ${route.url}`] ?? 0));
    if (larger > 0 && route.bodyLimit === undefined) route.bodyLimit = larger;
  });

  // /api/docs: every operation under its resource, with a summary and the security it needs (api-docs.ts)
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const method = Array.isArray(route.method) ? String(route.method[0]) : String(route.method);
    const described = describeRoute(method, route.url);
    const own = (route.schema ?? {}) as { tags?: string[]; summary?: string; security?: Record<string, string[]>[] };
    route.schema = {
      ...route.schema,
      tags: own.tags ?? described.tags,
      summary: own.summary ?? described.summary,
      security: own.security ?? securityOf(method, route.url),
    } as typeof route.schema;
  });

  // the web client, built by Vite into web/dist (at the package root: the same path from src/ and dist/)
  const webRoot = options.webRoot ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');
  await app.register(helmet, {
    // HSTS and upgrade-insecure-requests are added per request, on HTTPS only: on an office LAN over plain HTTP they
    // would send the browser to fetch the page's scripts over HTTPS, and show a blank page
    hsts: false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // the page's own inline start-up script, by its hash (inline-scripts.ts); no other inline script runs
        scriptSrc: ["'self'", ...webPageScriptHashes(webRoot)],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        upgradeInsecureRequests: null,
      },
    },
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!isHttps(request, secureCookies)) return payload;
    reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string' && !csp.includes('upgrade-insecure-requests'))
      reply.header('content-security-policy', `${csp};upgrade-insecure-requests`);
    return payload;
  });
  await app.register(cookie);
  // counters in the database: the limit holds across every server process
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(ctx) });
  if (options.apiDocs ?? true) {
    await app.register(swagger, {
      // the operations grouped by resource, the cookie session and the x-csrf-token header described (api-docs.ts)
      openapi: OPENAPI_DOCUMENT as unknown as Record<string, never>,
      transform: jsonSchemaTransform,
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs' });
  }

  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // on the route the router matched (after decoding the URL), never on how the client spelled the path
    const route = request.routeOptions.url;
    if (request.is404 || route === undefined || isPublicRoute(route)) return;
    const token = request.cookies[SESSION_COOKIE];
    const resolved = token ? await resolveSession(ctx, token) : undefined;
    if (!resolved) {
      request.failure = token ? 'session unknown or expired' : 'no session cookie';
      return problem(reply, 401, 'unauthenticated', 'Phiên đăng nhập đã hết hạn hoặc chưa đăng nhập. Hãy đăng nhập lại.');
    }
    request.auth = resolved;
    // cookies travel by themselves: a write must also show the session's CSRF token, which only our pages can read
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method) && request.headers['x-csrf-token'] !== resolved.csrfToken) {
      request.failure = 'missing or wrong CSRF token';
      return problem(reply, 403, 'csrf', 'Yêu cầu không hợp lệ (thiếu mã chống giả mạo). Hãy tải lại trang.');
    }
  });

  // the one error handler of the application
  app.setErrorHandler((error, request, reply) => {
    request.failure = reasonOf(error);
    if (error instanceof ServiceError) {
      const retryAfter = error.details['retryAfterSeconds'];
      if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
      return problem(reply, error.status, error.code, error.messageVi, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return problem(reply, 400, 'invalid-request', 'Dữ liệu gửi lên không hợp lệ.', {
        issues: error.validation.map((v) => ({ path: v.instancePath, message: v.message })),
      });
    }
    if (isInvalidText(error)) return problem(reply, 400, 'invalid-text', 'Dữ liệu có ký tự không hợp lệ (ký tự NUL).');
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 429) return problem(reply, 429, 'too-many-requests', 'Bạn đã thử quá nhiều lần. Hãy đợi vài phút rồi thử lại.');
    if (status === 413) return problem(reply, 413, 'too-large', 'Dữ liệu gửi lên quá lớn.');
    if (status === 415) return problem(reply, 415, 'unsupported-media-type', 'Kiểu dữ liệu gửi lên không được hỗ trợ.');
    if (status && status >= 400 && status < 500) {
      return problem(reply, status, 'bad-request', 'Yêu cầu không hợp lệ.', { reason: reasonOf(error) });
    }
    request.log.error({ err: error }, 'unhandled error');
    return problem(reply, 500, 'internal', 'Lỗi hệ thống. Dữ liệu của bạn chưa bị mất; hãy thử lại sau ít phút.');
  });
  // the app's addresses (their page, and a report's drawn with its grid: web-page.ts)
  const webPage = registerWebPages(app, ctx, webRoot);
  app.setNotFoundHandler((request, reply) => {
    const page = webPage?.(request, reply);
    if (page) return page;
    request.failure = 'no such route';
    return problem(reply, 404, 'not-found', 'Không tìm thấy địa chỉ yêu cầu.', { path: request.url });
  });

  // the web client (webRoot). The hashed assets never change under their name: cached for a year, and sent
  // precompressed (npm run build makes .br and .gz beside them); the page itself is checked again on every visit.
  if (existsSync(webRoot)) {
    await app.register(fastifyStatic, {
      root: webRoot,
      prefix: '/',
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => {
        const asset = path.startsWith(`${webRoot}${sep}assets${sep}`);
        reply.header('cache-control', asset ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    app.get('/', async (_request, reply) =>
      reply.type('text/plain; charset=utf-8').send('Chưa biên dịch giao diện web: chạy "npm run build". (web/dist is missing)'),
    );
  }

  const deps: RouteDeps = {
    ctx,
    secureCookies,
    loginLimit: options.loginLimit ?? { max: 10, timeWindowMs: 15 * 60_000 },
    engine: options.engine ?? 'unknown',
  };
  await app.register(healthRoutes(deps), { prefix: '/api' });
  await app.register(authRoutes(deps), { prefix: '/api' });
  await app.register(agencyRoutes(deps), { prefix: '/api' });
  await app.register(templateRoutes(deps), { prefix: '/api' });
  await app.register(roundRoutes(deps), { prefix: '/api' });
  await app.register(reportRoutes(deps), { prefix: '/api' });
  await app.register(entryRoutes(deps), { prefix: '/api' });
  await app.register(importRoutes(deps), { prefix: '/api' });
  await app.register(documentRoutes(deps), { prefix: '/api' });
  await app.register(consolidationRoutes(deps), { prefix: '/api' });
  await app.register((await import('./routes/province-report.routes.js')).provinceReportRoutes(deps), { prefix: '/api' });
  await app.register(dashboardRoutes(deps), { prefix: '/api' });
  await app.register(noticeRoutes(deps), { prefix: '/api' });
  await app.register(planRoutes(deps), { prefix: '/api' });
  await app.register(parIndexRoutes(deps), { prefix: '/api' });
  await app.register(officerHomeRoutes(deps), { prefix: '/api' });
  await app.register(accountRoutes(deps), { prefix: '/api' });
  return app;
}
