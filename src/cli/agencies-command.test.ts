/**
 * `cchc agencies import` and `cchc admin create --agency` through the command line, on an embedded data directory
 * and on PostgreSQL (DATABASE_URL), and the first start of a production installation from end to end.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseOptionsFromEnv, openDatabase } from '../server/db/open-database.js';
import { listAudit } from '../server/repositories/audit.repository.js';
import { startServer } from '../server/start-server.js';
import { migratedDataDir } from '../test-support/migrated-data-dir.js';
import { cliEngines, type CliEngine } from '../test-support/test-database.js';
import { MIGRATIONS } from '../server/db/migrations/migrator.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'docs', 'agencies.example.yaml');

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), errRaw: (t) => stderr.push(t), errIsTTY: false };
}

const dir = mkdtempSync(join(tmpdir(), 'cchc-agencies-cli-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** What the database holds, as the application reads it. */
async function contents(env: NodeJS.ProcessEnv) {
  const database = await openDatabase(databaseOptionsFromEnv(env));
  try {
    return {
      agencies: await database.db.selectFrom('agencies').select(['id', 'name', 'valid_to', 'successor_id']).orderBy('id').execute(),
      accounts: await database.db.selectFrom('accounts').select(['username', 'agency_ids']).orderBy('username').execute(),
      audit: (await listAudit(database.db)).map((e) => [e.actor_id, e.action, e.entity_id]),
    };
  } finally {
    await database.close();
  }
}

const BAD = [
  'validFrom: 2015-01-01',
  'agencies:',
  '  - { id: tinh, name: UBND tỉnh Thử, kind: province }',
  '  - { id: so-a, name: Sở A, kind: sở, parent: tinh }',
  '  - { id: so-a, name: Sở A, kind: department, parent: tinh, validTo: 2025-02-31 }',
  '  - { id: vong-1, name: Vòng 1, kind: board, parent: vong-2 }',
  '  - { id: vong-2, name: Vòng 2, kind: board, parent: vong-1 }',
].join('\n');

// an embedded data directory (a copy of one migrated once per file: fast), and PostgreSQL when DATABASE_URL is set
const engines: CliEngine[] = [
  { name: 'pglite', env: async () => ({ CCHC_DATA_DIR: await migratedDataDir() }), dispose: async () => {} },
  ...cliEngines().filter((e) => e.name === 'postgres'),
];

