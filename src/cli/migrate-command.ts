/**
 * `cchc migrate`: brings the database (DATABASE_URL, else the embedded one in CCHC_DATA_DIR or ./data) to the latest
 * schema, and says what it did: the migrations applied, by name, or that there was nothing to do.
 */
import { DataDirLockedError } from '../server/db/data-dir-lock.js';
import { databaseOptionsFromEnv, openDatabase } from '../server/db/open-database.js';
import { MIGRATIONS, migrateToLatest } from '../server/db/migrations/migrator.js';
import type { CliIo } from './io.js';

export async function runMigrate(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args.length > 0) {
    const what = args.some((a) => a.startsWith('-'))
      ? `tùy chọn không hợp lệ ${args.join(' ')} (unknown option)`
      : `lệnh không nhận tham số: ${args.join(' ')} (unexpected argument)`;
    io.err(`cchc migrate: ${what}. Cách dùng: cchc migrate (usage; see cchc migrate --help)`);
    return 2;
  }
  const options = databaseOptionsFromEnv(env);
  const where = options.engine === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${options.dataDir})`;
  const latest = Object.keys(MIGRATIONS).at(-1);
  try {
    const database = await openDatabase(options, { migrate: false });
    let applied: string[];
    try {
      applied = await migrateToLatest(database.db);
    } finally {
      await database.close();
    }
    if (applied.length === 0) {
      io.out(`Cơ sở dữ liệu ${where} đã ở phiên bản mới nhất (${latest}); không có gì phải làm. (nothing to do)`);
    } else {
      io.out(
        `Đã chuyển cơ sở dữ liệu ${where} lên phiên bản mới nhất (${latest}): ${applied.length} bước chuyển đổi. (applied ${applied.length} migration(s))`,
      );
      for (const name of applied) io.out(`  đã áp dụng ${name}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof DataDirLockedError) io.err(`cchc migrate: ${error.message}`);
    else io.err(`cchc migrate: không chuyển đổi được cơ sở dữ liệu (${error instanceof Error ? error.message : String(error)})`);
    return 1;
  }
}
