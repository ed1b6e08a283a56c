/**
 * Every write of a report carries the version it read; a stale one gets 409 with the current state and writes nothing
 * (no value, no status, no audit row) — for values, the narrative, prefill, and each workflow move.
 */
import { expect, it } from 'vitest';
import { as, openRound, signIn, type TestSession } from '../test-support/http.js';
import { onBothEngines } from '../test-support/both-engines.js';
import { listAudit } from './repositories/audit.repository.js';

onBothEngines('stale writes', (engine) => {
  it('are refused with the current state, for every versioned write, and leave no trace', async () => {
    const { ctx, app } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const reporter = await signIn(app, 'khcn.baocao');
    const approver = await signIn(app, 'khcn.duyet');
    const round = await openRound(app, snv, { templateId: 'ninh-thuan-7s-2023', period: { year: 2023, kind: 'H1' }, agencyIds: ['so-khcn'] });
    const [{ id }] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json();
    const state = async () => {
      const report = (await app.inject({ method: 'GET', url: `/api/reports/${id}`, headers: as(snv) })).json();
      return {
        version: report.version as number,
        status: report.status as string,
        values: report.values,
        narrative: report.narrative,
        audit: (await listAudit(ctx.db, { entity: 'report', entityId: id })).length,
      };
    };
    /** Sends a write with a version one behind the current one and checks it is refused and changes nothing. */
    const refusedWhenStale = async (who: TestSession, method: 'PUT' | 'POST', path: string, payload: Record<string, unknown>) => {
      const before = await state();
      const response = await app.inject({
        method,
        url: `/api/reports/${id}/${path}`,
        headers: as(who),
        payload: { ...payload, version: before.version - 1 },
      });
      expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(409);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({
        code: 'stale-version',
        currentVersion: before.version,
        current: { id, version: before.version, status: before.status },
      });
      expect(response.json().detail).toMatch(/người khác cập nhật/u);
      expect(await state(), `${method} ${path} changed the report`).toEqual(before);
    };

    // version 1 → 2: someone saved; the page that read version 1 is now stale
    let version = (
      await app.inject({
        method: 'PUT',
        url: `/api/reports/${id}/values`,
        headers: as(reporter),
        payload: { version: 1, cells: [{ rowId: '1.1.1', raw: '20' }] },
      })
    ).json().version as number;
    expect(version).toBe(2);
    await refusedWhenStale(reporter, 'PUT', 'values', { cells: [{ rowId: '1.1.1', raw: '99' }] });
    await refusedWhenStale(reporter, 'PUT', 'narrative', { sections: [{ heading: 'I. CÔNG TÁC CHỈ ĐẠO', level: 1, body: 'Bản cũ ghi đè.' }] });
    await refusedWhenStale(reporter, 'POST', 'prefill', {});
    await refusedWhenStale(approver, 'POST', 'submit', { explanations: [] });

    version = (
      await app.inject({ method: 'POST', url: `/api/reports/${id}/submit`, headers: as(approver), payload: { version, explanations: [] } })
    ).json().version;
    await refusedWhenStale(snv, 'POST', 'return', { reasons: [{ rowId: null, text: 'Chưa đủ số liệu.' }] });
    await refusedWhenStale(snv, 'POST', 'accept', {});

    version = (await app.inject({ method: 'POST', url: `/api/reports/${id}/accept`, headers: as(snv), payload: { version } })).json().version;
    await refusedWhenStale(snv, 'POST', 'reopen', { reasons: [{ rowId: null, text: 'Bổ sung số liệu.' }] });

    // with the version it read, each goes through
    const reopened = await app.inject({
      method: 'POST',
      url: `/api/reports/${id}/reopen`,
      headers: as(snv),
      payload: { version, reasons: [{ rowId: null, text: 'Bổ sung số liệu.' }] },
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    version = reopened.json().version;
    const narrative = await app.inject({
      method: 'PUT',
      url: `/api/reports/${id}/narrative`,
      headers: as(reporter),
      payload: { version, sections: [{ heading: 'I. CÔNG TÁC CHỈ ĐẠO', level: 1, body: 'Nội dung mới.' }] },
    });
    expect(narrative.statusCode, narrative.body).toBe(200);
    expect(narrative.json()).toMatchObject({ version: version + 1, narrative: [{ body: 'Nội dung mới.' }] });
  }, 60_000);
});
