/**
 * Every endpoint × every role × the actor's own agency vs another agency: no read or write crosses an agency boundary
 * it should not. Own agency: Sở KH&CN (inside Ninh Thuận). Another: Sở Y tế (for the agency's accounts) or a Khánh Hòa
 * department (for the province-wide accounts). Endpoints that name no agency (lists, the dashboards over an account's
 * whole scope, templates, one's own session) answer the same status on both sides; for them the content is checked:
 * a list holds nothing outside the account's agencies, and it holds the own agency's item but not the other one's.
 *
 * The routes are read from the application itself: a route without a case here (or outside the explicit public
 * allow-list) fails the suite, so no endpoint is added without deciding who may call it.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { onBothEngines } from '../test-support/both-engines.js';
import { ACCOUNTS, actorFor, PASSWORD } from '../test-support/world.js';
import { as, signIn, type TestSession } from '../test-support/http.js';
import { ACCOUNT_PAGE_MAX } from '../shared/account-schemas.js';
import type { Context } from './context.js';
import type { Role } from './db/schema.js';
import { createRound } from './services/round.service.js';
import { batchReadsSettled, createImportBatch } from './services/import-queue.service.js';
import { templateSourceOf } from './services/template.service.js';
import { getReport, insertReport, listReports } from './repositories/report.repository.js';
import { getRound } from './repositories/round.repository.js';
import { insertSubmission } from './repositories/submission.repository.js';
import { getAccount, insertAccount } from './repositories/account.repository.js';
import { insertNotice } from './repositories/notice.repository.js';
import { defaultProvinceSettings } from '../core/province-report/settings.js';
import { getPlan, insertFile as insertPlanFile, insertPlan, insertTasks, updateTask } from './repositories/plan.repository.js';
import { writeAssessment } from './repositories/par-index.repository.js';
import { listIndexSets } from './services/par-index.service.js';

type Target = 'own' | 'other';
type Expect = Record<Role, Record<Target, number>>;
interface Ids {
  /** An account of the agency that nobody signs in with (deactivating or resetting it breaks no other case). */
  account: string;
  report: string;
  round: string;
  /** The round's period. */
  period: { year: number; kind: string };
  agency: string;
  /** An import batch of the agency's province, its document held for review, and its unreadable one. */
  batch?: string;
  batchDocument?: string;
  batchFailed?: string;
}
/** What a body is built from: the report's version, the own agency's ids (for mixed requests), a template source. */
interface BodyArgs {
  version: number;
  own: Ids;
  /** A stored version's source, ready to be sent back as a new version's draft. */
  source: Record<string, unknown>;
}
/** What a content check sees, after the status matched. */
interface Seen {
  response: LightMyRequestResponse;
  role: Role;
  target: Target;
  t: Ids;
  own: Ids;
  /** The agencies the signed-in account acts for: its own and every one below them. */
  scope: ReadonlySet<string>;
  /** The session the request was made with. */
  session: TestSession;
  /** A session of another account that must outlive the request: the same agency's (own) or the other agency's (other). */
  witness: () => Promise<TestSession>;
  ctx: Context;
  app: FastifyInstance;
}
interface Case {
  /** The route exercised, as the application registers it ("METHOD /api/…"); checked on every request. */
  route: string;
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: (ids: Ids) => string;
  body?: (ids: Ids, k: BodyArgs) => Record<string, unknown>;
  /** A multipart upload of one file instead of a JSON body. */
  upload?: (ids: Ids) => { fileName: string; bytes: Buffer };
  /** The report's state before the request, so that only permission decides the answer. */
  status?: 'draft' | 'submitted' | 'accepted';
  /** Sign in anew, with an account of the role made for this request alone: for requests that end or rotate sessions. */
  freshSession?: true;
  /** Expected status for each role on its own agency and on another one. */
  expect: Expect;
  /** Checks the content of a successful answer (lists: scoped, not only allowed). */
  check?: (seen: Seen) => void | Promise<void>;
}

const ROLES = ['reporter', 'approver', 'viewer', 'consolidator', 'admin'] as const satisfies readonly Role[];

const all = (own: number, other: number): Expect => Object.fromEntries(ROLES.map((r) => [r, { own, other }])) as Expect;
const byRole = (table: Record<Role, [number, number]>) =>
  Object.fromEntries(Object.entries(table).map(([r, [own, other]]) => [r, { own, other }])) as Expect;

/** Endpoints over the account's whole scope, with no agency named: only those who may read the consolidation. */
const PROVINCE_READERS = byRole({ reporter: [403, 403], approver: [403, 403], viewer: [200, 200], consolidator: [200, 200], admin: [200, 200] });
/** A round's consolidation: those who may read it, within their agencies. */
const CONSOLIDATION_READERS = byRole({ reporter: [403, 404], approver: [403, 404], viewer: [200, 404], consolidator: [200, 404], admin: [200, 404] });
/** Writing a report's values: the agency's reporter and approver, on their own agency's report. */
const REPORT_WRITERS = byRole({ reporter: [200, 404], approver: [200, 404], viewer: [403, 404], consolidator: [403, 404], admin: [403, 404] });

/** The province's report of a round: the Sở Nội vụ (consolidator) and administrators, within their province. */
const PROVINCE_COMPOSERS = byRole({ reporter: [403, 404], approver: [403, 404], viewer: [403, 404], consolidator: [200, 404], admin: [200, 404] });
/** A province's settings: the province agency lies outside an agency's accounts' scope (absent for them). */
const PROVINCE_SETTINGS = byRole({ reporter: [404, 404], approver: [404, 404], viewer: [404, 404], consolidator: [200, 404], admin: [200, 404] });
/** The province of each target agency. */
const PROVINCE_OF: Record<string, string> = { 'so-khcn': 'ninh-thuan', 'so-y-te': 'ninh-thuan', 'kh-so-y-te': 'khanh-hoa' };
/** The own round's province report as the last successful write left it, and the province settings' version. */
const provinceReport = { version: 0, status: 'draft' };
const provinceSettingsVersion = { value: 0 };

const noneButAdmin = (own: number, other: number) =>
  byRole({ reporter: [403, 403], approver: [403, 403], viewer: [403, 403], consolidator: [403, 403], admin: [own, other] });

/** Every agency named lies within the account's agencies. */
function within(scope: ReadonlySet<string>, agencyIds: readonly string[], what: string) {
  const outside = agencyIds.filter((a) => !scope.has(a));
  expect(outside, `${what} of agencies outside the account's own: ${outside.join(', ')}`).toEqual([]);
}

/** Every round listed has an agency within the account's agencies (the rounds of another province are not listed). */
async function roundsWithin(ctx: Context, scope: ReadonlySet<string>, roundIds: readonly string[]) {
  for (const id of roundIds) {
    const round = await getRound(ctx.db, id);
    expect(round, `round ${id}`).toBeDefined();
    expect(
      round!.agency_ids.some((a) => scope.has(a)),
      `round ${id} (${round!.agency_ids.join(', ')}) lies outside the account's agencies`,
    ).toBe(true);
  }
}

/** The own item is there, the other agency's is not. */
function ownListedOtherNot(listed: readonly string[], seen: Seen, pick: (ids: Ids) => string) {
  if (seen.target === 'own') expect(listed).toContain(pick(seen.t));
  else expect(listed).not.toContain(pick(seen.t));
}

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures');
const YTE_REPORT = readFileSync(join(FIXTURES, 'ninh-thuan_so-y-te_2023-h1.txt'), 'utf8');
/** A legacy report of each target agency: Sở KH&CN and Sở Y tế of Ninh Thuận, Sở Y tế of Khánh Hòa. */
const UPLOADS: Record<string, { fileName: string; bytes: Buffer }> = {
  'so-khcn': { fileName: 'so-khcn.txt', bytes: Buffer.from(YTE_REPORT.replaceAll('Sở Y tế', 'Sở Khoa học và Công nghệ')) },
  'so-y-te': { fileName: 'so-y-te.txt', bytes: Buffer.from(YTE_REPORT) },
  'kh-so-y-te': { fileName: 'kh-so-y-te.txt', bytes: Buffer.from(YTE_REPORT.replaceAll('Ninh Thuận', 'Khánh Hòa')) },
};

function multipart(file: { fileName: string; bytes: Buffer }) {
  const boundary = `----cchc-matrix${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.fileName}"\r\nContent-Type: text/plain\r\n\r\n`),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Distinct values for writes that may happen once only (history periods, template ids). */
let serial = 0;
const next = () => ++serial;
let planYears = 0;
const nextPlanYear = () => ++planYears;

const importCells = [{ rowId: '3.1.1', raw: '01', note: null }];
/** Khánh Hòa's import batch (set up with the world): no Ninh Thuận account lists it. */
const BATCH_OF_KH = { id: '' };

// ------------------------------------------------------------------------------- the CCHC index (set 2026-so-nganh)
/**
 * The own agency's assessment as the last successful answer left it, the links a successful removal takes (last
 * first), and a file of evidence of each target agency (Sở Y tế's assessment is finalised, so Ninh Thuận's ranking
 * has an agency to publish).
 */
const indexFixture = { version: 0, status: 'draft', links: [] as string[], fileOf: {} as Record<string, string> };
const INDEX_SET = '2026-so-nganh';
const indexUrl = (i: Ids, tail = '') => `/api/index/sets/${INDEX_SET}/assessments/${i.agency}${tail}`;
/** Reading an assessment: every role, within its agencies. */
const INDEX_READERS = all(200, 404);
/** Submitting the self-assessment: the agency's approver. */
const INDEX_SUBMITTERS = byRole({ reporter: [403, 404], approver: [200, 404], viewer: [403, 404], consolidator: [403, 404], admin: [403, 404] });
/**
 * A group's results in a province: the Sở Nội vụ within its province; an agency's accounts in their own province, where
 * its sibling (the other target) is too: they read the published ranking only (checked in the content).
 */
