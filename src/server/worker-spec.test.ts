/**
 * The worker threads' entry points when the server runs from its TypeScript sources: a self-contained worker is one
 * transpiled file that imports no module of the project; the others load through tsx.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { workerSpec } from './worker-spec.js';

const here = new URL('./db/pglite-thread.ts', import.meta.url).href;

describe('workerSpec', () => {
  it('keeps the embedded database worker self-contained: it imports packages and node: modules only', () => {
    const source = readFileSync(fileURLToPath(new URL('./db/pglite-worker.ts', import.meta.url)), 'utf8');
    const imports = [...source.matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)'/gmu)].filter((m) => !m[1]).map((m) => m[2]!);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((specifier) => specifier.startsWith('.') || specifier.startsWith('/'))).toEqual([]);
  });

  it('starts a self-contained worker from one transpiled JavaScript file, the same file for the same source', () => {
    const first = workerSpec('pglite-worker', here, { selfContained: true });
    const second = workerSpec('pglite-worker', here, { selfContained: true });
    expect(first.eval).toBe(false);
    expect(String(first.entry)).toMatch(/node_modules\/\.cache\/cchc-workers\/pglite-worker-[0-9a-f]{16}\.mjs$/u);
    expect(String(second.entry)).toBe(String(first.entry));
    const code = readFileSync(fileURLToPath(first.entry as URL), 'utf8');
    expect(code).toContain("from '@electric-sql/pglite'");
    expect(code).not.toMatch(/:\s*(string|number)\s*\|\s*null/u);
  });

  it('starts a worker that imports the project through tsx, and the compiled file in dist', async () => {
    const spec = workerSpec('import-worker', new URL('./services/import-worker-pool.ts', import.meta.url).href);
    expect(spec.eval).toBe(true);
    expect(String(spec.entry)).toContain('tsImport');
    expect(String(workerSpec('pglite-worker', 'file:///srv/cchc/dist/server/db/pglite-thread.js', { selfContained: true }).entry)).toBe(
      'file:///srv/cchc/dist/server/db/pglite-worker.js',
    );
  });

  it('runs the transpiled database worker: it opens an in-memory database and says so', async () => {
    const spec = workerSpec('pglite-worker', here, { selfContained: true });
    const worker = new Worker(spec.entry, { eval: spec.eval, workerData: { dataDir: null } });
    try {
      const first = await new Promise<{ type: string }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(first.type).toBe('ready');
    } finally {
      await worker.terminate();
    }
  }, 60_000);
});
