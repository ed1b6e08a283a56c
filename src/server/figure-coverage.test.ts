/**
 * Figures that mean what they say (issue 14, item 6), through the API on both engines, with hand-computed answers:
 * coverage out of the round's agencies with those left out named, a percentage without parts counted apart (kept
 * aggregates and reports alike), rankings without responsible rows, years derived from quarters, mergers on a
 * comparable base.
 */
import type { FastifyInstance } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { onBothEngines } from '../test-support/both-engines.js';
import { as, signIn, type TestSession } from '../test-support/http.js';
import type { Context } from './context.js';
import { insertAgency } from './repositories/agency.repository.js';
import { insertReport, upsertValues } from './repositories/report.repository.js';
import { consolidateRound } from './services/consolidation.service.js';
import { actorFor } from '../test-support/world.js';

type Cells = Record<string, number>;

async function writeCells(ctx: Context, reportId: string, cells: Cells) {
  await upsertValues(
    ctx.db,
    reportId,
    Object.entries(cells).map(([rowId, v]) => ({
      rowId,
      raw: String(v),
      cell: { value: v, status: 'reported' as const, note: null, decimals: null },
      provenance: null,
    })),
    null,
    new Date('2024-01-01T00:00:00Z'),
  );
}

/** An accepted report imported as history (no round). */
async function history(ctx: Context, agencyId: string, templateId: string, period: { year: number; kind: string }, cells: Cells) {
  const id = ctx.ids.next('report');
  const at = new Date('2025-01-01T00:00:00Z');
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

onBothEngines('figures that mean what they say', (engine) => {
  let ctx: Context;
  let app: FastifyInstance;
  let snv: TestSession;
  let round: string;
  const get = (url: string) => app.inject({ method: 'GET', url, headers: as(snv) });

  beforeAll(async () => {
    ({ ctx, app } = await engine.world({ app: { loginLimit: { max: 1000, timeWindowMs: 60_000 } } }));
    const agency = (id: string, name: string, successor: string | null) =>
      insertAgency(ctx.db, {
        id,
        parent_id: 'ninh-thuan',
        kind: 'district-committee',
        name,
        short_name: null,
        province: 'Ninh Thuận',
        roles: [],
        valid_from: '2020-01-01',
        valid_to: null,
        successor_id: successor,
      });
    await agency('huyen-ab', 'UBND huyện AB', null);
    await agency('huyen-a', 'UBND huyện A', 'huyen-ab');
    await agency('huyen-b', 'UBND huyện B', 'huyen-ab');
    snv = await signIn(app, 'snv.tonghop');

    // a round of 3: Sở KH&CN gives the rate and its parts (accepted), Sở Y tế only the rate (accepted), Sở Nội vụ a draft
    const created = await app.inject({
      method: 'POST',
      url: '/api/rounds',
      headers: as(snv),
      payload: { templateId: 'quang-tri-forms-2022', period: { year: 2025, kind: 'Y' }, agencyIds: ['so-khcn', 'so-y-te', 'so-noi-vu'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    round = created.json().id;
    const fill = async (agencyId: string, cells: Cells, status: 'accepted' | 'draft') => {
      const report = await ctx.db
        .selectFrom('reports')
        .select('id')
        .where('round_id', '=', round)
        .where('agency_id', '=', agencyId)
        .executeTakeFirstOrThrow();
      await writeCells(ctx, report.id, cells);
      await ctx.db.updateTable('reports').set({ status }).where('id', '=', report.id).execute();
    };
    await fill('so-khcn', { '7/6.7': 25, '7/6.7.1': 40, '7/6.7.2': 10, '3/1.2': 3 }, 'accepted');
    await fill('so-y-te', { '7/6.7': 90, '3/1.2': 4 }, 'accepted');
    await fill('so-noi-vu', { '7/6.7': 50, '7/6.7.1': 10, '7/6.7.2': 5, '3/1.2': 100 }, 'draft');

    // 2024: Sở KH&CN reported only quarters (1 + 2 + 3 + 4 new procedures), Sở Y tế the year (20), the merged AB the year (30)
    for (const [kind, value] of [
      ['Q1', 1],
      ['Q2', 2],
      ['Q3', 3],
      ['Q4', 4],
    ] as const)
      await history(ctx, 'so-khcn', 'ninh-thuan-7s-2023', { year: 2024, kind }, { '3.1.1': value });
    await history(ctx, 'so-y-te', 'ninh-thuan-7s-2023', { year: 2024, kind: 'Y' }, { '3.1.1': 20 });
    await history(ctx, 'huyen-ab', 'ninh-thuan-7s-2023', { year: 2024, kind: 'Y' }, { '3.1.1': 30 });
    // 2023: before the merger, A and B (10 + 15)
    await history(ctx, 'huyen-a', 'ninh-thuan-7s-2023', { year: 2023, kind: 'Y' }, { '3.1.1': 10 });
    await history(ctx, 'huyen-b', 'ninh-thuan-7s-2023', { year: 2023, kind: 'Y' }, { '3.1.1': 15 });
    // 2021 on the Khánh Hòa version, where the Sở Nội vụ reports the tasks planned for the province
    await history(ctx, 'so-noi-vu', 'khanh-hoa-ru-2021', { year: 2021, kind: 'Y' }, { '1.1/nhiem-vu-de-ra': 40 });
    await history(ctx, 'so-khcn', 'khanh-hoa-ru-2021', { year: 2021, kind: 'Y' }, { '1.1/nhiem-vu-de-ra': 6 });
  }, 120_000);

  it('counts a figure out of the round, names who is left out, and a rate written without its parts apart', async () => {
    const kept = (await get(`/api/rounds/${round}/consolidation`)).json();
    const read = await consolidateRound(ctx, await actorFor(ctx, 'snv.tonghop'), round, { fromReports: true });
    expect(kept.consolidated).toEqual(JSON.parse(JSON.stringify(read.consolidated)));
    for (const [fromReports, result] of [
      [false, kept],
      [true, read],
    ] as const) {
      expect(result.source).toBe(fromReports ? 'reports' : 'aggregates');
      expect(result.coverage).toEqual({ agenciesInRound: 3, counted: 2, leftOut: [{ agencyId: 'so-noi-vu', name: 'Sở Nội vụ', reason: 'draft' }] });
      const row = (id: string) => result.consolidated.rows.find((r: { rowId: string }) => r.rowId === id);
      // 3 + 4 from 2 of 3 agencies; the draft's 100 is not counted
      expect(row('3/1.2')).toMatchObject({ value: 7, reported: 2, agencies: 3, counted: 2, explanation: 'Tổng của 2/3 đơn vị có báo cáo.' });
      // 10 / 40 = 25 % from Sở KH&CN alone; Sở Y tế's 90 % without parts is counted apart
      expect(row('7/6.7')).toMatchObject({
        method: 'ratio',
        value: 25,
        reported: 1,
        agencies: 3,
        percentOnly: 1,
        parts: { numerator: 10, denominator: 40, agencies: 1 },
      });
    }
  });

  it('leaves responsible rows out of rankings', async () => {
    const ranking = (await get('/api/dashboards/ranking?year=2021&kind=Y&indicator=direction.plan.tasks-planned')).json();
    expect(ranking.reported).toBe(0);
    for (const e of ranking.entries) {
      expect(e.rank).toBeNull();
      expect(e.value).toBeNull();
    }
    expect(ranking.entries.find((e: { agencyId: string }) => e.agencyId === 'so-noi-vu').note).toMatch(/^Không xếp hạng: /u);
  });

  it('draws years only by default, a year derived from the quarters of an agency that reported only quarters', async () => {
    const trend = (await get('/api/dashboards/trend?indicator=procedures.new')).json();
    expect(trend.axis).toBe('Y');
    const points = trend.points.map((p: { label: string; value: number; reported: number; derived: number; derivedFrom: string[] }) => [
      p.label,
      p.value,
      p.reported,
      p.derived,
      p.derivedFrom,
    ]);
    // 2023: 10 + 15; 2024: (1 + 2 + 3 + 4) + 20 + 30 = 60; 2025: 3 + 4 from the round
    expect(points.slice(-3)).toEqual([
      ['Năm 2023', 25, 2, 0, []],
      ['Năm 2024', 60, 3, 1, ['Q1', 'Q2', 'Q3', 'Q4']],
      ['Năm 2025', 7, 2, 0, []],
    ]);
    expect(trend.points.every((p: { period: { kind: string } }) => p.period.kind === 'Y')).toBe(true);
    const csv = (await get('/api/dashboards/trend.csv?indicator=procedures.new')).body;
    expect(csv).toContain('Tính từ số liệu các quý (Quý I, Quý II, Quý III, Quý IV) của 1 đơn vị chỉ báo cáo theo quý.');
  });

  it("gives a merged agency's history its predecessors' values on a comparable base, marked as such", async () => {
    const trend = (await get('/api/dashboards/trend?indicator=procedures.new&agencyId=huyen-ab')).json();
    expect(
      trend.points.map((p: { label: string; value: number; comparable: number; comparableWith: string[] }) => [
        p.label,
        p.value,
        p.comparable,
        p.comparableWith,
      ]),
    ).toEqual([
      ['Năm 2023', 25, 1, ['UBND huyện A', 'UBND huyện B']],
      ['Năm 2024', 30, 0, []],
    ]);
  });
});
