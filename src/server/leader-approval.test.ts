/**
 * Who does what, through the API: the reporting officer sends the report to her agency's leader ("Gửi lãnh đạo
 * duyệt"), the leader is told and submits it; the officer's home lists her agency's reports with status and deadline,
 * returned ones first with the reasons; the narrative's changes between submissions are told.
 */
import { expect, it } from 'vitest';
import { onBothEngines } from '../test-support/both-engines.js';
import { as, signIn, type TestSession } from '../test-support/http.js';
import { listAudit } from './repositories/audit.repository.js';

onBothEngines('sending a report to the leader, and the officer’s home', (engine) => {
  async function roundOf(
    app: Awaited<ReturnType<typeof engine.world>>['app'],
    snv: TestSession,
    period: { year: number; kind: string },
    deadline: string,
  ) {
    const round = await app.inject({
      method: 'POST',
      url: '/api/rounds',
      headers: as(snv),
      payload: { templateId: 'quang-tri-forms-2022', period, deadline, agencyIds: ['so-khcn', 'so-y-te'] },
    });
    expect(round.statusCode).toBe(201);
    return round.json() as { id: string };
  }

  it('the officer sends, the leader is told and submits; the notice stands only while the report waits', async () => {
    const { ctx, app } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const officer = await signIn(app, 'khcn.baocao');
    const leader = await signIn(app, 'khcn.duyet');
    const other = await signIn(app, 'yte.baocao');
    const round = await roundOf(app, snv, { year: 2023, kind: 'Q3' }, '2023-09-20');
    const [report] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(officer) })).json();
    const id = report.id as string;
    const send = (who: TestSession, version: number) =>
      app.inject({ method: 'POST', url: `/api/reports/${id}/send-to-leader`, headers: as(who), payload: { version } });
    const home = async (who: TestSession) => (await app.inject({ method: 'GET', url: '/api/home', headers: as(who) })).json();

    let view = (
      await app.inject({
        method: 'PUT',
        url: `/api/reports/${id}/values`,
        headers: as(officer),
        payload: { version: 1, cells: [{ rowId: '7/6.7.1', raw: '24' }] },
      })
    ).json();
    expect(view.sentToLeader).toBeNull();
    // a stale version is refused; another agency's officer does not see the report
    expect((await send(officer, view.version - 1)).statusCode).toBe(409);
    expect((await send(other, view.version)).statusCode).toBe(404);
    const snvSend = await send(snv, view.version);
    expect(snvSend.statusCode).toBe(403);

    ctx.clock.advance(60_000);
    const sent = await send(officer, view.version);
    expect(sent.statusCode).toBe(200);
    view = sent.json();
    expect(view).toMatchObject({ status: 'draft', version: report.version + 2, sentToLeader: { by: 'acc-khcn.baocao' } });
    expect((await listAudit(ctx.db, { entityId: id })).map((a) => a.action)).toContain('send-report-to-leader');

    // the leader is told, naming the report; the officer is not, nor is the reminder list cluttered
    const leaderHome = await home(leader);
    expect(leaderHome.requests).toEqual([
      expect.objectContaining({ reportId: id, agencyId: 'so-khcn', body: expect.stringContaining('quý III năm 2023') }),
    ]);
    expect((await home(officer)).requests).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/api/notices', headers: as(leader) })).json()).toEqual([]);
    const row = leaderHome.reports.find((r: { id: string }) => r.id === id);
    expect(row).toMatchObject({ status: 'draft', deadline: '2023-09-20', sentToLeaderBy: 'khcn.baocao', agencyName: 'Sở Khoa học và Công nghệ' });

    // the leader submits; the request no longer stands
    const submitted = await app.inject({ method: 'POST', url: `/api/reports/${id}/submit`, headers: as(leader), payload: { version: view.version } });
    expect(submitted.statusCode).toBe(200);
    view = submitted.json();
    expect(view.status).toBe('submitted');
    expect((await home(leader)).requests).toEqual([]);
    // a submitted report is not sent again
    expect((await send(officer, view.version)).json()).toMatchObject({ code: 'not-allowed-now' });

    // returned: the flag is cleared, to be sent anew once fixed
    view = (
      await app.inject({
        method: 'POST',
        url: `/api/reports/${id}/return`,
        headers: as(snv),
        payload: { version: view.version, reasons: [{ rowId: '7/6.7.1', text: 'Số nhiệm vụ chưa khớp kế hoạch.' }] },
      })
    ).json();
    expect(view).toMatchObject({ status: 'returned', sentToLeader: null });
  });

  it("the officer's home: her agency's reports, returned first with the reasons, then the nearest deadline", async () => {
    const { ctx, app } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const officer = await signIn(app, 'khcn.baocao');
    const leader = await signIn(app, 'khcn.duyet');
    const q2 = await roundOf(app, snv, { year: 2023, kind: 'Q2' }, '2023-06-20');
    const q3 = await roundOf(app, snv, { year: 2023, kind: 'Q3' }, '2023-09-20');
    const y = await roundOf(app, snv, { year: 2023, kind: 'Y' }, '2023-12-20');
    const reportOf = async (roundId: string) =>
      (await app.inject({ method: 'GET', url: `/api/reports?roundId=${roundId}&agencyId=so-khcn`, headers: as(officer) })).json()[0] as {
        id: string;
        version: number;
      };
    // Q2 submitted then returned with a reason for the whole report and one on a row
    const r2 = await reportOf(q2.id);
    let v = (await app.inject({ method: 'POST', url: `/api/reports/${r2.id}/submit`, headers: as(leader), payload: { version: r2.version } })).json();
    ctx.clock.advance(60_000);
    v = (
      await app.inject({
        method: 'POST',
        url: `/api/reports/${r2.id}/return`,
        headers: as(snv),
        payload: {
          version: v.version,
          reasons: [
            { rowId: '7/6.7.1', text: 'Số nhiệm vụ chưa khớp kế hoạch.' },
            { rowId: null, text: 'Bổ sung phần đánh giá chung.' },
          ],
        },
      })
    ).json();
    expect(v.status).toBe('returned');

    const got = await app.inject({ method: 'GET', url: '/api/home', headers: as(officer) });
    expect(got.statusCode).toBe(200);
    const list = got.json().reports as {
      id: string;
      roundId: string;
      status: string;
      deadline: string;
      returnReasons: unknown[];
      agencyId: string;
    }[];
    expect(list.every((r) => r.agencyId === 'so-khcn')).toBe(true);
    expect(list.map((r) => [r.roundId, r.status, r.deadline])).toEqual([
      [q2.id, 'returned', '2023-06-20'],
      [q3.id, 'not-started', '2023-09-20'],
      [y.id, 'not-started', '2023-12-20'],
    ]);
    expect(list[0]!.returnReasons).toEqual([
      { rowId: null, rowLabel: null, text: 'Bổ sung phần đánh giá chung.' },
      { rowId: '7/6.7.1', rowLabel: expect.stringMatching(/^Biểu 7, .+/u), text: 'Số nhiệm vụ chưa khớp kế hoạch.' },
    ]);
    expect(list[1]!.returnReasons).toEqual([]);

    // the Sở Nội vụ has the board, not this home
    expect((await app.inject({ method: 'GET', url: '/api/home', headers: as(snv) })).statusCode).toBe(403);
  });

  it('the narrative’s changes between two submissions are told, section by section', async () => {
    const { app } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const officer = await signIn(app, 'khcn.baocao');
    const leader = await signIn(app, 'khcn.duyet');
    const round = await roundOf(app, snv, { year: 2023, kind: 'Q3' }, '2023-09-20');
    const [report] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}&agencyId=so-khcn`, headers: as(officer) })).json();
    const id = report.id as string;
    const narrative = (version: number, body: string) =>
      app.inject({
        method: 'PUT',
        url: `/api/reports/${id}/narrative`,
        headers: as(officer),
        payload: {
          version,
          sections: [
            { heading: 'I. CÔNG TÁC CHỈ ĐẠO', level: 1, body: 'Ban hành kế hoạch.' },
            { heading: 'V. KIẾN NGHỊ', level: 1, body },
          ],
        },
      });
    let v = (await narrative(report.version, 'Không có.')).json();
    v = (await app.inject({ method: 'POST', url: `/api/reports/${id}/submit`, headers: as(leader), payload: { version: v.version } })).json();
    v = (
      await app.inject({
        method: 'POST',
        url: `/api/reports/${id}/return`,
        headers: as(snv),
        payload: { version: v.version, reasons: [{ rowId: null, text: 'Bổ sung kiến nghị.' }] },
      })
    ).json();
    v = (await narrative(v.version, 'Đề nghị bổ sung kinh phí chuyển đổi số.')).json();
    // before the resubmission: against the text as it is now
    const now = await app.inject({ method: 'GET', url: `/api/reports/${id}/narrative-diff?from=1`, headers: as(officer) });
    expect(now.json()).toEqual([{ heading: 'V. KIẾN NGHỊ', before: 'Không có.', after: 'Đề nghị bổ sung kinh phí chuyển đổi số.' }]);
    v = (await app.inject({ method: 'POST', url: `/api/reports/${id}/submit`, headers: as(leader), payload: { version: v.version } })).json();
    expect(v.status).toBe('submitted');
    const diff = await app.inject({ method: 'GET', url: `/api/reports/${id}/narrative-diff?from=1&to=2`, headers: as(snv) });
    expect(diff.statusCode).toBe(200);
    expect(diff.json()).toEqual([{ heading: 'V. KIẾN NGHỊ', before: 'Không có.', after: 'Đề nghị bổ sung kinh phí chuyển đổi số.' }]);
    expect((await app.inject({ method: 'GET', url: `/api/reports/${id}/narrative-diff?from=1&to=3`, headers: as(snv) })).statusCode).toBe(404);
  });
});
