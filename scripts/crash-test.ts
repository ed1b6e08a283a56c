/**
 * `npm run test:crash`: kills the server with SIGKILL at random moments while autosaves, submits and returns stream
 * in, then restarts it and checks that nothing acknowledged was lost — 100 trials on the embedded database (one data
 * directory reused across all trials) and 100 on PostgreSQL (a fresh database on the DATABASE_URL server, dropped at
 * the end; SKIPPED without DATABASE_URL).
 *
 * Each trial: start `cchc serve` (sometimes it is first killed while starting), check the reports the previous trial
 * wrote against what the server had acknowledged, then run writers — each owns one report and sends one request at a
 * time carrying the version it last got back: autosaves of 1–3 cells with values never used before, submits (approver,
 * explaining every error), returns (administrator), and stale writes that must be refused — and SIGKILL the process
 * group after a random delay. A request is acknowledged when its 2xx response arrived in full; the one request per
 * writer still in flight at the kill may or may not have committed, but wholly or not at all.
 *
 * After a restart every report must equal its acknowledged state, or that state plus its in-flight request:
 *   - lost writes: acknowledged cells missing, or a version lower than acknowledged;
 *   - half-submitted: "submitted" without its submission snapshot equal to the current cells, or a submission row
 *     without the status and version that go with it;
 *   - torn writes: an in-flight multi-cell autosave partly applied; inconsistent: any other difference.
 * Progress on stdout, one line per trial; the last line is one JSON object. Exit 1 when anything is wrong.
 *
 * Also, on the embedded database: a restart whose pid is the one the lock names (a container's PID 1 restarted after
 * a kill gets the same pid) must open the database too.
 *
 * Environment: CRASH_TRIALS (default 100), CRASH_SEED (to repeat a run), CRASH_KEEP=1 keeps the data directory and
 * database; CRASH_SELF_CHECK=1 pretends one acknowledged autosave that never happened, which the run must then
 * report as lost (the check of the checker).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareWorld, type World } from '../bench/support/report-world.js';
import {
  api,
  createPostgresDatabase,
  prng,
  sleep,
  spawnServer,
  startServerProcess,
  type EngineName,
  type ServerProcess,
  type ServerProcessOptions,
  type Session,
} from '../bench/support/server-process.js';

const TRIALS = Number(process.env['CRASH_TRIALS'] ?? 100);
const SEED = Number(process.env['CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const KEEP = process.env['CRASH_KEEP'] === '1';
const SELF_CHECK = process.env['CRASH_SELF_CHECK'] === '1';
/** Writers per trial: approvers (autosave + submit), Sở KH&CN reporters, Sở Tư pháp reporters. */
const WRITERS = { approver: 4, khcnReporter: 2, tuphapReporter: 2 };
const ROUNDS = 20;
const KILL_DELAY_MS = { min: 30, max: 3_000 };
const STARTUP_KILL_PROBABILITY = 0.1;
const SUBMIT_PROBABILITY = 0.06;
const STALE_PROBE_PROBABILITY = 0.04;

if (!Number.isInteger(TRIALS) || TRIALS < 1) throw new Error(`CRASH_TRIALS must be a positive integer, not ${process.env['CRASH_TRIALS']}`);

type Status = 'not-started' | 'draft' | 'submitted' | 'returned' | 'accepted';
type Cells = Map<string, string>;

interface ReportState {
  version: number;
  status: Status;
  cells: Cells;
  submissions: number;
  /** The cells of the latest submission (null before one was seen). */
  lastSnapshot: Cells | null;
}

type Op =
  | { kind: 'save'; id: number; cells: { rowId: string; raw: string }[] }
  | { kind: 'submit'; id: number; explanations: { rule: string; text: string }[] }
  | { kind: 'return'; id: number };

interface Finding {
  rule: string;
  severity: 'error' | 'warning';
}

interface ReportBody {
  id: string;
  status: Status;
  version: number;
  values: { rowId: string; raw: string }[];
  findings: Finding[];
}

interface SubmissionBody {
  number: number;
  cells: { rowId: string; raw: string }[];
}

/** What the crash test knows of one report: its acknowledged state and the request that may be in flight. */
interface ReportModel {
  id: string;
  agencyId: string;
  acked: ReportState;
  findings: Finding[];
  inflight: Op | null;
  touched: boolean;
}

