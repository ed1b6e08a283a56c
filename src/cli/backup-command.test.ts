/** `cchc backup` and `cchc restore` on embedded data directories (and into PostgreSQL when DATABASE_URL is set). */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BACKED_UP_TABLES } from '../server/backup/backup-format.js';
import { lockDataDir } from '../server/db/data-dir-lock.js';
import { openDatabase } from '../server/db/open-database.js';
import { listAudit } from '../server/repositories/audit.repository.js';
import { listReports } from '../server/repositories/report.repository.js';
import { saveValues } from '../server/services/report.service.js';
import { createRound } from '../server/services/round.service.js';
import { buildWorld } from '../test-support/world.js';
import { runBackup, runRestore } from './backup-command.js';
import { migratedDataDir } from '../test-support/migrated-data-dir.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), errRaw: (t) => stderr.push(t), errIsTTY: false };
}

const root = mkdtempSync(join(tmpdir(), 'cchc-backup-cli-'));
const dataDir = (name: string) => join(root, name);
const embedded = (name: string): NodeJS.ProcessEnv => ({ CCHC_DATA_DIR: dataDir(name) });
/** A data directory holding an empty, migrated database (a copy of one migrated once: fast). */
const migrated = async (name: string): Promise<NodeJS.ProcessEnv> => ({ CCHC_DATA_DIR: await migratedDataDir(dataDir(name)) });

/** What a restored data directory holds: its contents, the audit rows of the restores it went through (checked) left out. */
async function restoredContents(dir: string, restores = 1) {
  const all = await contents(dir);
  for (const row of all.audit.slice(-restores)) expect(row).toMatchObject({ action: 'restore-backup', entity: 'database', actor_id: null });
  return { ...all, audit: all.audit.slice(0, -restores) };
}

/** What a data directory holds, as the application reads it. */
async function contents(dir: string) {
  const database = await openDatabase({ engine: 'pglite', dataDir: dir });
  try {
    return {
      agencies: await database.db.selectFrom('agencies').selectAll().orderBy('id').execute(),
      accounts: await database.db.selectFrom('accounts').selectAll().orderBy('id').execute(),
      reports: await database.db.selectFrom('reports').selectAll().orderBy('id').execute(),
      values: await database.db.selectFrom('report_values').selectAll().orderBy('report_id').orderBy('row_id').execute(),
      audit: await listAudit(database.db),
    };
  } finally {
    await database.close();
  }
}

