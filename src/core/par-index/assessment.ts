/**
 * An agency's assessment against a criteria set: its self scores with explanations and evidence, the appraisal
 * team's adjustments with their reasons, the computed criteria's points; the final score of each criterion, the
 * running total, the per-area scores, the index in percent; its findings (missing required evidence, scores out of
 * range, criteria not scored, adjustments without a reason); and its workflow (draft → submitted → returned →
 * submitted … → finalised). Pure.
 */
import { criteriaByCode, roundPoints, type CriteriaSet, type IndexCriterion } from './criteria-set.js';
import type { ComputedScore } from './computed.js';

export type AssessmentStatus = 'draft' | 'submitted' | 'returned' | 'finalised';
export const ASSESSMENT_STATUSES: readonly AssessmentStatus[] = ['draft', 'submitted', 'returned', 'finalised'];

export const ASSESSMENT_STATUS_LABELS: Record<AssessmentStatus, string> = {
  draft: 'Đang tự đánh giá',
  submitted: 'Đã gửi thẩm định',
  returned: 'Trả lại bổ sung',
  finalised: 'Đã chốt kết quả',
};

/** What is stored per criterion. */
export interface ScoreEntry {
  code: string;
  selfScore: number | null;
  selfNote: string | null;
  appraisedScore: number | null;
  appraisalReason: string | null;
  /** The computed points frozen when the assessment was finalised (null before). */
  frozenComputed: number | null;
}

export interface EvidenceRef {
  code: string;
  kind: 'file' | 'report' | 'link';
}

export interface CriterionResult {
  code: string;
  max: number;
  self: number | null;
  computed: number | null;
  appraised: number | null;
  /** The score that counts: the appraisal's when it adjusted, else the computed or self score (appraised-only: theirs). */
  final: number | null;
  /** The appraisal changed the agency's (or the computation's) score. */
  adjusted: boolean;
}

export interface AreaResult {
  key: string;
  code: string;
  name: string;
  max: number;
  score: number;
  percent: number;
}

export interface AssessmentTotals {
  score: number;
  max: number;
  /** The index in percent (score / max × 100, to hundredths). */
  percent: number;
  /** The agency's own total: self scores and computed points, before the appraisal. */
  selfScore: number;
  areas: AreaResult[];
  criteria: CriterionResult[];
}

export type IndexFindingKind = 'missing-evidence' | 'out-of-range' | 'not-scored' | 'missing-explanation' | 'missing-reason';

/** A problem with an assessment: data, never an exception; it never blocks saving a draft. */
export interface IndexFinding {
  rule: string;
  kind: IndexFindingKind;
  severity: 'error' | 'warning';
  code: string;
  message: string;
}

const sum = (values: readonly number[]) => roundPoints(values.reduce((a, b) => a + Math.round(b * 100), 0) / 100);
const percentOf = (score: number, max: number) => (max > 0 ? roundPoints((score / max) * 100) : 0);

/** The score of one criterion from what is stored and computed. */
export function criterionResult(criterion: IndexCriterion, entry: ScoreEntry | undefined, computed: ComputedScore | undefined): CriterionResult {
  const self = entry?.selfScore ?? null;
  const appraised = entry?.appraisedScore ?? null;
  const computedPoints = entry?.frozenComputed ?? computed?.points ?? null;
  const base = criterion.scoring.kind === 'computed' ? computedPoints : criterion.scoring.kind === 'self' ? self : null;
  const final = appraised ?? base;
  return {
    code: criterion.code,
    max: criterion.max,
    self,
    computed: criterion.scoring.kind === 'computed' ? computedPoints : null,
    appraised,
    final: final === null ? null : roundPoints(Math.min(criterion.max, Math.max(0, final))),
    adjusted: appraised !== null && criterion.scoring.kind !== 'appraised' && appraised !== base,
  };
}

/** Totals, per-area scores and the index in percent. Criteria not scored count 0. */
export function assessmentTotals(set: CriteriaSet, entries: readonly ScoreEntry[], computed: ReadonlyMap<string, ComputedScore>): AssessmentTotals {
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const criteria = set.criteria.map((c) => criterionResult(c, byCode.get(c.code), computed.get(c.code)));
  const results = new Map(criteria.map((r) => [r.code, r]));
  const areas = set.areas.map((area) => {
    const codes = set.criteria.filter((c) => c.area === area.key).map((c) => c.code);
    const score = sum(codes.map((code) => results.get(code)!.final ?? 0));
    return { key: area.key, code: area.code, name: area.name, max: area.max, score, percent: percentOf(score, area.max) };
  });
  const score = sum(areas.map((a) => a.score));
  const selfScore = sum(
    set.criteria.map((c) => {
      const r = results.get(c.code)!;
      return c.scoring.kind === 'self' ? Math.min(c.max, Math.max(0, r.self ?? 0)) : c.scoring.kind === 'computed' ? (r.computed ?? 0) : 0;
    }),
  );
  return { score, max: set.max, percent: percentOf(score, set.max), selfScore, areas, criteria };
}