const INDEX_RESULTS_READERS = byRole({ reporter: [200, 200], approver: [200, 200], viewer: [200, 200], consolidator: [200, 404], admin: [200, 404] });

async function seedIndexFixtures(ctx: Context) {
  indexFixture.version = 0;
  indexFixture.status = 'draft';
  indexFixture.links = [];
  indexFixture.fileOf = {};
  await listIndexSets(ctx, { accountId: 'acc-admin', username: 'admin', displayName: 'admin', role: 'admin', scope: new Set() });
  const now = ctx.clock.now();
  for (const agency of ['so-y-te', 'kh-so-y-te']) {
    const fileId = `evidence-${agency}`;
    const key = { id: `assessment-${agency}`, setId: INDEX_SET, agencyId: agency };
    const audit = { actorId: 'acc-admin', action: 'seed-matrix', before: {}, after: {}, now };
    await writeAssessment(ctx.db, key, 0, { scores: [{ code: '3.5', side: 'self', score: 2, text: 'Có' }] }, audit);
    await writeAssessment(
      ctx.db,
      key,
      1,
      {
        addEvidence: {
          id: fileId,
          code: '3.5',
          kind: 'file',
          title: 'minh-chung.pdf',
          file: { name: 'minh-chung.pdf', contentType: 'application/pdf', size: 3, sha256: '0', base64: Buffer.from('pdf').toString('base64') },
        },
      },
      audit,
    );
    if (agency === 'so-y-te') await writeAssessment(ctx.db, key, 2, { status: 'finalised', finalisedAt: now }, audit);
    indexFixture.fileOf[agency] = fileId;
  }
}

const trackIndex = ({ response }: Seen) => {
  const body = response.json() as { version: number; status: string };
  indexFixture.version = body.version;
  indexFixture.status = body.status;
};

const INDEX_CASES: Case[] = [
  {
    route: 'GET /api/index/sets',
    name: 'GET /index/sets',
    method: 'GET',
    url: () => '/api/index/sets',
    expect: all(200, 200),
    check: ({ response }) => expect(response.json().map((s: { id: string }) => s.id)).toContain(INDEX_SET),
  },
  {
    route: 'GET /api/index/sets/:setId',
    name: 'GET /index/sets/:setId',
    method: 'GET',
    url: () => `/api/index/sets/${INDEX_SET}`,
    expect: all(200, 200),
  },
  {
    route: 'GET /api/index/sets/:setId/assessments',
    name: 'GET /index/sets/:setId/assessments',
    method: 'GET',
    url: () => `/api/index/sets/${INDEX_SET}/assessments`,
    expect: all(200, 200),
    check: (seen) => {
      const listed = seen.response.json().map((a: { agencyId: string }) => a.agencyId);
      within(seen.scope, listed, 'assessments listed');
      ownListedOtherNot(listed, seen, (i) => i.agency);
    },
  },
  {
    route: 'GET /api/index/sets/:setId/assessments/:agencyId',
    name: 'GET /index/sets/:setId/assessments/:agencyId',
    method: 'GET',
    url: (i) => indexUrl(i),
    expect: INDEX_READERS,
  },
  {
    route: 'PUT /api/index/sets/:setId/assessments/:agencyId/self',
    name: 'PUT /index/sets/:setId/assessments/:agencyId/self',
    method: 'PUT',
    url: (i) => indexUrl(i, '/self'),
    body: () => ({ version: indexFixture.version, scores: [{ code: '3.5', score: 1, note: 'Đã xin lỗi bằng văn bản.' }] }),
    expect: REPORT_WRITERS,
    check: trackIndex,
  },
  {
    route: 'POST /api/index/sets/:setId/assessments/:agencyId/evidence',
    name: 'POST /index/sets/:setId/assessments/:agencyId/evidence (upload)',
    method: 'POST',
    url: (i) => indexUrl(i, `/evidence?code=3.5&version=${indexFixture.version}`),
    upload: () => ({ fileName: 'minh-chung.pdf', bytes: Buffer.from('%PDF-1.4') }),
    expect: REPORT_WRITERS,
    check: (seen) => {
      trackIndex(seen);
      const evidence = seen.response.json().criteria.find((c: { code: string }) => c.code === '3.5').evidence as { id: string; kind: string }[];
      indexFixture.fileOf['so-khcn'] ??= evidence.find((e) => e.kind === 'file')!.id;
    },
  },
  {
    route: 'POST /api/index/sets/:setId/assessments/:agencyId/evidence-links',
    name: 'POST /index/sets/:setId/assessments/:agencyId/evidence-links',
    method: 'POST',
    url: (i) => indexUrl(i, '/evidence-links'),
    body: () => ({ version: indexFixture.version, code: '3.5', url: 'https://example.gov.vn/van-ban', title: `Văn bản ${next()}` }),
    expect: REPORT_WRITERS,
    check: (seen) => {
      trackIndex(seen);
      const evidence = seen.response.json().criteria.find((c: { code: string }) => c.code === '3.5').evidence as { id: string; kind: string }[];
      indexFixture.links.push(evidence.filter((e) => e.kind === 'link').at(-1)!.id);
    },
  },
  {
    route: 'POST /api/index/sets/:setId/assessments/:agencyId/evidence/:evidenceId/remove',
    name: 'POST /index/sets/:setId/assessments/:agencyId/evidence/:evidenceId/remove',
    method: 'POST',
    url: (i) => indexUrl(i, `/evidence/${indexFixture.links.at(-1) ?? 'none'}/remove`),
    body: () => ({ version: indexFixture.version }),
    expect: REPORT_WRITERS,
    check: (seen) => {
      trackIndex(seen);
      indexFixture.links.pop();
    },
  },
  {
    route: 'GET /api/index/evidence/:id',
    name: 'GET /index/evidence/:id',
    method: 'GET',
    url: (i) => `/api/index/evidence/${indexFixture.fileOf[i.agency] ?? 'none'}`,
    expect: INDEX_READERS,
  },
  {
    route: 'POST /api/index/sets/:setId/assessments/:agencyId/:action',
    name: 'POST /index/sets/:setId/assessments/:agencyId/submit',
    method: 'POST',
    url: (i) => indexUrl(i, '/submit'),
    body: () => ({ version: indexFixture.version }),
    expect: INDEX_SUBMITTERS,
    check: trackIndex,
  },
  {
    route: 'PUT /api/index/sets/:setId/assessments/:agencyId/appraisal',
    name: 'PUT /index/sets/:setId/assessments/:agencyId/appraisal',
    method: 'PUT',
    url: (i) => indexUrl(i, '/appraisal'),
    body: () => ({ version: indexFixture.version, scores: [{ code: '3.5', score: 0.5, reason: 'Chưa xin lỗi đủ các trường hợp trễ hạn.' }] }),
    expect: PROVINCE_COMPOSERS,
    check: trackIndex,
  },
  {
    route: 'POST /api/index/sets/:setId/assessments/:agencyId/:action',
    name: 'POST /index/sets/:setId/assessments/:agencyId/:action (finalise, then reopen)',
    method: 'POST',
    url: (i) => indexUrl(i, indexFixture.status === 'finalised' ? '/reopen' : '/finalise'),
    body: () => ({ version: indexFixture.version }),
    expect: PROVINCE_COMPOSERS,
    check: trackIndex,
  },
  {
    route: 'GET /api/index/sets/:setId/assessments/:agencyId/history',
    name: 'GET /index/sets/:setId/assessments/:agencyId/history',
    method: 'GET',
    url: (i) => indexUrl(i, '/history'),
    expect: INDEX_READERS,
  },
  {
    route: 'GET /api/index/sets/:setId/provinces/:provinceId/results',
    name: 'GET /index/sets/:setId/provinces/:provinceId/results',
    method: 'GET',
    url: (i) => `/api/index/sets/${INDEX_SET}/provinces/${PROVINCE_OF[i.agency]}/results`,
    expect: INDEX_RESULTS_READERS,
    check: ({ response, scope, role }) => {
      const body = response.json() as { publishedOnly: boolean; published: unknown; ranking: { agencyId: string }[]; pending: unknown[] };
      // the Sở Nội vụ reads its agencies as they stand; an agency's accounts the published ranking, and nothing before
      expect(body.publishedOnly).toBe(!wide(role));
      if (wide(role)) {
        within(
          scope,
          body.ranking.map((r) => r.agencyId),
          'ranking',
        );
        return;
      }
      expect(body.pending).toEqual([]);
      if (body.published === null) expect(body.ranking).toEqual([]);
    },
  },
  {
    route: 'POST /api/index/sets/:setId/provinces/:provinceId/publish',
    name: 'POST /index/sets/:setId/provinces/:provinceId/publish',
    method: 'POST',
    url: (i) => `/api/index/sets/${INDEX_SET}/provinces/${PROVINCE_OF[i.agency]}/publish`,
    body: () => ({ decision: 'Quyết định số 1/QĐ-UBND' }),
    expect: PROVINCE_SETTINGS,
  },
  ...(['docx', 'xlsx'] as const).map((format): Case => ({
    route: `GET /api/index/sets/:setId/provinces/:provinceId/results.${format}`,
    name: `GET /index/sets/:setId/provinces/:provinceId/results.${format}`,
    method: 'GET',
    url: (i) => `/api/index/sets/${INDEX_SET}/provinces/${PROVINCE_OF[i.agency]}/results.${format}`,
    // after the publication above: the agencies of the group download the published results too
    expect: INDEX_RESULTS_READERS,
  })),
  {
    route: 'GET /api/index/provinces/:provinceId/compare',
    name: 'GET /index/provinces/:provinceId/compare',
    method: 'GET',
    url: (i) => `/api/index/provinces/${PROVINCE_OF[i.agency]}/compare?group=departments`,
    expect: PROVINCE_SETTINGS,
  },
];

