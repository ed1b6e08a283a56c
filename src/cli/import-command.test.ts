/**
 * `cchc import` over whole archives: folders and .zip files of mixed formats (text, DOCX, PDF, Word and Excel 97–2003),
 * hostile archives refused, and `--save` into the database's history through the same service as the browser's
 * import — the sure documents saved, a document of an agency merged in 2025 saved under its successor, a second
 * document for one agency and period and a document of no known agency held for review with why. On an embedded data
 * directory, and on PostgreSQL when DATABASE_URL is set.
 */
import JSZip from 'jszip';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LIBREOFFICE_MISSING_VI } from '../import/legacy-office/libreoffice.js';
import { databaseOptionsFromEnv, openDatabase } from '../server/db/open-database.js';
import { migratedDataDir } from '../test-support/migrated-data-dir.js';
import { cliEngines, type CliEngine } from '../test-support/test-database.js';
import type { CliIo } from './io.js';
import { main } from './main.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures');
const fixture = (...parts: string[]) => readFileSync(join(FIXTURES, ...parts));

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), errRaw: (t) => stderr.push(t), errIsTTY: false };
}

const dir = mkdtempSync(join(tmpdir(), 'cchc-import-cli-'));

/** Khánh Hòa's agencies, with a commune merged on 1 July 2025 (the two-level local government). */
const AGENCIES = `province: Khánh Hòa
validFrom: 2015-01-01
agencies:
  - { id: kh, name: UBND tỉnh Khánh Hòa, kind: province }
  - { id: kh-stp, name: Sở Tư pháp, kind: department, parent: kh }
  - { id: kh-snv, name: Sở Nội vụ, kind: department, parent: kh, roles: [so-noi-vu] }
  - { id: kh-bql-kkt-vp, name: Ban Quản lý Khu kinh tế Vân Phong, kind: board, parent: kh }
  - { id: kh-h-cam-lam, name: UBND huyện Cam Lâm, kind: district-committee, parent: kh, validTo: 2025-06-30 }
  - { id: kh-x-cam-hai-dong, name: UBND xã Cam Hải Đông, kind: commune-committee, parent: kh-h-cam-lam, validTo: 2025-06-30, successor: kh-x-cam-lam }
  - { id: kh-x-cam-lam, name: UBND xã Cam Lâm, kind: commune-committee, parent: kh, validFrom: 2025-07-01 }
`;

