/**
 * The national-size world behind a server process, for bench:consolidate and bench:docx: a fresh database (PostgreSQL
 * when DATABASE_URL is set, otherwise the embedded one in a temporary directory) written by national-world.ts, then
 * `cchc serve` in its own process (from the TypeScript sources through tsx, so no build is needed; CCHC_BENCH_BUILT=1
 * runs bin/cchc.js, the compiled dist/), a consolidator signed in over HTTP, timed requests and the server's memory
 * (resident set now and its peak, from /proc). CCHC_BENCH_WORLD=<database name> keeps the PostgreSQL world in that
 * database and uses it again on the next runs (building 5,000 agencies takes minutes on a loaded machine).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import pg from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Template } from '../../src/core/catalogue/template.js';
import { openDatabase } from '../../src/server/db/open-database.js';
import { benchTemplate, buildNationalWorld, CONSOLIDATOR, makeValues, type Cell, type NationalWorld } from './national-world.js';
import { createPostgresDatabase, login, REPO_ROOT, startServerProcess, type ServerProcess, type Session } from './server-process.js';

export const log = (line: string) => process.stderr.write(`${line}\n`);
export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface NationalBench {
  engine: 'postgres' | 'pglite';
  template: Template;
  cells: Cell[];
  world: NationalWorld;
  server: ServerProcess;
  session: Session;
  close(): Promise<void>;
}

/** `earlier`: the world also holds the same period a year before (the province report's comparison). */
export async function startNationalBench(agencies: number, options: { earlier?: boolean } = {}): Promise<NationalBench> {
  const template = benchTemplate();
  const cells = makeValues(template, agencies);
  log(`${agencies} agencies × ${template.rows.length} rows = ${cells.length} cells (${cells.filter((c) => c.value === null).length} not reported)`);
  const url = process.env['DATABASE_URL'];
  const keep = process.env['CCHC_BENCH_WORLD'];
  if (keep !== undefined && !url) throw new Error('CCHC_BENCH_WORLD needs DATABASE_URL (a world is kept on PostgreSQL only)');
  const pgDatabase = url ? await (keep !== undefined ? keptPostgresDatabase(url, keep) : createPostgresDatabase(url, 'cchc_bench_national')) : null;
  const dataDir = pgDatabase ? null : await mkdtemp(join(tmpdir(), 'cchc-bench-national-'));
  const target = pgDatabase ? ({ engine: 'postgres', url: pgDatabase.url } as const) : ({ engine: 'pglite', dataDir: dataDir! } as const);
  if (!pgDatabase) log('DATABASE_URL is not set: the world is on the embedded database (the targets are for PostgreSQL).');
  let server: ServerProcess | null = null;
  try {
    const database = await openDatabase(target);
    let world: NationalWorld;
    try {
      const kept = pgDatabase && 'existed' in pgDatabase && pgDatabase.existed ? await keptWorld(database, template, agencies) : null;
      if (kept) log(`the world kept in ${pgDatabase!.name} (migrated to the latest version)`);
      else log(`building the world (${target.engine})…`);
      world = kept ?? (await buildNationalWorld(database, template, agencies, cells, log, options));
    } finally {
      await database.close();
    }
    const built = process.env['CCHC_BENCH_BUILT'] === '1';
    server = await startServerProcess({
      database: target,
      ...(built ? {} : { bin: join(REPO_ROOT, 'bench', 'support', 'serve-from-source.ts'), nodeArgs: ['--import', 'tsx'] }),
      env: { CCHC_LOG_LEVEL: 'warn' },
    });
    const session = await login(server.url, CONSOLIDATOR.username, CONSOLIDATOR.password);
    const running = server;
    return {
      engine: target.engine,
      template,
      cells,
      world,
      server: running,
      session,
      async close() {
        await running.stop();
        if (pgDatabase) await pgDatabase.drop();
        if (dataDir) await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server?.stop();
    if (pgDatabase) await pgDatabase.drop().catch(() => undefined);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * CCHC_BENCH_WORLD=<name>: the world kept in that database of the DATABASE_URL server, for repeated runs while working
 * on the code: built there the first time, used as it is (after the server's migrations) the next times, never dropped.
 */
async function keptPostgresDatabase(baseUrl: string, name: string): Promise<{ url: string; name: string; existed: boolean; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/u.test(name)) throw new Error(`CCHC_BENCH_WORLD: "${name}" is not a plain database name`);
  const admin = new URL(baseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  let existed: boolean;
  try {
    existed = (await client.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (!existed) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, existed, drop: async () => undefined };
}

/** The world a previous run left in a kept database, when it is one of this size and template (else null: built again). */
async function keptWorld(database: Awaited<ReturnType<typeof openDatabase>>, template: Template, agencies: number): Promise<NationalWorld | null> {
  const round = await database.db
    .selectFrom('rounds')
    .select('id')
    .where('template_id', '=', template.id)
    .orderBy('period_year', 'desc')
    .executeTakeFirst();
  const members = round
    ? await database.db
        .selectFrom('round_agencies')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('round_id', '=', round.id)
        .executeTakeFirst()
    : undefined;
  if (!round || Number(members?.n ?? 0) !== agencies) {
    if (round) throw new Error(`CCHC_BENCH_WORLD: the kept world has ${members?.n} agencies, not ${agencies}; drop it or name another database`);
    return null;
  }
  return { roundId: round.id, templateId: template.id, agencies, seconds: 0 };
}

export interface Timed {
  ms: number;
  status: number;
  bytes: number;
  body: Buffer;
}

/** One GET with the session, timed to the last byte. */
export async function timedGet(bench: NationalBench, path: string, timeoutMs = 600_000): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(`${bench.server.url}${path}`, { headers: { cookie: bench.session.cookie }, signal: AbortSignal.timeout(timeoutMs) });
  const body = Buffer.from(await response.arrayBuffer());
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${body.subarray(0, 300).toString()}`);
  return { ms, status: response.status, bytes: body.length, body };
}

/** The server process's resident set now and its peak so far, in MB (Linux /proc). */
export async function serverMemory(bench: NationalBench): Promise<{ rssMb: number; peakMb: number }> {
  const status = await readFile(`/proc/${bench.server.pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'mu').exec(status)?.[1] ?? NaN);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}
