import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js';
import { openDatabase } from './open-database.js';
import { onBothEngines } from '../../test-support/both-engines.js';
import { BACKED_UP_TABLES, NOT_BACKED_UP } from '../backup/backup-format.js';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** The tables of the public schema, the migrator's own included, sorted. */
async function tableNames(db: Kysely<Database>): Promise<string[]> {
  const tables = await sql<{
    table_name: string;
  }>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(db);
  return tables.rows.map((r) => r.table_name).sort();
}

onBothEngines('storage', (engine) => {
  it('creates every table of the data model, each one either backed up or deliberately left out of backups', async () => {
    const { db, close } = await engine.fresh();
    const listed = [...BACKED_UP_TABLES, ...NOT_BACKED_UP];
    // each table in one list only
    expect(new Set(listed).size).toBe(listed.length);
    // what the migrations create is exactly what the backup knows of: a new table must be added to BACKED_UP_TABLES
    // (or, said why, to NOT_BACKED_UP), and a listed table no migration creates is a mistake too
    expect(await tableNames(db)).toEqual([...listed].sort());
    // the heart of the data model is among them, backed up
    expect(BACKED_UP_TABLES).toEqual(
      expect.arrayContaining(['agencies', 'accounts', 'template_versions', 'rounds', 'reports', 'report_values', 'narrative_sections', 'audit_log']),
    );

    // the check sees a table a migration would add without telling the backup
    await sql`create table forgotten_by_backup (id text primary key)`.execute(db);
    expect((await tableNames(db)).filter((t) => !(listed as string[]).includes(t))).toEqual(['forgotten_by_backup']);
    await close();
  });

  it('refuses to store a not-reported cell as a number, and a reported cell without one', async () => {
    const { db, close } = await engine.fresh();
    await db.insertInto('agencies').values({ id: 'a', kind: 'department', name: 'Sở Y tế', valid_from: '2020-01-01' }).execute();
    await db
      .insertInto('template_versions')
      .values({ id: 't', family: 'forms', name: 'T', effective_from: '2020-01-01', definition: JSON.stringify({}) })
      .execute();
    await db
      .insertInto('reports')
      .values({ id: 'r', agency_id: 'a', template_id: 't', period_year: 2023, period_kind: 'Q3', status: 'draft', source: 'entry' })
      .execute();
    await db
      .insertInto('report_values')
      .values({
        report_id: 'r',
        row_id: '1',
        raw: '6.786,875',
        value: '6786.875',
        status: 'reported',
        note: null,
        decimals: 3,
        provenance: null,
        updated_by: null,
      })
      .execute();
    const stored = await db.selectFrom('report_values').select('value').executeTakeFirstOrThrow();
    expect(Number(stored.value)).toBe(6786.875);
    await expect(
      db
        .insertInto('report_values')
        .values({
          report_id: 'r',
          row_id: '2',
          raw: '/',
          value: 0,
          status: 'not-reported',
          note: null,
          decimals: null,
          provenance: null,
          updated_by: null,
        })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('report_values')
        .values({
          report_id: 'r',
          row_id: '3',
          raw: '5',
          value: null,
          status: 'reported',
          note: null,
          decimals: null,
          provenance: null,
          updated_by: null,
        })
        .execute(),
    ).rejects.toThrow();
    await close();
  });

  it('keeps the audit log append-only', async () => {
    const { db, close } = await engine.fresh();
    await db
      .insertInto('audit_log')
      .values({ actor_id: null, action: 'create', entity: 'report', entity_id: 'r1', before: null, after: JSON.stringify({ status: 'draft' }) })
      .execute();
    await expect(db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/u);
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/u);
    expect((await db.selectFrom('audit_log').select('action').execute()).map((r) => r.action)).toEqual(['create']);
    await close();
  });
});

describe('the embedded database in a data directory', () => {
  it('keeps data across a restart and refuses a second process on the same directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-data-'));
    const first = await openDatabase({ engine: 'pglite', dataDir: dir });
    await first.db.insertInto('agencies').values({ id: 'so-noi-vu', kind: 'department', name: 'Sở Nội vụ', valid_from: '2020-01-01' }).execute();
    // a second opener — another process, or this one — is refused while the first holds the directory
    await expect(openDatabase({ engine: 'pglite', dataDir: dir })).rejects.toThrow(DataDirLockedError);
    await first.close();

    const again = await openDatabase({ engine: 'pglite', dataDir: dir });
    expect((await again.db.selectFrom('agencies').select('name').execute()).map((r) => r.name)).toEqual(['Sở Nội vụ']);
    await again.close();
  }, 60_000);

  it('names the process holding the directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-lock-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'cchc.lock'), String(process.ppid)); // the parent process is alive and is not us
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(/đang được tiến trình/u);
    // this very process holds it (a second open in one process): refused
    const held = lockDataDir(join(dir, 'held'));
    expect(() => lockDataDir(join(dir, 'held'))).toThrow(DataDirLockedError);
    held.release();
    // a lock of an earlier process that had this pid (a container's pid 1 after a kill): its start time differs
    writeFileSync(join(dir, 'cchc.lock'), `${process.pid}\n1@an-earlier-boot`);
    lockDataDir(dir).release();
    // an old-style lock with only our own pid: no process but this one could have written it
    writeFileSync(join(dir, 'cchc.lock'), String(process.pid));
    lockDataDir(dir).release();
    writeFileSync(join(dir, 'cchc.lock'), '999999999'); // a dead owner: taken over
    const lock = lockDataDir(dir);
    lock.release();
  });
});