// ------------------------------------------------------------------------------------ the annual CCHC plan (2022)
/** Each target agency's province plan, one of its province tasks, a kept evidence file, and what a write may remove. */
const planFixture = {
  planOf: {} as Record<string, string>,
  taskOf: {} as Record<string, string>,
  fileOf: {} as Record<string, string>,
  /** Tasks of the agency a successful delete removes (first first). */
  deletable: {} as Record<string, string[]>,
  /** Files on the agency's task a successful delete removes. */
  removable: {} as Record<string, string[]>,
  /** The versions of plans and tasks as the last successful answer left them. */
  versions: {} as Record<string, number>,
};

/** Plans and tasks for the three target agencies: Ninh Thuận's and Khánh Hòa's plans of 2022 (the rounds' year). */
async function seedPlanFixtures(ctx: Context) {
  const now = ctx.clock.now();
  const audit = { actorId: null, action: 'seed-matrix', now };
  const plans = { 'ninh-thuan': 'plan-matrix-nt', 'khanh-hoa': 'plan-matrix-kh' } as Record<string, string>;
  for (const [province, id] of Object.entries(plans))
    await insertPlan(ctx.db, { id, provinceId: province, year: 2022, title: `Kế hoạch ${province}`, decision: null }, audit);
  for (const agency of ['so-khcn', 'so-y-te', 'kh-so-y-te']) {
    const planId = plans[PROVINCE_OF[agency]!]!;
    const own = agency === 'so-khcn';
    const ids = [`task-${agency}`, ...Array.from({ length: own ? 3 : 1 }, (_, i) => `task-${agency}-del-${i}`)];
    const version = (await getPlan(ctx.db, planId))!.version;
    await insertTasks(
      ctx.db,
      planId,
      version,
      ids.map((id) => ({
        id,
        ownerAgencyId: null,
        area: 'procedures',
        title: id,
        responsibleAgencyId: agency,
        deadline: '2022-06-30',
        expectedOutput: null,
      })),
      audit,
    );
    planFixture.planOf[agency] = planId;
    planFixture.taskOf[agency] = ids[0]!;
    planFixture.deletable[agency] = ids.slice(1);
    const files = [`file-${agency}`, ...Array.from({ length: own ? 4 : 1 }, (_, i) => `file-${agency}-del-${i}`)];
    for (const [n, fileId] of files.entries()) {
      await updateTask(ctx.db, ids[0]!, n + 1, {}, audit, (trx) =>
        insertPlanFile(trx, {
          id: fileId,
          taskId: ids[0]!,
          fileName: `${fileId}.txt`,
          contentType: 'text/plain; charset=utf-8',
          size: 9,
          sha256: '0',
          contentBase64: Buffer.from('minh chứng').toString('base64'),
          by: null,
          at: now,
        }),
      );
    }
    planFixture.fileOf[agency] = files[0]!;
    planFixture.removable[agency] = files.slice(1);
  }
  for (const p of await ctx.db.selectFrom('plans').select(['id', 'version']).execute()) planFixture.versions[p.id] = p.version;
  for (const t of await ctx.db.selectFrom('plan_tasks').select(['id', 'version']).execute()) planFixture.versions[t.id] = t.version;
}

/** Keeps the versions a successful plan answer carries (the plan, or the import's plan). */
function trackPlan({ response }: Seen) {
  const body = response.json() as { version: number; id: string; tasks: { id: string; version: number }[]; plan?: never } & {
    plan?: { version: number; id: string; tasks: { id: string; version: number }[] };
  };
  const plan = body.plan ?? body;
  planFixture.versions[plan.id] = plan.version;
  for (const t of plan.tasks) planFixture.versions[t.id] = t.version;
}

/** A plan read: every role within its province (an agency's sibling is in the same province), none beyond it. */
const PLAN_READERS = byRole({ reporter: [200, 200], approver: [200, 200], viewer: [200, 200], consolidator: [200, 404], admin: [200, 404] });
/** Managing a plan: the Sở Nội vụ and administrators of the province. */
const PLAN_MANAGERS = byRole({ reporter: [403, 403], approver: [403, 403], viewer: [403, 403], consolidator: [200, 404], admin: [200, 404] });
/** A task's progress: the responsible agency's reporters and approvers, and the plan's managers. */
const PLAN_PROGRESS = byRole({ reporter: [200, 403], approver: [200, 403], viewer: [403, 403], consolidator: [200, 404], admin: [200, 404] });

const PLAN_CASES: Case[] = [
  {
    route: 'GET /api/plans',
    name: 'GET /plans',
    method: 'GET',
    url: () => '/api/plans',
    expect: all(200, 200),
    // every account of the matrix acts within Ninh Thuận: its plans, never Khánh Hòa's
    check: ({ response }) =>
      expect(
        response
          .json()
          .map((p: { provinceId: string }) => p.provinceId)
          .filter((p: string) => p !== 'ninh-thuan'),
      ).toEqual([]),
  },
  {
    route: 'POST /api/plans',
    name: 'POST /plans',
    method: 'POST',
    url: () => '/api/plans',
    // a year no other plan case has used, on either engine (a plan's year is at most 2100)
    body: (i) => ({ provinceId: PROVINCE_OF[i.agency], year: 2030 + nextPlanYear(), title: 'Kế hoạch ma trận' }),
    expect: byRole({ reporter: [403, 403], approver: [403, 403], viewer: [403, 403], consolidator: [201, 404], admin: [201, 404] }),
  },
  {
    route: 'GET /api/plans/:id',
    name: 'GET /plans/:id',
    method: 'GET',
    url: (i) => `/api/plans/${planFixture.planOf[i.agency]}`,
    expect: PLAN_READERS,
    // another agency's own tasks are not shown
    check: ({ response, scope }) =>
      within(
        scope,
        response.json().tasks.flatMap((t: { ownerAgencyId: string | null }) => (t.ownerAgencyId ? [t.ownerAgencyId] : [])),
        'own tasks',
      ),
  },
  {
    route: 'PUT /api/plans/:id',
    name: 'PUT /plans/:id',
    method: 'PUT',
    url: (i) => `/api/plans/${planFixture.planOf[i.agency]}`,
    body: (i) => ({ version: planFixture.versions[planFixture.planOf[i.agency]!], title: 'Kế hoạch sửa', decision: null }),
    expect: PLAN_MANAGERS,
    check: trackPlan,
  },
  {
    route: 'POST /api/plans/:id/tasks',
    name: 'POST /plans/:id/tasks',
    method: 'POST',
    url: (i) => `/api/plans/${planFixture.planOf[i.agency]}/tasks`,
    body: (i) => ({
      planVersion: planFixture.versions[planFixture.planOf[i.agency]!],
      area: 'egov',
      title: `Nhiệm vụ ma trận ${next()}`,
      responsibleAgencyId: i.agency,
      deadline: '2022-12-31',
      expectedOutput: null,
      own: false,
    }),
    expect: PLAN_MANAGERS,
    check: trackPlan,
  },
  {
    route: 'POST /api/plans/:id/import',
    name: 'POST /plans/:id/import',
    method: 'POST',
    url: (i) => `/api/plans/${planFixture.planOf[i.agency]}/import`,
    upload: (i) => ({
      fileName: 'ke-hoach.csv',
      bytes: Buffer.from(`Nhiệm vụ,Lĩnh vực,Cơ quan chủ trì,Thời hạn\nNhập ma trận ${next()},egov,${i.agency},30/11/2022\n`),
    }),
    expect: PLAN_MANAGERS,
    check: trackPlan,
  },
  {
    route: 'PUT /api/plan-tasks/:id',
    name: 'PUT /plan-tasks/:id',
    method: 'PUT',
    url: (i) => `/api/plan-tasks/${planFixture.taskOf[i.agency]}`,
    body: (i) => ({
      version: planFixture.versions[planFixture.taskOf[i.agency]!],
      area: 'procedures',
      title: `task-${i.agency} (sửa)`,
      responsibleAgencyId: i.agency,
      deadline: '2022-06-30',
      expectedOutput: 'Báo cáo',
      own: false,
    }),
    expect: PLAN_MANAGERS,
    check: trackPlan,
  },
  {
    route: 'POST /api/plan-tasks/:id/delete',
    name: 'POST /plan-tasks/:id/delete',
    method: 'POST',
    url: (i) => `/api/plan-tasks/${planFixture.deletable[i.agency]![0]}/delete`,
    body: (i) => ({ version: planFixture.versions[planFixture.deletable[i.agency]![0]!] }),
    expect: PLAN_MANAGERS,
    check: (seen) => {
      const gone = planFixture.deletable[seen.t.agency]!.shift()!;
      expect(seen.response.json().tasks.map((t: { id: string }) => t.id)).not.toContain(gone);
      trackPlan(seen);
    },
  },
  {
    route: 'PUT /api/plan-tasks/:id/progress',
    name: 'PUT /plan-tasks/:id/progress',
    method: 'PUT',
    url: (i) => `/api/plan-tasks/${planFixture.taskOf[i.agency]}/progress`,
    body: (i) => ({
      version: planFixture.versions[planFixture.taskOf[i.agency]!],
      status: 'in-progress',
      doneOn: null,
      note: 'Ma trận',
      evidenceReportId: null,
    }),
    expect: PLAN_PROGRESS,
    check: trackPlan,
  },
  {
    route: 'POST /api/plan-tasks/:id/files',
    name: 'POST /plan-tasks/:id/files',
    method: 'POST',
    url: (i) => `/api/plan-tasks/${planFixture.taskOf[i.agency]}/files?version=${planFixture.versions[planFixture.taskOf[i.agency]!]}`,
    upload: () => ({ fileName: 'minh-chung.txt', bytes: Buffer.from('Biên bản kiểm tra') }),
    expect: PLAN_PROGRESS,
    check: trackPlan,
  },
  {
    route: 'GET /api/plan-tasks/:id/files/:fileId',
    name: 'GET /plan-tasks/:id/files/:fileId',
    method: 'GET',
    url: (i) => `/api/plan-tasks/${planFixture.taskOf[i.agency]}/files/${planFixture.fileOf[i.agency]}`,
    expect: PLAN_READERS,
    check: ({ response }) => expect(response.body).toBe('minh chứng'),
  },
  {
    route: 'POST /api/plan-tasks/:id/files/:fileId/delete',
    name: 'POST /plan-tasks/:id/files/:fileId/delete',
    method: 'POST',
    url: (i) => `/api/plan-tasks/${planFixture.taskOf[i.agency]}/files/${planFixture.removable[i.agency]![0]}/delete`,
    body: (i) => ({ version: planFixture.versions[planFixture.taskOf[i.agency]!] }),
    expect: PLAN_PROGRESS,
    check: (seen) => {
      planFixture.removable[seen.t.agency]!.shift();
      trackPlan(seen);
    },
  },
  {
    route: 'GET /api/reports/:id/plan-prefill',
    name: 'GET /reports/:id/plan-prefill',
    method: 'GET',
    url: (i) => `/api/reports/${i.report}/plan-prefill`,
    expect: all(200, 404),
  },
  {
    route: 'POST /api/reports/:id/plan-prefill',
    name: 'POST /reports/:id/plan-prefill',
    method: 'POST',
    url: (i) => `/api/reports/${i.report}/plan-prefill`,
    body: (_i, { version }) => ({ version }),
    status: 'draft',
    expect: REPORT_WRITERS,
  },
];

