/**
 * A criteria set of the province's CCHC index (Chỉ số CCHC): one per agency group (departments, commune-level
 * committees) and year, issued by the province each year and shipped as a data file (index-criteria/*.yaml). Areas →
 * criteria → sub-criteria, each leaf with its maximum points and how it is scored: self-assessed (with the evidence it
 * asks for), computed from CCHC's own data (reports sent on time; a ratio of indicators of the accepted reports, with
 * a points scale), or entered by the Sở Nội vụ (surveys, inspections). Pure: parsing and checking only.
 */
import { z } from 'zod';

export const INDEX_GROUPS = ['departments', 'communes'] as const;
export type IndexGroup = (typeof INDEX_GROUPS)[number];

export const INDEX_GROUP_LABELS: Record<IndexGroup, string> = {
  departments: 'Sở, ban, ngành',
  communes: 'UBND cấp xã',
};

/** A points scale: steps (from this percent on, these points; the highest step reached wins) or proportional. */
export type PointsScale = { kind: 'steps'; steps: { from: number; points: number }[] } | { kind: 'proportional' };

/** What a computed criterion is computed from. */
export type ComputedSource =
  /** The share of the year's reporting rounds whose report was sent by the deadline. */
  | { kind: 'report-timeliness' }
  /** numerator / denominator × 100, both canonical indicators of the agency's latest accepted report of the year. */
  | { kind: 'ratio'; numerator: string; denominator: string }
  /** A percent indicator's value in the agency's latest accepted report of the year. */
  | { kind: 'indicator'; indicator: string };

export type Scoring =
  | { kind: 'self' }
  | { kind: 'computed'; source: ComputedSource; scale: PointsScale }
  /** Entered by the Sở Nội vụ's appraisal team (survey results, inspections); the agency does not score it. */
  | { kind: 'appraised' };

export type ScoringKind = Scoring['kind'];

export interface EvidenceSpec {
  /** Whether a self score above 0 needs at least one piece of evidence (a missing one is a finding). */
  required: boolean;
  /** What the evidence is ("Quyết định ban hành Kế hoạch CCHC năm"). */
  description: string | null;
  /** The criterion asks for the periodic CCHC reports: the agency's reports of the year are linked automatically. */
  reports: boolean;
}

/** A scored leaf of the tree: a criterion without sub-criteria, or a sub-criterion. */
export interface IndexCriterion {
  code: string;
  name: string;
  max: number;
  /** The area's key. */
  area: string;
  /** The parent criterion's code, for a sub-criterion. */
  parent: string | null;
  scoring: Scoring;
  evidence: EvidenceSpec;
  /** How to score it, for the agency and the appraisers. */
  guidance: string | null;
}

/** A criterion that groups sub-criteria (its points are theirs). */
export interface IndexCriterionGroup {
  code: string;
  name: string;
  max: number;
  area: string;
  /** Its sub-criteria's codes, in order. */
  children: string[];
}

export interface IndexArea {
  key: string;
  code: string;
  name: string;
  max: number;
  /** Top-level criteria codes (groups or leaves), in order. */
  criteria: string[];
}

export interface CriteriaSet {
  id: string;
  year: number;
  group: IndexGroup;
  name: string;
  /** The decision the set follows ("Quyết định số …/QĐ-UBND"), or a note that it is an example. */
  decision: string | null;
  /** An illustrative set (not a province's decision): the pages say so. */
  example: boolean;
  areas: IndexArea[];
  groups: IndexCriterionGroup[];
  /** Scored leaves, in document order. */
  criteria: IndexCriterion[];
  max: number;
}

export interface CriteriaProblem {
  /** Where: "areas[2].criteria[1]" or a criterion code. */
  at: string;
  message: string;
}

export type CriteriaBuildResult = { ok: true; set: CriteriaSet } | { ok: false; problems: CriteriaProblem[] };

const points = z.number().min(0).max(1000);
const percentNumber = z.number().min(0).max(100);

const scaleSchema = z.union([z.literal('proportional'), z.array(z.object({ from: percentNumber, points }).strict()).min(1)]);

const computedSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('report-timeliness'), scale: scaleSchema }).strict(),
  z.object({ kind: z.literal('ratio'), numerator: z.string().min(1), denominator: z.string().min(1), scale: scaleSchema }).strict(),
  z.object({ kind: z.literal('indicator'), indicator: z.string().min(1), scale: scaleSchema }).strict(),
]);

