/**
 * Databases for tests — one suite, two engines: PGlite always (in memory, cloned from a migrated database the file loads
 * from the run's dump), PostgreSQL whenever DATABASE_URL is set (databases copied from the run's migrated template,
 * dropped afterwards). The run's migrated databases are made once, by global-setup.ts; without it (a run that does
 * not provide them) each file creates and migrates its own.
 *
 * A database a test has closed is used again by the file's next test, emptied: every table but the migrations'
 * emptied (sequences restarted), the session's state discarded. That takes milliseconds where a new one takes a
 * second or more (a PGlite clone, or CREATE DATABASE and the migrations), and most of the suite's database tests are
 * short. A database whose schema a test changed (a table created or dropped, a function replaced, a migration row
 * touched), or that no longer answers, is never used again: the next test gets a new one.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, type Engine, type OpenDatabase } from '../server/db/open-database.js';
import { inject } from 'vitest';
import { migratedPglite } from './migrated-pglite.js';

/** What the run's global setup made (global-setup.ts): null for each one it did not make, or outside such a run. */
function provided(): { dump: string | null; template: string | null } {
  try {
    return { dump: inject('pgliteMigratedDump') ?? null, template: inject('postgresTemplate') ?? null };
  } catch {
    return { dump: null, template: null };
  }
}

/** A new PostgreSQL database: a copy of the run's migrated template (the migrations then find nothing to do), else empty. */
function createDatabase(name: string): string {
  const { template } = provided();
  return template ? `create database ${name} template ${template}` : `create database ${name}`;
}

export interface TestEngine {
  name: Engine;
  /** A fresh, migrated, empty database. */
  fresh(): Promise<OpenDatabase>;
  /** Drops what this engine created for the file. */
  dispose(): Promise<void>;
}

const databaseUrl = process.env['DATABASE_URL'];

if (!databaseUrl) {
  console.warn('[cchc] DATABASE_URL is not set: database tests run on PGlite only; the PostgreSQL runs are SKIPPED.');
}

/**
 * What makes a schema what it is: the relations, columns, triggers and functions of the public schema, and the
 * migrations recorded. Two databases with the same fingerprint have the same schema.
 */
const FINGERPRINT = `
  select md5(coalesce(string_agg(x, ',' order by x), '')) as fingerprint from (
    select 'r:' || c.relname || ':' || c.relkind::text as x
      from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'
    union all
    select 'a:' || c.relname || '.' || a.attname || ':' || format_type(a.atttypid, a.atttypmod) || ':' || a.attnotnull::text
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and a.attnum > 0 and not a.attisdropped
    union all
    select 't:' || c.relname || '.' || t.tgname || ':' || t.tgenabled::text
      from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and not t.tgisinternal
    union all
    select 'p:' || p.proname || ':' || md5(p.prosrc) from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'
    union all
    select 'm:' || name from kysely_migration
  ) as parts`;

/**
 * Empties every table but the migrations' and restarts the sequences, in one statement. Rows are deleted with the
 * triggers and foreign-key checks off (session_replication_role = replica, for this transaction only): on the small
 * tables of a test that takes a few milliseconds, where TRUNCATE makes new files for every table and index.
 */
const EMPTY_TABLES = `
  do $$
  declare
    name text;
  begin
    perform set_config('session_replication_role', 'replica', true);
    for name in select tablename from pg_tables where schemaname = 'public' and tablename not like 'kysely_migration%' loop
      execute format('delete from %I', name);
    end loop;
    for name in select sequence_name from information_schema.sequences where sequence_schema = 'public' loop
      execute format('alter sequence %I restart', name);
    end loop;
  end $$`;

/** Runs SQL on a database; the first column of the first row, if any. */
type Query = (text: string) => Promise<unknown>;

/**
 * Empties a database a test has closed so the next test can use it, or says it cannot be used again (its schema is
 * not the migrated one, or it does not answer).
 */
async function emptied(query: Query, fingerprint: string): Promise<boolean> {
  try {
    if ((await query(FINGERPRINT)) !== fingerprint) return false;
    await query(EMPTY_TABLES);
    return true;
  } catch {
    return false;
  }
}

