/**
 * The dashboards through the API, on both engines, over a province whose figures are known: trends across template
 * versions (ratio of summed parts, responsible agencies, money in million đồng), rankings (not reported last, never 0),
 * completeness and timeliness over rounds (deadlines in Vietnam time), CSV downloads, roles and scope.
 */
import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { onBothEngines } from '../test-support/both-engines.js';
import { as, signIn, type TestSession } from '../test-support/http.js';
import type { Context } from './context.js';
import type { ReportStatus } from './db/schema.js';
import { insertAgency } from './repositories/agency.repository.js';
import { insertReport, upsertValues } from './repositories/report.repository.js';

type Cells = Record<string, number | '/'>;

const XANH = 'Ban Quản lý dự án "Xanh", tỉnh Ninh Thuận';

async function writeCells(ctx: Context, reportId: string, cells: Cells) {
  await upsertValues(
    ctx.db,
    reportId,
    Object.entries(cells).map(([rowId, v]) => ({
      rowId,
      raw: v === '/' ? '/' : String(v),
      cell:
        v === '/'
          ? { value: null, status: 'not-reported' as const, note: null, decimals: null }
          : { value: v, status: 'reported' as const, note: null, decimals: null },
      provenance: null,
    })),
    null,
    new Date('2024-01-01T00:00:00Z'),
  );
}

/** An accepted report imported as history (no round). */
async function history(
  ctx: Context,
  agencyId: string,
  templateId: string,
  period: { year: number; kind: string },
  cells: Cells,
  acceptedAt = '2024-01-01T00:00:00Z',
) {
  const id = ctx.ids.next('report');
  const at = new Date(acceptedAt);
  await insertReport(ctx.db, {
    id,
    agency_id: agencyId,
    round_id: null,
    template_id: templateId,
    period_year: period.year,
    period_kind: period.kind,
    status: 'accepted',
    signer: null,
    source: 'import',
    submitted_at: at,
    accepted_at: at,
    created_at: at,
    updated_at: at,
  });
  await writeCells(ctx, id, cells);
}

/** Fills an agency's report of a round and puts it in a state, submitted (and accepted) at the given instants. */
async function inRound(
  ctx: Context,
  roundId: string,
  agencyId: string,
  status: ReportStatus,
  cells: Cells,
  submittedAt: string | null,
  acceptedAt: string | null = null,
) {
  const report = await ctx.db
    .selectFrom('reports')
    .select('id')
    .where('round_id', '=', roundId)
    .where('agency_id', '=', agencyId)
    .executeTakeFirstOrThrow();
  await writeCells(ctx, report.id, cells);
  await ctx.db
    .updateTable('reports')
    .set({
      status,
      submitted_at: submittedAt ? new Date(submittedAt) : null,
      accepted_at: acceptedAt ? new Date(acceptedAt) : null,
      updated_at: new Date(acceptedAt ?? submittedAt ?? '2024-01-01T00:00:00Z'),
    })
    .where('id', '=', report.id)
    .execute();
}

