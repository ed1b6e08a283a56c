/** The whole cycle of a report in a round, through the API: fill, submit with explanations, return, fix, resubmit, accept, reopen. */
import { expect, it } from 'vitest';
import { onBothEngines } from '../test-support/both-engines.js';
import { as, openRound, signIn } from '../test-support/http.js';
import { listAudit } from './repositories/audit.repository.js';

onBothEngines('report workflow through the API', (engine) => {
  it('walks a report through its round', async () => {
    const { ctx, app } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const reporter = await signIn(app, 'khcn.baocao');
    const approver = await signIn(app, 'khcn.duyet');
    const round = (
      await app.inject({
        method: 'POST',
        url: '/api/rounds',
        headers: as(snv),
        payload: {
          templateId: 'quang-tri-forms-2022',
          period: { year: 2023, kind: 'Q3' },
          deadline: '2023-09-20',
          agencyIds: ['so-khcn', 'so-y-te'],
        },
      })
    ).json();
    const [report] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json();
    const id = report.id as string;
    const move = (who: typeof snv, action: string, payload: object) =>
      app.inject({ method: 'POST', url: `/api/reports/${id}/${action}`, headers: as(who), payload });
    const put = (version: number, cells: object[]) =>
      app.inject({ method: 'PUT', url: `/api/reports/${id}/values`, headers: as(reporter), payload: { version, cells } });

    // the officer fills cells; 5 of 24 stated as 35,08% is an error finding
    let view = (
      await put(1, [
        { rowId: '7/6.7', raw: '35,08' },
        { rowId: '7/6.7.1', raw: '24' },
        { rowId: '7/6.7.2', raw: '05' },
      ])
    ).json();
    expect(view.findings.map((f: { rule: string; severity: string }) => [f.rule, f.severity])).toEqual([['ratio:7/6.7', 'error']]);

    // the reporter may not submit; the approver must explain the error
    expect((await move(reporter, 'submit', { version: view.version })).statusCode).toBe(403);
    const unexplained = await move(approver, 'submit', { version: view.version });
    expect(unexplained.statusCode).toBe(422);
    expect(unexplained.json()).toMatchObject({ code: 'explanations-missing', missing: ['ratio:7/6.7'] });
    ctx.clock.advance(60_000);
    view = (
      await move(approver, 'submit', {
        version: view.version,
        explanations: [{ rule: 'ratio:7/6.7', text: 'Tỷ lệ tính theo cả năm, đã ghi rõ.' }],
        signer: 'Nguyễn Hữu Thắng',
      })
    ).json();
    expect(view).toMatchObject({ status: 'submitted', signer: 'Nguyễn Hữu Thắng' });
    expect(view.comments).toContainEqual(
      expect.objectContaining({ kind: 'explanation', rowId: '7/6.7', body: 'Tỷ lệ tính theo cả năm, đã ghi rõ.' }),
    );

    // a submitted report is locked for the agency
    const locked = await put(view.version, [{ rowId: '7/6.7', raw: '20,83' }]);
    expect(locked.statusCode).toBe(409);
    expect(locked.json().code).toBe('report-locked');

    // the Sở Nội vụ returns it, with a reason on a row
    expect((await move(snv, 'return', { version: view.version })).json().code).toBe('reason-missing');
    view = (await move(snv, 'return', { version: view.version, reasons: [{ rowId: '7/6.7', text: 'Tỷ lệ phải bằng 5/24.' }] })).json();
    expect(view.status).toBe('returned');
    const seenByAgency = (await app.inject({ method: 'GET', url: `/api/reports/${id}`, headers: as(reporter) })).json();
    expect(seenByAgency.comments).toContainEqual(expect.objectContaining({ kind: 'return-reason', rowId: '7/6.7', body: 'Tỷ lệ phải bằng 5/24.' }));

    // the agency fixes it and the approver resubmits; the diff shows exactly the fix
    view = (await put(view.version, [{ rowId: '7/6.7', raw: '20,83' }])).json();
    expect(view.findings).toEqual([]);
    view = (await move(approver, 'submit', { version: view.version })).json();
    const diff = (await app.inject({ method: 'GET', url: `/api/reports/${id}/diff?from=1&to=2`, headers: as(snv) })).json();
    expect(diff).toEqual([
      {
        rowId: '7/6.7',
        before: { rowId: '7/6.7', raw: '35,08', value: 35.08, status: 'reported', note: null },
        after: { rowId: '7/6.7', raw: '20,83', value: 20.83, status: 'reported', note: null },
      },
    ]);
    expect(
      (await app.inject({ method: 'GET', url: `/api/reports/${id}/submissions`, headers: as(reporter) }))
        .json()
        .map((s: { number: number }) => s.number),
    ).toEqual([1, 2]);

    // accepted, it shows on the board; Sở Y tế has not started
    view = (await move(snv, 'accept', { version: view.version })).json();
    expect(view.status).toBe('accepted');
    const board = (await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/board`, headers: as(snv) })).json();
    expect(board.counts).toMatchObject({ accepted: 1, 'not-started': 1 });
    expect(
      board.rows.map((r: { agencyId: string; status: string; timeliness: string; errors: number }) => [r.agencyId, r.status, r.timeliness, r.errors]),
    ).toEqual([
      ['so-khcn', 'accepted', 'late', 0], // the clock stands in 2026: submitted after the 2023 deadline
      ['so-y-te', 'not-started', 'late', 0],
    ]);
    // the agency's board shows only its own row
    expect(
      (await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/board`, headers: as(reporter) }))
        .json()
        .rows.map((r: { agencyId: string }) => r.agencyId),
    ).toEqual(['so-khcn']);

    // accepting twice is refused; reopening needs a reason and unlocks it
    expect((await move(snv, 'accept', { version: view.version })).statusCode).toBe(409);
    view = (await move(snv, 'reopen', { version: view.version, reasons: [{ rowId: null, text: 'Bổ sung số liệu quý III.' }] })).json();
    expect(view.status).toBe('draft');
    expect((await put(view.version, [{ rowId: '1/1', raw: '14' }])).statusCode).toBe(200);

    const actions = (await listAudit(ctx.db, { entity: 'report', entityId: id })).map((a) => a.action);
    expect(actions).toEqual([
      'save-values',
      'submit-report',
      'return-report',
      'save-values',
      'submit-report',
      'accept-report',
      'reopen-report',
      'save-values',
    ]);
  }, 60_000);
});