function pgliteEngine(): TestEngine {
  let template: Promise<{ base: PGlite; fingerprint: string }> | null = null;
  const idle: PGlite[] = [];
  const all = new Set<PGlite>();
  const first = async (instance: PGlite, text: string) => Object.values((await instance.query<Record<string, unknown>>(text)).rows[0] ?? {})[0];
  return {
    name: 'pglite',
    async fresh() {
      template ??= (async () => {
        // the run's migrated database, loaded (a fraction of a second), else made here (initdb and the migrations)
        const { dump } = provided();
        const base = await migratedPglite(dump ? new Blob([readFileSync(dump)]) : undefined);
        return { base, fingerprint: String(await first(base, FINGERPRINT)) };
      })();
      const { base, fingerprint } = await template;
      let instance: PGlite | undefined;
      while (!instance && idle.length > 0) {
        const candidate = idle.pop()!;
        // PGlite has one session: whatever the last test left in it (a transaction, prepared statements, settings) goes
        const reset: Query = async (text) => first(candidate, text);
        const usable = await (async () => {
          try {
            await candidate.exec('rollback');
            await candidate.exec('discard all');
          } catch {
            return false;
          }
          return emptied(reset, fingerprint);
        })();
        if (usable) instance = candidate;
        else {
          all.delete(candidate);
          await candidate.close().catch(() => undefined);
        }
      }
      if (!instance) {
        // clone() copies the migrated database in about a second (creating one takes ~3 s)
        instance = (await base.clone()) as PGlite;
        all.add(instance);
      }
      const database = await openDatabase({ engine: 'pglite', dataDir: null, pglite: instance }, { migrate: false });
      const used = instance;
      return {
        ...database,
        close: async () => {
          await database.close();
          if (!used.closed) idle.push(used);
        },
      };
    },
    async dispose() {
      for (const instance of all) await instance.close().catch(() => undefined);
      all.clear();
      idle.length = 0;
      if (template) await (await template).base.close();
    },
  };
}

function postgresEngine(url: string): TestEngine {
  const created: string[] = [];
  const idle: string[] = [];
  let fingerprint: string | null = null;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  admin.on('error', (error) => console.warn(`[cchc] test admin connection dropped while idle: ${error.message}`));
  const urlOf = (name: string) => {
    const target = new URL(url);
    target.pathname = `/${name}`;
    return target.toString();
  };
  /** Runs `work` over one connection to the database (emptying waits for locks 5 s at most). */
  const onDatabase = async <T>(name: string, work: (query: Query) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: urlOf(name) });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query(`set lock_timeout = '5s'`);
      return await work(async (text) => Object.values((await client.query<Record<string, unknown>>(text)).rows[0] ?? {})[0]);
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  return {
    name: 'postgres',
    async fresh() {
      while (idle.length > 0) {
        const name = idle.pop()!;
        const usable = await onDatabase(name, (query) => emptied(query, fingerprint!)).catch(() => false);
        if (usable) return reusable(name, await openDatabase({ engine: 'postgres', url: urlOf(name), poolSize: 4 }, { migrate: false }));
      }
      const name = `cchc_test_${process.pid}_${Date.now().toString(36)}_${created.length}`;
      await admin.query(createDatabase(name));
      created.push(name);
      const database = await openDatabase({ engine: 'postgres', url: urlOf(name), poolSize: 4 });
      fingerprint ??= String(await onDatabase(name, (query) => query(FINGERPRINT)));
      return reusable(name, database);
    },
    async dispose() {
      idle.length = 0;
      for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
  function reusable(name: string, database: OpenDatabase): OpenDatabase {
    return {
      ...database,
      close: async () => {
        await database.close();
        idle.push(name);
      },
    };
  }
}

/** The engines every database test runs on. */
export function testEngines(): TestEngine[] {
  return [pgliteEngine(), ...(databaseUrl ? [postgresEngine(databaseUrl)] : [])];
}

/** The settings a CLI command reads (`CCHC_DATA_DIR` or `DATABASE_URL`), one engine each. */
export interface CliEngine {
  name: Engine;
  /** Settings for a fresh, empty database: a new embedded data directory, or a new PostgreSQL database. */
  env(): Promise<NodeJS.ProcessEnv>;
  /** Drops what this engine created for the file. */
  dispose(): Promise<void>;
}

/** The engines CLI tests run on: an embedded data directory always, PostgreSQL whenever DATABASE_URL is set. */
export function cliEngines(): CliEngine[] {
  const embedded: CliEngine = {
    name: 'pglite',
    env: async () => ({ CCHC_DATA_DIR: mkdtempSync(join(tmpdir(), 'cchc-cli-data-')) }),
    dispose: async () => {},
  };
  const url = databaseUrl;
  if (!url) return [embedded];
  const created: string[] = [];
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  admin.on('error', (error) => console.warn(`[cchc] test admin connection dropped while idle: ${error.message}`));
  const postgres: CliEngine = {
    name: 'postgres',
    async env() {
      const name = `cchc_cli_${process.pid}_${Date.now().toString(36)}_${created.length}`;
      await admin.query(createDatabase(name));
      created.push(name);
      const target = new URL(url);
      target.pathname = `/${name}`;
      return { DATABASE_URL: target.toString() };
    },
    async dispose() {
      for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
  return [embedded, postgres];
}
