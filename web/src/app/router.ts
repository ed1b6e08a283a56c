/** A small hash router: "#/rounds/abc" → { name: 'round', id: 'abc' }. */
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'rounds' }
  | { name: 'round'; id: string }
  | { name: 'report'; id: string }
  | { name: 'history' }
  | { name: 'import' }
  | { name: 'consolidation'; id: string }
  | { name: 'province-report'; id: string }
  | { name: 'templates' }
  | { name: 'dashboards' }
  | { name: 'accounts' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/u, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'rounds' && parts[1] && parts[2] === 'consolidation') return { name: 'consolidation', id: parts[1] };
  if (parts[0] === 'rounds' && parts[1] && parts[2] === 'province-report') return { name: 'province-report', id: parts[1] };
  if (parts[0] === 'rounds' && parts[1]) return { name: 'round', id: parts[1] };
  if (parts[0] === 'reports' && parts[1]) return { name: 'report', id: parts[1] };
  if (parts[0] === 'history') return { name: 'history' };
  if (parts[0] === 'import') return { name: 'import' };
  if (parts[0] === 'templates') return { name: 'templates' };
  if (parts[0] === 'dashboards') return { name: 'dashboards' };
  if (parts[0] === 'accounts') return { name: 'accounts' };
  return { name: 'rounds' };
}

export function href(route: Route): string {
  switch (route.name) {
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
    case 'consolidation':
      return `#/rounds/${encodeURIComponent(route.id)}/consolidation`;
    case 'province-report':
      return `#/rounds/${encodeURIComponent(route.id)}/province-report`;
    case 'templates':
      return '#/templates';
    case 'dashboards':
      return '#/dashboards';
    case 'accounts':
      return '#/accounts';
  }
}

const subscribe = (callback: () => void) => {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
};

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, () => window.location.hash));
}
