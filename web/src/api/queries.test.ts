import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import { agencyQuery, queryKeys, REPORT_FRESH_MS, reportQuery, templateQuery } from './queries.js';

const filters = { q: '', agencyId: null, role: null, active: null } as const;

/** A client holding data under the given keys, as the pages would leave it. */
function clientWith(keys: readonly (readonly unknown[])[]): QueryClient {
  const client = new QueryClient();
  for (const key of keys) client.setQueryData(key, { held: true });
  return client;
}
const invalidated = (client: QueryClient, key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated ?? false;

describe('query keys', () => {
  it('are the keys the pages have always used (a cached report or template survives the refactoring)', () => {
    expect(queryKeys.report('r1')).toEqual(['report', 'r1']);
    expect(queryKeys.template('t1')).toEqual(['template', 't1']);
    expect(queryKeys.agencies()).toEqual(['agencies']);
    expect(queryKeys.rounds()).toEqual(['rounds']);
    expect(queryKeys.trend('indicator=x')).toEqual(['dashboards', 'trend', 'indicator=x']);
  });

  it('let an invalidation of the account list reach every page of every filter, and nothing else', () => {
    const pages = [queryKeys.accountPage(filters, 1), queryKeys.accountPage({ ...filters, q: 'an' }, 2)];
    const client = clientWith([...pages, queryKeys.agencies()]);
    void client.invalidateQueries({ queryKey: queryKeys.accounts() });
    for (const key of pages) expect(invalidated(client, key)).toBe(true);
    expect(invalidated(client, queryKeys.agencies())).toBe(false);
  });

  it('let a new round or template version refresh its list without dropping what never changes', () => {
    const client = clientWith([
      queryKeys.rounds(),
      queryKeys.round('a'),
      queryKeys.templates(),
      queryKeys.template('t1'),
      queryKeys.templateSource('t1'),
    ]);
    void client.invalidateQueries({ queryKey: queryKeys.rounds() });
    void client.invalidateQueries({ queryKey: queryKeys.templates() });
    expect(invalidated(client, queryKeys.rounds())).toBe(true);
    expect(invalidated(client, queryKeys.templates())).toBe(true);
    expect(invalidated(client, queryKeys.round('a'))).toBe(false);
    expect(invalidated(client, queryKeys.template('t1'))).toBe(false);
    expect(invalidated(client, queryKeys.templateSource('t1'))).toBe(false);
  });

  it('give the prefetch of a report opened directly the same entry the page reads', () => {
    expect(reportQuery('r1').queryKey).toEqual(queryKeys.report('r1'));
    expect(templateQuery('t1').queryKey).toEqual(queryKeys.template('t1'));
    // a template version never changes; with no id there is nothing to ask
    expect(templateQuery('t1').staleTime).toBe(Infinity);
    expect(templateQuery(undefined).enabled).toBe(false);
  });

  it('let a report page mounting just after the start-up prefetch take the report without asking again, and ask again later', async () => {
    const fetch = vi.fn(
      async (url: string) => new Response(JSON.stringify({ url }), { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    vi.stubGlobal('fetch', fetch);
    try {
      const client = new QueryClient();
      await client.prefetchQuery(reportQuery('r1'));
      // the page's useReport mounting: an observer of the same options
      const mounted = new QueryObserver(client, reportQuery('r1'));
      const unsubscribe = mounted.subscribe(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
      unsubscribe();
      expect(fetch).toHaveBeenCalledTimes(1);
      expect(mounted.getCurrentResult().data).toEqual({ url: '/api/reports/r1' });
      // read longer ago than the freshness window: a page mounting now reads it again
      client.setQueryData(queryKeys.report('r1'), { url: 'old' }, { updatedAt: Date.now() - REPORT_FRESH_MS - 1 });
      const later = new QueryObserver(client, reportQuery('r1'));
      const stop = later.subscribe(() => undefined);
      await vi.waitFor(() => expect(later.getCurrentResult().data).toEqual({ url: '/api/reports/r1' }));
      stop();
      expect(fetch).toHaveBeenCalledTimes(2);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('give the agency asked for at start-up the entry its page reads, kept a while', () => {
    expect(agencyQuery('a1').queryKey).toEqual(queryKeys.agency('a1'));
    expect(agencyQuery('a1').staleTime).toBeGreaterThan(0);
    expect(agencyQuery(undefined).enabled).toBe(false);
  });
});
