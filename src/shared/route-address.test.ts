/**
 * The app's addresses: each page's path and back (href ∘ parseRoute is the identity), an earlier version's hash
 * addresses still read, ids with any character carried through, and paths that are none of the app's known as such
 * (the server answers them 404, not with the page).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { href, matchRoute, pageAddress, parseRoute, type Route } from './route-address.js';

const id = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '' && s !== '.' && s !== '..');

const routes: fc.Arbitrary<Route> = fc.oneof(
  fc.constantFrom<Route>(
    { name: 'home' },
    { name: 'rounds' },
    { name: 'history' },
    { name: 'import' },
    { name: 'import-batches' },
    { name: 'templates' },
    { name: 'dashboards' },
    { name: 'plan' },
    { name: 'par-index' },
    { name: 'accounts' },
  ),
  id.map((i): Route => ({ name: 'round', id: i })),
  id.map((i): Route => ({ name: 'report', id: i })),
  id.map((i): Route => ({ name: 'import-batch', id: i })),
  id.map((i): Route => ({ name: 'consolidation', id: i })),
  id.map((i): Route => ({ name: 'province-report', id: i })),
  fc.tuple(id, id).map(([batchId, i]): Route => ({ name: 'import-batch-document', batchId, id: i })),
  fc.tuple(id, id).map(([setId, agencyId]): Route => ({ name: 'par-index-assessment', setId, agencyId })),
);

describe("the app's addresses", () => {
  it('are paths that read back as the same page, with any id', () => {
    fc.assert(
      fc.property(routes, (route) => {
        const path = href(route);
        expect(path.startsWith('/')).toBe(true);
        expect(path).not.toContain('#');
        expect(matchRoute(path)).toEqual(route);
        // the earlier version's address of the same page
        expect(parseRoute(`#${path}`)).toEqual(route);
      }),
    );
  });

  it("reads an earlier version's hash address before the path, and the path otherwise", () => {
    expect(pageAddress({ pathname: '/', hash: '#/reports/abc' })).toBe('#/reports/abc');
    expect(pageAddress({ pathname: '/reports/abc', hash: '' })).toBe('/reports/abc');
    expect(pageAddress({ pathname: '/reports/abc', hash: '#muc-2' })).toBe('/reports/abc');
    expect(parseRoute(pageAddress({ pathname: '/', hash: '#/reports/r%2F1' }))).toEqual({ name: 'report', id: 'r/1' });
  });

  it('knows a path that is none of its pages, and shows the rounds for it', () => {
    for (const path of ['/khong-co', '/reports', '/reports/a/b', '/rounds/a/khac', '/api/reports/a', '/index/a'])
      expect(matchRoute(path), path).toBeNull();
    expect(parseRoute('/khong-co')).toEqual({ name: 'rounds' });
    expect(matchRoute('/')).toEqual({ name: 'home' });
    // a mistyped "%" is read as written
    expect(matchRoute('/reports/50%')).toEqual({ name: 'report', id: '50%' });
  });
});
