/**
 * POST /api/auth/password: a signed-in user changes their own password — the current password verified and its
 * attempts rate-limited, the policy enforced in Vietnamese, every other session ended and this one rotated, an audit
 * row without secrets, the CSRF token required. On PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import type { FastifyInstance } from 'fastify';
import { beforeEach, expect, it } from 'vitest';
import { onBothEngines, type WorldContext } from '../test-support/both-engines.js';
import { as, signIn, type TestSession } from '../test-support/http.js';
import { PASSWORD } from '../test-support/world.js';
import { buildApp, SESSION_COOKIE } from './app.js';
import { getAccount } from './repositories/account.repository.js';
import { listAudit } from './repositories/audit.repository.js';

const NEW_PASSWORD = 'Mật khẩu mới 2026';

onBothEngines('password change', (engine) => {
  let ctx: WorldContext;
  let app: FastifyInstance;
  beforeEach(async () => {
    ({ ctx, app } = await engine.world({ app: { engine: engine.name, loginLimit: { max: 5, timeWindowMs: 60_000 } } }));
  });

  const change = (session: TestSession, payload: unknown, headers: Record<string, string> = as(session)) =>
    app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: payload as Record<string, unknown> });
  const login = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });

  it('refuses a wrong current password in Vietnamese, audits the attempt, and changes nothing', async () => {
    const s = await signIn(app, 'khcn.baocao');
    const before = await getAccount(ctx.db, 'acc-khcn.baocao');
    const response = await change(s, { currentPassword: 'khong-phai-mat-khau-1', newPassword: NEW_PASSWORD });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 403, code: 'wrong-password', detail: 'Mật khẩu hiện tại không đúng.' });
    expect((await getAccount(ctx.db, 'acc-khcn.baocao'))!.password_hash).toBe(before!.password_hash);
    expect((await me(s.cookie)).statusCode).toBe(200);
    const audit = await listAudit(ctx.db, { entity: 'account', entityId: 'acc-khcn.baocao' });
    expect(audit.map((a) => a.action)).toEqual(['login', 'password-change-failed']);
    expect(audit[1]!.actor_id).toBe('acc-khcn.baocao');
    expect((await login('khcn.baocao', PASSWORD)).statusCode).toBe(200);
    expect((await login('khcn.baocao', NEW_PASSWORD)).statusCode).toBe(401);
  });

  it('refuses a new password that fails the policy, with the policy’s message', async () => {
    const s = await signIn(app, 'khcn.baocao');
    const short = await change(s, { currentPassword: PASSWORD, newPassword: 'abc123' });
    expect(short.statusCode).toBe(422);
    expect(short.json()).toMatchObject({ code: 'weak-password', detail: 'Mật khẩu phải có ít nhất 10 ký tự.' });
    const empty = await change(s, { currentPassword: PASSWORD, newPassword: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().detail).toBe('Mật khẩu phải có ít nhất 10 ký tự.');
    const lettersOnly = await change(s, { currentPassword: PASSWORD, newPassword: 'chỉ có chữ thôi' });
    expect(lettersOnly.statusCode).toBe(422);
    expect(lettersOnly.json()).toMatchObject({ code: 'weak-password', detail: 'Mật khẩu phải có cả chữ và số.' });
    // longer than a login accepts: it could never be used
    const long = await change(s, { currentPassword: PASSWORD, newPassword: `a1${'x'.repeat(300)}` });
    expect(long.statusCode).toBe(422);
    expect(long.json().detail).toBe('Mật khẩu không được dài quá 200 ký tự.');
    const same = await change(s, { currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.statusCode).toBe(422);
    expect(same.json()).toMatchObject({ code: 'same-password', detail: 'Mật khẩu mới phải khác mật khẩu hiện tại.' });
    // nothing changed, the session lives on, nothing but the sign-in in the audit log
    expect((await me(s.cookie)).statusCode).toBe(200);
    expect((await login('khcn.baocao', PASSWORD)).statusCode).toBe(200);
    expect((await listAudit(ctx.db, { entity: 'account', entityId: 'acc-khcn.baocao' })).map((a) => a.action)).toEqual(['login', 'login']);
  });

  it('changes the password: the old one fails, the new one works, other sessions end, this one is rotated, audited without secrets', async () => {
    const here = await signIn(app, 'khcn.baocao');
    const phone = await signIn(app, 'khcn.baocao');
    const laptop = await signIn(app, 'khcn.baocao');
    const colleague = await signIn(app, 'khcn.duyet');
    const before = (await getAccount(ctx.db, 'acc-khcn.baocao'))!;
    ctx.clock.advance(5 * 60_000);

    const response = await change(here, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(response.statusCode, response.body).toBe(200);
    const changedAt = ctx.clock.now();
    const body = response.json();
    expect(body.sessionsEnded).toBe(2);
    expect(body.csrfToken).not.toBe(here.csrf);
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(ctx.clock.now().getTime());
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const rotated: TestSession = { cookie: `${SESSION_COOKIE}=${cookie.value}`, csrf: body.csrfToken };
    expect(rotated.cookie).not.toBe(here.cookie);

    // every earlier session of the account is gone, the one the change was made from included
    for (const old of [here, phone, laptop]) expect((await me(old.cookie)).statusCode).toBe(401);
    // this browser carries on with the rotated session and its new CSRF token
    expect((await me(rotated.cookie)).json()).toMatchObject({ actor: { username: 'khcn.baocao' }, csrfToken: body.csrfToken });
    const write = await app.inject({
      method: 'POST',
      url: '/api/auth/logout-everywhere',
      headers: { cookie: rotated.cookie, 'x-csrf-token': here.csrf },
    });
    expect(write.json().code).toBe('csrf');
    // another account is untouched
    expect((await me(colleague.cookie)).statusCode).toBe(200);

    ctx.clock.advance(61_000); // past the window of the four sign-ins above (5 a minute in this app)
    const bad = await login('khcn.baocao', PASSWORD);
    expect(bad.statusCode).toBe(401);
    expect(bad.json().detail).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect((await login('khcn.baocao', NEW_PASSWORD)).statusCode).toBe(200);

    const after = (await getAccount(ctx.db, 'acc-khcn.baocao'))!;
    expect(after.password_hash).not.toBe(before.password_hash);
    expect(after.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/u);
    expect(new Date(after.password_changed_at).toISOString()).toBe(changedAt.toISOString());

    const audit = await listAudit(ctx.db, { entity: 'account', entityId: 'acc-khcn.baocao', actorId: 'acc-khcn.baocao' });
    const row = audit.find((a) => a.action === 'password-change')!;
    expect(row).toBeDefined();
    expect(typeof row.after === 'string' ? JSON.parse(row.after) : row.after).toEqual({ sessionsEnded: 2, sessionRotated: true });
    const everything = JSON.stringify(await listAudit(ctx.db));
    for (const secret of [PASSWORD, NEW_PASSWORD, before.password_hash, after.password_hash, 'scrypt$']) expect(everything).not.toContain(secret);
  });

  it('sends the rotated cookie with Secure when secure cookies are on (CCHC_SECURE_COOKIES=1)', async () => {
    const secure = await buildApp(ctx, { engine: engine.name, secureCookies: true, loginLimit: { max: 5, timeWindowMs: 60_000 } });
    try {
      const signedIn = await secure.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'khcn.baocao', password: PASSWORD } });
      const first = signedIn.cookies.find((c) => c.name === SESSION_COOKIE)!;
      expect(first).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
      const s: TestSession = { cookie: `${SESSION_COOKIE}=${first.value}`, csrf: signedIn.json().csrfToken };
      const response = await secure.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: as(s),
        payload: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.cookies.find((c) => c.name === SESSION_COOKIE)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
    } finally {
      await secure.close();
    }
  });

  it('lets exactly one of two simultaneous changes win', async () => {
    const a = await signIn(app, 'khcn.baocao');
    const b = await signIn(app, 'khcn.baocao');
    const [first, second] = await Promise.all([
      change(a, { currentPassword: PASSWORD, newPassword: 'Mật khẩu A 2026' }),
      change(b, { currentPassword: PASSWORD, newPassword: 'Mật khẩu B 2026' }),
    ]);
    const statuses = [first.statusCode, second.statusCode].sort();
    expect(statuses[0], `${first.body} ${second.body}`).toBe(200);
    // the loser finds its session ended (401), the password already changed (403) or the hash gone from under it (409)
    expect([401, 403, 409]).toContain(statuses[1]);
    const winner = first.statusCode === 200 ? 'Mật khẩu A 2026' : 'Mật khẩu B 2026';
    const loser = first.statusCode === 200 ? 'Mật khẩu B 2026' : 'Mật khẩu A 2026';
    ctx.clock.advance(61_000);
    expect((await login('khcn.baocao', winner)).statusCode).toBe(200);
    expect((await login('khcn.baocao', loser)).statusCode).toBe(401);
    expect((await listAudit(ctx.db, { entityId: 'acc-khcn.baocao' })).filter((r) => r.action === 'password-change')).toHaveLength(1);
  });

  it('requires a session and the CSRF token', async () => {
    const s = await signIn(app, 'khcn.baocao');
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(anonymous.statusCode).toBe(401);
    const noToken = await change(s, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { cookie: s.cookie });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json()).toMatchObject({ code: 'csrf' });
    const wrongToken = await change(
      s,
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      { cookie: s.cookie, 'x-csrf-token': 'x'.repeat(32) },
    );
    expect(wrongToken.json().code).toBe('csrf');
    expect((await me(s.cookie)).statusCode).toBe(200);
    expect((await login('khcn.baocao', PASSWORD)).statusCode).toBe(200);
    expect((await listAudit(ctx.db, { entity: 'account', entityId: 'acc-khcn.baocao' })).map((a) => a.action)).not.toContain('password-change');
  });

  it('rejects a malformed body with a problem document', async () => {
    const s = await signIn(app, 'khcn.baocao');
    const extra = await change(s, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, username: 'admin' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().code).toBe('invalid-request');
    const missing = await change(s, { newPassword: NEW_PASSWORD });
    expect(missing.statusCode).toBe(400);
  });

  it('limits attempts per account, across server processes, without touching the login limit', async () => {
    const s = await signIn(app, 'khcn.baocao');
    const attempts = [];
    for (let i = 0; i < 6; i++) attempts.push(await change(s, { currentPassword: `doan-sai-${i}-mat-khau`, newPassword: NEW_PASSWORD }));
    expect(attempts.slice(0, 5).map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403]);
    expect(attempts[5]!.statusCode).toBe(429);
    expect(attempts[5]!.json().detail).toContain('quá nhiều lần');
    // even the right password waits for the window: guessing cannot go on
    expect((await change(s, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(429);
    // the counter is in the database: a second process sharing it refuses too
    const other = await buildApp(ctx, { loginLimit: { max: 5, timeWindowMs: 60_000 } });
    const fromOther = await other.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: as(s),
      payload: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(fromOther.statusCode).toBe(429);
    await other.close();
    // another account, and signing in, have budgets of their own
    const colleague = await signIn(app, 'khcn.duyet');
    expect((await change(colleague, { currentPassword: 'sai-mat-khau-99', newPassword: NEW_PASSWORD })).statusCode).toBe(403);
    expect((await login('khcn.baocao', PASSWORD)).statusCode).toBe(200);
    // the window passes (the session slides with use, so it is still alive)
    ctx.clock.advance(61_000);
    const ok = await change(s, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
