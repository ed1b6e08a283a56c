/** Stocks are prefilled from the previous accepted report (across template versions); flows are not; typed cells stay. */
import { expect, it } from 'vitest';
import { onBothEngines } from '../test-support/both-engines.js';
import { as, openRound, signIn } from '../test-support/http.js';
import { listAudit } from './repositories/audit.repository.js';
import { insertReport, replaceNarrative, upsertValues } from './repositories/report.repository.js';

onBothEngines('carrying over from the previous period', (engine) => {
  it('offers the previous narrative and fills empty stock rows only', async () => {
    const { ctx, app } = await engine.world();
    const now = ctx.clock.now();
    await insertReport(ctx.db, {
      id: 'prev',
      agency_id: 'so-khcn',
      round_id: null,
      template_id: 'ninh-thuan-7s-2022',
      period_year: 2022,
      period_kind: 'Y',
      status: 'accepted',
      signer: null,
      source: 'import',
      submitted_at: now,
      accepted_at: now,
      created_at: now,
      updated_at: now,
    });
    const cell = (rowId: string, raw: string, value: number) => ({
      rowId,
      raw,
      cell: { value, status: 'reported' as const, note: null, decimals: 0 },
      provenance: null,
    });
    await upsertValues(
      ctx.db,
      'prev',
      [cell('3.1.3', '53', 53), cell('4.2.1', '33', 33), cell('4.2.2', '28', 28), cell('3.1.1', '01', 1)],
      null,
      now,
    );
    await replaceNarrative(ctx.db, 'prev', [{ heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH', level: 1, body: 'Văn bản kỳ trước.' }]);

    const snv = await signIn(app, 'snv.tonghop');
    // the next year is on the 2023 version: figures carry over by canonical indicator
    const round = await openRound(app, snv, { templateId: 'ninh-thuan-7s-2023', period: { year: 2023, kind: 'H1' }, agencyIds: ['so-khcn'] });
    const reporter = await signIn(app, 'khcn.baocao');
    const [report] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json();

    const previous = (await app.inject({ method: 'GET', url: `/api/reports/${report.id}/previous`, headers: as(reporter) })).json();
    expect(previous).toMatchObject({ reportId: 'prev', period: { year: 2022, kind: 'Y' }, templateId: 'ninh-thuan-7s-2022' });
    expect(previous.narrative[0].body).toBe('Văn bản kỳ trước.');
    expect(previous.stocks.map((s: { rowId: string; raw: string }) => [s.rowId, s.raw]).sort()).toEqual([
      ['3.1.3', '53'],
      ['4.2.1', '33'],
      ['4.2.2', '28'],
    ]); // 3.1.1 (new procedures) is a flow: counted anew

    // the officer already typed the quota; prefill leaves it
    const typed = (
      await app.inject({
        method: 'PUT',
        url: `/api/reports/${report.id}/values`,
        headers: as(reporter),
        payload: { version: 1, cells: [{ rowId: '4.2.1', raw: '35' }] },
      })
    ).json();
    const filled = (
      await app.inject({ method: 'POST', url: `/api/reports/${report.id}/prefill`, headers: as(reporter), payload: { version: typed.version } })
    ).json();
    const value = (rowId: string) => filled.values.find((v: { rowId: string }) => v.rowId === rowId)?.value ?? null;
    expect([value('3.1.3'), value('4.2.1'), value('4.2.2'), value('3.1.1')]).toEqual([53, 35, 28, null]);
    // the carried-over cells are a write of the officer's like any other, in the audit log with before and after
    const audit = (await listAudit(ctx.db, { entity: 'report', entityId: report.id })).filter((a) => a.actor_id === 'acc-khcn.baocao');
    expect(audit).toHaveLength(2);
    const carried = audit[1]!;
    expect(carried.action).toBe('save-values');
    expect(carried.before).toMatchObject({ version: typed.version });
    expect(carried.after).toMatchObject({ version: filled.version });
    const cells = (carried.after as { cells: { rowId: string; raw: string }[] }).cells.map((c) => [c.rowId, c.raw]).sort();
    expect(cells).toEqual([
      ['3.1.3', '53'],
      ['4.2.2', '28'],
    ]);

    // another agency's report cannot be read for its previous period
    const other = await signIn(app, 'yte.baocao');
    expect((await app.inject({ method: 'GET', url: `/api/reports/${report.id}/previous`, headers: as(other) })).statusCode).toBe(404);
  });
});
