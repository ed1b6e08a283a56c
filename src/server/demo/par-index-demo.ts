/**
 * The demo's CCHC index: the illustrative criteria sets stored, and two Ninh Thuận departments' assessments of 2026
 * finalised (self scores with explanations, the Sở Nội vụ's scores of the survey criteria, one adjustment with its
 * reason), so the results page shows a ranking; Sở KH&CN's is left for the visitor to walk.
 */
import type { CriteriaSet } from '../../core/par-index/criteria-set.js';
import type { Context } from '../context.js';
import { writeAssessment, type ScoreWrite } from '../repositories/par-index.repository.js';
import { listIndexSets } from '../services/par-index.service.js';

const SET = '2026-so-nganh';

export async function seedDemoParIndex(ctx: Context): Promise<void> {
  const sets = await listIndexSets(ctx, { accountId: 'seed', username: 'seed', displayName: 'seed', role: 'admin', scope: new Set() });
  const set = sets.find((s: CriteriaSet) => s.id === SET);
  if (!set) return;
  const now = ctx.clock.now();
  const audit = { actorId: null, action: 'seed-demo', before: {}, after: {}, now };
  for (const [agencyId, share, adjust] of [
    ['nt-so-tu-phap', 0.9, true],
    ['nt-so-y-te', 0.75, false],
  ] as const) {
    const key = { id: `idx-demo-${agencyId}`, setId: SET, agencyId };
    const scores: ScoreWrite[] = [];
    for (const c of set.criteria) {
      const points = Math.round(c.max * share * 4) / 4;
      if (c.scoring.kind === 'self')
        scores.push({ code: c.code, side: 'self', score: points, text: 'Đã thực hiện theo kế hoạch; tài liệu kèm theo.' });
      if (c.scoring.kind === 'appraised') scores.push({ code: c.code, side: 'appraisal', score: points, text: null });
    }
    if (adjust) scores.push({ code: '3.4', side: 'appraisal', score: 2, text: 'Còn quy trình nội bộ chưa được phê duyệt.' });
    await writeAssessment(ctx.db, key, 0, { status: 'submitted', submittedAt: now, scores }, audit);
    const frozen = set.criteria
      .filter((c) => c.scoring.kind === 'computed')
      .map((c) => ({ code: c.code, points: Math.round(c.max * share * 4) / 4 }));
    await writeAssessment(ctx.db, key, 1, { status: 'finalised', finalisedAt: now, freeze: frozen }, audit);
  }
}
