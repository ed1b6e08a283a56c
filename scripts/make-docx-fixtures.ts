/**
 * Regenerates test/fixtures/docx/*.docx from the text fixtures with a real converter: each report is rendered to
 * HTML (paragraphs, and its tables with the repeated headers and page-split rows kept as they are) and converted by
 * LibreOffice headless. Run `npm run fixtures:docx` (needs libreoffice-writer-nogui); the .docx files are committed.
 * `npm run fixtures:docx -- <name>.txt …` converts only the fixtures named.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTextReport } from '../src/import/text/text-reader.js';

const fixtures = join(import.meta.dirname, '..', 'test', 'fixtures');
const out = join(fixtures, 'docx');
mkdirSync(out, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'cchc-docx-'));

const ALLOWED_TAG = /<(\/?)(b|i|u|sup|sub|br)\s*\/?>/giu;
function cellHtml(text: string): string {
  const escaped = text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');
  return escaped.replace(/&lt;(\/?)(b|i|u|sup|sub|br)\s*\/?&gt;/giu, '<$1$2>').replace(ALLOWED_TAG, (m) => m);
}
function paragraphHtml(text: string): string {
  const heading = /^(#+)\s*(.*)$/u.exec(text);
  const body = cellHtml(heading ? heading[2]! : text)
    .replace(/\*\*(.+?)\*\*/gu, '<b>$1</b>')
    .replace(/(^|\s)\*(\S.*?\S|\S)\*(?=\s|$|[.,:;])/gu, '$1<i>$2</i>')
    .replace(/\*\*/gu, '');
  const level = heading ? Math.min(4, heading[1]!.length + 1) : 0;
  return level ? `<h${level}>${body}</h${level}>` : `<p>${body}</p>`;
}

const only = process.argv.slice(2).map((a) => a.replace(/^.*\//u, ''));
for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.txt') && (only.length === 0 || only.includes(f)))) {
  const doc = readTextReport(readFileSync(join(fixtures, file), 'utf8'), file);
  const body = doc.blocks
    .map((block) =>
      block.type === 'paragraph'
        ? paragraphHtml(block.paragraph.text)
        : `<table border="1" cellspacing="0" cellpadding="2">${block.rows
            .map((row) => `<tr>${row.cells.map((c) => `<td>${cellHtml(c)}</td>`).join('')}</tr>`)
            .join('')}</table><p></p>`,
    )
    .join('\n');
  const name = file.replace(/\.txt$/u, '');
  const html = join(work, `${name}.html`);
  writeFileSync(
    html,
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${name}</title></head><body style="font-family:'Times New Roman'">${body}</body></html>`,
  );
  execFileSync('soffice', ['--headless', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', work, html], { stdio: 'pipe' });
  renameSync(join(work, `${name}.docx`), join(out, `${name}.docx`));
  console.log(`test/fixtures/docx/${name}.docx`);
}
