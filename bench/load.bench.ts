/**
 * `npm run bench:load`: requests per second and p99 latency of autosave (`PUT /api/reports/:id/values`) and of
 * reading a report (`GET /api/reports/:id`) on loopback, driven by autocannon against `cchc serve` in its own process,
 * on the embedded database and on PostgreSQL (a fresh database on the DATABASE_URL server, dropped at the end;
 * SKIPPED without DATABASE_URL). The reference, measured in the same run on the same server, is `GET /api/health`
 * (routing, the session-free path and one `select 1`).
 *
 * Each connection is one officer on one report of its own, as in the browser: it autosaves one cell at a time with
 * the version it last got back, so a 409 would mean a real conflict; 409s and other non-2xx answers are counted
 * apart and only 2xx count as autosaves per second. The reports are of a 200-row template version (the demo's
 * ninh-thuan-7s-2023, 63 rows, widened through the API with count rows and their sum checks, as a large province's
 * appendix), prefilled (every count row) so checks and responses have a realistic size. Every scenario: a warm-up,
 * then a measured run, both bounded in time.
 *
 * Targets on the embedded database (2 cores): ≥ 1,500 autosaves per second with p99 under 50 ms, and ≥ 1,000 reads per
 * second (issue 12: opening a report is the most frequent request of a deadline day). Last line: one JSON
 * object. Environment: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 3), BENCH_CONNECTIONS (default 16),
 * BENCH_CPU_PROF=<dir> writes the server's CPU profile (node --cpu-prof) there for each engine, CCHC_BENCH_BIN=<path to
 * another build's bin/cchc.js> measures that build instead (to compare a candidate change in the same conditions).
 * Besides req/s and latency, each scenario reports the server process's CPU time per request (from /proc): on a
 * machine shared with other work, throughput moves with the load, CPU per request much less.
 */
import autocannon from 'autocannon';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AGENCY_KHCN, prepareWorld, TEMPLATE_ID, type World } from './support/report-world.js';
type AutocannonRequest = autocannon.Request;
type AutocannonResult = autocannon.Result;
import {
  api,
  createPostgresDatabase,
  demoCredentials,
  login,
  sleep,
  startServerProcess,
  type EngineName,
  type ServerProcess,
  type ServerProcessOptions,
  type Session,
} from './support/server-process.js';

const DURATION_S = Number(process.env['BENCH_DURATION'] ?? 10);
const WARMUP_S = Number(process.env['BENCH_WARMUP'] ?? 3);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 16);
const CPU_PROF_DIR = process.env['BENCH_CPU_PROF'] ? resolve(process.env['BENCH_CPU_PROF']) : null;
const TARGET = { autosavesPerSecond: 1_500, p99Ms: 50, readsPerSecond: 1_000 };
/** Rows of the bench's template version (issue 12: reports of 200 rows, not only the demo's 63). */
const TEMPLATE_ROWS = 200;
const WIDE_TEMPLATE_ID = 'bench-200-rows';

interface SourceRow {
  code?: string;
  id?: string;
  group?: boolean;
  parent?: string;
  [field: string]: unknown;
}
interface TemplateSource {
  forms: { rows: SourceRow[]; checks?: { rule: string; whole?: string; parts?: string[] }[]; [field: string]: unknown }[];
  [field: string]: unknown;
}

/**
 * Derives a version of the demo's template with TEMPLATE_ROWS rows, through the API as an administrator would: the
 * demo's rows and checks, then groups of five count rows under a count row that is their sum (a sum check each).
 */
async function widenTemplate(url: string, serverLines: readonly string[]): Promise<string> {
  const account = demoCredentials(serverLines).get('quantri');
  if (!account) throw new Error('demo account quantri not printed by the server');
  const admin = await login(url, 'quantri', account.password);
  const got = await api<TemplateSource>(url, admin, 'GET', `/api/templates/${TEMPLATE_ID}/source`);
  if (got.status !== 200) throw new Error(`template source ${TEMPLATE_ID}: ${got.status}`);
  const source = got.body;
  const form = source.forms[source.forms.length - 1]!;
  const existing = source.forms.reduce((n, f) => n + f.rows.length, 0);
  const added: SourceRow[] = [];
  const checks: { rule: string; whole: string; parts: string[] }[] = [];
  for (let g = 0; existing + added.length < TEMPLATE_ROWS; g++) {
    const whole = `BENCH.${g + 1}`;
    added.push({ code: whole, label: `Chỉ tiêu thử tải ${g + 1}`, unit: 'Số', kind: 'count' });
    const parts: string[] = [];
    for (let p = 0; p < 5 && existing + added.length < TEMPLATE_ROWS; p++) {
      const code = `${whole}.${p + 1}`;
      added.push({ code, label: `Chỉ tiêu thử tải ${g + 1}.${p + 1}`, unit: 'Số', kind: 'count' });
      parts.push(code);
    }
    if (parts.length > 0) checks.push({ rule: 'sum', whole, parts });
  }
  const draft = {
    ...source,
    basedOn: TEMPLATE_ID,
    id: WIDE_TEMPLATE_ID,
    name: `Phụ lục thử tải ${TEMPLATE_ROWS} dòng`,
    effectiveFrom: '2024-01-01',
    effectiveTo: null,
    forms: source.forms.map((f) => (f === form ? { ...f, rows: [...f.rows, ...added], checks: [...(f.checks ?? []), ...checks] } : f)),
  };
  const created = await api(url, admin, 'POST', '/api/templates', draft);
  if (created.status !== 201) throw new Error(`creating ${WIDE_TEMPLATE_ID}: ${created.status} ${JSON.stringify(created.body).slice(0, 1000)}`);
  return WIDE_TEMPLATE_ID;
}

