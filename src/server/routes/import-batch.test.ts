/**
 * A whole archive through the browser's API: a zip (or many files) uploaded at once becomes a batch read in the
 * background; the sure documents are saved with one action, the held ones fixed and saved or discarded one by one;
 * the queue is in the database (another consolidator of the province sees it, another province does not); nothing is
 * saved twice (the same request again, the same file in another batch); every saved value remembers where in which
 * file it stood.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import { expect, it } from 'vitest';
import type { ImportBatchDocumentDetailDto, ImportBatchDto } from '../../shared/import-schemas.js';
import type { CellProvenanceDto } from '../../shared/provenance-schemas.js';
import { onBothEngines } from '../../test-support/both-engines.js';
import { as, signIn, type TestSession } from '../../test-support/http.js';
import { listReports } from '../repositories/report.repository.js';
import { batchReadsSettled } from '../services/import-queue.service.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

/** Sở Y tế Ninh Thuận, H1 2023: an agency of the test world (sure). */
const YTE = 'ninh-thuan_so-y-te_2023-h1.txt';
/** Sở Tư pháp Ninh Thuận: no such agency in the test world (held for review). */
const TUPHAP = 'ninh-thuan_so-tu-phap_2022-q3.txt';

function multipart(files: readonly { name: string; bytes: Uint8Array }[]) {
  const boundary = `----cchc${Math.random().toString(16).slice(2)}`;
  const parts = files.flatMap((f) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.from(f.bytes),
    Buffer.from('\r\n'),
  ]);
  return { payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function zipOf(entries: Record<string, Uint8Array | string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, bytes] of Object.entries(entries)) zip.file(name, bytes);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

function uploadBatch(app: FastifyInstance, who: TestSession, files: readonly { name: string; bytes: Uint8Array }[]) {
  const body = multipart(files);
  return app.inject({
    method: 'POST',
    url: '/api/imports/batches',
    headers: { ...as(who), 'content-type': body.contentType },
    payload: body.payload,
  });
}

