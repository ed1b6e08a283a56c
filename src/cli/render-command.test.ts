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
      const code = await main(['render', fixture, '--format', format, '-o', out], { out: (l) => lines.push(l), err: (l) => lines.push(l), errRaw: () => {}, errIsTTY: false });
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