interface Figures {
  requestsPerSecond: number;
  /** The server process's CPU time (user + system) per 2xx response during the measured run; null off Linux. */
  serverCpuMsPerRequest: number | null;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  ok: number;
  conflicts: number;
  otherNon2xx: number;
  errors: number;
  statusCodes: Record<string, number>;
}

interface EngineFigures {
  health: Figures;
  read: Figures;
  autosave: Figures;
  /** Autosaves and reads per second as a fraction of the reference's requests per second. */
  autosaveToHealth: number;
  readToHealth: number;
  cpuProfileDir?: string;
}

/** A report owned by one connection: its writer and the version it last got back. */
interface Slot {
  id: string;
  session: Session;
  version: number;
  next: number;
}

/** CPU time (user + system, ms) the process has used so far, from /proc (Linux); null elsewhere. */
function cpuMsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /su, '')
      .split(' ');
    // fields from the state (3rd) on: utime is the 14th field, stime the 15th, in clock ticks (100 per second on Linux)
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

function figures(result: AutocannonResult, cpuMs: number | null): Figures {
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)]));
  const ok = result['2xx'];
  const conflicts = statusCodes['409'] ?? 0;
  return {
    requestsPerSecond: Math.round(ok / result.duration),
    serverCpuMsPerRequest: cpuMs === null || ok === 0 ? null : Number((cpuMs / ok).toFixed(2)),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    ok,
    conflicts,
    otherNon2xx: result.non2xx - conflicts,
    errors: result.errors,
    statusCodes,
  };
}

async function run(url: string, seconds: number, requestsFor: (connection: number) => AutocannonRequest[]): Promise<AutocannonResult> {
  let connection = 0;
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 30,
    setupClient: (client) => client.setRequests(requestsFor(connection++)),
  });
}

/** Warm-up, then the measured run. */
async function scenario(
  name: string,
  server: ServerProcess,
  requestsFor: (connection: number) => AutocannonRequest[],
  afterWarmUp?: () => Promise<void>,
): Promise<Figures> {
  if (WARMUP_S > 0) await run(server.url, WARMUP_S, requestsFor);
  if (afterWarmUp) {
    await sleep(1_000);
    await afterWarmUp();
  }
  const cpuBefore = cpuMsOf(server.pid);
  const raw = await run(server.url, DURATION_S, requestsFor);
  const cpuAfter = cpuMsOf(server.pid);
  const result = figures(raw, cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore);
  console.log(
    `  ${name.padEnd(9)} ${String(result.requestsPerSecond).padStart(6)} req/s  p50 ${String(result.p50Ms).padStart(4)} ms  p99 ${String(result.p99Ms).padStart(4)} ms  max ${result.maxMs} ms  server CPU ${result.serverCpuMsPerRequest ?? '?'} ms/req` +
      `  (${result.ok} ok, ${result.conflicts} conflicts, ${result.otherNon2xx} other non-2xx, ${result.errors} errors)`,
  );
  return result;
}

