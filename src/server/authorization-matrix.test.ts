/**
 * Every endpoint × every role × the actor's own agency vs another agency: no read or write crosses an agency boundary
 * it should not. Own agency: Sở KH&CN (inside Ninh Thuận). Another: Sở Y tế (for the agency's accounts) or a Khánh Hòa
 * department (for the province-wide accounts). Endpoints that name no agency (the dashboards over an account's whole
 * scope) answer the same on both sides.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../test-support/test-database.js';
import { buildWorld } from '../test-support/world.js';
import { as, signIn } from '../test-support/http.js';
import { buildApp } from './app.js';
import type { Context } from './context.js';
import type { OpenDatabase } from './db/open-database.js';
import type { Role } from './db/schema.js';
import { createRound } from './services/round.service.js';
import { getReport, listReports } from './repositories/report.repository.js';
import { insertSubmission } from './repositories/submission.repository.js';
import { insertAccount } from './repositories/account.repository.js';

type Target = 'own' | 'other';
interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: (ids: Ids) => string;
  body?: (ids: Ids, version: number) => Record<string, unknown>;
  /** The report's state before the request, so that only permission decides the answer. */
  status?: 'draft' | 'submitted' | 'accepted';
  /** Expected status for each role on its own agency and on another one. */
  expect: Record<Role, Record<Target, number>>;
}
interface Ids {
  /** An account of the agency that nobody signs in with (deactivating or resetting it breaks no other case). */
  account: string;
  report: string;
  round: string;
  agency: string;
}

const all = (own: number, other: number): Record<Role, Record<Target, number>> =>
  Object.fromEntries((['reporter', 'approver', 'viewer', 'consolidator', 'admin'] as Role[]).map((r) => [r, { own, other }])) as Record<Role, Record<Target, number>>;
const byRole = (table: Record<Role, [number, number]>) =>
  Object.fromEntries(Object.entries(table).map(([r, [own, other]]) => [r, { own, other }])) as Record<Role, Record<Target, number>>;

/** Endpoints over the account's whole scope, with no agency named: only those who may read the consolidation. */
const PROVINCE_READERS = byRole({ reporter: [403, 403], approver: [403, 403], viewer: [200, 200], consolidator: [200, 200], admin: [200, 200] });

const noneButAdmin = (own: number, other: number) =>
  byRole({ reporter: [403, 403], approver: [403, 403], viewer: [403, 403], consolidator: [403, 403], admin: [own, other] });

