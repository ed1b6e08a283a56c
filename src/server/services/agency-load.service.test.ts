/** Loading agency trees into the database (`cchc agencies import`), on both engines: idempotent, audited, all or nothing. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { fixedClock } from '../context.js';
import type { OpenDatabase } from '../db/open-database.js';
import { listAgencies } from '../repositories/agency.repository.js';
import { listAudit } from '../repositories/audit.repository.js';
import { onBothEngines } from '../../test-support/both-engines.js';
import { parseAgencyFile, type AgencyEntry } from './agency-file.js';
import { loadAgencies } from './agency-load.service.js';

const EXAMPLE = readFileSync(join(import.meta.dirname, '..', '..', '..', 'docs', 'agencies.example.yaml'), 'utf8');

function entries(text: string): AgencyEntry[] {
  const parsed = parseAgencyFile(text, 'yaml');
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.line}: ${p.messageVi}`).join('\n'));
  return parsed.agencies;
}

async function snapshot(database: OpenDatabase) {
  return {
    agencies: (await listAgencies(database.db, 'all')).map(({ created_at: _, ...a }) => a).sort((a, b) => a.id.localeCompare(b.id)),
    audit: await listAudit(database.db),
  };
}

onBothEngines('loading agencies', (engine) => {
  it('loads the tree with an audit row per agency, then changes nothing on a second run', async () => {
    const database = await engine.fresh();
    const ctx = { db: database.db, clock: fixedClock() };
    const first = await loadAgencies(ctx, entries(EXAMPLE), { actor: 'cli' });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.summary.added).toHaveLength(14);
    expect(first.summary).toMatchObject({ updated: [], unchanged: [], dryRun: false });

    const { agencies, audit } = await snapshot(database);
    expect(agencies).toHaveLength(14);
    expect(agencies.find((a) => a.id === 'al-so-noi-vu')).toEqual({
      id: 'al-so-noi-vu',
      parent_id: 'al',
      kind: 'department',
      name: 'Sở Nội vụ',
      short_name: 'SNV',
      province: 'An Lạc',
      roles: ['so-noi-vu'],
      valid_from: '2015-01-01',
      valid_to: null,
      successor_id: null,
    });
    expect(agencies.find((a) => a.id === 'al-xa-phu-my')).toMatchObject({
      parent_id: 'al-huyen-dong-phu',
      kind: 'commune-committee',
      valid_to: '2025-06-30',
      successor_id: 'al-xa-dong-phu',
    });
    expect(agencies.find((a) => a.id === 'al-tt-hcc')).toMatchObject({ parent_id: 'al-vp-ubnd', kind: 'public-unit' });

    expect(audit).toHaveLength(14);
    expect(new Set(audit.map((e) => `${e.actor_id} ${e.action} ${e.entity}`))).toEqual(new Set(['cli create-agency agency']));
    expect(audit.find((e) => e.entity_id === 'al-so-tt-tt')).toMatchObject({
      before: null,
      after: {
        parent: 'al',
        kind: 'department',
        name: 'Sở Thông tin và Truyền thông',
        shortName: null,
        province: 'An Lạc',
        roles: ['so-tt-tt'],
        validFrom: '2015-01-01',
        validTo: '2025-02-28',
        successor: 'al-so-khcn',
      },
    });
    expect(new Date(audit[0]!.at).toISOString()).toBe('2026-01-15T08:00:00.000Z');

    const before = await snapshot(database);
    const second = await loadAgencies(ctx, entries(EXAMPLE), { actor: 'cli' });
    expect(second.ok && second.summary).toMatchObject({ added: [], updated: [] });
    expect(second.ok && second.summary.unchanged).toHaveLength(14);
    expect(await snapshot(database)).toEqual(before);
  });

  it('updates what changed (a renamed agency, a new validTo and successor), each with before and after in the audit log', async () => {
    const database = await engine.fresh();
    const ctx = { db: database.db, clock: fixedClock() };
    await loadAgencies(ctx, entries(EXAMPLE), { actor: 'cli' });
    ctx.clock.advance(60_000);
    const changed = EXAMPLE.replace('    name: Sở Tài chính\n', '    name: Sở Tài chính tỉnh An Lạc\n')
      .replace(
        '  - id: al-bql-kkt\n    name: Ban Quản lý Khu kinh tế tỉnh\n    kind: board\n    parent: al\n',
        '  - id: al-bql-kkt\n    name: Ban Quản lý Khu kinh tế tỉnh\n    kind: board\n    parent: al\n    validTo: 2025-09-30\n    successor: al-so-tai-chinh\n',
      )
      .concat('  - id: al-xa-phu-an-moi\n    name: UBND phường Phú An\n    kind: commune-committee\n    parent: al\n    validFrom: 2025-07-01\n');
    const result = await loadAgencies(ctx, entries(changed), { actor: 'cli' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.summary.added).toEqual(['al-xa-phu-an-moi']);
    expect(result.summary.updated).toEqual([
      { id: 'al-so-tai-chinh', fields: ['name'] },
      { id: 'al-bql-kkt', fields: ['validTo', 'successor'] },
    ]);
    expect(result.summary.unchanged).toHaveLength(12);

    const audit = (await listAudit(database.db)).slice(14);
    expect(audit.map((e) => [e.actor_id, e.action, e.entity_id])).toEqual([
      ['cli', 'create-agency', 'al-xa-phu-an-moi'],
      ['cli', 'update-agency', 'al-so-tai-chinh'],
      ['cli', 'update-agency', 'al-bql-kkt'],
    ]);
    const rename = audit[1]!;
    expect(rename.before).toMatchObject({ name: 'Sở Tài chính', roles: ['so-tai-chinh'] });
    expect(rename.after).toMatchObject({ name: 'Sở Tài chính tỉnh An Lạc', roles: ['so-tai-chinh'] });
    expect(audit[2]!.before).toMatchObject({ validTo: null, successor: null });
    expect(audit[2]!.after).toMatchObject({ validTo: '2025-09-30', successor: 'al-so-tai-chinh' });
    expect(new Date(rename.at).toISOString()).toBe('2026-01-15T08:01:00.000Z');
    expect((await listAgencies(database.db, ['al-bql-kkt']))[0]).toMatchObject({ valid_to: '2025-09-30', successor_id: 'al-so-tai-chinh' });

    // and the changed file is now the stored state: nothing to do
    const again = await loadAgencies(ctx, entries(changed), { actor: 'cli' });
    expect(again.ok && [again.summary.added.length, again.summary.updated.length, again.summary.unchanged.length]).toEqual([0, 0, 15]);
  });

  it('adds to a stored tree, inheriting the province, and refuses unknown references and cycles through it, writing nothing', async () => {
    const database = await engine.fresh();
    const ctx = { db: database.db, clock: fixedClock() };
    await loadAgencies(ctx, entries(EXAMPLE), { actor: 'cli' });
    const before = await snapshot(database);

    const unknown = await loadAgencies(
      ctx,
      entries(
        [
          'validFrom: 2020-01-01',
          'agencies:',
          '  - { id: al-so-y-te, name: Sở Y tế, kind: department, parent: al }', // fine, but the file is refused as a whole
          '  - { id: al-so-xd, name: Sở Xây dựng, kind: department, parent: tinh-khac }',
          '  - { id: al-so-gtvt, name: Sở Giao thông vận tải, kind: department, parent: al, validTo: 2025-02-28, successor: al-so-xay-dung }',
        ].join('\n'),
      ),
      { actor: 'cli' },
    );
    expect(unknown.ok ? [] : unknown.problems.map((p) => `${p.line} ${p.entry}: ${p.messageVi}`)).toEqual([
      '4 al-so-xd: Không có cơ quan cấp trên "tinh-khac" trong tệp hay trong cơ sở dữ liệu.',
      '5 al-so-gtvt: Không có cơ quan kế thừa "al-so-xay-dung" trong tệp hay trong cơ sở dữ liệu.',
    ]);
    // al-vp-ubnd moved under the centre that is stored below it
    const cycle = await loadAgencies(
      ctx,
      entries('agencies:\n  - { id: al-vp-ubnd, name: Văn phòng UBND tỉnh, kind: department, parent: al-tt-hcc, validFrom: 2015-01-01 }\n'),
      { actor: 'cli' },
    );
    expect(cycle.ok ? [] : cycle.problems.map((p) => p.messageVi)).toEqual(['Vòng lặp cơ quan cấp trên: "al-vp-ubnd" → "al-tt-hcc" → "al-vp-ubnd".']);
    expect(await snapshot(database)).toEqual(before);

    const dry = await loadAgencies(
      ctx,
      entries('agencies:\n  - { id: al-so-y-te, name: Sở Y tế, kind: department, parent: al, validFrom: 2015-01-01 }\n'),
      { actor: 'cli', dryRun: true },
    );
    expect(dry.ok && dry.summary).toEqual({ added: ['al-so-y-te'], updated: [], unchanged: [], dryRun: true });
    expect(await snapshot(database)).toEqual(before);

    const added = await loadAgencies(
      ctx,
      entries(
        'agencies:\n  - { id: al-so-y-te, name: Sở Y tế, kind: department, parent: al, validFrom: 2015-01-01 }\n  - { id: al-bv-tinh, name: Bệnh viện Đa khoa tỉnh, kind: public-unit, parent: al-so-y-te, validFrom: 2015-01-01 }\n',
      ),
      { actor: 'cli' },
    );
    expect(added.ok && added.summary.added).toEqual(['al-so-y-te', 'al-bv-tinh']);

    // another province's file can neither take over an id of this province nor hang an agency under it
    const settled = await snapshot(database);
    const other = await loadAgencies(
      ctx,
      entries(
        [
          'validFrom: 2020-01-01',
          'agencies:',
          '  - { id: bh, name: UBND tỉnh Bình Hòa, kind: province, province: Bình Hòa }',
          '  - { id: al-so-y-te, name: Sở Y tế, kind: department, parent: bh }',
          '  - { id: bh-bv, name: Bệnh viện Bình Hòa, kind: public-unit, parent: al-so-y-te, province: Bình Hòa }',
        ].join('\n'),
      ),
      { actor: 'cli' },
    );
    expect(other.ok ? [] : other.problems.map((p) => `${p.line} ${p.entry}: ${p.messageVi}`)).toEqual([
      '4 al-so-y-te: Mã "al-so-y-te" đã là của một đơn vị thuộc tỉnh An Lạc: không ghi đè đơn vị của tỉnh khác. Hãy dùng mã khác.',
    ]);
    const under = await loadAgencies(
      ctx,
      entries(
        'agencies:\n  - { id: bh-bv, name: Bệnh viện Bình Hòa, kind: public-unit, parent: al-so-y-te, province: Bình Hòa, validFrom: 2020-01-01 }\n',
      ),
      { actor: 'cli' },
    );
    expect(under.ok ? [] : under.problems.map((p) => `${p.line} ${p.entry}: ${p.messageVi}`)).toEqual([
      '2 bh-bv: Cơ quan cấp trên "al-so-y-te" thuộc tỉnh An Lạc, khác tỉnh Bình Hòa của đơn vị này.',
    ]);
    expect(await snapshot(database)).toEqual(settled);
    expect((await listAgencies(database.db, ['al-bv-tinh']))[0]).toMatchObject({ parent_id: 'al-so-y-te', province: 'An Lạc' });
  });

  it("lists the file's own problems and those against the database in one run, and refuses a second holder of a role", async () => {
    const database = await engine.fresh();
    const ctx = { db: database.db, clock: fixedClock() };
    await loadAgencies(ctx, entries(EXAMPLE), { actor: 'cli' });
    const before = await snapshot(database);
    const text = [
      'validFrom: 2020-01-01', //                                                                               1
      'agencies:', //                                                                                           2
      '  - { id: al-so-y-te, name: Sở Y tế, kind: so }', //                                                     3 bad kind
      '  - { id: al-bv, name: Bệnh viện tỉnh, kind: public-unit, parent: al-so-y-te }', //                      4 parent refused above, not missing
      '  - { id: al-so-xd, name: Sở Xây dựng, kind: department, parent: tinh-khac }', //                       5 missing parent
      '  - { id: al-snv-2, name: Sở Nội vụ mới, kind: department, parent: al, roles: [so-noi-vu] }', //        6 al-so-noi-vu holds it
      '  - { id: al-so-noi-vu, name: Sở Nội vụ, kind: department, parent: al, roles: [so-noi-vu, so-nv] }', // 7 unknown role
    ].join('\n');
    const parsed = parseAgencyFile(text, 'yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const result = await loadAgencies(ctx, parsed.agencies, { actor: 'cli', file: { problems: parsed.problems, ids: parsed.ids } });
    expect(result.ok ? [] : result.problems.map((p) => `${p.line} ${p.entry}: ${p.message}`)).toEqual([
      '3 al-so-y-te: agency al-so-y-te: kind: invalid_value',
      '5 al-so-xd: agency al-so-xd: unknown parent tinh-khac',
      '6 al-snv-2: agency al-snv-2: role so-noi-vu is already held by al-so-noi-vu',
      '7 al-so-noi-vu: agency al-so-noi-vu: roles.1: invalid_value',
    ]);
    // a right file giving the role to a second agency while the first holds it in the database
    const second = await loadAgencies(
      ctx,
      entries('agencies:\n  - { id: al-snv-2, name: Sở Nội vụ mới, kind: department, parent: al, roles: [so-noi-vu], validFrom: 2020-01-01 }\n'),
      { actor: 'cli' },
    );
    expect(second.ok ? [] : second.problems.map((p) => p.message)).toEqual(['agency al-snv-2: role so-noi-vu is already held by al-so-noi-vu']);
    expect(await snapshot(database)).toEqual(before);
    // the old one ends, the new one takes the role over the day after: both in one file, accepted
    const handover = await loadAgencies(
      ctx,
      entries(
        [
          'agencies:',
          '  - { id: al-so-noi-vu, name: Sở Nội vụ, shortName: SNV, kind: department, parent: al, roles: [so-noi-vu], validFrom: 2015-01-01, validTo: 2025-12-31 }',
          '  - { id: al-snv-2, name: Sở Nội vụ mới, kind: department, parent: al, roles: [so-noi-vu], validFrom: 2026-01-01 }',
        ].join('\n'),
      ),
      { actor: 'cli' },
    );
    expect(handover.ok ? handover.summary : handover.problems).toMatchObject({
      added: ['al-snv-2'],
      updated: [{ id: 'al-so-noi-vu', fields: ['validTo'] }],
    });
  });
});
