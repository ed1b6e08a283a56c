/** Template versions through the API: derive a version from a stored one, check it, store it; the old one never changes. */
import type { FastifyInstance } from 'fastify';
import { beforeEach, expect, it } from 'vitest';
import { problemRow } from '../../core/catalogue/template-rules.js';
import type { Template } from '../../core/catalogue/template.js';
import type { TemplateCheckDraft, TemplateDraft, TemplateSourceDto } from '../../shared/template-schemas.js';
import { onBothEngines } from '../../test-support/both-engines.js';
import { as, signIn, type TestSession } from '../../test-support/http.js';
import type { Context } from '../context.js';
import { listAudit } from '../repositories/audit.repository.js';

const OLD = 'ninh-thuan-7s-2023';
const NEW = 'ninh-thuan-7s-2025-07';

/** The local id of a source row, as the builder gives it. */
const rowId = (row: { code?: string | undefined; id?: string | undefined }) => row.id ?? row.code!.replace(/\.+$/u, '');

function refsOf(check: TemplateCheckDraft): string[] {
  return [
    check.whole,
    ...(check.parts ?? []),
    check.percent,
    check.numerator,
    check.denominator,
    check.current,
    check.added,
    check.removed,
    check.previousInReport,
    ...(check.rows ?? []),
  ].filter((r): r is string => r !== undefined);
}

/** The draft without the rows at the given positions and without the checks that used them. */
function withoutRows(draft: TemplateDraft, positions: readonly string[]): TemplateDraft {
  const removed = new Set<string>();
  const forms = draft.forms.map((form, f) => ({
    ...form,
    rows: form.rows.filter((row, r) => {
      if (!positions.some((at) => problemRow(at)?.[0] === f && problemRow(at)?.[1] === r)) return true;
      removed.add(rowId(row));
      return false;
    }),
  }));
  const keep = (check: TemplateCheckDraft) => !refsOf(check).some((ref) => removed.has(ref));
  return { ...draft, forms: forms.map((form) => ({ ...form, checks: (form.checks ?? []).filter(keep) })), checks: (draft.checks ?? []).filter(keep) };
}

