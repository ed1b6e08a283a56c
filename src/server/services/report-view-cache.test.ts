/**
 * Reading a report again is served from memory while nothing it depends on changed (report.service.ts's view cache,
 * the presenter's JSON): the same answer as computed afresh, and a new answer as soon as the report, its comments or
 * the accepted reports of its agency and of the agencies merged into it change.
 */
import type { FastifyInstance } from 'fastify';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { reportSchema } from '../../shared/api-schemas.js';
import { onBothEngines } from '../../test-support/both-engines.js';
import { as, openRound, signIn, type TestSession } from '../../test-support/http.js';
import type { Context } from '../context.js';
import { insertComment } from '../repositories/submission.repository.js';
import { presentReport } from '../presenters/report.presenter.js';
import { viewReport } from './report.service.js';
import { actorFor, insertAcceptedReport, insertFormerDepartment } from '../../test-support/world.js';

const acceptedReport = (ctx: Context, id: string, agencyId: string, year: number, figures: Record<string, number>) =>
  insertAcceptedReport(ctx, { id, agencyId, templateId: 'ninh-thuan-7s-2023', year, kind: 'H1', figures });

onBothEngines('a report read again', (engine) => {
  it('is the view computed afresh, and changes with the report, its comments and its agency’s accepted reports', async () => {
    const { ctx, app } = (await engine.world()) as { ctx: Context; app: FastifyInstance };
    const snv = await signIn(app, 'snv.tonghop');
    const round = await openRound(app, snv, { templateId: 'ninh-thuan-7s-2023', period: { year: 2023, kind: 'H1' }, agencyIds: ['so-khcn'] });
    const reporter = await signIn(app, 'khcn.baocao');
    const [report] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json<
      { id: string; version: number }[]
    >();
    const read = async (session: TestSession = reporter) => {
      const response = await app.inject({ method: 'GET', url: `/api/reports/${report!.id}`, headers: as(session) });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      return response.body;
    };
    /** The answer computed without any memory: a fresh database handle on the same data has an empty cache. */
    const fresh = async () => {
      const view = await viewReport({ ...ctx, db: ctx.db.withoutPlugins() }, await actorFor(ctx, 'khcn.baocao'), report!.id);
      return JSON.stringify(z.encode(reportSchema, presentReport(view)));
    };

    const saved = await app.inject({
      method: 'PUT',
      url: `/api/reports/${report!.id}/values`,
      headers: as(reporter),
      payload: { version: report!.version, cells: [{ rowId: '3.1.1', raw: '150' }] },
    });
    expect(saved.statusCode).toBe(200);
    const first = await read();
    expect(await read()).toBe(first);
    expect(first).toBe(await fresh());
    expect(JSON.parse(first).findings.some((f: { kind: string }) => f.kind === 'outlier')).toBe(false);

    // the agency's history appears (accepted reports inserted without touching this report): the outlier is seen
    await acceptedReport(ctx, 'h1-2021', 'so-khcn', 2021, { '3.1.1': 10 });
    await acceptedReport(ctx, 'h1-2022', 'so-khcn', 2022, { '3.1.1': 9 });
    const withHistory = await read();
    expect(withHistory).not.toBe(first);
    expect(withHistory).toBe(await fresh());
    expect(JSON.parse(withHistory).findings.map((f: { rule: string }) => f.rule)).toContain('outlier:3.1.1');

    // so is a predecessor's: an agency merged into this one
    await insertFormerDepartment(ctx, { id: 'so-khcn-cu', name: 'Sở Khoa học (cũ)', validTo: '2019-12-31', successorId: 'so-khcn' });
    await acceptedReport(ctx, 'h1-2019', 'so-khcn-cu', 2019, { '3.1.1': 11 });
    const withPredecessor = await read();
    expect(withPredecessor).not.toBe(withHistory);
    expect(withPredecessor).toBe(await fresh());
    expect(JSON.parse(withPredecessor).findings.find((f: { rule: string }) => f.rule === 'outlier:3.1.1').message).toContain('2019: 11');

    // a comment, added without a version bump
    await insertComment(ctx.db, {
      id: 'c-1',
      reportId: report!.id,
      rowId: '3.1.1',
      authorId: 'acc-snv.tonghop',
      kind: 'comment',
      body: 'Số liệu tăng bất thường.',
      at: ctx.clock.now(),
    });
    const withComment = await read();
    expect(JSON.parse(withComment).comments.map((c: { body: string }) => c.body)).toEqual(['Số liệu tăng bất thường.']);
    expect(withComment).toBe(await fresh());

    // a write of the report itself, through another session
    const leader = await signIn(app, 'khcn.duyet');
    const version = JSON.parse(withComment).version as number;
    const rewritten = await app.inject({
      method: 'PUT',
      url: `/api/reports/${report!.id}/values`,
      headers: as(leader),
      payload: { version, cells: [{ rowId: '3.1.1', raw: '10' }] },
    });
    expect(rewritten.statusCode).toBe(200);
    const after = await read();
    expect(JSON.parse(after).version).toBe(version + 1);
    expect(JSON.parse(after).values.find((v: { rowId: string }) => v.rowId === '3.1.1').raw).toBe('10');
    expect(JSON.parse(after).findings.map((f: { rule: string }) => f.rule)).not.toContain('outlier:3.1.1');
    expect(after).toBe(await fresh());
    expect(await read(leader)).toBe(after);

    // memory gives no one a report outside their agencies
    const other = await signIn(app, 'yte.baocao');
    expect((await app.inject({ method: 'GET', url: `/api/reports/${report!.id}`, headers: as(other) })).statusCode).toBe(404);
  });
});
