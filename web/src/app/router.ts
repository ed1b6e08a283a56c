/** A small hash router: "#/rounds/abc" → { name: 'round', id: 'abc' }, and the page following the address. */
import { useSyncExternalStore } from 'react';
import { parseRoute, type Route } from './route-address.js';

export { href, parseRoute, type Route } from './route-address.js';

const subscribe = (callback: () => void) => {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
};

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, () => window.location.hash));
}
