/**
 * An import into a round report (existing, or created by the import) writes as an autosave does (report-write.ts, `writeCellBatch`): the status
 * a save leads to (a returned report stays returned, one not started becomes a draft), the version bumped once, the
 * signer of the file taken (a file without one keeps the report's), the narrative replaced in the same transaction,
 * and one audit row 'import-report' with the cells, the status and the narrative before, the file and cells after.
 */
import { expect, it } from 'vitest';
import { onBothEngines } from '../test-support/both-engines.js';
import { actorFor } from '../test-support/world.js';
import { listAudit } from './repositories/audit.repository.js';
import { getNarrative, getReport, getValues, listReports } from './repositories/report.repository.js';
import { saveImport } from './services/import.service.js';
import { saveNarrative, saveValues } from './services/report.service.js';
import { createRound } from './services/round.service.js';

const TEMPLATE = 'quang-tri-forms-2022';

onBothEngines('an import into a round through the autosave write', (engine) => {
  async function setUp() {
    const { ctx } = await engine.world();
    const admin = await actorFor(ctx, 'admin');
    const reporter = await actorFor(ctx, 'khcn.baocao');
    const round = await createRound(ctx, admin, { templateId: TEMPLATE, period: { year: 2022, kind: 'H1' }, agencyIds: ['so-khcn'] });
    const reportId = (await listReports(ctx.db, { agencyIds: ['so-khcn'], roundId: round.id }))[0]!.id;
    const body = (version: number, extra: { signer?: string | null; narrative?: { heading: string; level: number; body: string }[] } = {}) => ({
      templateId: TEMPLATE,
      agencyId: 'so-khcn',
      roundId: round.id,
      version,
      period: { year: 2022, kind: 'H1' as const },
      cells: [
        { rowId: '7/6.7.1', raw: '41' },
        { rowId: '6/1.2', raw: '12', note: 'ghi chú \uD800' },
      ],
      narrative: extra.narrative ?? [],
      signer: extra.signer ?? null,
      source: 'bao-cao.docx',
    });
    return { ctx, reporter, reportId, body };
  }

  it('bumps the version once, keeps the signer and narrative of a file without them, and audits the import', async () => {
    const { ctx, reporter, reportId, body } = await setUp();
    await saveValues(ctx, reporter, reportId, 1, [{ rowId: '7/6.7.1', raw: '5' }]);
    await saveNarrative(ctx, reporter, reportId, 2, [{ heading: 'Kết quả', level: 1, body: 'Bản nháp.' }]);
    await ctx.db.updateTable('reports').set({ signer: 'Người ký cũ', status: 'returned' }).where('id', '=', reportId).execute();

    const { report, created } = await saveImport(ctx, reporter, body(3));
    expect(created).toBe(false);
    // a returned report stays returned when saved (the workflow's save), as an autosave leaves it
    expect(report).toMatchObject({ id: reportId, version: 4, status: 'returned', signer: 'Người ký cũ' });
    expect((await getNarrative(ctx.db, reportId)).map((s) => s.body)).toEqual(['Bản nháp.']);
    const values = new Map((await getValues(ctx.db, reportId)).map((v) => [v.row_id, v]));
    expect(values.get('7/6.7.1')).toMatchObject({ raw: '41', status: 'reported', updated_by: 'acc-khcn.baocao' });
    expect(values.get('6/1.2')!.note).toBe('ghi chú \uFFFD');
    expect(values.get('6/1.2')!.provenance).toMatchObject({ source: 'import', file: 'bao-cao.docx' });

    const audit = (await listAudit(ctx.db, { entity: 'report', entityId: reportId })).filter((e) => e.action === 'import-report');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_id: 'acc-khcn.baocao',
      before: {
        version: 3,
        status: 'returned',
        cells: [
          { rowId: '7/6.7.1', raw: '5', value: 5 },
          { rowId: '6/1.2', raw: '', status: 'not-reported' },
        ],
      },
      after: {
        version: 4,
        file: 'bao-cao.docx',
        cells: [
          { rowId: '7/6.7.1', raw: '41', value: 41 },
          { rowId: '6/1.2', raw: '12', value: 12 },
        ],
      },
    });
    expect(audit[0]!.before).not.toHaveProperty('narrative');
    // no 'save-values' row for the import: one write, one audit row
    expect((await listAudit(ctx.db, { entity: 'report', entityId: reportId })).map((e) => e.action).filter((a) => a === 'save-values')).toHaveLength(
      1,
    );
  });

  it('takes the signer and narrative of the file, with the narrative before in the audit row', async () => {
    const { ctx, reporter, reportId, body } = await setUp();
    await saveNarrative(ctx, reporter, reportId, 1, [{ heading: 'Cũ', level: 1, body: 'Bản nháp.' }]);
    const { report } = await saveImport(
      ctx,
      reporter,
      body(2, { signer: 'Nguyễn Văn A', narrative: [{ heading: 'Mới', level: 1, body: 'Từ tệp.' }] }),
    );
    expect(report).toMatchObject({ version: 3, status: 'draft', signer: 'Nguyễn Văn A' });
    expect((await getNarrative(ctx.db, reportId)).map((s) => s.heading)).toEqual(['Mới']);
    const [row] = (await listAudit(ctx.db, { entity: 'report', entityId: reportId })).filter((e) => e.action === 'import-report');
    expect(row).toMatchObject({ before: { version: 2, narrative: [{ heading: 'Cũ' }] }, after: { version: 3, narrative: [{ heading: 'Mới' }] } });
  });

  it('refuses a stale import with nothing written', async () => {
    const { ctx, reporter, reportId, body } = await setUp();
    await saveValues(ctx, reporter, reportId, 1, [{ rowId: '7/6.7.1', raw: '5' }]);
    await expect(saveImport(ctx, reporter, body(1))).rejects.toMatchObject({ status: 409, code: 'stale-version', details: { currentVersion: 2 } });
    expect(await getReport(ctx.db, reportId)).toMatchObject({ version: 2 });
    expect((await listAudit(ctx.db, { entity: 'report', entityId: reportId })).filter((e) => e.action === 'import-report')).toHaveLength(0);
  });

  it('creates a report the round lacks through the same write: version 2, a draft, one import-report audit row', async () => {
    const { ctx, reporter, reportId, body } = await setUp();
    // a round opened without this agency's report (an agency added to the round later)
    const { round_id: roundId } = (await getReport(ctx.db, reportId))!;
    await ctx.db.deleteFrom('reports').where('id', '=', reportId).execute();
    const { report, created } = await saveImport(ctx, reporter, { ...body(1), version: undefined, signer: 'Nguyễn Văn A' });
    expect(created).toBe(true);
    // as if the round had opened it (version 1, not started) and it had been saved once
    expect(report).toMatchObject({ version: 2, status: 'draft', source: 'import', signer: 'Nguyễn Văn A', round_id: roundId });
    const values = new Map((await getValues(ctx.db, report.id)).map((v) => [v.row_id, v]));
    expect(values.get('7/6.7.1')).toMatchObject({ raw: '41', status: 'reported', updated_by: 'acc-khcn.baocao' });
    expect(values.get('6/1.2')!.note).toBe('ghi chú \uFFFD');
    const audit = await listAudit(ctx.db, { entity: 'report', entityId: report.id });
    expect(audit.map((e) => e.action)).toEqual(['import-report']);
    expect(audit[0]).toMatchObject({
      before: {
        version: 1,
        status: 'not-started',
        cells: [
          { rowId: '7/6.7.1', status: 'not-reported' },
          { rowId: '6/1.2', status: 'not-reported' },
        ],
      },
      after: {
        version: 2,
        file: 'bao-cao.docx',
        cells: [
          { rowId: '7/6.7.1', raw: '41' },
          { rowId: '6/1.2', raw: '12' },
        ],
      },
    });
    // a second import that read "no report" is now stale
    await expect(saveImport(ctx, reporter, { ...body(1), version: undefined })).rejects.toMatchObject({ status: 409, code: 'stale-version' });
  });
});