const CASES: Case[] = [
  { name: 'GET /agencies/:id', method: 'GET', url: (i) => `/api/agencies/${i.agency}`, expect: all(200, 404) },
  { name: 'GET /rounds/:id', method: 'GET', url: (i) => `/api/rounds/${i.round}`, expect: all(200, 404) },
  { name: 'GET /reports/:id', method: 'GET', url: (i) => `/api/reports/${i.report}`, expect: all(200, 404) },
  {
    name: 'PUT /reports/:id/values',
    method: 'PUT',
    url: (i) => `/api/reports/${i.report}/values`,
    body: (_i, version) => ({ version, cells: [{ rowId: '3.1.1', raw: '01' }] }),
    expect: byRole({ reporter: [200, 404], approver: [200, 404], viewer: [403, 404], consolidator: [403, 404], admin: [403, 404] }),
  },
  {
    name: 'PUT /reports/:id/narrative',
    method: 'PUT',
    url: (i) => `/api/reports/${i.report}/narrative`,
    body: (_i, version) => ({ version, sections: [{ heading: 'I. CÔNG TÁC CHỈ ĐẠO', level: 1, body: 'Nội dung.' }] }),
    expect: byRole({ reporter: [200, 404], approver: [200, 404], viewer: [403, 404], consolidator: [403, 404], admin: [403, 404] }),
  },
  {
    name: 'POST /reports/:id/submit',
    method: 'POST',
    url: (i) => `/api/reports/${i.report}/submit`,
    body: (_i, version) => ({ version }),
    status: 'draft',
    expect: byRole({ reporter: [403, 404], approver: [200, 404], viewer: [403, 404], consolidator: [403, 404], admin: [403, 404] }),
  },
  ...(['return', 'accept', 'reopen'] as const).map(
    (action): Case => ({
      name: `POST /reports/:id/${action}`,
      method: 'POST',
      url: (i) => `/api/reports/${i.report}/${action}`,
      body: (_i, version) => ({ version, reasons: [{ rowId: null, text: 'Lý do.' }] }),
      status: action === 'reopen' ? 'accepted' : 'submitted',
      expect: byRole({ reporter: [403, 404], approver: [403, 404], viewer: [403, 404], consolidator: [200, 404], admin: [200, 404] }),
    }),
  ),
  { name: 'GET /reports/:id/submissions', method: 'GET', url: (i) => `/api/reports/${i.report}/submissions`, expect: all(200, 404) },
  { name: 'GET /reports/:id/diff', method: 'GET', url: (i) => `/api/reports/${i.report}/diff?from=1`, expect: all(200, 404) },
  { name: 'GET /reports/:id/document.docx', method: 'GET', url: (i) => `/api/reports/${i.report}/document.docx`, expect: all(200, 404) },
  { name: 'GET /reports/:id/document.xlsx', method: 'GET', url: (i) => `/api/reports/${i.report}/document.xlsx`, expect: all(200, 404) },
  { name: 'GET /reports/:id/previous', method: 'GET', url: (i) => `/api/reports/${i.report}/previous`, expect: all(200, 404) },
  {
    name: 'POST /rounds/:id/remind',
    method: 'POST',
    url: (i) => `/api/rounds/${i.round}/remind`,
    expect: byRole({ reporter: [403, 404], approver: [403, 404], viewer: [403, 404], consolidator: [200, 404], admin: [200, 404] }),
  },
  {
    name: 'GET /rounds/:id/consolidation',
    method: 'GET',
    url: (i) => `/api/rounds/${i.round}/consolidation`,
    expect: byRole({ reporter: [403, 404], approver: [403, 404], viewer: [200, 404], consolidator: [200, 404], admin: [200, 404] }),
  },
  ...(['consolidation/row?rowId=3.1.1', 'consolidation/findings'] as const).map(
    (path): Case => ({
      name: `GET /rounds/:id/${path.split('?')[0]}`,
      method: 'GET',
      url: (i) => `/api/rounds/${i.round}/${path}`,
      expect: byRole({ reporter: [403, 404], approver: [403, 404], viewer: [200, 404], consolidator: [200, 404], admin: [200, 404] }),
    }),
  ),
  // accounts: admins only, within their agencies (another agency's account does not exist for them)
  { name: 'GET /accounts', method: 'GET', url: () => '/api/accounts', expect: noneButAdmin(200, 200) },
  { name: 'GET /accounts?agencyId', method: 'GET', url: (i) => `/api/accounts?agencyId=${i.agency}`, expect: noneButAdmin(200, 404) },
  { name: 'GET /accounts/:id', method: 'GET', url: (i) => `/api/accounts/${i.account}`, expect: noneButAdmin(200, 404) },
  { name: 'PATCH /accounts/:id', method: 'PATCH', url: (i) => `/api/accounts/${i.account}`, body: () => ({ displayName: 'Tên mới' }), expect: noneButAdmin(200, 404) },
  ...(['deactivate', 'reactivate', 'reset-password'] as const).map(
    (action): Case => ({ name: `POST /accounts/:id/${action}`, method: 'POST', url: (i) => `/api/accounts/${i.account}/${action}`, expect: noneButAdmin(200, 404) }),
  ),
  {
    name: 'POST /accounts',
    method: 'POST',
    url: () => '/api/accounts',
    body: (i) => ({ username: 'matrix.moi', displayName: 'Ma Trận', role: 'reporter', agencyIds: [i.agency], password: 'mat-khau-2026-moi' }),
    expect: noneButAdmin(201, 403),
  },
  { name: 'GET /rounds/:id/board', method: 'GET', url: (i) => `/api/rounds/${i.round}/board`, expect: all(200, 404) },
  // the dashboards: whoever may read the consolidation (viewer, Sở Nội vụ, admin) sees charts over their agencies; an
  // agency's own accounts see only their own agency's trend; nothing of another agency or province (404)
  { name: 'GET /dashboards/indicators', method: 'GET', url: () => '/api/dashboards/indicators', expect: all(200, 200) },
  ...(['trend', 'trend.csv'] as const).flatMap((path): Case[] => [
    {
      name: `GET /dashboards/${path} of one agency`,
      method: 'GET',
      url: (i) => `/api/dashboards/${path}?indicator=procedures.new&agencyId=${i.agency}`,
      expect: all(200, 404),
    },
    {
      name: `GET /dashboards/${path} over the account’s agencies`,
      method: 'GET',
      url: () => `/api/dashboards/${path}?indicator=procedures.new`,
      expect: PROVINCE_READERS,
    },
  ]),
  ...(['ranking', 'ranking.csv'] as const).flatMap((path): Case[] => [
    ...(['indicator=procedures.new', 'rowId=3.1.1'] as const).map(
      (subject): Case => ({
        name: `GET /dashboards/${path} of a round by ${subject.split('=')[0]}`,
        method: 'GET',
        url: (i) => `/api/dashboards/${path}?roundId=${i.round}&${subject}`,
        expect: byRole({ reporter: [403, 404], approver: [403, 404], viewer: [200, 404], consolidator: [200, 404], admin: [200, 404] }),
      }),
    ),
    {
      name: `GET /dashboards/${path} of a period`,
      method: 'GET',
      url: () => `/api/dashboards/${path}?year=2022&kind=H1&indicator=procedures.new`,
      expect: PROVINCE_READERS,
    },
  ]),
  ...(['completeness', 'completeness.csv'] as const).map(
    (path): Case => ({ name: `GET /dashboards/${path}`, method: 'GET', url: () => `/api/dashboards/${path}`, expect: PROVINCE_READERS }),
  ),
  {
    name: 'POST /rounds',
    method: 'POST',
    url: () => '/api/rounds',
    body: (i) => ({ templateId: 'ninh-thuan-7s-2022', period: { year: 2022, kind: 'Y' }, agencyIds: [i.agency] }),
    expect: byRole({ reporter: [403, 403], approver: [403, 403], viewer: [403, 403], consolidator: [201, 403], admin: [201, 403] }),
  },
];

