/**
 * Once per test run, before any file (vitest's globalSetup, in the main process): a migrated empty database for each
 * engine, which every test file's databases are then copied from instead of being created and migrated again — an
 * embedded database dumped to a file (PGlite loads it in a fraction of initdb's time), and on PostgreSQL a template
 * database (CREATE DATABASE … TEMPLATE copies it). Both are removed when the run ends. Test files find them through
 * vitest's inject (test-database.ts) and make their own when they are not there (a run without this setup).
 */
import { rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../server/db/open-database.js';
import { migratedPglite } from './migrated-pglite.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A file holding the dump of a migrated, empty PGlite database (null: none made). */
    pgliteMigratedDump: string | null;
    /** A migrated, empty PostgreSQL database on DATABASE_URL's server to copy (null: none made). */
    postgresTemplate: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'cchc-test-run-'));
  const base = await migratedPglite();
  const dump = join(dir, 'migrated.tar');
  writeFileSync(dump, new Uint8Array(await (await base.dumpDataDir('none')).arrayBuffer()));
  await base.close();
  project.provide('pgliteMigratedDump', dump);

  const url = process.env['DATABASE_URL'];
  let template: string | null = null;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      template = `cchc_template_${process.pid}_${Date.now().toString(36)}`;
      await admin.query(`create database ${template}`);
      const target = new URL(url);
      target.pathname = `/${template}`;
      // opened as the product opens a database, which migrates it
      await (await openDatabase({ engine: 'postgres', url: target.toString(), poolSize: 1 })).close();
    } finally {
      await admin.end();
    }
  }
  project.provide('postgresTemplate', template);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (url && template) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`drop database if exists ${template} with (force)`);
      } finally {
        await admin.end();
      }
    }
  };
}
