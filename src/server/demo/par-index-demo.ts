/**
 * The demo's CCHC index: the illustrative criteria sets stored, and two Ninh Thuận departments' assessments of 2026
 * finalised (self scores with explanations and the documents they ask for, the Sở Nội vụ's scores of the survey
 * criteria, one adjustment with its reason), so the results page shows a ranking; Sở KH&CN's is left for the visitor to
 * walk.
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
  // written as the walk writes them, so that each assessment's history reads as it would have happened
  const as = (actorId: string | null, action: string, after: Record<string, unknown>) => ({ actorId, action, before: {}, after, now });
  for (const [agencyId, officer, share, adjust] of [
    ['nt-so-tu-phap', 'acc-tuphap.baocao', 0.9, true],
    ['nt-so-y-te', null, 0.75, false],
  ] as const) {
    const key = { id: `idx-demo-${agencyId}`, setId: SET, agencyId };
    const points = (max: number) => Math.round(max * share * 4) / 4;
    const note = 'Đã thực hiện theo kế hoạch; tài liệu kèm theo.';
    const self = set.criteria.filter((c) => c.scoring.kind === 'self');
    const selfScores: ScoreWrite[] = self.map((c) => ({ code: c.code, side: 'self', score: points(c.max), text: note }));
    let version = (await writeAssessment(
      ctx.db,
      key,
      0,
      { status: 'draft', scores: selfScores },
      as(officer, 'index-self-score', { scores: self.map((c) => ({ code: c.code, score: points(c.max), note })) }),
    ))!.version;
    // the evidence each self-scored criterion asks for: a document on the agency's site
    for (const c of self.filter((x) => x.evidence.required)) {
      const evidence = {
        id: `evd-demo-${agencyId}-${c.code}`,
        code: c.code,
        kind: 'link' as const,
        title: c.evidence.description ?? `Tài liệu kiểm chứng tiêu chí ${c.code}`,
        url: `https://${agencyId.replace(/^nt-/u, '')}.ninhthuan.gov.vn/cchc/2026/${c.code}`,
      };
      version = (await writeAssessment(
        ctx.db,
        key,
        version,
        { addEvidence: evidence },
        as(officer, 'index-evidence-add', { code: c.code, kind: 'link', title: evidence.title, url: evidence.url }),
      ))!.version;
    }
    version = (await writeAssessment(
      ctx.db,
      key,
      version,
      { status: 'submitted', submittedAt: now },
      as(null, 'index-submit', { status: 'submitted' }),
    ))!.version;
    // the Sở Nội vụ scores the survey criteria, and adjusts one score with its reason
    const appraised = set.criteria
      .filter((c) => c.scoring.kind === 'appraised')
      .map((c) => ({ code: c.code, score: points(c.max), reason: null as string | null }));
    if (adjust) appraised.push({ code: '3.4', score: 2, reason: 'Còn quy trình nội bộ chưa được phê duyệt.' });
    version = (await writeAssessment(
      ctx.db,
      key,
      version,
      { scores: appraised.map((x) => ({ code: x.code, side: 'appraisal', score: x.score, text: x.reason })) },
      as('acc-snv.tonghop', 'index-appraise', { scores: appraised }),
    ))!.version;
    const frozen = set.criteria.filter((c) => c.scoring.kind === 'computed').map((c) => ({ code: c.code, points: points(c.max) }));
    await writeAssessment(
      ctx.db,
      key,
      version,
      { status: 'finalised', finalisedAt: now, freeze: frozen },
      as('acc-snv.tonghop', 'index-finalise', { status: 'finalised' }),
    );
  }
}
