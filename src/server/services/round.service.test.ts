/** Opening rounds: of any size (a statement holds at most 65,535 parameters), and never for agencies already closed. */
import { expect, it } from 'vitest';
import { onBothEngines } from '../../test-support/both-engines.js';
import { as, signIn } from '../../test-support/http.js';
import { chunksOf } from '../repositories/round.repository.js';
import { updateAgency } from '../repositories/agency.repository.js';

const BIG = 40_000;

it('splits rows into chunks that stay under the protocol limit of 65,535 parameters per statement', () => {
  const rows = Array.from({ length: 70_001 }, (_, i) => i);
  const chunks = chunksOf(rows, 13);
  expect(chunks.flat()).toEqual(rows);
  for (const chunk of chunks) expect(chunk.length * 13).toBeLessThanOrEqual(65_535);
  expect(chunksOf([], 2)).toEqual([]);
});

onBothEngines('opening a round', (engine) => {
  it(
    `opens a round for ${BIG.toLocaleString('en')} agencies (more rows than one statement can carry), through the API`,
    { timeout: 240_000 },
    async () => {
      const { ctx, app } = await engine.world();
      // the communes, bulk-inserted by the test's setup (one by one would take minutes)
      const communes = Array.from({ length: BIG }, (_, i) => ({
        id: `xa-${String(i).padStart(5, '0')}`,
        parent_id: 'ninh-thuan',
        kind: 'commune-committee' as const,
        name: `UBND xã số ${i}`,
        short_name: null,
        province: 'Ninh Thuận',
        roles: [],
        valid_from: '2020-01-01',
        valid_to: null,
        successor_id: null,
      }));
      for (const chunk of chunksOf(communes, 10)) await ctx.db.insertInto('agencies').values(chunk).execute();

      const snv = await signIn(app, 'snv.tonghop'); // signed in after the communes exist: they are in its scope
      const agencyIds = communes.map((c) => c.id);
      const response = await app.inject({
        method: 'POST',
        url: '/api/rounds',
        headers: as(snv),
        payload: { templateId: 'quang-tri-forms-2022', period: { year: 2025, kind: 'Y' }, agencyIds: [...agencyIds].reverse() },
      });
      expect(response.statusCode, response.body.slice(0, 500)).toBe(201);
      const round = response.json();
      expect(round.agencyIds).toEqual(agencyIds);

      const reports = await ctx.db
        .selectFrom('reports')
        .select(['agency_id', 'status'])
        .where('round_id', '=', round.id)
        .orderBy('agency_id')
        .execute();
      expect(reports.length).toBe(BIG);
      expect(reports.map((r) => r.agency_id)).toEqual(agencyIds);
      expect(new Set(reports.map((r) => r.status))).toEqual(new Set(['not-started']));
      const linked = await ctx.db
        .selectFrom('round_agencies')
        .select(ctx.db.fn.countAll<number>().as('n'))
        .where('round_id', '=', round.id)
        .executeTakeFirstOrThrow();
      expect(Number(linked.n)).toBe(BIG);

      // and the round lists for an account whose scope holds all of them
      const listed = await app.inject({ method: 'GET', url: '/api/rounds', headers: as(snv) });
      expect(listed.statusCode).toBe(200);
      expect(listed.json().map((r: { id: string }) => r.id)).toContain(round.id);
    },
  );

  it('refuses, naming them, agencies closed before the round’s figures begin, and opens nothing', async () => {
    const { ctx, app } = await engine.world();
    const agency = async (id: string) => await ctx.db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const close = async (id: string, validTo: string) => {
      const { id: _, created_at: __, ...fields } = await agency(id);
      await updateAgency(ctx.db, id, { ...fields, valid_to: validTo });
    };
    await close('so-y-te', '2024-12-14'); // the day before the 2025 figures begin (15/12/2024)
    await close('so-khcn', '2024-12-15'); // open on the first day of them: it reports
    const snv = await signIn(app, 'snv.tonghop');
    const open = (agencyIds: string[], extra: object = {}) =>
      app.inject({
        method: 'POST',
        url: '/api/rounds',
        headers: as(snv),
        payload: { templateId: 'quang-tri-forms-2022', period: { year: 2025, kind: 'Y' }, agencyIds, ...extra },
      });

    const refused = await open(['so-khcn', 'so-y-te']);
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({
      code: 'closed-agencies',
      detail:
        'Không thể mở đợt báo cáo cho đơn vị đã hết hiệu lực trước kỳ báo cáo (số liệu từ ngày 15/12/2024): Sở Y tế (hết hiệu lực từ 14/12/2024).',
    });
    expect(await ctx.db.selectFrom('rounds').selectAll().execute()).toEqual([]);
    expect(await ctx.db.selectFrom('reports').selectAll().execute()).toEqual([]);

    // the round's own cut-off is the one that counts: figures from 14/12/2024 include Sở Y tế's last day
    const ownCutoff = await open(['so-khcn', 'so-y-te'], { cutoff: { from: '2024-12-14', to: '2025-12-14' } });
    expect(ownCutoff.statusCode, ownCutoff.body).toBe(201);
    expect(ownCutoff.json().agencyIds).toEqual(['so-khcn', 'so-y-te']);

    // an agency closed within the period reports for it
    const opened = await open(['so-khcn']);
    expect(opened.statusCode, opened.body).toBe(201);
  });

  it('names the first ten closed agencies and counts the rest', async () => {
    const { ctx, app } = await engine.world();
    const closed = Array.from({ length: 12 }, (_, i) => ({
      id: `xa-cu-${String(i).padStart(2, '0')}`,
      parent_id: 'ninh-thuan',
      kind: 'commune-committee' as const,
      name: `UBND xã cũ ${String(i).padStart(2, '0')}`,
      short_name: null,
      province: 'Ninh Thuận',
      roles: [],
      valid_from: '2020-01-01',
      valid_to: '2025-06-30',
      successor_id: null,
    }));
    await ctx.db.insertInto('agencies').values(closed).execute();
    const snv = await signIn(app, 'snv.tonghop');
    const refused = await app.inject({
      method: 'POST',
      url: '/api/rounds',
      headers: as(snv),
      payload: { templateId: 'quang-tri-forms-2022', period: { year: 2025, kind: 'Q4' }, agencyIds: ['so-khcn', ...closed.map((c) => c.id)] },
    });
    expect(refused.statusCode).toBe(422);
    const detail: string = refused.json().detail;
    for (const c of closed.slice(0, 10)) expect(detail).toContain(`${c.name} (hết hiệu lực từ 30/06/2025)`);
    expect(detail).not.toContain('xã cũ 10');
    expect(detail).toMatch(/ và 2 đơn vị khác\.$/u);
    expect(detail).not.toContain('Sở Khoa học');
  });
});
