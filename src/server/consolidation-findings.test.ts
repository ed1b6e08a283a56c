/** The consolidation's findings: counts by rule and row over the counted reports, then pages; kept per report, checked again when values change. */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { onBothEngines } from '../test-support/both-engines.js';
import { as, openRound, signIn } from '../test-support/http.js';

onBothEngines('consolidation findings', (engine) => {
  it('counts findings by rule and row, pages them, and follows values written into a counted report', async () => {
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
    const reportOf = (agencyId: string) => reports.find((r) => r.agencyId === agencyId)!.id;
    const { saveValues } = await import('./services/report.service.js');
    const fill = async (agencyId: string, cells: { rowId: string; raw: string }[], status: 'accepted' | 'submitted') => {
      const id = reportOf(agencyId);
      await ctx.db.updateTable('reports').set({ status: 'draft' }).where('id', '=', id).execute();
      const actor = { accountId: 'acc-admin', username: 'admin', displayName: 'admin', role: 'reporter' as const, scope: new Set([agencyId]) };
      const version = (await ctx.db.selectFrom('reports').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
      await saveValues(ctx, actor, id, version, cells);
      await ctx.db.updateTable('reports').set({ status }).where('id', '=', id).execute();
    };
    // both stated percentages disagree with their parts (5/24 is 20,83%, 30/50 is 60%); so-noi-vu's is only submitted
    await fill(
      'so-khcn',
      [
        { rowId: '7/6.7', raw: '35,08' },
        { rowId: '7/6.7.1', raw: '24' },
        { rowId: '7/6.7.2', raw: '05' },
      ],
      'accepted',
    );
    await fill(
      'so-y-te',
      [
        { rowId: '7/6.7', raw: '50' },
        { rowId: '7/6.7.1', raw: '50' },
        { rowId: '7/6.7.2', raw: '30' },
      ],
      'accepted',
    );
    await fill(
      'so-noi-vu',
      [
        { rowId: '7/6.7', raw: '90' },
        { rowId: '7/6.7.1', raw: '10' },
        { rowId: '7/6.7.2', raw: '1' },
      ],
      'submitted',
    );

    const get = (query = '') => app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation/findings${query}`, headers: as(snv) });
    const all = (await get()).json();
    expect(all.reports).toBe(2);
    expect(all.counts).toEqual([{ rule: 'ratio:7/6.7', kind: 'ratio', severity: expect.any(String), rowId: '7/6.7', agencies: 2, findings: 2 }]);
    expect(all.page).toMatchObject({ total: 2, limit: 50, offset: 0 });
    expect(all.page.items.map((f: { agencyId: string; agencyName: string }) => f.agencyId)).toEqual(['so-khcn', 'so-y-te']);
    expect(all.page.items[0].agencyName).toEqual(expect.any(String));

    // pages of one, by agency; one agency's, one rule's, an unknown row's
    const second = (await get('?limit=1&offset=1')).json();
    expect(second.page).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(second.page.items.map((f: { agencyId: string }) => f.agencyId)).toEqual(['so-y-te']);
    expect((await get('?agencyId=so-khcn')).json().page.items.map((f: { agencyId: string }) => f.agencyId)).toEqual(['so-khcn']);
    expect((await get(`?rule=${encodeURIComponent('ratio:7/6.7')}`)).json().page.total).toBe(2);
    expect((await get('?rowId=1%2F6')).json().page).toMatchObject({ total: 0, items: [] });
    // submitted reports too when asked
    const withSubmitted = (await get('?includeSubmitted=true')).json();
    expect(withSubmitted.counts[0]).toMatchObject({ agencies: 3 });
    expect(withSubmitted.reports).toBe(3);

    // an agency's viewer sees only its own agency's findings
    const viewer = await signIn(app, 'khcn.xem');
    const own = (await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation/findings`, headers: as(viewer) })).json();
    expect(own).toMatchObject({ reports: 1, counts: [{ rule: 'ratio:7/6.7', agencies: 1 }], page: { total: 1 } });
    expect(own.page.items.map((f: { agencyId: string }) => f.agencyId)).toEqual(['so-khcn']);

    // every counted report's findings are kept: a second read checks nothing again
    const kept = async () =>
      (await sql<{ report_id: string }>`select report_id from report_findings_state order by report_id`.execute(ctx.db)).rows.map((r) => r.report_id);
    expect(await kept()).toEqual([reportOf('so-khcn'), reportOf('so-noi-vu'), reportOf('so-y-te')].sort());

    // values written into an accepted report (as an import or a restore does) make its findings stale, and they follow
    await ctx.db
      .updateTable('report_values')
      .set({ value: '20.83', raw: '20,83' })
      .where('report_id', '=', reportOf('so-khcn'))
      .where('row_id', '=', '7/6.7')
      .execute();
    expect(await kept()).not.toContain(reportOf('so-khcn'));
    const after = (await get()).json();
    expect(after.counts).toEqual([expect.objectContaining({ rule: 'ratio:7/6.7', agencies: 1 })]);
    expect(after.page.items.map((f: { agencyId: string }) => f.agencyId)).toEqual(['so-y-te']);
    expect(await kept()).toContain(reportOf('so-khcn'));

    // a page too big, a negative offset, an unknown parameter: 400 problems, never a crash
    for (const bad of ['?limit=1000', '?offset=-1', '?limit=abc', '?page=2']) {
      const refused = await get(bad);
      expect(refused.statusCode, bad).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
  }, 60_000);
});
