/**
 * The CCHC index → API shapes (the shared schemas' types, so a presenter that drifts from the schema fails the
 * type-check). Only the fields the schemas name leave the server.
 */
import { z } from 'zod';
import { INDEX_GROUP_LABELS, type CriteriaSet } from '../../core/par-index/criteria-set.js';
import type {
  assessmentListSchema,
  assessmentSchema,
  criteriaSetSchema,
  criteriaSetSummarySchema,
  indexCompareSchema,
  indexHistorySchema,
  indexResultsSchema,
} from '../../shared/index-schemas.js';
import {
  computedFrom,
  type AssessmentView,
  type IndexSetView,
  type IndexResults,
  type indexAssessmentHistory,
  type listIndexAssessments,
  type compareIndexYears,
} from '../services/par-index.service.js';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export function presentCriteriaSetSummary(set: CriteriaSet): z.infer<typeof criteriaSetSummarySchema> {
  return {
    id: set.id,
    year: set.year,
    group: set.group,
    groupLabel: INDEX_GROUP_LABELS[set.group],
    name: set.name,
    decision: set.decision,
    example: set.example,
    max: set.max,
  };
}

export function presentCriteriaSet({ set, indicatorNames }: IndexSetView): z.infer<typeof criteriaSetSchema> {
  return {
    ...presentCriteriaSetSummary(set),
    areas: set.areas.map((a) => ({ key: a.key, code: a.code, name: a.name, max: a.max, criteria: [...a.criteria] })),
    groups: set.groups.map((g) => ({ code: g.code, name: g.name, max: g.max, area: g.area, children: [...g.children] })),
    criteria: set.criteria.map((c) => ({
      code: c.code,
      name: c.name,
      max: c.max,
      area: c.area,
      parent: c.parent,
      scoring: c.scoring.kind,
      computedFrom: computedFrom(c, indicatorNames),
      evidence: { required: c.evidence.required, description: c.evidence.description, reports: c.evidence.reports },
      guidance: c.guidance,
    })),
  };
}

export function presentAssessment(v: AssessmentView): z.infer<typeof assessmentSchema> {
  return {
    setId: v.setId,
    agencyId: v.agencyId,
    agencyName: v.agencyName,
    version: v.version,
    status: v.status,
    statusLabel: v.statusLabel,
    returnReason: v.returnReason,
    submittedAt: iso(v.submittedAt),
    finalisedAt: iso(v.finalisedAt),
    criteria: v.criteria.map((c) => ({
      code: c.code,
      self: c.self,
      selfNote: c.selfNote,
      appraised: c.appraised,
      appraisalReason: c.appraisalReason,
      computed: c.computed,
      final: c.final,
      adjusted: c.adjusted,
      evidence: c.evidence.map((e) => ({
        id: e.id,
        code: e.code,
        kind: e.kind,
        title: e.title,
        fileName: e.fileName,
        size: e.size,
        reportId: e.reportId,
        url: e.url,
        auto: e.auto,
        createdAt: iso(e.createdAt),
      })),
    })),
    totals: v.totals,
    findings: v.findings.map((f) => ({ rule: f.rule, kind: f.kind, severity: f.severity, code: f.code, message: f.message })),
    forecast: v.forecast,
    reports: v.reports,
    permissions: v.permissions,
    maxEvidenceBytes: v.maxEvidenceBytes,
  };
}

export function presentAssessmentList(items: Awaited<ReturnType<typeof listIndexAssessments>>): z.infer<typeof assessmentListSchema> {
  return items.map((i) => ({ ...i, submittedAt: iso(i.submittedAt), finalisedAt: iso(i.finalisedAt) }));
}

export function presentIndexResults(r: IndexResults): z.infer<typeof indexResultsSchema> {
  return {
    set: presentCriteriaSetSummary(r.set),
    provinceId: r.provinceId,
    provinceName: r.provinceName,
    publishedOnly: r.publishedOnly,
    published: r.published ? { at: iso(r.published.at)!, decision: r.published.decision } : null,
    ranking: r.ranking.map((x) => ({
      rank: x.rank,
      agencyId: x.agencyId,
      agencyName: x.name,
      score: x.score,
      max: x.max,
      percent: x.percent,
      band: x.band,
      areas: x.areas,
    })),
    pending: r.pending,
    areas: r.areas,
  };
}

