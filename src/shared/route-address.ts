/**
 * The app's addresses: "/rounds/abc" ↔ { name: 'round', id: 'abc' }. Pure (no React, no DOM): the page's start-up
 * script reads the address before the rest of the client is loaded, and the server knows which paths are the app's
 * pages (it sends the page for them, and draws a report's grid into it: src/server/web-page.ts). The addresses of
 * earlier versions, "#/rounds/abc", are still read (bookmarks, links in old e-mails): the client puts the path in
 * their place.
 */

export type Route =
  | { name: 'home' }
  | { name: 'rounds' }
  | { name: 'round'; id: string }
  | { name: 'report'; id: string }
  | { name: 'history' }
  | { name: 'import' }
  | { name: 'import-batches' }
  | { name: 'import-batch'; id: string }
  | { name: 'import-batch-document'; batchId: string; id: string }
  | { name: 'consolidation'; id: string }
  | { name: 'province-report'; id: string }
  | { name: 'templates' }
  | { name: 'dashboards' }
  | { name: 'plan' }
  | { name: 'par-index' }
  | { name: 'par-index-assessment'; setId: string; agencyId: string }
  | { name: 'accounts' };

/** A part of the address as written; one that is not valid percent-encoding (a mistyped "%") is taken as it is. */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * The id of the JSON a report's page comes with when the server drew the report's grid into it (src/server/web-page.ts):
 * who is signed in, the report and its template (web: early.ts reads it); and the name of the mark in the page's head
 * that says so (the start-up script, which runs before the JSON is read, then asks for nothing).
 */
export const PAGE_DATA_ID = 'cchc-page-data';

/** The route of an app's path ("/reports/abc"), or of an earlier version's hash address ("#/reports/abc"); null when none. */
export function matchRoute(address: string): Route | null {
  const parts = address
    .replace(/^#?\/?/u, '')
    .split('/')
    .filter(Boolean)
    .map(decodePart);
  // the landing page: the officer's home for an agency's accounts, the rounds for the others
  if (parts.length === 0 || (parts[0] === 'home' && parts.length === 1)) return { name: 'home' };
  if (parts[0] === 'rounds' && parts.length === 1) return { name: 'rounds' };
  if (parts[0] === 'rounds' && parts[1] && parts[2] === 'consolidation' && parts.length === 3) return { name: 'consolidation', id: parts[1] };
  if (parts[0] === 'rounds' && parts[1] && parts[2] === 'province-report' && parts.length === 3) return { name: 'province-report', id: parts[1] };
  if (parts[0] === 'rounds' && parts[1] && parts.length === 2) return { name: 'round', id: parts[1] };
  if (parts[0] === 'reports' && parts[1] && parts.length === 2) return { name: 'report', id: parts[1] };
  if (parts[0] === 'history' && parts.length === 1) return { name: 'history' };
  if (parts[0] === 'import' && parts[1] === 'batches' && parts[2] && parts[3] === 'documents' && parts[4] && parts.length === 5)
    return { name: 'import-batch-document', batchId: parts[2], id: parts[4] };
  if (parts[0] === 'import' && parts[1] === 'batches' && parts[2] && parts.length === 3) return { name: 'import-batch', id: parts[2] };
  if (parts[0] === 'import' && parts[1] === 'batches' && parts.length === 2) return { name: 'import-batches' };
  if (parts[0] === 'import' && parts.length === 1) return { name: 'import' };
  if (parts[0] === 'templates' && parts.length === 1) return { name: 'templates' };
  if (parts[0] === 'dashboards' && parts.length === 1) return { name: 'dashboards' };
  if (parts[0] === 'plan' && parts.length === 1) return { name: 'plan' };
  if (parts[0] === 'index' && parts[1] && parts[2] && parts.length === 3)
    return { name: 'par-index-assessment', setId: parts[1], agencyId: parts[2] };
  if (parts[0] === 'index' && parts.length === 1) return { name: 'par-index' };
  if (parts[0] === 'accounts' && parts.length === 1) return { name: 'accounts' };
  return null;
}

/** The route of an address; an address that is none of the app's shows the rounds. */
export const parseRoute = (address: string): Route => matchRoute(address) ?? { name: 'rounds' };

/**
 * The address the page is at: its path, or the hash of an earlier version's address ("/#/reports/abc") when there is
 * one (the client then puts the path in its place).
 */
export const pageAddress = (location: { pathname: string; hash: string }): string =>
  location.hash.startsWith('#/') ? location.hash : location.pathname;

export function href(route: Route): string {
  switch (route.name) {
    case 'home':
      return '/home';
    case 'rounds':
      return '/rounds';
    case 'round':
      return `/rounds/${encodeURIComponent(route.id)}`;
    case 'report':
      return `/reports/${encodeURIComponent(route.id)}`;
    case 'history':
      return '/history';
    case 'import':
      return '/import';
    case 'import-batches':
      return '/import/batches';
    case 'import-batch':
      return `/import/batches/${encodeURIComponent(route.id)}`;
    case 'import-batch-document':
      return `/import/batches/${encodeURIComponent(route.batchId)}/documents/${encodeURIComponent(route.id)}`;
    case 'consolidation':
      return `/rounds/${encodeURIComponent(route.id)}/consolidation`;
    case 'province-report':
      return `/rounds/${encodeURIComponent(route.id)}/province-report`;
    case 'templates':
      return '/templates';
    case 'dashboards':
      return '/dashboards';
    case 'plan':
      return '/plan';
    case 'par-index':
      return '/index';
    case 'par-index-assessment':
      return `/index/${encodeURIComponent(route.setId)}/${encodeURIComponent(route.agencyId)}`;
    case 'accounts':
      return '/accounts';
  }
}
