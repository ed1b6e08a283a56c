/**
 * Renders some text fixtures as Word holds a report and converts them with LibreOffice headless into
 * test/fixtures/word/*.docx: the header block and the "Nơi nhận" | signature block in borderless layout tables (each
 * cell several paragraphs: "UBND TỈNH …" over "SỞ …", "KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC" over the name), the appendix
 * as one table per form whose two header rows are merged cells printed once, "Trong đó" merged down its breakdown
 * rows, and no page-split pieces (the rows as the appendix extraction joins them). Run
 * `npx tsx scripts/make-word-fixtures.ts` (needs libreoffice-writer-nogui); the .docx files are committed.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractAppendix, type AppendixTable } from '../src/import/appendix/appendix-tables.js';
import { normaliseParagraph } from '../src/import/recognition/recognise-metadata.js';
import { readTextReport } from '../src/import/text/text-reader.js';

/** The fixtures rendered, with the header lines a text export lost (Word keeps the governing body and the agency). */
const WORD_FIXTURES: Record<string, { header: string[] }> = {
  'ninh-thuan_so-vhttdl_2022-m9.txt': { header: ['UBND TỈNH NINH THUẬN', 'SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH'] },
  'khanh-hoa_so-tu-phap_2022-h1.txt': { header: ['UBND TỈNH KHÁNH HÒA', 'SỞ TƯ PHÁP'] },
  'quang-tri_ubnd-huyen-gio-linh_2022-q4.txt': { header: [] },
};

const fixtures = join(import.meta.dirname, '..', 'test', 'fixtures');
const out = join(fixtures, 'word');
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'cchc-word-'));

const escape = (text: string) => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
const p = (text: string, align = 'left') => `<p align="${align}">${escape(text)}</p>`;

function layoutTable(cells: string[][]): string {
  const tds = cells.map((lines) => `<td width="50%" valign="top">${lines.map((l) => (l ? p(l, 'center') : '<p></p>')).join('')}</td>`);
  return `<table border="0" width="100%" cellspacing="0" cellpadding="2"><tr>${tds.join('')}</tr></table>`;
}

function appendixTable(table: AppendixTable): string {
  const responsible = table.extraColumn === 'responsible';
  const noteColumn = responsible && table.rows.some((r) => r.note !== '');
  const extraHeader = responsible ? 'Đơn vị thực hiện' : 'Ghi chú';
  const head =
    `<tr><th rowspan="2">STT</th><th rowspan="2">Chỉ tiêu thống kê <i>(Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)</i></th>` +
    `<th colspan="2">Kết quả thống kê</th><th rowspan="2">${extraHeader}</th>${noteColumn ? '<th rowspan="2">Ghi chú</th>' : ''}</tr>` +
    '<tr><th>Đơn vị tính</th><th>Số liệu</th></tr>';
  const body: string[] = [];
  for (let i = 0; i < table.rows.length; i++) {
    const row = table.rows[i]!;
    let code = `<td>${escape(row.code)}</td>`;
    if (row.code === 'Trong đó') {
      let span = 1;
      while (i + span < table.rows.length && table.rows[i + span]!.code === '') span++;
      code = `<td rowspan="${span}" valign="middle">Trong đó</td>`;
      for (let k = 0; k < span; k++) {
        const r = table.rows[i + k]!;
        body.push(`<tr>${k === 0 ? code : ''}${cells(r, noteColumn)}</tr>`);
      }
      i += span - 1;
      continue;
    }
    body.push(`<tr>${code}${cells(row, noteColumn)}</tr>`);
  }
  return `<table border="1" cellspacing="0" cellpadding="2"><thead>${head}</thead><tbody>${body.join('')}</tbody></table>`;
}

function cells(row: AppendixTable['rows'][number], noteColumn: boolean): string {
  const td = (text: string) => `<td>${escape(text)}</td>`;
  return td(row.label) + td(row.unit) + td(row.value) + td(row.extra) + (noteColumn ? td(row.note) : '');
}

for (const [file, { header }] of Object.entries(WORD_FIXTURES)) {
  const doc = readTextReport(readFileSync(join(fixtures, file), 'utf8'), file);
  // the text's paragraphs, and the lines of its tab-laid-out header rows
  const lines: string[] = [];
  for (const block of doc.blocks) {
    if (block.type === 'paragraph') lines.push(normaliseParagraph(block.paragraph.text));
    else if (block.rows.length <= 4 && block.rows.every((r) => !/^\s*(?:STT|TT)\s*$/u.test(r.cells[0] ?? ''))) {
      for (const row of block.rows) for (const cell of row.cells) if (cell.trim()) lines.push(normaliseParagraph(cell));
    }
  }
  const report = lines.findIndex((l) => l === 'BÁO CÁO');
  const recipients = lines.findIndex((l) => /^Nơi nhận/u.test(l));
  const appendix = lines.findIndex((l, i) => i > recipients && /^(?:PHỤ LỤC|Phụ lục)/u.test(l));
  const firstForm = lines.findIndex((l, i) => i > appendix && /^Biểu\s*(?:mẫu\s*)?\d/u.test(l));
  const top = lines.slice(0, report);
  const left = [
    ...header,
    ...top.filter((l) => !/^(?:CỘNG HÒA|Độc lập)|, ngày/u.test(l) && !/^Số\s*:/u.test(l)),
    ...top.filter((l) => /^Số\s*:/u.test(l)),
  ];
  const right = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', ...top.filter((l) => /, ngày/u.test(l))];
  const signature = lines.slice(recipients, appendix);
  const recipientLines = signature.filter((l) => /^(?:Nơi nhận|[-–+] )/u.test(l));
  const signer = signature.filter((l) => !/^(?:Nơi nhận|[-–+] )/u.test(l));
  const html: string[] = [layoutTable([left, right])];
  html.push(...lines.slice(report, recipients).map((l) => p(l)));
  html.push(layoutTable([recipientLines, [...signer.slice(0, -1), '', '', '', signer[signer.length - 1] ?? '']]));
  html.push('<p style="page-break-before: always"></p>');
  html.push(
    ...lines
      .slice(appendix, firstForm > 0 ? firstForm : undefined)
      .filter((l) => !/^\(?\d+\)?\s|^<sup>/u.test(l))
      .slice(0, 6)
      .map((l) => p(l, 'center')),
  );
  for (const table of extractAppendix(doc)) {
    if (table.form) html.push(p(`Biểu mẫu 0${table.form}`, 'center'), p((table.title ?? '').toLocaleUpperCase('vi'), 'center'));
    html.push(appendixTable(table));
  }
  const name = file.replace(/\.txt$/u, '');
  const source = join(work, `${name}.html`);
  writeFileSync(
    source,
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${name}</title></head><body style="font-family:'Times New Roman'">${html.join('\n')}</body></html>`,
  );
  execFileSync('soffice', ['--headless', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', work, source], { stdio: 'pipe' });
  renameSync(join(work, `${name}.docx`), join(out, `${name}.docx`));
  console.log(`test/fixtures/word/${name}.docx`);
}
