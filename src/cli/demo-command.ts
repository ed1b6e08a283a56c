/**
 * `cchc demo accounts [--new-passwords]`: the demo's accounts again, with their roles in Vietnamese. Passwords are
 * stored only as hashes, so they cannot be shown again: `--new-passwords` gives each demo account a new one and prints
 * it (a demo database only — one the demo was seeded into). The embedded database is held by a running server: stop it
 * first, or use PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { roleLabel } from '../shared/role-labels.js';
import { DataDirLockedError } from '../server/db/data-dir-lock.js';
import { databaseOptionsFromEnv, openDatabase } from '../server/db/open-database.js';
import { DEMO_ACCOUNTS } from '../server/demo/demo-seed.js';
import { findAccountByUsername, setPasswordHash } from '../server/repositories/account.repository.js';
import { listAudit, recordAudit } from '../server/repositories/audit.repository.js';
import { hashPassword } from '../server/services/passwords.js';
import type { CliIo } from './io.js';

const USAGE = 'Cách dùng: cchc demo accounts [--new-passwords] (usage; see cchc demo --help)';

/** A demo password as the seed makes them: letters and digits, over ten characters. */
const demoPassword = () => `demo-${randomBytes(6).toString('base64url')}-${Math.floor(10 + Math.random() * 89)}`;

export async function runDemo(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [sub, ...options] = args;
  if (sub !== 'accounts') {
    io.err(
      sub === undefined
        ? `cchc demo: thiếu lệnh con (missing subcommand). ${USAGE}`
        : `cchc demo: lệnh con không hợp lệ "${sub}" (unknown subcommand). ${USAGE}`,
    );
    return 2;
  }
  const unknown = options.filter((o) => o !== '--new-passwords');
  if (unknown.length > 0) {
    io.err(`cchc demo accounts: tùy chọn không hợp lệ ${unknown.join(' ')} (unknown option). ${USAGE}`);
    return 2;
  }
  const renew = options.includes('--new-passwords');
  let database;
  try {
    database = await openDatabase(databaseOptionsFromEnv(env));
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      io.err(`cchc demo accounts: ${error.message} Hãy dừng máy chủ (Ctrl+C ở cửa sổ đang chạy npm start) rồi chạy lại lệnh này.`);
    } else io.err(`cchc demo accounts: không mở được cơ sở dữ liệu (${error instanceof Error ? error.message : String(error)})`);
    return 1;
  }
  try {
    const seeded = (await listAudit(database.db, { entity: 'database' })).some((a) => a.action === 'seed-demo');
    if (!seeded) {
      io.err(
        'cchc demo accounts: cơ sở dữ liệu này không có dữ liệu trình diễn (chưa từng chạy npm start / cchc serve --demo). (not a demo database)',
      );
      return 1;
    }
    const found = [];
    for (const demo of DEMO_ACCOUNTS) {
      const account = await findAccountByUsername(database.db, demo.username);
      if (account) found.push(account);
    }
    const now = new Date();
    const passwords = new Map<string, string>();
    if (renew) {
      for (const account of found) {
        const password = demoPassword();
        await setPasswordHash(database.db, account.id, await hashPassword(password), now);
        passwords.set(account.username, password);
      }
      await recordAudit(
        database.db,
        { actorId: null, action: 'demo-new-passwords', entity: 'database', entityId: 'demo', after: { accounts: found.map((a) => a.username) } },
        now,
      );
    }
    io.out(renew ? 'Tài khoản trình diễn (mật khẩu mới — hãy ghi lại):' : 'Tài khoản trình diễn:');
    const width = Math.max(...found.map((a) => roleLabel(a.role).length));
    for (const account of found) {
      const password = passwords.get(account.username);
      io.out(
        `  ${roleLabel(account.role).padEnd(width)}  ${account.username.padEnd(15)} ${password ? `${password}   ` : ''}(${account.display_name})${account.active ? '' : ' — đã khóa'}`,
      );
    }
    if (!renew) {
      io.out('');
      io.out(
        'Mật khẩu chỉ được lưu dưới dạng băm nên không xem lại được; để đặt mật khẩu mới cho các tài khoản này: cchc demo accounts --new-passwords',
      );
    }
    return 0;
  } finally {
    await database.close();
  }
}