const evidenceSchema = z
  .object({
    required: z.boolean().default(false),
    description: z.string().min(1).optional(),
    reports: z.boolean().default(false),
  })
  .strict();

const codeSchema = z.union([z.string().min(1), z.number()]).transform((c) => String(c).trim().replace(/\.+$/u, ''));

const leafFields = {
  code: codeSchema,
  name: z.string().min(1),
  max: points.optional(),
  scoring: z.enum(['self', 'computed', 'appraised']).optional(),
  compute: computedSchema.optional(),
  evidence: evidenceSchema.optional(),
  guidance: z.string().min(1).optional(),
};

const subCriterionSchema = z.object(leafFields).strict();
const criterionSchema = z.object({ ...leafFields, subcriteria: z.array(subCriterionSchema).min(1).optional() }).strict();

export const criteriaSetSourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/u, 'id chỉ gồm chữ thường không dấu, số và dấu gạch ngang'),
    year: z.number().int().min(2000).max(2100),
    group: z.enum(INDEX_GROUPS),
    name: z.string().min(1),
    decision: z.string().min(1).optional(),
    example: z.boolean().default(false),
    areas: z
      .array(
        z
          .object({
            key: z.string().regex(/^[a-z][a-z0-9-]*$/u, 'khóa lĩnh vực chỉ gồm chữ thường không dấu, số và dấu gạch ngang'),
            code: codeSchema,
            name: z.string().min(1),
            max: points.optional(),
            criteria: z.array(criterionSchema).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type CriteriaSetSource = z.input<typeof criteriaSetSourceSchema>;

const vietnamese = z.locales.vi().localeError;
const schemaMessage: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1 ? 'Không được để trống.' : vietnamese(issue);

/** Points kept to hundredths: sums of halves and quarters never drift. */
export const roundPoints = (value: number): number => Math.round(value * 100) / 100;

const sumPoints = (values: readonly number[]): number => roundPoints(values.reduce((a, b) => a + Math.round(b * 100), 0) / 100);

function scaleOf(raw: z.output<typeof scaleSchema>): PointsScale {
  if (raw === 'proportional') return { kind: 'proportional' };
  return { kind: 'steps', steps: [...raw].sort((a, b) => b.from - a.from) };
}

/**
 * Builds and checks a criteria set. `indicatorIds` are the canonical catalogue's ids (templates/indicators.yaml) a
 * computed criterion may name. Every problem is listed, in Vietnamese, with where it is.
 */
export function buildCriteriaSet(input: unknown, indicatorIds: ReadonlySet<string>): CriteriaBuildResult {
  const parsed = criteriaSetSourceSchema.safeParse(input, { error: schemaMessage });
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => ({ at: issue.path.join('.') || '(gốc)', message: issue.message })) };
  }
  const source = parsed.data;
  const problems: CriteriaProblem[] = [];
  const codes = new Set<string>();
  const areaKeys = new Set<string>();
  const areas: IndexArea[] = [];
  const groups: IndexCriterionGroup[] = [];
  const criteria: IndexCriterion[] = [];

  const claim = (code: string, at: string) => {
    if (codes.has(code)) problems.push({ at, message: `Mã tiêu chí "${code}" bị trùng.` });
    codes.add(code);
  };

  const leaf = (raw: z.output<typeof subCriterionSchema>, area: string, parent: string | null, at: string): IndexCriterion | null => {
    claim(raw.code, at);
    if (raw.max === undefined) {
      problems.push({ at, message: `Tiêu chí ${raw.code} cần điểm tối đa (max).` });
      return null;
    }
    const kind = raw.scoring ?? (raw.compute ? 'computed' : 'self');
    let scoring: Scoring;
    if (kind === 'computed') {
      if (!raw.compute) {
        problems.push({ at, message: `Tiêu chí ${raw.code} được tính tự động nhưng thiếu cách tính (compute).` });
        return null;
      }
      const c = raw.compute;
      const source: ComputedSource =
        c.kind === 'report-timeliness'
          ? { kind: 'report-timeliness' }
          : c.kind === 'ratio'
            ? { kind: 'ratio', numerator: c.numerator, denominator: c.denominator }
            : { kind: 'indicator', indicator: c.indicator };
      const named = source.kind === 'ratio' ? [source.numerator, source.denominator] : source.kind === 'indicator' ? [source.indicator] : [];
      for (const id of named) {
        if (!indicatorIds.has(id))
          problems.push({ at, message: `Chỉ tiêu "${id}" không có trong danh mục chỉ tiêu dùng chung (templates/indicators.yaml).` });
      }
      const scale = scaleOf(c.scale);
      if (scale.kind === 'steps') {
        for (const step of scale.steps) {
          if (step.points > raw.max) {
            problems.push({ at, message: `Thang điểm của tiêu chí ${raw.code} cho ${step.points} điểm, vượt điểm tối đa ${raw.max}.` });
          }
        }
        const froms = scale.steps.map((s) => s.from);
        if (new Set(froms).size !== froms.length) problems.push({ at, message: `Thang điểm của tiêu chí ${raw.code} có hai mức cùng ngưỡng.` });
        // a higher rate never gives fewer points
        for (let i = 1; i < scale.steps.length; i++) {
          if (scale.steps[i]!.points > scale.steps[i - 1]!.points) {
            problems.push({ at, message: `Thang điểm của tiêu chí ${raw.code}: tỷ lệ cao hơn không được cho ít điểm hơn.` });
            break;
          }
        }
      }
      scoring = { kind: 'computed', source, scale };
    } else {
      if (raw.compute)
        problems.push({ at, message: `Tiêu chí ${raw.code} không tính tự động nên không dùng "compute" (hãy đặt scoring: computed).` });
      scoring = { kind };
    }
    const evidence: EvidenceSpec = {
      required: raw.evidence?.required ?? false,
      description: raw.evidence?.description ?? null,
      reports: raw.evidence?.reports ?? false,
    };
    if (kind === 'appraised' && evidence.required) {
      problems.push({ at, message: `Tiêu chí ${raw.code} do Sở Nội vụ chấm nên không yêu cầu đơn vị nộp tài liệu kiểm chứng.` });
    }
    return { code: raw.code, name: raw.name, max: raw.max, area, parent, scoring, evidence, guidance: raw.guidance ?? null };
  };

  source.areas.forEach((rawArea, ai) => {
    const areaAt = `areas[${ai}]`;
    if (areaKeys.has(rawArea.key)) problems.push({ at: areaAt, message: `Khóa lĩnh vực "${rawArea.key}" bị trùng.` });
    areaKeys.add(rawArea.key);
    const top: string[] = [];
    const areaPoints: number[] = [];
    rawArea.criteria.forEach((raw, ci) => {
      const at = `${areaAt}.criteria[${ci}]`;
      top.push(raw.code);
      if (raw.subcriteria) {
        claim(raw.code, at);
        if (raw.scoring || raw.compute || raw.evidence) {
          problems.push({
            at,
            message: `Tiêu chí ${raw.code} có tiêu chí thành phần: cách chấm và tài liệu kiểm chứng ghi ở từng tiêu chí thành phần.`,
          });
        }
        const children: IndexCriterion[] = [];
        raw.subcriteria.forEach((sub, si) => {
          const built = leaf(sub, rawArea.key, raw.code, `${at}.subcriteria[${si}]`);
          if (built) children.push(built);
        });
        const total = sumPoints(children.map((c) => c.max));
        if (raw.max !== undefined && children.length === raw.subcriteria.length && roundPoints(raw.max) !== total) {
          problems.push({ at, message: `Tiêu chí ${raw.code}: điểm tối đa ${raw.max} khác tổng điểm các tiêu chí thành phần (${total}).` });
        }
        criteria.push(...children);
        groups.push({ code: raw.code, name: raw.name, max: raw.max ?? total, area: rawArea.key, children: children.map((c) => c.code) });
        areaPoints.push(raw.max ?? total);
      } else {
        const built = leaf(raw, rawArea.key, null, at);
        if (built) {
          criteria.push(built);
          areaPoints.push(built.max);
        }
      }
    });
    const total = sumPoints(areaPoints);
    if (rawArea.max !== undefined && roundPoints(rawArea.max) !== total) {
      problems.push({ at: areaAt, message: `Lĩnh vực ${rawArea.code}: điểm tối đa ${rawArea.max} khác tổng điểm các tiêu chí (${total}).` });
    }
    areas.push({ key: rawArea.key, code: rawArea.code, name: rawArea.name, max: rawArea.max ?? total, criteria: top });
  });

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    set: {
      id: source.id,
      year: source.year,
      group: source.group,
      name: source.name,
      decision: source.decision ?? null,
      example: source.example,
      areas,
      groups,
      criteria,
      max: sumPoints(areas.map((a) => a.max)),
    },
  };
}

/** The leaf criteria by code. */
export function criteriaByCode(set: CriteriaSet): Map<string, IndexCriterion> {
  return new Map(set.criteria.map((c) => [c.code, c]));
}
