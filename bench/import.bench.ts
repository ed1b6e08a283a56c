/**
 * `npm run bench:import`: documents imported per second on one core (one thread, many files in one process, as
 * `cchc import` reads an archive: read → recognise → match → read cells → check), per format: text (the real samples
 * when ../shared/samples is there, else our fixtures), DOCX (our fixtures), XLSX (workbooks written by our own
 * exporter from example reports), text PDFs (LibreOffice's export of the DOCX fixtures), and .doc through
 * LibreOffice. Each format has a reference measured in the same run on the same files — the bare minimum any reader
 * of it does: splitting the text into lines and cells; unzipping a DOCX's document.xml or a workbook's sheets and
 * shared strings to text; pdf.js's text of every page — so a loaded machine moves both figures alike.
 * Each format's ratio to its reference is printed beside it. The last line is one JSON object with the figures.
 * Targets per core: text ≥ 200/s, DOCX ≥ 20/s, XLSX ≥ 50/s, text PDF ≥ 5/s.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { renderReportXlsx } from '../src/documents/xlsx/report-xlsx.js';
import { importDocument } from '../src/import/import-report.js';
import { exampleAgencyDocument } from '../src/test-support/xlsx-examples.js';
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

// workbooks as an officer's spreadsheet holds a report: our exporter's XLSX of example reports, four templates × 4 agencies
const xlsxFiles = await Promise.all(
  ['ninh-thuan-7s-2022', 'quang-tri-forms-2022', 'khanh-hoa-ru-2021', 'ninh-thuan-7s-2023'].flatMap((id) =>
    [3, 6, 9, 12].map(async (i) => ({ name: `${id}-${i}.xlsx`, bytes: await renderReportXlsx(exampleAgencyDocument(id, i)) })),
  ),
).catch(() => []);

/** The least a DOCX or XLSX reader does: inflate the XML parts that hold the text, as strings. */
async function unzipText(bytes: Uint8Array, parts: RegExp): Promise<number> {
  const zip = await JSZip.loadAsync(bytes);
  let length = 0;
  for (const name of Object.keys(zip.files)) if (parts.test(name)) length += (await zip.file(name)!.async('string')).length;
  return length;
}

/** The least a PDF reader does: pdf.js's text items of every page. */
async function pdfText(bytes: Uint8Array): Promise<number> {
  const pdf = await getDocument({ data: bytes.slice(), isEvalSupported: false, disableFontFace: true }).promise;
  let items = 0;
  for (let p = 1; p <= pdf.numPages; p++) items += (await (await pdf.getPage(p)).getTextContent()).items.length;
  await pdf.destroy();
  return items;
}

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

const docxReferencePerSecond =
  docxFiles.length === 0
    ? null
    : (await perSecondAsync(async () => {
        for (const d of docxFiles) await unzipText(d.bytes, /^word\/document\.xml$/u);
      })) * docxFiles.length;
const xlsxDocsPerSecond =
  xlsxFiles.length === 0
    ? null
    : (await perSecondAsync(async () => {
        for (const d of xlsxFiles) importDocument(await readReport(d.bytes, d.name), templates);
      })) * xlsxFiles.length;
const xlsxReferencePerSecond =
  xlsxFiles.length === 0
    ? null
    : (await perSecondAsync(async () => {
        for (const d of xlsxFiles) await unzipText(d.bytes, /^xl\/(?:worksheets\/sheet\d+|sharedStrings)\.xml$/u);
      })) * xlsxFiles.length;

// PDFs as `cchc import` reads them: many files in one process (pdf.js loaded once)
const pdfDocsPerSecond =
  pdfFiles.length === 0
    ? null
    : (await perSecondAsync(async () => {
        for (const d of pdfFiles) importDocument(await readReport(d.bytes, d.name), templates);
      })) * pdfFiles.length;
const pdfReferencePerSecond =
  pdfFiles.length === 0
    ? null
    : (await perSecondAsync(async () => {
        for (const d of pdfFiles) await pdfText(d.bytes);
      })) * pdfFiles.length;
