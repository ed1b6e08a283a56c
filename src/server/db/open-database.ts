/**
 * Opens the database: a PostgreSQL server when a connection string is given (DATABASE_URL), else embedded PGlite in
 * a data directory (locked against a second process). Both are reached through `pg` and Kysely's PostgresDialect,
 * PGlite through its own adapter, so one code path and one SQL dialect serve both. Runs the migrations.
 */
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { migrateToLatest } from './migrations/migrator.js';
import type { Database } from './schema.js';

// numeric and bigint columns come back as strings by default; figures are read back as numbers where they are used
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// dates are calendar days (cut-offs, deadlines): keep them as ISO strings, never shifted by a time zone
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Engine = 'pglite' | 'postgres';

export interface OpenDatabase {
  db: Kysely<Database>;
  engine: Engine;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { engine: 'postgres'; url: string; poolSize?: number }
  | { engine: 'pglite'; dataDir: string | null; pglite?: PGlite };

/** From the environment: DATABASE_URL → PostgreSQL; else PGlite in CCHC_DATA_DIR or ./data. */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
  if (env['DATABASE_URL']) return { engine: 'postgres', url: env['DATABASE_URL'] };
  return { engine: 'pglite', dataDir: env['CCHC_DATA_DIR'] ?? 'data' };
}

export async function openDatabase(options: DatabaseOptions, { migrate = true } = {}): Promise<OpenDatabase> {
  let lock: DataDirLock | null = null;
  let pglite: PGlite | null = null;
  let pool: pg.Pool;
  if (options.engine === 'postgres') {
    pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  } else {
    if (options.pglite) pglite = options.pglite;
    else {
      if (options.dataDir) lock = lockDataDir(options.dataDir);
      try {
        pglite = new PGlite(options.dataDir ? `${options.dataDir}/pgdata` : 'memory://');
        await pglite.waitReady;
      } catch (error) {
        lock?.release();
        throw error;
      }
    }
    pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  }
  // An idle client can be dropped under the pool (a server restart, an administrator's pg_terminate_backend, a network
  // cut): pg then emits 'error' on the pool, which would crash the process without a listener. The pool replaces the
  // client on the next query; the event is only logged (in English, for operators).
  pool.on('error', (error) => {
    process.stderr.write(`[cchc] database connection dropped while idle (it will be replaced): ${error.message}\n`);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const close = async () => {
    await db.destroy();
    if (pglite && !(options.engine === 'pglite' && options.pglite)) await pglite.close();
    lock?.release();
  };
  if (migrate) {
    try {
      await migrateToLatest(db);
    } catch (error) {
      await close();
      throw error;
    }
  }
  return { db, engine: options.engine, close };
}