describe('cchc backup and cchc restore', { timeout: 90_000 }, () => {
  const file = join(root, 'cchc.jsonl.gz');
  let original: Awaited<ReturnType<typeof contents>>;

  beforeAll(async () => {
    const database = await openDatabase({ engine: 'pglite', dataDir: await migratedDataDir(dataDir('source')) });
    try {
      const ctx = await buildWorld(database);
      const snv = {
        accountId: 'acc-snv.tonghop',
        username: 'snv.tonghop',
        displayName: 'snv',
        role: 'consolidator' as const,
        scope: new Set(['ninh-thuan', 'so-khcn']),
      };
      const round = await createRound(ctx, snv, { templateId: 'quang-tri-forms-2022', period: { year: 2023, kind: 'Q3' }, agencyIds: ['so-khcn'] });
      const reportId = (await listReports(ctx.db, { agencyIds: ['so-khcn'], roundId: round.id }))[0]!.id;
      const reporter = {
        accountId: 'acc-khcn.baocao',
        username: 'khcn.baocao',
        displayName: 'r',
        role: 'reporter' as const,
        scope: new Set(['so-khcn']),
      };
      await saveValues(ctx, reporter, reportId, 1, [{ rowId: '6/1.2', raw: '6.786,875' }]);
    } finally {
      await database.close();
    }
    original = await contents(dataDir('source'));
  }, 60_000);

  it('backs up an embedded data directory and restores it into a new one (created by the restore)', async () => {
    const backup = capture();
    expect(await runBackup([file], backup, embedded('source'))).toBe(0);
    expect(backup.stderr).toEqual([]);
    expect(backup.stdout.join('\n')).toMatch(/^Đã sao lưu PGlite \(.*source\) vào .*cchc\.jsonl\.gz: (\d+) bảng, \d+ dòng, [\d,]+ KB\./u);
    expect(backup.stdout.join('\n')).toContain(`: ${BACKED_UP_TABLES.length} bảng,`);
    expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    // the data directory's lock was released: the database opens again
    expect(existsSync(join(dataDir('source'), 'cchc.lock'))).toBe(false);

    const restore = capture();
    expect(await runRestore([file], restore, embedded('copy'))).toBe(0);
    expect(restore.stderr).toEqual([]);
    expect(restore.stdout[0]).toMatch(/^Đã khôi phục .* vào PGlite \(.*copy\): \d+ bảng, \d+ dòng\./u);
    expect(restore.stdout[1]).toMatch(/đăng nhập lại/u);
    const copy = await restoredContents(dataDir('copy'));
    expect(copy).toEqual(original);
    expect(copy.values.find((v) => v.row_id === '6/1.2')?.value).toBe('6786.875');
  });

  it('refuses to restore over data without --force, and replaces it with --force', async () => {
    const env = await migrated('twice');
    expect(await runRestore([file], capture(), env)).toBe(0);
    const refused = capture();
    expect(await runRestore([file], refused, env)).toBe(1);
    expect(refused.stdout).toEqual([]);
    expect(refused.stderr.join('\n')).toMatch(
      /^cchc restore: Cơ sở dữ liệu đích đang có dữ liệu \(.*\)\. Khôi phục sẽ xóa toàn bộ dữ liệu này; nếu chắc chắn, chạy lại với --force\./u,
    );
    const forced = capture();
    expect(await runRestore(['--force', file], forced, env)).toBe(0);
    expect(await restoredContents(dataDir('twice'))).toEqual(original);
  });

  it('answers bad input with a Vietnamese message on stderr and a non-zero exit', async () => {
    const garbage = join(root, 'garbage.gz');
    writeFileSync(garbage, 'đây không phải bản sao lưu');
    const truncated = join(root, 'truncated.gz');
    writeFileSync(truncated, readFileSync(file).subarray(0, 200));
    const cases: [string, string[], 'backup' | 'restore', number, RegExp][] = [
      ['no file', [], 'backup', 2, /^cchc backup: cần đúng một tệp sao lưu .*Cách dùng: cchc backup/u],
      ['two files', ['a', 'b'], 'restore', 2, /^cchc restore: cần đúng một tệp sao lưu/u],
      ['an unknown option', ['--fast', file], 'restore', 2, /^cchc restore: tùy chọn không hợp lệ --fast/u],
      ['--force on backup', ['--force', file], 'backup', 2, /tùy chọn không hợp lệ --force/u],
      ['a missing file', [join(root, 'missing.gz')], 'restore', 1, /^cchc restore: Không đọc được tệp sao lưu .*missing\.gz \(ENOENT\)/u],
      ['not a backup', [garbage], 'restore', 1, /^cchc restore: Tệp này không phải là bản sao lưu CCHC/u],
      ['a truncated backup', [truncated], 'restore', 1, /^cchc restore: Tệp sao lưu bị hỏng hoặc không đầy đủ: tệp bị cắt cụt/u],
      ['an unwritable place', [join(root, 'no-such-dir', 'f.gz')], 'backup', 1, /^cchc backup: Không ghi được tệp sao lưu .*\(ENOENT\)/u],
    ];
    const backupEnv = await migrated('bad-backup');
    for (const [name, args, command, code, message] of cases) {
      const io = capture();
      const env = command === 'backup' ? backupEnv : embedded('bad-restore');
      const status = command === 'backup' ? await runBackup(args, io, env) : await runRestore(args, io, env);
      expect(status, name).toBe(code);
      expect(io.stdout, name).toEqual([]);
      expect(io.stderr.join('\n'), name).toMatch(message);
    }
    // a file refused before the database was opened: no data directory was created for it
    expect(existsSync(dataDir('bad-restore'))).toBe(false);
  });

  it('says to stop the server when the embedded database is in use', async () => {
    const lock = lockDataDir(dataDir('source'));
    try {
      const io = capture();
      expect(await runBackup([join(root, 'locked.gz')], io, embedded('source'))).toBe(1);
      expect(io.stderr.join('\n')).toMatch(/đang được tiến trình \d+ sử dụng[\s\S]*hãy dừng máy chủ \(cchc serve\) trước khi sao lưu/u);
      expect(existsSync(join(root, 'locked.gz'))).toBe(false);
    } finally {
      lock.release();
    }
  });

  it('is reached through main, with the environment’s database', async () => {
    vi.stubEnv('DATABASE_URL', undefined);
    vi.stubEnv('CCHC_DATA_DIR', (await migrated('through-main'))['CCHC_DATA_DIR']);
    try {
      const usage = capture();
      expect(await main(['restore'], usage)).toBe(2);
      expect(usage.stderr.join('\n')).toMatch(/Cách dùng: cchc restore \[--force\]/u);
      const io = capture();
      expect(await main(['restore', file], io)).toBe(0);
      const back = join(root, 'through-main.gz');
      expect(await main(['backup', back], capture())).toBe(0);
      expect(await restoredContents(dataDir('through-main'))).toEqual(original);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  const databaseUrl = process.env['DATABASE_URL'];
  describe.skipIf(!databaseUrl)('into PostgreSQL (DATABASE_URL)', () => {
    const name = `cchc_cli_backup_${process.pid}`;
    const admin = databaseUrl ? new pg.Pool({ connectionString: databaseUrl, max: 1 }) : null;
    const url = () => {
      const target = new URL(databaseUrl!);
      target.pathname = `/${name}`;
      return target.toString();
    };
    afterAll(async () => {
      await admin?.query(`drop database if exists ${name} with (force)`);
      await admin?.end();
    });

    it('restores the embedded backup into an empty PostgreSQL database and backs it up again', async () => {
      await admin!.query(`create database ${name}`);
      const io = capture();
      expect(await runRestore([file], io, { DATABASE_URL: url() })).toBe(0);
      expect(io.stdout[0]).toMatch(/vào PostgreSQL \(DATABASE_URL\)/u);
      const again = join(root, 'from-postgres.gz');
      expect(await runBackup([again], capture(), { DATABASE_URL: url() })).toBe(0);
      expect(await runRestore([again], capture(), await migrated('from-postgres'))).toBe(0);
      // restored twice: into PostgreSQL, then back into a data directory
      expect(await restoredContents(dataDir('from-postgres'), 2)).toEqual(original);
    });
  });
});