onBothEngines('template versions', (engine) => {
  let ctx: Context;
  let app: FastifyInstance;
  let admin: TestSession;

  // the first fresh database migrates the engine's template (seconds), and scrypt runs for every sign-in: a busy
  // machine needs more than the default hook time
  beforeEach(async () => {
    ({ ctx, app } = await engine.world());
    admin = await signIn(app, 'admin');
  }, 60_000);

  const get = (url: string, session = admin) => app.inject({ method: 'GET', url, headers: as(session) });
  const post = (url: string, payload: unknown, session = admin) =>
    app.inject({ method: 'POST', url, headers: as(session), payload: payload as Record<string, unknown> });

  async function derive(): Promise<TemplateDraft> {
    const response = await get(`/api/templates/${OLD}/source`);
    expect(response.statusCode, response.body).toBe(200);
    const source = response.json<TemplateSourceDto>();
    return {
      ...source,
      basedOn: OLD,
      id: NEW,
      name: 'Phụ lục thống kê số liệu CCHC, Ninh Thuận từ 01/07/2025',
      effectiveFrom: '2025-07-01',
      effectiveTo: null,
    };
  }

  it('derives a 2025 version: the district rows are problems until removed, then it is stored, listed and served; the old one is unchanged', async () => {
    const before = (await get(`/api/templates/${OLD}`)).json<Template>();
    const draft = await derive();

    const first = await post('/api/templates/check', draft);
    expect(first.statusCode, first.body).toBe(200);
    const checked = first.json<{ ok: boolean; problems: { at: string; message: string }[] }>();
    expect(checked.ok).toBe(false);
    const rows = draft.forms[0]!.rows;
    const flagged = checked.problems
      .map((p) => problemRow(p.at))
      .filter((p) => p !== null)
      .map(([f, r]) => rowId(draft.forms[f]!.rows[r]!));
    expect(flagged).toEqual(expect.arrayContaining(['3.1.3/cap-huyen', '4.1.4/thuoc-ubnd-huyen', '3.4.2', '1.2.2', '7.6.1/cap-huyen', '7.7.2']));
    expect(flagged).not.toContain('3.1.3/cap-tinh');
    const huyen = checked.problems.find((p) => p.at === `forms[0].rows[${rows.findIndex((r) => r.id === '4.1.4/thuoc-ubnd-huyen')}]`)!;
    expect(huyen.message).toMatch(/thuộc UBND cấp huyện.*01\/07\/2025/u);

    // storing it as it is: 422 with the same problems, nothing stored
    const refused = await post('/api/templates', draft);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().problems).toEqual(checked.problems);
    expect((await get(`/api/templates/${NEW}`)).statusCode).toBe(404);

    const clean = withoutRows(
      draft,
      checked.problems.map((p) => p.at),
    );
    expect(clean.forms[0]!.rows.length).toBe(rows.length - flagged.length);
    const second = await post('/api/templates/check', clean);
    expect(second.json()).toEqual({ ok: true, problems: [] });

    const created = await post('/api/templates', clean);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({ id: NEW, family: 'seven-section', name: clean.name, effectiveFrom: '2025-07-01', effectiveTo: null });

    const list = (await get('/api/templates')).json<{ id: string }[]>();
    expect(list.map((t) => t.id)).toContain(NEW);
    expect(list[0]!.id).toBe(NEW); // newest first
    const stored = (await get(`/api/templates/${NEW}`)).json<Template>();
    expect(stored.id).toBe(NEW);
    expect(stored.effectiveFrom).toBe('2025-07-01');
    expect(stored.rows.some((r) => /huyện/iu.test(r.label))).toBe(false);
    expect(stored.rows.find((r) => r.id === '3.1.3/cap-tinh')?.indicator).toBe('procedures.in-force-province');
    // its source comes back as it went in (only what cannot be derived is written out)
    const { basedOn: _basedOn, ...cleanSource } = clean;
    expect((await get(`/api/templates/${NEW}/source`)).json()).toEqual(cleanSource);

    // the old version is untouched
    expect((await get(`/api/templates/${OLD}`)).json()).toEqual(before);
    expect(before.rows.some((r) => r.id === '3.1.3/cap-huyen')).toBe(true);

    const audit = (await listAudit(ctx.db)).filter((e) => e.action === 'create-template-version');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: 'acc-admin', entity: 'template', entity_id: NEW });
    expect(audit[0]!.after).toMatchObject({ id: NEW, basedOn: OLD, rows: clean.forms[0]!.rows.length });

    // a round can be opened on the new version
    const snv = await signIn(app, 'snv.tonghop');
    const round = await post('/api/rounds', { templateId: NEW, period: { year: 2025, kind: 'Q4' }, agencyIds: ['so-khcn'] }, snv);
    expect(round.statusCode, round.body).toBe(201);
  }, 60_000);

  it('lets only an admin store a version; anyone signed in may read the source and check', async () => {
    const draft = await derive();
    for (const username of ['snv.tonghop', 'khcn.baocao', 'khcn.duyet', 'khcn.xem']) {
      const session = await signIn(app, username);
      const refused = await post('/api/templates', { ...draft, effectiveFrom: '2025-01-01' }, session);
      expect(refused.statusCode, username).toBe(403);
      expect(refused.json().code, refused.body).toBe('forbidden');
      expect((await get(`/api/templates/${OLD}/source`, session)).statusCode).toBe(200);
      expect((await post('/api/templates/check', draft, session)).statusCode).toBe(200);
    }
    expect((await get(`/api/templates/${NEW}`)).statusCode, JSON.stringify(await listAudit(ctx.db))).toBe(404);
    // a write without the CSRF token is refused before anything else
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/templates',
      headers: { cookie: admin.cookie },
      payload: draft as unknown as Record<string, unknown>,
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe('csrf');
    expect((await app.inject({ method: 'POST', url: '/api/templates/check', payload: draft as unknown as Record<string, unknown> })).statusCode).toBe(
      401,
    );
  }, 60_000);

  it('answers 409 for an id that exists, 400 for a malformed body, 422 for an unknown indicator, 404 for an unknown version', async () => {
    const draft = { ...(await derive()), effectiveFrom: '2025-01-01' };
    expect((await post('/api/templates', draft)).statusCode).toBe(201);
    const again = await post('/api/templates', { ...draft, name: 'Tên khác' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('template-exists');
    const existing = await post('/api/templates', { ...draft, id: 'ninh-thuan-7s-2022', name: 'Tên khác nữa' });
    expect(existing.statusCode).toBe(409);

    for (const malformed of [
      {},
      { ...draft, forms: 'không phải mảng' },
      { ...draft, extra: 1 },
      { ...draft, basedOn: undefined },
      { ...draft, forms: [{ rows: [{ label: 1 }] }] },
    ]) {
      const response = await post('/api/templates', malformed);
      expect(response.statusCode, JSON.stringify(malformed).slice(0, 80)).toBe(400);
      expect(response.json().code).toBe('invalid-request');
    }
    expect((await post('/api/templates/check', { basedOn: OLD })).statusCode).toBe(400);

    const unknown = structuredClone({ ...draft, id: 'ninh-thuan-7s-2025-b', name: 'Bản B', effectiveFrom: '2025-02-01' });
    unknown.forms[0]!.rows[2] = { ...unknown.forms[0]!.rows[2]!, indicator: 'procedures.khong-co' };
    const refused = await post('/api/templates', unknown);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().code).toBe('template-invalid');
    expect(refused.json().problems).toEqual([{ at: 'forms[0].rows[2]', message: 'Chỉ tiêu chuẩn "procedures.khong-co" không có trong danh mục' }]);

    const badDates = await post('/api/templates/check', { ...unknown, forms: draft.forms, effectiveFrom: '2022-05-01' });
    expect(badDates.json().problems.map((p: { at: string }) => p.at)).toEqual(['effectiveFrom']);
    const unknownBase = await post('/api/templates/check', { ...unknown, forms: draft.forms, basedOn: 'khong-co' });
    expect(unknownBase.json().problems.map((p: { at: string }) => p.at)).toEqual(['basedOn']);

    expect((await get('/api/templates/khong-co/source')).statusCode).toBe(404);
    expect((await get('/api/templates/khong-co')).statusCode).toBe(404);
    expect((await listAudit(ctx.db)).filter((e) => e.action === 'create-template-version').map((e) => e.entity_id)).toEqual([NEW]);
  }, 60_000);

  it('stores one of two versions sent at once under the same id, and answers 409 to the other', async () => {
    const draft = { ...(await derive()), effectiveFrom: '2025-01-01' };
    const responses = await Promise.all([post('/api/templates', draft), post('/api/templates', { ...draft, name: 'Cùng mã, tên khác' })]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect((await listAudit(ctx.db)).filter((e) => e.action === 'create-template-version')).toHaveLength(1);
  }, 60_000);

  it('serves the indicator catalogue and the source of every shipped version', async () => {
    const indicators = (await get('/api/templates/indicators')).json<{ id: string; kind: string }[]>();
    expect(indicators.length).toBe(ctx.templates.indicators.length);
    expect(indicators.find((i) => i.id === 'procedures.in-force-district')).toMatchObject({ kind: 'count', measure: 'stock' });
    for (const template of ctx.templates.templates) {
      const response = await get(`/api/templates/${template.id}/source`);
      expect(response.statusCode, template.id).toBe(200);
      // the source of a version, unchanged but for a new id, name and date, passes every rule
      const source = response.json<TemplateSourceDto>();
      const check = await post('/api/templates/check', {
        ...source,
        basedOn: template.id,
        id: `${template.id}-moi`,
        name: `${template.name} (mới)`,
        effectiveFrom: '2024-12-15',
        effectiveTo: null,
      });
      expect(check.json(), template.id).toEqual({ ok: true, problems: [] });
    }
  }, 60_000);
});
