import { beforeEach, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { onBothEngines, type WorldContext } from '../test-support/both-engines.js';
import { PASSWORD } from '../test-support/world.js';
import { buildApp, SESSION_COOKIE } from './app.js';
import { as, openRound, signIn } from '../test-support/http.js';
import { listAudit } from './repositories/audit.repository.js';

onBothEngines('API', (engine) => {
  let ctx: WorldContext;
  let app: FastifyInstance;
  beforeEach(async () => {
    ({ ctx, app } = await engine.world({ app: { engine: engine.name, loginLimit: { max: 5, timeWindowMs: 60_000 } } }));
  });

  it('answers health once ready, with security headers', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', engine: engine.name });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('logs in with an HttpOnly SameSite cookie, and refuses a wrong password in Vietnamese', async () => {
    const ok = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'khcn.baocao', password: PASSWORD } });
    expect(ok.statusCode).toBe(200);
    const cookie = ok.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(ok.json().actor).toMatchObject({ username: 'khcn.baocao', role: 'reporter', agencyIds: ['so-khcn'] });

    const bad = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'khcn.baocao', password: 'sai' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ status: 401, code: 'bad-credentials', detail: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
    const audit = await listAudit(ctx.db, { entity: 'account' });
    expect(audit.map((a) => a.action)).toEqual(['login', 'login-failed']);
  });

  it('throttles failed sign-ins per account with growing delays, whatever address X-Forwarded-For claims', async () => {
    // no proxy is trusted (the default): the header is ignored, every attempt comes from the socket's address
    const attempt = (password: string, n: number) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': `203.0.113.${n}` },
        payload: { username: 'admin', password },
      });
    const first = [];
    for (let i = 0; i < 6; i++) first.push(await attempt('sai', i));
    expect(first.slice(0, 5).map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401]);
    expect(first[5]!.statusCode).toBe(429);
    expect(first[5]!.headers['retry-after']).toBe('1');
    expect(first[5]!.json().detail).toContain('đợi khoảng 1 giây');
    // a refused attempt checks no password: even the right one waits
    expect((await attempt(PASSWORD, 7)).statusCode).toBe(429);
    // the counter lives in the database, so a second process sharing it refuses too
    const other = await buildApp(ctx, { loginLimit: { max: 5, timeWindowMs: 60_000 } });
    const fromOther = await other.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: PASSWORD } });
    expect(fromOther.statusCode).toBe(429);
    await other.close();
    // a delay, not a lockout: once it has passed one more attempt is checked, and the next delay is twice as long
    ctx.clock.advance(1000);
    expect((await attempt('sai', 8)).statusCode).toBe(401);
    const second = await attempt('sai', 9);
    expect(second.statusCode).toBe(429);
    expect(second.headers['retry-after']).toBe('2');
    ctx.clock.advance(2000);
    expect((await attempt(PASSWORD, 10)).statusCode).toBe(200);
    // a success clears the account's failures
    expect((await attempt('sai', 11)).statusCode).toBe(401);
    const keys = (await ctx.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key).sort();
    expect(keys).toEqual(['login:account:admin', 'login:address:127.0.0.1']);
  });

  it('throttles an address guessing across accounts, and ignores X-Forwarded-For unless a proxy is trusted', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 26; i++) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': `198.51.100.${i}` },
        payload: { username: `khong-co-${i}`, password: 'sai' },
      });
      statuses.push(response.statusCode);
    }
    // five times an account's allowance per address, then each attempt waits
    expect(statuses.slice(0, 25).every((s) => s === 401)).toBe(true);
    expect(statuses[25]).toBe(429);
    // behind a trusted proxy the forwarded address is the client's: another client is not held back by this one…
    const proxied = await buildApp(ctx, { loginLimit: { max: 5, timeWindowMs: 60_000 }, trustProxy: ['127.0.0.1'] });
    try {
      const from = (n: number, password = 'sai', username = 'khcn.xem') =>
        proxied.inject({ method: 'POST', url: '/api/auth/login', headers: { 'x-forwarded-for': `192.0.2.${n}` }, payload: { username, password } });
      expect((await from(1, PASSWORD)).statusCode).toBe(200);
      // …and rotating the forwarded address is still throttled per account
      const rotating = [];
      for (let i = 0; i < 6; i++) rotating.push((await from(10 + i)).statusCode);
      expect(rotating).toEqual([401, 401, 401, 401, 401, 429]);
      const keys = (await ctx.db.selectFrom('rate_limits').select('key').execute()).map((r) => r.key);
      expect(keys).toContain('login:address:192.0.2.14'); // the 6th, refused on the account, counts nowhere
    } finally {
      await proxied.close();
    }
  });

  it('never counts successful sign-ins: a whole office behind one address signs in', async () => {
    const office = await buildApp(ctx, { loginLimit: { max: 2, timeWindowMs: 60_000 } });
    try {
      const users = ['admin', 'snv.tonghop', 'khcn.baocao', 'khcn.duyet', 'khcn.xem', 'yte.baocao', 'kh.admin'];
      const statuses: number[] = [];
      for (let round = 0; round < 3; round++) {
        for (const username of users) {
          // one colleague mistypes once before signing in
          if (username === 'khcn.xem')
            statuses.push((await office.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'go-nham' } })).statusCode);
          statuses.push((await office.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } })).statusCode);
        }
      }
      // 21 sign-ins and 3 typos from one address, with an allowance of 2 failures per account and 10 per address
      expect(statuses.filter((s) => s === 200)).toHaveLength(21);
      expect(statuses.filter((s) => s === 401)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(0);
    } finally {
      await office.close();
    }
  });

  it('ends a session a week after its login however often it is used', async () => {
    const s = await signIn(app, 'khcn.xem');
    const hours = (n: number) => n * 60 * 60 * 1000;
    for (let use = 0; use < 23; use++) {
      ctx.clock.advance(hours(7)); // used every 7 hours: the 8-hour idle limit never bites
      expect((await app.inject({ method: 'GET', url: '/api/agencies', headers: as(s) })).statusCode).toBe(200);
    }
    ctx.clock.advance(hours(7)); // 168 hours after the login
    // within 8 hours of its last use, but 7 days after its login
    expect((await app.inject({ method: 'GET', url: '/api/agencies', headers: as(s) })).statusCode).toBe(401);
  });

  it('requires a session, and the CSRF token on writes', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/agencies' })).statusCode).toBe(401);
    const s = await signIn(app, 'snv.tonghop');
    const noCsrf = await app.inject({ method: 'POST', url: '/api/rounds', headers: { cookie: s.cookie }, payload: {} });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf');
  });

  it('serves the OpenAPI description at /api/docs', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json().paths)).toEqual(expect.arrayContaining(['/api/reports/{id}/values', '/api/rounds', '/api/auth/login']));
  });

  it('runs a round: the consolidator opens it, the agency saves cells read in vi-VN, findings come back, every write is audited', async () => {
    const snv = await signIn(app, 'snv.tonghop');
    const created = await app.inject({
      method: 'POST',
      url: '/api/rounds',
      headers: as(snv),
      payload: { templateId: 'quang-tri-forms-2022', period: { year: 2023, kind: 'Q3' }, agencyIds: ['so-khcn', 'so-y-te'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const round = created.json();
    expect(round).toMatchObject({ cutoff: { from: '2023-06-15', to: '2023-09-14' }, deadline: '2023-09-20', status: 'open' });

    const reporter = await signIn(app, 'khcn.baocao');
    const list = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json();
    expect(list).toHaveLength(1); // only its own agency's report
    expect(list[0]).toMatchObject({ agencyId: 'so-khcn', status: 'not-started', version: 1 });

    const saved = await app.inject({
      method: 'PUT',
      url: `/api/reports/${list[0].id}/values`,
      headers: as(reporter),
      payload: {
        version: 1,
        cells: [
          { rowId: '7/6.7', raw: '35,08' },
          { rowId: '7/6.7.1', raw: '24' },
          { rowId: '7/6.7.2', raw: '05' },
          { rowId: '6/1.2', raw: '6.786,875', note: 'Đến 15/9/2023' },
          { rowId: '1/3.1', raw: '-' },
        ],
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const report = saved.json();
    expect(report).toMatchObject({ status: 'draft', version: 2 });
    const cell = (rowId: string) => report.values.find((v: { rowId: string }) => v.rowId === rowId);
    expect(cell('6/1.2')).toEqual({ rowId: '6/1.2', raw: '6.786,875', value: 6786.875, status: 'reported', note: 'Đến 15/9/2023' });
    expect(cell('1/3.1')).toMatchObject({ value: null, status: 'not-reported' });
    expect(report.findings.map((f: { rule: string }) => f.rule)).toEqual(['ratio:7/6.7']);
    // the answer is built from what the write read and wrote: exactly what reading the report gives
    const read = await app.inject({ method: 'GET', url: `/api/reports/${list[0].id}`, headers: as(reporter) });
    expect(read.json()).toEqual(report);

    const audit = await listAudit(ctx.db, { entity: 'report', entityId: list[0].id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: 'acc-khcn.baocao', action: 'save-values' });
    expect((audit[0]!.after as { cells: unknown[] }).cells).toContainEqual({
      rowId: '6/1.2',
      raw: '6.786,875',
      value: 6786.875,
      status: 'reported',
      note: 'Đến 15/9/2023',
    });
    expect((audit[0]!.before as { cells: unknown[] }).cells).toContainEqual({
      rowId: '6/1.2',
      raw: '',
      value: null,
      status: 'not-reported',
      note: null,
    });
    expect((await listAudit(ctx.db, { entity: 'round' })).map((a) => a.action)).toEqual(['create-round']);
  });

  it('refuses a stale write with 409 and the current state; nothing is overwritten', async () => {
    const snv = await signIn(app, 'snv.tonghop');
    const round = await openRound(app, snv, { templateId: 'ninh-thuan-7s-2022', period: { year: 2022, kind: 'H1' }, agencyIds: ['so-khcn'] });
    const reporter = await signIn(app, 'khcn.baocao');
    const approver = await signIn(app, 'khcn.duyet');
    const [report] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json();
    const first = await app.inject({
      method: 'PUT',
      url: `/api/reports/${report.id}/values`,
      headers: as(reporter),
      payload: { version: 1, cells: [{ rowId: '3.1.3', raw: '53' }] },
    });
    expect(first.statusCode).toBe(200);
    const second = await app.inject({
      method: 'PUT',
      url: `/api/reports/${report.id}/values`,
      headers: as(approver),
      payload: { version: 1, cells: [{ rowId: '3.1.3', raw: '99' }] },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'stale-version', currentVersion: 2 });
    expect(second.json().current.values).toEqual([{ rowId: '3.1.3', raw: '53', value: 53, status: 'reported', note: null }]);
    expect(second.json().detail).toContain('người khác cập nhật');
    // a write answers with exactly what reading the report gives (a changed cell, a new one, and the rest)
    const third = await app.inject({
      method: 'PUT',
      url: `/api/reports/${report.id}/values`,
      headers: as(reporter),
      payload: {
        version: 2,
        cells: [
          { rowId: '3.1.3', raw: '54' },
          { rowId: '3.1.1', raw: '02' },
        ],
      },
    });
    expect(third.statusCode).toBe(200);
    expect(third.json()).toEqual((await app.inject({ method: 'GET', url: `/api/reports/${report.id}`, headers: as(reporter) })).json());
  });

  it('rejects rows the template does not have, and malformed bodies, with 4xx problems', async () => {
    const snv = await signIn(app, 'snv.tonghop');
    // an id longer than the router's default limit (100 characters) is an unknown report, not a 414
    const long = await app.inject({ method: 'GET', url: `/api/reports/${'r'.repeat(150)}`, headers: as(snv) });
    expect(long.statusCode).toBe(404);
    expect(long.json().code).toBe('not-found');
    const round = await openRound(app, snv, { templateId: 'ninh-thuan-7s-2022', period: { year: 2022, kind: 'H1' }, agencyIds: ['so-khcn'] });
    const reporter = await signIn(app, 'khcn.baocao');
    const [report] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json();
    const unknown = await app.inject({
      method: 'PUT',
      url: `/api/reports/${report.id}/values`,
      headers: as(reporter),
      payload: { version: 1, cells: [{ rowId: '99.9', raw: '1' }] },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().detail).toContain('99.9');
    const malformed = await app.inject({
      method: 'PUT',
      url: `/api/reports/${report.id}/values`,
      headers: as(reporter),
      payload: { version: 'x', cells: 5 },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().detail).toBe('Dữ liệu gửi lên không hợp lệ.');
    const unknownRoute = await app.inject({ method: 'GET', url: '/api/nothing', headers: as(reporter) });
    expect(unknownRoute.statusCode).toBe(404);
  });
});
