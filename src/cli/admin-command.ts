/**
 * `cchc admin create --username <u> --name "<tên>" --agency <id>…`: the first administrator of a production
 * installation (production never creates demo accounts). The password comes from CCHC_ADMIN_PASSWORD, or is
 * generated and printed once. Every --agency must already be stored (`cchc agencies import`).
 */
import { randomBytes } from 'node:crypto';
import { databaseOptionsFromEnv, openDatabase } from '../server/db/open-database.js';
import { findAccountByUsername, insertAccount } from '../server/repositories/account.repository.js';
import { listAgencies } from '../server/repositories/agency.repository.js';
import { recordAudit } from '../server/repositories/audit.repository.js';
import { hashPassword, passwordProblem } from '../server/services/passwords.js';
import type { CliIo } from './io.js';

function option(args: string[], name: string): string[] {
  const values: string[] = [];
  args.forEach((a, i) => {
    if (a === name && args[i + 1] !== undefined) values.push(args[i + 1]!);
  });
  return values;
}

export async function runAdmin(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args[0] !== 'create') {
    io.err('Cách dùng: cchc admin create --username <tên đăng nhập> --name "<họ tên>" [--agency <mã đơn vị>]… (usage)');
    return 2;
  }
  // every option takes a value; anything else (a typo such as --agencies, a stray word) is refused, never ignored
  const VALUED = ['--username', '--name', '--agency', '--email'];
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (VALUED.includes(a) && args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) {
      i++;
      continue;
    }
    const why = VALUED.includes(a)
      ? `thiếu giá trị cho ${a} (missing value)`
      : a.startsWith('-')
        ? `tùy chọn không hợp lệ ${a} (unknown option)`
        : `tham số thừa "${a}" (unexpected argument)`;
    io.err(`cchc admin create: ${why}. Xem: cchc admin --help`);
    return 2;
  }
  const username = option(args, '--username')[0];
  const name = option(args, '--name')[0] ?? username;
  if (!username || !/^[a-z0-9._-]{3,50}$/u.test(username)) {
    io.err('cchc admin create: tên đăng nhập 3–50 ký tự a-z, 0-9, ".", "_", "-" (invalid --username)');
    return 2;
  }
  const password = env['CCHC_ADMIN_PASSWORD'] ?? `${randomBytes(12).toString('base64url')}9`;
  const problem = passwordProblem(password);
  if (problem) {
    io.err(`cchc admin create: ${problem} (weak CCHC_ADMIN_PASSWORD)`);
    return 2;
  }
  const database = await openDatabase(databaseOptionsFromEnv(env));
  try {
    if (await findAccountByUsername(database.db, username)) {
      io.err(`cchc admin create: tài khoản "${username}" đã tồn tại (account exists)`);
      return 1;
    }
    const agencies = option(args, '--agency');
    // an account for an agency that does not exist would see and manage nothing: the tree is loaded first
    const known = new Set((await listAgencies(database.db, agencies)).map((a) => a.id));
    const unknown = [...new Set(agencies.filter((a) => !known.has(a)))];
    if (unknown.length > 0) {
      const list = unknown.map((a) => `"${a}"`).join(', ');
      io.err(
        `cchc admin create: không có cơ quan ${list} trong cơ sở dữ liệu. Hãy nạp danh sách cơ quan trước (cchc agencies import <tệp>) ` +
          `rồi dùng mã của UBND tỉnh cho --agency. (unknown agency ${unknown.join(', ')})`,
      );
      return 2;
    }
    const id = `acc-${username}`;
    await database.db.transaction().execute(async (trx) => {
      await insertAccount(trx, {
        id,
        username,
        display_name: name!,
        role: 'admin',
        agency_ids: agencies,
        password_hash: await hashPassword(password),
        email: option(args, '--email')[0] ?? null,
      });
      await recordAudit(trx, { actorId: null, action: 'create-admin', entity: 'account', entityId: id, after: { username, agencies } }, new Date());
    });
    io.out(`Đã tạo tài khoản quản trị "${username}".`);
    if (!env['CCHC_ADMIN_PASSWORD']) io.out(`Mật khẩu (chỉ hiện một lần): ${password}`);
    return 0;
  } finally {
    await database.close();
  }
}
