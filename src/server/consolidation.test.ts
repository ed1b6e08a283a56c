/** The province consolidation of a round: sums, ratios of sums, drill-down, coverage, kind filter, findings, documents. */
import { expect, it } from 'vitest';
import { onBothEngines } from '../test-support/both-engines.js';
import { as, openRound, signIn } from '../test-support/http.js';

onBothEngines('consolidation', (engine) => {
  it('consolidates the accepted reports of a round, drilling down to each agency', async () => {
    const { ctx, app } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const round = await openRound(app, snv, {
      templateId: 'quang-tri-forms-2022',
      period: { year: 2023, kind: 'Q3' },
      agencyIds: ['so-khcn', 'so-y-te', 'so-noi-vu'],
    });
    const reports = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(snv) })).json() as {
      id: string;
      agencyId: string;
    }[];
    const fill = async (agencyId: string, cells: { rowId: string; raw: string }[], accept: boolean) => {
      const report = reports.find((r) => r.agencyId === agencyId)!;
      await ctx.db.updateTable('reports').set({ status: 'draft' }).where('id', '=', report.id).execute();
      const { saveValues } = await import('./services/report.service.js');
      const actor = { accountId: 'acc-admin', username: 'admin', displayName: 'admin', role: 'reporter' as const, scope: new Set([agencyId]) };
      await saveValues(ctx, actor, report.id, 1, cells);
      await ctx.db
        .updateTable('reports')
        .set({ status: accept ? 'accepted' : 'submitted' })
        .where('id', '=', report.id)
        .execute();
    };
    await fill(
      'so-khcn',
      [
        { rowId: '3/1.4', raw: '47' },
        { rowId: '7/6.7', raw: '35,08' },
        { rowId: '7/6.7.1', raw: '24' },
        { rowId: '7/6.7.2', raw: '05' },
        { rowId: '1/6', raw: '1' },
      ],
      true,
    );
    await fill(
      'so-y-te',
      [
        { rowId: '3/1.4', raw: '120' },
        { rowId: '7/6.7', raw: '50' },
        { rowId: '7/6.7.1', raw: '100' },
        { rowId: '7/6.7.2', raw: '50' },
        { rowId: '1/6', raw: '0' },
      ],
      true,
    );
    await fill('so-noi-vu', [{ rowId: '3/1.4', raw: '90' }], false); // submitted, not accepted

    const result = (await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation`, headers: as(snv) })).json();
    const row = (id: string) => result.consolidated.rows.find((r: { rowId: string }) => r.rowId === id);
    // out of the round's 3 agencies, so-noi-vu (submitted, not accepted) named as left out
    expect(row('3/1.4')).toMatchObject({
      method: 'sum',
      value: 167,
      reported: 2,
      agencies: 3,
      counted: 2,
      explanation: 'Tổng của 2/3 đơn vị có báo cáo.',
    });
    expect(result.coverage).toEqual({
      agenciesInRound: 3,
      counted: 2,
      leftOut: [{ agencyId: 'so-noi-vu', name: expect.any(String), reason: 'submitted' }],
    });
    expect(result.source).toBe('aggregates');
    const drill = (
      await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation/row?rowId=${encodeURIComponent('3/1.4')}`, headers: as(snv) })
    ).json();
    expect(drill.contributions.map((c: { agencyId: string; value: number }) => [c.agencyId, c.value])).toEqual([
      ['so-khcn', 47],
      ['so-y-te', 120],
    ]);
    // a row the template does not have, or none named: clear 4xx problems
    const unknownRow = await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation/row?rowId=99.99`, headers: as(snv) });
    expect(unknownRow.statusCode).toBe(404);
    expect(unknownRow.headers['content-type']).toContain('application/problem+json');
    expect((await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation/row`, headers: as(snv) })).statusCode).toBe(400);
    const notReported = (
      await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation/row?rowId=${encodeURIComponent('6/1.2')}`, headers: as(snv) })
    ).json();
    expect(notReported.contributions.map((c: { value: number | null; status: string }) => [c.value, c.status])).toEqual([
      [null, 'not-reported'],
      [null, 'not-reported'],
    ]);
    // the ratio of the summed parts: 55 of 124, not the mean of 35,08% and 50%
    expect(row('7/6.7').method).toBe('ratio');
    expect(row('7/6.7').value).toBeCloseTo((55 / 124) * 100, 8);
    expect(row('1/6').distribution).toEqual([
      { code: 0, label: 'Không', agencies: 1 },
      { code: 1, label: 'Có', agencies: 1 },
    ]);
    // never 0 for what nobody reported
    expect(row('6/1.2')).toMatchObject({ value: null, reported: 0 });
    // the findings of every agency in one place (Sở KH&CN's 35,08% of 5/24)
    const findings = (await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation/findings`, headers: as(snv) })).json();
    expect(findings.counts.map((c: { rule: string; rowId: string; agencies: number }) => [c.rule, c.rowId, c.agencies])).toEqual([
      ['ratio:7/6.7', '7/6.7', 1],
    ]);
    expect(findings.page.items.map((f: { agencyId: string; rule: string }) => [f.agencyId, f.rule])).toEqual([['so-khcn', 'ratio:7/6.7']]);
    // the kept aggregates give exactly what reading every report gives
    const { consolidateRound } = await import('./services/consolidation.service.js');
    const { actorFor } = await import('../test-support/world.js');
    for (const options of [{}, { includeSubmitted: true }, { kind: 'department' as const }]) {
      const actor = await actorFor(ctx, 'snv.tonghop');
      const kept = await consolidateRound(ctx, actor, round.id, options);
      const read = await consolidateRound(ctx, actor, round.id, { ...options, fromReports: true });
      expect(kept.source).toBe('aggregates');
      expect(read.source).toBe('reports');
      expect(kept.consolidated).toEqual(read.consolidated);
      expect(kept.agencies).toEqual(read.agencies);
    }

    const withSubmitted = (
      await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation?includeSubmitted=true`, headers: as(snv) })
    ).json();
    expect(withSubmitted.consolidated.rows.find((r: { rowId: string }) => r.rowId === '3/1.4')).toMatchObject({ value: 257, reported: 3 });
    const boards = (await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation?kind=board`, headers: as(snv) })).json();
    expect(boards.agencies).toEqual([]);

    for (const format of ['docx', 'xlsx']) {
      const file = await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation.${format}`, headers: as(snv) });
      expect(file.statusCode, file.body.slice(0, 200)).toBe(200);
      expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
    }

    // leadership may read it; an agency's reporter may not; another province sees nothing
    const viewer = await signIn(app, 'khcn.xem');
    const seen = await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation`, headers: as(viewer) });
    expect(seen.statusCode).toBe(200);
    // an agency's viewer sees the round through its own agency only: figures read from its report, not the province's
    expect(seen.json()).toMatchObject({ source: 'reports', agencies: [{ id: 'so-khcn' }] });
    expect(seen.json().consolidated.rows.find((r: { rowId: string }) => r.rowId === '3/1.4')).toMatchObject({ value: 47, reported: 1, agencies: 1 });
    const drillOwn = await app.inject({
      method: 'GET',
      url: `/api/rounds/${round.id}/consolidation/row?rowId=${encodeURIComponent('3/1.4')}`,
      headers: as(viewer),
    });
    expect(drillOwn.json().contributions.map((c: { agencyId: string }) => c.agencyId)).toEqual(['so-khcn']);
    const reporter = await signIn(app, 'khcn.baocao');
    expect((await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation`, headers: as(reporter) })).statusCode).toBe(403);
    const kh = await signIn(app, 'kh.admin');
    expect((await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation`, headers: as(kh) })).statusCode).toBe(404);
  }, 60_000);
});