async function readBatch(app: FastifyInstance, who: TestSession, id: string): Promise<ImportBatchDto> {
  await batchReadsSettled();
  const response = await app.inject({ method: 'GET', url: `/api/imports/batches/${id}`, headers: as(who) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

const bySource = (batch: ImportBatchDto, end: string) => batch.documents.find((d) => d.source.endsWith(end))!;

onBothEngines('an archive imported through the browser', (engine) => {
  it('plans a zip into sure and held, saves the sure ones and the reviewed ones once each, with their provenance', async () => {
    const { app, ctx } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const archive = await zipOf({
      [`2023/${YTE}`]: fixture(YTE),
      [`2022/${TUPHAP}`]: fixture(TUPHAP),
      'ghi-chu.txt': 'Kính gửi: Sở Nội vụ\n\nKhông có phụ lục.\n',
      'long-nhau.zip': await zipOf({ 'a.txt': 'x' }),
    });
    const created = await uploadBatch(app, snv, [{ name: 'luu-tru.zip', bytes: archive }]);
    expect(created.statusCode, created.body).toBe(202);
    const batchId = (created.json() as ImportBatchDto).id;
    expect((created.json() as ImportBatchDto).total).toBe(4);

    const batch = await readBatch(app, snv, batchId);
    expect(batch).toMatchObject({ status: 'ready', total: 4, read: 4 });
    expect(batch.counts).toMatchObject({ sure: 1, held: 1, failed: 2, saved: 0 });
    expect(bySource(batch, YTE)).toMatchObject({
      source: `luu-tru.zip/2023/${YTE}`,
      state: 'sure',
      agencyId: 'so-y-te',
      period: { year: 2023, kind: 'H1' },
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/u),
    });
    expect(bySource(batch, TUPHAP)).toMatchObject({ state: 'held', reason: 'no-agency', message: expect.stringContaining('Sở Tư pháp') });
    expect(bySource(batch, 'ghi-chu.txt')).toMatchObject({ state: 'failed', reason: 'no-appendix' });
    expect(bySource(batch, 'long-nhau.zip')).toMatchObject({ state: 'failed', message: expect.stringContaining('Tệp nén nằm trong tệp nén') });

    // the queue is in the database: another consolidator of the province sees it; another province's admin does not
    const admin = await signIn(app, 'admin');
    expect((await readBatch(app, admin, batchId)).documents).toHaveLength(4);
    const other = await signIn(app, 'kh.admin');
    expect((await app.inject({ method: 'GET', url: `/api/imports/batches/${batchId}`, headers: as(other) })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/imports/batches', headers: as(other) })).json()).toEqual([]);
    const officer = await signIn(app, 'khcn.baocao');
    expect((await app.inject({ method: 'GET', url: `/api/imports/batches/${batchId}`, headers: as(officer) })).statusCode).toBe(403);

    // the sure one, in one action
    const afterSure = await app.inject({ method: 'POST', url: `/api/imports/batches/${batchId}/save-sure`, headers: as(snv) });
    expect(afterSure.statusCode, afterSure.body).toBe(200);
    const yte = bySource(afterSure.json(), YTE);
    expect(yte).toMatchObject({ state: 'saved', reportId: expect.any(String) });
    const report = (await app.inject({ method: 'GET', url: `/api/reports/${yte.reportId}`, headers: as(snv) })).json();
    expect(report).toMatchObject({ agencyId: 'so-y-te', status: 'accepted', period: { year: 2023, kind: 'H1' } });
    const provenance = report.provenance as CellProvenanceDto[];
    expect(provenance.length).toBe(report.values.length);
    expect(provenance[0]).toMatchObject({ file: `luu-tru.zip/2023/${YTE}`, sha256: yte.sha256, format: 'text', batchId, edited: false });
    // a line and the value's column of the text table
    expect(provenance.every((p) => p.at.length > 0 && p.at.every((at) => at.line! > 0 && at.column! >= 1))).toBe(true);
    // again: nothing more is saved
    const again = await app.inject({ method: 'POST', url: `/api/imports/batches/${batchId}/save-sure`, headers: as(snv) });
    expect(bySource(again.json(), YTE).reportId).toBe(yte.reportId);

    // the held one, reviewed: its preview, the agency chosen, one value fixed, saved
    const tuphap = bySource(batch, TUPHAP);
    const detail = (
      await app.inject({ method: 'GET', url: `/api/imports/batches/${batchId}/documents/${tuphap.id}`, headers: as(admin) })
    ).json() as ImportBatchDocumentDetailDto;
    const preview = detail.preview!;
    expect(preview.sha256).toBe(tuphap.sha256);
    const rows = preview.rows.filter((r) => r.rowId !== null);
    const fixed = rows.find((r) => r.value !== null)!;
    const body = {
      templateId: preview.template.id,
      agencyId: 'so-khcn',
      period: preview.period!,
      cells: rows.map((r) => ({ rowId: r.rowId!, raw: r.rowId === fixed.rowId ? '999' : r.raw, note: r.ownNote })),
      narrative: preview.narrative,
      signer: preview.document.signer,
    };
    const url = `/api/imports/batches/${batchId}/documents/${tuphap.id}/save`;
    // two consolidators press save at once: one report
    const [first, second] = await Promise.all([
      app.inject({ method: 'POST', url, headers: as(snv), payload: body }),
      app.inject({ method: 'POST', url, headers: as(admin), payload: body }),
    ]);
    const answers = [first, second].map((r) => r.statusCode).sort();
    expect(answers[0]).toBe(200);
    const saved = [first, second].find((r) => r.statusCode === 200)!.json();
    expect(saved).toMatchObject({ state: 'saved', agencyId: 'so-khcn' });
    // the one that lost the race was told it is being saved, or answered with the saved document
    for (const r of [first, second]) if (r.statusCode !== 200) expect(r.json()).toMatchObject({ status: 409, code: 'document-state' });
    const third = await app.inject({ method: 'POST', url, headers: as(snv), payload: body });
    expect(third.json()).toMatchObject({ state: 'saved', reportId: saved.reportId });
    const reviewed = (await app.inject({ method: 'GET', url: `/api/reports/${saved.reportId}`, headers: as(snv) })).json();
    const cells = new Map((reviewed.provenance as CellProvenanceDto[]).map((p) => [p.rowId, p]));
    expect(cells.get(fixed.rowId!)).toMatchObject({ edited: true, doubtful: fixed.unsure, at: fixed.at });
    expect([...cells.values()].filter((p) => p.edited)).toHaveLength(1);

    // the unreadable ones are discarded; discarding again changes nothing
    const notes = bySource(batch, 'ghi-chu.txt');
    const discard = `/api/imports/batches/${batchId}/documents/${notes.id}/discard`;
    expect((await app.inject({ method: 'POST', url: discard, headers: as(snv) })).json()).toMatchObject({ state: 'discarded' });
    expect((await app.inject({ method: 'POST', url: discard, headers: as(snv) })).json()).toMatchObject({ state: 'discarded' });
    // a saved document cannot be discarded
    const savedDiscard = await app.inject({ method: 'POST', url: `/api/imports/batches/${batchId}/documents/${yte.id}/discard`, headers: as(snv) });
    expect(savedDiscard.statusCode).toBe(409);

    // the same files uploaded again: recognised by their bytes as saved, never saved twice
    const reportsBefore = (await listReports(ctx.db, { agencyIds: 'all' })).length;
    const repeat = await uploadBatch(app, admin, [
      { name: YTE, bytes: fixture(YTE) },
      { name: `ban-sao-${TUPHAP}`, bytes: fixture(TUPHAP) },
    ]);
    expect(repeat.statusCode, repeat.body).toBe(202);
    const repeated = await readBatch(app, admin, (repeat.json() as ImportBatchDto).id);
    expect(repeated.counts).toMatchObject({ saved: 2, sure: 0, held: 0 });
    expect(bySource(repeated, YTE)).toMatchObject({ reason: 'already-saved', reportId: yte.reportId });
    expect(bySource(repeated, TUPHAP)).toMatchObject({ reason: 'already-saved', reportId: saved.reportId });
    await app.inject({ method: 'POST', url: `/api/imports/batches/${repeated.id}/save-sure`, headers: as(admin) });
    expect((await listReports(ctx.db, { agencyIds: 'all' })).length).toBe(reportsBefore);

    // the list: newest first, with progress
    const list = (await app.inject({ method: 'GET', url: '/api/imports/batches', headers: as(snv) })).json() as ImportBatchDto[];
    expect(list.map((b) => b.id)).toEqual([repeated.id, batchId]);
    expect(list[1]).toMatchObject({ total: 4, read: 4, counts: { saved: 2, discarded: 1, failed: 1 } });
  });

  it('holds a second document for the same agency and period, and refuses a save over an accepted report', async () => {
    const { app } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const docx = fixture('docx/ninh-thuan_so-y-te_2023-h1.docx');
    const created = await uploadBatch(app, snv, [
      { name: YTE, bytes: fixture(YTE) },
      { name: 'so-y-te.docx', bytes: docx },
    ]);
    const batch = await readBatch(app, snv, (created.json() as ImportBatchDto).id);
    expect(batch.documents.map((d) => [d.state, d.reason])).toEqual([
      ['held', 'duplicate'],
      ['held', 'duplicate'],
    ]);
    // the DOCX's provenance: the table, row and column of each value
    const detail = (
      await app.inject({ method: 'GET', url: `/api/imports/batches/${batch.id}/documents/${batch.documents[1]!.id}`, headers: as(snv) })
    ).json();
    const located = (detail as ImportBatchDocumentDetailDto).preview!.rows.filter((r) => r.rowId && r.raw);
    expect(located.every((r) => r.at!.length === 1 && r.at![0]!.table! >= 1 && r.at![0]!.row! >= 1 && r.at![0]!.column! >= 1)).toBe(true);

    const save = async (documentId: string) => {
      const preview = (
        (
          await app.inject({ method: 'GET', url: `/api/imports/batches/${batch.id}/documents/${documentId}`, headers: as(snv) })
        ).json() as ImportBatchDocumentDetailDto
      ).preview!;
      return app.inject({
        method: 'POST',
        url: `/api/imports/batches/${batch.id}/documents/${documentId}/save`,
        headers: as(snv),
        payload: {
          templateId: preview.template.id,
          agencyId: 'so-y-te',
          period: preview.period,
          cells: preview.rows.filter((r) => r.rowId).map((r) => ({ rowId: r.rowId, raw: r.raw, note: r.ownNote })),
          narrative: preview.narrative,
          signer: preview.document.signer,
        },
      });
    };
    expect((await save(batch.documents[0]!.id)).statusCode).toBe(200);
    // the other is for the same agency and period: refused, and back in the queue with why
    const refused = await save(batch.documents[1]!.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'report-exists' });
    const after = await readBatch(app, snv, batch.id);
    expect(after.documents[1]).toMatchObject({ state: 'held', reason: 'report-exists', message: expect.stringContaining('đã có báo cáo') });
  });

  it('refuses an upload of too many files, a file over the limit, and a body without files, in Vietnamese', async () => {
    const { app } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const many = Array.from({ length: 201 }, (_, i) => ({ name: `bao-cao-${i}.txt`, bytes: Buffer.from('x') }));
    const tooMany = await uploadBatch(app, snv, many);
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json().detail).toContain('tối đa 200 tệp');
    const large = await uploadBatch(app, snv, [{ name: 'lon.txt', bytes: Buffer.alloc(20 * 1024 * 1024 + 10, 0x41) }]);
    expect(large.statusCode).toBe(413);
    expect(large.json().detail).toContain('quá lớn');
    const none = await uploadBatch(app, snv, []);
    expect(none.statusCode).toBe(400);
    expect(none.json().detail).toBe('Chưa chọn tệp báo cáo để tải lên.');
    const json = await app.inject({ method: 'POST', url: '/api/imports/batches', headers: as(snv), payload: { files: [] } });
    expect(json.statusCode).toBe(415);
    const officer = await signIn(app, 'khcn.baocao');
    expect((await uploadBatch(app, officer, [{ name: YTE, bytes: fixture(YTE) }])).statusCode).toBe(403);
  });
});
