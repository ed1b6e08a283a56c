/**
 * `npm run bench:docx`: the province's DOCX of a round at national size as a user downloads it — GET
 * /api/rounds/:id/consolidation.docx over HTTP from a server process, on a database of 5,000 agencies × 200 rows
 * (PostgreSQL when DATABASE_URL is set, otherwise the embedded database; the targets are for PostgreSQL): the narrative
 * generated from the figures, the appendix from the kept aggregates, the annexes of agencies that did not report or
 * reported late and the ranking of the picked indicators (every agency of the round). Median of several runs, with the
 * server's resident memory after them and its peak. Also one agency's DOCX, rendered in-process (no database).
 * Reference, measured in the same run: the docx library packing, with no database and no layout rules, a document of
 * the same size (as many table rows of four cells as the province's DOCX has, in one table per annex).
 * The world also holds the same period a year before, every report accepted, which the narrative compares its figures
 * with ("so với cùng kỳ"; for a year, the previous period is last year). With CCHC_BENCH_XLSX=1, the consolidated XLSX
 * once (one column per agency: every agency's value of every row), streamed from pages of values, timed with the
 * server's memory after it; its reference, in the same run: exceljs's streaming writer alone writing as many number
 * cells (template rows × agencies, plain, no styles) to nowhere.
 * Left out: a stored narrative edited by the Sở Nội vụ (generated here), concurrent downloads. Targets: the province
 * DOCX < 3 s on PostgreSQL, the server under 800 MB; one agency's < 200 ms. The last line is one JSON object.
 *
 * Options (environment): CCHC_BENCH_AGENCIES (default 5000), CCHC_BENCH_RUNS (default 3), DATABASE_URL,
 * CCHC_BENCH_BUILT=1 (run the compiled dist/ instead of the sources), CCHC_BENCH_EARLIER=0 (no earlier round),
 * CCHC_BENCH_XLSX=1, CCHC_BENCH_WORLD=<database name> (keep the PostgreSQL world there and use it again).
 */
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { renderDocx } from '../src/documents/docx/official-docx.js';
import { exampleAgencyDocument } from '../src/test-support/docx-examples.js';
import { log, median, serverMemory, startNationalBench, timedGet } from './support/national-bench.js';

const AGENCIES = Number(process.env['CCHC_BENCH_AGENCIES'] ?? 5000);
const RUNS = Number(process.env['CCHC_BENCH_RUNS'] ?? 3);
const EARLIER = process.env['CCHC_BENCH_EARLIER'] !== '0';
const XLSX = process.env['CCHC_BENCH_XLSX'] === '1';

