import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { startServer } from './start-server.js';

async function login(url: string, username: string, password: string) {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: response.status, cookie: response.headers.get('set-cookie')?.split(';')[0] ?? '', body: await response.json() };
}

describe('starting CCHC on an empty embedded database (demo mode)', () => {
  it('seeds the demo once, prints the accounts once, survives a restart and refuses a second server on the directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cchc-start-'));
    const lines: string[] = [];
    const env = { CCHC_DATA_DIR: dataDir, CCHC_LOG_LEVEL: 'silent' };
    const server = await startServer({ demo: true, port: 0, host: '127.0.0.1', env, log: (l) => lines.push(l) });
    try {
      expect(lines[0]).toContain('Đang mở cơ sở dữ liệu nhúng');
      const health = await fetch(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      const accounts = lines.filter((l) => /^ {2}\w/u.test(l)).map((l) => l.trim().split(/\s+/u));
      expect(accounts.map((a) => a[0])).toEqual(['admin', 'consolidator', 'reporter', 'approver', 'reporter', 'viewer']);
      const [, username, password] = accounts.find((a) => a[0] === 'consolidator')!;
      const signedIn = await login(server.url, username!, password!);
      expect(signedIn.status).toBe(200);
      const reports = (await (await fetch(`${server.url}/api/reports`, { headers: { cookie: signedIn.cookie } })).json()) as {
        roundId: string | null;
        status: string;
      }[];
      const open = reports.filter((r: { roundId: string | null }) => r.roundId !== null);
      expect(new Set(open.map((r: { status: string }) => r.status))).toEqual(new Set(['not-started', 'draft', 'submitted', 'returned', 'accepted']));
      expect(reports.filter((r: { roundId: string | null }) => r.roundId === null).length).toBeGreaterThanOrEqual(8); // history
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(200);
      // the web client's shell when it is built (npm test builds it), else the note saying how to build it
      const built = existsSync(join(import.meta.dirname, '..', '..', 'web', 'dist', 'index.html'));
      expect(await page.text()).toContain(built ? '<title>CCHC' : 'web/dist is missing');

      await expect(startServer({ demo: true, port: 0, host: '127.0.0.1', env, log: () => {} })).rejects.toThrow(DataDirLockedError);
    } finally {
      await server.stop();
    }

    const again: string[] = [];
    const restarted = await startServer({ demo: true, port: 0, host: '127.0.0.1', env, log: (l) => again.push(l) });
    try {
      expect(again.join('\n')).not.toContain('Tài khoản trình diễn'); // not seeded or printed twice
      const [, username, password] = lines
        .filter((l) => l.includes('consolidator'))[0]!
        .trim()
        .split(/\s+/u);
      expect((await login(restarted.url, username!, password!)).status).toBe(200);
    } finally {
      await restarted.stop();
    }
  }, 120_000);

  it('never creates demo accounts outside demo mode', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cchc-prod-'));
    const lines: string[] = [];
    const logged: string[] = [];
    const server = await startServer({
      demo: false,
      env: { CCHC_DATA_DIR: dataDir, PORT: '0', CCHC_API_DOCS: '0' },
      log: (l) => lines.push(l),
      logStream: { write: (l) => void logged.push(l) },
    });
    try {
      expect(lines.join('\n')).not.toContain('Tài khoản trình diễn');
      // an empty production database says what comes first
      expect(lines).toContain(
        'Chưa có cơ quan nào: hãy nạp cây cơ quan của tỉnh (npx cchc agencies import <tệp>), rồi tạo quản trị viên đầu tiên (npx cchc admin create). Xem docs/operations.md.',
      );
      expect((await login(server.url, 'quantri', 'anything-1')).status).toBe(401);
      // the request is logged as a JSON line (settings: CCHC_LOG_LEVEL defaults to info), without the password
      const line = logged.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['route'] === '/api/auth/login');
      expect(line).toMatchObject({ level: 'info', method: 'POST', status: 401, reason: 'failed login for quantri' });
      expect(logged.join('')).not.toContain('anything-1');
      // CCHC_API_DOCS=0: no /api/docs, and the ready line does not point to it
      expect((await fetch(`${server.url}/api/docs/json`)).status).toBe(404);
      expect(lines.find((l) => l.startsWith('CCHC đã sẵn sàng'))).not.toContain('/api/docs');
      expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);
      const count = await server.database.db
        .selectFrom('accounts')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
