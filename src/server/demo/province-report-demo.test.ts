/**
 * The demo round's province report, untouched by anyone: its DOCX already has the UBND header, a generated narrative
 * stating the province's figures in all six reform areas, the signature block with the signer's name and the
 * annexes, as LibreOffice prints it (soffice headless → PDF → pdftotext). Skips the printing, loudly, when
 * LibreOffice or poppler-utils are missing; the DOCX's own text is checked on both engines regardless.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { templateLibrary } from '../../templates/template-loader.js';
import { onBothEngines } from '../../test-support/both-engines.js';
import { fixedClock, sequentialIds } from '../context.js';
import { agencyIdsWithin } from '../repositories/agency.repository.js';
import { listRounds } from '../repositories/round.repository.js';
import { getRoundProvinceReport, provinceReportDocx } from '../services/province-report.service.js';
import { seedDemo } from './demo-seed.js';

const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const canPrint = has('soffice') && has('pdftotext');
if (!canPrint)
  console.warn('⚠ SKIPPED: LibreOffice (soffice) or poppler-utils (pdftotext) is not installed; the demo province report was not printed.');

const AREAS = [
  '1. Cải cách thể chế',
  '2. Cải cách thủ tục hành chính',
  '3. Cải cách tổ chức bộ máy',
  '4. Cải cách chế độ công vụ',
  '5. Cải cách tài chính công',
  '6. Xây dựng và phát triển chính quyền điện tử',
];

/** pdftotext -layout breaks lines and pads them: compare with every run of spaces as one. */
const flat = (text: string) => text.replace(/\s+/gu, ' ');

onBothEngines('the demo’s province report', (engine) => {
  it('is generated over all six reform areas with the province’s figures, and prints with header, signature and annexes', async () => {
    const database = await engine.fresh();
    const dir = mkdtempSync(join(tmpdir(), 'cchc-province-docx-'));
    try {
      const ctx = { db: database.db, clock: fixedClock('2027-01-10T08:00:00.000Z'), ids: sequentialIds(), templates: templateLibrary() };
      await seedDemo(ctx);
      const actor = {
        accountId: 'acc-snv.tonghop',
        username: 'snv.tonghop',
        displayName: 'Anh Minh',
        role: 'consolidator' as const,
        scope: new Set(await agencyIdsWithin(ctx.db, ['nt'])),
      };
      const round = (await listRounds(ctx.db, 'all')).find((r) => r.period_year === 2026 && r.period_kind === 'Y')!;

      const report = await getRoundProvinceReport(ctx, actor, round.id);
      expect(report.version).toBe(0);
      for (const key of ['institutions', 'procedures', 'organisation', 'civil-service', 'finance', 'egov'] as const) {
        const section = report.sections.find((s) => s.key === key)!;
        expect(section.origin).toBe('generated');
        // a figure with its coverage out of the round's 8 agencies, and its change against 2025
        expect(section.text, key).toMatch(/\(theo báo cáo của 1\/8 đơn vị\)/u);
        expect(section.text, key).toMatch(/so với năm 2025/u);
      }
      expect(report.sections.find((s) => s.key === 'procedures')!.text).toContain(
        'Toàn tỉnh có 122 thủ tục hành chính đang có hiệu lực (theo báo cáo của 1/8 đơn vị), tăng 0,83% so với năm 2025.',
      );

      const { bytes } = await provinceReportDocx(ctx, actor, round.id, {});
      if (!canPrint || engine.name !== 'pglite') return; // printed once: the DOCX is the same on both engines
      const file = join(dir, 'tinh.docx');
      writeFileSync(file, bytes);
      const result = spawnSync(
        'soffice',
        [`-env:UserInstallation=${pathToFileURL(join(dir, 'profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, file],
        { encoding: 'utf8', timeout: 120_000 },
      );
      const pdf = join(dir, 'tinh.pdf');
      if (!existsSync(pdf)) throw new Error(`LibreOffice did not convert the province report: ${result.stderr || result.stdout}`);
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
      const pages = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout.split('\f');
      const first = flat(pages[0]!);
      // the UBND's header with no governing body above it, the number, the place and date, the title
      expect(first).toMatch(
        /^ ?ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM TỈNH NINH THUẬN Độc lập - Tự do - Hạnh phúc Số: \/BC-UBND Ninh Thuận, ngày tháng năm 2026 BÁO CÁO/u,
      );
      const all = flat(pages.join(' '));
      for (const area of AREAS) expect(all).toContain(area);
      expect(all).toContain('Toàn tỉnh có 122 thủ tục hành chính đang có hiệu lực');
      // Nơi nhận and the signature block with the signer's name, before the appendix
      const closing = all.slice(0, all.indexOf('PHỤ LỤC I '));
      expect(closing).toMatch(/Nơi nhận: TM\. ỦY BAN NHÂN DÂN - Bộ Nội vụ; KT\. CHỦ TỊCH - Thường trực Tỉnh ủy; PHÓ CHỦ TỊCH/u);
      expect(closing).toContain('Nguyễn Văn Bình');
      // the annexes: the province appendix with coverage out of the round's agencies, who did not report, rankings
      expect(all).toMatch(/1\.1\.1\. Số nhiệm vụ đề ra trong kế hoạch Nhiệm vụ 24 1\/8 đơn vị báo cáo/u);
      expect(all).toContain('PHỤ LỤC II DANH SÁCH CƠ QUAN, ĐƠN VỊ CHƯA BÁO CÁO HOẶC BÁO CÁO MUỘN');
      expect(all).toMatch(/Sở Tư pháp Chưa gửi báo cáo \(bị trả lại\)/u);
      expect(all).toContain('PHỤ LỤC III XẾP HẠNG CÁC CƠ QUAN, ĐƠN VỊ THEO MỘT SỐ CHỈ TIÊU');
      expect(all).toMatch(/1 Sở Nội vụ 98,5%/u);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