const CASES: Case[] = [
  // ------------------------------------------------------------------------------------------- one's own session
  {
    route: 'GET /api/auth/me',
    name: 'GET /auth/me',
    method: 'GET',
    url: () => '/api/auth/me',
    expect: all(200, 200),
    check: ({ response, role, session }) => {
      const me = response.json();
      const username = ACCOUNT_OF[role];
      expect(me.actor).toMatchObject({ username, role, agencyIds: ACCOUNTS[username]!.agencies });
      expect(me.csrfToken).toBe(session.csrf);
    },
  },
  {
    route: 'POST /api/auth/logout',
    name: 'POST /auth/logout',
    method: 'POST',
    url: () => '/api/auth/logout',
    freshSession: true,
    expect: all(204, 204),
    check: async ({ app, session, witness }) => {
      expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: as(session) })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: as(await witness()) })).statusCode).toBe(200);
    },
  },
  {
    route: 'POST /api/auth/logout-everywhere',
    name: 'POST /auth/logout-everywhere',
    method: 'POST',
    url: () => '/api/auth/logout-everywhere',
    freshSession: true,
    expect: all(200, 200),
    check: async ({ app, response, session, witness }) => {
      expect(response.json()).toEqual({ sessionsEnded: 1 }); // its own one session, nobody else's
      expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: as(session) })).statusCode).toBe(401);
      expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: as(await witness()) })).statusCode).toBe(200);
    },
  },
  {
    route: 'POST /api/auth/password',
    name: 'POST /auth/password',
    method: 'POST',
    url: () => '/api/auth/password',
    body: () => ({ currentPassword: PASSWORD, newPassword: 'mat-khau-ma-tran-2027' }),
    freshSession: true,
    expect: all(200, 200),
    check: async ({ app, ctx, session, witness }) => {
      // only the signed-in account's password changed: every account of the world keeps its own
      const world = await ctx.db
        .selectFrom('accounts')
        .select(['username', 'password_hash'])
        .where('username', 'in', Object.keys(ACCOUNTS))
        .execute();
      expect(world).toHaveLength(Object.keys(ACCOUNTS).length);
      expect(new Set(world.map((a) => a.password_hash)).size).toBe(1);
      const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: as(session) });
      expect(me.statusCode).toBe(401); // rotated
      expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: as(await witness()) })).statusCode).toBe(200);
    },
  },
  // --------------------------------------------------------------------------------------------------- agencies
  {
    route: 'GET /api/agencies',
    name: 'GET /agencies',
    method: 'GET',
    url: () => '/api/agencies',
    expect: all(200, 200),
    check: (seen) => {
      const listed = seen.response.json().map((a: { id: string }) => a.id);
      within(seen.scope, listed, 'agencies listed');
      ownListedOtherNot(listed, seen, (i) => i.agency);
    },
  },
  { route: 'GET /api/agencies/:id', name: 'GET /agencies/:id', method: 'GET', url: (i) => `/api/agencies/${i.agency}`, expect: all(200, 404) },
  // --------------------------------------------------------------- templates: read by every role, unscoped by design
  {
    route: 'GET /api/templates',
    name: 'GET /templates',
    method: 'GET',
    url: () => '/api/templates',
    expect: all(200, 200),
    check: ({ response }) => expect(response.json().map((t: { id: string }) => t.id)).toContain('ninh-thuan-7s-2022'),
  },
  {
    route: 'GET /api/templates/indicators',
    name: 'GET /templates/indicators',
    method: 'GET',
    url: () => '/api/templates/indicators',
    expect: all(200, 200),
  },
  {
    route: 'GET /api/templates/:id',
    name: 'GET /templates/:id',
    method: 'GET',
    url: () => '/api/templates/ninh-thuan-7s-2022',
    expect: all(200, 200),
  },
  {
    route: 'GET /api/templates/:id/source',
    name: 'GET /templates/:id/source',
    method: 'GET',
    url: () => '/api/templates/ninh-thuan-7s-2022/source',
    expect: all(200, 200),
  },
  {
    route: 'POST /api/templates/check',
    name: 'POST /templates/check',
    method: 'POST',
    url: () => '/api/templates/check',
    body: (_i, { source }) => ({
      ...source,
      basedOn: 'ninh-thuan-7s-2023',
      id: 'ma-tran-kiem-tra',
      name: 'Ma trận',
      effectiveFrom: '2024-01-01',
      effectiveTo: null,
    }),
    expect: all(200, 200),
    check: ({ response }) => expect(response.json()).toEqual({ ok: true, problems: [] }), // and nothing stored
  },
  {
    route: 'POST /api/templates',
    name: 'POST /templates',
    method: 'POST',
    url: () => '/api/templates',
    body: (_i, { source }) => {
      const n = next();
      return {
        ...source,
        basedOn: 'ninh-thuan-7s-2023',
        id: `ma-tran-${n}`,
        name: `Ma trận ${n}`,
        effectiveFrom: `2024-${String((n % 12) + 1).padStart(2, '0')}-01`,
        effectiveTo: null,
      };
    },
    expect: noneButAdmin(201, 201),
  },
  // ----------------------------------------------------------------------------------------------------- rounds
  {
    route: 'GET /api/rounds',
    name: 'GET /rounds',
    method: 'GET',
    url: () => '/api/rounds',
    expect: all(200, 200),
    check: async (seen) => {
      const rounds = seen.response.json() as { id: string; agencyIds?: string[] }[];
      await roundsWithin(
        seen.ctx,
        seen.scope,
        rounds.map((r) => r.id),
      );
      for (const r of rounds) within(seen.scope, r.agencyIds ?? [], `round ${r.id}`);
      ownListedOtherNot(
        rounds.map((r) => r.id),
        seen,
        (i) => i.round,
      );
    },
  },
  {
    route: 'GET /api/rounds/:id',
    name: 'GET /rounds/:id',
    method: 'GET',
    url: (i) => `/api/rounds/${i.round}`,
    expect: all(200, 404),
    // its place in the round, not the other agencies'
    check: ({ response, scope }) => within(scope, response.json().agencyIds, 'round'),
  },
  {
    route: 'GET /api/rounds/:id/board',
    name: 'GET /rounds/:id/board',
    method: 'GET',
    url: (i) => `/api/rounds/${i.round}/board`,
    expect: all(200, 404),
    check: ({ response, scope }) =>
      within(
        scope,
        response.json().rows.map((r: { agencyId: string }) => r.agencyId),
        'board rows',
      ),
  },
  {
    route: 'POST /api/rounds',
    name: 'POST /rounds',
    method: 'POST',
    url: () => '/api/rounds',
    body: (i) => ({ templateId: 'ninh-thuan-7s-2022', period: { year: 2022, kind: 'Y' }, agencyIds: [i.agency] }),
    expect: byRole({ reporter: [403, 403], approver: [403, 403], viewer: [403, 403], consolidator: [201, 403], admin: [201, 403] }),
  },
  {
    route: 'POST /api/rounds/:id/remind',
    name: 'POST /rounds/:id/remind',
    method: 'POST',
    url: (i) => `/api/rounds/${i.round}/remind`,
    expect: byRole({ reporter: [403, 404], approver: [403, 404], viewer: [403, 404], consolidator: [200, 404], admin: [200, 404] }),
    check: ({ response, scope }) => within(scope, response.json().reminded, 'reminded'),
  },
  {
    route: 'GET /api/notices',
    name: 'GET /notices',
    method: 'GET',
    url: () => '/api/notices',
    expect: all(200, 200),
    check: (seen) => {
      const agencies = seen.response.json().map((n: { agencyId: string }) => n.agencyId);
      within(seen.scope, agencies, 'notices');
      ownListedOtherNot(agencies, seen, (i) => i.agency);
    },
  },
  // -------------------------------------------------------------------------------------------------- reports
  {
    route: 'GET /api/reports',
    name: 'GET /reports',
    method: 'GET',
    url: () => '/api/reports',
    expect: all(200, 200),
    check: (seen) => {
      const reports = seen.response.json() as { id: string; agencyId: string }[];
      within(
        seen.scope,
        reports.map((r) => r.agencyId),
        'reports listed',
      );
      ownListedOtherNot(
        reports.map((r) => r.id),
        seen,
        (i) => i.report,
      );
    },
  },
  {
    route: 'GET /api/reports',
    name: 'GET /reports?agencyId',
    method: 'GET',
    url: (i) => `/api/reports?agencyId=${i.agency}`,
    expect: all(200, 200),
    check: (seen) => {
      const reports = seen.response.json() as { id: string; agencyId: string }[];
      if (seen.target === 'other') return expect(reports).toEqual([]);
      expect(new Set(reports.map((r) => r.agencyId))).toEqual(new Set([seen.t.agency]));
      expect(reports.map((r) => r.id)).toContain(seen.t.report);
    },
  },
  {
    route: 'GET /api/reports',
    name: 'GET /reports?roundId',
    method: 'GET',
    url: (i) => `/api/reports?roundId=${i.round}`,
    expect: all(200, 200),
    check: (seen) => {
      const reports = seen.response.json() as { id: string; agencyId: string }[];
      if (seen.target === 'other') return expect(reports).toEqual([]);
      within(
        seen.scope,
        reports.map((r) => r.agencyId),
        'reports of the round',
      );
      expect(reports.map((r) => r.id)).toContain(seen.t.report);
    },
  },
  { route: 'GET /api/reports/:id', name: 'GET /reports/:id', method: 'GET', url: (i) => `/api/reports/${i.report}`, expect: all(200, 404) },
  {
    route: 'PUT /api/reports/:id/values',
    name: 'PUT /reports/:id/values',
    method: 'PUT',
    url: (i) => `/api/reports/${i.report}/values`,
    body: (_i, { version }) => ({ version, cells: [{ rowId: '3.1.1', raw: '01' }] }),
    status: 'draft',
    expect: REPORT_WRITERS,
  },
  {
    route: 'PUT /api/reports/:id/narrative',
    name: 'PUT /reports/:id/narrative',
    method: 'PUT',
    url: (i) => `/api/reports/${i.report}/narrative`,
    body: (_i, { version }) => ({ version, sections: [{ heading: 'I. CÔNG TÁC CHỈ ĐẠO', level: 1, body: 'Nội dung.' }] }),
    status: 'draft',
    expect: REPORT_WRITERS,
  },
  {
    // the officer sends the report to her agency's leader: the agency's writers, on their own agency's report
    route: 'POST /api/reports/:id/send-to-leader',
    name: 'POST /reports/:id/send-to-leader',
    method: 'POST',
    url: (i) => `/api/reports/${i.report}/send-to-leader`,
    body: (_i, { version }) => ({ version }),
    status: 'draft',
    expect: REPORT_WRITERS,
  },
  {
    // the officer's home: the agency's accounts only (the Sở Nội vụ has the board); no agency named
    route: 'GET /api/home',
    name: 'GET /home',
    method: 'GET',
    url: () => '/api/home',
    expect: byRole({ reporter: [200, 200], approver: [200, 200], viewer: [403, 403], consolidator: [403, 403], admin: [403, 403] }),
    check: (seen) => {
      const home = seen.response.json() as { reports: { id: string; agencyId: string }[]; requests: { agencyId: string }[] };
      within(seen.scope, [...home.reports.map((r) => r.agencyId), ...home.requests.map((r) => r.agencyId)], "the officer's home");
      ownListedOtherNot(
        home.reports.map((r) => r.id),
        seen,
        (i) => i.report,
      );
    },
  },
  {
    route: 'POST /api/reports/:id/prefill',
    name: 'POST /reports/:id/prefill',
    method: 'POST',
    url: (i) => `/api/reports/${i.report}/prefill`,
    body: (_i, { version }) => ({ version }),
    status: 'draft',
    expect: REPORT_WRITERS,
  },
  {
    route: 'POST /api/reports/:id/:action',
    name: 'POST /reports/:id/submit',
    method: 'POST',
    url: (i) => `/api/reports/${i.report}/submit`,
    body: (_i, { version }) => ({ version }),
    status: 'draft',
    expect: byRole({ reporter: [403, 404], approver: [200, 404], viewer: [403, 404], consolidator: [403, 404], admin: [403, 404] }),
  },
  ...(['return', 'accept', 'reopen'] as const).map((action): Case => ({
    route: 'POST /api/reports/:id/:action',
    name: `POST /reports/:id/${action}`,
    method: 'POST',
    url: (i) => `/api/reports/${i.report}/${action}`,
    body: (_i, { version }) => ({ version, reasons: [{ rowId: null, text: 'Lý do.' }] }),
    status: action === 'reopen' ? 'accepted' : 'submitted',
    expect: byRole({ reporter: [403, 404], approver: [403, 404], viewer: [403, 404], consolidator: [200, 404], admin: [200, 404] }),
  })),
  {
    route: 'GET /api/reports/:id/submissions',
    name: 'GET /reports/:id/submissions',
    method: 'GET',
    url: (i) => `/api/reports/${i.report}/submissions`,
    expect: all(200, 404),
  },
  {
    route: 'GET /api/reports/:id/diff',
    name: 'GET /reports/:id/diff',
    method: 'GET',
    url: (i) => `/api/reports/${i.report}/diff?from=1`,
    expect: all(200, 404),
  },
  {
    route: 'GET /api/reports/:id/narrative-diff',
    name: 'GET /reports/:id/narrative-diff',
    method: 'GET',
    url: (i) => `/api/reports/${i.report}/narrative-diff?from=1`,
    expect: all(200, 404),
  },
  {
    route: 'GET /api/reports/:id/document.docx',
    name: 'GET /reports/:id/document.docx',
    method: 'GET',
    url: (i) => `/api/reports/${i.report}/document.docx`,
    expect: all(200, 404),
  },
  {
    route: 'GET /api/reports/:id/document.xlsx',
    name: 'GET /reports/:id/document.xlsx',
    method: 'GET',
    url: (i) => `/api/reports/${i.report}/document.xlsx`,
    expect: all(200, 404),
  },
  {
    route: 'GET /api/reports/:id/previous',
    name: 'GET /reports/:id/previous',
    method: 'GET',
    url: (i) => `/api/reports/${i.report}/previous`,
    expect: all(200, 404),
    check: ({ response, t }) => expect(response.json()).toMatchObject({ period: { year: t.period.year - 1, kind: t.period.kind } }),
  },
  {
    route: 'GET /api/reports/:id/history',
    name: 'GET /reports/:id/history',
    method: 'GET',
    url: (i) => `/api/reports/${i.report}/history`,
    expect: all(200, 404),
    check: ({ response }) => expect(response.json()).toHaveProperty('rows'),
  },
  {
    route: 'POST /api/reports/:id/paste-preview',
    name: 'POST /reports/:id/paste-preview',
    method: 'POST',
    url: (i) => `/api/reports/${i.report}/paste-preview`,
    body: () => ({ text: 'STT\tChỉ tiêu thống kê\tSố liệu\n3.1.1.\tSố TTHC công bố mới\t12\n' }),
    status: 'draft',
    expect: REPORT_WRITERS,
    check: ({ response }) => expect(response.json()).toMatchObject({ mode: 'by-meaning', lines: [{ rowId: '3.1.1', value: '12' }] }),
  },
  // -------------------------------------------------------------------------------------------------- imports
  {
    route: 'POST /api/imports/preview',
    name: 'POST /imports/preview',
    method: 'POST',
    url: () => '/api/imports/preview',
    upload: (i) => UPLOADS[i.agency]!,
    expect: byRole({ reporter: [200, 200], approver: [200, 200], viewer: [403, 403], consolidator: [200, 200], admin: [200, 200] }),
    // the recognised agency is matched among the account's agencies only: another agency's file matches none
    check: async ({ response, target, t, scope, ctx }) => {
      const preview = response.json();
      expect(preview.agency.name).toBeTruthy();
      expect(preview.matchedAgencyId).toBe(target === 'own' ? t.agency : undefined);
      if (preview.suggestedRoundId) await roundsWithin(ctx, scope, [preview.suggestedRoundId]);
    },
  },
  {
    route: 'POST /api/imports/save',
    name: 'POST /imports/save into a round',
    method: 'POST',
    url: () => '/api/imports/save',
    body: (i, { version }) => ({
      templateId: 'ninh-thuan-7s-2022',
      agencyId: i.agency,
      roundId: i.round,
      version,
      period: i.period,
      cells: importCells,
      narrative: [],
      signer: null,
    }),
    status: 'draft',
    expect: byRole({ reporter: [200, 404], approver: [200, 404], viewer: [403, 403], consolidator: [403, 404], admin: [403, 404] }),
    check: ({ response, t }) => expect(response.json()).toMatchObject({ id: t.report, agencyId: t.agency }),
  },
  {
    route: 'POST /api/imports/save',
    name: 'POST /imports/save for the own agency into another agency’s round',
    method: 'POST',
    url: () => '/api/imports/save',
    body: (i, { own, version }) => ({
      templateId: 'ninh-thuan-7s-2022',
      agencyId: own.agency,
      roundId: i.round,
      version,
      period: i.period,
      cells: importCells,
      narrative: [],
      signer: null,
    }),
    status: 'draft',
    expect: byRole({ reporter: [200, 404], approver: [200, 404], viewer: [403, 403], consolidator: [403, 404], admin: [403, 404] }),
  },
  {
    route: 'POST /api/imports/save',
    name: 'POST /imports/save as history',
    method: 'POST',
    url: () => '/api/imports/save',
    body: (i) => ({
      templateId: 'ninh-thuan-7s-2022',
      agencyId: i.agency,
      roundId: null,
      period: { year: 1990 + next(), kind: 'Y' },
      cells: importCells,
      narrative: [],
      signer: null,
    }),
    expect: byRole({ reporter: [403, 404], approver: [403, 404], viewer: [403, 403], consolidator: [201, 404], admin: [201, 404] }),
    check: ({ response, t }) => expect(response.json()).toMatchObject({ agencyId: t.agency, roundId: null, status: 'accepted' }),
  },
  // ----------------------------------------------------------------- import batches (the archive's review queue)
  {
    route: 'POST /api/imports/batches',
    name: 'POST /imports/batches',
    method: 'POST',
    url: () => '/api/imports/batches',
    upload: (i) => UPLOADS[i.agency]!,
    expect: byRole({ reporter: [403, 403], approver: [403, 403], viewer: [403, 403], consolidator: [202, 202], admin: [202, 202] }),
    check: async ({ response }) => {
      expect(response.json()).toMatchObject({ total: 1 });
      await batchReadsSettled();
    },
  },
  {
    route: 'GET /api/imports/batches',
    name: 'GET /imports/batches',
    method: 'GET',
    url: () => '/api/imports/batches',
    expect: byRole({ reporter: [403, 403], approver: [403, 403], viewer: [403, 403], consolidator: [200, 200], admin: [200, 200] }),
    // the batches of the account's province, never another province's
    check: ({ response, own }) => {
      const listed = response.json().map((b: { id: string }) => b.id);
      expect(listed).toContain(own.batch);
      expect(listed).not.toContain(BATCH_OF_KH.id);
    },
  },
  {
    route: 'GET /api/imports/batches/:batchId',
    name: 'GET /imports/batches/:batchId',
    method: 'GET',
    url: (i) => `/api/imports/batches/${i.batch}`,
    expect: byRole({ reporter: [403, 403], approver: [403, 403], viewer: [403, 403], consolidator: [200, 404], admin: [200, 404] }),
    check: ({ response, t }) => expect(response.json()).toMatchObject({ id: t.batch, status: 'ready' }),
  },
  {
    route: 'GET /api/imports/batches/:batchId/documents/:documentId',
    name: 'GET /imports/batches/:batchId/documents/:documentId',
    method: 'GET',
    url: (i) => `/api/imports/batches/${i.batch}/documents/${i.batchDocument}`,
    expect: byRole({ reporter: [403, 403], approver: [403, 403], viewer: [403, 403], consolidator: [200, 404], admin: [200, 404] }),
    check: ({ response, t }) =>
      expect(response.json()).toMatchObject({ id: t.batchDocument, preview: { template: { id: expect.stringMatching(/^ninh-thuan-7s-/u) } } }),
  },
  {
    route: 'POST /api/imports/batches/:batchId/save-sure',
    name: 'POST /imports/batches/:batchId/save-sure',
    method: 'POST',
    url: (i) => `/api/imports/batches/${i.batch}/save-sure`,
    expect: byRole({ reporter: [403, 403], approver: [403, 403], viewer: [403, 403], consolidator: [200, 404], admin: [200, 404] }),
  },
  {
    route: 'POST /api/imports/batches/:batchId/documents/:documentId/save',
    name: 'POST /imports/batches/:batchId/documents/:documentId/save',
    method: 'POST',
    url: (i) => `/api/imports/batches/${i.batch}/documents/${i.batchDocument}/save`,
    body: (i) => ({
      templateId: 'ninh-thuan-7s-2022',
      agencyId: i.agency,
      period: { year: 1990 + next(), kind: 'Y' },
      cells: importCells,
      narrative: [],
      signer: null,
    }),
    expect: byRole({ reporter: [403, 403], approver: [403, 403], viewer: [403, 403], consolidator: [200, 404], admin: [200, 404] }),
    // saved once: the second account's save answers with the same report
    check: ({ response, t }) => expect(response.json()).toMatchObject({ id: t.batchDocument, state: 'saved', agencyId: t.agency }),
  },
  {
    route: 'POST /api/imports/batches/:batchId/documents/:documentId/discard',
    name: 'POST /imports/batches/:batchId/documents/:documentId/discard',
    method: 'POST',
    url: (i) => `/api/imports/batches/${i.batch}/documents/${i.batchFailed}/discard`,
    expect: byRole({ reporter: [403, 403], approver: [403, 403], viewer: [403, 403], consolidator: [200, 404], admin: [200, 404] }),
    check: ({ response }) => expect(response.json()).toMatchObject({ state: 'discarded' }),
  },
  // -------------------------------------------------------------------------------------------- consolidation
  {
    route: 'GET /api/rounds/:id/consolidation',
    name: 'GET /rounds/:id/consolidation',
    method: 'GET',
    url: (i) => `/api/rounds/${i.round}/consolidation`,
    expect: CONSOLIDATION_READERS,
    check: ({ response, scope }) => {
      const body = response.json();
      within(scope, body.consolidated.agencies, 'consolidated');
      within(
        scope,
        body.agencies.map((a: { id: string }) => a.id),
        'consolidated',
      );
    },
  },
  {
    route: 'GET /api/rounds/:id/consolidation/row',
    name: 'GET /rounds/:id/consolidation/row',
    method: 'GET',
    url: (i) => `/api/rounds/${i.round}/consolidation/row?rowId=3.1.1`,
    expect: CONSOLIDATION_READERS,
    check: ({ response, scope }) =>
      within(
        scope,
        response.json().contributions.map((c: { agencyId: string }) => c.agencyId),
        'drill-down',
      ),
  },
  {
    route: 'GET /api/rounds/:id/consolidation/findings',
    name: 'GET /rounds/:id/consolidation/findings',
    method: 'GET',
    url: (i) => `/api/rounds/${i.round}/consolidation/findings`,
    expect: CONSOLIDATION_READERS,
    check: ({ response, scope }) =>
      within(
        scope,
        response.json().page.items.map((f: { agencyId: string }) => f.agencyId),
        'findings',
      ),
  },
  ...(['docx', 'xlsx'] as const).map((format): Case => ({
    route: `GET /api/rounds/:id/consolidation.${format}`,
    name: `GET /rounds/:id/consolidation.${format}`,
    method: 'GET',
    url: (i) => `/api/rounds/${i.round}/consolidation.${format}`,
    expect: CONSOLIDATION_READERS,
    check: ({ response }) => expect(response.headers['content-disposition']).toContain(`.${format}`),
  })),
  // -------------------------------------------- the province's report: the Sở Nội vụ and administrators of the province
  // (the writes carry the province report's version as the last successful answer left it)
  {
    route: 'GET /api/rounds/:id/province-report',
    name: 'GET /rounds/:id/province-report',
    method: 'GET',
    url: (i) => `/api/rounds/${i.round}/province-report`,
    expect: PROVINCE_COMPOSERS,
  },
  {
    route: 'PUT /api/rounds/:id/province-report',
    name: 'PUT /rounds/:id/province-report',
    method: 'PUT',
    url: (i) => `/api/rounds/${i.round}/province-report`,
    body: () => ({ version: provinceReport.version, sections: [{ key: 'finance', text: 'Đoạn viết tay.' }] }),
    expect: PROVINCE_COMPOSERS,
    check: ({ response }) => void Object.assign(provinceReport, { version: response.json().version, status: response.json().status }),
  },
  {
    route: 'POST /api/rounds/:id/province-report/regenerate',
    name: 'POST /rounds/:id/province-report/regenerate',
    method: 'POST',
    url: (i) => `/api/rounds/${i.round}/province-report/regenerate`,
    body: () => ({ version: provinceReport.version }),
    expect: PROVINCE_COMPOSERS,
    check: ({ response }) => void Object.assign(provinceReport, { version: response.json().version, status: response.json().status }),
  },
  {
    route: 'POST /api/rounds/:id/province-report/:action',
    name: 'POST /rounds/:id/province-report/:action (ready, then back to draft)',
    method: 'POST',
    url: (i) => `/api/rounds/${i.round}/province-report/${provinceReport.status === 'draft' ? 'ready' : 'reopen'}`,
    body: () => ({ version: provinceReport.version }),
    expect: PROVINCE_COMPOSERS,
    check: ({ response }) => void Object.assign(provinceReport, { version: response.json().version, status: response.json().status }),
  },
  {
    route: 'GET /api/rounds/:id/province-report/sources',
    name: 'GET /rounds/:id/province-report/sources',
    method: 'GET',
    url: (i) => `/api/rounds/${i.round}/province-report/sources?section=procedures`,
    expect: PROVINCE_COMPOSERS,
    check: ({ response, scope }) =>
      within(
        scope,
        response.json().sources.map((s: { agencyId: string }) => s.agencyId),
        'sources',
      ),
  },
  {
    route: 'GET /api/rounds/:id/province-report/history',
    name: 'GET /rounds/:id/province-report/history',
    method: 'GET',
    url: (i) => `/api/rounds/${i.round}/province-report/history`,
    expect: PROVINCE_COMPOSERS,
  },
  {
    route: 'GET /api/provinces/:id/report-settings',
    name: 'GET /provinces/:id/report-settings',
    method: 'GET',
    url: (i) => `/api/provinces/${PROVINCE_OF[i.agency]}/report-settings`,
    expect: PROVINCE_SETTINGS,
  },
  {
    route: 'PUT /api/provinces/:id/report-settings',
    name: 'PUT /provinces/:id/report-settings',
    method: 'PUT',
    url: (i) => `/api/provinces/${PROVINCE_OF[i.agency]}/report-settings`,
    body: () => ({ version: provinceSettingsVersion.value, settings: defaultProvinceSettings('Ninh Thuận') }),
    expect: PROVINCE_SETTINGS,
    check: ({ response }) => void (provinceSettingsVersion.value = response.json().version),
  },
  ...PLAN_CASES,
  ...INDEX_CASES,
  // -------------------------------------------- accounts: admins only, within their agencies (another agency's
  // account does not exist for them)
  {
    route: 'GET /api/accounts',
    name: 'GET /accounts',
    method: 'GET',
    url: () => `/api/accounts?limit=${ACCOUNT_PAGE_MAX}`,
    expect: noneButAdmin(200, 200),
    check: (seen) => {
      const { items, total } = seen.response.json() as { items: { id: string; agencyIds: string[] }[]; total: number };
      expect(items).toHaveLength(total);
      for (const a of items) within(seen.scope, a.agencyIds, `account ${a.id}`);
      ownListedOtherNot(
        items.map((a) => a.id),
        seen,
        (i) => i.account,
      );
    },
  },
  {
    route: 'GET /api/accounts',
    name: 'GET /accounts?agencyId',
    method: 'GET',
    url: (i) => `/api/accounts?agencyId=${i.agency}`,
    expect: noneButAdmin(200, 404),
  },
  {
    route: 'GET /api/accounts/:id',
    name: 'GET /accounts/:id',
    method: 'GET',
    url: (i) => `/api/accounts/${i.account}`,
    expect: noneButAdmin(200, 404),
  },
  {
    route: 'PATCH /api/accounts/:id',
    name: 'PATCH /accounts/:id',
    method: 'PATCH',
    url: (i) => `/api/accounts/${i.account}`,
    body: () => ({ displayName: 'Tên mới' }),
    expect: noneButAdmin(200, 404),
  },
  ...(['deactivate', 'reactivate', 'reset-password'] as const).map((action): Case => ({
    route: `POST /api/accounts/:id/${action}`,
    name: `POST /accounts/:id/${action}`,
    method: 'POST',
    url: (i) => `/api/accounts/${i.account}/${action}`,
    expect: noneButAdmin(200, 404),
  })),
  {
    route: 'POST /api/accounts',
    name: 'POST /accounts',
    method: 'POST',
    url: () => '/api/accounts',
    body: (i) => ({ username: 'matrix.moi', displayName: 'Ma Trận', role: 'reporter', agencyIds: [i.agency], password: 'mat-khau-2026-moi' }),
    expect: noneButAdmin(201, 403),
  },
  // the dashboards: whoever may read the consolidation (viewer, Sở Nội vụ, admin) sees charts over their agencies; an
  // agency's own accounts see only their own agency's trend; nothing of another agency or province (404)
  {
    route: 'GET /api/dashboards/indicators',
    name: 'GET /dashboards/indicators',
    method: 'GET',
    url: () => '/api/dashboards/indicators',
    expect: all(200, 200),
  },
  ...(['trend', 'trend.csv'] as const).flatMap((path): Case[] => [
    {
      route: `GET /api/dashboards/${path}`,
      name: `GET /dashboards/${path} of one agency`,
      method: 'GET',
      url: (i) => `/api/dashboards/${path}?indicator=procedures.new&agencyId=${i.agency}`,
      expect: all(200, 404),
    },
    {
      route: `GET /api/dashboards/${path}`,
      name: `GET /dashboards/${path} over the account’s agencies`,
      method: 'GET',
      url: () => `/api/dashboards/${path}?indicator=procedures.new`,
      expect: PROVINCE_READERS,
    },
  ]),
  ...(['ranking', 'ranking.csv'] as const).flatMap((path): Case[] => [
    ...(['indicator=procedures.new', 'rowId=3.1.1'] as const).map((subject): Case => ({
      route: `GET /api/dashboards/${path}`,
      name: `GET /dashboards/${path} of a round by ${subject.split('=')[0]}`,
      method: 'GET',
      url: (i) => `/api/dashboards/${path}?roundId=${i.round}&${subject}`,
      expect: CONSOLIDATION_READERS,
      ...(path === 'ranking'
        ? {
            check: ({ response, scope }: Seen) =>
              within(
                scope,
                response.json().entries.map((e: { agencyId: string }) => e.agencyId),
                'ranking',
              ),
          }
        : {}),
    })),
    {
      route: `GET /api/dashboards/${path}`,
      name: `GET /dashboards/${path} of a period`,
      method: 'GET',
      url: () => `/api/dashboards/${path}?year=2022&kind=H1&indicator=procedures.new`,
      expect: PROVINCE_READERS,
      ...(path === 'ranking'
        ? {
            check: ({ response, scope }: Seen) =>
              within(
                scope,
                response.json().entries.map((e: { agencyId: string }) => e.agencyId),
                'ranking',
              ),
          }
        : {}),
    },
  ]),
  {
    route: 'GET /api/dashboards/completeness',
    name: 'GET /dashboards/completeness',
    method: 'GET',
    url: () => '/api/dashboards/completeness',
    expect: PROVINCE_READERS,
    check: async (seen) => {
      const rounds = seen.response.json().rounds.map((r: { roundId: string }) => r.roundId);
      await roundsWithin(seen.ctx, seen.scope, rounds);
      ownListedOtherNot(rounds, seen, (i) => i.round);
    },
  },
  {
    route: 'GET /api/dashboards/completeness.csv',
    name: 'GET /dashboards/completeness.csv',
    method: 'GET',
    url: () => '/api/dashboards/completeness.csv',
    expect: PROVINCE_READERS,
  },
];

