/**
 * The first requests of a page opened directly, as the client reads them: who is signed in (/api/auth/me) and, at a
 * report's address, the report and its template. A report's page drawn by the server (its grid in it:
 * src/server/web-page.ts) comes with these answers, and nothing is asked for; when its head promised them and its body
 * came plain (a report the account may not read), they are sent here. Otherwise the page's inline start-up
 * script (start-requests.ts) has sent them while the HTML was read; when it did not run, they are sent here, by the first module (boot.ts imports this
 * one first). The screen's font is asked for here too. The template is asked for beside the report when this browser
 * has opened the report before (a report's template never changes), else as soon as the report names it. The grid
 * drawn before the app (first-grid.ts) is drawn from these answers; main.tsx waits a moment for them, so the page is
 * drawn once with its data rather than first as a spinner; the session provider and the query cache take them from
 * here.
 */
import type { Template } from '@core/catalogue/template.js';
import { PAGE_DATA_ID, pageAddress, parseRoute } from '@shared/route-address.js';
import { api, readAnswer, setCsrfToken } from '../api/client.js';
import type { MeDto, ReportDto } from '../api/types.js';
import { browserStorage, REPORT_TEMPLATES_KEY, rememberedTemplates, sendStartRequests, type StartRequests } from './start-requests.js';

/** A request sent at start-up: its answer, and the answer itself once it is here. */
export interface Early<T> {
  promise: Promise<T>;
  /** The answer, or the failure, once settled; null while waiting. */
  settled: { value: T } | { error: unknown } | null;
}

function early<T>(promise: Promise<T>): Early<T> {
  const request: Early<T> = { promise, settled: null };
  promise.then(
    (value) => (request.settled = { value }),
    (error: unknown) => (request.settled = { error }),
  );
  return request;
}

/** The answer of a request that has one; undefined while waiting or after a failure. */
export const answerOf = <T>(request: Early<T>): T | undefined => (request.settled && 'value' in request.settled ? request.settled.value : undefined);

/** The answers a report's page drawn by the server comes with (src/server/web-page.ts). */
interface PageData {
  me: MeDto;
  report: ReportDto;
  template: Template;
}

/** The page's own answers, when they are this address's report's; null otherwise (or when they cannot be read). */
function pageData(): PageData | null {
  const element = document.getElementById(PAGE_DATA_ID);
  if (!element) return null;
  element.remove();
  try {
    const data = JSON.parse(element.textContent ?? '') as PageData;
    const route = parseRoute(pageAddress(window.location));
    return route.name === 'report' && data.report.id === route.id ? data : null;
  } catch (error) {
    console.error('the page data could not be read', error);
    return null;
  }
}

const given = pageData();
const start: StartRequests | null = given ? null : (window.cchcStart ?? sendStartRequests(pageAddress(window.location), browserStorage()));
// taken (null): an answer's body is read once (this module evaluated again, in development, asks anew)
if (window.cchcStart) window.cchcStart = null;
const session = early(given ? Promise.resolve(given.me) : readAnswer<MeDto>(start!.session));
// the page's first writes (edits kept from an earlier visit) may go before the session provider has run its effects
void session.promise.then(
  (me) => setCsrfToken(me.csrfToken),
  () => undefined,
);

/** The session check sent at start-up. */
export const earlySession = (): Early<MeDto> => session;

// the screen's font (main.tsx's stylesheet declares it), loaded now for the letters of a Vietnamese page (its Latin,
// Latin Extended and Vietnamese parts): the page is then laid out once, in it, not again when it arrives
const fonts: Promise<unknown> = document.fonts ? document.fonts.load('1rem "Noto Sans Variable"', 'Phụ lục số liệu đơn vị') : Promise.resolve();

/** The font's loading, started at start-up. */
export const earlyFonts = (): Promise<unknown> => fonts;

export interface EarlyReport {
  id: string;
  report: Early<ReportDto>;
  /** The report's template (check its id: it may be the one this browser last saw, asked for before the report). */
  template: Early<Template>;
}

// which template each report opened in this browser has (a report's template never changes): the template is then
// asked for beside the report, not after it
const KEPT_REPORTS = 50;

function rememberTemplate(known: Record<string, string>, reportId: string, templateId: string): void {
  if (known[reportId] === templateId) return;
  const entries = Object.entries(known).filter(([id]) => id !== reportId);
  try {
    localStorage.setItem(REPORT_TEMPLATES_KEY, JSON.stringify(Object.fromEntries([...entries.slice(-(KEPT_REPORTS - 1)), [reportId, templateId]])));
  } catch {
    // a full or refused storage: the template is asked for after the report next time
  }
}

const templateOf = (id: string) => api<Template>(`/api/templates/${encodeURIComponent(id)}`);

let report: EarlyReport | null = null;
if (given) {
  rememberTemplate(rememberedTemplates(browserStorage()), given.report.id, given.template.id);
  report = { id: given.report.id, report: early(Promise.resolve(given.report)), template: early(Promise.resolve(given.template)) };
} else if (start?.report) {
  const { id, template: guessed } = start.report;
  const answer = readAnswer<ReportDto>(start.report.report);
  const guess = guessed ? { id: guessed.id, template: readAnswer<Template>(guessed.response) } : null;
  const template = answer.then((r) => {
    rememberTemplate(rememberedTemplates(browserStorage()), r.id, r.templateId);
    return guess && guess.id === r.templateId ? guess.template : templateOf(r.templateId);
  });
  // an unused or failed guess is no unhandled rejection; whoever takes the template sees its own failure
  guess?.template.catch(() => undefined);
  report = { id, report: early(answer), template: early(template) };
}

/** At a report's address: its report and template sent at start-up; null at any other address. */
export const earlyReport = (): EarlyReport | null => report;