async function benchEngine(engine: EngineName, database: ServerProcessOptions['database']): Promise<EngineFigures> {
  const profileDir = CPU_PROF_DIR ? join(CPU_PROF_DIR, engine) : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const server: ServerProcess = await startServerProcess({
    database,
    demo: true,
    nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
  });
  try {
    const rounds = Math.ceil(CONNECTIONS / 2);
    const world: World = await prepareWorld(server.url, server.lines, rounds, 2031, await widenTemplate(server.url, server.lines));
    const writers = world.reports.map((r, i) => ({
      ...r,
      session: r.agencyId === AGENCY_KHCN ? (i % 4 === 0 ? world.approver : world.khcnReporter) : world.tuphapReporter,
    }));
    // every count row filled, as in a report being finished
    const slots: Slot[] = [];
    for (const r of writers) {
      const filled = await api<{ version: number }>(server.url, r.session, 'PUT', `/api/reports/${r.id}/values`, {
        version: r.version,
        cells: world.countRows.map((rowId, i) => ({ rowId, raw: String(10 + ((i * 7) % 90)) })),
      });
      if (filled.status !== 200) throw new Error(`prefilling ${r.id}: ${filled.status} ${JSON.stringify(filled.body).slice(0, 300)}`);
      slots.push({ id: r.id, session: r.session, version: filled.body.version, next: 0 });
    }
    const slotOf = (connection: number) => slots[connection % slots.length]!;
    // as the browser's autosave: the minimal answer (new version and cells), the checks run in the page
    const headersOf = (session: Session) => ({
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      'content-type': 'application/json',
      prefer: 'return=minimal',
    });

    console.log(
      `${engine}: ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per scenario, ${slots.length} reports of ${TEMPLATE_ROWS} rows, ${world.countRows.length} count rows filled`,
    );
    const health = await scenario('health', server, () => [{ method: 'GET', path: '/api/health' }]);
    const read = await scenario('read', server, (connection) => {
      const slot = slotOf(connection);
      return [{ method: 'GET', path: `/api/reports/${slot.id}`, headers: { cookie: slot.session.cookie } }];
    });
    // requests cut off at the end of the warm-up may still commit: take every report's version afresh
    const resync = async () => {
      for (const slot of slots) {
        const current = await api<{ version: number }>(server.url, slot.session, 'GET', `/api/reports/${slot.id}`);
        if (current.status === 200) slot.version = current.body.version;
      }
    };
    const autosave = await scenario(
      'autosave',
      server,
      (connection) => {
        const slot = slotOf(connection);
        return [
          {
            method: 'PUT',
            path: `/api/reports/${slot.id}/values`,
            headers: headersOf(slot.session),
            setupRequest: (request) => {
              const rowId = world.countRows[slot.next % world.countRows.length]!;
              request.body = JSON.stringify({ version: slot.version, cells: [{ rowId, raw: String(slot.next++ % 1000) }] });
              return request;
            },
            onResponse: (status, body) => {
              // the version comes first in the report (and in a conflict's problem document): no full parse needed
              const m = status === 200 ? /"version":(\d+)/u.exec(body) : status === 409 ? /"currentVersion":(\d+)/u.exec(body) : null;
              if (m) slot.version = Number(m[1]);
            },
          },
        ];
      },
      resync,
    );
    return {
      health,
      read,
      autosave,
      autosaveToHealth: Number((autosave.requestsPerSecond / Math.max(1, health.requestsPerSecond)).toFixed(3)),
      readToHealth: Number((read.requestsPerSecond / Math.max(1, health.requestsPerSecond)).toFixed(3)),
      ...(profileDir ? { cpuProfileDir: profileDir } : {}),
    };
  } finally {
    await server.stop();
  }
}

const results: { pglite?: EngineFigures; postgres?: EngineFigures | 'skipped' } = {};
{
  const dataDir = mkdtempSync(join(tmpdir(), 'cchc-bench-load-'));
  try {
    results.pglite = await benchEngine('pglite', { engine: 'pglite', dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const databaseUrl = process.env['DATABASE_URL'];
if (databaseUrl) {
  const fresh = await createPostgresDatabase(databaseUrl, 'cchc_bench_load');
  try {
    results.postgres = await benchEngine('postgres', { engine: 'postgres', url: fresh.url });
  } finally {
    await fresh.drop();
  }
} else {
  results.postgres = 'skipped';
  console.log('postgres: SKIPPED (DATABASE_URL is not set)');
}

const pglite = results.pglite;
const meetsTargets = pglite.autosave.requestsPerSecond >= TARGET.autosavesPerSecond && pglite.autosave.p99Ms < TARGET.p99Ms;
const meetsReadTarget = pglite.read.requestsPerSecond >= TARGET.readsPerSecond;
console.log(
  `embedded database: ${pglite.autosave.requestsPerSecond} autosaves/s, p99 ${pglite.autosave.p99Ms} ms ` +
    `(target ≥ ${TARGET.autosavesPerSecond}/s, p99 < ${TARGET.p99Ms} ms: ${meetsTargets ? 'met' : 'NOT met'}); ` +
    `${(pglite.autosaveToHealth * 100).toFixed(1)}% of the health reference's ${pglite.health.requestsPerSecond} req/s`,
);
console.log(
  `embedded database: ${pglite.read.requestsPerSecond} reads/s, ${pglite.read.serverCpuMsPerRequest ?? '?'} ms of server CPU each ` +
    `(target ≥ ${TARGET.readsPerSecond}/s: ${meetsReadTarget ? 'met' : 'NOT met'}); ` +
    `${(pglite.readToHealth * 100).toFixed(1)}% of the health reference`,
);
if (results.postgres !== 'skipped' && results.postgres) {
  console.log(
    `PostgreSQL: ${results.postgres.autosave.requestsPerSecond} autosaves/s, p99 ${results.postgres.autosave.p99Ms} ms; reads ${results.postgres.read.requestsPerSecond}/s`,
  );
}
console.log(
  JSON.stringify({
    connections: CONNECTIONS,
    durationS: DURATION_S,
    warmupS: WARMUP_S,
    cores: (await import('node:os')).availableParallelism(),
    pglite: results.pglite,
    postgres: results.postgres,
    target: TARGET,
    meetsTargets,
    meetsReadTarget,
  }),
);
