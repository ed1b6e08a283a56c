/**
 * The province's report of a round through the API: generated untouched, autosaved with versions (409 on a stale
 * one), regenerated without overwriting what a person wrote, composed from the agencies' texts (excerpts that know
 * when their source changed), moved draft → ready → issued (locked, numbered), audited; the province's settings; the
 * DOCX with the UBND header, the narrative, the signature and the annexes. Both engines.
 */
import { expect, it } from 'vitest';
import { as, openRound, signIn } from '../test-support/http.js';
import { onBothEngines } from '../test-support/both-engines.js';
import { findReport, replaceNarrative, upsertValues } from './repositories/report.repository.js';
import { parseCell } from '../core/values/cell-grammar.js';
import { getTemplate } from '../templates/template-loader.js';
import { listAudit } from './repositories/audit.repository.js';
import { insertAccount } from './repositories/account.repository.js';
import { hashPassword } from './services/passwords.js';
import { insertAcceptedReport, PASSWORD } from '../test-support/world.js';

const TEMPLATE = 'ninh-thuan-7s-2023';

function narrative(procedures: string) {
  return [
    { heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', level: 1, body: 'Ban hành kế hoạch CCHC.' },
    { heading: 'II. KẾT QUẢ THỰC HIỆN', level: 1, body: '' },
    { heading: '2. Cải cách thủ tục hành chính', level: 2, body: procedures },
  ];
}

onBothEngines('the province report', (engine) => {
  it('is generated untouched, saved with versions, regenerated without overwriting, composed, moved and issued', async () => {
    const { ctx, app } = await engine.world();
    const template = getTemplate(TEMPLATE);
    const snv = await signIn(app, 'snv.tonghop');
    const round = await openRound(app, snv, {
      templateId: TEMPLATE,
      period: { year: 2024, kind: 'Q3' },
      agencyIds: ['so-khcn', 'so-y-te', 'so-noi-vu'],
    });
    const now = ctx.clock.now();
    const fill = async (agencyId: string, cells: [string, string][], status: 'accepted' | 'submitted', text: string) => {
      const report = (await findReport(ctx.db, agencyId, round.id))!;
      await upsertValues(
        ctx.db,
        report.id,
        cells.map(([rowId, raw]) => {
          const p = parseCell(raw, template.rows.find((r) => r.id === rowId)!.kind);
          return { rowId, raw, cell: { value: p.value, status: p.status, note: null, decimals: p.decimals }, provenance: null };
        }),
        null,
        now,
      );
      await replaceNarrative(ctx.db, report.id, narrative(text));
      await ctx.db
        .updateTable('reports')
        .set({ status, submitted_at: now, accepted_at: status === 'accepted' ? now : null })
        .where('id', '=', report.id)
        .execute();
      return report.id;
    };
    const khcn = await fill(
      'so-khcn',
      [
        ['3.1.3', '100'],
        ['3.4.1', '90'],
      ],
      'accepted',
      'Sở KH&CN công bố 6 TTHC mới.',
    );
    await fill(
      'so-y-te',
      [
        ['3.1.3', '50'],
        ['2.1', '4'],
      ],
      'submitted',
      'Sở Y tế đưa 20 TTHC lên Cổng DVC.',
    );
    // the same quarter last year: Sở KH&CN had 80 procedures and another text
    await insertAcceptedReport(ctx, {
      id: 'khcn-2023-q3',
      agencyId: 'so-khcn',
      templateId: TEMPLATE,
      year: 2023,
      kind: 'Q3',
      figures: { '3.1.3': 80 },
    });
    await replaceNarrative(ctx.db, 'khcn-2023-q3', narrative('Một nội dung cũ.'));

    const url = `/api/rounds/${round.id}/province-report`;
    const get = async () => (await app.inject({ method: 'GET', url, headers: as(snv) })).json();
    // untouched: version 0, every section generated from the accepted reports, coverage out of the round's agencies
    const first = await get();
    expect(first).toMatchObject({ version: 0, status: 'draft', coverage: { roundAgencies: 3, reported: 2, missing: 1 } });
    const procedures = first.sections.find((s: { key: string }) => s.key === 'procedures');
    expect(procedures.origin).toBe('generated');
    expect(procedures.text).toContain(
      'Toàn tỉnh có 100 thủ tục hành chính đang có hiệu lực (theo báo cáo của 1/3 đơn vị), tăng 25% so với cùng kỳ năm trước.',
    );
    expect(first.sections.map((s: { key: string }) => s.key)).toEqual([
      'direction',
      'institutions',
      'procedures',
      'organisation',
      'civil-service',
      'finance',
      'egov',
      'assessment',
      'next-period',
      'recommendations',
    ]);

    // the agencies' texts of a section, side by side: filtered by kind, searched, marked when changed since last time
    const sources = (await app.inject({ method: 'GET', url: `${url}/sources?section=procedures`, headers: as(snv) })).json();
    expect(sources.sources.map((s: { agencyId: string; changedSincePrevious: boolean | null }) => [s.agencyId, s.changedSincePrevious])).toEqual([
      ['so-khcn', true],
      ['so-y-te', null],
    ]);
    const searched = (await app.inject({ method: 'GET', url: `${url}/sources?section=procedures&q=cong%20DVC`, headers: as(snv) })).json();
    expect(searched.sources.map((s: { agencyId: string }) => s.agencyId)).toEqual(['so-y-te']);
    expect((await app.inject({ method: 'GET', url: `${url}/sources?section=procedures&kind=board`, headers: as(snv) })).json().sources).toEqual([]);
    expect((await app.inject({ method: 'GET', url: `${url}/sources?section=nope`, headers: as(snv) })).statusCode).toBe(400);

    // the first save (version 0) stores it; an excerpt remembers its source
    const put = (body: Record<string, unknown>) => app.inject({ method: 'PUT', url, headers: as(snv), payload: body });
    const saved = await put({
      version: 0,
      sections: [
        {
          key: 'procedures',
          text: 'Đoạn viết tay.\nSở KH&CN công bố 6 TTHC mới.',
          excerpts: [{ sourceReportId: khcn, section: 'procedures', text: 'Sở KH&CN công bố 6 TTHC mới.' }],
        },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const v1 = saved.json();
    expect(v1.version).toBe(1);
    const edited = v1.sections.find((s: { key: string }) => s.key === 'procedures');
    expect(edited).toMatchObject({
      origin: 'edited',
      excerpts: [{ agencyId: 'so-khcn', agencyName: 'Sở Khoa học và Công nghệ', sourceChanged: false }],
    });
    // a second consolidator saving from version 0 again: 409, nothing overwritten
    const stale = await put({ version: 0, sections: [{ key: 'procedures', text: 'Ghi đè.' }] });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale-version', currentVersion: 1 });
    expect((await get()).sections.find((s: { key: string }) => s.key === 'procedures').text).toBe('Đoạn viết tay.\nSở KH&CN công bố 6 TTHC mới.');
    // an excerpt from a report outside the round is refused
    expect(
      (
        await put({
          version: 1,
          sections: [{ key: 'procedures', text: 'x', excerpts: [{ sourceReportId: 'khcn-2023-q3', section: 'procedures', text: 'x' }] }],
        })
      ).statusCode,
    ).toBe(422);

    // the source changes after insertion: the excerpt says so
    await replaceNarrative(ctx.db, khcn, narrative('Sở KH&CN công bố 7 TTHC mới.'));
    expect((await get()).sections.find((s: { key: string }) => s.key === 'procedures').excerpts[0].sourceChanged).toBe(true);

    // the figures move (Sở Y tế accepted); regenerating replaces generated sections, offers the draft beside the edited one
    await ctx.db.updateTable('reports').set({ status: 'accepted' }).where('agency_id', '=', 'so-y-te').where('round_id', '=', round.id).execute();
    const before = await get();
    expect(before.sections.find((s: { key: string }) => s.key === 'procedures')).toMatchObject({
      stale: true,
      draft: expect.stringContaining('Toàn tỉnh có 150 thủ tục'),
    });
    const regenerated = (await app.inject({ method: 'POST', url: `${url}/regenerate`, headers: as(snv), payload: { version: 1 } })).json();
    expect(regenerated.version).toBe(2);
    expect(regenerated.regenerated.proposals.map((p: { key: string }) => p.key)).toEqual(['procedures']);
    expect(regenerated.regenerated.replaced).toEqual(['institutions']);
    expect(regenerated.sections.find((s: { key: string }) => s.key === 'procedures').text).toBe('Đoạn viết tay.\nSở KH&CN công bố 6 TTHC mới.');
    expect(regenerated.sections.find((s: { key: string }) => s.key === 'institutions').text).toContain(
      'ban hành 4 văn bản quy phạm pháp luật (theo báo cáo của 1/3 đơn vị)',
    );

    // the workflow: issue needs ready; ready locks the text; issue needs a number and a date; issued is locked
    const move = (action: string, body: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: `${url}/${action}`, headers: as(snv), payload: body });
    expect((await move('issue', { version: 2, number: '12', date: '2024-10-05' })).statusCode).toBe(409);
    const ready = await move('ready', { version: 2 });
    expect(ready.json()).toMatchObject({ status: 'ready', version: 3 });
    expect((await put({ version: 3, sections: [{ key: 'finance', text: 'x' }] })).json()).toMatchObject({ code: 'province-report-locked' });
    // the province's leader (an approver acting for the province) reads it and issues it; an agency's leader may not
    await insertAccount(ctx.db, {
      id: 'acc-lanhdao',
      username: 'lanhdao',
      display_name: 'Lãnh đạo UBND tỉnh',
      password_hash: await hashPassword(PASSWORD),
      role: 'approver',
      agency_ids: ['ninh-thuan'],
    });
    const leader = await signIn(app, 'lanhdao');
    const agencyLeader = await signIn(app, 'khcn.duyet');
    const moveAs = (who: typeof snv, action: string, body: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: `${url}/${action}`, headers: as(who), payload: body });
    expect((await moveAs(agencyLeader, 'issue', { version: 3, number: '125', date: '2024-10-05' })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url, headers: as(agencyLeader) })).statusCode).toBe(403);
    const read = await app.inject({ method: 'GET', url, headers: as(leader) });
    expect(read.json()).toMatchObject({ status: 'ready', version: 3 });
    expect(read.json().sections.find((s: { key: string }) => s.key === 'procedures').text).toBe('Đoạn viết tay.\nSở KH&CN công bố 6 TTHC mới.');
    // the leader never writes the text, nor makes it ready
    expect(
      (await app.inject({ method: 'PUT', url, headers: as(leader), payload: { version: 3, sections: [{ key: 'finance', text: 'x' }] } })).statusCode,
    ).toBe(403);
    expect((await moveAs(leader, 'ready', { version: 3 })).statusCode).toBe(403);
    const badNumber = await moveAs(leader, 'issue', { version: 3, number: 'abc', date: '2024-10-05' });
    expect(badNumber.statusCode).toBe(422);
    expect(badNumber.json().detail ?? badNumber.json().title).toBeTruthy();
    const issued = await moveAs(leader, 'issue', { version: 3, number: '125', date: '2024-10-05' });
    expect(issued.json()).toMatchObject({ status: 'issued', number: '125', issuedOn: '2024-10-05', version: 4 });
    expect((await move('reopen', { version: 4 })).statusCode).toBe(409);

    // history: every write audited, in order
    const history = (await app.inject({ method: 'GET', url: `${url}/history`, headers: as(snv) })).json();
    expect(history.map((h: { action: string; version: number }) => [h.action, h.version])).toEqual([
      ['save-province-report', 1],
      ['regenerate-province-report', 2],
      ['province-report-ready', 3],
      ['province-report-issue', 4],
    ]);
    expect((await listAudit(ctx.db, { entity: 'province-report' })).length).toBe(4);

    // the DOCX: the issued number and date, the settings' header
    const docx = await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation.docx`, headers: as(snv) });
    expect(docx.statusCode).toBe(200);
    const { default: JSZip } = await import('jszip');
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/gu, '');
    expect(text).toContain('Số: 125/BC-UBND');
    expect(text).toContain('ngày 05 tháng 10 năm 2024');
    expect(text).toContain('ỦY BAN NHÂN DÂN');
    expect(text).toContain('Đoạn viết tay.');
    expect(text).toContain('2/3 đơn vị báo cáo');
    expect(text).toContain('PHỤ LỤC II');
    expect(text).toContain('Sở Nội vụ');

    // only the Sở Nội vụ and administrators of the province; another province's round does not exist
    const reporter = await signIn(app, 'khcn.baocao');
    expect((await app.inject({ method: 'GET', url, headers: as(reporter) })).statusCode).toBe(403);
    const viewer = await signIn(app, 'khcn.xem');
    expect((await app.inject({ method: 'GET', url, headers: as(viewer) })).statusCode).toBe(403);
    const kh = await signIn(app, 'kh.admin');
    expect((await app.inject({ method: 'GET', url, headers: as(kh) })).statusCode).toBe(404);
  }, 120_000);

  it('keeps each province’s settings, versioned, and prints them', async () => {
    const { app } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const url = '/api/provinces/ninh-thuan/report-settings';
    const defaults = (await app.inject({ method: 'GET', url, headers: as(snv) })).json();
    expect(defaults).toMatchObject({
      version: 0,
      defaults: true,
      settings: { issuerLines: ['ỦY BAN NHÂN DÂN', 'TỈNH NINH THUẬN'], numberSuffix: 'BC-UBND' },
    });
    const own = {
      ...defaults.settings,
      issuer: 'so-noi-vu',
      issuerLines: ['SỞ NỘI VỤ'],
      governingBody: 'UBND TỈNH NINH THUẬN',
      numberSuffix: 'BC-SNV',
      signature: { titleLines: ['GIÁM ĐỐC'], name: 'Trần Thị Hoa' },
    };
    const saved = await app.inject({ method: 'PUT', url, headers: as(snv), payload: { version: 0, settings: own } });
    expect(saved.json()).toMatchObject({ version: 1, defaults: false });
    expect((await app.inject({ method: 'PUT', url, headers: as(snv), payload: { version: 0, settings: own } })).statusCode).toBe(409);
    const invalid = await app.inject({ method: 'PUT', url, headers: as(snv), payload: { version: 1, settings: { ...own, recipients: [] } } });
    expect(invalid.statusCode).toBe(400);
    // a province the account does not cover, and an agency that is not a province: absent
    expect((await app.inject({ method: 'GET', url: '/api/provinces/khanh-hoa/report-settings', headers: as(snv) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/provinces/so-khcn/report-settings', headers: as(snv) })).statusCode).toBe(404);

    const round = await openRound(app, snv, { templateId: TEMPLATE, period: { year: 2024, kind: 'H1' }, agencyIds: ['so-khcn'] });
    const docx = await app.inject({ method: 'GET', url: `/api/rounds/${round.id}/consolidation.docx`, headers: as(snv) });
    const { default: JSZip } = await import('jszip');
    const text = (await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/gu, '');
    expect(text).toContain('SỞ NỘI VỤ');
    expect(text).toContain('UBND TỈNH NINH THUẬN');
    expect(text).toContain('/BC-SNV');
    expect(text).toContain('Trần Thị Hoa');
    // nobody reported: the annex lists the agency, and the narrative says no area has figures yet
    expect(text).toContain('Chưa gửi báo cáo');
    expect(text).toContain('chưa có đơn vị báo cáo số liệu');
  }, 120_000);
});
