/** The demo's CCHC index: two Ninh Thuận departments finalised, so the results page ranks them; Sở KH&CN left to walk. */
import { expect, it } from 'vitest';
import { templateLibrary } from '../../templates/template-loader.js';
import { onBothEngines } from '../../test-support/both-engines.js';
import { fixedClock, sequentialIds } from '../context.js';
import { presentIndexHistory } from '../presenters/par-index.presenter.js';
import { getIndexAssessment, indexAssessmentHistory, indexResults, listIndexAssessments } from '../services/par-index.service.js';
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
      // each finalised assessment has the evidence its self-scored criteria ask for: no finding of missing evidence
      const tuPhap = await getIndexAssessment(ctx, snv, '2026-so-nganh', 'nt-so-tu-phap');
      expect(tuPhap.findings.filter((f) => f.kind === 'missing-evidence')).toEqual([]);
      expect(tuPhap.criteria.find((c) => c.code === '1.1.1')!.evidence).toEqual([expect.objectContaining({ kind: 'link' })]);
      // its history reads as the walk: self scores, evidence, submission, the appraisal with its reason, finalisation
      const history = presentIndexHistory(await indexAssessmentHistory(ctx, snv, '2026-so-nganh', 'nt-so-tu-phap'));
      expect(history[0]).toMatchObject({ label: 'Lưu điểm tự đánh giá', actor: 'Cán bộ CCHC Sở Tư pháp Ninh Thuận' });
      expect(history.slice(-3).map((h) => h.label)).toEqual(['Gửi thẩm định', 'Lưu điểm thẩm định', 'Chốt kết quả']);
      expect(history.at(-2)!.details).toContain('Tiêu chí 3.4: 2 điểm — lý do: Còn quy trình nội bộ chưa được phê duyệt.');
      const list = await listIndexAssessments(ctx, snv, '2026-so-nganh');
      expect(list.find((a) => a.agencyId === 'nt-so-khcn')).toMatchObject({ status: null });
    } finally {
      await database.close();
    }
  });
});
