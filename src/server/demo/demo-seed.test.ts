/** The demo's agency tree as seeded: every kind of agency, and the 2025 mergers as successor links. */
import { expect, it } from 'vitest';
import { templateLibrary } from '../../templates/template-loader.js';
import { fixedClock, sequentialIds } from '../context.js';
import { listAgencies } from '../repositories/agency.repository.js';
import { AGENCY_KINDS } from '../../shared/agency-kinds.js';
import { checkAgencyTree, type AgencyEntry } from '../services/agency-file.js';
import { seedDemo } from './demo-seed.js';
import { onBothEngines } from '../../test-support/both-engines.js';

onBothEngines('the demo seed', (engine) => {
  it('creates agencies of every kind under three provinces, with the 2025 mergers as successor links', async () => {
    const database = await engine.fresh();
    try {
      const ctx = { db: database.db, clock: fixedClock(), ids: sequentialIds(), templates: templateLibrary() };
      expect(await seedDemo(ctx)).not.toBeNull();
      const agencies = (await listAgencies(ctx.db, 'all')).sort((a, b) => a.id.localeCompare(b.id));

      expect(new Set(agencies.map((a) => a.kind))).toEqual(new Set(AGENCY_KINDS));
      // the tree as the demo describes it: kinds, parents, ends and successors
      expect(agencies.map((a) => [a.id, a.kind, a.parent_id, a.valid_from, a.valid_to, a.successor_id])).toEqual([
        ['kh', 'province', null, '2015-01-01', null, null],
        ['kh-bql-kdl-cam-ranh', 'board', 'kh', '2015-01-01', null, null],
        ['kh-so-noi-vu', 'department', 'kh', '2015-01-01', null, null],
        ['nt', 'province', null, '2015-01-01', null, null],
        ['nt-bql-kcn', 'board', 'nt', '2015-01-01', null, null],
        ['nt-huyen-ninh-phuoc', 'district-committee', 'nt', '2015-01-01', '2025-06-30', null],
        ['nt-so-khcn', 'department', 'nt', '2015-01-01', null, null],
        ['nt-so-ldtbxh', 'department', 'nt', '2015-01-01', '2025-02-28', 'nt-so-noi-vu'],
        ['nt-so-noi-vu', 'department', 'nt', '2015-01-01', null, null],
        ['nt-so-tt-tt', 'department', 'nt', '2015-01-01', '2025-02-28', 'nt-so-khcn'],
        ['nt-so-tu-phap', 'department', 'nt', '2015-01-01', null, null],
        ['nt-so-y-te', 'department', 'nt', '2015-01-01', null, null],
        ['nt-tt-hcc', 'public-unit', 'nt-vp-ubnd', '2015-01-01', null, null],
        ['nt-vp-ubnd', 'department', 'nt', '2015-01-01', null, null],
        ['nt-xa-phuoc-hau', 'commune-committee', 'nt-huyen-ninh-phuoc', '2015-01-01', '2025-06-30', 'nt-xa-phuoc-huu'],
        ['nt-xa-phuoc-huu', 'commune-committee', 'nt', '2025-07-01', null, null],
        ['qt', 'province', null, '2015-01-01', null, null],
        ['qt-so-khcn', 'department', 'qt', '2015-01-01', null, null],
        ['qt-so-noi-vu', 'department', 'qt', '2015-01-01', null, null],
      ]);
      // the roles the templates' province figures ask for, held by the agencies that report them
      expect(agencies.filter((a) => a.roles.length > 0).map((a) => [a.id, a.roles])).toEqual([
        ['kh-so-noi-vu', ['so-noi-vu']],
        ['nt-so-noi-vu', ['so-noi-vu']],
        ['nt-so-tt-tt', ['so-tt-tt']],
        ['nt-so-tu-phap', ['so-tu-phap']],
        ['nt-vp-ubnd', ['vp-ubnd']],
        ['qt-so-noi-vu', ['so-noi-vu']],
      ]);

      // and the tree meets the rules `cchc agencies import` holds a province's file to
      expect(agencies.filter((a) => a.parent_id === null).every((a) => a.kind === 'province')).toBe(true);
      expect(agencies.filter((a) => a.kind === 'province').every((a) => a.parent_id === null)).toBe(true);
      const entries: AgencyEntry[] = agencies.map((a, i) => ({
        id: a.id,
        name: a.name,
        shortName: a.short_name,
        kind: a.kind,
        parent: a.parent_id,
        province: a.province,
        roles: a.roles,
        validFrom: a.valid_from,
        validTo: a.valid_to,
        successor: a.successor_id,
        line: i + 1,
      }));
      expect(checkAgencyTree(entries, [])).toEqual([]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
