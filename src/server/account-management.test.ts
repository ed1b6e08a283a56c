/**
 * /api/accounts: administrators manage the accounts of their own agencies — create (given or generated password),
 * list and filter, edit role, agencies, name and e-mail, deactivate and reactivate, reset a password — never beyond
 * their scope; other roles are refused; every write is audited without secrets and needs the CSRF token. On PGlite,
 * and on PostgreSQL when DATABASE_URL is set.
 */
import type { FastifyInstance } from 'fastify';
import { beforeEach, expect, it } from 'vitest';
import { onBothEngines, type WorldContext } from '../test-support/both-engines.js';
import { as, signIn, type TestSession } from '../test-support/http.js';
import { PASSWORD } from '../test-support/world.js';
import { getAccount } from './repositories/account.repository.js';
import { listAudit } from './repositories/audit.repository.js';

const INITIAL_PASSWORD = 'Khởi tạo 2026 an toàn';
const GENERATED = /^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$/u;

const newAccount = (overrides: Record<string, unknown> = {}) => ({
  username: 'khcn.moi',
  displayName: 'Trần Thị Mới',
  role: 'reporter',
  agencyIds: ['so-khcn'],
  email: 'moi@khcn.ninhthuan.gov.vn',
  password: INITIAL_PASSWORD,
  ...overrides,
});