for (const engine of engines) {
  describe(`cchc agencies import on ${engine.name}`, { timeout: 180_000 }, () => {
    afterAll(() => engine.dispose());

    it('refuses an invalid file with every problem and its line, writing nothing (exit 2)', async () => {
      const env = await engine.env();
      // with no database yet, the file is refused without creating one
      const none = { CCHC_DATA_DIR: join(dir, `never-created-${engine.name}`) };
      const io = capture();
      expect(await main(['agencies', 'import', file('bad.yaml', BAD)], io, none)).toBe(2);
      expect(io.stdout).toEqual([]);
      expect(io.stderr).toEqual([
        expect.stringMatching(
          /^.*bad\.yaml:4: so-a: Loại cơ quan "sở" không hợp lệ; chỉ có: province \(UBND tỉnh\), .* \(agency so-a: kind: invalid_value\)$/u,
        ),
        expect.stringMatching(
          /bad\.yaml:5: so-a: Ngày hết hiệu lực \(validTo\) "2025-02-31" không phải ngày hợp lệ dạng yyyy-mm-dd .* \(agency so-a: validTo: invalid_format\)$/u,
        ),
        expect.stringMatching(/bad\.yaml:5: so-a: Mã cơ quan "so-a" trùng với cơ quan ở dòng 4\. \(duplicate agency id so-a/u),
        expect.stringMatching(/bad\.yaml:6: vong-1: Vòng lặp cơ quan cấp trên: "vong-1" → "vong-2" → "vong-1"\./u),
        expect.stringMatching(
          /^cchc agencies import: 4 lỗi trong .*bad\.yaml; chưa ghi gì vào cơ sở dữ liệu\. \(4 problem\(s\), nothing written\)$/u,
        ),
      ]);
      expect(existsSync(none.CCHC_DATA_DIR)).toBe(false);

      // every problem in one run: the file's own and a parent the database does not have
      const orphanFile = [
        'agencies:',
        '  - { id: so-b, name: Sở B, kind: department, parent: tinh-khac, validFrom: 2020-01-01 }',
        '  - { id: so-c, name: Sở C, kind: department, parent: tinh-khac, validFrom: 2020-02-30, roles: [so-noi-vu] }',
        '  - { id: so-d, name: Sở D, kind: department, parent: so-c, validFrom: 2020-01-01, roles: [so-khong-co] }',
      ].join('\n');
      for (const target of [env, { CCHC_DATA_DIR: join(dir, `orphan-never-created-${engine.name}`) }]) {
        const orphan = capture();
        expect(await main(['agencies', 'import', file('orphan.yaml', orphanFile)], orphan, target)).toBe(2);
        expect(orphan.stderr).toEqual([
          expect.stringMatching(
            /orphan\.yaml:2: so-b: Không có cơ quan cấp trên "tinh-khac" trong tệp hay trong cơ sở dữ liệu\. \(agency so-b: unknown parent tinh-khac\)$/u,
          ),
          expect.stringMatching(/orphan\.yaml:3: so-c: Ngày bắt đầu hiệu lực \(validFrom\) "2020-02-30" không phải ngày hợp lệ/u),
          expect.stringMatching(/orphan\.yaml:4: so-d: Vai trò "so-khong-co" không có; chỉ có: so-noi-vu/u),
          expect.stringMatching(/: 3 lỗi trong .*orphan\.yaml; chưa ghi gì vào cơ sở dữ liệu\./u),
        ]);
      }
      expect(existsSync(join(dir, `orphan-never-created-${engine.name}`))).toBe(false);
      expect(await contents(env)).toEqual({ agencies: [], accounts: [], audit: [] });

      // CSV, as a spreadsheet writes it
      const csv = file(
        'tinh.csv',
        'id;name;kind;parent;province;roles;validFrom\ntinh;UBND tỉnh Thử;province;;Thử;;2015-01-01\nsnv;Sở Nội vụ;department;tinh;;so-noi-vu;2015-01-01\n',
      );
      const loaded = capture();
      expect(await main(['agencies', 'import', csv], loaded, env)).toBe(0);
      expect(loaded.stdout[0]).toMatch(/tinh\.csv vào .*: 2 cơ quan — thêm 2, cập nhật 0, không đổi 0\.$/u);
    });

    it('loads the example, changes nothing the second time, updates a change, and answers usage errors', async () => {
      const env = await engine.env();
      const io = capture();
      expect(await main(['agencies', 'import', EXAMPLE], io, env)).toBe(0);
      expect(io.stderr).toEqual([]);
      expect(io.stdout[0]).toMatch(
        /^Đã nạp .*agencies\.example\.yaml vào (PGlite \(.*\)|PostgreSQL \(DATABASE_URL\)): 14 cơ quan — thêm 14, cập nhật 0, không đổi 0\.$/u,
      );
      expect(io.stdout[1]).toMatch(/^ {2}Thêm: al, al-so-noi-vu, /u);
      const loaded = await contents(env);
      expect(loaded.agencies).toHaveLength(14);
      expect(loaded.agencies.find((a) => a.id === 'al-so-ldtbxh')).toEqual({
        id: 'al-so-ldtbxh',
        name: 'Sở Lao động - Thương binh và Xã hội',
        valid_to: '2025-02-28',
        successor_id: 'al-so-noi-vu',
      });
      expect(loaded.audit).toHaveLength(14);
      expect(loaded.audit[0]).toEqual(['cli', 'create-agency', 'al']);

      const again = capture();
      expect(await main(['agencies', 'import', EXAMPLE], again, env)).toBe(0);
      expect(again.stdout).toEqual([expect.stringMatching(/: 14 cơ quan — thêm 0, cập nhật 0, không đổi 14\.$/u)]);

      const renamed = file(`renamed-${engine.name}.yaml`, readFileSync(EXAMPLE, 'utf8').replace('name: Sở Tư pháp', 'name: Sở Tư pháp tỉnh An Lạc'));
      const dry = capture();
      expect(await main(['agencies', 'import', '--dry-run', renamed], dry, env)).toBe(0);
      expect(dry.stdout).toEqual([
        expect.stringMatching(/không ghi gì: 14 cơ quan — sẽ thêm 0, cập nhật 1, không đổi 13\.$/u),
        '  Cập nhật al-so-tu-phap: name',
      ]);
      const update = capture();
      expect(await main(['agencies', 'import', renamed], update, env)).toBe(0);
      expect(update.stdout).toEqual([expect.stringMatching(/: 14 cơ quan — thêm 0, cập nhật 1, không đổi 13\.$/u), '  Cập nhật al-so-tu-phap: name']);
      // the second run and the dry run wrote nothing: one audit row more than the first load, the update's
      const updated = await contents(env);
      expect(updated.audit).toEqual([...loaded.audit, ['cli', 'update-agency', 'al-so-tu-phap']]);
      expect(updated.agencies).toEqual(loaded.agencies.map((a) => (a.id === 'al-so-tu-phap' ? { ...a, name: 'Sở Tư pháp tỉnh An Lạc' } : a)));

      for (const args of [
        ['agencies'],
        ['agencies', 'list'],
        ['agencies', 'import'],
        ['agencies', 'import', EXAMPLE, EXAMPLE],
        ['agencies', 'import', '--bogus', EXAMPLE],
      ]) {
        const usage = capture();
        expect(await main(args, usage, env)).toBe(2);
        expect(usage.stderr.at(-1)).toBe('Cách dùng: cchc agencies import [--dry-run] <tệp .yaml hoặc .csv> (usage)');
      }
      const unreadable = capture();
      expect(await main(['agencies', 'import', join(dir, 'missing.yaml')], unreadable, env)).toBe(2);
      expect(unreadable.stderr[0]).toMatch(/missing\.yaml: không đọc được tệp \(ENOENT/u);
      const xlsx = capture();
      expect(await main(['agencies', 'import', file('tinh.xlsx', 'x')], xlsx, env)).toBe(2);
      expect(xlsx.stderr[0]).toMatch(/chỉ đọc tệp \.yaml, \.yml hoặc \.csv \(unsupported file type\)/u);
    });

    it('cchc admin create refuses an agency that does not exist (exit 2), and accepts a loaded one', async () => {
      const env = { ...(await engine.env()), CCHC_ADMIN_PASSWORD: 'mat-khau-quan-tri-2026' };
      const refused = capture();
      expect(await main(['admin', 'create', '--username', 'quantri', '--name', 'Quản trị', '--agency', 'khong-ton-tai'], refused, env)).toBe(2);
      expect(refused.stdout).toEqual([]);
      expect(refused.stderr).toEqual([
        'cchc admin create: không có cơ quan "khong-ton-tai" trong cơ sở dữ liệu. Hãy nạp danh sách cơ quan trước (cchc agencies import <tệp>) ' +
          'rồi dùng mã của UBND tỉnh cho --agency. (unknown agency khong-ton-tai)',
      ]);
      expect(await main(['agencies', 'import', EXAMPLE], capture(), env)).toBe(0);
      const partly = capture();
      expect(await main(['admin', 'create', '--username', 'quantri', '--agency', 'al', '--agency', 'al-khong-co'], partly, env)).toBe(2);
      expect(partly.stderr[0]).toContain('không có cơ quan "al-khong-co"');
      expect((await contents(env)).accounts).toEqual([]);

      const io = capture();
      expect(await main(['admin', 'create', '--username', 'quantri', '--name', 'Quản trị', '--agency', 'al'], io, env)).toBe(0);
      expect(io.stdout).toEqual(['Đã tạo tài khoản quản trị "quantri".']);
      const after = await contents(env);
      expect(after.accounts).toEqual([{ username: 'quantri', agency_ids: ['al'] }]);
      expect(after.audit.at(-1)).toEqual([null, 'create-admin', 'acc-quantri']);
    });
  });
}

describe('the first start of a production installation (embedded data directory)', () => {
  it('migrate → agencies import → admin create → serve: the administrator signs in and sees the agencies', async () => {
    const env: NodeJS.ProcessEnv = { CCHC_DATA_DIR: mkdtempSync(join(tmpdir(), 'cchc-first-start-')) };
    const io = capture();
    expect(await main(['migrate'], io, env)).toBe(0);
    // a new database: every migration applied, by name
    expect(io.stdout).toEqual([
      expect.stringMatching(/^Đã chuyển cơ sở dữ liệu PGlite .* lên phiên bản mới nhất/u),
      ...Object.keys(MIGRATIONS).map((n) => `  đã áp dụng ${n}`),
    ]);
    expect(await main(['agencies', 'import', EXAMPLE], io, env)).toBe(0);
    expect(await main(['admin', 'create', '--username', 'quantri', '--name', 'Nguyễn Văn A', '--agency', 'al'], io, env)).toBe(0);
    expect(io.stderr).toEqual([]);
    const password = /Mật khẩu \(chỉ hiện một lần\): (\S+)$/u.exec(io.stdout.at(-1)!)?.[1];
    expect(password).toBeDefined();

    const lines: string[] = [];
    const server = await startServer({ demo: false, port: 0, host: '127.0.0.1', env, log: (l) => lines.push(l) });
    try {
      expect(lines.join('\n')).not.toContain('Chưa có');
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'quantri', password }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const response = await fetch(`${server.url}/api/agencies`, { headers: { cookie } });
      expect(response.status).toBe(200);
      const agencies = (await response.json()) as { id: string; parentId: string | null; kind: string; successorId: string | null }[];
      expect(agencies).toHaveLength(14);
      expect(new Set(agencies.map((a) => a.kind))).toEqual(
        new Set(['province', 'department', 'board', 'public-unit', 'district-committee', 'commune-committee']),
      );
      expect(agencies.find((a) => a.id === 'al-xa-phu-an')).toMatchObject({ parentId: 'al-huyen-dong-phu', successorId: 'al-xa-dong-phu' });
      const me = (await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).json()) as {
        actor: { agencyIds: string[]; role: string };
      };
      expect(me.actor).toMatchObject({ role: 'admin', agencyIds: ['al'] });
      // and manages the province's accounts: a reporter for one of its departments
      const { csrfToken } = (await login.json()) as { csrfToken: string };
      const created = await fetch(`${server.url}/api/accounts`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'tuphap.baocao', displayName: 'Cán bộ Sở Tư pháp', role: 'reporter', agencyIds: ['al-so-tu-phap'] }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
    } finally {
      await server.stop();
    }
  }, 180_000);
});
