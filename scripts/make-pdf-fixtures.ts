/**
 * Regenerates the fixtures of the formats read through pdf.js and LibreOffice, with the real converter:
 * - test/fixtures/pdf/<name>.pdf: LibreOffice's PDF export of each DOCX fixture (test/fixtures/docx), as agencies
 *   publish signed reports: the appendix tables cut across pages, rows cut by page breaks;
 * - test/fixtures/pdf/scanned.pdf: the first page of a fixture as an image only (a scan, no text layer);
 * - test/fixtures/legacy-office/<name>.doc: Word 97–2003 files saved by LibreOffice from DOCX fixtures;
 * - test/fixtures/legacy-office/<name>.xls: Excel 97–2003 files saved by LibreOffice from a workbook typed as an officer
 *   would (the text fixture's paragraphs in column A, the appendix rows as rows; plain whole numbers as numbers).
 * Run `npx tsx scripts/make-pdf-fixtures.ts` (needs libreoffice-writer, libreoffice-calc and
 * poppler-utils); the files are committed.
 */
import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNumberToken } from '../src/core/values/cell-grammar.js';
import { readTextReport } from '../src/import/text/text-reader.js';

const fixtures = join(import.meta.dirname, '..', 'test', 'fixtures');
const pdfDir = join(fixtures, 'pdf');
const legacyDir = join(fixtures, 'legacy-office');
mkdirSync(pdfDir, { recursive: true });
mkdirSync(legacyDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'cchc-pdf-'));

/** The .doc and .xls fixtures: a Word file from a DOCX, an Excel file from a typed workbook. */
export const LEGACY_DOC = ['khanh-hoa_so-tu-phap_2022-h1', 'quang-tri_ubnd-huyen-gio-linh_2022-q4'];
export const LEGACY_XLS = ['ninh-thuan_so-y-te_2023-h1'];

const soffice = (...args: string[]) => execFileSync('soffice', ['--headless', ...args], { stdio: 'pipe' });

const docx = readdirSync(join(fixtures, 'docx')).filter((f) => f.endsWith('.docx'));
soffice('--convert-to', 'pdf', '--outdir', pdfDir, ...docx.map((f) => join(fixtures, 'docx', f)));
for (const f of docx) console.log(`test/fixtures/pdf/${f.replace(/\.docx$/u, '.pdf')}`);

/** A PDF of one A4 page showing a JPEG over the whole page, and nothing else (as a scanner makes). */
function imageOnlyPdf(jpeg: Uint8Array, width: number, height: number): Uint8Array {
  const parts: (string | Uint8Array)[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (part: string | Uint8Array) => {
    parts.push(part);
    length += typeof part === 'string' ? Buffer.byteLength(part, 'latin1') : part.length;
  };
  const content = 'q 595 0 0 842 0 0 cm /Im0 Do Q';
  push('%PDF-1.4\n');
  const objects: (string | [string, Uint8Array])[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>',
    [
      `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>`,
      jpeg,
    ],
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  objects.forEach((object, i) => {
    offsets.push(length);
    if (typeof object === 'string') push(`${i + 1} 0 obj\n${object}\nendobj\n`);
    else {
      push(`${i + 1} 0 obj\n${object[0]}\nstream\n`);
      push(object[1]);
      push('\nendstream\nendobj\n');
    }
  });
  const xref = length;
  push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`);
  push(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
}

// a scan: the first page of a report as a picture only
execFileSync('pdftoppm', [
  '-r',
  '60',
  '-f',
  '1',
  '-l',
  '1',
  '-jpeg',
  '-singlefile',
  join(pdfDir, 'khanh-hoa_so-tu-phap_2022-h1.pdf'),
  join(work, 'page'),
]);
const jpeg = new Uint8Array(readFileSync(join(work, 'page.jpg')));
// the JPEG's size from its SOF0 marker
const sof = Buffer.from(jpeg).indexOf(Buffer.from([0xff, 0xc0]));
const height = (jpeg[sof + 5]! << 8) | jpeg[sof + 6]!;
const width = (jpeg[sof + 7]! << 8) | jpeg[sof + 8]!;
writeFileSync(join(pdfDir, 'scanned.pdf'), imageOnlyPdf(jpeg, width, height));
console.log('test/fixtures/pdf/scanned.pdf');

for (const name of LEGACY_DOC) {
  soffice('--convert-to', 'doc:MS Word 97', '--outdir', legacyDir, join(fixtures, 'docx', `${name}.docx`));
  console.log(`test/fixtures/legacy-office/${name}.doc`);
}

for (const name of LEGACY_XLS) {
  const doc = readTextReport(readFileSync(join(fixtures, `${name}.txt`), 'utf8'), name);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Báo cáo');
  for (const block of doc.blocks) {
    if (block.type === 'paragraph') {
      sheet.addRow([
        block.paragraph.text
          .replace(/[#*]/gu, '')
          .replace(/<[^>]+>/gu, '')
          .trim(),
      ]);
      continue;
    }
    for (const row of block.rows) {
      sheet.addRow(
        row.cells.map((cell, i) => {
          const text = cell.replace(/<[^>]+>/gu, '').trim();
          if (i === 3 && /^[1-9]\d{0,2}(?:\.\d{3})*$/u.test(text)) return readNumberToken(text)?.value ?? text;
          return text;
        }),
      );
    }
  }
  const xlsx = join(work, `${name}.xlsx`);
  writeFileSync(xlsx, new Uint8Array(await workbook.xlsx.writeBuffer()));
  soffice('--convert-to', 'xls:MS Excel 97', '--outdir', legacyDir, xlsx);
  console.log(`test/fixtures/legacy-office/${name}.xls`);
}
