/**
 * Databases for tests — one suite, two engines: PGlite always (in memory, migrated once per file and cloned per
 * test), PostgreSQL whenever DATABASE_URL is set (a fresh database per file, dropped afterwards).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, type Engine, type OpenDatabase } from '../server/db/open-database.js';
import { migrateToLatest } from '../server/db/migrations/migrator.js';
import { Kysely, PostgresDialect } from 'kysely';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';

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

function pgliteEngine(): TestEngine {
  let template: Promise<PGlite> | null = null;
  return {
    name: 'pglite',
    async fresh() {
      template ??= (async () => {
        const base = await PGlite.create();
        const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool(createPgConfig(base) as unknown as pg.PoolConfig) }) });
        await migrateToLatest(db);
        await db.destroy();
        return base;
      })();
      // clone() copies the migrated database in well under a second (creating one takes ~3 s)
      const clone = (await (await template).clone()) as PGlite;
      const database = await openDatabase({ engine: 'pglite', dataDir: null, pglite: clone }, { migrate: false });
      return { ...database, close: async () => database.close().then(() => clone.close()) };
    },
    async dispose() {
      if (template) await (await template).close();
    },
  };
}

function postgresEngine(url: string): TestEngine {
  const created: string[] = [];
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  admin.on('error', (error) => console.warn(`[cchc] test admin connection dropped while idle: ${error.message}`));
  return {
    name: 'postgres',
    async fresh() {
      const name = `cchc_test_${process.pid}_${Date.now().toString(36)}_${created.length}`;
      await admin.query(`create database ${name}`);
      created.push(name);
      const target = new URL(url);
      target.pathname = `/${name}`;
      return openDatabase({ engine: 'postgres', url: target.toString(), poolSize: 4 });
    },
    async dispose() {
      for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
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
      await admin.query(`create database ${name}`);
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