async function time(run: () => Promise<unknown>, runs: number, warm = 1): Promise<number> {
  for (let i = 0; i < warm; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

/** The table rows of each table of a DOCX (w:tr in w:tbl, top-level tables only). */
async function tableRows(bytes: Buffer): Promise<number[]> {
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return xml
    .split('<w:tbl>')
    .slice(1)
    .map((t) => (t.match(/<w:tr[ >]/gu) ?? []).length);
}

const agency = exampleAgencyDocument('quang-tri-forms-2022');
const agencyMs = await time(() => renderDocx(agency), 9, 2);

const bench = await startNationalBench(AGENCIES, { earlier: EARLIER });
let province: { ms: number; first: number; bytes: Buffer; memory: { rssMb: number; peakMb: number }; before: { rssMb: number; peakMb: number } };
let xlsx: { ms: number; bytes: number; memory: { rssMb: number; peakMb: number } } | null = null;
try {
  log(`world built in ${bench.world.seconds.toFixed(1)} s; server ${bench.server.url} (pid ${bench.server.pid}); measuring…`);
  const before = await serverMemory(bench);
  const path = `/api/rounds/${bench.world.roundId}/consolidation.docx?includeSubmitted=false`;
  const firstStart = performance.now();
  let bytes = (await timedGet(bench, path)).body;
  const first = performance.now() - firstStart;
  const ms = await time(async () => (bytes = (await timedGet(bench, path)).body), RUNS, 0);
  province = { ms, first, bytes, memory: await serverMemory(bench), before };
  if (XLSX) {
    // once, after the DOCX's memory was read: one column per agency, every agency's value of every row
    const started = performance.now();
    const got = await timedGet(bench, `/api/rounds/${bench.world.roundId}/consolidation.xlsx?includeSubmitted=false`, 1_800_000);
    xlsx = { ms: performance.now() - started, bytes: got.bytes, memory: await serverMemory(bench) };
  }
} finally {
  await bench.close();
}

// the reference: the same number of table rows, four plain cells each, packed by the docx library alone
const rows = await tableRows(province.bytes);
const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
const reference = () =>
  Packer.toBuffer(
    new Document({
      sections: [
        {
          children: rows.flatMap((n, t) => [
            new Paragraph(`Bảng ${t + 1}`),
            new Table({
              rows: Array.from(
                { length: n },
                (_, i) => new TableRow({ children: [cell(String(i + 1)), cell(`Đơn vị số ${i + 1}`), cell('1.234,56'), cell('Gửi báo cáo muộn')] }),
              ),
            }),
          ]),
        },
      ],
    }),
  );
const referenceMs = await time(reference, RUNS, 1);

// the XLSX's reference: exceljs's streaming writer alone, the same cells as plain numbers, no database, no styles
async function xlsxReference(): Promise<number> {
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const started = performance.now();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Tổng hợp');
  const values = Array.from({ length: AGENCIES }, (_, i) => i + 0.5);
  for (let row = 0; row < bench.template.rows.length; row++) sheet.addRow(values).commit();
  sheet.commit();
  await workbook.commit();
  return performance.now() - started;
}
const xlsxReferenceMs = XLSX ? await xlsxReference() : null;

const r1 = (x: number) => Number(x.toFixed(1));
const summary = {
  engine: bench.engine,
  agencies: AGENCIES,
  rows: bench.template.rows.length,
  worldBuildSeconds: r1(bench.world.seconds),
  provinceDocxMs: r1(province.ms),
  provinceDocxFirstMs: r1(province.first),
  provinceDocxBytes: province.bytes.length,
  provinceDocxTableRows: rows,
  serverRssBeforeMb: province.before.rssMb,
  serverRssMb: province.memory.rssMb,
  serverPeakRssMb: province.memory.peakMb,
  referenceSameSizeDocxMs: r1(referenceMs),
  provinceToReference: Number((province.ms / referenceMs).toFixed(2)),
  agencyDocxMs: r1(agencyMs),
  earlierPeriod: EARLIER,
  consolidatedXlsx: xlsx && {
    ms: r1(xlsx.ms),
    bytes: xlsx.bytes,
    serverRssMb: xlsx.memory.rssMb,
    serverPeakRssMb: xlsx.memory.peakMb,
    referenceExceljsStreamMs: r1(xlsxReferenceMs!),
  },
  leftOut: `${XLSX ? '' : 'the XLSX (CCHC_BENCH_XLSX=1), '}a stored edited narrative, concurrent downloads`,
  targets: { provinceDocxMs: 3000, serverRssMb: 800, agencyDocxMs: 200 },
  meetsTargets: province.ms < 3000 && province.memory.peakMb < 800 && agencyMs < 200,
};
console.log(
  `${bench.engine}, ${AGENCIES} agencies: the province's DOCX ${summary.provinceDocxMs} ms over HTTP (first ${summary.provinceDocxFirstMs} ms; ${summary.provinceDocxBytes} B, table rows ${rows.join('+')}); ` +
    `server ${summary.serverRssMb} MB (peak ${summary.serverPeakRssMb} MB); the docx library alone, same size: ${summary.referenceSameSizeDocxMs} ms; one agency's DOCX ${summary.agencyDocxMs} ms` +
    (EARLIER ? "; with last year's round to compare with" : '') +
    (xlsx
      ? `; the consolidated XLSX ${r1(xlsx.ms)} ms (${xlsx.bytes} B), server peak after it ${xlsx.memory.peakMb} MB; exceljs's streaming writer alone, same cells: ${r1(xlsxReferenceMs!)} ms`
      : ''),
);
console.log(JSON.stringify(summary));
