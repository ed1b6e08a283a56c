/**
 * The app's router: the page follows the address's path ("/rounds/abc" → { name: 'round', id: 'abc' }; the addresses
 * themselves in @shared/route-address.ts). A link to one of the app's pages is followed without loading the page
 * again (its click taken here, the address pushed into the browser's history); the browser's back and forward buttons
 * move through that history. An earlier version's address ("/#/rounds/abc") is replaced by its path when the page opens.
 */
import { useSyncExternalStore } from 'react';
import { matchRoute, pageAddress, parseRoute, type Route } from '@shared/route-address.js';

export { href, parseRoute, type Route } from '@shared/route-address.js';

const NAVIGATED = 'cchc:navigated';

const subscribe = (callback: () => void) => {
  window.addEventListener('popstate', callback);
  window.addEventListener(NAVIGATED, callback);
  return () => {
    window.removeEventListener('popstate', callback);
    window.removeEventListener(NAVIGATED, callback);
  };
};

/** The current address as the app reads it (the path, or an earlier version's hash address). */
export const currentAddress = (): string => pageAddress(window.location);

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, currentAddress));
}

/** Goes to one of the app's addresses (a path from href()), as a link would: a new entry in the browser's history. */
export function navigate(to: string): void {
  const url = new URL(to, window.location.href);
  if (url.origin !== window.location.origin) {
    window.location.assign(url.href);
    return;
  }
  if (url.pathname + url.search + url.hash === window.location.pathname + window.location.search + window.location.hash) return;
  window.history.pushState(null, '', url.href);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** What of a link decides where it goes (an anchor element, or a test's stand-in). */
export interface LinkLike {
  target: string;
  hasAttribute(name: string): boolean;
  getAttribute(name: string): string | null;
}

/**
 * The app's address behind a link, when following it should stay in the page: one of the app's pages on this origin
 * (its path, query and fragment; an earlier version's "#/…" address as its path); null for any other link — another
 * site, the API's downloads, a file, a new tab or window, a fragment of the page shown (the browser scrolls to it).
 */
export function appLinkTarget(link: LinkLike, here: Pick<Location, 'href' | 'origin' | 'pathname' | 'search'> = window.location): string | null {
  if ((link.target && link.target !== '_self') || link.hasAttribute('download')) return null;
  const raw = link.getAttribute('href');
  if (raw === null) return null;
  const url = new URL(raw, here.href);
  if (url.origin !== here.origin) return null;
  if (url.hash.startsWith('#/')) return matchRoute(url.hash) ? url.hash.slice(1) : null;
  if (url.hash !== '' && url.pathname === here.pathname && url.search === here.search) return null;
  return matchRoute(url.pathname) ? url.pathname + url.search + url.hash : null;
}

/** Whether a click is a plain one (a new tab or window is the browser's to open). */
export const plainClick = (event: MouseEvent): boolean =>
  !event.defaultPrevented && event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

/**
 * Links to the app's pages followed in the page; an earlier version's hash address put as its path. Called once, when
 * the app starts.
 */
export function startRouter(): void {
  if (window.location.hash.startsWith('#/')) {
    const path = window.location.hash.slice(1);
    window.history.replaceState(null, '', matchRoute(path) ? path : '/');
  }
  document.addEventListener('click', (event) => {
    if (!plainClick(event)) return;
    const link = (event.target as Element | null)?.closest?.('a[href]');
    if (!(link instanceof HTMLAnchorElement)) return;
    const target = appLinkTarget(link);
    if (target === null) return;
    event.preventDefault();
    navigate(target);
  });
}
