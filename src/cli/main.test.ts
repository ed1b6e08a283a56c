import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
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
    expect(json.sections[0]).toEqual({ heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH', text: 'Ban hành kế hoạch cải cách hành chính năm 2022.' });
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

describe('cchc migrate', () => {
  it('migrates the embedded database in CCHC_DATA_DIR and is idempotent', async () => {
    const { runMigrate } = await import('./migrate-command.js');
    const dataDir = join(dir, 'data');
    const io = capture();
    expect(await runMigrate(io, { CCHC_DATA_DIR: dataDir })).toBe(0);
    expect(await runMigrate(io, { CCHC_DATA_DIR: dataDir })).toBe(0);
    expect(io.stdout.join('\n')).toContain('phiên bản mới nhất');
    expect(io.stderr).toEqual([]);
  }, 60_000);

  it('reports a database it cannot reach, without a stack trace', async () => {
    const { runMigrate } = await import('./migrate-command.js');
    const io = capture();
    expect(await runMigrate(io, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })).toBe(1);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/^cchc migrate: không chuyển đổi được cơ sở dữ liệu/u);
  });
});
