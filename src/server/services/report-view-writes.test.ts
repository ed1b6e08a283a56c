/**
 * A report read right after a write sees it, whatever the write was (report.service.ts's view cache): on the embedded
 * database an unchanged report is served from memory without a query while nothing at all was written since its stamp
 * was checked (db/write-generation.ts), and checked again after any write; on PostgreSQL it is checked on every read.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { reportSchema } from '../../shared/api-schemas.js';
import { onBothEngines } from '../../test-support/both-engines.js';
import { as, openRound, signIn } from '../../test-support/http.js';
import { actorFor, insertAcceptedReport, insertFormerDepartment } from '../../test-support/world.js';
import { restoreBackup, writeBackup } from '../backup/backup.js';
import type { Context } from '../context.js';
import type { OpenDatabase } from '../db/open-database.js';
import { writeGenerationOf } from '../db/write-generation.js';
import { presentReport, reportJson } from '../presenters/report.presenter.js';
import { setAgencySuccessor, updateAgency, getAgency } from '../repositories/agency.repository.js';
import { insertComment } from '../repositories/submission.repository.js';
import { storeTemplates } from '../repositories/template.repository.js';
import { viewReport } from './report.service.js';

const TEMPLATE = 'ninh-thuan-7s-2023';

onBothEngines('a report read right after a write', (engine) => {
  it('sees every kind of write; on the embedded database repeated reads with no write between run no query', async () => {
    const { ctx, app, database } = (await engine.world()) as { ctx: Context; app: FastifyInstance; database: OpenDatabase };
    const embedded = engine.name === 'pglite';
    const writes = writeGenerationOf(database.db);
    expect(writes !== undefined).toBe(embedded);
    const stamped = (sent: readonly string[]) => sent.some((text) => text.includes('view_stamp'));

    const snv = await signIn(app, 'snv.tonghop');
    const reporter = await signIn(app, 'khcn.baocao');
    const leader = await signIn(app, 'khcn.duyet');
    const round = await openRound(app, snv, { templateId: TEMPLATE, period: { year: 2023, kind: 'H1' }, agencyIds: ['so-khcn'] });
    const [listed] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json<{ id: string }[]>();
    const id = listed!.id;
    const actor = await actorFor(ctx, 'khcn.baocao');

    /** The report as a read answers it now (the route's JSON), and the statements that read sent (embedded database). */
    const read = async () => {
      const sent: string[] = [];
      const stop = writes?.observe((text) => sent.push(text));
      try {
        const json = reportJson(await viewReport(ctx, actor, id));
        return { json, report: JSON.parse(json) as z.infer<typeof reportSchema>, sent };
      } finally {
        stop?.();
      }
    };
    /** The answer computed without any memory: another handle on the same database has an empty cache. */
    const fresh = async () =>
      JSON.stringify(z.encode(reportSchema, presentReport(await viewReport({ ...ctx, db: ctx.db.withoutPlugins() }, actor, id))));
    /**
     * Reads the report (twice: the second from memory, with no query at all on the embedded database), makes the
     * write, and reads it again: the stamp is checked again (unless the write answered with the report, which checked
     * it), and the answer is the one computed afresh.
     */
    const afterWrite = async (write: () => Promise<unknown>, { answersView = false } = {}) => {
      const first = await read();
      const again = await read();
      expect(again.json).toBe(first.json);
      // from memory: not one statement, the stamp's included
      if (embedded) expect(again.sent).toEqual([]);
      const generation = writes?.value;
      await write();
      // the write moved the generation on: the next read checks the stamp again (or the writer's own answer did)
      if (writes) expect(writes.value).toBeGreaterThan(generation!);
      const after = await read();
      // checked again: by this read, or already by the write's own answer (the report as it now is)
      if (embedded && !answersView) expect(stamped(after.sent)).toBe(true);
      expect(after.json).toBe(await fresh());
      return after.report;
    };
    const put = async (cells: { rowId: string; raw: string }[]) => {
      const response = await app.inject({
        method: 'PUT',
        url: `/api/reports/${id}/values`,
        headers: { ...as(reporter), prefer: 'return=minimal' },
        payload: { version: (await read()).report.version, cells },
      });
      expect(response.statusCode, response.body).toBe(200);
    };
    const move = async (who: typeof snv, action: string, payload: object = {}) => {
      const response = await app.inject({
        method: 'POST',
        url: `/api/reports/${id}/${action}`,
        headers: as(who),
        payload: { version: (await read()).report.version, ...payload },
      });
      expect(response.statusCode, response.body).toBe(200);
    };
    const valueOf = (report: z.infer<typeof reportSchema>, rowId: string) => report.values.find((v) => v.rowId === rowId)?.raw;
    const rules = (report: z.infer<typeof reportSchema>) => report.findings.map((f) => f.rule);

    // an autosave (the group commit's one statement)
    let report = await afterWrite(() => put([{ rowId: '3.1.1', raw: '150' }]));
    expect(valueOf(report, '3.1.1')).toBe('150');
    const backup = join(mkdtempSync(join(tmpdir(), 'cchc-view-writes-')), 'before.cchc');
    await writeBackup(ctx.db, backup, { engine: engine.name });

    // the narrative
    report = await afterWrite(
      async () => {
        const version = (await read()).report.version;
        const response = await app.inject({
          method: 'PUT',
          url: `/api/reports/${id}/narrative`,
          headers: as(reporter),
          payload: { version, sections: [{ heading: 'Kết quả', level: 1, body: 'Đã tiếp nhận 150 hồ sơ.' }] },
        });
        expect(response.statusCode, response.body).toBe(200);
      },
      { answersView: true },
    );
    expect(report.narrative.map((s) => s.body)).toEqual(['Đã tiếp nhận 150 hồ sơ.']);

    // a comment (no version bump)
    report = await afterWrite(() =>
      insertComment(ctx.db, {
        id: 'c-1',
        reportId: id,
        rowId: '3.1.1',
        authorId: 'acc-snv.tonghop',
        kind: 'comment',
        body: 'Tăng bất thường?',
        at: ctx.clock.now(),
      }),
    );
    expect(report.comments.map((c) => c.body)).toEqual(['Tăng bất thường?']);

    // the agency's history: a report inserted as accepted, then one imported through the API
    await afterWrite(() =>
      insertAcceptedReport(ctx, { id: 'h1-2021', agencyId: 'so-khcn', templateId: TEMPLATE, year: 2021, kind: 'H1', figures: { '3.1.1': 10 } }),
    );
    report = await afterWrite(async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/imports/save',
        headers: as(snv),
        payload: {
          templateId: TEMPLATE,
          agencyId: 'so-khcn',
          roundId: null,
          period: { year: 2022, kind: 'H1' },
          cells: [{ rowId: '3.1.1', raw: '9' }],
          narrative: [],
          signer: null,
        },
      });
      expect(response.statusCode, response.body).toBeLessThan(300);
    });
    expect(rules(report)).toContain('outlier:3.1.1');

    // the agency tree: a former agency with its own history, merged into this one, and a rename
    await afterWrite(async () => {
      await insertFormerDepartment(ctx, { id: 'so-khcn-cu', name: 'Sở Khoa học (cũ)', validTo: '2019-12-31', successorId: null });
      await insertAcceptedReport(ctx, {
        id: 'h1-2019',
        agencyId: 'so-khcn-cu',
        templateId: TEMPLATE,
        year: 2019,
        kind: 'H1',
        figures: { '3.1.1': 11 },
      });
    });
    report = await afterWrite(() => setAgencySuccessor(ctx.db, 'so-khcn-cu', 'so-khcn'));
    expect(report.findings.find((f) => f.rule === 'outlier:3.1.1')?.message).toContain('2019: 11');
    await afterWrite(async () => {
      const { id: _id, created_at: _created, ...fields } = (await getAgency(ctx.db, 'so-khcn'))!;
      await updateAgency(ctx.db, 'so-khcn', { ...fields, name: 'Sở Khoa học, Công nghệ và Đổi mới sáng tạo' });
    });

    // a new template version (templates are data too)
    await afterWrite(() => storeTemplates(ctx.db, [{ ...ctx.templates.templates.find((t) => t.id === TEMPLATE)!, id: `${TEMPLATE}-copy` }]));

    // the report's status: sent to the leader, submitted, returned with a reason
    report = await afterWrite(() => move(reporter, 'send-to-leader'), { answersView: true });
    expect(report.sentToLeader).not.toBeNull();
    const explanations = report.findings.filter((f) => f.severity === 'error').map((f) => ({ rule: f.rule, text: 'Đúng như vậy.' }));
    report = await afterWrite(() => move(leader, 'submit', { explanations }), { answersView: true });
    expect(report.status).toBe('submitted');
    report = await afterWrite(() => move(snv, 'return', { reasons: [{ rowId: '3.1.1', text: 'Kiểm tra lại số liệu.' }] }), { answersView: true });
    expect(report.status).toBe('returned');
    expect(report.comments.map((c) => c.body)).toContain('Kiểm tra lại số liệu.');

    // raw SQL through another handle on the same database, without a version bump
    report = await afterWrite(() => sql`update reports set signer = 'Nguyễn Văn Ký' where id = ${id}`.execute(ctx.db.withoutPlugins()));
    expect(report.signer).toBe('Nguyễn Văn Ký');

    // a write and a read at the same time, then a read: the write is seen
    await read();
    const version = (await read()).report.version;
    const [saved] = await Promise.all([
      app.inject({
        method: 'PUT',
        url: `/api/reports/${id}/values`,
        headers: { ...as(reporter), prefer: 'return=minimal' },
        payload: { version, cells: [{ rowId: '3.1.1', raw: '12' }] },
      }),
      read(),
      read(),
    ]);
    expect(saved.statusCode, saved.body).toBe(200);
    const settled = await read();
    expect(valueOf(settled.report, '3.1.1')).toBe('12');
    expect(settled.json).toBe(await fresh());

    // the database restored from the backup taken after the first autosave: everything since is gone
    report = await afterWrite(() => restoreBackup(ctx.db, backup, { force: true }));
    expect(report).toMatchObject({ status: 'draft', narrative: [], comments: [], signer: null });
    expect(valueOf(report, '3.1.1')).toBe('150');
    expect(rules(report)).not.toContain('outlier:3.1.1');
  });

  it('answers the route from memory as it would afresh, and gives no one a report outside their agencies', async () => {
    const { ctx, app, database } = (await engine.world()) as { ctx: Context; app: FastifyInstance; database: OpenDatabase };
    const snv = await signIn(app, 'snv.tonghop');
    const round = await openRound(app, snv, { templateId: TEMPLATE, period: { year: 2023, kind: 'H1' }, agencyIds: ['so-khcn'] });
    const reporter = await signIn(app, 'khcn.baocao');
    const other = await signIn(app, 'yte.baocao');
    const [listed] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json<{ id: string }[]>();
    const get = (session: typeof reporter) => app.inject({ method: 'GET', url: `/api/reports/${listed!.id}`, headers: as(session) });
    const first = await get(reporter);
    expect(first.statusCode).toBe(200);
    expect((await get(other)).statusCode).toBe(404);

    const writes = writeGenerationOf(database.db);
    const sent: string[] = [];
    const stop = writes?.observe((text, read) => sent.push(`${read ? 'read' : 'write'}: ${text}`));
    for (let i = 0; i < 3; i++) {
      const again = await get(reporter);
      expect(again.statusCode).toBe(200);
      expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(again.body).toBe(first.body);
      // the view from memory still checks who reads it
      const refused = await get(other);
      expect(refused.statusCode).toBe(404);
      expect(refused.body).not.toContain('"values"');
    }
    stop?.();
    // on the embedded database: no stamp, no write (a session may be read again once its few seconds in memory end)
    expect(sent.filter((s) => s.startsWith('write') || s.includes('view_stamp'))).toEqual([]);
    if (engine.name === 'pglite') expect(writes).toBeDefined();
    const view = await viewReport({ ...ctx, db: ctx.db.withoutPlugins() }, await actorFor(ctx, 'khcn.baocao'), listed!.id);
    expect(first.body).toBe(JSON.stringify(z.encode(reportSchema, presentReport(view))));
  });
});
