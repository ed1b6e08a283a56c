/** The demo's CCHC index: two Ninh Thuận departments finalised, so the results page ranks them; Sở KH&CN left to walk. */
import { expect, it } from 'vitest';
import { templateLibrary } from '../../templates/template-loader.js';
import { onBothEngines } from '../../test-support/both-engines.js';
import { fixedClock, sequentialIds } from '../context.js';
import { indexResults, listIndexAssessments } from '../services/par-index.service.js';
import { seedDemo } from './demo-seed.js';

onBothEngines('the demo’s CCHC index', (engine) => {
  it('ranks two finalised departments of Ninh Thuận, one adjustment with its reason, and leaves Sở KH&CN to self-assess', async () => {
    const database = await engine.fresh();
    try {
      const ctx = { db: database.db, clock: fixedClock(), ids: sequentialIds(), templates: templateLibrary() };
      expect(await seedDemo(ctx)).not.toBeNull();
      const snv = {
        accountId: 'acc-snv.tonghop',
        username: 'snv.tonghop',
        displayName: 'snv',
        role: 'consolidator' as const,
        scope: new Set(['nt', 'nt-so-tu-phap', 'nt-so-y-te', 'nt-so-khcn', 'nt-so-noi-vu']),
      };
      const results = await indexResults(ctx, snv, '2026-so-nganh', 'nt');
      expect(results.ranking.map((r) => [r.rank, r.agencyId])).toEqual([
        [1, 'nt-so-tu-phap'],
        [2, 'nt-so-y-te'],
      ]);
      expect(results.ranking[0]!.percent).toBeGreaterThan(results.ranking[1]!.percent);
      const list = await listIndexAssessments(ctx, snv, '2026-so-nganh');
      expect(list.find((a) => a.agencyId === 'nt-so-khcn')).toMatchObject({ status: null });
    } finally {
      await database.close();
    }
  });
});
