/**
 * `cchc backup <file>` and `cchc restore [--force] <file>`: a logical backup of the database (DATABASE_URL, else the
 * embedded one in CCHC_DATA_DIR or ./data) into one gzip file, and its restore into an empty database of either
 * engine. The format is described in src/server/backup/backup-format.ts and docs/operations.md.
 */
import { DataDirLockedError } from '../server/db/data-dir-lock.js';
import { databaseOptionsFromEnv, openDatabase, type DatabaseOptions } from '../server/db/open-database.js';
import { BackupError } from '../server/backup/backup-format.js';
import { readBackupHeader, restoreBackup, writeBackup } from '../server/backup/backup.js';
import type { CliIo } from './io.js';

const where = (options: DatabaseOptions) => (options.engine === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${options.dataDir ?? 'bộ nhớ'})`);

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace('.', ',')} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

function parseArgs(args: string[], allowForce: boolean): { file: string; force: boolean } | string {
  const files = args.filter((a) => !a.startsWith('--') || a === '-');
  const flags = args.filter((a) => a.startsWith('--'));
  const unknown = flags.filter((f) => !(allowForce && f === '--force'));
  if (unknown.length > 0) return `tùy chọn không hợp lệ ${unknown.join(' ')} (unknown option)`;
  if (files.length !== 1 || files[0] === '-') return 'cần đúng một tệp sao lưu (exactly one file)';
  return { file: files[0]!, force: flags.includes('--force') };
}

function report(io: CliIo, command: string, error: unknown): number {
  if (error instanceof BackupError) io.err(`cchc ${command}: ${error.messageVi} (${error.message})`);
  else if (error instanceof DataDirLockedError) {
    io.err(`cchc ${command}: ${error.message}`);
    io.err(
      `Cơ sở dữ liệu nhúng chỉ mở được bởi một tiến trình: hãy dừng máy chủ (cchc serve) trước khi ${command === 'backup' ? 'sao lưu' : 'khôi phục'}.`,
    );
  } else io.err(`cchc ${command}: lỗi không mong đợi (${error instanceof Error ? error.message : String(error)})`);
  return 1;
}

export async function runBackup(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseArgs(args, false);
  if (typeof parsed === 'string') {
    io.err(`cchc backup: ${parsed}. Cách dùng: cchc backup <tệp.jsonl.gz> (usage)`);
    return 2;
  }
  const options = databaseOptionsFromEnv(env);
  try {
    const database = await openDatabase(options);
    try {
      const summary = await writeBackup(database.db, parsed.file, { engine: database.engine });
      io.out(
        `Đã sao lưu ${where(options)} vào ${parsed.file}: ${summary.header.tables.length} bảng, ${summary.rows} dòng, ${size(summary.bytes)}. ` +
          'Tệp chứa mã băm mật khẩu: hãy cất giữ cẩn thận.',
      );
      return 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    return report(io, 'backup', error);
  }
}

export async function runRestore(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseArgs(args, true);
  if (typeof parsed === 'string') {
    io.err(`cchc restore: ${parsed}. Cách dùng: cchc restore [--force] <tệp sao lưu> (usage)`);
    return 2;
  }
  const options = databaseOptionsFromEnv(env);
  try {
    // the file is checked before any database is opened (or an empty data directory created)
    await readBackupHeader(parsed.file);
    const database = await openDatabase(options);
    try {
      const summary = await restoreBackup(database.db, parsed.file, { force: parsed.force });
      const from = summary.header.createdAt ? ` (tạo lúc ${summary.header.createdAt} từ ${summary.header.engine})` : '';
      io.out(`Đã khôi phục ${parsed.file}${from} vào ${where(options)}: ${summary.header.tables.length} bảng, ${summary.rows} dòng.`);
      io.out('Các phiên đăng nhập không nằm trong bản sao lưu: mọi người cần đăng nhập lại.');
      return 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    return report(io, 'restore', error);
  }
}