/** The findings of an assessment: what the agency (or the appraisal team) still has to put right. */
export function assessmentFindings(
  set: CriteriaSet,
  entries: readonly ScoreEntry[],
  evidence: readonly EvidenceRef[],
  autoLinked: ReadonlySet<string> = new Set(),
) {
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const withEvidence = new Set(evidence.map((e) => e.code));
  const findings: IndexFinding[] = [];
  for (const c of set.criteria) {
    const entry = byCode.get(c.code);
    const outOfRange = (score: number | null, who: string) => {
      if (score !== null && (score < 0 || score > c.max)) {
        findings.push({
          rule: `out-of-range:${c.code}`,
          kind: 'out-of-range',
          severity: 'error',
          code: c.code,
          message: `${who} tiêu chí ${c.code} là ${score}, ngoài khoảng 0–${c.max} điểm.`,
        });
      }
    };
    if (c.scoring.kind === 'self') {
      const self = entry?.selfScore ?? null;
      if (self === null) {
        findings.push({
          rule: `not-scored:${c.code}`,
          kind: 'not-scored',
          severity: 'warning',
          code: c.code,
          message: `Tiêu chí ${c.code} chưa tự chấm điểm.`,
        });
      }
      outOfRange(self, 'Điểm tự chấm');
      if (self !== null && self > 0 && c.evidence.required && !withEvidence.has(c.code) && !(c.evidence.reports && autoLinked.has(c.code))) {
        findings.push({
          rule: `missing-evidence:${c.code}`,
          kind: 'missing-evidence',
          severity: 'error',
          code: c.code,
          message: `Tiêu chí ${c.code} chưa có tài liệu kiểm chứng${c.evidence.description ? ` (${c.evidence.description})` : ''}.`,
        });
      }
      if (self !== null && self > 0 && !(entry?.selfNote ?? '').trim()) {
        findings.push({
          rule: `missing-explanation:${c.code}`,
          kind: 'missing-explanation',
          severity: 'warning',
          code: c.code,
          message: `Tiêu chí ${c.code} chưa có giải trình cho điểm tự chấm.`,
        });
      }
    }
    outOfRange(entry?.appraisedScore ?? null, 'Điểm thẩm định');
    if (entry && entry.appraisedScore !== null && c.scoring.kind !== 'appraised' && !(entry.appraisalReason ?? '').trim()) {
      findings.push({
        rule: `missing-reason:${c.code}`,
        kind: 'missing-reason',
        severity: 'error',
        code: c.code,
        message: `Điểm thẩm định của tiêu chí ${c.code} cần ghi lý do điều chỉnh.`,
      });
    }
  }
  return findings;
}

// ------------------------------------------------------------------------------------------------ workflow

export type AssessmentAction = 'submit' | 'return' | 'finalise' | 'reopen';
export const ASSESSMENT_ACTIONS: readonly AssessmentAction[] = ['submit', 'return', 'finalise', 'reopen'];

export type AssessmentMove = { ok: true; to: AssessmentStatus } | { ok: false; message: string };

/** Who acts: the agency (self-assessment, submit) or the appraisal team (return, finalise, reopen). */
export const ACTION_BY: Record<AssessmentAction, 'agency' | 'appraiser'> = {
  submit: 'agency',
  return: 'appraiser',
  finalise: 'appraiser',
  reopen: 'appraiser',
};

/**
 * A workflow step. Submitting needs no error finding of the agency's own (missing evidence, a score out of range);
 * returning needs a reason; finalising needs every appraisal adjustment to carry its reason; reopening brings a
 * finalised assessment back to the appraisal.
 */
export function moveAssessment(
  status: AssessmentStatus,
  action: AssessmentAction,
  options: { findings: readonly IndexFinding[]; reason?: string | null },
): AssessmentMove {
  switch (action) {
    case 'submit': {
      if (status !== 'draft' && status !== 'returned') return { ok: false, message: 'Chỉ gửi được bản tự đánh giá đang soạn hoặc bị trả lại.' };
      const blocking = options.findings.filter((f) => f.severity === 'error' && f.kind !== 'missing-reason');
      if (blocking.length > 0) return { ok: false, message: `Còn ${blocking.length} lỗi cần sửa trước khi gửi: ${blocking[0]!.message}` };
      return { ok: true, to: 'submitted' };
    }
    case 'return':
      if (status !== 'submitted') return { ok: false, message: 'Chỉ trả lại được bản tự đánh giá đã gửi thẩm định.' };
      if (!(options.reason ?? '').trim()) return { ok: false, message: 'Cần ghi lý do trả lại (tài liệu cần bổ sung).' };
      return { ok: true, to: 'returned' };
    case 'finalise': {
      if (status !== 'submitted') return { ok: false, message: 'Chỉ chốt được kết quả của bản tự đánh giá đã gửi thẩm định.' };
      const reasons = options.findings.filter(
        (f) => f.kind === 'missing-reason' || (f.kind === 'out-of-range' && f.message.startsWith('Điểm thẩm định')),
      );
      if (reasons.length > 0) return { ok: false, message: reasons[0]!.message };
      return { ok: true, to: 'finalised' };
    }
    case 'reopen':
      if (status !== 'finalised') return { ok: false, message: 'Chỉ mở lại được kết quả đã chốt.' };
      return { ok: true, to: 'submitted' };
  }
}

/** Whether the agency may change its self scores and evidence in this state. */
export const agencyMayEdit = (status: AssessmentStatus): boolean => status === 'draft' || status === 'returned';
/** Whether the appraisal team may change appraised scores in this state. */
export const appraiserMayEdit = (status: AssessmentStatus): boolean => status === 'submitted';

/** Checks a score sent for a criterion: a number of hundredths within 0–max, or null to clear it. */
export function scoreProblem(criterion: IndexCriterion | undefined, score: number | null): string | null {
  if (!criterion) return 'Không có tiêu chí này trong bộ tiêu chí.';
  if (score === null) return null;
  if (!Number.isFinite(score) || score < 0 || score > criterion.max) return `Điểm của tiêu chí ${criterion.code} phải từ 0 đến ${criterion.max}.`;
  if (Math.round(score * 100) !== score * 100 && Math.abs(Math.round(score * 100) - score * 100) > 1e-6)
    return `Điểm của tiêu chí ${criterion.code} lấy tối đa hai chữ số thập phân.`;
  return null;
}

export { criteriaByCode };
