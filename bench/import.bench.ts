/**
 * `npm run bench:import`: documents imported per second (read → recognise → match → read cells → check), for text
 * and for DOCX (and text PDFs, and .doc through LibreOffice, on our fixtures), on the real samples when ../shared/samples is there, else on our own fixtures. The reference,
 * measured in the same run, is the bare minimum a reader does: splitting the same text into lines and cells.
 * The last line is one JSON object with the figures. Targets: ≥ 200 text documents per second per core; ≥ 5 text
 * PDFs per second per core.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importDocument } from '../src/import/import-report.js';
import { findLibreOffice } from '../src/import/legacy-office/libreoffice.js';
import { readReport } from '../src/import/read-report.js';
import { readTextReport } from '../src/import/text/text-reader.js';
import { templateLibrary } from '../src/templates/template-loader.js';

const samplesDir = join(import.meta.dirname, '..', '..', 'shared', 'samples');
const fixturesDir = join(import.meta.dirname, '..', 'test', 'fixtures');
const docxDir = join(fixturesDir, 'docx');
const fromSamples = existsSync(samplesDir);
const textDir = fromSamples ? samplesDir : fixturesDir;
const texts = readdirSync(textDir)
  .filter((f) => f.endsWith('.txt'))
  .map((f) => ({ name: f, text: readFileSync(join(textDir, f), 'utf8') }));
const docxFiles = existsSync(docxDir)
  ? readdirSync(docxDir)
      .filter((f) => f.endsWith('.docx'))
      .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(docxDir, f))) }))
  : [];
const templates = templateLibrary().templates;
// text PDFs (LibreOffice's export of the DOCX fixtures) and Word 97–2003 files (converted by LibreOffice)
const pdfDir = join(fixturesDir, 'pdf');
const pdfFiles = existsSync(pdfDir)
  ? readdirSync(pdfDir)
      .filter((f) => f.endsWith('.pdf') && f !== 'scanned.pdf')
      .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(pdfDir, f))) }))
  : [];
const legacyDir = join(fixturesDir, 'legacy-office');
const docFiles = existsSync(legacyDir)
  ? readdirSync(legacyDir)
      .filter((f) => f.endsWith('.doc'))
      .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(legacyDir, f))) }))
  : [];

function perSecond(run: () => void, minMs = 3000): number {
  const warm = performance.now();
  while (performance.now() - warm < 1500) run(); // let the JIT settle
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    run();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

async function perSecondAsync(run: () => Promise<void>, minMs = 3000): Promise<number> {
  const warm = performance.now();
  while (performance.now() - warm < 1500) await run();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    await run();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

const textDocsPerSecond =
  perSecond(() => {
    for (const t of texts) importDocument(readTextReport(t.text, t.name), templates);
  }) * texts.length;
const referenceDocsPerSecond =
  perSecond(() => {
    for (const t of texts) t.text.split('\n').map((line) => line.split('\t'));
  }) * texts.length;
const docxDocsPerSecond =
  docxFiles.length === 0
    ? null
    : (await perSecondAsync(async () => {
        for (const d of docxFiles) importDocument(await readReport(d.bytes, d.name), templates);
      })) * docxFiles.length;

// PDFs as `cchc import` reads them: many files in one process (pdf.js loaded once)
const pdfDocsPerSecond =
  pdfFiles.length === 0
    ? null
    : (await perSecondAsync(async () => {
        for (const d of pdfFiles) importDocument(await readReport(d.bytes, d.name), templates);
      })) * pdfFiles.length;
// .doc through LibreOffice: a conversion per document (a process each), measured once, apart
let docDocsPerSecond: number | null = null;
if (docFiles.length > 0 && (await findLibreOffice())) {
  await readReport(docFiles[0]!.bytes, docFiles[0]!.name); // LibreOffice's profile is created on the first run
  const start = performance.now();
  for (const d of docFiles) importDocument(await readReport(d.bytes, d.name), templates);
  docDocsPerSecond = docFiles.length / ((performance.now() - start) / 1000);
}

const result = {
  corpus: fromSamples ? 'shared/samples' : 'test/fixtures',
  textDocuments: texts.length,
  docxDocuments: docxFiles.length,
  textDocsPerSecond: Math.round(textDocsPerSecond),
  docxDocsPerSecond: docxDocsPerSecond === null ? null : Math.round(docxDocsPerSecond),
  referenceSplitDocsPerSecond: Math.round(referenceDocsPerSecond),
  textToReferenceRatio: Number((textDocsPerSecond / referenceDocsPerSecond).toFixed(4)),
  targetTextDocsPerSecond: 200,
  meetsTarget: textDocsPerSecond >= 200,
  pdfDocuments: pdfFiles.length,
  pdfDocsPerSecond: pdfDocsPerSecond === null ? null : Number(pdfDocsPerSecond.toFixed(1)),
  targetPdfDocsPerSecond: 5,
  meetsPdfTarget: pdfDocsPerSecond === null ? null : pdfDocsPerSecond >= 5,
  docDocuments: docFiles.length,
  docThroughLibreOfficeDocsPerSecond: docDocsPerSecond === null ? null : Number(docDocsPerSecond.toFixed(2)),
};
console.log(`text: ${result.textDocsPerSecond} documents/s (${texts.length} documents from ${result.corpus})`);
console.log(`docx: ${result.docxDocsPerSecond ?? 'n/a'} documents/s (${docxFiles.length} documents)`);
console.log(`pdf: ${result.pdfDocsPerSecond ?? 'n/a'} documents/s (${pdfFiles.length} text PDFs; target ≥ 5 per core)`);
console.log(
  `doc (LibreOffice conversion): ${result.docThroughLibreOfficeDocsPerSecond ?? 'n/a (no LibreOffice)'} documents/s (${docFiles.length} documents)`,
);
console.log(`reference (split into lines and cells): ${result.referenceSplitDocsPerSecond} documents/s; ratio ${result.textToReferenceRatio}`);
console.log(JSON.stringify(result));
