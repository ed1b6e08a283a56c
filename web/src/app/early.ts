/**
 * The first requests of a page opened directly, sent before the rest of the client is loaded: the first module
 * (boot.ts) imports this one first, so who is signed in (/api/auth/me), the screen's font and, at a report's address,
 * the report and its template are on their way while the grid's code, React and Mantine arrive, not after. The
 * template is asked for beside the report when this browser has opened the report before (a report's template never
 * changes), else as soon as the report names it. The grid drawn before the app (first-grid.ts) is drawn from these
 * answers; main.tsx waits a moment for them, so the page is drawn once with its data rather than first as a spinner;
 * the session provider and the query cache take them from here.
 */
import type { Template } from '@core/catalogue/template.js';
import { api, setCsrfToken } from '../api/client.js';
import type { MeDto, ReportDto } from '../api/types.js';
import { parseRoute } from './route-address.js';

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

const session = early(api<MeDto>('/api/auth/me'));
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
const TEMPLATES_KEY = 'cchc:report-templates';
const KEPT_REPORTS = 50;

function rememberedTemplates(): Record<string, string> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(TEMPLATES_KEY) ?? '{}');
    return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function rememberTemplate(known: Record<string, string>, reportId: string, templateId: string): void {
  if (known[reportId] === templateId) return;
  const entries = Object.entries(known).filter(([id]) => id !== reportId);
  try {
    localStorage.setItem(TEMPLATES_KEY, JSON.stringify(Object.fromEntries([...entries.slice(-(KEPT_REPORTS - 1)), [reportId, templateId]])));
  } catch {
    // a full or refused storage: the template is asked for after the report next time
  }
}

const templateOf = (id: string) => api<Template>(`/api/templates/${encodeURIComponent(id)}`);

let report: EarlyReport | null = null;
const route = parseRoute(window.location.hash);
if (route.name === 'report') {
  const known = rememberedTemplates();
  const guess = known[route.id];
  const answer = api<ReportDto>(`/api/reports/${route.id}`);
  const guessed = guess === undefined ? null : templateOf(guess);
  const template = answer.then((r) => {
    rememberTemplate(known, r.id, r.templateId);
    return guessed && guess === r.templateId ? guessed : templateOf(r.templateId);
  });
  // an unused or failed guess is no unhandled rejection; whoever takes the template sees its own failure
  guessed?.catch(() => undefined);
  report = { id: route.id, report: early(answer), template: early(template) };
}

/** At a report's address: its report and template sent at start-up; null at any other address. */
export const earlyReport = (): EarlyReport | null => report;
