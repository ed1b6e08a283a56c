/**
 * Import in the browser, through the API: upload → preview (read in a worker thread) → fix cells → save as the report
 * of an agency in a round, or as accepted history; bad files refused with the importer's Vietnamese message; nobody
 * saves outside their agencies; every save audited.
 */
import { readFileSync } from 'node:fs';
import { storeTemplates } from '../repositories/template.repository.js';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { expectation as yteExpectation } from '../../../test/fixtures/ninh-thuan_so-y-te_2023-h1.expected.js';
import { expectation as tuphapExpectation } from '../../../test/fixtures/ninh-thuan_so-tu-phap_2022-q3.expected.js';
import type { ImportPreviewDto } from '../../shared/import-schemas.js';
import { as, openRound, signIn, type TestSession } from '../../test-support/http.js';
import { testEngines } from '../../test-support/test-database.js';
import { buildWorld } from '../../test-support/world.js';
import { buildApp } from '../app.js';
import { listAudit } from '../repositories/audit.repository.js';
import { setStatus } from '../repositories/report.repository.js';
import { matchAgency } from '../services/import.service.js';
import { importRunnerStats, runImportJob } from '../services/import-worker-pool.js';
import { ServiceError } from '../services/service-error.js';
import { templateLibrary } from '../../templates/template-loader.js';
import type { Agency } from '../repositories/agency.repository.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

