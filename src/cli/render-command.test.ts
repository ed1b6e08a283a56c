import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitDocumentNumber } from '../documents/from-import.js';
import { importDocument } from '../import/import-report.js';
import { readReport } from '../import/read-report.js';
import { templateLibrary } from '../templates/template-loader.js';
import { main } from './main.js';

const fixture = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'quang-tri_so-tai-chinh_2024-q1.txt');

describe('cchc render', () => {
  it('turns a legacy text export into an official DOCX and an XLSX that read back the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-render-'));
    const original = importDocument(await readReport(new Uint8Array(readFileSync(fixture)), 'x.txt'), templateLibrary().templates);
    for (const format of ['docx', 'xlsx'] as const) {
      const out = join(dir, `bao-cao.${format}`);
      const lines: string[] = [];
      const code = await main(['render', fixture, '--format', format, '-o', out], {
        out: (l) => lines.push(l),
        err: (l) => lines.push(l),
        errRaw: () => {},
        errIsTTY: false,
      });
      expect(code, lines.join('\n')).toBe(0);
      expect(lines[0]).toContain('Đã tạo');
      const back = importDocument(await readReport(new Uint8Array(readFileSync(out)), out), templateLibrary().templates);
      expect(back.template.id).toBe(original.template.id);
      const values = (r: typeof original) => r.rows.filter((x) => x.rowId).map((x) => [x.rowId, x.value, x.status]);
      expect(values(back)).toEqual(values(original));
      if (format === 'docx') {
        expect(back.agency).toEqual(original.agency);
        expect(back.document.number).toBe(original.document.number);
        expect(back.period).toEqual(original.period);
      }
    }
  }, 60_000);

  it('refuses bad arguments and bad files with exit 2', async () => {
    const err: string[] = [];
    const io = { out: () => {}, err: (l: string) => err.push(l), errRaw: () => {}, errIsTTY: false };
    expect(await main(['render', fixture], io)).toBe(2);
    expect(await main(['render', join(tmpdir(), 'khong-co.txt'), '-o', join(tmpdir(), 'x.docx')], io)).toBe(2);
    expect(err.at(-1)).toContain('Không đọc được tệp');
  });

  it('splits document numbers', () => {
    expect(splitDocumentNumber('122/BC-SKHCHN')).toEqual({ number: '122', code: 'SKHCHN' });
    expect(splitDocumentNumber('/BC-SKHCCN')).toEqual({ number: null, code: 'SKHCCN' });
    expect(splitDocumentNumber(null)).toEqual({ number: null, code: null });
  });
});

describe('cchc render of a report that states no period', () => {
  const unstated = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'archive-layouts', 'khong-ghi-ky.txt');

  it('leaves the period blank (never the current year) and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-render-blank-'));
    const thisYear = String(new Date().getFullYear());
    for (const format of ['docx', 'xlsx'] as const) {
      const out = join(dir, `bao-cao.${format}`);
      const lines: string[] = [];
      const code = await main(['render', unstated, '--format', format, '-o', out], {
        out: (l) => lines.push(l),
        err: (l) => lines.push(l),
        errRaw: () => {},
        errIsTTY: false,
      });
      expect(code, lines.join('\n')).toBe(0);
      expect(lines).toContain('Lưu ý: báo cáo gốc không ghi kỳ báo cáo; kỳ báo cáo để trống trong tệp kết quả, cần điền trước khi ban hành.');
      const back = await readReport(new Uint8Array(readFileSync(out)), out);
      const texts = back.blocks.flatMap((b) =>
        b.type === 'paragraph' ? [b.paragraph.text] : b.rows.flatMap((r) => [...r.cells, ...(r.lines ?? []).flat()]),
      );
      const all = texts.join('\n');
      // no year the source does not state, neither in the date line nor in the title nor in the appendix caption
      expect(all).not.toContain(thisYear);
      expect(all).not.toMatch(/(?:tháng|\/)\s*(?:năm\s*)?20\d\d/u);
      expect(all).not.toMatch(/(?:hành chính|quý|tháng)\s+(?:[IV]+\s+)?năm\s+20\d\d/iu);
      expect(all).toMatch(/ngày\s+tháng\s+năm/u);
      if (format === 'xlsx') expect(texts).toContain('Kỳ báo cáo: (báo cáo gốc không ghi kỳ báo cáo)');
      else expect(texts).toContain('Kết quả công tác cải cách hành chính');
      const imported = importDocument(back, templateLibrary().templates);
      expect(imported.period).toBeNull();
      expect(imported.rows.find((r) => r.rowId === '1/5.1')?.value).toBe(12);
    }
  }, 60_000);
});
