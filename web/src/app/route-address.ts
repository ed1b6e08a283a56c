/**
 * The app's addresses: "#/rounds/abc" ↔ { name: 'round', id: 'abc' }. Pure (no React): the start-up module reads the
 * address before the rest of the client is loaded.
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

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/u, '').split('/').filter(Boolean).map(decodePart);
  // the landing page: the officer's home for an agency's accounts, the rounds for the others
  if (parts.length === 0 || parts[0] === 'home') return { name: 'home' };
  if (parts[0] === 'rounds' && parts[1] && parts[2] === 'consolidation') return { name: 'consolidation', id: parts[1] };
  if (parts[0] === 'rounds' && parts[1] && parts[2] === 'province-report') return { name: 'province-report', id: parts[1] };
  if (parts[0] === 'rounds' && parts[1]) return { name: 'round', id: parts[1] };
  if (parts[0] === 'reports' && parts[1]) return { name: 'report', id: parts[1] };
  if (parts[0] === 'history') return { name: 'history' };
  if (parts[0] === 'import' && parts[1] === 'batches' && parts[2] && parts[3] === 'documents' && parts[4])
    return { name: 'import-batch-document', batchId: parts[2], id: parts[4] };
  if (parts[0] === 'import' && parts[1] === 'batches' && parts[2]) return { name: 'import-batch', id: parts[2] };
  if (parts[0] === 'import' && parts[1] === 'batches') return { name: 'import-batches' };
  if (parts[0] === 'import') return { name: 'import' };
  if (parts[0] === 'templates') return { name: 'templates' };
  if (parts[0] === 'dashboards') return { name: 'dashboards' };
  if (parts[0] === 'plan') return { name: 'plan' };
  if (parts[0] === 'index' && parts[1] && parts[2]) return { name: 'par-index-assessment', setId: parts[1], agencyId: parts[2] };
  if (parts[0] === 'index') return { name: 'par-index' };
  if (parts[0] === 'accounts') return { name: 'accounts' };
  return { name: 'rounds' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/home';
    case 'rounds':
      return '#/rounds';
    case 'round':
      return `#/rounds/${encodeURIComponent(route.id)}`;
    case 'report':
      return `#/reports/${encodeURIComponent(route.id)}`;
    case 'history':
      return '#/history';
    case 'import':
      return '#/import';
    case 'import-batches':
      return '#/import/batches';
    case 'import-batch':
      return `#/import/batches/${encodeURIComponent(route.id)}`;
    case 'import-batch-document':
      return `#/import/batches/${encodeURIComponent(route.batchId)}/documents/${encodeURIComponent(route.id)}`;
    case 'consolidation':
      return `#/rounds/${encodeURIComponent(route.id)}/consolidation`;
    case 'province-report':
      return `#/rounds/${encodeURIComponent(route.id)}/province-report`;
    case 'templates':
      return '#/templates';
    case 'dashboards':
      return '#/dashboards';
    case 'plan':
      return '#/plan';
    case 'par-index':
      return '#/index';
    case 'par-index-assessment':
      return `#/index/${encodeURIComponent(route.setId)}/${encodeURIComponent(route.agencyId)}`;
    case 'accounts':
      return '#/accounts';
  }
}