onBothEngines('account management', (engine) => {
  let ctx: WorldContext;
  let app: FastifyInstance;
  let admin: TestSession;
  beforeEach(async () => {
    ({ ctx, app } = await engine.world({ app: { engine: engine.name, loginLimit: { max: 1000, timeWindowMs: 60_000 } } }));
    admin = await signIn(app, 'admin');
  });

  type Method = 'GET' | 'POST' | 'PATCH';
  const call = (session: TestSession | null, method: Method, url: string, payload?: unknown, headers?: Record<string, string>) =>
    app.inject({
      method,
      url: `/api${url}`,
      headers: headers ?? (session ? as(session) : {}),
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const login = (username: string, password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  const me = (session: TestSession) => app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } });
  const usernames = async (session: TestSession, query = '') => {
    const response = await call(session, 'GET', `/accounts${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().items as { username: string }[]).map((a) => a.username).sort();
  };
  const accountAudit = async () =>
    (await listAudit(ctx.db, { entity: 'account' })).filter((a) => !['login', 'login-failed', 'logout'].includes(a.action));

  it('creates an account with the given password: it signs in at once, with its role and agencies, and the password is not echoed', async () => {
    const response = await call(admin, 'POST', '/accounts', newAccount({ username: '  KHCN.Moi ', displayName: '  Trần Thị Mới ' }));
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body.generatedPassword).toBeUndefined();
    expect(response.body).not.toContain(INITIAL_PASSWORD);
    expect(body.account).toMatchObject({
      username: 'khcn.moi',
      displayName: 'Trần Thị Mới',
      role: 'reporter',
      agencyIds: ['so-khcn'],
      email: 'moi@khcn.ninhthuan.gov.vn',
      active: true,
    });
    expect(body.account).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(body)).not.toContain('scrypt');

    const signedIn = await login('khcn.moi', INITIAL_PASSWORD);
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    expect(signedIn.json().actor).toMatchObject({ username: 'khcn.moi', role: 'reporter', agencyIds: ['so-khcn'], displayName: 'Trần Thị Mới' });
    const got = await call(admin, 'GET', `/accounts/${body.account.id}`);
    expect(got.json()).toEqual(body.account);
  });

  it('generates a password when none is given, returns it once, and it works', async () => {
    const response = await call(admin, 'POST', '/accounts', newAccount({ password: undefined, email: '' }));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const { account, generatedPassword } = response.json();
    expect(generatedPassword).toMatch(GENERATED);
    expect(account.email).toBeNull();
    expect((await login('khcn.moi', generatedPassword)).statusCode).toBe(200);
    // never shown again
    expect((await call(admin, 'GET', `/accounts/${account.id}`)).body).not.toContain(generatedPassword);
    expect((await call(admin, 'GET', '/accounts')).body).not.toContain(generatedPassword);
  });

  it('refuses a username already in use with 409 in Vietnamese, whatever its case and wherever its account belongs', async () => {
    for (const username of ['khcn.baocao', 'KHCN.BAOCAO', ' yte.baocao ']) {
      const response = await call(admin, 'POST', '/accounts', newAccount({ username }));
      expect(response.statusCode, response.body).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({
        code: 'username-taken',
        detail: `Tên đăng nhập "${username.trim().toLowerCase()}" đã được dùng. Hãy chọn tên khác.`,
      });
    }
    // usernames are global: Khánh Hòa cannot take a Ninh Thuận name either (the only thing it learns is that it is taken)
    const kh = await signIn(app, 'kh.admin');
    expect((await call(kh, 'POST', '/accounts', newAccount({ username: 'khcn.baocao', agencyIds: ['kh-so-y-te'] }))).statusCode).toBe(409);
    expect(await accountAudit()).toEqual([]);
  });

  it('answers bad input with a 4xx and a clear Vietnamese message, never a 500, and creates nothing', async () => {
    const cases: [unknown, number, string][] = [
      [newAccount({ username: '' }), 400, 'Tên đăng nhập phải có ít nhất 3 ký tự.'],
      [newAccount({ username: '   ' }), 400, 'Tên đăng nhập phải có ít nhất 3 ký tự.'],
      [newAccount({ username: undefined }), 400, 'Hãy nhập tên đăng nhập.'],
      [newAccount({ username: 42 }), 400, 'Tên đăng nhập phải là chuỗi ký tự.'],
      [newAccount({ username: 'nguyễn văn a' }), 400, 'Tên đăng nhập chỉ gồm chữ a–z không dấu, chữ số và các dấu ".", "_", "-".'],
      [newAccount({ username: 'a'.repeat(51) }), 400, 'Tên đăng nhập không được dài quá 50 ký tự.'],
      [newAccount({ displayName: '  ' }), 400, 'Họ tên không được để trống.'],
      [newAccount({ displayName: 'x'.repeat(201) }), 400, 'Họ tên không được dài quá 200 ký tự.'],
      [
        newAccount({ role: 'superuser' }),
        400,
        'Vai trò không hợp lệ: chỉ có cán bộ báo cáo (reporter), lãnh đạo đơn vị (approver), xem (viewer), tổng hợp (consolidator) và quản trị (admin).',
      ],
      [newAccount({ role: undefined }), 400, 'Hãy chọn vai trò.'],
      [newAccount({ agencyIds: [] }), 400, 'Hãy chọn ít nhất một đơn vị.'],
      [newAccount({ agencyIds: undefined }), 400, 'Hãy chọn ít nhất một đơn vị.'],
      [newAccount({ agencyIds: [''] }), 400, 'Mã đơn vị không được để trống.'],
      [newAccount({ agencyIds: ['x'.repeat(201)] }), 400, 'Mã đơn vị không được dài quá 200 ký tự.'],
      [newAccount({ agencyIds: 'so-khcn' }), 400, 'Danh sách đơn vị không hợp lệ.'],
      [newAccount({ email: 'khong-phai-email' }), 400, 'Địa chỉ e-mail không hợp lệ.'],
      [newAccount({ email: `${'a'.repeat(250)}@x.vn` }), 400, 'Địa chỉ e-mail không được dài quá 254 ký tự.'],
      [newAccount({ password: 'a1'.repeat(101) }), 400, 'Mật khẩu không được dài quá 200 ký tự.'],
      [newAccount({ isAdmin: true }), 400, 'Trường không được hỗ trợ: isAdmin.'],
      [[newAccount()], 400, 'Dữ liệu gửi lên phải là một đối tượng JSON.'],
      // the password policy, with its own message
      [newAccount({ password: 'ngan1' }), 422, 'Mật khẩu phải có ít nhất 10 ký tự.'],
      [newAccount({ password: 'chi co chu thoi' }), 422, 'Mật khẩu phải có cả chữ và số.'],
      // agencies outside the administrator's scope, whether they exist or not
      [newAccount({ agencyIds: ['kh-so-y-te'] }), 403, 'Đơn vị không có hoặc nằm ngoài phạm vi bạn quản lý: kh-so-y-te.'],
      [
        newAccount({ agencyIds: ['so-khcn', 'khong-co-don-vi-nay'] }),
        403,
        'Đơn vị không có hoặc nằm ngoài phạm vi bạn quản lý: khong-co-don-vi-nay.',
      ],
      [newAccount({ displayName: 'Tên\u0000lạ' }), 400, 'Dữ liệu có ký tự không hợp lệ (ký tự NUL).'],
    ];
    for (const [payload, status, detail] of cases) {
      const response = await call(admin, 'POST', '/accounts', payload);
      expect(response.statusCode, `${JSON.stringify(payload).slice(0, 120)} → ${response.body}`).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().detail).toBe(detail);
    }
    const list = await call(admin, 'GET', '/accounts?role=superuser');
    expect(list.statusCode).toBe(400);
    expect(list.json().detail).toMatch(/^Vai trò không hợp lệ/u);
    const page = await call(admin, 'GET', '/accounts?limit=abc');
    expect(page.statusCode).toBe(400);
    expect(page.json().detail).toBe('Số dòng mỗi trang phải là số.');
    const noChange = await call(admin, 'PATCH', '/accounts/acc-khcn.baocao', {});
    expect(noChange.statusCode).toBe(400);
    expect(noChange.json().detail).toBe('Không có thay đổi nào: hãy gửi họ tên, vai trò, đơn vị hoặc e-mail.');
    const badRole = await call(admin, 'PATCH', '/accounts/acc-khcn.baocao', { role: 'root' });
    expect(badRole.statusCode).toBe(400);
    expect((await call(admin, 'PATCH', `/accounts/${'x'.repeat(250)}`, { displayName: 'A' })).json().detail).toBe('Mã tài khoản không hợp lệ.');
    expect(await accountAudit()).toEqual([]);
    expect(await usernames(admin)).not.toContain('khcn.moi');
  });

  it('keeps each administrator within their own agencies: nothing of another province is seen, created or changed', async () => {
    const ninhThuan = ['admin', 'khcn.baocao', 'khcn.duyet', 'khcn.xem', 'snv.tonghop', 'yte.baocao'];
    expect(await usernames(admin)).toEqual(ninhThuan);
    const kh = await signIn(app, 'kh.admin');
    expect(await usernames(kh)).toEqual(['kh.admin']);

    // a Ninh Thuận account does not exist for Khánh Hòa
    for (const [method, url, payload] of [
      ['GET', '/accounts/acc-khcn.baocao', undefined],
      ['PATCH', '/accounts/acc-khcn.baocao', { displayName: 'Đổi tên' }],
      ['POST', '/accounts/acc-khcn.baocao/deactivate', undefined],
      ['POST', '/accounts/acc-khcn.baocao/reactivate', undefined],
      ['POST', '/accounts/acc-khcn.baocao/reset-password', undefined],
      ['GET', '/accounts/acc-khong-co', undefined],
    ] as [Method, string, unknown][]) {
      const response = await call(kh, method, url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json()).toMatchObject({ code: 'not-found', detail: 'Không tìm thấy dữ liệu yêu cầu.' });
    }
    expect((await call(kh, 'GET', '/accounts?agencyId=so-khcn')).statusCode).toBe(404);
    // nor can Khánh Hòa create one there, or give its own accounts Ninh Thuận agencies
    const created = await call(kh, 'POST', '/accounts', newAccount({ username: 'kh.sang.nt', agencyIds: ['so-khcn'] }));
    expect(created.statusCode).toBe(403);
    expect(created.json().code).toBe('agency-out-of-scope');
    const own = (await call(kh, 'POST', '/accounts', newAccount({ username: 'kh.yte', agencyIds: ['kh-so-y-te'] }))).json().account;
    const widen = await call(kh, 'PATCH', `/accounts/${own.id}`, { agencyIds: ['kh-so-y-te', 'ninh-thuan'] });
    expect(widen.statusCode).toBe(403);
    expect(widen.json().detail).toBe('Đơn vị không có hoặc nằm ngoài phạm vi bạn quản lý: ninh-thuan.');
    // and the Ninh Thuận administrator does not see the Khánh Hòa account either
    expect((await call(admin, 'GET', `/accounts/${own.id}`)).statusCode).toBe(404);
    expect(await usernames(admin)).toEqual(ninhThuan);
    expect((await getAccount(ctx.db, 'acc-khcn.baocao'))!.display_name).toBe('khcn.baocao');

    // an administrator of one department manages that department only, and never the province's accounts
    await call(admin, 'POST', '/accounts', newAccount({ username: 'khcn.quantri', role: 'admin', password: INITIAL_PASSWORD }));
    const dept = await signIn(app, 'khcn.quantri', INITIAL_PASSWORD);
    expect(await usernames(dept)).toEqual(['khcn.baocao', 'khcn.duyet', 'khcn.quantri', 'khcn.xem']);
    expect((await call(dept, 'GET', '/accounts/acc-admin')).statusCode).toBe(404);
    expect((await call(dept, 'POST', '/accounts/acc-snv.tonghop/deactivate')).statusCode).toBe(404);
    expect((await call(dept, 'POST', '/accounts', newAccount({ username: 'yte.moi', agencyIds: ['so-y-te'] }))).statusCode).toBe(403);
  });

  it('lists with filters and pages', async () => {
    expect(await usernames(admin, '?role=reporter')).toEqual(['khcn.baocao', 'yte.baocao']);
    expect(await usernames(admin, '?agencyId=so-khcn')).toEqual(['khcn.baocao', 'khcn.duyet', 'khcn.xem']);
    // an agency's filter takes in the accounts of everything below it
    expect(await usernames(admin, '?agencyId=ninh-thuan')).toEqual(['admin', 'khcn.baocao', 'khcn.duyet', 'khcn.xem', 'snv.tonghop', 'yte.baocao']);
    expect(await usernames(admin, '?q=DUYET')).toEqual(['khcn.duyet']);
    expect(await usernames(admin, '?q=%25')).toEqual([]);
    await call(admin, 'POST', '/accounts/acc-khcn.xem/deactivate');
    expect(await usernames(admin, '?active=false')).toEqual(['khcn.xem']);
    expect(await usernames(admin, '?active=true&agencyId=so-khcn&role=approver')).toEqual(['khcn.duyet']);
    const page = (await call(admin, 'GET', '/accounts?limit=2&offset=2')).json();
    expect(page.total).toBe(6);
    expect(page.items).toHaveLength(2);
  });

  it('refuses every account endpoint to every role but the administrator (403)', async () => {
    for (const username of ['khcn.baocao', 'khcn.duyet', 'khcn.xem', 'snv.tonghop']) {
      const session = await signIn(app, username);
      for (const [method, url, payload] of [
        ['GET', '/accounts', undefined],
        ['GET', '/accounts/acc-khcn.baocao', undefined],
        ['POST', '/accounts', newAccount({ username: `${username}.x` })],
        ['PATCH', '/accounts/acc-khcn.xem', { role: 'approver' }],
        ['POST', '/accounts/acc-khcn.xem/deactivate', undefined],
        ['POST', '/accounts/acc-khcn.xem/reactivate', undefined],
        ['POST', '/accounts/acc-khcn.xem/reset-password', undefined],
      ] as [Method, string, unknown][]) {
        const response = await call(session, method, url, payload);
        expect(response.statusCode, `${username}: ${method} ${url}`).toBe(403);
        expect(response.json()).toMatchObject({ code: 'forbidden', detail: 'Bạn không có quyền thực hiện thao tác này.' });
      }
    }
    expect((await getAccount(ctx.db, 'acc-khcn.xem'))!).toMatchObject({ role: 'viewer', active: true });
    expect(await accountAudit()).toEqual([]);
  });

  it('changes role, agencies, name and e-mail, in effect at the account’s next request, audited before and after', async () => {
    const yte = await signIn(app, 'yte.baocao');
    const agencies = async () => ((await call(yte, 'GET', '/agencies')).json() as { id: string }[]).map((a) => a.id);
    expect(await agencies()).toEqual(['so-y-te']);
    const response = await call(admin, 'PATCH', '/accounts/acc-yte.baocao', {
      role: 'viewer',
      agencyIds: ['so-khcn', 'so-khcn'],
      displayName: 'Lê Văn Y',
      email: 'ly@ninhthuan.gov.vn',
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ role: 'viewer', agencyIds: ['so-khcn'], displayName: 'Lê Văn Y', email: 'ly@ninhthuan.gov.vn' });
    // the same session, at once
    expect((await me(yte)).json().actor).toMatchObject({ role: 'viewer', agencyIds: ['so-khcn'], displayName: 'Lê Văn Y' });
    expect(await agencies()).toEqual(['so-khcn']);

    const audit = (await accountAudit()).filter((a) => a.action === 'update-account');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_id: 'acc-admin',
      entity_id: 'acc-yte.baocao',
      before: { role: 'reporter', agencyIds: ['so-y-te'], displayName: 'yte.baocao', email: null },
      after: { role: 'viewer', agencyIds: ['so-khcn'], displayName: 'Lê Văn Y', email: 'ly@ninhthuan.gov.vn' },
    });
    // the same values again change nothing and write no audit row; only what differs is recorded
    expect((await call(admin, 'PATCH', '/accounts/acc-yte.baocao', { role: 'viewer', agencyIds: ['so-khcn'] })).statusCode).toBe(200);
    await call(admin, 'PATCH', '/accounts/acc-yte.baocao', { email: null, role: 'viewer' });
    const updates = (await accountAudit()).filter((a) => a.action === 'update-account');
    expect(updates).toHaveLength(2);
    expect(updates[1]).toMatchObject({ before: { email: 'ly@ninhthuan.gov.vn' }, after: { email: null } });
    expect(updates[1]!.after).not.toHaveProperty('role');
  });

  it('never lets administrators take away their own role or agencies, or lock themselves out', async () => {
    for (const payload of [{ role: 'viewer' }, { agencyIds: ['so-khcn'] }]) {
      const response = await call(admin, 'PATCH', '/accounts/acc-admin', payload);
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({
        code: 'own-account',
        detail: 'Bạn không thể tự đổi vai trò hoặc đơn vị của chính mình. Hãy nhờ một quản trị viên khác.',
      });
    }
    const self = await call(admin, 'POST', '/accounts/acc-admin/deactivate');
    expect(self.statusCode).toBe(422);
    expect(self.json().detail).toBe('Bạn không thể tự khóa tài khoản của chính mình.');
    const reset = await call(admin, 'POST', '/accounts/acc-admin/reset-password');
    expect(reset.statusCode).toBe(422);
    expect(reset.json().detail).toBe('Hãy dùng "Đổi mật khẩu" để đổi mật khẩu của chính bạn.');
    // their own name and e-mail they may change
    expect((await call(admin, 'PATCH', '/accounts/acc-admin', { displayName: 'Quản trị tỉnh', role: 'admin' })).statusCode).toBe(200);
    expect((await me(admin)).json().actor).toMatchObject({ role: 'admin', displayName: 'Quản trị tỉnh' });
  });

  it('deactivates: the account’s sessions end at once and it cannot sign in, until reactivated', async () => {
    const phone = await signIn(app, 'khcn.baocao');
    const laptop = await signIn(app, 'khcn.baocao');
    const colleague = await signIn(app, 'khcn.duyet');
    const response = await call(admin, 'POST', '/accounts/acc-khcn.baocao/deactivate');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ account: { active: false }, sessionsEnded: 2 });
    for (const s of [phone, laptop]) {
      expect((await me(s)).statusCode).toBe(401);
      expect((await call(s, 'PATCH', '/accounts/acc-khcn.baocao', { displayName: 'x' })).statusCode).toBe(401);
    }
    expect((await me(colleague)).statusCode).toBe(200);
    const refused = await login('khcn.baocao', PASSWORD);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    // twice is harmless and audited once
    expect((await call(admin, 'POST', '/accounts/acc-khcn.baocao/deactivate')).json()).toMatchObject({ sessionsEnded: 0 });

    const back = await call(admin, 'POST', '/accounts/acc-khcn.baocao/reactivate');
    expect(back.statusCode).toBe(200);
    expect(back.json().account.active).toBe(true);
    expect((await login('khcn.baocao', PASSWORD)).statusCode).toBe(200);
    expect((await accountAudit()).map((a) => [a.action, a.entity_id, a.actor_id, a.after])).toEqual([
      ['deactivate-account', 'acc-khcn.baocao', 'acc-admin', { active: false, sessionsEnded: 2 }],
      ['reactivate-account', 'acc-khcn.baocao', 'acc-admin', { active: true }],
    ]);
  });

  it('resets a password: a temporary one returned once, the old one and every session end', async () => {
    const session = await signIn(app, 'khcn.baocao');
    const before = (await getAccount(ctx.db, 'acc-khcn.baocao'))!;
    ctx.clock.advance(60_000);
    const response = await call(admin, 'POST', '/accounts/acc-khcn.baocao/reset-password');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const { temporaryPassword, sessionsEnded, account } = response.json();
    expect(temporaryPassword).toMatch(GENERATED);
    expect(sessionsEnded).toBe(1);
    expect(account.passwordChangedAt).toBe(ctx.clock.now().toISOString());
    expect((await me(session)).statusCode).toBe(401);
    expect((await login('khcn.baocao', PASSWORD)).statusCode).toBe(401);
    expect((await login('khcn.baocao', temporaryPassword)).statusCode).toBe(200);
    const after = (await getAccount(ctx.db, 'acc-khcn.baocao'))!;
    expect(after.password_hash).not.toBe(before.password_hash);
    // a second reset makes another password
    const again = (await call(admin, 'POST', '/accounts/acc-khcn.baocao/reset-password')).json();
    expect(again.temporaryPassword).not.toBe(temporaryPassword);
    expect((await login('khcn.baocao', temporaryPassword)).statusCode).toBe(401);
  });

  it('audits every write, and no audit row holds a password or a hash', async () => {
    const given = (await call(admin, 'POST', '/accounts', newAccount())).json().account;
    const generated = (await call(admin, 'POST', '/accounts', newAccount({ username: 'khcn.moi2', password: undefined }))).json();
    await call(admin, 'PATCH', `/accounts/${given.id}`, { role: 'approver' });
    await call(admin, 'POST', `/accounts/${given.id}/deactivate`);
    await call(admin, 'POST', `/accounts/${given.id}/reactivate`);
    const reset = (await call(admin, 'POST', `/accounts/${given.id}/reset-password`)).json();

    const audit = await accountAudit();
    expect(audit.map((a) => [a.action, a.entity_id])).toEqual([
      ['create-account', given.id],
      ['create-account', generated.account.id],
      ['update-account', given.id],
      ['deactivate-account', given.id],
      ['reactivate-account', given.id],
      ['reset-password', given.id],
    ]);
    expect(audit.every((a) => a.actor_id === 'acc-admin')).toBe(true);
    expect(audit[0]!.after).toEqual({
      username: 'khcn.moi',
      displayName: 'Trần Thị Mới',
      role: 'reporter',
      agencyIds: ['so-khcn'],
      email: 'moi@khcn.ninhthuan.gov.vn',
      active: true,
      passwordGenerated: false,
    });
    expect(audit[1]!.after).toMatchObject({ passwordGenerated: true });
    expect(audit[5]!.after).toEqual({ sessionsEnded: 0, passwordGenerated: true });

    const everything = JSON.stringify(await listAudit(ctx.db));
    const hashes = await ctx.db.selectFrom('accounts').select('password_hash').execute();
    for (const secret of [
      INITIAL_PASSWORD,
      generated.generatedPassword,
      reset.temporaryPassword,
      'scrypt$',
      ...hashes.map((h) => h.password_hash.split('$').pop()!),
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('needs the session and its CSRF token for every write', async () => {
    const writes: [Method, string, unknown][] = [
      ['POST', '/accounts', newAccount()],
      ['PATCH', '/accounts/acc-khcn.baocao', { role: 'admin' }],
      ['POST', '/accounts/acc-khcn.baocao/deactivate', undefined],
      ['POST', '/accounts/acc-khcn.baocao/reactivate', undefined],
      ['POST', '/accounts/acc-khcn.baocao/reset-password', undefined],
    ];
    for (const [method, url, payload] of writes) {
      for (const headers of [{ cookie: admin.cookie }, { cookie: admin.cookie, 'x-csrf-token': 'sai' }] as Record<string, string>[]) {
        const response = await call(admin, method, url, payload, headers);
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect(response.json().code).toBe('csrf');
      }
      expect((await call(null, method, url, payload)).statusCode).toBe(401);
    }
    expect((await call(null, 'GET', '/accounts')).statusCode).toBe(401);
    expect(await getAccount(ctx.db, 'acc-khcn.baocao')).toMatchObject({ role: 'reporter', active: true });
    expect((await login('khcn.baocao', PASSWORD)).statusCode).toBe(200);
    expect(await usernames(admin)).not.toContain('khcn.moi');
    expect(await accountAudit()).toEqual([]);
  });

  it('documents the endpoints in the OpenAPI description', async () => {
    const docs = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(docs.statusCode).toBe(200);
    const paths = Object.keys(docs.json().paths);
    for (const path of [
      '/api/accounts',
      '/api/accounts/{id}',
      '/api/accounts/{id}/deactivate',
      '/api/accounts/{id}/reactivate',
      '/api/accounts/{id}/reset-password',
    ]) {
      expect(paths).toContain(path);
    }
  });
});
