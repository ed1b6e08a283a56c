/**
 * Picks the template version a document was written on: the one whose rows its appendix matches best; among
 * versions that match about as well, the one in force at the end of the report's period, in the report's province. Pure.
 */
import { isInForce, type Template } from '../../core/catalogue/template.js';
import { cutoffRange, type Period } from '../../core/periods/period.js';
import { foldForMatch } from '../../core/values/text.js';
import type { AppendixTable } from '../appendix/appendix-tables.js';
import { matchRows, type MatchResult } from '../matching/row-matcher.js';
import { cleanSourceLabel } from '../matching/label-similarity.js';

export interface TemplateCandidate {
  template: Template;
  /** 0–1: share of source rows matched, weighted by confidence, times the share of template rows found. */
  score: number;
  /** The row match behind the score, when it covered every row of the document (reusable by the import). */
  match: MatchResult | null;
}

export function scoreTemplate(template: Template, tables: readonly AppendixTable[]): number {
  return scoreMatch(template, tables, matchRows(template, tables));
}

function scoreMatch(template: Template, tables: readonly AppendixTable[], { rows, missing }: MatchResult): number {
  if (rows.length === 0) return 0;
  const matched = rows.reduce((sum, r) => sum + (r.row ? r.confidence : 0), 0) / rows.length;
  const coverage = 1 - missing.length / template.rows.length;
  const extraColumn = tables[0]?.extraColumn;
  const columnFits = (extraColumn === 'responsible') === (template.family === 'responsible-unit') ? 1 : 0.9;
  return matched * (0.5 + 0.5 * coverage) * columnFits;
}

const labelSets = new WeakMap<Template, Set<string>>();

/** A quick look: the share of source labels found verbatim (folded) in the template. */
function quickScore(template: Template, labels: readonly string[]): number {
  let set = labelSets.get(template);
  if (!set) {
    set = new Set(template.rows.map((r) => foldForMatch(r.label)));
    labelSets.set(template, set);
  }
  if (labels.length === 0) return 0;
  return labels.filter((l) => set.has(l)).length / labels.length;
}

/** Below this a template fits the appendix poorly: the import says so and every row is unsure. */
export const POOR_TEMPLATE_FIT = 0.5;

export interface RankHints {
  period?: Period | null;
  province?: string | null;
  /**
   * Run the full row matcher on every version, not only on the shortlist of the quick look (for tests: the quick
   * look must never drop the version the full ranking picks).
   */
  exhaustive?: boolean;
}

export function rankTemplates(allTemplates: readonly Template[], tables: readonly AppendixTable[], hints: RankHints = {}): TemplateCandidate[] {
  // the table's shape names the family: a "Đơn vị thực hiện" column, "Biểu mẫu N" forms, or a single table
  const responsible = tables.some((t) => t.extraColumn === 'responsible');
  const hasForms = tables.filter((t) => t.form !== null).length >= 2;
  const family = responsible ? 'responsible-unit' : hasForms ? 'forms' : 'seven-section';
  const sameFamily = allTemplates.filter((t) => t.family === family);
  if (sameFamily.length === 0 || sameFamily.length === allTemplates.length) return rankWithin(allTemplates, tables, hints);
  const ranked = rankWithin(sameFamily, tables, hints);
  // the shape may mislead (forms on separate sheets without titles): when its family fits poorly, try the others
  if ((ranked[0]?.score ?? 0) >= POOR_TEMPLATE_FIT) return ranked;
  const others = rankWithin(
    allTemplates.filter((t) => t.family !== family),
    tables,
    hints,
  );
  return [...ranked, ...others].sort((a, b) => b.score - a.score);
}

function rankWithin(templates: readonly Template[], tables: readonly AppendixTable[], hints: RankHints): TemplateCandidate[] {
  // only versions that look close on a quick look get the full match
  const labels = tables.flatMap((t) => t.rows.slice(0, 400).map((r) => foldForMatch(cleanSourceLabel(r.label)))).filter((l) => l.length > 0);
  const quick = templates.map((template) => ({ template, quick: quickScore(template, labels) }));
  const bestQuick = Math.max(0, ...quick.map((q) => q.quick));
  const shortlisted = quick.filter((q) => hints.exhaustive || q.quick >= bestQuick - 0.15 || bestQuick < 0.3).map((q) => q.template);
  const sample =
    tables.length > 0 && tables.reduce((n, t) => n + t.rows.length, 0) > 600 ? tables.map((t) => ({ ...t, rows: t.rows.slice(0, 400) })) : tables;
  const scored = shortlisted.map((template) => {
    const match = matchRows(template, sample);
    return { template, score: scoreMatch(template, sample, match), match: sample === tables ? match : null };
  });
  const top = Math.max(0, ...scored.map((s) => s.score));
  const onDate = hints.period ? cutoffRange(hints.period).to : null;
  const preference = (t: Template) =>
    (onDate && isInForce(t, onDate) ? 2 : 0) + (hints.province && t.province && foldForMatch(t.province) === foldForMatch(hints.province) ? 1 : 0);
  return scored.sort((a, b) => {
    const nearA = top - a.score <= 0.03;
    const nearB = top - b.score <= 0.03;
    if (nearA !== nearB) return nearA ? -1 : 1;
    if (nearA && nearB) {
      const byPreference = preference(b.template) - preference(a.template);
      if (byPreference !== 0) return byPreference;
    }
    return b.score - a.score || b.template.effectiveFrom.localeCompare(a.template.effectiveFrom);
  });
}