function multipart(fileName: string, bytes: Uint8Array, contentType = 'application/octet-stream') {
  const boundary = `----cchc${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(app: FastifyInstance, who: TestSession, fileName: string, bytes: Uint8Array) {
  const body = multipart(fileName, bytes);
  return app.inject({
    method: 'POST',
    url: '/api/imports/preview',
    headers: { ...as(who), 'content-type': body.contentType },
    payload: body.payload,
  });
}

/** The save body an officer's page sends for a preview: every mapped row, raw and own note, the narrative. */
function saveBody(
  preview: ImportPreviewDto,
  target: { agencyId: string; roundId: string | null; version?: number | null },
  fixes: Record<string, string> = {},
) {
  return {
    templateId: preview.template.id,
    agencyId: target.agencyId,
    roundId: target.roundId,
    ...(target.version !== undefined ? { version: target.version } : {}),
    period: preview.period!,
    cells: preview.rows.filter((r) => r.rowId !== null).map((r) => ({ rowId: r.rowId!, raw: fixes[r.rowId!] ?? r.raw, note: r.ownNote })),
    narrative: preview.narrative,
    signer: preview.document.signer,
    source: preview.source,
  };
}

describe('matching the recognised agency', () => {
  const agency = (id: string, name: string, province: string | null, validTo: string | null = null) =>
    ({ id, name, province, valid_to: validTo, short_name: null }) as unknown as Agency;
  it('ignores diacritics, case and a trailing province, and keeps to the recognised province', () => {
    const agencies = [
      agency('a', 'Sở Y tế', 'Ninh Thuận'),
      agency('b', 'SỞ Y TẾ tỉnh Khánh Hòa', 'Khánh Hòa'),
      agency('c', 'Sở Tư pháp', 'Ninh Thuận'),
    ];
    expect(matchAgency(agencies, { name: 'So y te', province: 'Khánh Hòa' })?.id).toBe('b');
    expect(matchAgency(agencies, { name: 'Sở Y tế', province: 'Ninh Thuận' })?.id).toBe('a');
    expect(matchAgency(agencies, { name: 'Sở Tư Pháp', province: null })?.id).toBe('c');
    expect(matchAgency(agencies, { name: 'Sở Tư pháp', province: 'Quảng Trị' })).toBeUndefined();
    expect(matchAgency(agencies, { name: null, province: 'Ninh Thuận' })).toBeUndefined();
  });
});

describe('the import runner', () => {
  const input = () => ({ bytes: fixture('ninh-thuan_so-tu-phap_2022-q3.txt'), fileName: 'ninh-thuan_so-tu-phap_2022-q3.txt' });

  it('gives up on an import that takes too long, and stops its worker', async () => {
    const error = await runImportJob(input(), { templates: templateLibrary().templates, timeoutMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ status: 422, code: 'import-timeout' });
  });

  it('keeps a worker warm for the next upload', async () => {
    const before = { ...importRunnerStats };
    const first = await runImportJob(input(), { templates: templateLibrary().templates });
    const second = await runImportJob(input(), { templates: templateLibrary().templates });
    expect(first).toEqual(second);
    expect(importRunnerStats.worker - before.worker).toBe(2);
    expect(importRunnerStats.spawned - before.spawned).toBeLessThanOrEqual(1);
  });

  it('imports in-process, and says so, only when no worker can start', async () => {
    vi.resetModules();
    vi.doMock('node:worker_threads', async (original) => ({
      ...(await original<typeof import('node:worker_threads')>()),
      Worker: class {
        constructor() {
          throw new Error('threads are not available here');
        }
      },
    }));
    try {
      const service = await import('../services/import-worker-pool.js');
      const logged: string[] = [];
      const outcome = await service.runImportJob(input(), { templates: templateLibrary().templates, log: (m) => logged.push(m) });
      expect(outcome.ok && outcome.result.template.id).toBe('ninh-thuan-7s-2022');
      expect(service.importRunnerStats).toEqual({ worker: 0, inProcess: 1, spawned: 0 });
      expect(logged).toEqual([expect.stringContaining('import worker could not start')]);
    } finally {
      vi.doUnmock('node:worker_threads');
      vi.resetModules();
    }
  });
});

for (const engine of testEngines()) {
  describe(`import in the browser, through the API, on ${engine.name}`, () => {
    afterAll(() => engine.dispose());

    async function world() {
      const database = await engine.fresh();
      const ctx = await buildWorld(database);
      const app = await buildApp(ctx, { loginLimit: { max: 100, timeWindowMs: 60_000 } });
      return {
        ctx,
        app,
        async close() {
          await app.close();
          await database.close();
        },
      };
    }

    it('recognises a report against the versions the database holds, one derived in the browser included', async () => {
      const { ctx, app, close } = await world();
      try {
        const base = templateLibrary().templates.find((t) => t.id === 'ninh-thuan-7s-2022')!;
        // a version derived from 1 July 2022 (same rows): the one in force for a third-quarter report
        await storeTemplates(ctx.db, [{ ...base, id: 'ninh-thuan-7s-2022-07', name: `${base.name} (sửa đổi)`, effectiveFrom: '2022-07-01' }]);
        const yte = await signIn(app, 'yte.baocao');
        const response = await upload(app, yte, 'ninh-thuan_so-tu-phap_2022-q3.txt', fixture('ninh-thuan_so-tu-phap_2022-q3.txt'));
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().template.id).toBe('ninh-thuan-7s-2022-07');
      } finally {
        await close();
      }
    }, 60_000);

    it('previews a text report in a worker and saves it into the agency’s round, re-reading every cell', async () => {
      const { ctx, app, close } = await world();
      try {
        const snv = await signIn(app, 'snv.tonghop');
        const yte = await signIn(app, 'yte.baocao');
        const round = await openRound(app, snv, {
          templateId: 'ninh-thuan-7s-2023',
          period: { year: 2023, kind: 'H1' },
          agencyIds: ['so-y-te', 'so-khcn'],
        });

        const workersBefore = importRunnerStats.worker;
        const response = await upload(app, yte, 'ninh-thuan_so-y-te_2023-h1.txt', fixture('ninh-thuan_so-y-te_2023-h1.txt'));
        expect(response.statusCode, response.body).toBe(200);
        // read off the request thread
        expect(importRunnerStats.worker).toBe(workersBefore + 1);
        const preview = response.json() as ImportPreviewDto;
        expect(preview).toMatchObject({
          source: 'ninh-thuan_so-y-te_2023-h1.txt',
          template: { id: yteExpectation.template },
          agency: yteExpectation.agency,
          period: yteExpectation.period,
          document: { number: '/BC-SYT', signer: 'Lê Thị Hồng Vân' },
          matchedAgencyId: 'so-y-te',
          suggestedRoundId: round.id,
          problems: [],
        });
        expect(preview.rows.map((r) => r.rowId)).toEqual(yteExpectation.rows.map((r) => r.id));
        expect(preview.rows.find((r) => r.rowId === '1.1.2')).toMatchObject({
          raw: '14',
          value: 14,
          note: '18 nhiệm vụ đang triển khai',
          unsure: false,
        });
        // "6 đơn vị (…)": several numbers, unsure; the words are the note, moved out of the value cell
        expect(preview.rows.find((r) => r.rowId === '1.2.1')).toMatchObject({
          value: 6,
          unsure: true,
          ownNote: null,
          flags: expect.arrayContaining(['several-numbers']),
        });
        expect(preview.findings.map((f) => [f.rule, f.severity])).toEqual([['sum:3.1.3', 'error']]);
        expect(preview.narrative.length).toBeGreaterThan(3);

        // a value parsed in the browser is not accepted: only raw text goes up
        const tampered = saveBody(preview, { agencyId: 'so-y-te', roundId: round.id });
        const withValue = await app.inject({
          method: 'POST',
          url: '/api/imports/save',
          headers: as(yte),
          payload: { ...tampered, cells: [{ rowId: '3.1.3', raw: '184', value: 999 }] },
        });
        expect(withValue.statusCode).toBe(400);
        expect(withValue.json().detail).toBe('Dữ liệu gửi lên không hợp lệ.');
        const unknown = await app.inject({
          method: 'POST',
          url: '/api/imports/save',
          headers: as(yte),
          payload: { ...tampered, cells: [{ rowId: '99.9', raw: '1' }] },
        });
        expect(unknown.statusCode).toBe(422);

        // the consolidator may not write an agency's round report
        const bySnv = await app.inject({
          method: 'POST',
          url: '/api/imports/save',
          headers: as(snv),
          payload: saveBody(preview, { agencyId: 'so-y-te', roundId: round.id }),
        });
        expect(bySnv.statusCode).toBe(403);

        // the save carries the version of the round's report the page read: none, or an old one, is refused with the
        // current state, and nothing is written
        for (const version of [undefined, null, 2]) {
          const stale = await app.inject({
            method: 'POST',
            url: '/api/imports/save',
            headers: as(yte),
            payload: saveBody(preview, { agencyId: 'so-y-te', roundId: round.id, version }),
          });
          expect(stale.statusCode, `version ${version}`).toBe(409);
          expect(stale.json()).toMatchObject({ code: 'stale-version', currentVersion: 1, reportStatus: 'not-started' });
        }

        // the officer fixes the provincial-level count (15 → 17, so the parts add up to 186) and saves into the round
        ctx.clock.advance(60_000);
        const saved = await app.inject({
          method: 'POST',
          url: '/api/imports/save',
          headers: as(yte),
          payload: saveBody(preview, { agencyId: 'so-y-te', roundId: round.id, version: 1 }, { '3.1.3/cap-xa': '17' }),
        });
        expect(saved.statusCode, saved.body).toBe(200);
        expect(saved.json()).toMatchObject({ agencyId: 'so-y-te', roundId: round.id, status: 'draft', version: 2, templateId: 'ninh-thuan-7s-2023' });
        const report = (await app.inject({ method: 'GET', url: `/api/reports/${saved.json().id}`, headers: as(yte) })).json();
        const cell = (rowId: string) => report.values.find((v: { rowId: string }) => v.rowId === rowId);
        expect(cell('3.1.3/cap-xa')).toMatchObject({ raw: '17', value: 17, status: 'reported' });
        expect(cell('1.1.2')).toMatchObject({ value: 14, note: '18 nhiệm vụ đang triển khai' });
        // the words of "6 đơn vị (…)" are put back into the note by the server's own reading
        expect(cell('1.2.1')).toMatchObject({ value: 6, note: 'đơn vị (02 phòng chuyên môn và 04 bệnh viện tuyến tỉnh)' });
        expect(cell('2.1')).toMatchObject({ raw: '02/02', value: 2, note: '02/02' });
        expect(report.findings).toEqual([]);
        expect(report.signer).toBe('Lê Thị Hồng Vân');
        expect(report.narrative).toEqual(preview.narrative);

        // another agency's report in the same round is out of reach
        const foreign = await app.inject({
          method: 'POST',
          url: '/api/imports/save',
          headers: as(yte),
          payload: saveBody(preview, { agencyId: 'so-khcn', roundId: round.id, version: 1 }),
        });
        expect(foreign.statusCode).toBe(404);
        expect(foreign.json().detail).toBe('Không tìm thấy dữ liệu yêu cầu.');

        const audit = (await listAudit(ctx.db, { entity: 'report', entityId: report.id })).filter((e) => e.action === 'import-report');
        expect(audit).toHaveLength(1);
        expect(audit[0]).toMatchObject({
          actor_id: 'acc-yte.baocao',
          before: { version: 1, status: 'not-started' },
          after: { version: 2, file: 'ninh-thuan_so-y-te_2023-h1.txt' },
        });
        expect((audit[0]!.after as { cells: { rowId: string; value: number | null }[] }).cells).toContainEqual(
          expect.objectContaining({ rowId: '3.1.3/cap-xa', value: 17 }),
        );

        // once submitted, the report is locked for an import too
        await setStatus(ctx.db, report.id, 'submitted');
        const locked = await app.inject({
          method: 'POST',
          url: '/api/imports/save',
          headers: as(yte),
          payload: saveBody(preview, { agencyId: 'so-y-te', roundId: round.id, version: 2 }),
        });
        expect(locked.statusCode).toBe(409);
        expect(locked.json()).toMatchObject({ code: 'report-locked', detail: 'Báo cáo đã nộp hoặc đã được duyệt nên không sửa được.' });
      } finally {
        await close();
      }
    }, 60_000);

    it('says so when the appendix fits no template, and marks every row to check', async () => {
      const { app, close } = await world();
      try {
        const yte = await signIn(app, 'yte.baocao');
        const budget = [
          'SỞ Y TẾ',
          'Số: 12/BC-SYT',
          'Ninh Thuận, ngày 10 tháng 6 năm 2023',
          'BÁO CÁO',
          'Tình hình chi tiêu văn phòng 6 tháng đầu năm 2023',
          'STT\tNội dung chi\tĐơn vị tính\tSố tiền\tGhi chú',
          '1.\tVăn phòng phẩm\tĐồng\t12.500.000\t',
          '2.\tXăng xe công tác\tĐồng\t8.200.000\t',
          '3.\tSửa chữa máy in\tĐồng\t1.750.000\t',
          '4.\tĐiện, nước\tĐồng\t6.300.000\t',
        ].join('\n');
        const response = await upload(app, yte, 'chi-tieu.txt', Buffer.from(budget, 'utf8'));
        expect(response.statusCode, response.body).toBe(200);
        const preview = response.json() as ImportPreviewDto;
        expect(preview.problems).toEqual([
          expect.objectContaining({
            rule: 'import:template-fit',
            severity: 'warning',
            message: expect.stringMatching(/không khớp với mẫu báo cáo nào/u),
          }),
        ]);
        expect(preview.rows.length).toBeGreaterThan(0);
        expect(preview.rows.every((r) => r.unsure)).toBe(true);
      } finally {
        await close();
      }
    }, 60_000);

    it('creates the agency’s report of a round that has none, with its audit row', async () => {
      const { ctx, app, close } = await world();
      try {
        const snv = await signIn(app, 'snv.tonghop');
        const yte = await signIn(app, 'yte.baocao');
        const round = await openRound(app, snv, { templateId: 'ninh-thuan-7s-2023', period: { year: 2023, kind: 'H1' }, agencyIds: ['so-y-te'] });
        // a round whose report for the agency is missing (opened before the agency joined it, say)
        await ctx.db.deleteFrom('reports').where('round_id', '=', round.id).where('agency_id', '=', 'so-y-te').execute();
        const preview = (
          await upload(app, yte, 'ninh-thuan_so-y-te_2023-h1.txt', fixture('ninh-thuan_so-y-te_2023-h1.txt'))
        ).json() as ImportPreviewDto;

        // a page that believes a report exists is told it does not
        const believed = await app.inject({
          method: 'POST',
          url: '/api/imports/save',
          headers: as(yte),
          payload: saveBody(preview, { agencyId: 'so-y-te', roundId: round.id, version: 3 }),
        });
        expect(believed.statusCode).toBe(409);
        expect(believed.json()).toMatchObject({ code: 'stale-version' });

        const saved = await app.inject({
          method: 'POST',
          url: '/api/imports/save',
          headers: as(yte),
          payload: saveBody(preview, { agencyId: 'so-y-te', roundId: round.id, version: null }),
        });
        expect(saved.statusCode, saved.body).toBe(201);
        const report = saved.json();
        // created as the round would have (version 1, not started) and saved once through the autosave's write
        expect(report).toMatchObject({ agencyId: 'so-y-te', roundId: round.id, status: 'draft', version: 2 });
        const audit = (await listAudit(ctx.db, { entity: 'report', entityId: report.id })).filter((e) => e.action === 'import-report');
        expect(audit).toHaveLength(1);
        expect(audit[0]).toMatchObject({
          actor_id: 'acc-yte.baocao',
          before: { version: 1, status: 'not-started' },
          after: { version: 2, file: 'ninh-thuan_so-y-te_2023-h1.txt' },
        });
        expect((audit[0]!.after as { cells: { rowId: string }[] }).cells.length).toBe(yteExpectation.rows.length);
      } finally {
        await close();
      }
    }, 60_000);

    it('previews a DOCX report and saves it as history for the Sở Nội vụ, once per period', async () => {
      const { ctx, app, close } = await world();
      try {
        const snv = await signIn(app, 'snv.tonghop');
        const response = await upload(app, snv, 'ninh-thuan_so-y-te_2023-h1.docx', fixture('docx/ninh-thuan_so-y-te_2023-h1.docx'));
        expect(response.statusCode, response.body).toBe(200);
        const preview = response.json() as ImportPreviewDto;
        expect(preview).toMatchObject({
          template: { id: 'ninh-thuan-7s-2023' },
          agency: { name: 'Sở Y tế', province: 'Ninh Thuận' },
          period: { year: 2023, kind: 'H1' },
          matchedAgencyId: 'so-y-te',
        });
        expect(preview.suggestedRoundId).toBeUndefined();
        expect(preview.rows.map((r) => r.rowId)).toEqual(yteExpectation.rows.map((r) => r.id));

        // an agency's officer may not write history
        const yte = await signIn(app, 'yte.baocao');
        expect(
          (
            await app.inject({
              method: 'POST',
              url: '/api/imports/save',
              headers: as(yte),
              payload: saveBody(preview, { agencyId: 'so-y-te', roundId: null }),
            })
          ).statusCode,
        ).toBe(403);
        // an agency of another province does not exist for this Sở Nội vụ, nor this province's for theirs
        const outside = await app.inject({
          method: 'POST',
          url: '/api/imports/save',
          headers: as(snv),
          payload: saveBody(preview, { agencyId: 'kh-so-y-te', roundId: null }),
        });
        expect(outside.statusCode).toBe(404);
        const kh = await signIn(app, 'kh.admin');
        expect(
          (
            await app.inject({
              method: 'POST',
              url: '/api/imports/save',
              headers: as(kh),
              payload: saveBody(preview, { agencyId: 'so-y-te', roundId: null }),
            })
          ).statusCode,
        ).toBe(404);
        // a write without the CSRF token is refused
        expect(
          (
            await app.inject({
              method: 'POST',
              url: '/api/imports/save',
              headers: { cookie: snv.cookie },
              payload: saveBody(preview, { agencyId: 'so-y-te', roundId: null }),
            })
          ).statusCode,
        ).toBe(403);

        // text PostgreSQL cannot store is refused before it reaches the database
        const nul = saveBody(preview, { agencyId: 'so-y-te', roundId: null });
        const withNul = await app.inject({
          method: 'POST',
          url: '/api/imports/save',
          headers: as(snv),
          payload: { ...nul, cells: [{ rowId: '1.1.1', raw: '3\u00002' }], narrative: [{ heading: 'I.', level: 1, body: 'x\u0000' }] },
        });
        expect(withNul.statusCode).toBe(400);

        const saved = await app.inject({
          method: 'POST',
          url: '/api/imports/save',
          headers: as(snv),
          payload: saveBody(preview, { agencyId: 'so-y-te', roundId: null }),
        });
        expect(saved.statusCode, saved.body).toBe(201);
        expect(saved.json()).toMatchObject({
          agencyId: 'so-y-te',
          roundId: null,
          status: 'accepted',
          period: { year: 2023, kind: 'H1' },
          templateId: 'ninh-thuan-7s-2023',
        });
        const id = saved.json().id as string;
        const report = (await app.inject({ method: 'GET', url: `/api/reports/${id}`, headers: as(yte) })).json();
        expect(report.values).toHaveLength(yteExpectation.rows.length);
        for (const row of yteExpectation.rows) {
          const cell = report.values.find((v: { rowId: string }) => v.rowId === row.id);
          expect([row.id, cell.value, cell.status]).toEqual([row.id, row.value, row.status]);
        }
        // the inconsistency the file carries is kept as it was reported
        expect(report.findings.map((f: { rule: string }) => f.rule)).toEqual(['sum:3.1.3']);
        const stored = await ctx.db.selectFrom('reports').select(['source', 'accepted_at']).where('id', '=', id).executeTakeFirstOrThrow();
        expect(stored.source).toBe('import');
        expect(stored.accepted_at).not.toBeNull();

        const again = await app.inject({
          method: 'POST',
          url: '/api/imports/save',
          headers: as(snv),
          payload: saveBody(preview, { agencyId: 'so-y-te', roundId: null }),
        });
        expect(again.statusCode).toBe(409);
        expect(again.json()).toMatchObject({ code: 'report-exists', existingReportId: id });

        const audit = await listAudit(ctx.db, { entity: 'report', entityId: id });
        expect(audit.map((e) => [e.action, e.actor_id])).toEqual([['import-history', 'acc-snv.tonghop']]);
        expect(audit[0]!.after).toMatchObject({ status: 'accepted', round_id: null, file: 'ninh-thuan_so-y-te_2023-h1.docx' });
      } finally {
        await close();
      }
    }, 60_000);

    it('recognises a DOCX of an agency the province does not have, without matching one', async () => {
      const { app, close } = await world();
      try {
        const snv = await signIn(app, 'snv.tonghop');
        const response = await upload(app, snv, 'ninh-thuan_so-tu-phap_2022-q3.docx', fixture('docx/ninh-thuan_so-tu-phap_2022-q3.docx'));
        expect(response.statusCode, response.body).toBe(200);
        const preview = response.json() as ImportPreviewDto;
        expect(preview).toMatchObject({
          template: { id: tuphapExpectation.template },
          agency: tuphapExpectation.agency,
          period: tuphapExpectation.period,
          document: { number: '245/BC-STP' },
        });
        expect(preview.matchedAgencyId).toBeUndefined();
        expect(preview.rows.map((r) => r.rowId)).toEqual(tuphapExpectation.rows.map((r) => r.id));
        expect(preview.findings).toEqual([]);
      } finally {
        await close();
      }
    }, 60_000);

    it('refuses bad files with the importer’s Vietnamese message, and those who may not import', async () => {
      const { app, close } = await world();
      try {
        const snv = await signIn(app, 'snv.tonghop');
        const refusal = async (response: Awaited<ReturnType<typeof upload>>, status: number, detail: string) => {
          expect(response.statusCode, response.body).toBe(status);
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/u);
          expect(response.json().detail).toBe(detail);
        };
        await refusal(
          await upload(app, snv, 'bao-cao.pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n')),
          400,
          'Tệp PDF bị hỏng hoặc không đúng định dạng.',
        );
        await refusal(await upload(app, snv, 'rong.txt', new Uint8Array()), 400, 'Tệp không có nội dung.');
        await refusal(
          await upload(app, snv, 'thu.txt', Buffer.from('Kính gửi: Sở Nội vụ\n\nSở Y tế báo cáo kết quả như sau:\n\nKhông có phụ lục.\n')),
          400,
          'Không tìm thấy bảng phụ lục thống kê số liệu trong tệp.',
        );
        await refusal(await upload(app, snv, 'lon.txt', Buffer.alloc(20 * 1024 * 1024 + 10, 0x41)), 413, 'Tệp quá lớn (tối đa 20 MB).');
        const json = await app.inject({ method: 'POST', url: '/api/imports/preview', headers: as(snv), payload: { file: 'abc' } });
        await refusal(json, 415, 'Hãy gửi tệp báo cáo dưới dạng biểu mẫu tải tệp (multipart/form-data).');

        const cut = await app.inject({
          method: 'POST',
          url: '/api/imports/preview',
          headers: { ...as(snv), 'content-type': 'multipart/form-data; boundary=x' },
          payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc',
        });
        await refusal(cut, 400, 'Dữ liệu tải lên không hợp lệ hoặc bị gián đoạn. Hãy chọn lại tệp rồi thử lại.');

        const viewer = await signIn(app, 'khcn.xem');
        const byViewer = await upload(app, viewer, 'ninh-thuan_so-y-te_2023-h1.txt', fixture('ninh-thuan_so-y-te_2023-h1.txt'));
        expect(byViewer.statusCode).toBe(403);
        expect(byViewer.json().detail).toBe('Bạn không có quyền thực hiện thao tác này.');
        const noCsrf = multipart('a.txt', fixture('ninh-thuan_so-y-te_2023-h1.txt'));
        expect(
          (
            await app.inject({
              method: 'POST',
              url: '/api/imports/preview',
              headers: { cookie: snv.cookie, 'content-type': noCsrf.contentType },
              payload: noCsrf.payload,
            })
          ).statusCode,
        ).toBe(403);
        expect(
          (
            await app.inject({
              method: 'POST',
              url: '/api/imports/preview',
              headers: { 'content-type': noCsrf.contentType },
              payload: noCsrf.payload,
            })
          ).statusCode,
        ).toBe(401);
      } finally {
        await close();
      }
    }, 60_000);
  });
}
