/**
 * `npm run bench:import`: documents imported per second (read → recognise → match → read cells → check), for text
 * and for DOCX, on the real samples when ../shared/samples is there, else on our own fixtures. The reference,
 * measured in the same run, is the bare minimum a reader does: splitting the same text into lines and cells.
 * The last line is one JSON object with the figures. Target: ≥ 200 text documents per second per core.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { importDocument } from '../src/import/import-report.js';
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
};
console.log(`text: ${result.textDocsPerSecond} documents/s (${texts.length} documents from ${result.corpus})`);
console.log(`docx: ${result.docxDocsPerSecond ?? 'n/a'} documents/s (${docxFiles.length} documents)`);
console.log(`reference (split into lines and cells): ${result.referenceSplitDocsPerSecond} documents/s; ratio ${result.textToReferenceRatio}`);
console.log(JSON.stringify(result));
