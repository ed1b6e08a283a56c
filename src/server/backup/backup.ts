/**
 * Backing up a database into one file and restoring it, on either engine and across engines (a PGlite backup
 * restores into PostgreSQL and back). The format is in ./backup-format.ts, the SQL in ./backup.repository.ts.
 *
 * A backup reads every table in one repeatable-read transaction (one consistent snapshot while the server runs on
 * PostgreSQL) and writes a temporary file renamed into place at the end, so a failed backup never leaves a file
 * that looks complete. A restore checks the file before touching anything, then in ONE transaction empties the
 * target and inserts every row: any error (a truncated file, a row the schema refuses) rolls it all back.
 */
import { createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import { MIGRATIONS } from '../db/migrations/migrator.js';
import type { Database } from '../db/schema.js';
import { recordAudit } from '../repositories/audit.repository.js';
import {
  BACKED_UP_TABLES,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupError,
  corrupt,
  IGNORED_FOR_EMPTINESS,
  NOT_BACKED_UP,
  parseHeader,
  parseRowLine,
  type BackupHeader,
  type BackupRow,
} from './backup-format.js';
import {
  appliedMigrations,
  countRows,
  insertRows,
  keyOf,
  listTables,
  readPage,
  resetSequence,
  setSuccessor,
  tableShape,
  truncateTables,
  type TableShape,
} from './backup.repository.js';

const PAGE = 2000;
/** A line longer than this is not one we wrote (the largest rows are template definitions, well under 1 MB). */
const MAX_LINE = 64 * 1024 * 1024;

export interface BackupSummary {
  file: string;
  header: BackupHeader;
  rows: number;
  bytes: number;
}

/** Agencies ordered parents first (by depth in the tree, then id), so each row's parent is inserted before it. */
export function agenciesParentsFirst(rows: readonly BackupRow[]): BackupRow[] {
  const parent = new Map(rows.map((r) => [String(r['id']), r['parent_id'] == null ? null : String(r['parent_id'])]));
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const seen = new Set<string>();
    let d = 0;
    for (let p = parent.get(id) ?? null; p !== null && parent.has(p); p = parent.get(p) ?? null) {
      if (seen.has(p)) throw corrupt('cây đơn vị có vòng lặp', `agency ${id}: parent cycle`);
      seen.add(p);
      d++;
    }
    depth.set(id, d);
    return d;
  };
  return [...rows].sort((a, b) => depthOf(String(a['id'])) - depthOf(String(b['id'])) || (String(a['id']) < String(b['id']) ? -1 : 1));
}

async function* readTable(db: Kysely<Database>, shape: TableShape): AsyncGenerator<BackupRow> {
  let after: unknown[] | null = null;
  for (;;) {
    const page = await readPage(db, shape, after, PAGE);
    for (const row of page) yield row;
    if (page.length < PAGE) return;
    after = keyOf(shape, page[page.length - 1]!);
  }
}

/** The tables of a database split into the backed-up ones (in restore order); unknown tables are an error. */
async function tablesToBackUp(db: Kysely<Database>): Promise<string[]> {
  const present = await listTables(db);
  const unknown = present.filter((t) => !(BACKED_UP_TABLES as readonly string[]).includes(t) && !(NOT_BACKED_UP as readonly string[]).includes(t));
  if (unknown.length > 0) {
    // a migration added a table this code does not know: refuse rather than write a backup that silently lacks it
    throw new BackupError(
      'unknown-table',
      `Cơ sở dữ liệu có bảng chưa được đưa vào sao lưu: ${unknown.join(', ')}. Hãy báo cho nhóm phát triển; chưa tạo bản sao lưu.`,
      `tables neither backed up nor excluded: ${unknown.join(', ')} (add them to BACKED_UP_TABLES or NOT_BACKED_UP)`,
    );
  }
  return BACKED_UP_TABLES.filter((t) => present.includes(t));
}

/** Writes a backup of the database to `file` (replaced atomically when it exists). */
export async function writeBackup(db: Kysely<Database>, file: string, options: { engine: string; now?: Date }): Promise<BackupSummary> {
  const temporary = `${file}.${process.pid}.partial`;
  let summary: { header: BackupHeader; rows: number } | null = null;
  try {
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const tables = await tablesToBackUp(trx);
        const shapes: TableShape[] = [];
        const counts: { name: string; rows: number }[] = [];
        for (const table of tables) {
          shapes.push(await tableShape(trx, table));
          counts.push({ name: table, rows: await countRows(trx, table) });
        }
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: (options.now ?? new Date()).toISOString(),
          engine: options.engine,
          migrations: await appliedMigrations(trx),
          tables: counts,
        };
        let rows = 0;
        async function* lines(): AsyncGenerator<string> {
          yield `${JSON.stringify(header)}\n`;
          for (const shape of shapes) {
            const source = shape.name === 'agencies' ? agenciesParentsFirst(await collect(readTable(trx, shape))) : readTable(trx, shape);
            for await (const row of source) {
              rows++;
              yield `${JSON.stringify({ table: shape.name, row })}\n`;
            }
          }
        }
        // the file holds password hashes: readable by its owner only
        await pipeline(Readable.from(lines()), createGzip(), createWriteStream(temporary, { mode: 0o600 }));
        summary = { header, rows };
      });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    if (error instanceof BackupError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR' || code === 'ENOSPC' || code === 'EROFS') {
      throw new BackupError('write-failed', `Không ghi được tệp sao lưu ${file} (${code}).`, `cannot write ${file}: ${(error as Error).message}`);
    }
    throw error;
  }
  const done = summary as { header: BackupHeader; rows: number } | null;
  if (!done) throw new Error('backup finished without a summary');
  return { file, header: done.header, rows: done.rows, bytes: (await stat(file)).size };
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of source) all.push(item);
  return all;
}

