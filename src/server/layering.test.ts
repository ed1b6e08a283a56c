/**
 * SQL lives in repositories only (and migrations and the backup module): services, routes, the demo and the CLI build
 * no query. And no module of src/ imports itself back through others (no import cycle).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const QUERY = /\bsql`|\.(selectFrom|insertInto|updateTable|deleteFrom)\(/u;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

describe('layering', () => {
  it('keeps queries out of services, routes, the demo seed and the command line', () => {
    const here = import.meta.dirname;
    const offenders = [
      ...sources(join(here, 'services')),
      ...sources(join(here, 'routes')),
      ...sources(join(here, 'demo')),
      ...sources(join(here, '..', 'cli')),
    ]
      .filter((file) => QUERY.test(readFileSync(file, 'utf8')))
      .map((file) => file.slice(here.length + 1));
    expect(offenders).toEqual([]);
  });
});

/** Every relative import (and re-export) of a source file, type-only ones included, as resolved file paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/gmu)) {
    const target = resolve(dirname(file), match[1]!.replace(/\.js$/u, '.ts'));
    found.push(target.endsWith('.ts') ? target : `${target}.ts`);
  }
  return found;
}

/** The import cycles among `files`: each as the list of files around it (depth-first search, one cycle per back edge). */
export function importCycles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => t !== f)]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

describe('import graph', () => {
  const src = join(import.meta.dirname, '..');
  const short = (cycle: string[]) => cycle.map((f) => relative(src, f)).join(' → ');

  it('finds a cycle when there is one (the detector itself)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-cycles-'));
    writeFileSync(join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = 1;\n");
    writeFileSync(join(dir, 'b.ts'), "import type { c } from './c.js';\nexport const b = 2;\n");
    writeFileSync(join(dir, 'c.ts'), "export { a } from './a.js';\nexport type c = number;\n");
    writeFileSync(join(dir, 'd.ts'), "import { a } from './a.js';\n");
    const files = ['a', 'b', 'c', 'd'].map((n) => join(dir, `${n}.ts`));
    expect(importCycles(files).map((c) => c.map((f) => f.slice(dir.length + 1)))).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    expect(importCycles(files.filter((f) => !f.endsWith('c.ts')))).toEqual([]);
  });

  it('has no import cycle in src/', () => {
    const all = sources(src);
    expect(all.length).toBeGreaterThan(100);
    expect(importCycles(all).map(short)).toEqual([]);
  });
});
