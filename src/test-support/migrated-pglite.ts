/** An in-memory PGlite database at the latest migration, for tests: loaded from a dump of one, or created and migrated. */
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../server/db/migrations/migrator.js';

/** `dump`: a dump of a migrated database (loaded in a fraction of initdb's time); the migrations then find nothing to do. */
export async function migratedPglite(dump?: Blob): Promise<PGlite> {
  const base = dump ? await PGlite.create({ loadDataDir: dump }) : await PGlite.create();
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool(createPgConfig(base) as unknown as pg.PoolConfig) }) });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  return base;
}
