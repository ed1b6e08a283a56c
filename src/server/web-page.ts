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
 * says what the API says (sign in, not found). A drawn page is never stored by a cache (`no-store`): it holds a
 * report and the session's CSRF token.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mayEditCells } from '../core/workflow/roles.js';
import { FIRST_GRID_STATUS, tableMarkup } from '../shared/entry/grid-markup.js';
import { openingCells, rowStateOf } from '../shared/entry/grid-state.js';
import { matchRoute, PAGE_DATA_ID } from '../shared/route-address.js';
import type { Context } from './context.js';
import { getAccount } from './repositories/account.repository.js';
import { reportJsonBytes } from './presenters/report.presenter.js';
import { presentTemplate } from './presenters/template.presenter.js';
import { presentMe } from './routes/presenters.js';
import { SESSION_COOKIE } from './routes/route-helpers.js';
import { resolveSession } from './services/auth.service.js';
import { viewReport } from './services/report.service.js';
import { viewTemplate } from './services/template.service.js';
import { ServiceError } from './services/service-error.js';

const CHARSET = '<meta charset="utf-8" />';
const ROOT = '<div id="root"></div>';

/** JSON that is safe inside a `<script>` element: no "</script", no "<!--" can close or bend it. */
const scriptJson = (json: string) => json.replace(/</gu, '\\u003c');

/** A report's page: the page data after the charset line (ahead of the start-up script), the table before the root. */
export function reportPage(page: string, data: { me: string; report: string; template: string }, table: string): string {
  if (!page.includes(CHARSET) || !page.includes(ROOT)) throw new Error('index.html has no charset line or root element');
  const json = `{"me":${data.me},"report":${data.report},"template":${data.template}}`;
  return page
    .replace(CHARSET, () => `${CHARSET}\n    <script type="application/json" id="${PAGE_DATA_ID}">${scriptJson(json)}</script>`)
    .replace(ROOT, () => `<div class="first-grid"><p class="first-grid-status" role="status">${FIRST_GRID_STATUS}</p>${table}</div>\n    ${ROOT}`);
}

/** The page of a report drawn with its grid for this session, or null (no session, no access, no such report). */
async function drawnReportPage(ctx: Context, page: string, token: string | undefined, reportId: string): Promise<string | null> {
  const session = token ? await resolveSession(ctx, token) : undefined;
  if (!session) return null;
  const { actor } = session;
  try {
    const view = await viewReport(ctx, actor, reportId);
    const template = await viewTemplate(ctx, actor, view.report.template_id);
    const account = await getAccount(ctx.db, actor.accountId);
    if (!account) return null;
    const report = reportJsonBytes(view).toString('utf8');
    // the rows as the client's first drawing would show them: the stored values, read-only when the page would be
    const cells = openingCells(template, { values: view.values }, undefined);
    const readOnly = !mayEditCells(actor.role, view.report.status);
    const states = template.rows.map((row) => rowStateOf(template, row, cells, { readOnly }));
    return reportPage(
      page,
      { me: JSON.stringify(presentMe(actor, account.agency_ids, session.csrfToken)), report, template: JSON.stringify(presentTemplate(template)) },
      tableMarkup(template, states),
    );
  } catch (error) {
    // not found or not allowed: the plain page, whose client asks the API and says so
    if (error instanceof ServiceError) return null;
    throw error;
  }
}

function send(request: FastifyRequest, reply: FastifyReply, html: string, drawn: boolean): FastifyReply {
  void reply.type('text/html; charset=utf-8').header('cache-control', drawn ? 'no-store' : 'no-cache');
  if (drawn) void reply.header('vary', 'cookie, accept-encoding');
  const accepts = String(request.headers['accept-encoding'] ?? '');
  // a drawn page (a 200-row report: ~150 KB) travels compressed; the plain one is small
  if (drawn && /\bgzip\b/u.test(accepts)) return reply.header('content-encoding', 'gzip').send(gzipSync(html, { level: 6 }));
  return reply.send(html);
}

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
  // a page, not an operation of the API: left out of /api/docs
  app.get<{ Params: { id: string } }>('/reports/:id', { schema: { hide: true } }, async (request, reply) => {
    const drawn = await drawnReportPage(ctx, page, request.cookies[SESSION_COOKIE], request.params.id);
    return send(request, reply, drawn ?? page, drawn !== null);
  });
  return (request, reply) => {
    const path = request.url.split('?')[0]!;
    if ((request.method !== 'GET' && request.method !== 'HEAD') || path.startsWith('/api/') || !matchRoute(path)) return null;
    return send(request, reply, page, false);
  };
}