onBothEngines('reminders', (engine) => {
  it('reminds the agencies that have not submitted, and only they see the notice', async () => {
    const { ctx, app } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const round = await openRound(app, snv, {
      templateId: 'ninh-thuan-7s-2022',
      period: { year: 2022, kind: 'Q3' },
      deadline: '2022-09-20',
      agencyIds: ['so-khcn', 'so-y-te'],
    });
    await ctx.db.updateTable('reports').set({ status: 'submitted' }).where('agency_id', '=', 'so-y-te').execute();
    const reporter = await signIn(app, 'khcn.baocao');
    expect((await app.inject({ method: 'POST', url: `/api/rounds/${round.id}/remind`, headers: as(reporter) })).statusCode).toBe(403);
    const reminded = (await app.inject({ method: 'POST', url: `/api/rounds/${round.id}/remind`, headers: as(snv) })).json();
    expect(reminded).toEqual({ reminded: ['so-khcn'], emailed: 0 }); // no SMTP configured: in-app only
    const notices = (await app.inject({ method: 'GET', url: '/api/notices', headers: as(reporter) })).json();
    expect(notices).toEqual([
      expect.objectContaining({
        agencyId: 'so-khcn',
        roundId: round.id,
        body: 'Đề nghị hoàn thành và nộp báo cáo cải cách hành chính quý III năm 2022 trước ngày 20/09/2022.',
      }),
    ]);
    const yte = await signIn(app, 'yte.baocao');
    expect((await app.inject({ method: 'GET', url: '/api/notices', headers: as(yte) })).json()).toEqual([]);
    expect((await listAudit(ctx.db, { entity: 'round', entityId: round.id })).map((a) => a.action)).toEqual(['create-round', 'remind-round']);
  });
});
