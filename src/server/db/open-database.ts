/**
 * Opens the database: a PostgreSQL server when a connection string is given (DATABASE_URL), else embedded PGlite in
 * a data directory (locked against a second process). Both are reached through `pg` and Kysely's PostgresDialect,
 * PGlite through its own adapter, so one code path and one SQL dialect serve both. Runs the migrations.
 */
import type { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { PgliteThread } from './pglite-thread.js';
import { preparingPool } from './prepared-statements.js';
import { countingWrites, registerWriteGeneration, WriteGeneration, writeGenerationFor } from './write-generation.js';
import { migrateToLatest } from './migrations/migrator.js';
import type { Database } from './schema.js';
import { readDatabaseSetting } from '../settings.js';

// numeric and bigint columns come back as strings by default; figures are read back as numbers where they are used
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
// dates are calendar days (cut-offs, deadlines): keep them as ISO strings, never shifted by a time zone
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Engine = 'pglite' | 'postgres';

export interface OpenDatabase {
  db: Kysely<Database>;
  engine: Engine;
  /**
   * Calls `onNotify` for every NOTIFY on `channel`, from this or any other process on the same database. On
   * PostgreSQL a dedicated connection listens; when it is lost, `onNotify` is also called (notifications may have
   * been missed) and the connection is made again. Stops at close.
   */
  listen(channel: string, onNotify: () => void): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseOptions = { engine: 'postgres'; url: string; poolSize?: number } | { engine: 'pglite'; dataDir: string | null; pglite?: PGlite };

/**
 * From the environment: DATABASE_URL → PostgreSQL; else PGlite in CCHC_DATA_DIR or ./data. A DATABASE_URL that is
 * not a postgres:// (or postgresql://) URL is refused with a SettingsError (settings.ts checks every setting).
 */
export function databaseOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseOptions {
  return readDatabaseSetting(env);
}

export async function openDatabase(options: DatabaseOptions, { migrate = true } = {}): Promise<OpenDatabase> {
  let lock: DataDirLock | null = null;
  let thread: PgliteThread | null = null;
  let pool: pg.Pool;
  if (options.engine === 'postgres') {
    pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  } else if (options.pglite) {
    // an instance the caller owns, in this thread (tests: a clone of a migrated database), through PGlite's adapter
    pool = new pg.Pool(createPgConfig(options.pglite) as unknown as pg.PoolConfig);
  } else {
    // the server's own: in a thread of its own, so queries never block the thread that answers requests
    if (options.dataDir) lock = lockDataDir(options.dataDir);
    // should its thread die, the database is gone for this process: stop, so the supervisor starts it again (the
    // directory survives a process killed at any moment: npm run test:crash)
    thread = new PgliteThread(options.dataDir ? `${options.dataDir}/pgdata` : null, (error) => {
      process.stderr.write(`[cchc] the embedded database stopped (${error.message}); exiting\n`);
      process.exit(70);
    });
    try {
      await thread.ready;
    } catch (error) {
      await thread.close();
      lock?.release();
      throw error;
    }
    const open = thread;
    // PGlite has one session: one connection, kept open (a new one would start from whatever the last one left)
    pool = new pg.Pool({
      max: 1,
      idleTimeoutMillis: 0,
      user: 'postgres',
      database: 'postgres',
      password: 'pglite',
      stream: () => open.connection(),
    } as pg.PoolConfig);
  }
  // An idle client can be dropped under the pool (a server restart, an administrator's pg_terminate_backend, a network
  // cut): pg then emits 'error' on the pool, which would crash the process without a listener. The pool replaces the
  // client on the next query; the event is only logged (in English, for operators).
  pool.on('error', (error) => {
    process.stderr.write(`[cchc] database connection dropped while idle (it will be replaced): ${error.message}\n`);
  });
  // the embedded database serves this process alone: every write goes through this pool, and is counted there, so a
  // cache can know nothing changed without asking (write-generation.ts); PostgreSQL may be written by other processes
  const writes = options.engine === 'pglite' ? (options.pglite ? writeGenerationFor(options.pglite) : new WriteGeneration()) : null;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: writes ? countingWrites(preparingPool(pool), writes) : preparingPool(pool) }),
  });
  if (writes) registerWriteGeneration(db, writes);
  const stopListening: (() => Promise<void>)[] = [];
  const listen = async (channel: string, onNotify: () => void) => {
    if (!/^[a-z_]+$/u.test(channel)) throw new Error(`bad channel name ${channel}`);
    // the embedded database serves this process alone (its directory is locked): nobody else to hear from
    if (options.engine === 'pglite') return;
    const url = (options as { url: string }).url;
    let client: pg.Client | null = null;
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | null = null;
    const connect = async (): Promise<void> => {
      const c = new pg.Client({ connectionString: url });
      const lost = (error?: Error) => {
        if (closed || client !== c) return;
        client = null;
        process.stderr.write(`[cchc] lost the connection listening on ${channel}${error ? `: ${error.message}` : ''}; reconnecting\n`);
        onNotify();
        retry = setTimeout(() => void connect().catch(() => lost()), 1_000);
      };
      c.on('notification', (message) => {
        if (message.channel === channel) onNotify();
      });
      c.on('error', lost);
      c.on('end', () => lost());
      client = c;
      try {
        await c.connect();
        await c.query(`listen ${channel}`);
      } catch (error) {
        lost(error as Error);
        throw error;
      }
    };
    stopListening.push(async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
    });
    await connect();
  };
  const close = async () => {
    for (const stop of stopListening.splice(0)) await stop();
    await db.destroy();
    if (thread) await thread.close();
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
  return { db, engine: options.engine, listen, close };
}