/**
 * Routes that need no session, by design (docs/security.md): the health checks (liveness, readiness), signing in, and the OpenAPI
 * description with its viewer. Everything else under /api/ needs a case in CASES.
 */
const PUBLIC_ROUTES: readonly RegExp[] = [/^GET \/api\/health(\/live|\/ready)?$/u, /^POST \/api\/auth\/login$/u, /^GET \/api\/docs(\/.*)?$/u];

/**
 * Every "METHOD /path" the application registered, read from its router (HEAD routes Fastify adds beside GET ones are
 * the GET route's handler, and are left out).
 */
function registeredRoutes(app: FastifyInstance): string[] {
  const routes = new Set<string>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack.push(path);
    for (const method of m[3]?.split(', ') ?? []) routes.add(`${method} ${path}`);
  }
  return [...routes].filter((r) => !(r.startsWith('HEAD ') && routes.has(r.replace(/^HEAD /u, 'GET ')))).sort();
}

const ACCOUNT_OF: Record<Role, string> = {
  reporter: 'khcn.baocao',
  approver: 'khcn.duyet',
  viewer: 'khcn.xem',
  consolidator: 'snv.tonghop',
  admin: 'admin',
};
const wide = (role: Role) => role === 'consolidator' || role === 'admin';

onBothEngines('authorization matrix', (engine) => {
  let ctx: Context;
  let app: FastifyInstance;
  let source: Record<string, unknown>;
  const ids: Record<'khcn' | 'yte' | 'kh', Ids> = {} as never;
  const scopes = new Map<string, ReadonlySet<string>>();
  /** The route that answered the last request. */
  let answeredBy: string | undefined;

  // one sign-in per account (a scrypt each): no case ends the sessions of the accounts that sign in here
  const sessions = new Map<string, Promise<TestSession>>();
  const sessionOf = (username: string) => {
    if (!sessions.has(username)) sessions.set(username, signIn(app, username));
    return sessions.get(username)!;
  };
  // an account of the role and agencies of the role's account, for one request that ends or rotates sessions
  let passwordHash: string;
  const freshSession = async (role: Role) => {
    const username = `matrix.${role}.${next()}`;
    await insertAccount(ctx.db, {
      id: `acc-${username}`,
      username,
      display_name: username,
      password_hash: passwordHash,
      role,
      agency_ids: ACCOUNTS[ACCOUNT_OF[role]]!.agencies,
    });
    return signIn(app, username);
  };

  beforeAll(async () => {
    // the province report's and settings' versions are per database: each engine starts from a new one
    Object.assign(provinceReport, { version: 0, status: 'draft' });
    provinceSettingsVersion.value = 0;
    ({ ctx, app } = await engine.world({
      app: { loginLimit: { max: 1000, timeWindowMs: 60_000 } },
      extend: async (world) => {
        // the world's Khánh Hòa agencies, in their own province
        await world.db.updateTable('agencies').set({ province: 'Khánh Hòa' }).where('id', 'in', ['khanh-hoa', 'kh-so-y-te']).execute();
        return world;
      },
    }));
    app.addHook('onResponse', async (request) => {
      answeredBy = request.routeOptions.url === undefined ? undefined : `${request.method} ${request.routeOptions.url}`;
    });
    passwordHash = (await getAccount(ctx.db, 'acc-admin'))!.password_hash;
    for (const username of Object.keys(ACCOUNTS)) scopes.set(username, (await actorFor(ctx, username)).scope);
    const root = { accountId: 'acc-admin', username: 'admin', displayName: 'admin', role: 'admin' as const };
    source = (await templateSourceOf(ctx, { ...root, scope: new Set() }, 'ninh-thuan-7s-2023')) as unknown as Record<string, unknown>;
    const nt = await createRound(
      ctx,
      { ...root, scope: new Set(['ninh-thuan', 'so-khcn', 'so-y-te', 'so-noi-vu']) },
      {
        templateId: 'ninh-thuan-7s-2022',
        period: { year: 2022, kind: 'H1' },
        agencyIds: ['so-khcn', 'so-y-te'],
      },
    );
    const kh = await createRound(
      ctx,
      { ...root, accountId: 'acc-kh.admin', scope: new Set(['khanh-hoa', 'kh-so-y-te']) },
      {
        templateId: 'ninh-thuan-7s-2022',
        period: { year: 2022, kind: 'H1' },
        agencyIds: ['kh-so-y-te'],
      },
    );
    // a round of Sở Y tế alone: another agency's round, with nothing of Sở KH&CN in it
    const yteOnly = await createRound(
      ctx,
      { ...root, scope: new Set(['ninh-thuan', 'so-y-te']) },
      {
        templateId: 'ninh-thuan-7s-2022',
        period: { year: 2022, kind: 'Q3' },
        agencyIds: ['so-y-te'],
      },
    );
    const reportOf = async (roundId: string, agencyId: string) => (await listReports(ctx.db, { agencyIds: [agencyId], roundId }))[0]!.id;
    for (const [id, agency] of [
      ['acc-khcn.matrix', 'so-khcn'],
      ['acc-yte.matrix', 'so-y-te'],
      ['acc-kh.matrix', 'kh-so-y-te'],
    ] as const) {
      await insertAccount(ctx.db, {
        id,
        username: id.slice(4),
        display_name: id,
        password_hash: 'not-a-login',
        role: 'reporter',
        agency_ids: [agency],
      });
    }
    ids.khcn = {
      report: await reportOf(nt.id, 'so-khcn'),
      round: nt.id,
      period: { year: 2022, kind: 'H1' },
      agency: 'so-khcn',
      account: 'acc-khcn.matrix',
    };
    ids.yte = {
      report: await reportOf(nt.id, 'so-y-te'),
      round: yteOnly.id,
      period: { year: 2022, kind: 'Q3' },
      agency: 'so-y-te',
      account: 'acc-yte.matrix',
    };
    ids.kh = {
      report: await reportOf(kh.id, 'kh-so-y-te'),
      round: kh.id,
      period: { year: 2022, kind: 'H1' },
      agency: 'kh-so-y-te',
      account: 'acc-kh.matrix',
    };
    const now = ctx.clock.now();
    for (const t of [ids.khcn, ids.yte, ids.kh]) {
      // every report has a first submission, so its diff exists
      await insertSubmission(ctx.db, t.report, { number: 1, submittedAt: new Date(), submittedBy: null, cells: [], narrative: [], explanations: [] });
      // an accepted report of the previous period (H1 2021), so that carrying over is possible
      await insertReport(ctx.db, {
        id: `previous-${t.agency}`,
        agency_id: t.agency,
        round_id: null,
        template_id: 'ninh-thuan-7s-2022',
        period_year: 2021,
        period_kind: 'H1',
        status: 'accepted',
        signer: null,
        source: 'import',
        submitted_at: now,
        accepted_at: now,
        created_at: now,
        updated_at: now,
      });
      // a reminder to each agency
      await insertNotice(ctx.db, {
        id: `notice-${t.agency}`,
        agencyId: t.agency,
        roundId: t.round,
        body: 'Nhắc nộp báo cáo.',
        createdBy: 'acc-admin',
        at: now,
      });
    }
    await seedPlanFixtures(ctx);
    await seedIndexFixtures(ctx);
    // an import batch per province: a report of an agency the tree does not have (held for review) and an empty file
    // (unreadable); read before the cases run
    const batchOf = async (username: string, agency: string) => {
      const text = UPLOADS[agency]!.bytes.toString('utf8').replaceAll(/Sở (?:Y tế|Khoa học và Công nghệ)/gu, 'Sở Văn hóa và Thể thao');
      const view = await createImportBatch(ctx, await actorFor(ctx, username), [
        { name: 'so-van-hoa.txt', bytes: Buffer.from(text) },
        { name: 'rong.txt', bytes: new Uint8Array() },
      ]);
      await batchReadsSettled();
      const [held, failed] = [...view.documents].sort((a, b) => a.seq - b.seq);
      return { batch: view.batch.id, batchDocument: held!.id, batchFailed: failed!.id };
    };
    Object.assign(ids.khcn, await batchOf('admin', 'so-khcn'));
    Object.assign(ids.yte, { batch: ids.khcn.batch, batchDocument: ids.khcn.batchDocument, batchFailed: ids.khcn.batchFailed });
    Object.assign(ids.kh, await batchOf('kh.admin', 'kh-so-y-te'));
    BATCH_OF_KH.id = ids.kh.batch!;
  }, 120_000);

  it('has a case for every route the application registers, and no case for a route it does not', () => {
    const routes = registeredRoutes(app);
    expect(routes).toContain('GET /api/health'); // the router's listing was read
    const api = routes.filter((r) => r.split(' ')[1]!.startsWith('/api/'));
    const guarded = api.filter((r) => !PUBLIC_ROUTES.some((p) => p.test(r)));
    const covered = new Set(CASES.map((c) => c.route));
    expect(
      guarded.filter((r) => !covered.has(r)),
      'routes without an authorization case: add them to CASES (or, if public by design, to PUBLIC_ROUTES)',
    ).toEqual([]);
    expect(
      [...covered].filter((r) => !routes.includes(r)),
      'cases for routes the application does not register',
    ).toEqual([]);
    // outside /api/ only the web client's files, read-only
    expect(routes.filter((r) => !r.split(' ')[1]!.startsWith('/api/') && !/^(GET|HEAD) /u.test(r))).toEqual([]);
  });

  it('answers 401 without a session on every route but the public ones, which answer without one', async () => {
    for (const route of registeredRoutes(app).filter((r) => r.split(' ')[1]!.startsWith('/api/'))) {
      const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PUT' | 'PATCH', string];
      const url = path
        .replace(':action', 'submit')
        .replace(/:[a-z]+/giu, 'x')
        .replace('*', 'x');
      const response = await app.inject({ method, url });
      if (PUBLIC_ROUTES.some((p) => p.test(route))) {
        expect(response.statusCode, route).not.toBe(401);
        continue;
      }
      expect(answeredBy, url).toBe(route);
      expect({ route, status: response.statusCode, code: response.json().code }).toEqual({ route, status: 401, code: 'unauthenticated' });
    }
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    // the login's body is validated (a 400, not the session hook's 401): it is reached without a session
    expect((await app.inject({ method: 'POST', url: '/api/auth/login', payload: {} })).statusCode).toBe(400);
  });

  for (const c of CASES) {
    for (const role of ROLES) {
      for (const target of ['own', 'other'] as Target[]) {
        it(`${c.name} as ${role} on ${target === 'own' ? 'its own agency' : 'another agency'} → ${c.expect[role][target]}`, async () => {
          // "other" for an agency's accounts is a sibling department; for province-wide accounts, another province
          // (a round over another agency is not visible either: the other target's round is that agency's)
          const t = target === 'own' ? ids.khcn : wide(role) ? ids.kh : ids.yte;
          const session = c.freshSession ? await freshSession(role) : await sessionOf(ACCOUNT_OF[role]);
          if (c.status) await ctx.db.updateTable('reports').set({ status: c.status }).where('id', '=', t.report).execute();
          const version = (await getReport(ctx.db, t.report))!.version;
          const upload = c.upload ? multipart(c.upload(t)) : undefined;
          answeredBy = undefined;
          const response = await app.inject({
            method: c.method,
            url: c.url(t),
            headers: { ...as(session), ...(upload ? { 'content-type': upload.contentType } : {}) },
            ...(upload ? { payload: upload.payload } : c.body ? { payload: c.body(t, { version, own: ids.khcn, source }) } : {}),
          });
          expect(answeredBy, 'the route that answered').toBe(c.route);
          expect(response.statusCode, response.body).toBe(c.expect[role][target]);
          if (response.statusCode >= 400) {
            expect(response.headers['content-type']).toContain('application/problem+json');
            // a refusal for the reason the matrix means: not a missing CSRF token, a stale version or a missing record
            if (response.statusCode === 403) expect(['forbidden', 'agency-out-of-scope']).toContain(response.json().code);
            if (response.statusCode === 404) expect(response.json().code).toBe('not-found');
            return;
          }
          const witness = () => sessionOf(target === 'own' ? ACCOUNT_OF[role] : wide(role) ? 'kh.admin' : 'yte.baocao');
          await c.check?.({ response, role, target, t, own: ids.khcn, scope: scopes.get(ACCOUNT_OF[role])!, session, witness, ctx, app });
        });
      }
    }
  }

  it('lists only what lies within each account’s agencies, for every account of the world (Khánh Hòa’s admin too)', async () => {
    const get = async (session: TestSession, url: string) => {
      const response = await app.inject({ method: 'GET', url, headers: as(session) });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      return response.json();
    };
    for (const [username, { role }] of Object.entries(ACCOUNTS)) {
      const session = await sessionOf(username);
      const scope = scopes.get(username)!;
      within(
        scope,
        (await get(session, '/api/agencies')).map((a: { id: string }) => a.id),
        `${username}: agencies`,
      );
      within(
        scope,
        (await get(session, '/api/reports')).map((r: { agencyId: string }) => r.agencyId),
        `${username}: reports`,
      );
      within(
        scope,
        (await get(session, '/api/notices')).map((n: { agencyId: string }) => n.agencyId),
        `${username}: notices`,
      );
      const rounds = (await get(session, '/api/rounds')).map((r: { id: string }) => r.id);
      await roundsWithin(ctx, scope, rounds);
      if (role === 'admin') {
        for (const a of (await get(session, '/api/accounts')).items) within(scope, a.agencyIds, `${username}: account ${a.username}`);
      }
      if (role === 'viewer' || wide(role))
        await roundsWithin(
          ctx,
          scope,
          (await get(session, '/api/dashboards/completeness')).rounds.map((r: { roundId: string }) => r.roundId),
        );
    }
    // the Khánh Hòa admin sees Khánh Hòa's round and nothing of Ninh Thuận's
    const kh = await sessionOf('kh.admin');
    const rounds = (await get(kh, '/api/rounds')).map((r: { id: string }) => r.id);
    expect(rounds).toContain(ids.kh.round);
    expect(rounds).not.toContain(ids.khcn.round);
    expect(rounds).not.toContain(ids.yte.round);
    expect(new Set((await get(kh, '/api/agencies')).map((a: { id: string }) => a.id))).toEqual(new Set(['khanh-hoa', 'kh-so-y-te']));
  });
});
