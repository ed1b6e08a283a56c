/**
 * GET /api/rounds/:id/consolidation.xlsx, streamed from the kept figures and pages of values: the same workbook as the
 * table rendered in memory from every report read at once (values, number formats, styles, notes, medians of spreads),
 * for the whole round, with submitted reports, for one kind of agency and for an agency's viewer; refusals stay 4xx.
 */
import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import type { Template } from '../core/catalogue/template.js';
import { consolidate } from '../core/consolidation/consolidate.js';
import type { PeriodKind } from '../core/periods/period.js';
import { renderConsolidatedXlsx } from '../documents/xlsx/consolidated-xlsx.js';
import { onBothEngines } from '../test-support/both-engines.js';
import { as, openRound, signIn } from '../test-support/http.js';
import { actorFor } from '../test-support/world.js';
import type { ConsolidationScope } from './repositories/consolidation.repository.js';
import { listCountedReports, listRoundMembers } from './repositories/consolidation.repository.js';
import { getValuesOf, toCellValue } from './repositories/report.repository.js';
import { getTemplateVersion } from './repositories/template.repository.js';
import type { Context } from './context.js';

/** Every sheet's rows and cells as text: values, styles, notes, heights, merges, views and print setup. */
async function dump(bytes: Uint8Array | Buffer): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  const out: string[] = [];
  for (const sheet of workbook.worksheets) {
    out.push(sheet.name, JSON.stringify([sheet.views, sheet.autoFilter, sheet.pageSetup.printTitlesRow, sheet.model.merges]));
    sheet.eachRow({ includeEmpty: true }, (row, n) => {
      out.push(`${sheet.name}!${n} height ${row.height}`);
      row.eachCell({ includeEmpty: true }, (c) => out.push(`${sheet.name}!${c.address} ${JSON.stringify([c.value, c.style, c.note ?? null])}`));
    });
  }
  return out;
}

/** The table as it was made before it was streamed: every counted report's values read at once, then consolidated. */
async function inMemoryTable(ctx: Context, roundId: string, scope: ConsolidationScope, seen: (agencyId: string) => boolean): Promise<Uint8Array> {
  const round = (await ctx.db.selectFrom('rounds').selectAll().where('id', '=', roundId).executeTakeFirst())!;
  const template = (await getTemplateVersion(ctx.db, round.template_id)) as Template;
  const listed = (await listCountedReports(ctx.db, scope)).filter((r) => seen(r.agency_id));
  const stored = await getValuesOf(
    ctx.db,
    listed.map((r) => r.report_id),
  );
  const reports = listed.map((r) => ({
    agencyId: r.agency_id,
    roles: r.roles,
    values: new Map(stored.get(r.report_id)!.map((v) => [v.row_id, toCellValue(v)])),
  }));
  const members = (await listRoundMembers(ctx.db, roundId, scope.kind)).filter((m) => seen(m.agency_id));
  const period = { year: round.period_year, kind: round.period_kind as PeriodKind };
  return renderConsolidatedXlsx({
    kind: 'province',
    header: { governingBody: 'UBND TỈNH NINH THUẬN', agency: 'Sở Nội vụ', agencyCode: 'SNV', number: null, place: 'Ninh Thuận', date: null },
    period,
    title: '',
    sections: [],
    recipients: [],
    signature: { titleLines: [], name: null },
    template,
    consolidated: consolidate(template, reports, members.length),
    agencyNames: new Map(listed.map((r) => [r.agency_id, r.name])),
  });
}

