/**
 * A lone UTF-16 surrogate cannot be stored as UTF-8: the database holds U+FFFD in its place. An autosave acknowledges
 * what is stored — the minimal answer's cells and the full answer's values are what a later read returns — and a
 * well-formed pair (an emoji) is kept as sent.
 */
import type { FastifyInstance } from 'fastify';
import { beforeEach, describe, expect, it } from 'vitest';
import { onBothEngines, type WorldContext } from '../test-support/both-engines.js';
import { as, signIn, type TestSession } from '../test-support/http.js';
import { actorFor } from '../test-support/world.js';
import { getValues, listReports } from './repositories/report.repository.js';
import { createRound } from './services/round.service.js';
import { storableText } from './services/report-write.js';

const TEMPLATE = 'quang-tri-forms-2022';

describe('storableText', () => {
  it('replaces lone surrogates only', () => {
    expect(storableText('\uD800abc')).toBe('\uFFFDabc');
    expect(storableText('abc\uDC00')).toBe('abc\uFFFD');
    expect(storableText('a\uDBFF\uDBFFb')).toBe('a\uFFFD\uFFFDb');
    expect(storableText('ok 😀 \uD83D\uDE00')).toBe('ok 😀 😀');
    expect(storableText('Sở Y tế')).toBe('Sở Y tế');
  });
});

onBothEngines('a lone surrogate in an autosave', (engine) => {
  let ctx: WorldContext;
  let app: FastifyInstance;
  let reporter: TestSession;
  let reportId: string;
  beforeEach(async () => {
    ({ ctx, app } = await engine.world());
    const admin = await actorFor(ctx, 'admin');
    const round = await createRound(ctx, admin, { templateId: TEMPLATE, period: { year: 2022, kind: 'H1' }, agencyIds: ['so-khcn'] });
    reportId = (await listReports(ctx.db, { agencyIds: ['so-khcn'], roundId: round.id }))[0]!.id;
    reporter = await signIn(app, 'khcn.baocao');
  });

  const put = (version: number, minimal: boolean) =>
    app.inject({
      method: 'PUT',
      url: `/api/reports/${reportId}/values`,
      headers: { ...as(reporter), ...(minimal ? { prefer: 'return=minimal' } : {}) },
      payload: {
        version,
        cells: [
          { rowId: '7/6.7.1', raw: '\uD800abc', note: 'ghi chú \uDC00 😀' },
          { rowId: '6/1.2', raw: '12' },
        ],
      },
    });
  const read = async () =>
    (await app.inject({ method: 'GET', url: `/api/reports/${reportId}`, headers: as(reporter) })).json() as {
      version: number;
      values: { rowId: string; raw: string; note: string | null }[];
    };

  for (const minimal of [true, false]) {
    it(`acknowledges the text as stored${minimal ? ' (Prefer: return=minimal)' : ''}`, async () => {
      const answer = await put(1, minimal);
      expect(answer.statusCode, answer.body).toBe(200);
      const body = answer.json() as {
        version: number;
        cells?: { rowId: string; raw: string; note: string | null }[];
        values?: { rowId: string; raw: string; note: string | null }[];
      };
      const acknowledged = (minimal ? body.cells : body.values)!.find((c) => c.rowId === '7/6.7.1')!;
      expect(acknowledged.raw).toBe('\uFFFDabc');
      expect(acknowledged.note).toContain('ghi chú \uFFFD 😀');

      // what a later read returns, and what the database holds, is what was acknowledged
      const after = await read();
      expect(after.version).toBe(body.version);
      expect(after.values.find((c) => c.rowId === '7/6.7.1')).toEqual(expect.objectContaining({ raw: acknowledged.raw, note: acknowledged.note }));
      const stored = (await getValues(ctx.db, reportId)).find((v) => v.row_id === '7/6.7.1')!;
      expect({ raw: stored.raw, note: stored.note }).toEqual({ raw: acknowledged.raw, note: acknowledged.note });
    });
  }
});