/** The lines of a gzip file, decoded as UTF-8; a file that is not gzip, or is cut short, ends in a BackupError. */
async function* fileLines(file: string): AsyncGenerator<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new BackupError(
      'unreadable',
      `Không đọc được tệp sao lưu ${file} (${(error as NodeJS.ErrnoException).code ?? 'lỗi'}).`,
      `cannot open ${file}: ${(error as Error).message}`,
    );
  }
  const magic = Buffer.alloc(2);
  const { bytesRead } = await handle.read(magic, 0, 2, 0).catch(() => ({ bytesRead: 0 }));
  if (bytesRead < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) {
    await handle.close();
    throw new BackupError(
      'not-a-backup',
      bytesRead === 0
        ? 'Tệp này không phải là bản sao lưu CCHC (tệp rỗng).'
        : 'Tệp này không phải là bản sao lưu CCHC (không phải tệp nén gzip do "cchc backup" tạo).',
      bytesRead === 0 ? 'not a cchc backup: empty file' : 'not a cchc backup: not a gzip file',
    );
  }
  const input = handle.createReadStream({ start: 0 });
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      pending += decoder.write(chunk);
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        yield pending.slice(0, newline);
        pending = pending.slice(newline + 1);
      }
      if (pending.length > MAX_LINE) throw corrupt('có dòng dài bất thường', `a line longer than ${MAX_LINE} characters`);
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code?.startsWith('Z_') || (error as Error).message.includes('unexpected end of file')) {
      throw corrupt('tệp bị cắt cụt hoặc sai dữ liệu nén', `gzip error: ${(error as Error).message}`);
    }
    throw new BackupError('unreadable', `Không đọc được tệp sao lưu ${file}.`, `cannot read ${file}: ${(error as Error).message}`);
  } finally {
    input.destroy();
    await handle.close().catch(() => undefined);
  }
  pending += decoder.end();
  if (pending !== '') yield pending;
}

const knownMigrations = () => Object.keys(MIGRATIONS);

/** Reads and checks the header of a backup file without opening any database. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const lines = fileLines(file);
  try {
    const first = await lines.next();
    if (first.done) throw new BackupError('not-a-backup', 'Tệp này không phải là bản sao lưu CCHC (tệp rỗng).', 'not a cchc backup: empty file');
    return parseHeader(first.value, knownMigrations());
  } finally {
    await lines.return(undefined);
  }
}

export interface RestoreOptions {
  /** Replace a database that already holds data. */
  force?: boolean;
  /** When the restore happens, for its audit row (now by default). */
  at?: Date;
}

export interface RestoreSummary {
  header: BackupHeader;
  rows: number;
}

/** The tables that hold data (apart from the template versions every start stores), with their row counts. */
export async function tablesInUse(db: Kysely<Database>): Promise<{ name: string; rows: number }[]> {
  const present = await listTables(db);
  const used: { name: string; rows: number }[] = [];
  for (const table of BACKED_UP_TABLES) {
    if (!present.includes(table) || IGNORED_FOR_EMPTINESS.includes(table)) continue;
    const rows = await countRows(db, table);
    if (rows > 0) used.push({ name: table, rows });
  }
  return used;
}

/**
 * Restores a backup into a migrated database: refuses a database holding data unless `force`, then in one
 * transaction empties every table (sessions included: everyone signs in again) and inserts the backup's rows, audit
 * rows with their original ids and times, and moves the audit id sequence past them.
 */
