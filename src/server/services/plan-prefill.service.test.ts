/**
 * A report's plan figures filled in from the annual plan, through the API: the mapped rows (tasks planned, completed,
 * the completion rate) get the plan's figures as of the report's cut-off; a cell the officer filled is kept; the
 * write goes through the report's one write path (version, status, audit 'prefill-plan', the plan as provenance); the
 * officer corrects a figure like any cell; the Sở Nội vụ's row of the province figure counts the whole plan; a round's
 * reports are filled when it opens. Both engines.
 */
import { expect, it } from 'vitest';
import { onBothEngines } from '../../test-support/both-engines.js';
import { as, signIn, type TestSession } from '../../test-support/http.js';
import { getTemplate } from '../../templates/template-loader.js';
import { listAudit } from '../repositories/audit.repository.js';
import { findReport, getValues } from '../repositories/report.repository.js';
import { prefillRoundFromPlan } from './plan-prefill.service.js';

const rowOf = (templateId: string, indicator: string) => getTemplate(templateId).rows.find((r) => r.indicator === indicator)!.id;

onBothEngines('the plan prefill of reports', (engine) => {
  const setup = async () => {
    const world = await engine.world();
    world.ctx.clock.advance(Date.parse('2026-07-01T02:00:00Z') - world.ctx.clock.now().getTime());
    const snv = await signIn(world.app, 'snv.tonghop');
    const khcn = await signIn(world.app, 'khcn.baocao');
    const call = async (session: TestSession, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const response = await world.app.inject({
        method,
        url,
        headers: as(session),
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      return { status: response.statusCode, body: response.json() };
    };
    let plan = (await call(snv, 'POST', '/api/plans', { provinceId: 'ninh-thuan', year: 2026, title: 'Kế hoạch CCHC năm 2026' })).body;
    const tasks: [string, string, string, boolean][] = [
      // title, responsible, deadline, own
      ['Rà soát TTHC', 'so-khcn', '2026-03-31', false],
      ['Công bố TTHC', 'so-khcn', '2026-05-31', false],
      ['Số hóa hồ sơ', 'so-khcn', '2026-11-30', true],
      ['Tập huấn', 'so-y-te', '2026-04-30', false],
      ['Kiểm tra nội bộ', 'so-y-te', '2026-04-30', true],
    ];
    for (const [title, responsibleAgencyId, deadline, own] of tasks) {
      plan = (
        await call(snv, 'POST', `/api/plans/${plan.id}/tasks`, {
          planVersion: plan.version,
          area: 'procedures',
          title,
          responsibleAgencyId,
          deadline,
          expectedOutput: null,
          own,
        })
      ).body;
    }
    const done = async (title: string, doneOn: string, session = snv) => {
      const task = plan.tasks.find((t: { title: string }) => t.title === title);
      plan = (
        await call(session, 'PUT', `/api/plan-tasks/${task.id}/progress`, {
          version: task.version,
          status: 'done',
          doneOn,
          note: null,
          evidenceReportId: null,
        })
      ).body;
    };
    await done('Rà soát TTHC', '2026-03-20'); // within H1's cut-off (to 14/06)
    await done('Công bố TTHC', '2026-06-20'); // after it: not done at H1's cut-off
    await done('Tập huấn', '2026-04-10');
    /** A round opened before the plan was made: its reports' plan rows empty (an opening fills them otherwise). */
    const roundBeforePlan = async (body: { templateId: string; period: { year: number; kind: string }; agencyIds: string[] }) => {
      const round = (await call(snv, 'POST', '/api/rounds', body)).body;
      const reports = await world.ctx.db.selectFrom('reports').select('id').where('round_id', '=', round.id).execute();
      await world.ctx.db
        .deleteFrom('report_values')
        .where(
          'report_id',
          'in',
          reports.map((r) => r.id),
        )
        .execute();
      return round;
    };
    return { ...world, snv, khcn, call, plan: () => plan, done, roundBeforePlan };
  };

  it("fills the agency's empty plan rows for the report's cut-off, keeps what the officer typed, and is corrected like any cell", async () => {
    const { ctx, app, snv, khcn, call, roundBeforePlan } = await setup();
    const template = 'ninh-thuan-7s-2023';
    const planned = rowOf(template, 'direction.plan.tasks-planned');
    const completed = rowOf(template, 'direction.plan.tasks-completed');
    const round = await roundBeforePlan({ templateId: template, period: { year: 2026, kind: 'H1' }, agencyIds: ['so-khcn', 'so-y-te'] });
    const report = (await findReport(ctx.db, 'so-khcn', round.id))!;

    const preview = await call(khcn, 'GET', `/api/reports/${report.id}/plan-prefill`);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ year: 2026, period: { from: '2025-12-15', to: '2026-06-14' }, mayFill: true });
    expect(preview.body.rows.map((r: { rowId: string; value: number; action: string }) => [r.rowId, r.value, r.action])).toEqual([
      [planned, 3, 'fill'],
      [completed, 1, 'fill'],
    ]);

    // the officer typed the completed tasks herself: kept
    const typed = await call(khcn, 'PUT', `/api/reports/${report.id}/values`, {
      version: report.version,
      cells: [{ rowId: completed, raw: '2', note: null }],
    });
    expect(typed.status).toBe(200);
    expect((await call(khcn, 'POST', `/api/reports/${report.id}/plan-prefill`, { version: report.version })).status).toBe(409);
    const filled = await call(khcn, 'POST', `/api/reports/${report.id}/plan-prefill`, { version: typed.body.version });
    expect(filled.status, JSON.stringify(filled.body)).toBe(200);
    expect(filled.body).toMatchObject({ filled: [planned], kept: [completed] });
    expect(filled.body.report.version).toBe(typed.body.version + 1);
    const values = new Map((await getValues(ctx.db, report.id)).map((v) => [v.row_id, v]));
    expect(values.get(planned)).toMatchObject({
      raw: '3',
      status: 'reported',
      provenance: { source: 'plan', planId: expect.any(String), measure: 'planned' },
    });
    expect(values.get(completed)).toMatchObject({ raw: '2' });
    const audit = (await listAudit(ctx.db, { entity: 'report', entityId: report.id })).at(-1)!;
    expect(audit.action).toBe('prefill-plan');
    expect(audit.after).toMatchObject({ cells: [{ rowId: planned, raw: '3' }] });

    // nothing left to fill: no write
    const again = await call(khcn, 'POST', `/api/reports/${report.id}/plan-prefill`, { version: filled.body.report.version });
    expect(again.body).toMatchObject({ filled: [], kept: [planned, completed] });
    expect(again.body.report.version).toBe(filled.body.report.version);
    // corrected by the officer with a note, as any cell
    const corrected = await call(khcn, 'PUT', `/api/reports/${report.id}/values`, {
      version: again.body.report.version,
      cells: [{ rowId: planned, raw: '4', note: 'Thêm 01 nhiệm vụ UBND tỉnh giao bổ sung' }],
    });
    expect(corrected.status).toBe(200);
    expect((await getValues(ctx.db, report.id)).find((v) => v.row_id === planned)).toMatchObject({
      raw: '4',
      note: 'Thêm 01 nhiệm vụ UBND tỉnh giao bổ sung',
    });

    // another agency's report does not exist for Sở KH&CN; a viewer may look but not fill; a sent report is locked
    const yteReport = (await findReport(ctx.db, 'so-y-te', round.id))!;
    expect((await call(khcn, 'GET', `/api/reports/${yteReport.id}/plan-prefill`)).status).toBe(404);
    const viewer = await signIn(app, 'khcn.xem');
    expect((await call(viewer, 'GET', `/api/reports/${report.id}/plan-prefill`)).body.mayFill).toBe(false);
    expect((await call(viewer, 'POST', `/api/reports/${report.id}/plan-prefill`, { version: corrected.body.version })).status).toBe(403);
    await ctx.db.updateTable('reports').set({ status: 'submitted' }).where('id', '=', report.id).execute();
    const locked = await call(khcn, 'POST', `/api/reports/${report.id}/plan-prefill`, { version: corrected.body.version });
    expect(locked.body.code).toBe('report-locked');
    // no plan for the year
    const next = (await call(snv, 'POST', '/api/rounds', { templateId: template, period: { year: 2027, kind: 'Q1' }, agencyIds: ['so-khcn'] })).body;
    const nextReport = (await findReport(ctx.db, 'so-khcn', next.id))!;
    const none = await call(khcn, 'GET', `/api/reports/${nextReport.id}/plan-prefill`);
    expect(none).toMatchObject({ status: 404, body: { code: 'no-plan' } });
  });

  it("gives the Sở Nội vụ the province's whole plan on a row of the province figure, and a completion rate", async () => {
    const { ctx, snv, call, roundBeforePlan } = await setup();
    // Khánh Hòa's template: the plan rows' province figure is the Sở Nội vụ's value
    const template = 'khanh-hoa-ru-2021';
    const round = await roundBeforePlan({ templateId: template, period: { year: 2026, kind: 'H1' }, agencyIds: ['so-noi-vu', 'so-khcn'] });
    const snvReport = (await findReport(ctx.db, 'so-noi-vu', round.id))!;
    const preview = await call(snv, 'GET', `/api/reports/${snvReport.id}/plan-prefill`);
    expect(preview.body.rows.map((r: { scope: string; value: number; taskCount: number }) => [r.scope, r.value, r.taskCount])).toEqual([
      ['province', 3, 3],
      ['province', 2, 3],
    ]);
    // Quảng Trị's forms: the completion rate, cut to two decimals
    const qt = 'quang-tri-forms-2022';
    const qtRound = await roundBeforePlan({ templateId: qt, period: { year: 2026, kind: 'H1' }, agencyIds: ['so-khcn'] });
    const qtReport = (await findReport(ctx.db, 'so-khcn', qtRound.id))!;
    const rate = (await call(snv, 'GET', `/api/reports/${qtReport.id}/plan-prefill`)).body.rows.find(
      (r: { indicator: string }) => r.indicator === 'direction.plan.completion-rate',
    );
    expect(rate).toMatchObject({ value: 33.33, raw: '33,33', action: 'fill' });
  });

  it("fills a round's reports nobody started when the round opens (and leaves a year without a plan alone)", async () => {
    const { ctx, app, snv, call, done } = await setup();
    const template = 'ninh-thuan-7s-2023';
    const round = (
      await call(snv, 'POST', '/api/rounds', { templateId: template, period: { year: 2026, kind: 'Q2' }, agencyIds: ['so-khcn', 'so-y-te'] })
    ).body;
    // the round's opening filled them (createRound calls it): the reports stay not started, their version moved once
    const yte = (await findReport(ctx.db, 'so-y-te', round.id))!;
    expect(yte).toMatchObject({ status: 'not-started', version: 2 });
    expect((await findReport(ctx.db, 'so-khcn', round.id))!).toMatchObject({ status: 'not-started', version: 2 });
    // Sở Y tế: its province task and its own task; one done by the Q2 cut-off (14/06)
    const values = new Map((await getValues(ctx.db, yte.id)).map((v) => [v.row_id, v.raw]));
    expect(values.get(rowOf(template, 'direction.plan.tasks-planned'))).toBe('2');
    expect(values.get(rowOf(template, 'direction.plan.tasks-completed'))).toBe('1');
    // a second run writes nothing (the plan rows are filled)
    expect(await prefillRoundFromPlan(ctx, round.id, null)).toEqual([]);
    // rows emptied since are filled again at the next run
    await ctx.db.deleteFrom('report_values').where('report_id', '=', yte.id).execute();
    expect(await prefillRoundFromPlan(ctx, round.id, null)).toEqual([yte.id]);
    const refilled = (await findReport(ctx.db, 'so-y-te', round.id))!;
    // the plan moves on: a figure the plan wrote is brought up to date, one the officer typed stays
    await done('Kiểm tra nội bộ', '2026-05-02');
    const yteSession = await signIn(app, 'yte.baocao');
    const typed = await call(yteSession, 'PUT', `/api/reports/${yte.id}/values`, {
      version: refilled.version,
      cells: [{ rowId: rowOf(template, 'direction.plan.tasks-planned'), raw: '3', note: 'Thêm một nhiệm vụ được giao' }],
    });
    expect(typed.status).toBe(200);
    const moved = await call(yteSession, 'GET', `/api/reports/${yte.id}/plan-prefill`);
    expect(
      moved.body.rows.map((r: { indicator: string; raw: string; current: string | null; action: string }) => [
        r.indicator,
        r.raw,
        r.current,
        r.action,
      ]),
    ).toEqual([
      ['direction.plan.tasks-planned', '2', '3', 'kept'],
      ['direction.plan.tasks-completed', '2', '1', 'fill'],
    ]);
    const other = (await call(snv, 'POST', '/api/rounds', { templateId: template, period: { year: 2025, kind: 'Q4' }, agencyIds: ['so-khcn'] })).body;
    expect(await prefillRoundFromPlan(ctx, other.id, null)).toEqual([]);
  });
});