interface EngineStats {
  engine: EngineName;
  trials: number;
  acknowledgedWrites: number;
  acknowledgedSaves: number;
  acknowledgedSubmits: number;
  acknowledgedReturns: number;
  lostWrites: number;
  halfSubmitted: number;
  tornWrites: number;
  inconsistent: number;
  staleAccepted: number;
  unexpectedResponses: number;
  startFailures: number;
  startupKills: number;
  inFlightAtKill: number;
  inFlightCommitted: number;
  reportsVerified: number;
  /** Restarted with the pid the lock names (as a container's PID 1 is): 'ok', 'refused', or not tried. */
  samePidRestart: 'ok' | 'refused' | 'not-tried';
  restartMs: { mean: number; max: number };
  killDelayMs: { min: number; max: number };
  dataKeptAt?: string;
}

const random = prng(SEED);
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

const cellsOf = (values: readonly { rowId: string; raw: string }[]): Cells => new Map(values.map((v) => [v.rowId, v.raw]));
const sameCells = (a: Cells, b: Cells) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
const cloneState = (s: ReportState): ReportState => ({ ...s, cells: new Map(s.cells), lastSnapshot: s.lastSnapshot && new Map(s.lastSnapshot) });

function apply(state: ReportState, op: Op): ReportState {
  const next = cloneState(state);
  next.version += 1;
  if (op.kind === 'save') {
    for (const c of op.cells) next.cells.set(c.rowId, c.raw);
    if (next.status === 'not-started') next.status = 'draft';
  } else if (op.kind === 'submit') {
    next.status = 'submitted';
    next.submissions += 1;
    next.lastSnapshot = new Map(next.cells);
  } else {
    next.status = 'returned';
  }
  return next;
}

function describe(op: Op): string {
  return op.kind === 'save' ? `save #${op.id} [${op.cells.map((c) => `${c.rowId}=${c.raw}`).join(', ')}]` : `${op.kind} #${op.id}`;
}

