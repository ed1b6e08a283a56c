/**
 * Embedded data directories for CLI tests, fast: one data directory is created and migrated once per test file (the
 * slow part: initdb and every migration, seconds on a busy machine), closed, and copied for each test that needs a
 * fresh, empty, migrated database (a copy of ~40 MB takes a fraction of a second). What a copy holds is exactly what
 * `cchc migrate` leaves in a new directory; the test of `cchc migrate` itself starts from an empty directory.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../server/db/open-database.js';

let template: Promise<string> | null = null;

/** A new data directory holding an empty database at the latest version: at `target` (which must not exist), else in a new temporary directory. */
export async function migratedDataDir(target?: string): Promise<string> {
  template ??= (async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cchc-template-')), 'data');
    const database = await openDatabase({ engine: 'pglite', dataDir: dir });
    await database.close();
    return dir;
  })();
  const source = await template;
  const to = target ?? join(mkdtempSync(join(tmpdir(), 'cchc-cli-data-')), 'data');
  cpSync(source, to, { recursive: true, errorOnExist: true, force: false });
  return to;
}