onBothEngines('consolidated XLSX, streamed', (engine) => {
  it('streams the same table as one rendered in memory from every report, for each scope and reader', async () => {
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
    const { saveValues } = await import('./services/report.service.js');
    const fill = async (agencyId: string, cells: Record<string, string>, status: 'accepted' | 'submitted') => {
      const report = reports.find((r) => r.agencyId === agencyId)!;
      await ctx.db.updateTable('reports').set({ status: 'draft' }).where('id', '=', report.id).execute();
      const actor = { accountId: 'acc-admin', username: 'admin', displayName: 'admin', role: 'reporter' as const, scope: new Set([agencyId]) };
      await saveValues(
        ctx,
        actor,
        report.id,
        1,
        Object.entries(cells).map(([rowId, raw]) => ({ rowId, raw })),
      );
      await ctx.db.updateTable('reports').set({ status }).where('id', '=', report.id).execute();
    };
    // sums, a ratio of summed parts, codes, a spread (its median is not kept: taken from the values), text, money
    await fill(
      'so-khcn',
      {
        '1/1': '14',
        '1/2': '83',
        '1/2.1': '37',
        '1/2.2': '31',
        '1/6.2': '2',
        '4/2.5': '2',
        '6/1.2': '6.786,875',
        '1/3.1': 'Dự kiến kiểm tra trong Quý IV',
      },
      'accepted',
    );
    await fill('so-y-te', { '1/1': '3', '1/2': '100', '1/2.1': '20', '1/2.2': '20', '1/6.2': '1', '4/2.5': '100', '6/1.2': '100,5' }, 'accepted');
    await fill('so-noi-vu', { '1/2.1': '10', '1/6.2': '2', '4/2.5': '50', '7/6.7': '35' }, 'submitted');

    const everyone = () => true;
    const cases = [
      { query: '', scope: { roundId: round.id, statuses: ['accepted'], kind: null } },
      { query: '?includeSubmitted=true', scope: { roundId: round.id, statuses: ['accepted', 'submitted'], kind: null } },
      { query: '?kind=department&includeSubmitted=true', scope: { roundId: round.id, statuses: ['accepted', 'submitted'], kind: 'department' } },
    ] as const;
    for (const { query, scope } of cases) {
      const file = await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation.xlsx${query}`, headers: as(snv) });
      expect(file.statusCode, file.body.slice(0, 200)).toBe(200);
      expect(file.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(file.headers['content-disposition']).toBe('attachment; filename="tong-hop-cchc_nt_2023-Q3.xlsx"');
      // streamed as it is written, not buffered: no length known in advance
      expect(file.headers['content-length']).toBeUndefined();
      const got = await dump(file.rawPayload);
      expect(got).toEqual(await dump(await inMemoryTable(ctx, round.id, scope, everyone)));
      if (query === '?includeSubmitted=true') {
        // the spread's median of 2, 100 and 50 (which the kept aggregates cannot give), and every agency's column
        expect(got.some((line) => line.includes('"2 – 100 (trung vị 50)"'))).toBe(true);
        expect(got.filter((line) => line.includes('"Sở Nội vụ"')).length).toBeGreaterThan(0);
      }
    }

    // an agency's viewer: its own column, figures from its report only
    const viewer = await signIn(app, 'khcn.xem');
    const own = await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation.xlsx`, headers: as(viewer) });
    expect(own.statusCode).toBe(200);
    const scope = (await actorFor(ctx, 'khcn.xem')).scope;
    expect(await dump(own.rawPayload)).toEqual(
      await dump(await inMemoryTable(ctx, round.id, { roundId: round.id, statuses: ['accepted'], kind: null }, (a) => scope.has(a))),
    );
    const header = (await dump(own.rawPayload)).find((line) => line.startsWith('Biểu 1!D4 '))!;
    expect(header).toContain('Sở Khoa học và Công nghệ');
    expect((await dump(own.rawPayload)).some((line) => line.startsWith('Biểu 1!E4 ') && line.includes('Toàn tỉnh'))).toBe(true);

    // refusals are decided before anything is streamed
    const reporter = await signIn(app, 'khcn.baocao');
    const refused = await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation.xlsx`, headers: as(reporter) });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const kh = await signIn(app, 'kh.admin');
    expect((await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation.xlsx`, headers: as(kh) })).statusCode).toBe(404);
  }, 120_000);
});
