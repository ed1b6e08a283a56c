/**
 * `npm run bench:consolidate`: the consolidation page of a round at national size, as a user's browser asks for it —
 * over HTTP, from a server process, on a database of 5,000 agencies × 200 rows (PostgreSQL when DATABASE_URL is set,
 * otherwise the embedded database; the targets are for PostgreSQL). Measured, each the median of several warm runs:
 *   - the page: GET /consolidation and GET /consolidation/findings (counts by rule and row, first page of 20) together,
 *     then GET /templates/:id once the first answered (what ConsolidationPage and FindingsPanel ask for);
 *   - a click in the findings (one rule and row, second page) and one figure's drill-down (GET /consolidation/row);
 *   - the server's resident memory after them and its peak;
 * against a reference measured in the same run: DuckDB doing the same roll-up (per row: agencies that reported, sum,
 * min, max; agencies per code; ratio parts) over the same cells of the accepted reports, in memory, without HTTP. The
 * service's figures are checked against DuckDB's.
 * Left out: the session and shell requests every page makes (/api/auth/me…), the browser's rendering, the findings
 * computed at submit (the world keeps them as the workflow does; `findings kept` in the log shows how long that took
 * for every report at once), the XLSX (one column per agency: bench:docx measures it with CCHC_BENCH_XLSX=1), and
 * concurrent users.
 * Targets: the page < 300 ms on PostgreSQL; the server under 800 MB. The last line is one JSON object.
 *
 * Options (environment): CCHC_BENCH_AGENCIES (default 5000), CCHC_BENCH_RUNS (default 7), DATABASE_URL,
 * CCHC_BENCH_BUILT=1 (run the compiled dist/ instead of the sources), CCHC_BENCH_WORLD=<database name> (keep the
 * PostgreSQL world in that database and use it again on the next runs).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { performance } from 'node:perf_hooks';
import type { Template } from '../src/core/catalogue/template.js';
import { log, median, serverMemory, startNationalBench, timedGet, type NationalBench } from './support/national-bench.js';
import { stateOf, type Cell } from './support/national-world.js';

const AGENCIES = Number(process.env['CCHC_BENCH_AGENCIES'] ?? 5000);
const RUNS = Number(process.env['CCHC_BENCH_RUNS'] ?? 7);

async function runs<T>(run: () => Promise<T>): Promise<{ ms: number; last: T }> {
  for (let i = 0; i < 2; i++) await run(); // warm up
  const samples: number[] = [];
  let last!: T;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    last = await run();
    samples.push(performance.now() - t);
  }
  return { ms: median(samples), last };
}

interface Figure {
  rowId: string;
  method: string;
  value: number | null;
  reported: number;
  spread?: { min: number; max: number };
  distribution?: { code: number; agencies: number }[];
  parts?: { numerator: number; denominator: number; agencies: number };
}

/** The same roll-up in DuckDB: per row count, sum, min, max; per coded row agencies per code; per ratio the summed parts. */
async function timeDuckDb(template: Template, cells: readonly Cell[]) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run('create table v (agency integer, row_id varchar, value double)');
  const appender = await connection.createAppender('v');
  for (const c of cells) {
    appender.appendInteger(c.agency);
    appender.appendVarchar(c.rowId);
    if (c.value === null) appender.appendNull();
    else appender.appendDouble(c.value);
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  const coded = template.rows.filter((r) => r.kind.type === 'coded').map((r) => `'${r.id}'`);
  const ratios = template.checks.filter((c): c is Extract<typeof c, { rule: 'ratio' }> => c.rule === 'ratio');
  await connection.run('create table rules (percent_row varchar, numerator_row varchar, denominator_row varchar)');
  for (const r of ratios) await connection.run(`insert into rules values ('${r.percent}', '${r.numerator}', '${r.denominator}')`);
  const queries = [
    'select row_id, count(value) as reported, sum(value) as total, min(value) as lo, max(value) as hi from v group by row_id',
    `select row_id, value as code, count(*) as agencies from v where value is not null and row_id in (${coded.join(', ')}) group by row_id, value`,
    `select r.percent_row, sum(n.value) as numerator, sum(d.value) as denominator, count(*) as agencies
       from rules r join v d on d.row_id = r.denominator_row and d.value is not null
       join v n on n.row_id = r.numerator_row and n.agency = d.agency and n.value is not null group by r.percent_row`,
  ];
  const { ms, last } = await runs(async () => Promise.all(queries.map(async (q) => (await connection.runAndReadAll(q)).getRowObjects())));
  connection.closeSync();
  return { ms, sums: last[0]!, codes: last[1]!, ratios: last[2]! };
}

