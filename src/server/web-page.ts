/**
 * The web client's page (web/dist/index.html) at each of the app's addresses ("/rounds/abc", "/reports/abc": the
 * addresses are in src/shared/route-address.ts), and a report's page drawn with its appendix grid.
 *
 * A report opened directly (its address typed, a link from a notice, a reload) is the most frequent page of a
 * deadline day. Its page comes with the report's table already in it, drawn with the grid's own markup
 * (src/shared/entry/grid-markup.ts) from the same row states the browser computes: the officer's 200 rows appear as
 * a static table would, their inputs take typing before any script has run, and the client's grid takes that table
 * over as it stands (web: first-grid.ts, grid-rows.ts). The answers the page would ask for first (who is signed in,
 * the report, its template) come in the page as JSON, so the client asks for none of them again.
 *
 * The table is drawn only for a signed-in account that may read the report, through the same service as
 * GET /api/reports/:id; for anyone else, or a report that does not exist, the page is the plain one, and the client
 * says what the API says (sign in, not found). For a signed-in account the page's head is sent at once, before the
 * report is read, so that the browser fetches the stylesheet, the font and the scripts meanwhile; its body follows.
 * Such a page is never stored by a cache (`no-store`): it holds a report and the session's CSRF token.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { constants, createGzip, Gzip } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mayEditCells } from '../core/workflow/roles.js';
import { FIRST_GRID_LOADING, tableMarkup } from '../shared/entry/grid-markup.js';
import { escapeHtml } from '../shared/html-text.js';
import { openingCells, rowStateOf } from '../shared/entry/grid-state.js';
import { matchRoute, PAGE_DATA_ID } from '../shared/route-address.js';
import type { Context } from './context.js';
import { getAccount } from './repositories/account.repository.js';
import { reportJsonBytes } from './presenters/report.presenter.js';
import { presentTemplate } from './presenters/template.presenter.js';
import { presentMe } from './routes/presenters.js';
import { SESSION_COOKIE } from './routes/route-helpers.js';
import { resolveSession, type ResolvedSession } from './services/auth.service.js';
import { viewReport } from './services/report.service.js';
import { viewTemplate } from './services/template.service.js';
import { ServiceError } from './services/service-error.js';

const CHARSET = '<meta charset="utf-8" />';
const HEAD_END = '</head>';
const ROOT = '<div id="root"></div>';
const BODY_END = '</body>';

/** Whether the built page has the places a report's page is drawn into (else reports' pages are sent plain). */
export const drawablePage = (page: string): boolean =>
  [CHARSET, HEAD_END, ROOT, BODY_END].every((mark) => page.split(mark).length === 2) &&
  page.indexOf(CHARSET) < page.indexOf(HEAD_END) &&
  page.indexOf(HEAD_END) < page.indexOf(ROOT) &&
  page.indexOf(ROOT) < page.indexOf(BODY_END);

/** JSON that is safe inside a `<script>` element: no "</script", no "<!--" can close or bend it. */
const scriptJson = (json: string) => json.replace(/</gu, '\\u003c');

/**
 * A report's page in two parts: its head, with a mark after the charset line that says the page's answers come with
 * it (the start-up script, next, then asks for none of them), sent at once so that the browser fetches the stylesheet,
 * the font and the module while the report is read; and its body, with the table (and the ids it was drawn for)
 * before the app's root and the answers at the end — or the plain body when the report is not drawn (the client then
 * asks for the answers itself).
 */
export function reportPageParts(page: string): {
  head: string;
  body(drawn: { reportId: string; templateId: string; table: string; me: string; report: string; template: string } | null): string;
} {
  const cut = page.indexOf(HEAD_END);
  const head = page.slice(0, cut).replace(CHARSET, () => `${CHARSET}\n    <meta name="${PAGE_DATA_ID}" content="report">`);
  const rest = page.slice(cut);
  return {
    head,
    body(drawn) {
      if (!drawn) return rest;
      const json = `{"me":${drawn.me},"report":${drawn.report},"template":${drawn.template}}`;
      const holder =
        `<div class="first-grid" data-report="${escapeHtml(drawn.reportId)}" data-template="${escapeHtml(drawn.templateId)}">` +
        `<p class="first-grid-status" role="status">${escapeHtml(FIRST_GRID_LOADING)}</p>${drawn.table}</div>`;
      return rest
        .replace(ROOT, () => `${holder}\n    ${ROOT}`)
        .replace(BODY_END, () => `  <script type="application/json" id="${PAGE_DATA_ID}">${scriptJson(json)}</script>\n  ${BODY_END}`);
    },
  };
}

/** A report drawn for this session's account, or null (no access, no such report). */
async function drawnReport(ctx: Context, session: ResolvedSession, reportId: string) {
  const { actor } = session;
  try {
    const view = await viewReport(ctx, actor, reportId);
    const template = await viewTemplate(ctx, actor, view.report.template_id);
    const account = await getAccount(ctx.db, actor.accountId);
    if (!account) return null;
    // the rows as the client's first drawing would show them: the stored values, read-only when the page would be
    const cells = openingCells(template, { values: view.values }, undefined);
    const readOnly = !mayEditCells(actor.role, view.report.status);
    const states = template.rows.map((row) => rowStateOf(template, row, cells, { readOnly }));
    return {
      reportId: view.report.id,
      templateId: template.id,
      table: tableMarkup(template, states),
      me: JSON.stringify(presentMe(actor, account.agency_ids, session.csrfToken)),
      report: reportJsonBytes(view).toString('utf8'),
      template: JSON.stringify(presentTemplate(template)),
    };
  } catch (error) {
    // not found or not allowed: the plain body, whose client asks the API and says so
    if (error instanceof ServiceError) return null;
    throw error;
  }
}

