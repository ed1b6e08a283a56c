/**
 * Two server processes on one PostgreSQL serve the same data: a session and a write made through one are seen
 * through the other, two concurrent writes to one report end in one success and one 409, and sessions ended through
 * one stop working on the other at once, though each process keeps resolved sessions in memory.
 * Needs DATABASE_URL (CI sets it); skipped, and said so, without it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { onPostgres } from '../test-support/both-engines.js';
import { buildWorld, PASSWORD } from '../test-support/world.js';
import { createRound } from './services/round.service.js';
import { listReports } from './repositories/report.repository.js';
import { SESSION_CACHE_TTL_MS } from './services/session-cache.js';

async function waitForHealth(url: string, child: ChildProcess, output: string[]): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output.join('')}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${output.join('')}`);
}

onPostgres('two server processes', (postgres) => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
  });

  it('share sessions and data; concurrent writes end in one success and one 409', async () => {
    const database = await postgres.fresh();
    const ctx = await buildWorld(database);
    const round = await createRound(
      ctx,
      { accountId: 'acc-admin', username: 'admin', displayName: 'admin', role: 'admin', scope: new Set(['ninh-thuan', 'so-khcn']) },
      { templateId: 'ninh-thuan-7s-2022', period: { year: 2022, kind: 'H1' }, agencyIds: ['so-khcn'] },
    );
    const reportId = (await listReports(ctx.db, { agencyIds: ['so-khcn'], roundId: round.id }))[0]!.id;
    const url = process.env['DATABASE_URL']!;
    const dbName = (await database.db.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('db')).executeTakeFirstOrThrow()).db;
    const target = new URL(url);
    target.pathname = `/${dbName}`;
    await database.close();

    const servers = await Promise.all(
      [0, 1].map(async (i) => {
        const port = 41000 + Math.floor(Math.random() * 2000) * 2 + i;
        const output: string[] = [];
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'serve'], {
          env: { ...process.env, DATABASE_URL: target.toString(), PORT: String(port), HOST: '127.0.0.1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout!.on('data', (d) => output.push(String(d)));
        child.stderr!.on('data', (d) => output.push(String(d)));
        children.push(child);
        const base = `http://127.0.0.1:${port}`;
        await waitForHealth(base, child, output);
        return base;
      }),
    );
    const [a, b] = servers as [string, string];

    const login = await fetch(`${a}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'khcn.baocao', password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };

    // the session made on A is valid on B
    expect((await fetch(`${b}/api/auth/me`, { headers })).status).toBe(200);

    // a write through A is read through B
    const put = (base: string, version: number, raw: string) =>
      fetch(`${base}/api/reports/${reportId}/values`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({ version, cells: [{ rowId: '3.1.3', raw }] }),
      });
    expect((await put(a, 1, '53')).status).toBe(200);
    const seen = await (await fetch(`${b}/api/reports/${reportId}`, { headers })).json();
    expect(seen).toMatchObject({ version: 2, values: [{ rowId: '3.1.3', value: 53 }] });

    // two writers read version 2 and write at once, one through each process
    const [first, second] = await Promise.all([put(a, 2, '54'), put(b, 2, '55')]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const final = await (await fetch(`${a}/api/reports/${reportId}`, { headers })).json();
    const winner = first.status === 200 ? 54 : 55;
    expect(final).toMatchObject({ version: 3, values: [{ rowId: '3.1.3', value: winner }] });

    // each process keeps resolved sessions for a few seconds; ending them through A reaches B at once (NOTIFY), well
    // before B's copy would have expired by itself
    expect((await fetch(`${b}/api/auth/me`, { headers })).status).toBe(200);
    const ended = await fetch(`${a}/api/auth/logout-everywhere`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(ended.status).toBeLessThan(300);
    const startedAt = Date.now();
    let status = 200;
    while (status !== 401 && Date.now() - startedAt < 1_500) {
      status = (await fetch(`${b}/api/auth/me`, { headers })).status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(401);
    expect(Date.now() - startedAt).toBeLessThan(SESSION_CACHE_TTL_MS / 2);
  }, 120_000);
});
