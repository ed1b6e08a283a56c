/** `npm start` builds only when a source changed since the last build (scripts/build-state.mjs). */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_OUTPUTS, buildNeeded } from '../scripts/build-state.mjs';

describe('npm start: build only when the sources changed', () => {
  let root: string;
  const at = (path: string, seconds: number) => {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, '');
    utimesSync(full, seconds, seconds);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cchc-start-'));
    at('src/server/app.ts', 1000);
    at('web/src/main.tsx', 1000);
    at('web/index.html', 1000);
    at('package.json', 1000);
    for (const output of BUILD_OUTPUTS) at(output, 2000);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('outputs newer than every source: no build', () => {
    expect(buildNeeded(root)).toEqual({ needed: false, reason: 'the build is up to date' });
  });

  it('a server or web source changed since: a build, saying which', () => {
    at('src/core/values/cell-grammar.ts', 3000);
    expect(buildNeeded(root)).toMatchObject({ needed: true, reason: expect.stringContaining('cell-grammar.ts') });
    at('src/core/values/cell-grammar.ts', 1500);
    at('web/src/features/entry/ReportPage.tsx', 3000);
    expect(buildNeeded(root)).toMatchObject({ needed: true, reason: expect.stringContaining('ReportPage.tsx') });
  });

  it('an output missing: a build', () => {
    rmSync(join(root, 'web/dist/index.html'));
    expect(buildNeeded(root)).toEqual({ needed: true, reason: 'web/dist/index.html is missing' });
  });

  it('tests and test helpers are not built: changing them builds nothing', () => {
    at('src/server/app.test.ts', 3000);
    at('src/test-support/world.ts', 3000);
    expect(buildNeeded(root).needed).toBe(false);
  });

  it('the package checked in this repository answers at once (a walk of the real tree)', () => {
    const started = performance.now();
    buildNeeded(join(import.meta.dirname, '..'));
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