/** Whether the request takes gzip: named with a weight above 0, or else "*" so (RFC 9110: a named coding wins over "*"). */
export function acceptsGzip(header: string | undefined): boolean {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name) weights.set(name.trim(), q === undefined ? 1 : Number(q.slice(2)));
  }
  const weight = weights.get('gzip') ?? weights.get('*') ?? 0;
  return weight > 0;
}

/** `text`, or `instead()` when `text` has not come within `ms` milliseconds. */
export function within(text: Promise<string>, ms: number, instead: () => string): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(instead()), ms);
  });
  return Promise.race([text, late]).finally(() => clearTimeout(timer));
}

/** How long a report's page waits for the report to be read before it is sent plain. */
const LONGEST_DRAWING_MS = 5000;

/** Whether a text holds a NUL, which the database refuses in any text. */
const isNulText = (text: string) => text.includes('\u0000');

/**
 * A signed-in account's report page, sent in two parts: the head at once, the body once the report is read and drawn
 * (compressed when the browser takes it so, each part flushed as it is ready). Never stored by a cache.
 */
export function sendReportPage(
  request: FastifyRequest,
  reply: FastifyReply,
  parts: ReturnType<typeof reportPageParts>,
  body: Promise<string>,
): FastifyReply {
  void reply
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('vary', 'cookie, accept-encoding')
    // a proxy that buffers answers (nginx does by default) passes the head on at once, not with the body
    .header('x-accel-buffering', 'no');
  const gzip = acceptsGzip(request.headers['accept-encoding']);
  if (gzip) void reply.header('content-encoding', 'gzip');
  const out = gzip ? createGzip({ level: 6 }) : new PassThrough();
  void reply.send(out);
  out.write(parts.head);
  if (out instanceof Gzip) out.flush(constants.Z_SYNC_FLUSH);
  // (a browser gone meanwhile has closed the response: nothing more is written)
  void body.then(
    (text) => {
      if (!out.destroyed) out.end(text);
    },
    (error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return reply;
}

/** The plain page (index.html as built), checked again on every visit as the static one at "/" is. */
const sendPlain = (reply: FastifyReply, page: string): FastifyReply =>
  reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);

/**
 * Serves the page at the app's addresses (the static files are served beside, index.html at "/"): GET /reports/:id
 * drawn with the report's grid, any other of the app's addresses as the plain page. Returns the handler for an
 * address no route matched, which serves the page when the address is the app's, or says so when it is not.
 */
export function registerWebPages(
  app: FastifyInstance,
  ctx: Context,
  webRoot: string,
): ((request: FastifyRequest, reply: FastifyReply) => FastifyReply | null) | null {
  const file = join(webRoot, 'index.html');
  if (!existsSync(file)) return null;
  const page = readFileSync(file, 'utf8');
  const drawable = drawablePage(page);
  if (!drawable) app.log.warn({ file }, 'index.html has not the places a report page is drawn into: report pages are sent plain');
  const parts = drawable ? reportPageParts(page) : null;
  // a page, not an operation of the API: left out of /api/docs
  app.get<{ Params: { id: string } }>('/reports/:id', { schema: { hide: true } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    let session: ResolvedSession | undefined;
    try {
      session = parts && token ? await resolveSession(ctx, token) : undefined;
    } catch (error) {
      // the database did not answer: the plain page, whose client asks the API (and says what the API says)
      request.log.error({ err: error }, 'the session of a report page could not be read');
    }
    // no session (the client shows the sign-in): the plain page, as at any address
    if (!parts || !session) return sendPlain(reply.header('vary', 'cookie'), page);
    const drawn = drawnReport(ctx, session, request.params.id).then(
      (report) => parts.body(report),
      (error: unknown) => {
        // the page still comes, plain: its client asks the API, which says what went wrong in Vietnamese (a text the
        // database refuses is the request's fault, not the server's)
        if (isNulText(request.params.id)) request.log.info({ reason: 'NUL in the report id' }, 'the report page is sent plain');
        else request.log.error({ err: error }, 'the report page could not be drawn');
        return parts.body(null);
      },
    );
    // a report that takes longer than this to read (a database under strain) is not waited for: the plain body goes,
    // and the client, its scripts able to run, asks the API itself
    const body = within(drawn, LONGEST_DRAWING_MS, () => {
      request.log.warn({ waitedMs: LONGEST_DRAWING_MS }, 'the report page is sent plain: the report took too long to read');
      return parts.body(null);
    });
    return sendReportPage(request, reply, parts, body);
  });
  return (request, reply) => {
    const path = request.url.split('?')[0]!;
    if ((request.method !== 'GET' && request.method !== 'HEAD') || path.startsWith('/api/') || !matchRoute(path)) return null;
    return sendPlain(reply, page);
  };
}
