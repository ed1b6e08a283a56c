/**
 * Autosaves through the group commit, on both engines: writes that arrive together are written by one statement and
 * each is answered as if it had been alone — its own version, its own audit row with the cells before and after, its
 * own refusal when its report moved on, its own error when its text is bad.
 */
import type { FastifyInstance } from 'fastify';
import { beforeEach, expect, it } from 'vitest';
import { onBothEngines, type WorldContext } from '../../test-support/both-engines.js';
import { as, signIn, type TestSession } from '../../test-support/http.js';
import { actorFor } from '../../test-support/world.js';
import { listAudit } from '../repositories/audit.repository.js';
import { getValues, listReports } from '../repositories/report.repository.js';
import { createRound } from './round.service.js';
import { valueWriterOf } from './value-writer.js';

const TEMPLATE = 'quang-tri-forms-2022';

onBothEngines('group commit of autosaves', (engine) => {
  let ctx: WorldContext;
  let app: FastifyInstance;
  let reporter: TestSession;
  let reports: string[];
  beforeEach(async () => {
    ({ ctx, app } = await engine.world({ app: { engine: engine.name } }));
    const admin = await actorFor(ctx, 'admin');
    reports = [];
    // four rounds, so the reporter has four reports of its own to write at once
    for (const year of [2019, 2020, 2021, 2022]) {
      const round = await createRound(ctx, admin, { templateId: TEMPLATE, period: { year, kind: 'H1' }, agencyIds: ['so-khcn'] });
      reports.push((await listReports(ctx.db, { agencyIds: ['so-khcn'], roundId: round.id }))[0]!.id);
    }
    reporter = await signIn(app, 'khcn.baocao');
  });

  const put = (id: string, version: number, cells: { rowId: string; raw: string; note?: string }[], minimal = true) =>
    app.inject({
      method: 'PUT',
      url: `/api/reports/${id}/values`,
      headers: { ...as(reporter), ...(minimal ? { prefer: 'return=minimal' } : {}) },
      payload: { version, cells },
    });

  it('writes autosaves of several reports together, each answered with its own version, cells and audit row', async () => {
    const writer = valueWriterOf(ctx.db, ctx.engine);
    const batchesBefore = writer.batches;
    const answers = await Promise.all(
      reports.map((id, i) =>
        put(id, 1, [
          { rowId: '7/6.7.1', raw: String(50 + i) },
          { rowId: '6/1.2', raw: '6.786,875', note: 'Đến 15/9' },
        ]),
      ),
    );
    for (const [i, answer] of answers.entries()) {
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['preference-applied']).toBe('return=minimal');
      expect(answer.json()).toEqual({
        id: reports[i],
        version: 2,
        status: 'draft',
        cells: [
          { rowId: '7/6.7.1', raw: String(50 + i), value: 50 + i, status: 'reported', note: null },
          { rowId: '6/1.2', raw: '6.786,875', value: 6786.875, status: 'reported', note: 'Đến 15/9' },
        ],
      });
    }
    // through HTTP the four may or may not arrive in one turn of the event loop (that is timing): at most one
    // statement each; the grouping itself is asserted below, where the writes arrive together by construction
    expect(writer.batches - batchesBefore).toBeLessThanOrEqual(reports.length);
    for (const [i, id] of reports.entries()) {
      const stored = await getValues(ctx.db, id);
      expect(stored.map((v) => [v.row_id, v.raw, Number(v.value), v.updated_by])).toEqual([
        ['6/1.2', '6.786,875', 6786.875, 'acc-khcn.baocao'],
        ['7/6.7.1', String(50 + i), 50 + i, 'acc-khcn.baocao'],
      ]);
      const audit = await listAudit(ctx.db, { entity: 'report', entityId: id });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'save-values', actor_id: 'acc-khcn.baocao' });
      expect(audit[0]!.at).toEqual(ctx.clock.now());
      expect(audit[0]!.before).toEqual({
        version: 1,
        cells: [
          { rowId: '7/6.7.1', raw: '', value: null, status: 'not-reported', note: null },
          { rowId: '6/1.2', raw: '', value: null, status: 'not-reported', note: null },
        ],
      });
      expect(audit[0]!.after).toEqual({
        version: 2,
        cells: [
          { rowId: '7/6.7.1', raw: String(50 + i), value: 50 + i, status: 'reported', note: null },
          { rowId: '6/1.2', raw: '6.786,875', value: 6786.875, status: 'reported', note: 'Đến 15/9' },
        ],
      });
    }
    // the next write records what the first one left, and the last write of a row twice in one request wins
    const next = await put(reports[0]!, 2, [
      { rowId: '7/6.7.1', raw: '7' },
      { rowId: '7/6.7.1', raw: '8' },
    ]);
    expect(next.json()).toMatchObject({ version: 3, cells: [{ rowId: '7/6.7.1', raw: '8', value: 8 }] });
    expect((await getValues(ctx.db, reports[0]!)).find((v) => v.row_id === '7/6.7.1')!.raw).toBe('8');
    const audit = await listAudit(ctx.db, { entity: 'report', entityId: reports[0]! });
    expect(audit[1]!.before).toEqual({
      version: 2,
      cells: [
        { rowId: '7/6.7.1', raw: '50', value: 50, status: 'reported', note: null },
        { rowId: '7/6.7.1', raw: '50', value: 50, status: 'reported', note: null },
      ],
    });
  });

  it('writes the autosaves that arrive in one turn of the event loop with one statement', async () => {
    const writer = valueWriterOf(ctx.db, ctx.engine);
    const batchesBefore = writer.batches;
    const now = ctx.clock.now();
    const outcomes = await Promise.all(
      reports.map((reportId, i) =>
        writer.write({
          reportId,
          version: 1,
          agencyId: 'so-khcn',
          templateId: TEMPLATE,
          actorId: 'acc-khcn.baocao',
          now,
          writes: [{ rowId: '7/6.7.1', raw: String(60 + i), cell: { value: 60 + i, status: 'reported', note: null, decimals: 0 }, provenance: null }],
        }),
      ),
    );
    expect(outcomes).toHaveLength(reports.length);
    expect(writer.batches - batchesBefore).toBe(1);
    for (const [i, id] of reports.entries()) {
      expect((await getValues(ctx.db, id)).map((v) => [v.row_id, v.raw])).toEqual([['7/6.7.1', String(60 + i)]]);
    }
  });

  it('gives one of two writers of the same version 200 and the other 409 with the current state, in one batch or two', async () => {
    const [a, b] = await Promise.all([put(reports[0]!, 1, [{ rowId: '7/6.7.1', raw: '1' }]), put(reports[0]!, 1, [{ rowId: '7/6.7.1', raw: '2' }])]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    const winner = a.statusCode === 200 ? '1' : '2';
    expect(loser.json()).toMatchObject({
      code: 'stale-version',
      currentVersion: 2,
      current: { version: 2, values: [{ rowId: '7/6.7.1', raw: winner }] },
    });
    expect(await listAudit(ctx.db, { entity: 'report', entityId: reports[0]! })).toHaveLength(1);
  });

  it('fails a write with bad text alone: the others of its batch are written', async () => {
    const answers = await Promise.all([
      put(reports[0]!, 1, [{ rowId: '7/6.7.1', raw: '11' }]),
      put(reports[1]!, 1, [{ rowId: '7/6.7.1', raw: 'a\u0000b' }]),
      put(reports[2]!, 1, [{ rowId: '7/6.7.1', raw: '13' }]),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 400, 200]);
    expect(answers[1]!.json()).toMatchObject({ code: 'invalid-text' });
    expect((await getValues(ctx.db, reports[0]!)).map((v) => v.raw)).toEqual(['11']);
    expect(await getValues(ctx.db, reports[1]!)).toEqual([]);
    expect((await getValues(ctx.db, reports[2]!)).map((v) => v.raw)).toEqual(['13']);
    expect(await listAudit(ctx.db, { entity: 'report', entityId: reports[1]! })).toEqual([]);
  });

  it('refuses a write to a submitted report with 409, and a foreign report with 404, whatever the batch', async () => {
    expect((await put(reports[0]!, 1, [{ rowId: '7/6.7.1', raw: '5' }])).statusCode).toBe(200);
    const approver = await signIn(app, 'khcn.duyet');
    const submit = await app.inject({ method: 'POST', url: `/api/reports/${reports[0]}/submit`, headers: as(approver), payload: { version: 2 } });
    expect(submit.statusCode, submit.body).toBe(200);
    const other = await signIn(app, 'yte.baocao');
    const [locked, ok, foreign] = await Promise.all([
      put(reports[0]!, 3, [{ rowId: '7/6.7.1', raw: '6' }]),
      put(reports[1]!, 1, [{ rowId: '7/6.7.1', raw: '6' }]),
      app.inject({
        method: 'PUT',
        url: `/api/reports/${reports[2]}/values`,
        headers: { ...as(other), prefer: 'return=minimal' },
        payload: { version: 1, cells: [{ rowId: '7/6.7.1', raw: '6' }] },
      }),
    ]);
    expect(locked.statusCode).toBe(409);
    expect(locked.json()).toMatchObject({ code: 'report-locked', reportStatus: 'submitted' });
    expect(ok.statusCode).toBe(200);
    expect(foreign.statusCode).toBe(404);
    expect((await getValues(ctx.db, reports[0]!)).map((v) => v.raw)).toEqual(['5']);
    expect(await getValues(ctx.db, reports[2]!)).toEqual([]);
  });

  it('answers the whole report, checks included, without the Prefer header', async () => {
    const full = await put(reports[0]!, 1, [{ rowId: '7/6.7.1', raw: '53' }], false);
    expect(full.statusCode).toBe(200);
    expect(full.headers['preference-applied']).toBeUndefined();
    expect(full.json()).toMatchObject({
      id: reports[0],
      version: 2,
      status: 'draft',
      values: [{ rowId: '7/6.7.1', value: 53 }],
      narrative: [],
      comments: [],
    });
    expect(Array.isArray(full.json().findings)).toBe(true);
  });
});
