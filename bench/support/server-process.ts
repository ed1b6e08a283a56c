/**
 * A CCHC server in its own process, as an operator runs it (`node bin/cchc.js serve`), for the crash test and the
 * load bench: a free loopback port, the embedded database in a data directory or PostgreSQL by DATABASE_URL, ready
 * when `GET /api/health` answers; stopped by SIGTERM or killed with SIGKILL (the whole process group). Also: the demo
 * accounts printed on the first start, a signed-in API session (cookie + CSRF header), and fresh PostgreSQL databases.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

export type EngineName = 'pglite' | 'postgres';

/** A port free on 127.0.0.1 right now (the kernel's pick). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ServerProcessOptions {
  /** CCHC_DATA_DIR (embedded database) or DATABASE_URL (PostgreSQL); the other one is removed from the environment. */
  database: { engine: 'pglite'; dataDir: string } | { engine: 'postgres'; url: string };
  demo?: boolean;
  /** Extra arguments for node itself (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** The `cchc` entry to run instead of bin/cchc.js (e.g. bench/support/serve-from-source.ts with nodeArgs --import tsx). */
  bin?: string;
  /**
   * A /bin/sh command run first, in the process that then becomes the server (`exec node …`): the server keeps the
   * shell's pid, so the command can, e.g., write that pid into the data directory's lock (a container's PID 1).
   */
  shellPrefix?: string;
}

export interface ServerProcess {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** stdout and stderr lines so far (the last 2,000). */
  lines: string[];
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** SIGKILL to the process group; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop: the data directory's lock is released); SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Spawns `node bin/cchc.js serve` in its own process group, without waiting for it to be ready. */
export async function spawnServer(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['DATABASE_URL'];
  delete env['CCHC_DATA_DIR'];
  delete env['NODE_OPTIONS'];
  Object.assign(env, { PORT: String(port), HOST: '127.0.0.1', ...(options.env ?? {}) });
  if (options.database.engine === 'pglite') env['CCHC_DATA_DIR'] = options.database.dataDir;
  else env['DATABASE_URL'] = options.database.url;
  // CCHC_BENCH_BIN: another build's bin/cchc.js, to compare a candidate change against this one
  const bin = options.bin ?? process.env['CCHC_BENCH_BIN'] ?? join(REPO_ROOT, 'bin', 'cchc.js');
  const args = [...(options.nodeArgs ?? []), bin, 'serve', ...(options.demo ? ['--demo'] : [])];
  const quote = (a: string) => `'${a.replaceAll("'", `'\\''`)}'`;
  const child = options.shellPrefix
    ? spawn('/bin/sh', ['-c', `${options.shellPrefix} && exec ${[process.execPath, ...args].map(quote).join(' ')}`], {
        cwd: REPO_ROOT,
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      })
    : spawn(process.execPath, args, { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts);
      if (lines.length > 2000) lines.splice(0, lines.length - 2000);
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  let exitedFlag = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedFlag = true;
      resolve({ code, signal });
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not spawn the server');
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid,
    child,
    lines,
    exited,
    hasExited: () => exitedFlag,
    async kill() {
      killGroup('SIGKILL');
      await exited;
    },
    async stop(graceMs = 15_000) {
      if (exitedFlag) return;
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Waits until `GET /api/health` answers 200; fails when the process exits first or after `timeoutMs`. */
export async function waitReady(server: ServerProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.hasExited()) {
      const { code, signal } = await server.exited;
      throw new Error(`server exited before it was ready (code ${code}, signal ${signal}):\n${server.lines.slice(-30).join('\n')}`);
    }
    try {
      const response = await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${server.lines.slice(-30).join('\n')}`);
}

export async function startServerProcess(options: ServerProcessOptions, timeoutMs?: number): Promise<ServerProcess> {
  const server = await spawnServer(options);
  try {
    await waitReady(server, timeoutMs);
  } catch (error) {
    await server.kill();
    throw error;
  }
  return server;
}

/** The demo accounts and passwords printed once by the first `serve --demo` on an empty database. */
export function demoCredentials(lines: readonly string[]): Map<string, { role: string; password: string }> {
  const accounts = new Map<string, { role: string; password: string }>();
  for (const line of lines) {
    const m = /^\s+(admin|consolidator|reporter|approver|viewer)\s+(\S+)\s+(\S+)\s+\(/u.exec(line);
    if (m) accounts.set(m[2]!, { role: m[1]!, password: m[3]! });
  }
  return accounts;
}

/** A signed-in session: the session cookie and the CSRF token every write must show. */
export interface Session {
  username: string;
  cookie: string;
  csrf: string;
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** One API call with a session (against any server URL: sessions live in the database and survive restarts). */
export async function api<T = unknown>(
  baseUrl: string,
  session: Session | null,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 30_000,
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (session) {
    headers['cookie'] = session.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = session.csrf;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T };
}

export async function login(baseUrl: string, username: string, password: string): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`login ${username} failed: ${response.status} ${text}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith('cchc_session='));
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return { username, cookie, csrf: (JSON.parse(text) as { csrfToken: string }).csrfToken };
}

/** A fresh database on the PostgreSQL server of `baseUrl`; drop() removes it (after the servers using it stopped). */
export async function createPostgresDatabase(baseUrl: string, prefix: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`.toLowerCase().replace(/[^a-z0-9_]/gu, '_');
  const admin = new URL(baseUrl);
  admin.pathname = '/postgres';
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** A small seeded PRNG (mulberry32): runs can be repeated with the same seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
