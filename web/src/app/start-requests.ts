/**
 * The first requests of a page, sent while its HTML is still being read: who is signed in and, at a report's address,
 * the report and (when this browser has opened the report before) its template. The build puts this module into the
 * page itself, as a small inline script ahead of the client's first module (vite.config.ts; the server allows it by
 * its hash in the Content-Security-Policy), so these requests travel while the client's code is fetched and evaluated.
 * It leaves the raw answers on `window.cchcStart`; early.ts reads them, or sends the same requests itself when the
 * inline script did not run (a policy that refused it: a server started before the client was built again keeps the
 * old hash until it is restarted).
 *
 * A report's page opened with a session says in its head that its answers come with it (src/server/web-page.ts): nothing
 * is sent then. When its body comes plain after all (a report the account may not read), early.ts sends them.
 *
 * Self-contained: the inline copy has no chunk to import from. Only the addresses come in, bundled into it.
 */
import { PAGE_DATA_ID, pageAddress, parseRoute } from '@shared/route-address.js';

export interface StartRequests {
  /** GET /api/auth/me. */
  session: Promise<Response>;
  /** At a report's address: the report, and the template this browser last saw it use (null when none). */
  report: { id: string; report: Promise<Response>; template: { id: string; response: Promise<Response> } | null } | null;
}

declare global {
  interface Window {
    /** Left by the page's inline start-up script; null once early.ts has taken it. */
    cchcStart?: StartRequests | null;
  }
}

/** Where the template each report opened in this browser uses is kept (a report's template never changes). */
export const REPORT_TEMPLATES_KEY = 'cchc:report-templates';

/** The remembered report → template pairs (an unreadable entry counts as none). */
export function rememberedTemplates(storage: Pick<Storage, 'getItem'> | null): Record<string, string> {
  try {
    const stored: unknown = JSON.parse(storage?.getItem(REPORT_TEMPLATES_KEY) ?? '{}');
    return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function quiet(response: Promise<Response>): Promise<Response> {
  // whoever reads the answer sees its failure; an answer nobody reads is no unhandled rejection
  response.catch(() => undefined);
  return response;
}

/** Sends the page's first requests for the address `address` (a path, or an earlier version's hash address). */
export function sendStartRequests(address: string, storage: Pick<Storage, 'getItem'> | null): StartRequests {
  const get = (path: string) => quiet(fetch(path, { credentials: 'same-origin' }));
  const route = parseRoute(address);
  let report: StartRequests['report'] = null;
  if (route.name === 'report') {
    const guess = rememberedTemplates(storage)[route.id];
    report = {
      id: route.id,
      report: get(`/api/reports/${encodeURIComponent(route.id)}`),
      template: typeof guess === 'string' ? { id: guess, response: get(`/api/templates/${encodeURIComponent(guess)}`) } : null,
    };
  }
  return { session: get('/api/auth/me'), report };
}

/** The browser's local storage, or null when it is refused (a policy, private mode). */
export function browserStorage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

/** The inline script's work: the requests sent, their answers left for the client (none when the page has them). */
export function startPage(): void {
  // a report's page drawn by the server has the answers in it (src/server/web-page.ts)
  if (document.querySelector(`meta[name="${PAGE_DATA_ID}"]`)) return;
  window.cchcStart = sendStartRequests(pageAddress(window.location), browserStorage());
}
