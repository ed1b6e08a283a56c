/** /api/docs: the operations grouped by resource with summaries, and the cookie session and x-csrf-token described. */
import { expect, it } from 'vitest';
import { onPGlite } from '../test-support/both-engines.js';
import { API_TAGS } from './api-docs.js';

interface Operation {
  tags?: string[];
  summary?: string;
  security?: Record<string, string[]>[];
}

onPGlite('the API documentation', (engine) => {
  it('groups every operation under a resource, with a summary, and says how to authenticate', async () => {
    const { app } = await engine.world();
    const response = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json() as {
      info: { description: string };
      tags: { name: string }[];
      components: { securitySchemes: Record<string, { type: string; in: string; name: string }> };
      paths: Record<string, Record<string, Operation>>;
    };
    expect(doc.components.securitySchemes['session']).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'cchc_session' });
    expect(doc.components.securitySchemes['csrf']).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-csrf-token' });
    expect(doc.info.description).toContain('x-csrf-token');
    const known = new Set(API_TAGS.map((t) => t.name));
    expect(doc.tags.map((t) => t.name)).toEqual(API_TAGS.map((t) => t.name));

    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(40);
    for (const { path, method, op } of operations) {
      const what = `${method.toUpperCase()} ${path}`;
      expect(op.tags, what).toHaveLength(1);
      expect(known.has(op.tags![0]!), `${what}: tag ${op.tags![0]}`).toBe(true);
      expect(op.summary?.trim(), what).toBeTruthy();
    }
    const op = (path: string, method: string) => doc.paths[path]![method]!;
    expect(op('/api/reports/{id}/values', 'put')).toMatchObject({ tags: ['Báo cáo của đơn vị'], security: [{ session: [], csrf: [] }] });
    expect(op('/api/reports/{id}', 'get')).toMatchObject({ security: [{ session: [] }] });
    expect(op('/api/reports/{id}/document.docx', 'get').tags).toEqual(['Văn bản']);
    expect(op('/api/rounds/{id}/consolidation', 'get').tags).toEqual(['Tổng hợp toàn tỉnh']);
    expect(op('/api/auth/login', 'post')).toMatchObject({ tags: ['Phiên đăng nhập'], security: [] });
    expect(op('/api/health/ready', 'get').security).toEqual([]);
    expect(op('/api/reports/{id}/send-to-leader', 'post').summary).toMatch(/lãnh đạo/u);
  });
});