export async function restoreBackup(db: Kysely<Database>, file: string, options: RestoreOptions = {}): Promise<RestoreSummary> {
  const lines = fileLines(file);
  try {
    const first = await lines.next();
    if (first.done) throw new BackupError('not-a-backup', 'Tệp này không phải là bản sao lưu CCHC (tệp rỗng).', 'not a cchc backup: empty file');
    const header = parseHeader(first.value, knownMigrations());
    const applied = await appliedMigrations(db);
    const missing = header.migrations.filter((m) => !applied.includes(m));
    if (missing.length > 0) {
      throw new BackupError(
        'newer-version',
        `Cơ sở dữ liệu đích chưa được chuyển đổi tới phiên bản của bản sao lưu (thiếu ${missing.join(', ')}). Hãy chạy "cchc migrate" trước.`,
        `target lacks migrations ${missing.join(', ')}`,
      );
    }
    const present = await listTables(db);
    const unknown = header.tables.filter((t) => !(BACKED_UP_TABLES as readonly string[]).includes(t.name) || !present.includes(t.name));
    if (unknown.length > 0) {
      throw corrupt(
        `có bảng không có trong cơ sở dữ liệu: ${unknown.map((t) => t.name).join(', ')}`,
        `unknown tables ${unknown.map((t) => t.name).join(', ')}`,
      );
    }
    let rows = 0;
    await db.transaction().execute(async (trx) => {
      const inUse = await tablesInUse(trx);
      if (inUse.length > 0 && !options.force) {
        throw new BackupError(
          'not-empty',
          `Cơ sở dữ liệu đích đang có dữ liệu (${inUse.map((t) => `${t.name}: ${t.rows} dòng`).join(', ')}). Khôi phục sẽ xóa toàn bộ dữ liệu này; nếu chắc chắn, chạy lại với --force.`,
          `target database is not empty (${inUse.map((t) => `${t.name}: ${t.rows}`).join(', ')}); use --force to replace it`,
        );
      }
      // every table but the migrator's: what the backup does not hold (sessions, rate limits) is emptied too
      await truncateTables(
        trx,
        present.filter((t) => !t.startsWith('kysely_migration')),
      );
      const shapes = new Map<string, TableShape>();
      for (const table of header.tables) shapes.set(table.name, await tableShape(trx, table.name));
      const order = header.tables.map((t) => t.name);
      const counts = new Map<string, number>();
      let current = -1;
      let batch: BackupRow[] = [];
      let agencies: BackupRow[] = [];
      const flush = async () => {
        const shape = shapes.get(order[current]!)!;
        await insertRows(trx, shape, batch);
        batch = [];
      };
      const finishTable = async () => {
        if (current < 0) return;
        const name = order[current]!;
        if (name === 'agencies') {
          // parents first; successors point anywhere in the tree, so they are set once every agency exists
          const sorted = agenciesParentsFirst(agencies);
          const shape = shapes.get('agencies')!;
          for (let i = 0; i < sorted.length; i += PAGE)
            await insertRows(
              trx,
              shape,
              sorted.slice(i, i + PAGE).map((r) => ({ ...r, successor_id: null })),
            );
          for (const agency of sorted)
            if (agency['successor_id'] != null) await setSuccessor(trx, String(agency['id']), String(agency['successor_id']));
          agencies = [];
        } else await flush();
        const expected = header.tables[current]!.rows;
        if ((counts.get(name) ?? 0) !== expected) {
          throw corrupt(
            `bảng ${name} có ${counts.get(name) ?? 0} dòng thay vì ${expected}`,
            `table ${name}: ${counts.get(name) ?? 0} rows, header says ${expected}`,
          );
        }
      };
      let lineNumber = 1;
      for await (const text of lines) {
        lineNumber++;
        if (text.trim() === '') continue;
        const line = parseRowLine(text, lineNumber);
        if (line.table !== order[current]) {
          const next = order.indexOf(line.table, current + 1);
          if (next < 0)
            throw corrupt(`dòng ${lineNumber} thuộc bảng "${line.table}" không đúng thứ tự`, `line ${lineNumber}: table ${line.table} out of order`);
          await finishTable();
          for (current++; current < next; current++) await finishTable();
          current = next;
        }
        const shape = shapes.get(line.table)!;
        const unknownColumns = Object.keys(line.row).filter((c) => !shape.columns.some((s) => s.name === c));
        if (unknownColumns.length > 0) {
          throw corrupt(
            `dòng ${lineNumber} có cột không tồn tại (${unknownColumns.join(', ')})`,
            `line ${lineNumber}: unknown columns ${unknownColumns.join(', ')} in ${line.table}`,
          );
        }
        counts.set(line.table, (counts.get(line.table) ?? 0) + 1);
        rows++;
        if (line.table === 'agencies') agencies.push(line.row);
        else {
          batch.push(line.row);
          if (batch.length >= Math.max(1, Math.floor(20_000 / Math.max(1, shape.columns.length)))) await flush();
        }
      }
      await finishTable();
      for (current++; current < order.length; current++) await finishTable();
      for (const shape of shapes.values()) {
        for (const column of shape.columns) if (column.serial) await resetSequence(trx, shape.name, column.name);
      }
      // the restore itself is a write: the log says what replaced what, after the restored history
      await recordAudit(
        trx,
        {
          actorId: null,
          action: 'restore-backup',
          entity: 'database',
          entityId: 'database',
          before: { tablesWithData: inUse },
          after: { file: basename(file), backupCreatedAt: header.createdAt, backupEngine: header.engine, rows },
        },
        options.at ?? new Date(),
      );
    });
    return { header, rows };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    // the database refused a row (a broken reference, a value of the wrong type, a missing column): nothing was committed
    const sqlState = (error as { code?: unknown }).code;
    if (typeof sqlState === 'string' && /^(22|23|42703|42804)/u.test(sqlState)) {
      throw corrupt(
        `cơ sở dữ liệu từ chối một dòng dữ liệu (${(error as Error).message})`,
        `the database refused a row: ${(error as Error).message}`,
      );
    }
    throw error;
  } finally {
    await lines.return(undefined);
  }
}