const ACCOUNT_OF: Record<Role, string> = {
  reporter: 'khcn.baocao',
  approver: 'khcn.duyet',
  viewer: 'khcn.xem',
  consolidator: 'snv.tonghop',
  admin: 'admin',
};

for (const engine of testEngines()) {
  describe(`authorization matrix on ${engine.name}`, () => {
    let database: OpenDatabase;
    let ctx: Context;
    let app: FastifyInstance;
    const ids: Record<'khcn' | 'yte' | 'kh', Ids> = {} as never;

    // one sign-in per role (a scrypt each): no case ends the sessions of the five accounts that sign in
    const sessions = new Map<Role, Awaited<ReturnType<typeof signIn>>>();
    const sessionOf = async (role: Role) => {
      if (!sessions.has(role)) sessions.set(role, await signIn(app, ACCOUNT_OF[role]));
      return sessions.get(role)!;
    };

    beforeAll(async () => {
      database = await engine.fresh();
      ctx = await buildWorld(database);
      app = await buildApp(ctx, { loginLimit: { max: 1000, timeWindowMs: 60_000 } });
      const root = { accountId: 'acc-admin', username: 'admin', displayName: 'admin', role: 'admin' as const };
      const nt = await createRound(ctx, { ...root, scope: new Set(['ninh-thuan', 'so-khcn', 'so-y-te', 'so-noi-vu']) }, {
        templateId: 'ninh-thuan-7s-2022',
        period: { year: 2022, kind: 'H1' },
        agencyIds: ['so-khcn', 'so-y-te'],
      });
      const kh = await createRound(ctx, { ...root, accountId: 'acc-kh.admin', scope: new Set(['khanh-hoa', 'kh-so-y-te']) }, {
        templateId: 'ninh-thuan-7s-2022',
        period: { year: 2022, kind: 'H1' },
        agencyIds: ['kh-so-y-te'],
      });
      // a round of Sở Y tế alone: another agency's round, with nothing of Sở KH&CN in it
      const yteOnly = await createRound(ctx, { ...root, scope: new Set(['ninh-thuan', 'so-y-te']) }, {
        templateId: 'ninh-thuan-7s-2022',
        period: { year: 2022, kind: 'Q3' },
        agencyIds: ['so-y-te'],
      });
      const reportOf = async (roundId: string, agencyId: string) => (await listReports(ctx.db, { agencyIds: [agencyId], roundId }))[0]!.id;
      for (const [id, agency] of [['acc-khcn.matrix', 'so-khcn'], ['acc-yte.matrix', 'so-y-te'], ['acc-kh.matrix', 'kh-so-y-te']] as const) {
        await insertAccount(ctx.db, { id, username: id.slice(4), display_name: id, password_hash: 'not-a-login', role: 'reporter', agency_ids: [agency] });
      }
      ids.khcn = { report: await reportOf(nt.id, 'so-khcn'), round: nt.id, agency: 'so-khcn', account: 'acc-khcn.matrix' };
      ids.yte = { report: await reportOf(nt.id, 'so-y-te'), round: yteOnly.id, agency: 'so-y-te', account: 'acc-yte.matrix' };
      ids.kh = { report: await reportOf(kh.id, 'kh-so-y-te'), round: kh.id, agency: 'kh-so-y-te', account: 'acc-kh.matrix' };
      // every report has a first submission, so its diff exists
      for (const t of [ids.khcn, ids.yte, ids.kh]) {
        await insertSubmission(ctx.db, t.report, { number: 1, submittedAt: new Date(), submittedBy: null, cells: [], narrative: [], explanations: [] });
      }
    });
    afterAll(async () => {
      await app.close();
      await database.close();
      await engine.dispose();
    });

    for (const c of CASES) {
      for (const role of ['reporter', 'approver', 'viewer', 'consolidator', 'admin'] as Role[]) {
        for (const target of ['own', 'other'] as Target[]) {
          it(`${c.name} as ${role} on ${target === 'own' ? 'its own agency' : 'another agency'} → ${c.expect[role][target]}`, async () => {
            const wide = role === 'consolidator' || role === 'admin';
            // "other" for an agency's accounts is a sibling department; for province-wide accounts, another province
            const t = target === 'own' ? ids.khcn : wide ? ids.kh : ids.yte;
            // a round over another agency is not visible either: use that round
            const session = await sessionOf(role);
            if (c.status) await ctx.db.updateTable('reports').set({ status: c.status }).where('id', '=', t.report).execute();
            const version = (await getReport(ctx.db, t.report))!.version;
            const response = await app.inject({ method: c.method, url: c.url(t), headers: as(session), ...(c.body ? { payload: c.body(t, version) } : {}) });
            expect(response.statusCode, response.body).toBe(c.expect[role][target]);
            if (response.statusCode >= 400) expect(response.headers['content-type']).toContain('application/problem+json');
          });
        }
      }
    }

    it('lists only what lies within each account’s agencies', async () => {
      for (const role of ['reporter', 'approver', 'viewer'] as Role[]) {
        const session = await signIn(app, ACCOUNT_OF[role]);
        const agencies = (await app.inject({ method: 'GET', url: '/api/agencies', headers: as(session) })).json();
        expect(agencies.map((a: { id: string }) => a.id)).toEqual(['so-khcn']);
        const reports = (await app.inject({ method: 'GET', url: '/api/reports', headers: as(session) })).json();
        expect(new Set(reports.map((r: { agencyId: string }) => r.agencyId))).toEqual(new Set(['so-khcn']));
        const other = (await app.inject({ method: 'GET', url: '/api/reports?agencyId=so-y-te', headers: as(session) })).json();
        expect(other).toEqual([]);
        const round = (await app.inject({ method: 'GET', url: `/api/rounds/${ids.khcn.round}`, headers: as(session) })).json();
        expect(round.agencyIds).toEqual(['so-khcn']); // its place in the round, not the other agencies'
      }
      const snv = await signIn(app, 'snv.tonghop');
      const reports = (await app.inject({ method: 'GET', url: '/api/reports', headers: as(snv) })).json();
      expect(new Set(reports.map((r: { agencyId: string }) => r.agencyId))).toEqual(new Set(['so-khcn', 'so-y-te']));
      const agencies = (await app.inject({ method: 'GET', url: '/api/agencies', headers: as(snv) })).json();
      expect(agencies.map((a: { id: string }) => a.id)).not.toContain('kh-so-y-te');
    });

    it('lets every role see the templates and its own session, and only its own', async () => {
      for (const role of ['reporter', 'approver', 'viewer', 'consolidator', 'admin'] as Role[]) {
        const session = await signIn(app, ACCOUNT_OF[role]);
        expect((await app.inject({ method: 'GET', url: '/api/templates', headers: as(session) })).statusCode).toBe(200);
        const me = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: as(session) })).json();
        expect(me.actor.username).toBe(ACCOUNT_OF[role]);
      }
    });
  });
}
