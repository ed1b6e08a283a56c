import { afterEach, describe, expect, it, vi } from 'vitest';
import { REPORT_TEMPLATES_KEY, rememberedTemplates, sendStartRequests } from './start-requests.js';

const storageWith = (text: string | null) => ({ getItem: (key: string) => (key === REPORT_TEMPLATES_KEY ? text : null) });

describe("the page's first requests (the inline start-up script)", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function sent() {
    const paths: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((path: string, init: RequestInit) => {
        expect(init.credentials).toBe('same-origin');
        paths.push(path);
        return Promise.resolve(new Response(JSON.stringify({ path }), { status: 200 }));
      }),
    );
    return paths;
  }

  it("at a report's address: the session, the report and the template this browser last saw it use", async () => {
    const paths = sent();
    const start = sendStartRequests('/reports/report_1', storageWith(JSON.stringify({ report_1: 'tt-2020-v1', report_9: 'other' })));
    expect(paths.sort()).toEqual(['/api/auth/me', '/api/reports/report_1', '/api/templates/tt-2020-v1']);
    expect(start.report?.id).toBe('report_1');
    expect(start.report?.template?.id).toBe('tt-2020-v1');
    expect(await (await start.report!.report).json()).toEqual({ path: '/api/reports/report_1' });
    expect(await (await start.session).json()).toEqual({ path: '/api/auth/me' });
  });

  it('a report never opened here: no template guessed; an id is sent encoded', () => {
    const paths = sent();
    const start = sendStartRequests('/reports/a%2Fb', storageWith(null));
    expect(paths.sort()).toEqual(['/api/auth/me', '/api/reports/a%2Fb']);
    expect(start.report?.template).toBeNull();
  });

  it('at an earlier version\'s address of a report ("#/reports/…"): the same requests', () => {
    const paths = sent();
    expect(sendStartRequests('#/reports/report_1', null).report?.id).toBe('report_1');
    expect(paths.sort()).toEqual(['/api/auth/me', '/api/reports/report_1']);
  });

  it("at another page's address: only the session", () => {
    const paths = sent();
    for (const address of ['/', '/rounds', '/rounds/r1/consolidation', '/history', '#/rounds', '/reports', '/khong-co']) {
      paths.length = 0;
      expect(sendStartRequests(address, null).report).toBeNull();
      expect(paths).toEqual(['/api/auth/me']);
    }
  });

  it('a failed connection is no unhandled rejection: whoever reads the answer sees the failure', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const start = sendStartRequests('#/reports/x', null);
    await expect(start.session).rejects.toThrow('Failed to fetch');
    await expect(start.report!.report).rejects.toThrow('Failed to fetch');
  });

  it('remembered templates: damaged or foreign storage counts as none', () => {
    expect(rememberedTemplates(null)).toEqual({});
    expect(rememberedTemplates(storageWith('{not json'))).toEqual({});
    expect(rememberedTemplates(storageWith('["a"]'))).toEqual({});
    expect(rememberedTemplates(storageWith('null'))).toEqual({});
    expect(rememberedTemplates(storageWith('{"r":"t"}'))).toEqual({ r: 't' });
    expect(
      rememberedTemplates({
        getItem: () => {
          throw new Error('refused');
        },
      }),
    ).toEqual({});
  });

  it('an address with a mistyped "%" is read as written, not thrown on', () => {
    const paths = sent();
    expect(sendStartRequests('#/reports/50%', null).report?.id).toBe('50%');
    expect(paths.sort()).toEqual(['/api/auth/me', '/api/reports/50%25']);
  });
});
