/** `cchc migrate`: brings the database (DATABASE_URL, else the embedded one in CCHC_DATA_DIR or ./data) to the latest schema. */
import { DataDirLockedError } from '../server/db/data-dir-lock.js';
import { databaseOptionsFromEnv, openDatabase } from '../server/db/open-database.js';
import { MIGRATIONS } from '../server/db/migrations/migrator.js';
import type { CliIo } from './io.js';

export async function runMigrate(io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const options = databaseOptionsFromEnv(env);
  try {
    const database = await openDatabase(options);
    await database.close();
    const where = options.engine === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${options.dataDir})`;
    io.out(`Cơ sở dữ liệu ${where} đã ở phiên bản mới nhất (${Object.keys(MIGRATIONS).length} bước chuyển đổi).`);
    return 0;
  } catch (error) {
    if (error instanceof DataDirLockedError) io.err(`cchc migrate: ${error.message}`);
    else io.err(`cchc migrate: không chuyển đổi được cơ sở dữ liệu (${error instanceof Error ? error.message : String(error)})`);
    return 1;
  }
}