onBothEngines('dashboards', (engine) => {
  let ctx: Context;
  let app: FastifyInstance;
  let snv: TestSession;
  let q3: string; // Ninh Thuận, Q3 2023 on the forms family
  let q1: string; // Ninh Thuận, Q1 2026 (not due yet)
  let khRound: string;
  const get = (session: TestSession, url: string) => app.inject({ method: 'GET', url, headers: as(session) });

  beforeAll(async () => {
    ({ ctx, app } = await engine.world({ app: { loginLimit: { max: 1000, timeWindowMs: 60_000 } } })); // the clock stands at 2026-01-15 08:00 UTC
    for (const [id, kind, name] of [
      ['so-tu-phap', 'department', 'Sở Tư pháp'],
      ['ban-xanh', 'board', XANH],
    ] as const) {
      await insertAgency(ctx.db, {
        id,
        parent_id: 'ninh-thuan',
        kind,
        name,
        short_name: null,
        province: 'Ninh Thuận',
        roles: [],
        valid_from: '2020-01-01',
        valid_to: null,
        successor_id: null,
      });
    }
    snv = await signIn(app, 'snv.tonghop');

    // history: the 2021 year on the Khánh Hòa family (responsible rows, money in đồng), the first half of 2022 on Ninh Thuận's
    await history(
      ctx,
      'so-noi-vu',
      'khanh-hoa-ru-2021',
      { year: 2021, kind: 'Y' },
      { '1.1/nhiem-vu-de-ra': 40, '3.4.7.3/so-tien': 2_500_000, '3.1/cong-bo-moi': 9 },
    );
    await history(ctx, 'so-khcn', 'khanh-hoa-ru-2021', { year: 2021, kind: 'Y' }, { '1.1/nhiem-vu-de-ra': 6, '3.4.7.3/so-tien': 1_250_000 });
    await history(ctx, 'so-khcn', 'ninh-thuan-7s-2022', { year: 2022, kind: 'H1' }, { '1.1.1': 10, '3.1.1': 5, '3.4.1': 95.5 });
    await history(ctx, 'so-y-te', 'ninh-thuan-7s-2022', { year: 2022, kind: 'H1' }, { '1.1.1': 12, '3.1.1': 3, '3.4.1': 90 });
    // an older accepted report of Sở KH&CN for Q3 2023: the round's report, accepted later, replaces it
    await history(
      ctx,
      'so-khcn',
      'quang-tri-forms-2022',
      { year: 2023, kind: 'Q3' },
      { '3/1.2': 1, '3/3.1.2': 1, '3/3.1.1': 1 },
      '2023-09-01T00:00:00Z',
    );

    const round = async (session: TestSession, payload: object) => {
      const response = await app.inject({ method: 'POST', url: '/api/rounds', headers: as(session), payload });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    q3 = await round(snv, {
      templateId: 'quang-tri-forms-2022',
      period: { year: 2023, kind: 'Q3' },
      deadline: '2023-10-20',
      agencyIds: ['so-khcn', 'so-y-te', 'so-noi-vu', 'so-tu-phap', 'ban-xanh'],
    });
    // 23:59:59 on the deadline in Vietnam is on time; one second later is late
    await inRound(
      ctx,
      q3,
      'so-khcn',
      'accepted',
      { '3/3.1': 83.33, '3/3.1.1': 24, '3/3.1.2': 20, '3/1.2': 2 },
      '2023-10-20T16:59:59Z',
      '2023-11-01T00:00:00Z',
    );
    await inRound(
      ctx,
      q3,
      'so-y-te',
      'accepted',
      { '3/3.1': 50, '3/3.1.1': 100, '3/3.1.2': 50, '3/1.2': '/' },
      '2023-10-20T17:00:00Z',
      '2023-11-01T00:00:00Z',
    );
    await inRound(ctx, q3, 'so-noi-vu', 'accepted', { '3/3.1': 70, '3/1.2': 4 }, '2023-10-01T02:00:00Z', '2023-10-05T00:00:00Z');
    await inRound(ctx, q3, 'so-tu-phap', 'draft', { '3/3.1': 99, '3/3.1.2': 1000, '3/1.2': 1000 }, null);
    await inRound(ctx, q3, 'ban-xanh', 'submitted', { '3/3.1.2': 20 }, '2023-10-25T03:00:00Z');
    q1 = await round(snv, {
      templateId: 'ninh-thuan-7s-2023',
      period: { year: 2026, kind: 'Q1' },
      deadline: '2026-04-20',
      agencyIds: ['so-khcn', 'so-y-te'],
    });
    await inRound(ctx, q1, 'so-khcn', 'submitted', { '3.1.1': 7 }, '2026-01-14T03:00:00Z');

    // another province, with figures large enough to show if they ever leaked in
    const kh = await signIn(app, 'kh.admin');
    khRound = await round(kh, {
      templateId: 'quang-tri-forms-2022',
      period: { year: 2023, kind: 'Q3' },
      deadline: '2023-10-20',
      agencyIds: ['kh-so-y-te'],
    });
    await inRound(
      ctx,
      khRound,
      'kh-so-y-te',
      'accepted',
      { '3/3.1': 99.99, '3/3.1.1': 10_000, '3/3.1.2': 9_999, '3/1.2': 777 },
      '2023-10-02T00:00:00Z',
      '2023-10-03T00:00:00Z',
    );
    await history(ctx, 'kh-so-y-te', 'ninh-thuan-7s-2022', { year: 2022, kind: 'H1' }, { '3.1.1': 500, '1.1.1': 500, '3.4.1': 10 });
  }, 120_000);

  it('lists the indicators that can be charted, with Vietnamese names and units', async () => {
    const response = await get(snv, '/api/dashboards/indicators');
    expect(response.statusCode).toBe(200);
    const list = response.json() as { id: string; name: string; kind: string; unit: string; areaName: string; templateIds: string[] }[];
    const byId = new Map(list.map((i) => [i.id, i]));
    expect(byId.get('dossiers.settled-on-time')).toEqual({
      id: 'dossiers.settled-on-time',
      name: 'Số hồ sơ TTHC giải quyết đúng hạn',
      kind: 'count',
      measure: 'flow',
      area: 'procedures',
      areaName: 'Cải cách thủ tục hành chính',
      unit: 'Hồ sơ',
      templateIds: ['quang-tri-forms-2022'],
    });
    expect(byId.get('dossiers.on-time-rate.departments')).toMatchObject({
      kind: 'percent',
      unit: '%',
      templateIds: ['khanh-hoa-ru-2021', 'ninh-thuan-7s-2022', 'quang-tri-forms-2022', 'ninh-thuan-7s-2023'],
    }); // by effective date
    expect(byId.get('dossiers.online-payment.amount')).toMatchObject({ kind: 'money', unit: 'Triệu đồng' });
    // codes and text have no number to draw
    expect(byId.has('direction.dialogue-held')).toBe(false);
    expect(list.every((i) => ['count', 'money', 'percent', 'decimal'].includes(i.kind))).toBe(true);
    // every account may list them
    expect((await get(await signIn(app, 'khcn.baocao'), '/api/dashboards/indicators')).statusCode).toBe(200);
  });

  it("follows a count across template versions, counting only accepted reports, each agency's latest", async () => {
    const trend = (await get(snv, '/api/dashboards/trend?indicator=procedures.new')).json();
    expect(trend.indicator).toMatchObject({ id: 'procedures.new', unit: 'Thủ tục' });
    expect(trend.agency).toBeNull();
    type Point = { label: string; value: number | null; method: string; reported: number; agencies: number; templateIds: string[] };
    const rows = (points: Point[]) => points.map((p) => [p.label, p.value, p.method, p.reported, p.agencies, p.templateIds]);
    // one length of period on the axis: by default the longest reported (years), never years, halves and quarters mixed
    expect(trend.axis).toBe('Y');
    expect(rows(trend.points)).toEqual([
      // on the 2021 version the Văn phòng UBND gives the province figure; it is not among the agencies: no figure, not 0,
      // and nobody's value enters it (0 reported)
      ['Năm 2021', null, 'responsible', 0, 2, ['khanh-hoa-ru-2021']],
    ]);
    const halves = (await get(snv, '/api/dashboards/trend?indicator=procedures.new&periodKind=H1')).json();
    expect(rows(halves.points)).toEqual([['6 tháng đầu năm 2022', 8, 'sum', 2, 2, ['ninh-thuan-7s-2022']]]);
    const quarter = (await get(snv, '/api/dashboards/trend?indicator=procedures.new&periodKind=Q3')).json();
    expect(quarter.axis).toBe('quarter');
    // 2 (the round's report, not the older 1) + 4; Sở Y tế wrote "/"; the draft and the submitted report do not count,
    // but the coverage is out of the round's 5 agencies
    expect(rows(quarter.points)).toEqual([['Quý III năm 2023', 6, 'sum', 2, 5, ['quang-tri-forms-2022']]]);
  });

  it('recomputes a percentage from the summed parts where the version defines them, and gives no single figure otherwise', async () => {
    const trendOf = async (kind: string) =>
      (await get(snv, `/api/dashboards/trend?indicator=dossiers.on-time-rate.departments&periodKind=${kind}`)).json().points;
    const [[y2021], [h1], [q3point]] = [await trendOf('Y'), await trendOf('H1'), await trendOf('Q3')];
    expect(y2021).toMatchObject({ label: 'Năm 2021', value: null, reported: 0, agencies: 2, method: 'spread' });
    expect(h1).toMatchObject({
      label: '6 tháng đầu năm 2022',
      value: null,
      method: 'spread',
      reported: 2,
      spread: { min: 90, median: 92.75, max: 95.5 },
    });
    // (20 + 50) / (24 + 100), not the mean of 83,33 %, 50 % and 70 %
    // the coverage the consolidation gives: the 2 agencies whose parts enter it, of the round's 5; the Sở Nội vụ wrote only 70 %
    expect(q3point).toMatchObject({
      label: 'Quý III năm 2023',
      method: 'ratio',
      reported: 2,
      agencies: 5,
      percentOnly: 1,
      parts: { numerator: 70, denominator: 124, agencies: 2 },
    });
    expect(q3point.value).toBeCloseTo((70 / 124) * 100, 10);
  });

  it("takes the responsible agency's figure, and shows money in million đồng", async () => {
    const planned = async (kind: string) =>
      (await get(snv, `/api/dashboards/trend?indicator=direction.plan.tasks-planned&periodKind=${kind}`))
        .json()
        .points.map((p: { label: string; value: number; method: string }) => [p.label, p.value, p.method]);
    expect([...(await planned('Y')), ...(await planned('H1')), ...(await planned('Q3'))]).toEqual([
      ['Năm 2021', 40, 'responsible'], // the Sở Nội vụ's 40, not 40 + 6
      ['6 tháng đầu năm 2022', 22, 'sum'],
      ['Quý III năm 2023', null, 'sum'], // the version has the row, nobody filled it: no figure, not 0
    ]);
    const money = (await get(snv, '/api/dashboards/trend?indicator=dossiers.online-payment.amount')).json();
    expect(money.indicator.unit).toBe('Triệu đồng');
    expect(money.points.map((p: { label: string; value: number }) => [p.label, p.value])).toEqual([['Năm 2021', 3.75]]);
  });

  it("shows one agency's own figures to its own accounts, and nobody else's", async () => {
    const reporter = await signIn(app, 'khcn.baocao');
    const own = await get(reporter, '/api/dashboards/trend?indicator=dossiers.on-time-rate.departments&agencyId=so-khcn');
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().agency).toEqual({ id: 'so-khcn', name: 'Sở Khoa học và Công nghệ' });
    const ownOf = async (indicator: string, kind: string) =>
      (await get(reporter, `/api/dashboards/trend?indicator=${indicator}&agencyId=so-khcn&periodKind=${kind}`)).json().points;
    const points = [
      ...(await ownOf('dossiers.on-time-rate.departments', 'Y')),
      ...(await ownOf('dossiers.on-time-rate.departments', 'H1')),
      ...(await ownOf('dossiers.on-time-rate.departments', 'Q3')),
    ] as { label: string; value: number | null; method: string }[];
    expect(points.map((p) => [p.label, p.method])).toEqual([
      ['Năm 2021', 'spread'],
      ['6 tháng đầu năm 2022', 'spread'],
      ['Quý III năm 2023', 'ratio'],
    ]);
    expect(points.map((p) => p.value)).toEqual([null, 95.5, (20 / 24) * 100]);
    // its own figure, not the responsible agency's
    const planned = [
      ...(await ownOf('direction.plan.tasks-planned', 'Y')),
      ...(await ownOf('direction.plan.tasks-planned', 'H1')),
      ...(await ownOf('direction.plan.tasks-planned', 'Q3')),
    ];
    expect(planned.map((p: { value: number }) => p.value)).toEqual([6, 10, null]);

    const province = await get(reporter, '/api/dashboards/trend?indicator=procedures.new');
    expect(province.statusCode).toBe(403);
    expect(province.headers['content-type']).toContain('application/problem+json');
    expect(province.json().detail).toBe('Bạn chỉ xem được số liệu của đơn vị mình. Hãy chọn đơn vị.');
    expect((await get(reporter, '/api/dashboards/trend?indicator=procedures.new&agencyId=so-y-te')).statusCode).toBe(404);
    expect((await get(reporter, '/api/dashboards/trend.csv?indicator=procedures.new')).statusCode).toBe(403);
  });

  it("never shows another province's agencies", async () => {
    const kh = await signIn(app, 'kh.admin');
    const theirs = async (kind: string) =>
      (await get(kh, `/api/dashboards/trend?indicator=procedures.new&periodKind=${kind}`))
        .json()
        .points.map((p: { label: string; value: number }) => [p.label, p.value]);
    expect([...(await theirs('H1')), ...(await theirs('Q3'))]).toEqual([
      ['6 tháng đầu năm 2022', 500],
      ['Quý III năm 2023', 777],
    ]);
    expect((await get(kh, '/api/dashboards/trend?indicator=procedures.new&agencyId=so-khcn')).statusCode).toBe(404);
    expect((await get(kh, `/api/dashboards/ranking?roundId=${q3}&indicator=procedures.new`)).statusCode).toBe(404);
    const period = (await get(kh, '/api/dashboards/ranking?year=2023&kind=Q3&indicator=procedures.new')).json();
    expect(period.entries.map((e: { agencyId: string; value: number }) => [e.agencyId, e.value])).toEqual([['kh-so-y-te', 777]]);
    const rounds = (await get(kh, '/api/dashboards/completeness')).json().rounds;
    expect(rounds.map((r: { roundId: string; agencies: number }) => [r.roundId, r.agencies])).toEqual([[khRound, 1]]);

    // and Ninh Thuận's views hold nothing of Khánh Hòa
    const ranking = (await get(snv, `/api/dashboards/ranking?year=2023&kind=Q3&indicator=procedures.new`)).json();
    expect(ranking.entries.map((e: { agencyId: string }) => e.agencyId)).not.toContain('kh-so-y-te');
    const completeness = (await get(snv, '/api/dashboards/completeness')).json();
    expect(completeness.rounds.map((r: { roundId: string }) => r.roundId)).not.toContain(khRound);
  });

  it('ranks the agencies of a round, a percentage from their own counts, those without a figure last and never as 0', async () => {
    const rate = (await get(snv, `/api/dashboards/ranking?roundId=${q3}&indicator=dossiers.on-time-rate.departments`)).json();
    expect(rate).toMatchObject({
      roundId: q3,
      period: { year: 2023, kind: 'Q3' },
      periodLabel: 'Quý III năm 2023',
      reported: 3,
      subject: { indicatorId: 'dossiers.on-time-rate.departments', unit: '%', kind: 'percent' },
    });
    expect(
      rate.entries.map(
        (e: { rank: number | null; agencyId: string; value: number | null; source: string | null; reportStatus: string; note: string | null }) => [
          e.rank,
          e.agencyId,
          e.value,
          e.source,
          e.reportStatus,
          e.note,
        ],
      ),
    ).toEqual([
      [1, 'so-khcn', (20 / 24) * 100, 'parts', 'accepted', null],
      [2, 'so-noi-vu', 70, 'stated', 'accepted', null],
      [3, 'so-y-te', 50, 'parts', 'accepted', null],
      [null, 'ban-xanh', null, null, 'submitted', 'Chưa báo cáo: báo cáo đã nộp, chưa được duyệt.'],
      [null, 'so-tu-phap', null, null, 'draft', 'Chưa báo cáo: báo cáo đang soạn.'],
    ]);

    const settled = (await get(snv, `/api/dashboards/ranking?roundId=${q3}&indicator=dossiers.settled-on-time`)).json();
    expect(settled.entries.map((e: { rank: number | null; agencyName: string; value: number | null }) => [e.rank, e.agencyName, e.value])).toEqual([
      [1, 'Sở Y tế', 50],
      [2, 'Sở Khoa học và Công nghệ', 20],
      [null, XANH, null],
      [null, 'Sở Nội vụ', null], // accepted, but no figure written: not 0
      [null, 'Sở Tư pháp', null],
    ]);
    expect(settled.entries.find((e: { agencyId: string }) => e.agencyId === 'so-noi-vu').note).toBe(
      'Chưa báo cáo: đơn vị không ghi số liệu chỉ tiêu này.',
    );

    // the same by the row of the round's template version
    const byRow = (await get(snv, `/api/dashboards/ranking?roundId=${q3}&rowId=${encodeURIComponent('3/3.1.2')}`)).json();
    expect(byRow.subject).toEqual({
      indicatorId: 'dossiers.settled-on-time',
      rowId: '3/3.1.2',
      name: '3.1.2. Số hồ sơ TTHC giải quyết đúng hạn',
      unit: 'Hồ sơ',
      kind: 'count',
    });
    expect(byRow.entries.map((e: { value: number | null }) => e.value)).toEqual(settled.entries.map((e: { value: number | null }) => e.value));
  });

  it('ranks the agencies of a period over rounds and history alike', async () => {
    const ranking = (await get(snv, '/api/dashboards/ranking?year=2023&kind=Q3&indicator=procedures.new')).json();
    expect(ranking.roundId).toBeNull();
    expect(ranking.entries.map((e: { rank: number | null; agencyId: string; value: number | null }) => [e.rank, e.agencyId, e.value])).toEqual([
      [1, 'so-noi-vu', 4],
      [2, 'so-khcn', 2], // the round's report, accepted after the imported one
      [null, 'ban-xanh', null],
      [null, 'so-tu-phap', null],
      [null, 'so-y-te', null],
    ]);
    const empty = (await get(snv, '/api/dashboards/ranking?year=2019&kind=Y&indicator=procedures.new')).json();
    expect(empty.entries).toEqual([]);
  });

  it('refuses what it cannot rank, and whoever may not compare agencies', async () => {
    const status = async (url: string, session = snv) => (await get(session, url)).statusCode;
    expect(await status('/api/dashboards/ranking?indicator=procedures.new')).toBe(400);
    expect(await status(`/api/dashboards/ranking?roundId=${q3}&year=2023&kind=Q3&indicator=procedures.new`)).toBe(400);
    expect(await status(`/api/dashboards/ranking?roundId=${q3}&indicator=procedures.new&rowId=3/1.2`)).toBe(400);
    expect(await status('/api/dashboards/ranking?year=2023&kind=Q3&rowId=3/1.2')).toBe(400);
    expect(await status('/api/dashboards/ranking?year=2023&indicator=procedures.new')).toBe(400);
    expect(await status(`/api/dashboards/ranking?roundId=${q3}&indicator=procedures.new&extra=1`)).toBe(400);
    expect(await status(`/api/dashboards/ranking?roundId=${q3}&indicator=no.such.indicator`)).toBe(404);
    expect(await status(`/api/dashboards/ranking?roundId=${q3}&rowId=9/9.9`)).toBe(404);
    expect(await status('/api/dashboards/ranking?roundId=round_nope&indicator=procedures.new')).toBe(404);
    const coded = await get(snv, `/api/dashboards/ranking?roundId=${q3}&indicator=direction.dialogue-held`);
    expect(coded.statusCode).toBe(422);
    expect(coded.json().code).toBe('not-chartable');
    expect(await status('/api/dashboards/trend?indicator=direction.dialogue-held')).toBe(422);
    expect(await status('/api/dashboards/trend?indicator=no.such.indicator')).toBe(404);

    for (const username of ['khcn.baocao', 'khcn.duyet']) {
      const session = await signIn(app, username);
      expect(await status(`/api/dashboards/ranking?roundId=${q3}&indicator=procedures.new`, session)).toBe(403);
      expect(await status('/api/dashboards/ranking?year=2023&kind=Q3&indicator=procedures.new', session)).toBe(403);
      expect(await status('/api/dashboards/completeness', session)).toBe(403);
      expect(await status('/api/dashboards/completeness.csv', session)).toBe(403);
    }
    // leadership reads the dashboards of its own agencies
    const viewer = await signIn(app, 'khcn.xem');
    const seen = (await get(viewer, `/api/dashboards/ranking?roundId=${q3}&indicator=dossiers.settled-on-time`)).json();
    expect(seen.entries.map((e: { agencyId: string; value: number }) => [e.agencyId, e.value])).toEqual([['so-khcn', 20]]);
  });

  it('counts every round by state and timeliness, deadlines ending at midnight in Vietnam', async () => {
    const { rounds } = (await get(snv, '/api/dashboards/completeness')).json();
    expect(rounds).toEqual([
      {
        roundId: q3,
        templateId: 'quang-tri-forms-2022',
        period: { year: 2023, kind: 'Q3' },
        label: 'Quý III năm 2023',
        deadline: '2023-10-20',
        status: 'open',
        agencies: 5,
        counts: { 'not-started': 0, draft: 1, submitted: 1, returned: 0, accepted: 3 },
        onTime: 2, // Sở KH&CN at 23:59:59 on the 20th (Vietnam time), Sở Nội vụ on the 1st
        late: 2, // Sở Y tế one second later, the board on the 25th
        overdue: 1, // Sở Tư pháp, still a draft
        pending: 0,
        onTimeRate: 40,
      },
      {
        roundId: q1,
        templateId: 'ninh-thuan-7s-2023',
        period: { year: 2026, kind: 'Q1' },
        label: 'Quý I năm 2026',
        deadline: '2026-04-20',
        status: 'open',
        agencies: 2,
        counts: { 'not-started': 1, draft: 0, submitted: 1, returned: 0, accepted: 0 },
        onTime: 1,
        late: 0,
        overdue: 0,
        pending: 1,
        onTimeRate: 50,
      },
    ]);
    const viewer = await signIn(app, 'khcn.xem');
    expect(
      (await get(viewer, '/api/dashboards/completeness')).json().rounds.map((r: { agencies: number; onTime: number }) => [r.agencies, r.onTime]),
    ).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it('downloads every chart as CSV: BOM, Vietnamese header, quoting, empty cells for what was not reported, a safe file name', async () => {
    const ranking = await get(snv, `/api/dashboards/ranking.csv?roundId=${q3}&indicator=dossiers.settled-on-time`);
    expect(ranking.statusCode, ranking.body).toBe(200);
    expect(ranking.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(ranking.headers['content-disposition']).toBe('attachment; filename="xep-hang_dossiers.settled-on-time_quy-iii-nam-2023.csv"');
    const bytes = ranking.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8').split('\r\n')).toEqual([
      'Chỉ tiêu,Kỳ báo cáo,Hạng,Đơn vị,Giá trị,Đơn vị tính,Cách tính,Tử số,Mẫu số,Trạng thái báo cáo,Ghi chú',
      'Số hồ sơ TTHC giải quyết đúng hạn,Quý III năm 2023,1,Sở Y tế,50,Hồ sơ,Số liệu đơn vị ghi,,,đã duyệt,',
      'Số hồ sơ TTHC giải quyết đúng hạn,Quý III năm 2023,2,Sở Khoa học và Công nghệ,20,Hồ sơ,Số liệu đơn vị ghi,,,đã duyệt,',
      'Số hồ sơ TTHC giải quyết đúng hạn,Quý III năm 2023,,"Ban Quản lý dự án ""Xanh"", tỉnh Ninh Thuận",,Hồ sơ,,,,"đã nộp, chưa được duyệt","Chưa báo cáo: báo cáo đã nộp, chưa được duyệt."',
      'Số hồ sơ TTHC giải quyết đúng hạn,Quý III năm 2023,,Sở Nội vụ,,Hồ sơ,,,,đã duyệt,Chưa báo cáo: đơn vị không ghi số liệu chỉ tiêu này.',
      'Số hồ sơ TTHC giải quyết đúng hạn,Quý III năm 2023,,Sở Tư pháp,,Hồ sơ,,,,đang soạn,Chưa báo cáo: báo cáo đang soạn.',
      '',
    ]);

    const trend = await get(snv, '/api/dashboards/trend.csv?indicator=dossiers.on-time-rate.departments');
    const q3Trend = await get(snv, '/api/dashboards/trend.csv?indicator=dossiers.on-time-rate.departments&periodKind=Q3');
    const q3Lines = q3Trend.body.replace(/^\uFEFF/u, '').split('\r\n');
    expect(trend.headers['content-disposition']).toBe('attachment; filename="xu-huong_dossiers.on-time-rate.departments_toan-tinh.csv"');
    const lines = trend.body.replace(/^\uFEFF/u, '').split('\r\n');
    expect(lines[0]).toBe(
      'Chỉ tiêu,Phạm vi,Kỳ báo cáo,Năm,Giá trị,Đơn vị tính,Cách tính,Số đơn vị có số liệu,Số đơn vị của kỳ báo cáo,Tử số,Mẫu số,Nhỏ nhất,Trung vị,Lớn nhất,Mẫu báo cáo,Số đơn vị chỉ ghi tỷ lệ,Ghi chú',
    );
    expect([...lines.slice(1, 2), ...q3Lines.slice(1, 2)]).toEqual(
      [
        'Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn,Toàn tỉnh,Năm 2021,2021,,%,Không có quy tắc cộng gộp: không có một số liệu chung,0,2,,,,,,khanh-hoa-ru-2021,,',
        'Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn,Toàn tỉnh,Quý III năm 2023,2023,56.45,%,Tỷ lệ tính lại từ tổng tử số và tổng mẫu số,2,5,70,124,50,70,83.33,quang-tri-forms-2022,1,',
      ].map((l) =>
        l.replace(
          /^Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn/u,
          '"Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn"',
        ),
      ),
    );

    const reporter = await signIn(app, 'khcn.baocao');
    const own = await get(reporter, '/api/dashboards/trend.csv?indicator=procedures.new&agencyId=so-khcn');
    expect(own.headers['content-disposition']).toBe('attachment; filename="xu-huong_procedures.new_so-khoa-hoc-va-cong-nghe.csv"');

    const completeness = await get(snv, '/api/dashboards/completeness.csv');
    expect(completeness.headers['content-disposition']).toBe('attachment; filename="tinh-hinh-nop-bao-cao_2026-01-15.csv"');
    expect(completeness.body.replace(/^\uFEFF/u, '').split('\r\n')).toEqual([
      'Kỳ báo cáo,Mẫu báo cáo,Hạn nộp,Số đơn vị,Chưa bắt đầu,Đang soạn,Đã nộp,Bị trả lại,Đã duyệt,Nộp đúng hạn,Nộp trễ hạn,Quá hạn chưa nộp,Chưa đến hạn,Tỷ lệ nộp đúng hạn (%)',
      'Quý III năm 2023,quang-tri-forms-2022,2023-10-20,5,0,1,1,0,3,2,2,1,0,40',
      'Quý I năm 2026,ninh-thuan-7s-2023,2026-04-20,2,1,0,1,0,0,1,0,0,1,50',
      '',
    ]);
  });

  it('answers only signed-in requests', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/dashboards/indicators' });
    expect(response.statusCode).toBe(401);
  });
});
