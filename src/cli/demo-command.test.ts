/** `cchc demo accounts`: the demo's accounts again with their roles in Vietnamese, and new passwords on demand. */
import { describe, expect, it } from 'vitest';
import { lockDataDir } from '../server/db/data-dir-lock.js';
import { openDatabase } from '../server/db/open-database.js';
import { DEMO_ACCOUNTS } from '../server/demo/demo-seed.js';
import { findAccountByUsername, insertAccount } from '../server/repositories/account.repository.js';
import { recordAudit } from '../server/repositories/audit.repository.js';
import { hashPassword, verifyPassword } from '../server/services/passwords.js';
import { migratedDataDir } from '../test-support/migrated-data-dir.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), errRaw: (t) => stderr.push(t), errIsTTY: false };
}

/** A data directory as the demo leaves it, as far as accounts go: its accounts, with a known password, and the seed's audit row. */
async function demoDataDir(seeded = true): Promise<string> {
  const dir = await migratedDataDir();
  const database = await openDatabase({ engine: 'pglite', dataDir: dir });
  try {
    const hash = await hashPassword('mat-khau-cu-2026');
    for (const a of DEMO_ACCOUNTS) {
      await insertAccount(database.db, {
        id: `acc-${a.username}`,
        username: a.username,
        display_name: a.name,
        role: a.role,
        agency_ids: [],
        password_hash: hash,
      });
    }
    if (seeded) await recordAudit(database.db, { actorId: null, action: 'seed-demo', entity: 'database', entityId: 'demo', after: {} }, new Date());
  } finally {
    await database.close();
  }
  return dir;
}

describe('cchc demo accounts', () => {
  it('lists the demo accounts with their roles in Vietnamese, and says how to get passwords again', async () => {
    const dir = await demoDataDir();
    const io = capture();
    expect(await main(['demo', 'accounts'], io, { CCHC_DATA_DIR: dir })).toBe(0);
    expect(io.stderr).toEqual([]);
    const text = io.stdout.join('\n');
    expect(io.stdout[0]).toBe('Tài khoản trình diễn:');
    expect(text).toMatch(/Cán bộ báo cáo\s+khcn\.baocao\s+\(Chị Lan — Sở KH&CN Ninh Thuận\)/u);
    expect(text).toMatch(/Lãnh đạo đơn vị\s+khcn\.duyet/u);
    expect(text).toMatch(/Tổng hợp \(Sở Nội vụ\)\s+snv\.tonghop/u);
    expect(text).toMatch(/Quản trị\s+quantri/u);
    expect(text).toContain('cchc demo accounts --new-passwords');
    expect(text).not.toMatch(/reporter|approver|consolidator/u);
  }, 120_000);

  it('--new-passwords gives each demo account a new password, printed once, that signs in', async () => {
    const dir = await demoDataDir();
    const io = capture();
    expect(await main(['demo', 'accounts', '--new-passwords'], io, { CCHC_DATA_DIR: dir })).toBe(0);
    const lines = io.stdout.filter((l) => /^ {2}\S/u.test(l));
    expect(lines).toHaveLength(DEMO_ACCOUNTS.length);
    const database = await openDatabase({ engine: 'pglite', dataDir: dir });
    try {
      for (const line of lines) {
        const [, username, password] = /\s(\S+\.\S+|quantri|lanhdao)\s+(demo-\S+)\s/u.exec(line) ?? [];
        expect(username, line).toBeDefined();
        const account = await findAccountByUsername(database.db, username!);
        expect(await verifyPassword(password!, account!.password_hash)).toBe(true);
        expect(await verifyPassword('mat-khau-cu-2026', account!.password_hash)).toBe(false);
      }
    } finally {
      await database.close();
    }
  }, 120_000);

  it('refuses a database the demo was never seeded into, a wrong subcommand or option, and a database a server holds', async () => {
    const plain = await demoDataDir(false);
    let io = capture();
    expect(await main(['demo', 'accounts', '--new-passwords'], io, { CCHC_DATA_DIR: plain })).toBe(1);
    expect(io.stderr[0]).toMatch(/không có dữ liệu trình diễn/u);

    io = capture();
    expect(await main(['demo', 'users'], io, { CCHC_DATA_DIR: plain })).toBe(2);
    expect(io.stderr[0]).toMatch(/^cchc demo: lệnh con không hợp lệ "users"/u);
    io = capture();
    expect(await main(['demo', 'accounts', '--reset'], io, { CCHC_DATA_DIR: plain })).toBe(2);
    expect(io.stderr[0]).toMatch(/^cchc demo accounts: tùy chọn không hợp lệ --reset/u);
    io = capture();
    expect(await main(['demo', '--help'], io, { CCHC_DATA_DIR: plain })).toBe(0);
    expect(io.stdout[0]).toMatch(/^Cách dùng: cchc demo accounts/u);

    const dir = await demoDataDir();
    const lock = lockDataDir(dir);
    try {
      io = capture();
      expect(await main(['demo', 'accounts'], io, { CCHC_DATA_DIR: dir })).toBe(1);
      expect(io.stderr.join('\n')).toMatch(/Hãy dừng máy chủ/u);
    } finally {
      lock.release();
    }
  }, 180_000);
});