async function runEngine(engine: EngineName, database: ServerProcessOptions['database'], stats: EngineStats): Promise<void> {
  const problems: string[] = [];
  const problem = (line: string) => {
    problems.push(line);
    console.log(`  !! ${line}`);
  };
  let opCounter = 0;
  let rawCounter = 1_000;
  /** Which operation wrote each raw value (raw values are never reused). */
  const writerOf = new Map<string, number>();
  const restartTimes: number[] = [];

  // the first start seeds the demo; accounts sign in once and their sessions are used across every restart
  let server: ServerProcess = await startServerProcess({ database, demo: true });
  const world: World = await prepareWorld(server.url, server.lines, ROUNDS);
  const models = new Map<string, ReportModel>();
  for (const r of world.reports) {
    models.set(r.id, {
      id: r.id,
      agencyId: r.agencyId,
      acked: { version: r.version, status: 'not-started', cells: new Map(), submissions: 0, lastSnapshot: null },
      findings: [],
      inflight: null,
      touched: true,
    });
  }
  const khcn = world.reports.filter((r) => r.agencyId === 'nt-so-khcn').map((r) => models.get(r.id)!);
  const tuphap = world.reports.filter((r) => r.agencyId === 'nt-so-tu-phap').map((r) => models.get(r.id)!);

  /** Reads a report back and checks it against what was acknowledged; then the model becomes what the server has. */
  async function verify(url: string, model: ReportModel): Promise<void> {
    const view = await api<ReportBody>(url, world.admin, 'GET', `/api/reports/${model.id}`);
    const subs = await api<SubmissionBody[]>(url, world.admin, 'GET', `/api/reports/${model.id}/submissions`);
    if (view.status !== 200 || subs.status !== 200) {
      stats.inconsistent++;
      problem(`${model.id}: cannot be read back after restart (${view.status}/${subs.status}) ${JSON.stringify(view.body).slice(0, 300)}`);
      return;
    }
    stats.reportsVerified++;
    const sorted = [...subs.body].sort((a, b) => a.number - b.number);
    const latest = sorted.at(-1);
    const actual: ReportState = {
      version: view.body.version,
      status: view.body.status,
      cells: cellsOf(view.body.values),
      submissions: sorted.length,
      lastSnapshot: latest ? cellsOf(latest.cells) : null,
    };
    const acked = model.acked;
    const inflight = model.inflight;
    const candidates = [acked, ...(inflight ? [apply(acked, inflight)] : [])];
    const equal = (c: ReportState) =>
      c.version === actual.version &&
      c.status === actual.status &&
      c.submissions === actual.submissions &&
      sameCells(c.cells, actual.cells) &&
      (c.lastSnapshot === null || (actual.lastSnapshot !== null && sameCells(c.lastSnapshot, actual.lastSnapshot)));
    const match = candidates.findIndex(equal);
    if (inflight) {
      stats.inFlightAtKill++;
      if (match === 1) stats.inFlightCommitted++;
    }

    // half-submitted: the invariants of a submission, whatever else happened
    const half: string[] = [];
    if (actual.status === 'submitted' && (actual.lastSnapshot === null || !sameCells(actual.lastSnapshot, actual.cells))) {
      half.push('status "submitted" without a submission snapshot equal to the current cells');
    }
    const submitInFlight = inflight?.kind === 'submit';
    if (actual.submissions !== acked.submissions) {
      if (!(
        submitInFlight &&
        actual.submissions === acked.submissions + 1 &&
        actual.status === 'submitted' &&
        actual.version === acked.version + 1
      )) {
        half.push(
          `${actual.submissions} submissions, ${acked.submissions} acknowledged (status ${actual.status}, version ${actual.version} vs ${acked.version})`,
        );
      }
    } else if (actual.status === 'submitted' && acked.status !== 'submitted') {
      half.push('status "submitted" without a new submission row');
    }
    if (half.length > 0) {
      stats.halfSubmitted++;
      problem(`${model.id}: half-submitted: ${half.join('; ')}`);
    }

    if (match < 0) {
      // lost: acknowledged cells missing (unless the in-flight autosave overwrote them), or the version went back
      const inflightCells = inflight?.kind === 'save' ? cellsOf(inflight.cells) : new Map<string, string>();
      const missing = new Map<number | string, string>();
      for (const [rowId, raw] of acked.cells) {
        const now = actual.cells.get(rowId);
        if (now === raw || (inflightCells.has(rowId) && now === inflightCells.get(rowId))) continue;
        missing.set(writerOf.get(raw) ?? raw, `autosave #${writerOf.get(raw) ?? '?'} (${rowId}=${raw}, found ${now ?? 'nothing'})`);
      }
      // writes lost: the autosaves whose cells are missing, or the versions gone back, whichever is more
      const versionsLost = Math.max(0, acked.version - actual.version);
      const statusLost = acked.status !== actual.status && !(inflight && apply(acked, inflight).status === actual.status);
      const lost = Math.max(missing.size, versionsLost, statusLost ? 1 : 0);
      if (lost > 0) {
        stats.lostWrites += lost;
        problem(
          `${model.id}: ${lost} acknowledged write(s) LOST: acknowledged v${acked.version} ${acked.status}, found v${actual.version} ${actual.status}` +
            `${missing.size ? `; missing ${[...missing.values()].join(', ')}` : ''}`,
        );
      }
      // torn: the in-flight autosave partly applied
      if (inflight?.kind === 'save' && inflight.cells.length > 1) {
        const applied = inflight.cells.filter((c) => actual.cells.get(c.rowId) === c.raw).length;
        if (applied > 0 && applied < inflight.cells.length) {
          stats.tornWrites++;
          problem(`${model.id}: TORN in-flight ${describe(inflight)}: ${applied} of ${inflight.cells.length} cells applied`);
        }
      }
      if (lost === 0 && half.length === 0) {
        stats.inconsistent++;
        problem(
          `${model.id}: inconsistent after restart: acknowledged v${acked.version} ${acked.status} (${acked.submissions} submissions), ` +
            `in flight ${inflight ? describe(inflight) : 'nothing'}, found v${actual.version} ${actual.status} (${actual.submissions} submissions)`,
        );
      }
    }
    model.acked = actual;
    model.findings = view.body.findings;
    model.inflight = null;
    model.touched = false;
  }

  /** One writer: requests one after another on its report until the server is killed. */
  async function write(url: string, model: ReportModel, writer: Session, canSubmit: boolean, stop: { killed: boolean }): Promise<void> {
    while (!stop.killed) {
      const state = model.acked;
      if (state.status === 'accepted') return;
      let op: Op;
      let session = writer;
      let path: string;
      let body: unknown;
      if (state.status === 'submitted') {
        op = { kind: 'return', id: ++opCounter };
        session = world.admin;
        path = `/api/reports/${model.id}/return`;
        body = { version: state.version, reasons: [{ rowId: null, text: 'Trả lại để kiểm tra (thử nghiệm sự cố).' }] };
      } else if (state.version > 1 && random() < STALE_PROBE_PROBABILITY) {
        // a write carrying an old version must be refused, whatever happens around it
        const stale = await send(url, writer, 'PUT', `/api/reports/${model.id}/values`, {
          version: state.version - 1,
          cells: [{ rowId: pick(world.countRows), raw: '1' }],
        });
        if (stale === null) return;
        if (stale.status >= 200 && stale.status < 300) {
          stats.staleAccepted++;
          problem(`${model.id}: a write with stale version ${state.version - 1} was accepted (current ${state.version})`);
          model.acked = { ...model.acked, version: (stale.body as ReportBody).version, cells: cellsOf((stale.body as ReportBody).values) };
        } else if (stale.status !== 409) {
          stats.unexpectedResponses++;
          problem(`${model.id}: stale write answered ${stale.status}, not 409`);
        }
        continue;
      } else if (canSubmit && random() < SUBMIT_PROBABILITY) {
        const explanations = [...new Set(model.findings.filter((f) => f.severity === 'error').map((f) => f.rule))].map((rule) => ({
          rule,
          text: 'Số liệu thử nghiệm, đã kiểm tra.',
        }));
        op = { kind: 'submit', id: ++opCounter, explanations };
        path = `/api/reports/${model.id}/submit`;
        body = { version: state.version, explanations, signer: 'Nguyễn Văn Thử' };
      } else {
        const rows = new Set<string>();
        const n = between(1, 3);
        while (rows.size < n) rows.add(pick(world.countRows));
        const id = ++opCounter;
        const cells = [...rows].map((rowId) => {
          const raw = String(rawCounter++);
          writerOf.set(raw, id);
          return { rowId, raw };
        });
        op = { kind: 'save', id, cells };
        path = `/api/reports/${model.id}/values`;
        body = { version: state.version, cells };
      }
      model.inflight = op;
      model.touched = true;
      const response = await send(url, session, op.kind === 'save' ? 'PUT' : 'POST', path, body);
      if (response === null) return; // killed: the request stays in flight
      model.inflight = null;
      if (response.status === 200) {
        const view = response.body as ReportBody;
        const next = apply(state, op);
        if (view.version !== next.version || view.status !== next.status || !sameCells(cellsOf(view.values), next.cells)) {
          stats.unexpectedResponses++;
          problem(`${model.id}: ${describe(op)} acknowledged with v${view.version} ${view.status}, expected v${next.version} ${next.status}`);
          next.version = view.version;
          next.status = view.status;
          next.cells = cellsOf(view.values);
        }
        model.acked = next;
        model.findings = view.findings;
        stats.acknowledgedWrites++;
        if (op.kind === 'save') stats.acknowledgedSaves++;
        else if (op.kind === 'submit') stats.acknowledgedSubmits++;
        else stats.acknowledgedReturns++;
      } else {
        stats.unexpectedResponses++;
        problem(`${model.id}: ${describe(op)} answered ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
        return;
      }
    }
  }

  /** A request; null when the connection failed (the server was killed) or the response did not arrive in full. */
  async function send(url: string, session: Session, method: string, path: string, body: unknown) {
    try {
      return await api(url, session, method, path, body, 20_000);
    } catch {
      return null;
    }
  }

  let loopStartFailed = false;
  try {
    for (let trial = 1; trial <= TRIALS; trial++) {
      let startupKill = '';
      if (trial > 1) {
        // sometimes the server is killed while it starts (opening, recovering, migrating)
        if (random() < STARTUP_KILL_PROBABILITY) {
          const typical = restartTimes.length ? restartTimes.reduce((a, b) => a + b, 0) / restartTimes.length : 1_000;
          const delay = between(0, Math.round(typical));
          const early = await spawnServer({ database });
          await sleep(delay);
          await early.kill();
          stats.startupKills++;
          startupKill = `, killed while starting after ${delay} ms`;
        }
        const started = Date.now();
        try {
          server = await startServerProcess({ database });
        } catch (error) {
          stats.startFailures++;
          loopStartFailed = true;
          problem(`trial ${trial}: the server did not start after the kill: ${(error as Error).message}`);
          break;
        }
        restartTimes.push(Date.now() - started);
        for (const model of models.values()) if (model.touched) await verify(server.url, model);
      } else {
        for (const model of models.values()) await verify(server.url, model);
      }

      // this trial's writers, each on its own report, rotating over the rounds' reports
      const writers: { model: ReportModel; session: Session; canSubmit: boolean }[] = [];
      const k = WRITERS.approver + WRITERS.khcnReporter;
      for (let i = 0; i < k; i++) {
        writers.push({
          model: khcn[((trial - 1) * k + i) % khcn.length]!,
          session: i < WRITERS.approver ? world.approver : world.khcnReporter,
          canSubmit: i < WRITERS.approver,
        });
      }
      for (let i = 0; i < WRITERS.tuphapReporter; i++) {
        writers.push({ model: tuphap[((trial - 1) * WRITERS.tuphapReporter + i) % tuphap.length]!, session: world.tuphapReporter, canSubmit: false });
      }
      const before = stats.acknowledgedWrites;
      const stop = { killed: false };
      const running = writers.map((w) => write(server.url, w.model, w.session, w.canSubmit, stop));
      const delay = between(KILL_DELAY_MS.min, KILL_DELAY_MS.max);
      await sleep(delay);
      stop.killed = true;
      await server.kill();
      await Promise.all(running);
      stats.trials = trial;
      if (SELF_CHECK && trial === 1) {
        // pretend the server acknowledged an autosave it never saw: the next check must report it lost
        const model = writers[0]!.model;
        const raw = String(rawCounter++);
        writerOf.set(raw, ++opCounter);
        model.acked = { ...model.acked, version: model.acked.version + 1, cells: new Map(model.acked.cells).set(world.countRows[0]!, raw) };
        console.log(`  self-check: pretending ${model.id} acknowledged ${world.countRows[0]}=${raw}; it must be reported lost`);
      }
      const inFlight = writers.filter((w) => w.model.inflight).length;
      const restart = restartTimes.at(-1);
      console.log(
        `${engine} trial ${String(trial).padStart(3)}/${TRIALS}: killed after ${delay} ms; ${stats.acknowledgedWrites - before} writes acknowledged, ${inFlight} in flight` +
          `${restart !== undefined ? `; restart took ${restart} ms${startupKill}` : ''}; problems so far ${problems.length}`,
      );
    }
    // a container restarts its server as PID 1 again: the lock the killed server left names the new process itself
    if (engine === 'pglite' && stats.startFailures === 0) {
      try {
        server = await startServerProcess({ database, shellPrefix: 'echo $$ > "$CCHC_DATA_DIR/cchc.lock"' }, 60_000);
        stats.samePidRestart = 'ok';
        for (const model of models.values()) if (model.touched) await verify(server.url, model);
        await server.kill();
      } catch (error) {
        stats.samePidRestart = 'refused';
        stats.startFailures++;
        problem(
          `restart with the pid recorded in the lock (a container's PID 1 after a kill) refused: ${(error as Error).message.split('\n').slice(-1)[0]}`,
        );
      }
    }
    // the last kill's restart, a check of every report, and a clean stop
    if (!loopStartFailed) {
      const started = Date.now();
      try {
        server = await startServerProcess({ database });
        restartTimes.push(Date.now() - started);
        for (const model of models.values()) await verify(server.url, model);
        await server.stop();
        const { code } = await server.exited;
        if (code !== 0) problem(`the server did not stop cleanly on SIGTERM (exit code ${code})`);
      } catch (error) {
        stats.startFailures++;
        problem(`the server did not start after the last kill: ${(error as Error).message}`);
      }
    }
  } finally {
    if (!server.hasExited()) await server.kill();
  }
  stats.restartMs = {
    mean: restartTimes.length ? Math.round(restartTimes.reduce((a, b) => a + b, 0) / restartTimes.length) : 0,
    max: restartTimes.length ? Math.max(...restartTimes) : 0,
  };
  if (problems.length > 0) console.log(`${engine}: ${problems.length} problem(s); see the lines marked !! above (seed ${SEED})`);
}

function emptyStats(engine: EngineName): EngineStats {
  return {
    engine,
    trials: 0,
    acknowledgedWrites: 0,
    acknowledgedSaves: 0,
    acknowledgedSubmits: 0,
    acknowledgedReturns: 0,
    lostWrites: 0,
    halfSubmitted: 0,
    tornWrites: 0,
    inconsistent: 0,
    staleAccepted: 0,
    unexpectedResponses: 0,
    startFailures: 0,
    startupKills: 0,
    inFlightAtKill: 0,
    inFlightCommitted: 0,
    reportsVerified: 0,
    samePidRestart: 'not-tried',
    restartMs: { mean: 0, max: 0 },
    killDelayMs: KILL_DELAY_MS,
  };
}

const failures = (s: EngineStats) =>
  s.lostWrites + s.halfSubmitted + s.tornWrites + s.inconsistent + s.staleAccepted + s.unexpectedResponses + s.startFailures;

console.log(`crash test: ${TRIALS} trials per engine, seed ${SEED} (repeat with CRASH_SEED=${SEED})`);
const results: Partial<Record<EngineName, EngineStats>> = {};
const started = Date.now();

{
  const dataDir = mkdtempSync(join(tmpdir(), 'cchc-crash-'));
  const stats = emptyStats('pglite');
  results.pglite = stats;
  console.log(`\n== embedded database (PGlite), data directory ${dataDir}, reused across all trials`);
  try {
    await runEngine('pglite', { engine: 'pglite', dataDir }, stats);
  } catch (error) {
    stats.startFailures++;
    console.log(`  !! pglite: ${(error as Error).stack ?? String(error)}`);
  }
  if (KEEP || failures(stats) > 0) {
    stats.dataKeptAt = dataDir;
    console.log(`pglite: data directory kept at ${dataDir}`);
  } else rmSync(dataDir, { recursive: true, force: true });
}

const databaseUrl = process.env['DATABASE_URL'];
if (databaseUrl) {
  const stats = emptyStats('postgres');
  results.postgres = stats;
  const fresh = await createPostgresDatabase(databaseUrl, 'cchc_crash');
  console.log(`\n== PostgreSQL, fresh database ${fresh.name} on the DATABASE_URL server`);
  try {
    await runEngine('postgres', { engine: 'postgres', url: fresh.url }, stats);
  } catch (error) {
    stats.startFailures++;
    console.log(`  !! postgres: ${(error as Error).stack ?? String(error)}`);
  }
  if (KEEP) {
    stats.dataKeptAt = fresh.name;
    console.log(`postgres: database ${fresh.name} kept`);
  } else await fresh.drop();
} else {
  console.log(
    '\n== PostgreSQL: SKIPPED (DATABASE_URL is not set; set it to a server, e.g. postgres://postgres@127.0.0.1:5432/postgres, to run this half)',
  );
}

const all = Object.values(results);
const sum = (f: (s: EngineStats) => number) => all.reduce((n, s) => n + f(s), 0);
const summary = {
  trials: { pglite: results.pglite?.trials ?? 0, postgres: results.postgres ? results.postgres.trials : 'skipped' },
  acknowledgedWrites: sum((s) => s.acknowledgedWrites),
  lostWrites: sum((s) => s.lostWrites),
  halfSubmitted: sum((s) => s.halfSubmitted),
  tornWrites: sum((s) => s.tornWrites),
  inconsistent: sum((s) => s.inconsistent),
  staleAccepted: sum((s) => s.staleAccepted),
  unexpectedResponses: sum((s) => s.unexpectedResponses),
  startFailures: sum((s) => s.startFailures),
  seed: SEED,
  seconds: Math.round((Date.now() - started) / 1000),
  engines: results,
  ok: all.every((s) => failures(s) === 0 && s.trials === TRIALS),
};
console.log(
  `\n${all
    .map(
      (s) =>
        `${s.engine}: ${s.trials} trials, ${s.acknowledgedWrites} acknowledged writes (${s.acknowledgedSaves} autosaves, ${s.acknowledgedSubmits} submits, ${s.acknowledgedReturns} returns), ` +
        `${s.lostWrites} lost, ${s.halfSubmitted} half-submitted, ${s.tornWrites} torn, ${s.inconsistent} inconsistent; ${s.inFlightCommitted}/${s.inFlightAtKill} in-flight requests committed; ` +
        `${s.startupKills} kills while starting; restart ${s.restartMs.mean} ms mean, ${s.restartMs.max} ms max`,
    )
    .join('\n')}`,
);
if (!results.postgres) console.log('postgres: SKIPPED (no DATABASE_URL)');
const failed = Object.entries({
  'lost writes': summary.lostWrites,
  'half-submitted reports': summary.halfSubmitted,
  'torn writes': summary.tornWrites,
  'inconsistent reports': summary.inconsistent,
  'stale writes accepted': summary.staleAccepted,
  'unexpected responses': summary.unexpectedResponses,
  'failed restarts': summary.startFailures,
}).filter(([, n]) => n > 0);
console.log(
  summary.ok
    ? 'crash test passed: no acknowledged write lost, no report half-submitted, every restart opened the database'
    : `crash test FAILED: ${failed.map(([what, n]) => `${n} ${what}`).join(', ') || 'not every trial ran'}`,
);
console.log(JSON.stringify(summary));
process.exitCode = summary.ok ? 0 : 1;