/** The served figures and DuckDB's agree: reported counts, sums, extremes, distributions, ratio parts. */
function compare(rows: readonly Figure[], duck: Awaited<ReturnType<typeof timeDuckDb>>): string[] {
  const problems: string[] = [];
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
  const byId = new Map(rows.map((r) => [r.rowId, r]));
  for (const d of duck.sums) {
    const r = byId.get(String(d['row_id']));
    if (!r || r.method === 'ratio' || r.method === 'responsible') continue;
    if (Number(d['reported']) !== r.reported) problems.push(`${r.rowId}: reported ${r.reported} vs ${d['reported']}`);
    if (r.method === 'sum' && !close(r.value ?? 0, Number(d['total'] ?? 0))) problems.push(`${r.rowId}: sum ${r.value} vs ${d['total']}`);
    if (r.spread && (!close(r.spread.min, Number(d['lo'])) || !close(r.spread.max, Number(d['hi']))))
      problems.push(`${r.rowId}: spread ${JSON.stringify(r.spread)} vs ${d['lo']} – ${d['hi']}`);
  }
  for (const d of duck.codes) {
    const got = byId.get(String(d['row_id']))?.distribution?.find((x) => x.code === Number(d['code']))?.agencies;
    if (got !== undefined && got !== Number(d['agencies'])) problems.push(`${d['row_id']}: code ${d['code']} ${got} vs ${d['agencies']}`);
  }
  for (const d of duck.ratios) {
    const r = byId.get(String(d['percent_row']));
    if (!r?.parts) problems.push(`${d['percent_row']}: no ratio parts`);
    else if (
      !close(r.parts.numerator, Number(d['numerator'])) ||
      !close(r.parts.denominator, Number(d['denominator'])) ||
      r.parts.agencies !== Number(d['agencies'])
    ) {
      problems.push(`${d['percent_row']}: parts ${JSON.stringify(r.parts)} vs ${d['numerator']}/${d['denominator']} (${d['agencies']})`);
    }
  }
  return problems;
}

async function measure(bench: NationalBench) {
  const round = bench.world.roundId;
  const q = 'includeSubmitted=false';
  const paths = {
    consolidation: `/api/rounds/${round}/consolidation?${q}`,
    findings: `/api/rounds/${round}/consolidation/findings?${q}&limit=20&offset=0`,
    template: `/api/templates/${bench.world.templateId}`,
  };
  // the page as the browser loads it: figures and findings together, the template once the figures name it
  const page = await runs(async () => {
    const [consolidation, findings] = await Promise.all([
      timedGet(bench, paths.consolidation).then(async (c) => ({ c, t: await timedGet(bench, paths.template) })),
      timedGet(bench, paths.findings),
    ]);
    return { consolidation: consolidation.c, template: consolidation.t, findings };
  });
  const each = {
    consolidation: await runs(() => timedGet(bench, paths.consolidation)),
    findings: await runs(() => timedGet(bench, paths.findings)),
    template: await runs(() => timedGet(bench, paths.template)),
  };
  const findingsBody = JSON.parse(each.findings.last.body.toString()) as {
    reports: number;
    counts: { rule: string; rowId: string | null; agencies: number; findings: number }[];
    page: { total: number };
  };
  const top = findingsBody.counts[0];
  const click = top
    ? await runs(() =>
        timedGet(
          bench,
          `/api/rounds/${round}/consolidation/findings?${q}&rule=${encodeURIComponent(top.rule)}${top.rowId ? `&rowId=${encodeURIComponent(top.rowId)}` : ''}&limit=20&offset=20`,
        ),
      )
    : null;
  const sumRow = bench.template.rows.find((r) => r.kind.type === 'count' && !r.group)!.id;
  const drill = await runs(() => timedGet(bench, `/api/rounds/${round}/consolidation/row?rowId=${encodeURIComponent(sumRow)}&${q}`));
  const memory = await serverMemory(bench);
  const rows = (JSON.parse(each.consolidation.last.body.toString()) as { consolidated: { rows: Figure[] } }).consolidated.rows;
  return { page, each, findingsBody, click, drill, memory, rows };
}

