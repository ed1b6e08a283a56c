/** Every write appears in the audit log: who, when, what, before and after. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAdmin } from '../cli/admin-command.js';
import { runAgencies } from '../cli/agencies-command.js';
import { openDatabase } from './db/open-database.js';
import { onBothEngines } from '../test-support/both-engines.js';
import { as, openRound, signIn } from '../test-support/http.js';
import { listAudit } from './repositories/audit.repository.js';

onBothEngines('audit log', (engine) => {
  it('records every write through the API with actor, time, before and after', async () => {
    const { ctx, app } = await engine.world();
    const snv = await signIn(app, 'snv.tonghop');
    const round = await openRound(app, snv, { templateId: 'ninh-thuan-7s-2022', period: { year: 2022, kind: 'Q3' }, agencyIds: ['so-khcn'] });
    const reporter = await signIn(app, 'khcn.baocao');
    const [report] = (await app.inject({ method: 'GET', url: `/api/reports?roundId=${round.id}`, headers: as(reporter) })).json();
    ctx.clock.advance(60_000);
    await app.inject({
      method: 'PUT',
      url: `/api/reports/${report.id}/values`,
      headers: as(reporter),
      payload: { version: 1, cells: [{ rowId: '3.1.3', raw: '53' }] },
    });
    ctx.clock.advance(60_000);
    const narrative = [{ heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH', level: 1, body: 'Ban hành kế hoạch.' }];
    await app.inject({
      method: 'PUT',
      url: `/api/reports/${report.id}/narrative`,
      headers: as(reporter),
      payload: { version: 2, sections: narrative },
    });
    await app.inject({ method: 'POST', url: '/api/auth/logout', headers: as(reporter) });
    await app.inject({ method: 'POST', url: '/api/auth/logout-everywhere', headers: as(snv) });

    const log = await listAudit(ctx.db);
    expect(log.map((e) => [e.action, e.actor_id])).toEqual([
      ['login', 'acc-snv.tonghop'],
      ['create-round', 'acc-snv.tonghop'],
      ['login', 'acc-khcn.baocao'],
      ['save-values', 'acc-khcn.baocao'],
      ['save-narrative', 'acc-khcn.baocao'],
      ['logout', 'acc-khcn.baocao'],
      ['logout-all', 'acc-snv.tonghop'],
    ]);
    const narrativeEntry = log.find((e) => e.action === 'save-narrative')!;
    expect(narrativeEntry.before).toEqual({ version: 2, sections: [] });
    expect(narrativeEntry.after).toEqual({ version: 3, sections: narrative });
    expect(new Date(narrativeEntry.at).getTime() - new Date(log.find((e) => e.action === 'save-values')!.at).getTime()).toBe(60_000);
    // the sessions really ended
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: as(reporter) })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: as(snv) })).statusCode).toBe(401);
  });
});

describe('cchc admin create', () => {
  it('creates the first administrator, audited, and refuses weak passwords and duplicates', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cchc-admin-'));
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), errRaw: () => {}, errIsTTY: false };
    expect(
      await runAdmin(['create', '--username', 'quantri', '--name', 'Quản trị'], io, { CCHC_DATA_DIR: dataDir, CCHC_ADMIN_PASSWORD: 'ngan' }),
    ).toBe(2);
    expect(err[0]).toContain('ít nhất 10 ký tự');
    // the province's agency is loaded first (an unknown --agency is refused: src/cli/agencies-command.test.ts)
    const tree = join(mkdtempSync(join(tmpdir(), 'cchc-admin-tree-')), 'agencies.yaml');
    writeFileSync(tree, 'agencies:\n  - { id: nt, name: UBND tỉnh Ninh Thuận, kind: province, province: Ninh Thuận, validFrom: 2015-01-01 }\n');
    expect(await runAgencies(['import', tree], io, { CCHC_DATA_DIR: dataDir })).toBe(0);
    expect(await runAdmin(['create', '--username', 'quantri', '--name', 'Quản trị', '--agency', 'nt'], io, { CCHC_DATA_DIR: dataDir })).toBe(0);
    expect(out.join('\n')).toMatch(/Mật khẩu \(chỉ hiện một lần\): \S{10,}/u);
    expect(await runAdmin(['create', '--username', 'quantri'], io, { CCHC_DATA_DIR: dataDir })).toBe(1);
    const database = await openDatabase({ engine: 'pglite', dataDir });
    try {
      const account = await database.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
      expect(account).toMatchObject({ username: 'quantri', role: 'admin', agency_ids: ['nt'] });
      expect((await listAudit(database.db)).map((e) => e.action)).toEqual(['create-agency', 'create-admin']);
    } finally {
      await database.close();
    }
  }, 60_000);
});
