/** SQL lives in repositories only (and migrations and the backup module): services, routes, the demo and the CLI build no query. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
    const offenders = [...sources(join(here, 'services')), ...sources(join(here, 'routes')), ...sources(join(here, 'demo')), ...sources(join(here, '..', 'cli'))]
      .filter((file) => QUERY.test(readFileSync(file, 'utf8')))
      .map((file) => file.slice(here.length + 1));
    expect(offenders).toEqual([]);
  });
});
