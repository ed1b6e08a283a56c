/**
 * The agency's own history per row (accepted reports, across template versions by indicator, predecessors through
 * successor links, flows against periods of the same length) and the outlier warnings it gives the report view and the
 * submit; a paste placed by meaning through HTTP.
 */
import { expect, it } from 'vitest';
import { onBothEngines } from '../test-support/both-engines.js';
import { as, openRound, signIn } from '../test-support/http.js';
import { insertAcceptedReport, insertFormerDepartment } from '../test-support/world.js';
import type { Context } from './context.js';

const acceptedReport = (
  ctx: Context,
  id: string,
  agencyId: string,
  templateId: string,
  year: number,
  kind: string,
  figures: Record<string, number>,
) => insertAcceptedReport(ctx, { id, agencyId, templateId, year, kind, figures });

onBothEngines('the agency’s own history and its outliers', (engine) => {
  it('gives each row its earlier figures and warns of a value far from them, in the view and on submit', async () => {
    const { ctx, app } = await engine.world();
    // the agency merged into Sở KH&CN reported 2018; Sở KH&CN itself 2019–2022 on the 2022 version, and a year report
    await insertFormerDepartment(ctx, { id: 'so-khcn-cu', name: 'Sở Khoa học (cũ)', validTo: '2018-12-31', successorId: 'so-khcn' });
    await acceptedReport(ctx, 'h1-2018', 'so-khcn-cu', 'ninh-thuan-7s-2022', 2018, 'H1', { '3.1.1': 11, '3.1.3': 1100 });
    await acceptedReport(ctx, 'h1-2019', 'so-khcn', 'ninh-thuan-7s-2022', 2019, 'H1', { '3.1.1': 10, '3.1.3': 1150 });
    await acceptedReport(ctx, 'h1-2020', 'so-khcn', 'ninh-thuan-7s-2022', 2020, 'H1', { '3.1.1': 12, '3.1.3': 1180 });
    await acceptedReport(ctx, 'h1-2021', 'so-khcn', 'ninh-thuan-7s-2022', 2021, 'H1', { '3.1.1': 13, '3.1.3': 1190 });
    await acceptedReport(ctx, 'h1-2022', 'so-khcn', 'ninh-thuan-7s-2022', 2022, 'H1', { '3.1.1': 9, '3.1.3': 1200 });
    await acceptedReport(ctx, 'y-2022', 'so-khcn', 'ninh-thuan-7s-2022', 2022, 'Y', { '3.1.1': 25, '3.1.3': 1210 });
    // another agency's history is not this one's
    await acceptedReport(ctx, 'yte-2022', 'so-y-te', 'ninh-thuan-7s-2022', 2022, 'H1', { '3.1.1': 900 });

    const snv = await signIn(app, 'snv.tonghop');
    const round = await openRound(app, snv, { templateId: 'ninh-thuan-7s-2023', period: { year: 2023, kind: 'H1' }, agencyIds: ['so-khcn'] });
    const reporter = await signIn(app, 'khcn.baocao');
    const [report] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json();

    const history = (await app.inject({ method: 'GET', url: `/api/reports/${report.id}/history`, headers: as(reporter) })).json();
    const points = (rowId: string) =>
      history.rows.find((r: { rowId: string }) => r.rowId === rowId)?.points.map((p: { label: string; value: number }) => [p.label, p.value]);
    // a flow: the first halves only (the year report counts twelve months), the predecessor's 2018 included
    expect(points('3.1.1')).toEqual([
      ['6 tháng đầu năm 2018', 11],
      ['6 tháng đầu năm 2019', 10],
      ['6 tháng đầu năm 2020', 12],
      ['6 tháng đầu năm 2021', 13],
      ['6 tháng đầu năm 2022', 9],
    ]);
    // a stock: a level at a date, the year report too
    expect(points('3.1.3')!.at(-1)).toEqual(['Năm 2022', 1210]);

    // typed: 150 new procedures against 9 last time; 1 205 in force is in line
    const saved = await app.inject({
      method: 'PUT',
      url: `/api/reports/${report.id}/values`,
      headers: as(reporter),
      payload: {
        version: report.version,
        cells: [
          { rowId: '3.1.1', raw: '150' },
          { rowId: '3.1.3', raw: '1205' },
        ],
      },
    });
    expect(saved.statusCode).toBe(200);
    const view = (await app.inject({ method: 'GET', url: `/api/reports/${report.id}`, headers: as(reporter) })).json();
    const outliers = view.findings.filter((f: { kind: string }) => f.kind === 'outlier');
    expect(outliers).toHaveLength(1);
    expect(outliers[0]).toMatchObject({ rule: 'outlier:3.1.1', severity: 'warning', rows: ['3.1.1'], found: 150 });
    expect(outliers[0].message).toContain('gấp 16,7 lần kỳ trước (6 tháng đầu năm 2022: 9)');
    expect(outliers[0].message).toContain('6 tháng đầu năm 2018: 11');

    // a warning does not stop the leader's submit, and the submitted report carries it
    const leader = await signIn(app, 'khcn.duyet');
    const submitted = await app.inject({
      method: 'POST',
      url: `/api/reports/${report.id}/submit`,
      headers: as(leader),
      payload: {
        version: view.version,
        explanations: view.findings
          .filter((f: { severity: string }) => f.severity === 'error')
          .map((f: { rule: string }) => ({ rule: f.rule, text: 'Giải trình.' })),
      },
    });
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json().findings.map((f: { rule: string }) => f.rule)).toContain('outlier:3.1.1');

    // another agency's officer sees neither the history nor the report
    const other = await signIn(app, 'yte.baocao');
    expect((await app.inject({ method: 'GET', url: `/api/reports/${report.id}/history`, headers: as(other) })).statusCode).toBe(404);
  });

  it('places a pasted Excel block by code and label, and tells what it could not place', async () => {
    const { app } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const round = await openRound(app, snv, { templateId: 'ninh-thuan-7s-2023', period: { year: 2023, kind: 'H1' }, agencyIds: ['so-khcn'] });
    const reporter = await signIn(app, 'khcn.baocao');
    const [report] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json();
    const text = [
      'Ghi chú\tSố liệu\tChỉ tiêu\tSTT',
      '\t12\tSố TTHC công bố mới\t3.1.1.',
      'QĐ 5\t4\tSố TTHC bãi bỏ, thay thế\t3.1.2.',
      '\t7\tSố cây trồng mới\t',
    ].join('\r\n');
    const preview = await app.inject({ method: 'POST', url: `/api/reports/${report.id}/paste-preview`, headers: as(reporter), payload: { text } });
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body.columns.map((c: { role: string }) => c.role)).toEqual(['note', 'value', 'label', 'code']);
    expect(body.lines.map((l: { rowId: string | null; value: string; note: string }) => [l.rowId, l.value, l.note])).toEqual([
      ['3.1.1', '12', ''],
      ['3.1.2', '4', 'QĐ 5'],
      [null, '7', ''],
    ]);
    expect(body.lines[2].problem).toBe('Không tìm thấy chỉ tiêu này trong mẫu báo cáo.');
    // the viewer of the agency may not paste
    const viewer = await signIn(app, 'khcn.xem');
    expect(
      (await app.inject({ method: 'POST', url: `/api/reports/${report.id}/paste-preview`, headers: as(viewer), payload: { text } })).statusCode,
    ).toBe(403);
  });
});