export function presentIndexCompare(c: Awaited<ReturnType<typeof compareIndexYears>>): z.infer<typeof indexCompareSchema> {
  return c;
}

const HISTORY_LABELS: Record<string, string> = {
  'index-self-score': 'Lưu điểm tự đánh giá',
  'index-appraise': 'Lưu điểm thẩm định',
  'index-evidence-add': 'Thêm tài liệu kiểm chứng',
  'index-evidence-remove': 'Gỡ tài liệu kiểm chứng',
  'index-submit': 'Gửi thẩm định',
  'index-return': 'Trả lại để bổ sung',
  'index-finalise': 'Chốt kết quả',
  'index-reopen': 'Mở lại thẩm định',
  'seed-demo': 'Dữ liệu minh họa',
};

// what the service's audit rows hold (par-index.service.ts, write's `after`); older or foreign rows read as nothing
const text = z.string().nullable().optional();
const auditScores = z.object({
  scores: z.array(z.object({ code: z.string(), score: z.number().nullable(), note: text, reason: text })),
});
const auditEvidence = z.object({
  code: z.string(),
  kind: z.enum(['file', 'report', 'link']),
  fileName: text,
  size: z.number().nullable().optional(),
  title: text,
  url: text,
});
const auditMove = z.object({ reason: text });
const auditVersion = z.object({ version: z.number().int() });

const pointsVi = (n: number) => `${n.toLocaleString('vi-VN', { maximumFractionDigits: 2 })} điểm`;
const sizeVi = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('vi-VN')} KB`
    : `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;

/** The lines saying what a write changed, in Vietnamese. */
function historyDetails(action: string, after: unknown): string[] {
  switch (action) {
    case 'index-self-score':
    case 'index-appraise': {
      const parsed = auditScores.safeParse(after);
      if (!parsed.success) return [];
      return parsed.data.scores.map((s) => {
        const explained = action === 'index-self-score' ? s.note : s.reason;
        const what = s.score === null ? 'bỏ điểm' : pointsVi(s.score);
        const why = explained?.trim() ? (action === 'index-self-score' ? ` — ${explained.trim()}` : ` — lý do: ${explained.trim()}`) : '';
        return `Tiêu chí ${s.code}: ${what}${why}`;
      });
    }
    case 'index-evidence-add':
    case 'index-evidence-remove': {
      const parsed = auditEvidence.safeParse(after);
      if (!parsed.success) return [];
      const e = parsed.data;
      const what =
        e.kind === 'file'
          ? `tệp ${e.fileName ?? e.title ?? ''}${typeof e.size === 'number' ? ` (${sizeVi(e.size)})` : ''}`
          : e.kind === 'report'
            ? (e.title ?? 'báo cáo trong CCHC')
            : `đường dẫn ${e.title && e.url ? `${e.title} (${e.url})` : (e.url ?? e.title ?? '')}`;
      return [`Tiêu chí ${e.code}: ${what.trim()}`];
    }
    case 'index-return':
    case 'index-reopen':
    case 'index-submit':
    case 'index-finalise': {
      const parsed = auditMove.safeParse(after);
      return parsed.success && parsed.data.reason?.trim() ? [`Lý do: ${parsed.data.reason.trim()}`] : [];
    }
    default:
      return [];
  }
}

/** An assessment's audit rows → its history, oldest first. */
export function presentIndexHistory(rows: Awaited<ReturnType<typeof indexAssessmentHistory>>): z.infer<typeof indexHistorySchema> {
  return rows.map((h) => {
    const version = auditVersion.safeParse(h.after);
    return {
      at: iso(h.at)!,
      action: h.action,
      label: HISTORY_LABELS[h.action] ?? 'Cập nhật',
      actor: h.actor,
      version: version.success ? version.data.version : null,
      details: historyDetails(h.action, h.after),
    };
  });
}
