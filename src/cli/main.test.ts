import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Migrator } from 'kysely';
import { MIGRATIONS } from '../server/db/migrations/migrator.js';
import { openDatabase } from '../server/db/open-database.js';
import type { CliIo } from './io.js';
import { runMigrate } from './migrate-command.js';
import { main } from './main.js';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), errRaw: (t) => stderr.push(t), errIsTTY: false };
}

const dir = mkdtempSync(join(tmpdir(), 'cchc-cli-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

// a short report in the samples' format: header, summary line, narrative, signature, appendix (part of the 2022 template)
const REPORT = [
  'Số: 15/BC-STP',
  'Ninh Thuận, ngày 12 tháng 9 năm 2022',
  'BÁO CÁO',
  'Kết quả thực hiện cải cách hành chính quý III năm 2022 của Sở Tư pháp tỉnh Ninh Thuận',
  'Sở Tư pháp báo cáo kết quả thực hiện cải cách hành chính quý III năm 2022 như sau:',
  'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH',
  'Ban hành kế hoạch cải cách hành chính năm 2022.',
  'Nơi nhận:',
  '- Sở Nội vụ;',
  'GIÁM ĐỐC',
  'Lê Văn Bình',
  'PHỤ LỤC',
  'STT\tChỉ tiêu thống kê\tKết quả thống kê\t\tGhi chú',
  '\t\tĐơn vị tính\tSố liệu\t',
  '3.\tCải cách thủ tục hành chính\t\t\t',
  '3.1.\tThống kê TTHC\t\t120\t',
  '3.1.1.\tSố TTHC công bố mới\tThủ tục\t04\t',
  '3.1.2.\tSố TTHC bãi bỏ, thay thế\tThủ tục\t02\t',
  '3.1.3.\tTổng số TTHC đang có hiệu lực\tThủ tục\t125\t',
  'Trong đó\tSố TTHC cấp tỉnh:\tThủ tục\t100\t',
  '\tSố TTHC cấp huyện:\tThủ tục\t15\t',
  '\tSố TTHC cấp xã:\tThủ tục\t/\t',
].join('\n');

describe('cchc import', () => {
  it('prints one JSON object per file in the stable contract', async () => {
    const io = capture();
    const code = await main(['import', '--json', file('stp.txt', REPORT), file('stp-2.txt', REPORT)], io);
    expect(code).toBe(0);
    expect(io.stderr).toEqual([]);
    expect(io.stdout).toHaveLength(2);
    const json = JSON.parse(io.stdout[0]!);
    expect(Object.keys(json)).toEqual(['source', 'template', 'agency', 'period', 'document', 'sections', 'rows', 'findings']);
    expect(json).toMatchObject({
      template: 'ninh-thuan-7s-2022',
      agency: { name: 'Sở Tư pháp', province: 'Ninh Thuận' },
      period: { year: 2022, kind: 'Q3' },
      document: { number: '15/BC-STP', date: '2022-09-12', signer: 'Lê Văn Bình' },
    });
    expect(json.sections[0]).toEqual({
      heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH',
      text: 'Ban hành kế hoạch cải cách hành chính năm 2022.',
    });
    const row = (code: string) => json.rows.find((r: { code: string }) => r.code === code);
    expect(row('3.1.3.')).toEqual({
      form: null,
      code: '3.1.3.',
      label: 'Tổng số TTHC đang có hiệu lực',
      unit: 'Thủ tục',
      raw: '125',
      value: 125,
      note: null,
      indicator: 'procedures.in-force',
      confidence: expect.any(Number),
      // where the value stood: the file (and the SHA-256 of its bytes), its line and the value's column
      provenance: {
        file: expect.stringMatching(/stp\.txt$/u),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/u),
        format: 'text',
        at: [{ line: 19, column: 4 }],
        doubtful: false,
      },
    });
    expect(json.rows.at(-1)).toMatchObject({ label: 'Số TTHC cấp xã:', raw: '/', value: null });
    // 120 + 4 − 2 = 122, not 125: a balance warning naming rows 3.1.3, 3.1.1, 3.1.2 and 3.1 by their indexes
    const balance = json.findings.find((f: { rule: string }) => f.rule === 'balance:3.1.3');
    expect(balance.severity).toBe('warning');
    expect(balance.rows.map((i: number) => json.rows[i].code)).toEqual(['3.1.3.', '3.1.1.', '3.1.2.', '3.1.']);
  });

  it('prints a readable summary without --json', async () => {
    const io = capture();
    expect(await main(['import', file('summary.txt', REPORT)], io)).toBe(0);
    const text = io.stdout.join('\n');
    expect(text).toContain('Mẫu: ninh-thuan-7s-2022');
    expect(text).toContain('Kỳ báo cáo: Quý III năm 2022');
    expect(text).toContain('Phát hiện: 1 (0 lỗi, 1 cảnh báo)');
  });

  it('shows a progress bar on a terminal when there are many files, and never in JSON or when piped', async () => {
    const files = Array.from({ length: 6 }, (_, i) => file(`many-${i}.txt`, REPORT));
    const terminal = { ...capture(), errIsTTY: true };
    expect(await main(['import', ...files], terminal)).toBe(0);
    const bar = terminal.stderr.join('');
    // one update per file, the last one full and ending the line
    expect(bar.match(/\r\[[#.]{30}\] \d\/6/gu)).toHaveLength(6);
    expect(bar).toContain('\r[###############...............] 3/6');
    expect(bar.endsWith('\r[##############################] 6/6\n')).toBe(true);
    expect(terminal.stdout.filter((l) => l.includes('Mẫu: ninh-thuan-7s-2022'))).toHaveLength(6);

    const json = { ...capture(), errIsTTY: true };
    expect(await main(['import', '--json', ...files], json)).toBe(0);
    expect(json.stderr).toEqual([]);
    const piped = capture();
    expect(await main(['import', ...files], piped)).toBe(0);
    expect(piped.stderr).toEqual([]);
    const few = { ...capture(), errIsTTY: true };
    expect(await main(['import', ...files.slice(0, 4)], few)).toBe(0);
    expect(few.stderr).toEqual([]);
  });

  it('exits 2 with a one-line reason for empty, missing, unsupported and table-less files, and goes on with the rest', async () => {
    const io = capture();
    const code = await main(
      [
        'import',
        '--json',
        file('empty.txt', ''),
        join(dir, 'missing.txt'),
        file('binary.bin', new Uint8Array([0, 159, 146, 150, 0, 1, 2, 3])),
        file('no-table.txt', 'BÁO CÁO\nKhông có phụ lục.'),
        file('ok.txt', REPORT),
      ],
      io,
    );
    expect(code).toBe(2);
    expect(io.stdout).toHaveLength(1);
    expect(io.stderr).toHaveLength(4);
    for (const line of io.stderr) expect(line).not.toContain('\n');
    expect(io.stderr[0]).toMatch(/empty\.txt: Tệp rỗng\. \(.*empty\)/u);
    expect(io.stderr[1]).toMatch(/missing\.txt: Không đọc được tệp/u);
    expect(io.stderr[2]).toMatch(/binary\.bin: Định dạng tệp không được hỗ trợ/u);
    expect(io.stderr[3]).toMatch(/no-table\.txt: Không tìm thấy bảng phụ lục/u);
  });

  it('answers help, version and unknown commands', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout.join('')).toContain('cchc import');
    expect(await main(['--version'], io)).toBe(0);
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(await main(['import'], io)).toBe(2);
    expect(await main(['import', '--bogus', 'x'], io)).toBe(2);
  });
});

describe('help, version and usage errors of every command', () => {
  const version = (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

  it('cchc with no command prints the help on stderr and exits non-zero', async () => {
    const io = capture();
    expect(await main([], io)).toBe(2);
    expect(io.stdout).toEqual([]);
    expect(io.stderr.join('\n')).toContain('cchc migrate');
    expect(io.stderr.at(-1)).toMatch(/thiếu lệnh \(no command given\)/u);
  });

  it('--version and -V print the package version', async () => {
    for (const flag of ['--version', '-V', '-v']) {
      const io = capture();
      expect(await main([flag], io)).toBe(0);
      expect(io.stdout).toEqual([version]);
    }
  });

  it("every command's --help and -h print its help and touch nothing", async () => {
    const dataDir = join(dir, 'help-must-not-create-this');
    const env = { CCHC_DATA_DIR: dataDir, CCHC_ADMIN_PASSWORD: 'mat-khau-quan-tri-2026' };
    const cases: [string, string[]][] = [
      ['migrate', ['migrate', '--help']],
      ['migrate', ['migrate', '-h']],
      ['serve', ['serve', '--help']],
      ['serve', ['serve', '--demo', '-h']],
      ['backup', ['backup', '--help']],
      ['backup', ['backup', join(dir, 'help.gz'), '--help']],
      ['restore', ['restore', '--force', join(dir, 'help.gz'), '-h']],
      ['agencies', ['agencies', 'import', '--help']],
      ['admin', ['admin', 'create', '--username', 'quantri', '--help']],
      ['import', ['import', '--help']],
      ['render', ['render', '-h']],
    ];
    for (const [command, args] of cases) {
      const io = capture();
      expect(await main(args, io, env), args.join(' ')).toBe(0);
      expect(io.stderr, args.join(' ')).toEqual([]);
      expect(io.stdout.join('\n'), args.join(' ')).toMatch(new RegExp(`^Cách dùng: cchc ${command}`, 'u'));
    }
    // nothing was opened, migrated, created or written
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(join(dir, 'help.gz'))).toBe(false);
    const help = capture();
    expect(await main(['help', 'backup'], help)).toBe(0);
    expect(help.stdout[0]).toMatch(/^Cách dùng: cchc backup/u);
    expect(await main(['help', 'nothing'], capture())).toBe(2);
  });

  it('refuses unknown options and stray arguments with a clear message, before opening anything', async () => {
    const dataDir = join(dir, 'usage-must-not-create-this');
    const env = { CCHC_DATA_DIR: dataDir, CCHC_ADMIN_PASSWORD: 'mat-khau-quan-tri-2026' };
    const cases: [string[], RegExp][] = [
      [['migrate', '--force'], /^cchc migrate: tùy chọn không hợp lệ --force \(unknown option\)/u],
      [['migrate', 'data'], /^cchc migrate: lệnh không nhận tham số: data \(unexpected argument\)/u],
      [['serve', '--port', '8080'], /^cchc serve: tùy chọn không hợp lệ --port 8080 \(unknown option\)/u],
      [['admin', 'create', '--username', 'quantri', '--agencies', 'al'], /^cchc admin create: tùy chọn không hợp lệ --agencies \(unknown option\)/u],
      [['admin', 'create', '--username', 'quantri', '--agency'], /^cchc admin create: thiếu giá trị cho --agency \(missing value\)/u],
      [['admin', 'create', '--username', 'quantri', 'al'], /^cchc admin create: tham số thừa "al" \(unexpected argument\)/u],
      [['render', 'x.txt', '--fromat', 'xlsx', '-o', 'y.xlsx'], /^cchc render: tùy chọn không hợp lệ --fromat/u],
      [['backup', '--gzip', 'x.gz'], /^cchc backup: tùy chọn không hợp lệ --gzip/u],
      [['agencies', 'import', '--force', 'x.yaml'], /^cchc agencies: tùy chọn không hợp lệ --force/u],
    ];
    for (const [args, message] of cases) {
      const io = capture();
      expect(await main(args, io, env), args.join(' ')).toBe(2);
      expect(io.stdout, args.join(' ')).toEqual([]);
      expect(io.stderr[0], args.join(' ')).toMatch(message);
    }
    expect(existsSync(dataDir)).toBe(false);
  });
});

// the one test of the real command as a process: the exit status, the streams, and the installed entry point
describe('the cchc process', () => {
  const root = join(import.meta.dirname, '..', '..');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const run = (args: string[]) =>
    spawnSync(process.execPath, args, {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, CCHC_DATA_DIR: join(dir, 'process-data') },
      timeout: 60_000,
    });

  it('exits 2 with the help on stderr when given no command, and touches nothing with migrate --help', () => {
    const none = run(['--import', 'tsx', join(root, 'src', 'cli', 'run.ts')]);
    expect(none.status).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('cchc migrate');
    const help = run(['--import', 'tsx', join(root, 'src', 'cli', 'run.ts'), 'migrate', '--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Cách dùng: cchc migrate/u);
    expect(existsSync(join(dir, 'process-data'))).toBe(false);
  }, 60_000);

  const built = existsSync(join(root, 'dist', 'cli', 'main.js'));
  if (!built) console.warn('[cchc] dist/ is not built (npm run build): the test of bin/cchc.js --version is SKIPPED.');
  it.skipIf(!built)(
    'prints the version from the installed bin (bin/cchc.js, on dist/) and from dist/cli/run.js',
    () => {
      for (const entry of [join(root, 'bin', 'cchc.js'), join(root, 'dist', 'cli', 'run.js')]) {
        const result = run([entry, '--version']);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stdout).toBe(`${version}\n`);
      }
    },
    60_000,
  );
});

describe('cchc migrate', () => {
  it('names each migration it applies (only those the database lacks), then has nothing to do', async () => {
    const names = Object.keys(MIGRATIONS);
    const dataDir = join(dir, 'data');
    // a database left at the second-to-last version, as the previous release leaves it
    const older = await openDatabase({ engine: 'pglite', dataDir }, { migrate: false });
    try {
      const migrator = new Migrator({ db: older.db, provider: { getMigrations: async () => MIGRATIONS } });
      expect((await migrator.migrateTo(names.at(-2)!)).error).toBeUndefined();
    } finally {
      await older.close();
    }
    const first = capture();
    expect(await runMigrate([], first, { CCHC_DATA_DIR: dataDir })).toBe(0);
    expect(first.stderr).toEqual([]);
    expect(first.stdout).toEqual([
      `Đã chuyển cơ sở dữ liệu PGlite (${dataDir}) lên phiên bản mới nhất (${names.at(-1)}): 1 bước chuyển đổi. (applied 1 migration(s))`,
      `  đã áp dụng ${names.at(-1)}`,
    ]);
    const again = capture();
    expect(await runMigrate([], again, { CCHC_DATA_DIR: dataDir })).toBe(0);
    expect(again.stdout).toEqual([
      `Cơ sở dữ liệu PGlite (${dataDir}) đã ở phiên bản mới nhất (${names.at(-1)}); không có gì phải làm. (nothing to do)`,
    ]);
    expect(again.stderr).toEqual([]);
  }, 90_000);

  it('reports a database it cannot reach, without a stack trace', async () => {
    const io = capture();
    expect(await runMigrate([], io, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })).toBe(1);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/^cchc migrate: không chuyển đổi được cơ sở dữ liệu/u);
  });
});
