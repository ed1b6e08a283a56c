/**
 * The CCHC index through the API: an agency self-assesses (scores, explanations, an uploaded file, a linked report,
 * the periodic reports linked by themselves), sees its findings and forecast, submits; the Sở Nội vụ adjusts a score
 * with a reason, returns, finalises (computed points frozen); a computed criterion follows an accepted report's value
 * until then; stale versions are 409; everything is audited and read back as the assessment's history; the group's
 * results are ranked, published, and downloaded as DOCX and XLSX; the group's agencies read the published ranking only.
 * Both engines.
 */
import JSZip from 'jszip';
import { expect, it } from 'vitest';
import { parseCell } from '../core/values/cell-grammar.js';
import { getTemplate } from '../templates/template-loader.js';
import { onBothEngines } from '../test-support/both-engines.js';
import { as, openRound, signIn, type TestSession } from '../test-support/http.js';
import { listAudit } from './repositories/audit.repository.js';
import { findReport, upsertValues } from './repositories/report.repository.js';

const SET = '2026-so-nganh';
const TEMPLATE = 'ninh-thuan-7s-2023';
const BASE = `/api/index/sets/${SET}/assessments/so-khcn`;

function multipart(fileName: string, bytes: Buffer) {
  const boundary = `----cchc-index${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

onBothEngines('the CCHC index', (engine) => {
  it('walks a self-assessment, its appraisal with an adjustment and a return, finalisation and the published ranking', async () => {
    const { ctx, app } = await engine.world();
    const template = getTemplate(TEMPLATE);
    let snv = await signIn(app, 'snv.tonghop');

    // a round of the first quarter of 2026; Sở KH&CN's report is sent on time and accepted with its figures
    const round = await openRound(app, snv, { templateId: TEMPLATE, period: { year: 2026, kind: 'Q1' }, agencyIds: ['so-khcn', 'so-y-te'] });
    expect(round.id).toBeTruthy();
    const report = (await findReport(ctx.db, 'so-khcn', round.id))!;
    const setValue = async (rowId: string, raw: string) => {
      const p = parseCell(raw, template.rows.find((r) => r.id === rowId)!.kind);
      await upsertValues(
        ctx.db,
        report.id,
        [{ rowId, raw, cell: { value: p.value, status: p.status, note: null, decimals: p.decimals }, provenance: null }],
        null,
        ctx.clock.now(),
      );
    };
    await setValue('3.4.1', '99');
    await setValue('1.1.1', '10');
    await setValue('1.1.2', '8');
    const sentAt = new Date('2026-03-10T03:00:00Z');
    await ctx.db.updateTable('reports').set({ status: 'accepted', submitted_at: sentAt, accepted_at: sentAt }).where('id', '=', report.id).execute();
    ctx.clock.advance(120 * 24 * 3600 * 1000); // mid-May: the Q1 deadline has passed
    snv = await signIn(app, 'snv.tonghop');
    const leader = await signIn(app, 'khcn.duyet');
    const reporter = await signIn(app, 'khcn.baocao');
    const yte = await signIn(app, 'yte.baocao');

    const get = async (s: TestSession, url = BASE) => {
      const r = await app.inject({ method: 'GET', url, headers: as(s) });
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    const send = async (s: TestSession, method: 'PUT' | 'POST', url: string, payload: object, status = 200) => {
      const r = await app.inject({ method, url, headers: as(s), payload });
      expect(r.statusCode, r.body).toBe(status);
      return r.json();
    };

    // ------------------------------------------------------------------ the sets
    const sets = await get(reporter, '/api/index/sets');
    expect(sets.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([SET, '2026-cap-xa']));
    expect((await get(reporter, `/api/index/sets/${SET}`)).criteria.length).toBeGreaterThan(20);

    // ------------------------------------------------------------------ the agency's self-assessment
    let a = await get(reporter);
    expect(a).toMatchObject({ version: 0, status: 'draft', agencyName: 'Sở Khoa học và Công nghệ' });
    const crit = (x: typeof a, code: string) => x.criteria.find((c: { code: string }) => c.code === code);
    // computed criteria from the accepted report and the round: 99% on time → 5 points; 8/10 tasks → 2; Q1 on time → 2
    expect(crit(a, '3.2').computed).toMatchObject({ points: 5, rate: 99, reportId: report.id, frozen: false });
    expect(crit(a, '1.1.2').computed).toMatchObject({ points: 2, rate: 80 });
    expect(crit(a, '1.2.1').computed).toMatchObject({ points: 2, basis: '1/1 báo cáo đến hạn gửi đúng hạn (100%)' });
    // the criterion that asks for the periodic reports links them by itself
    expect(crit(a, '1.2.1').evidence).toEqual([expect.objectContaining({ kind: 'report', reportId: report.id, auto: true })]);
    expect(a.forecast.points).toBe(9);

    a = await send(reporter, 'PUT', `${BASE}/self`, {
      version: 0,
      scores: [
        { code: '1.1.1', score: 1, note: 'Đã ban hành Kế hoạch CCHC năm 2026 đúng hạn.' },
        { code: '3.4', score: 3, note: 'Quy trình nội bộ được phê duyệt đầy đủ.' },
      ],
    });
    expect(a.version).toBe(1);
    expect(a.findings.filter((f: { severity: string }) => f.severity === 'error').map((f: { rule: string }) => f.rule)).toEqual([
      'missing-evidence:1.1.1',
      'missing-evidence:3.4',
    ]);
    expect(a.totals.selfScore).toBe(13);
    // a score above the criterion's maximum, or for a computed criterion, is refused
    await send(reporter, 'PUT', `${BASE}/self`, { version: 1, scores: [{ code: '1.1.1', score: 2, note: null }] }, 422);
    await send(reporter, 'PUT', `${BASE}/self`, { version: 1, scores: [{ code: '3.2', score: 6, note: null }] }, 422);
    // a stale version is refused, nothing written
    const stale = await send(reporter, 'PUT', `${BASE}/self`, { version: 0, scores: [{ code: '1.1.1', score: 0, note: null }] }, 409);
    expect(stale.code).toBe('stale-version');
    // submitting with missing evidence is refused with the reason
    const refused = await send(leader, 'POST', `${BASE}/submit`, { version: 1 }, 409);
    expect(refused.detail).toContain('chưa có tài liệu kiểm chứng');

    // an uploaded file for 1.1.1, a linked report for 3.4
    const pdf = Buffer.from('%PDF-1.4 quyết định ban hành kế hoạch');
    const upload = multipart('Quyết định KH CCHC 2026.pdf', pdf);
    const uploaded = await app.inject({
      method: 'POST',
      url: `${BASE}/evidence?code=1.1.1&version=1`,
      headers: { ...as(reporter), 'content-type': upload.contentType },
      payload: upload.payload,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(200);
    a = uploaded.json();
    const file = crit(a, '1.1.1').evidence[0];
    expect(file).toMatchObject({ kind: 'file', fileName: 'Quyết định KH CCHC 2026.pdf', size: pdf.length, auto: false });
    const download = await app.inject({ method: 'GET', url: `/api/index/evidence/${file.id}`, headers: as(snv) });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    // another agency's account does not see it
    expect((await app.inject({ method: 'GET', url: `/api/index/evidence/${file.id}`, headers: as(yte) })).statusCode).toBe(404);
    // a file of a kind offices do not exchange is refused
    const exe = multipart('x.exe', Buffer.from('MZ'));
    const refusedFile = await app.inject({
      method: 'POST',
      url: `${BASE}/evidence?code=1.1.1&version=2`,
      headers: { ...as(reporter), 'content-type': exe.contentType },
      payload: exe.payload,
    });
    expect(refusedFile.statusCode).toBe(415);
    a = await send(reporter, 'POST', `${BASE}/evidence-links`, { version: 2, code: '3.4', reportId: report.id });
    expect(crit(a, '3.4').evidence).toEqual([expect.objectContaining({ kind: 'report', reportId: report.id, title: 'Báo cáo CCHC Quý I năm 2026' })]);
    expect(a.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);

    // a reporter may not submit; the agency's leader does
    await send(reporter, 'POST', `${BASE}/submit`, { version: 3 }, 403);
    a = await send(leader, 'POST', `${BASE}/submit`, { version: 3 });
    expect(a).toMatchObject({ status: 'submitted', version: 4, permissions: { selfEdit: false, submit: false, appraise: false } });
    expect((await send(reporter, 'PUT', `${BASE}/self`, { version: 4, scores: [{ code: '1.1.1', score: 0, note: null }] }, 409)).code).toBe(
      'assessment-locked',
    );

    // ------------------------------------------------------------------ the appraisal
    expect((await get(snv)).permissions.appraise).toBe(true);
    await send(snv, 'PUT', `${BASE}/appraisal`, { version: 4, scores: [{ code: '3.4', score: 2, reason: null }] }, 422);
    a = await send(snv, 'PUT', `${BASE}/appraisal`, {
      version: 4,
      scores: [
        { code: '3.4', score: 2, reason: 'Còn 3 quy trình nội bộ chưa được phê duyệt.' },
        { code: '8.1.1', score: 3.5, reason: null },
      ],
    });
    expect(crit(a, '3.4')).toMatchObject({
      self: 3,
      appraised: 2,
      final: 2,
      adjusted: true,
      appraisalReason: 'Còn 3 quy trình nội bộ chưa được phê duyệt.',
    });
    expect(crit(a, '8.1.1')).toMatchObject({ final: 3.5, adjusted: false });
    await send(snv, 'POST', `${BASE}/return`, { version: 5 }, 409);
    a = await send(snv, 'POST', `${BASE}/return`, { version: 5, reason: 'Bổ sung quyết định phê duyệt quy trình nội bộ.' });
    expect(a).toMatchObject({ status: 'returned', returnReason: 'Bổ sung quyết định phê duyệt quy trình nội bộ.' });
    // the agency sees the adjustment and its reason, adds the decision, submits again
    a = await get(reporter);
    expect(crit(a, '3.4').appraisalReason).toBe('Còn 3 quy trình nội bộ chưa được phê duyệt.');
    a = await send(reporter, 'POST', `${BASE}/evidence-links`, {
      version: 6,
      code: '3.4',
      url: 'https://vanban.ninhthuan.gov.vn/qd-123',
      title: 'QĐ 123/QĐ-SKHCN',
    });
    a = await send(leader, 'POST', `${BASE}/submit`, { version: 7 });
    expect(a).toMatchObject({ status: 'submitted', returnReason: null });

    // ------------------------------------------------------------------ a computed criterion follows the accepted report
    await setValue('3.4.1', '100');
    expect(crit(await get(snv), '3.2').computed.points).toBe(6);
    await setValue('3.4.1', '92');
    expect(crit(await get(snv), '3.2').computed.points).toBe(2);

    // finalising freezes the computed points
    a = await send(snv, 'POST', `${BASE}/finalise`, { version: 8 });
    expect(a.status).toBe('finalised');
    const final = a.totals;
    await setValue('3.4.1', '100');
    a = await get(snv);
    expect(crit(a, '3.2').computed).toMatchObject({ points: 2, frozen: true });
    expect(a.totals).toEqual(final);

    // ------------------------------------------------------------------ results
    const list = await get(snv, `/api/index/sets/${SET}/assessments`);
    expect(list.map((x: { agencyId: string }) => x.agencyId).sort()).toEqual(['so-khcn', 'so-noi-vu', 'so-y-te']);
    // each agency with the province its group's results are read in
    expect(new Set(list.map((x: { provinceId: string }) => x.provinceId))).toEqual(new Set(['ninh-thuan']));
    expect((await get(reporter, `/api/index/sets/${SET}/assessments`)).map((x: { provinceId: string }) => x.provinceId)).toEqual(['ninh-thuan']);
    const RESULTS = `/api/index/sets/${SET}/provinces/ninh-thuan/results`;
    let results = await get(snv, RESULTS);
    expect(results.publishedOnly).toBe(false);
    expect(results.ranking).toEqual([expect.objectContaining({ rank: 1, agencyId: 'so-khcn', score: final.score, percent: final.percent })]);
    expect(results.pending.map((p: { agencyId: string }) => p.agencyId).sort()).toEqual(['so-noi-vu', 'so-y-te']);
    expect(results.published).toBeNull();
    // the agencies of the group read nothing of the results before they are published, nor download them
    for (const agencyAccount of [reporter, yte]) {
      expect(await get(agencyAccount, RESULTS)).toMatchObject({ publishedOnly: true, published: null, ranking: [], pending: [], areas: [] });
    }
    const early = await app.inject({ method: 'GET', url: `${RESULTS}.docx`, headers: as(reporter) });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'not-published', detail: 'Kết quả Chỉ số CCHC của nhóm này chưa được công bố.' });
    results = await send(snv, 'POST', `/api/index/sets/${SET}/provinces/ninh-thuan/publish`, {
      decision: 'Quyết định số 45/QĐ-UBND ngày 20/01/2027',
    });
    expect(results.published.decision).toBe('Quyết định số 45/QĐ-UBND ngày 20/01/2027');
    // once published, every agency of the group reads the whole ranking (not the others' states)
    for (const agencyAccount of [reporter, yte]) {
      const seen = await get(agencyAccount, RESULTS);
      expect(seen).toMatchObject({ publishedOnly: true, published: { decision: 'Quyết định số 45/QĐ-UBND ngày 20/01/2027' }, pending: [] });
      expect(seen.ranking).toEqual(results.ranking);
      expect(seen.areas).toEqual(results.areas);
    }
    const docx = await app.inject({ method: 'GET', url: `/api/index/sets/${SET}/provinces/ninh-thuan/results.docx`, headers: as(snv) });
    expect(docx.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026');
    expect(xml).toContain('Sở Khoa học và Công nghệ');
    expect(xml).toContain('Quyết định số 45/QĐ-UBND');
    const xlsx = await app.inject({ method: 'GET', url: `/api/index/sets/${SET}/provinces/ninh-thuan/results.xlsx`, headers: as(snv) });
    expect(xlsx.statusCode).toBe(200);
    const sheet = await (await JSZip.loadAsync(xlsx.rawPayload)).file('xl/sharedStrings.xml')!.async('string');
    expect(sheet).toContain('Sở Khoa học và Công nghệ');
    const compare = await get(snv, '/api/index/provinces/ninh-thuan/compare?group=departments');
    expect(compare).toEqual({
      group: 'departments',
      years: [2026],
      agencies: [{ agencyId: 'so-khcn', agencyName: 'Sở Khoa học và Công nghệ', percents: [final.percent] }],
    });

    // every write is audited, with its actor
    const audit = await listAudit(ctx.db, { entity: 'index-assessment' });
    expect(audit.map((r) => r.action)).toEqual([
      'index-self-score',
      'index-evidence-add',
      'index-evidence-add',
      'index-submit',
      'index-appraise',
      'index-return',
      'index-evidence-add',
      'index-submit',
      'index-finalise',
    ]);
    expect(audit[4]!.actor_id).toBe('acc-snv.tonghop');
    // the history the agency reads: who did what, the scores with their explanations and reasons, the return's reason
    const history = await get(reporter, `${BASE}/history`);
    expect(history.map((h: { label: string }) => h.label)).toEqual([
      'Lưu điểm tự đánh giá',
      'Thêm tài liệu kiểm chứng',
      'Thêm tài liệu kiểm chứng',
      'Gửi thẩm định',
      'Lưu điểm thẩm định',
      'Trả lại để bổ sung',
      'Thêm tài liệu kiểm chứng',
      'Gửi thẩm định',
      'Chốt kết quả',
    ]);
    expect(history.map((h: { version: number }) => h.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(history[0]).toMatchObject({
      actor: 'khcn.baocao',
      details: [
        'Tiêu chí 1.1.1: 1 điểm — Đã ban hành Kế hoạch CCHC năm 2026 đúng hạn.',
        'Tiêu chí 3.4: 3 điểm — Quy trình nội bộ được phê duyệt đầy đủ.',
      ],
    });
    expect(history[1].details).toEqual(['Tiêu chí 1.1.1: tệp Quyết định KH CCHC 2026.pdf (1 KB)']);
    expect(history[2].details).toEqual(['Tiêu chí 3.4: Báo cáo CCHC Quý I năm 2026']);
    expect(history[4]).toMatchObject({
      actor: 'snv.tonghop',
      details: ['Tiêu chí 3.4: 2 điểm — lý do: Còn 3 quy trình nội bộ chưa được phê duyệt.', 'Tiêu chí 8.1.1: 3,5 điểm'],
    });
    expect(history[5].details).toEqual(['Lý do: Bổ sung quyết định phê duyệt quy trình nội bộ.']);
    expect(history[6].details).toEqual(['Tiêu chí 3.4: đường dẫn QĐ 123/QĐ-SKHCN (https://vanban.ninhthuan.gov.vn/qd-123)']);

    // reopened after publication: the agencies' view keeps only what was finalised when published, until published again
    a = await send(snv, 'POST', `${BASE}/reopen`, { version: 9 });
    expect((await get(reporter, RESULTS)).ranking).toEqual([]);
    expect((await get(snv, RESULTS)).pending.map((p: { agencyId: string }) => p.agencyId)).toContain('so-khcn');
    ctx.clock.advance(60_000);
    a = await send(snv, 'POST', `${BASE}/finalise`, { version: 10 });
    expect((await get(reporter, RESULTS)).ranking).toEqual([]);
    ctx.clock.advance(60_000);
    await send(snv, 'POST', `/api/index/sets/${SET}/provinces/ninh-thuan/publish`, { decision: 'Quyết định số 46/QĐ-UBND' });
    // finalised again with the report's newer figure (3.2: 6 points now), and published again
    const republished = (await get(snv, RESULTS)).ranking;
    expect(republished).toEqual([expect.objectContaining({ agencyId: 'so-khcn', score: final.score + 4 })]);
    expect((await get(yte, RESULTS)).ranking).toEqual(republished);
    const late = await app.inject({ method: 'GET', url: `${RESULTS}.docx`, headers: as(yte) });
    expect(late.statusCode).toBe(200);
    const lateXml = await (await JSZip.loadAsync(late.rawPayload)).file('word/document.xml')!.async('string');
    expect(lateXml).toContain('Quyết định số 46/QĐ-UBND');
  });

  it('scopes by agency: another agency’s assessment is absent; an agency reads its own group’s results in its own province only', async () => {
    const { app } = await engine.world();
    const yte = await signIn(app, 'yte.baocao');
    const viewer = await signIn(app, 'khcn.xem');
    expect((await app.inject({ method: 'GET', url: BASE, headers: as(yte) })).statusCode).toBe(404);
    expect(
      (
        await app.inject({
          method: 'PUT',
          url: `${BASE}/self`,
          headers: as(viewer),
          payload: { version: 0, scores: [{ code: '1.1.1', score: 1, note: 'x' }] },
        })
      ).statusCode,
    ).toBe(403);
    const list = (await app.inject({ method: 'GET', url: `/api/index/sets/${SET}/assessments`, headers: as(yte) })).json();
    expect(list.map((x: { agencyId: string }) => x.agencyId)).toEqual(['so-y-te']);
    // a commune set does not apply to a department
    const snv = await signIn(app, 'snv.tonghop');
    expect((await app.inject({ method: 'GET', url: '/api/index/sets/2026-cap-xa/assessments/so-khcn', headers: as(snv) })).statusCode).toBe(422);
    // the results of another province, or of a group the agency is not in, are absent for an agency's account
    const results = (set: string, province: string) =>
      app.inject({ method: 'GET', url: `/api/index/sets/${set}/provinces/${province}/results`, headers: as(yte) });
    expect((await results(SET, 'ninh-thuan')).statusCode).toBe(200);
    expect((await results(SET, 'khanh-hoa')).statusCode).toBe(404);
    expect((await results('2026-cap-xa', 'ninh-thuan')).statusCode).toBe(404);
    expect((await results(SET, 'so-y-te')).statusCode).toBe(404);
    const kh = await signIn(app, 'kh.admin');
    expect((await app.inject({ method: 'GET', url: `/api/index/sets/${SET}/provinces/ninh-thuan/results`, headers: as(kh) })).statusCode).toBe(404);
    // the comparison across years and publication stay the Sở Nội vụ's
    expect((await app.inject({ method: 'GET', url: '/api/index/provinces/ninh-thuan/compare?group=departments', headers: as(yte) })).statusCode).toBe(
      404,
    );
    expect(
      (await app.inject({ method: 'POST', url: `/api/index/sets/${SET}/provinces/ninh-thuan/publish`, headers: as(yte), payload: {} })).statusCode,
    ).toBe(404);
    expect(
      (await app.inject({ method: 'POST', url: `/api/index/sets/${SET}/provinces/ninh-thuan/publish`, headers: as(snv), payload: {} })).statusCode,
    ).toBe(409);
  });
});