// .doc through LibreOffice: a conversion per document (a process each), measured once, apart
let docDocsPerSecond: number | null = null;
if (docFiles.length > 0 && (await findLibreOffice())) {
  await readReport(docFiles[0]!.bytes, docFiles[0]!.name); // LibreOffice's profile is created on the first run
  const start = performance.now();
  for (const d of docFiles) importDocument(await readReport(d.bytes, d.name), templates);
  docDocsPerSecond = docFiles.length / ((performance.now() - start) / 1000);
}

const ratio = (measured: number | null, reference: number | null) =>
  measured === null || reference === null || reference === 0 ? null : Number((measured / reference).toFixed(4));

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
  docxReferenceUnzipDocsPerSecond: docxReferencePerSecond === null ? null : Math.round(docxReferencePerSecond),
  targetDocxDocsPerSecond: 20,
  meetsDocxTarget: docxDocsPerSecond === null ? null : docxDocsPerSecond >= 20,
  xlsxDocuments: xlsxFiles.length,
  xlsxDocsPerSecond: xlsxDocsPerSecond === null ? null : Math.round(xlsxDocsPerSecond),
  xlsxReferenceUnzipDocsPerSecond: xlsxReferencePerSecond === null ? null : Math.round(xlsxReferencePerSecond),
  targetXlsxDocsPerSecond: 50,
  meetsXlsxTarget: xlsxDocsPerSecond === null ? null : xlsxDocsPerSecond >= 50,
  pdfDocuments: pdfFiles.length,
  pdfReferenceTextDocsPerSecond: pdfReferencePerSecond === null ? null : Number(pdfReferencePerSecond.toFixed(1)),
  pdfDocsPerSecond: pdfDocsPerSecond === null ? null : Number(pdfDocsPerSecond.toFixed(1)),
  targetPdfDocsPerSecond: 5,
  meetsPdfTarget: pdfDocsPerSecond === null ? null : pdfDocsPerSecond >= 5,
  // each format against its reference of the same run: what a loaded machine changes least
  docxToReferenceRatio: ratio(docxDocsPerSecond, docxReferencePerSecond),
  xlsxToReferenceRatio: ratio(xlsxDocsPerSecond, xlsxReferencePerSecond),
  pdfToReferenceRatio: ratio(pdfDocsPerSecond, pdfReferencePerSecond),
  docDocuments: docFiles.length,
  docThroughLibreOfficeDocsPerSecond: docDocsPerSecond === null ? null : Number(docDocsPerSecond.toFixed(2)),
};
console.log(`text: ${result.textDocsPerSecond} documents/s (${texts.length} documents from ${result.corpus})`);
console.log(
  `docx: ${result.docxDocsPerSecond ?? 'n/a'} documents/s (${docxFiles.length} documents; target ≥ 20 per core); reference (unzip document.xml): ${result.docxReferenceUnzipDocsPerSecond ?? 'n/a'}/s; ratio ${result.docxToReferenceRatio ?? 'n/a'}`,
);
console.log(
  `xlsx: ${result.xlsxDocsPerSecond ?? 'n/a'} documents/s (${xlsxFiles.length} workbooks; target ≥ 50 per core); reference (unzip sheets and strings): ${result.xlsxReferenceUnzipDocsPerSecond ?? 'n/a'}/s; ratio ${result.xlsxToReferenceRatio ?? 'n/a'}`,
);
console.log(
  `pdf: ${result.pdfDocsPerSecond ?? 'n/a'} documents/s (${pdfFiles.length} text PDFs; target ≥ 5 per core); reference (pdf.js text of every page): ${result.pdfReferenceTextDocsPerSecond ?? 'n/a'}/s; ratio ${result.pdfToReferenceRatio ?? 'n/a'}`,
);
console.log(
  `doc (LibreOffice conversion): ${result.docThroughLibreOfficeDocsPerSecond ?? 'n/a (no LibreOffice)'} documents/s (${docFiles.length} documents)`,
);
console.log(`reference (split into lines and cells): ${result.referenceSplitDocsPerSecond} documents/s; ratio ${result.textToReferenceRatio}`);
console.log(JSON.stringify(result));