const bench = await startNationalBench(AGENCIES);
let result: Awaited<ReturnType<typeof measure>>;
try {
  log(`world built in ${bench.world.seconds.toFixed(1)} s; server ${bench.server.url} (pid ${bench.server.pid}); measuring…`);
  result = await measure(bench);
} finally {
  await bench.close();
}
const accepted = bench.cells.filter((c) => stateOf(c.agency) === 'accepted');
const duck = await timeDuckDb(bench.template, accepted);
const problems = compare(result.rows, duck);
for (const p of problems.slice(0, 10)) log(`DISAGREES: ${p}`);

const r1 = (x: number) => Number(x.toFixed(1));
const summary = {
  engine: bench.engine,
  agencies: AGENCIES,
  rows: bench.template.rows.length,
  cells: bench.cells.length,
  worldBuildSeconds: r1(bench.world.seconds),
  pageMs: r1(result.page.ms),
  requests: {
    consolidation: { ms: r1(result.each.consolidation.ms), bytes: result.each.consolidation.last.bytes },
    findings: {
      ms: r1(result.each.findings.ms),
      bytes: result.each.findings.last.bytes,
      reports: result.findingsBody.reports,
      findingsCounted: result.findingsBody.page.total,
      countsByRuleAndRow: result.findingsBody.counts.length,
    },
    template: { ms: r1(result.each.template.ms), bytes: result.each.template.last.bytes },
    findingsClick: result.click && { ms: r1(result.click.ms), bytes: result.click.last.bytes },
    drillDown: { ms: r1(result.drill.ms), bytes: result.drill.last.bytes },
  },
  serverRssMb: result.memory.rssMb,
  serverPeakRssMb: result.memory.peakMb,
  duckDbRollUpMs: r1(duck.ms),
  pageToDuckDb: Number((result.page.ms / duck.ms).toFixed(1)),
  agreesWithDuckDb: problems.length === 0,
  leftOut: 'session/shell requests, browser rendering, findings computed at submit (kept in the world), the XLSX, concurrent users',
  targets: { pageMs: 300, serverRssMb: 800 },
  meetsTargets: problems.length === 0 && result.page.ms < 300 && result.memory.peakMb < 800,
};
console.log(
  `${bench.engine}, ${AGENCIES} agencies × ${summary.rows} rows: the page ${summary.pageMs} ms (consolidation ${summary.requests.consolidation.ms} ms, ${summary.requests.consolidation.bytes} B; ` +
    `findings ${summary.requests.findings.ms} ms, ${summary.requests.findings.bytes} B; template ${summary.requests.template.ms} ms); server ${summary.serverRssMb} MB (peak ${summary.serverPeakRssMb} MB); ` +
    `DuckDB's roll-up in memory ${summary.duckDbRollUpMs} ms; figures agree with DuckDB: ${summary.agreesWithDuckDb}`,
);
console.log(JSON.stringify(summary));