/** A zip of mixed formats and agencies, in folders. */
async function mixedArchive(): Promise<string> {
  const zip = new JSZip();
  zip.file('2021/khanh-hoa_so-noi-vu_2021-y.txt', fixture('khanh-hoa_so-noi-vu_2021-y.txt'));
  zip.file('2022/bql-kkt-van-phong.docx', fixture('docx', 'khanh-hoa_bql-kkt-van-phong_2022-y.docx'));
  // the same report twice (the signed PDF and the Word file): held, both
  zip.file('2022/stp-ban-ky.pdf', fixture('pdf', 'khanh-hoa_so-tu-phap_2022-h1.pdf'));
  zip.file('2022/stp-ban-word.doc', fixture('legacy-office', 'khanh-hoa_so-tu-phap_2022-h1.doc'));
  zip.file('2023/cam-hai-dong-q3.pdf', fixture('pdf', 'khanh-hoa_ubnd-xa-cam-hai-dong_2023-q3.pdf'));
  // the commune's report for a quarter after the merger, still under its old name: its successor's
  zip.file('2025/cam-hai-dong-q3-2025.txt', fixture('khanh-hoa_ubnd-xa-cam-hai-dong_2023-q3.txt').toString('utf8').replaceAll('2023', '2025'));
  // another province's report: no agency of the tree
  zip.file('khac/ninh-thuan-so-y-te.xls', fixture('legacy-office', 'ninh-thuan_so-y-te_2023-h1.xls'));
  zip.file('khac/anh-chup.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  const path = join(dir, 'luu-tru.zip');
  writeFileSync(path, await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
  return path;
}

const engines: CliEngine[] = [
  { name: 'pglite', env: async () => ({ CCHC_DATA_DIR: await migratedDataDir() }), dispose: async () => {} },
  ...cliEngines().filter((e) => e.name === 'postgres'),
];
afterAll(async () => {
  for (const engine of engines) await engine.dispose();
});

describe('cchc import over folders and archives', () => {
  it('imports every supported file of a folder, recursively, whatever its format', async () => {
    const folder = join(dir, 'thu-muc');
    mkdirSync(join(folder, 'con', 'chau'), { recursive: true });
    writeFileSync(join(folder, 'so-noi-vu.txt'), fixture('khanh-hoa_so-noi-vu_2021-y.txt'));
    writeFileSync(join(folder, 'con', 'chau', 'gio-linh.pdf'), fixture('pdf', 'quang-tri_ubnd-huyen-gio-linh_2022-q4.pdf'));
    writeFileSync(join(folder, 'con', 'ghi-chu.odt'), 'not a report');
    const io = capture();
    expect(await main(['import', '--json', folder], io)).toBe(0);
    const lines = io.stdout.map((l) => JSON.parse(l) as { source: string; agency: { name: string }; period: unknown; rows: unknown[] });
    expect(lines.map((l) => l.source)).toEqual([join(folder, 'con', 'chau', 'gio-linh.pdf'), join(folder, 'so-noi-vu.txt')]);
    expect(lines[0]!.agency.name).toBe('UBND huyện Gio Linh');
    expect(lines[0]!.period).toEqual({ year: 2022, kind: 'Q4' });
    expect(lines[1]!.agency.name).toBe('Sở Nội vụ');
    expect(io.stderr).toEqual([]);
  }, 60_000);

  it('refuses hostile archives as today: a zip inside a zip, a zip bomb', async () => {
    const inner = new JSZip();
    inner.file('bao-cao.txt', fixture('khanh-hoa_so-noi-vu_2021-y.txt'));
    const outer = new JSZip();
    outer.file('ben-trong.zip', await inner.generateAsync({ type: 'uint8array' }));
    outer.file('so-noi-vu.txt', fixture('khanh-hoa_so-noi-vu_2021-y.txt'));
    const nested = join(dir, 'long-nhau.zip');
    writeFileSync(nested, await outer.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
    const bomb = new JSZip();
    bomb.file('bao-cao.txt', new Uint8Array(80 * 1024 * 1024).fill(0x20));
    const bombPath = join(dir, 'bom.zip');
    writeFileSync(bombPath, await bomb.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));

    const io = capture();
    expect(await main(['import', '--json', nested, bombPath], io)).toBe(2);
    // the nested archive is refused, never opened; the rest of the archive is read
    expect(
      io.stderr.some(
        (l) => l.includes('ben-trong.zip') && l.includes('Tệp nén nằm trong tệp nén không được hỗ trợ') && l.includes('nested zip archive refused'),
      ),
    ).toBe(true);
    expect(io.stdout.map((l) => (JSON.parse(l) as { source: string }).source)).toEqual([`${nested}/so-noi-vu.txt`]);
    // the bomb is refused from its central directory
    expect(io.stderr.some((l) => l.startsWith(`cchc: ${bombPath}: `) && /bất thường|quá lớn/u.test(l))).toBe(true);
  }, 60_000);

  it('says what to install when LibreOffice is missing (PATH without it)', async () => {
    const file = join(dir, 'bao-cao.doc');
    writeFileSync(file, fixture('legacy-office', 'khanh-hoa_so-tu-phap_2022-h1.doc'));
    const path = process.env.PATH;
    process.env.PATH = join(dir, 'khong-co');
    const io = capture();
    try {
      expect(await main(['import', file], io)).toBe(2);
    } finally {
      process.env.PATH = path;
    }
    expect(io.stderr).toEqual([
      `cchc: ${file}: ${LIBREOFFICE_MISSING_VI} (${file.replace(/^.*\//u, '')}: a Word 97-2003 file needs LibreOffice (soffice), not found on PATH: install libreoffice-writer and libreoffice-calc)`,
    ]);
  });

  for (const engine of engines) {
    it(`--save on ${engine.name}: saves the sure ones into history, follows a merger, holds a duplicate and an unknown agency`, async () => {
      const env = await engine.env();
      const agencies = join(dir, `agencies-${engine.name}.yaml`);
      writeFileSync(agencies, AGENCIES);
      const loaded = capture();
      expect(await main(['agencies', 'import', agencies], loaded, env), loaded.stderr.join('\n')).toBe(0);

      const archive = await mixedArchive();
      const io = capture();
      expect(await main(['import', '--save', archive], io, env), io.stderr.join('\n')).toBe(0);
      const out = io.stdout.join('\n');
      expect(io.stdout[0]).toMatch(/^Đã lưu vào lịch sử báo cáo \(.*\): 4 văn bản; chờ xem xét: 3; không đọc được: 0\.$/u);
      expect(out).toContain(`✓ ${archive}/2025/cam-hai-dong-q3-2025.txt: kh-x-cam-lam (văn bản của kh-x-cam-hai-dong, nay là kh-x-cam-lam)`);
      expect(out).toContain(
        `? ${archive}/2022/stp-ban-ky.pdf: trùng cơ quan và kỳ — Có 2 văn bản cùng của cơ quan kh-stp cho kỳ H1 2022; cần chọn một.`,
      );
      expect(out).toContain(`? ${archive}/2022/stp-ban-word.doc: trùng cơ quan và kỳ`);
      expect(out).toContain(
        `? ${archive}/khac/ninh-thuan-so-y-te.xls: không khớp cơ quan nào — Không tìm thấy cơ quan "Sở Y tế" trong danh sách cơ quan cho kỳ H1 2023.`,
      );

      const database = await openDatabase(databaseOptionsFromEnv(env));
      try {
        const reports = await database.db
          .selectFrom('reports')
          .select(['id', 'agency_id', 'period_year', 'period_kind', 'status', 'source', 'round_id', 'template_id'])
          .orderBy('agency_id')
          .orderBy('period_year')
          .execute();
        expect(reports.map((r) => [r.agency_id, r.period_year, r.period_kind, r.status, r.source, r.round_id])).toEqual([
          ['kh-bql-kkt-vp', 2022, 'Y', 'accepted', 'import', null],
          ['kh-snv', 2021, 'Y', 'accepted', 'import', null],
          ['kh-x-cam-hai-dong', 2023, 'Q3', 'accepted', 'import', null],
          ['kh-x-cam-lam', 2025, 'Q3', 'accepted', 'import', null],
        ]);
        // every cell of the text report saved as the core grammar reads it: Sở Nội vụ's 46 planned tasks, 44 done
        const snv = reports.find((r) => r.agency_id === 'kh-snv')!;
        const values = await database.db.selectFrom('report_values').select(['row_id', 'raw', 'value']).where('report_id', '=', snv.id).execute();
        // numeric columns come back as strings on PostgreSQL
        const byRow = new Map(values.map((v) => [v.row_id, { raw: v.raw, value: v.value === null ? null : Number(v.value) }]));
        expect(byRow.get('1.1/nhiem-vu-de-ra')).toMatchObject({ raw: '46', value: 46 });
        expect(byRow.get('1.1/nhiem-vu-hoan-thanh')).toMatchObject({ raw: '44', value: 44 });
        expect(values.length).toBeGreaterThan(100);
        // the PDF of the commune's report: its figures, as the text fixture gives them
        const commune = reports.find((r) => r.agency_id === 'kh-x-cam-hai-dong')!;
        const communeValues = await database.db.selectFrom('report_values').select(['row_id', 'value']).where('report_id', '=', commune.id).execute();
        expect(Number(communeValues.find((v) => v.row_id === '3.4.7.1/muc-do-3')?.value)).toBe(86);
        const audit = await database.db
          .selectFrom('audit_log')
          .select(['actor_id', 'action', 'entity_id'])
          .where('action', '=', 'import-history')
          .execute();
        expect(audit.map((a) => a.actor_id)).toEqual(['cli', 'cli', 'cli', 'cli']);
      } finally {
        await database.close();
      }

      // a second run saves nothing more: every report is already there, and says so
      const again = capture();
      expect(await main(['import', '--save', '--json', archive], again, env)).toBe(0);
      const lines = again.stdout.map((l) => JSON.parse(l) as { status: string; reason?: string });
      expect(lines.filter((l) => l.status === 'saved')).toEqual([]);
      expect(lines.filter((l) => l.reason === 'report-exists')).toHaveLength(4);
    }, 240_000);
  }
});
