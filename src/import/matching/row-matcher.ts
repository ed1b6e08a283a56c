/**
 * Matches the rows of a source appendix to a template version's rows by form, printed code and label, in document
 * order. Copes with codes printed twice (the children of 1.2 printed 1.1.1–1.1.4), uncoded breakdown rows, missing
 * and extra rows (kept, unmapped), rows printed twice (the copy kept, unmapped). A template row is matched at most
 * once. Every match has a confidence; low ones are flagged, never silently accepted. Pure.
 */
import { stripTrailingDot } from '../../core/catalogue/template-source.js';
import type { Template, TemplateRow } from '../../core/catalogue/template.js';
import type { AppendixRow, AppendixTable } from '../appendix/appendix-tables.js';
import { cleanSourceLabel, gramSimilarity, labelGrams, labelSimilarity, splitRemark, type Grams } from './label-similarity.js';

export interface MatchedRow {
  source: AppendixRow;
  /** Form of the source table ("1"…"7") or null. */
  form: string | null;
  /** The template row, or null when the row is not in the template (kept and flagged as unmapped). */
  row: TemplateRow | null;
  /** The label as printed, cleaned of list markers and the agency's remark. */
  label: string;
  /** An agency remark found in the label cell ("02/QĐ-BQLKDL ngày …"). */
  remark: string | null;
  /** 0–1: how sure the match is. */
  confidence: number;
}

export interface MatchResult {
  rows: MatchedRow[];
  /** Template rows no source row matched. */
  missing: TemplateRow[];
}

export const UNSURE_BELOW = 0.75;

const isCode = (code: string) => /^\d+(?:\.\d+)*\.?$/u.test(code);

/** `code`: the source code without its trailing dot when it is a code, else null. */
function codeScore(code: string | null, row: TemplateRow): number {
  if (code === null) return row.breakdown ? 0.6 : 0;
  if (row.breakdown) return 0;
  if (row.logicalCode === code) return 1;
  if (row.code && printedCode(row) === code) return 0.95;
  return 0;
}

// what the matcher needs of a template row, worked out once per row (template versions are matched with every document)
// (each with the text it was worked out from: a row object changed since is worked out again)
const printedCodes = new WeakMap<TemplateRow, { from: string; code: string }>();
const rowGrams = new WeakMap<TemplateRow, { from: string; grams: Grams }>();

function printedCode(row: TemplateRow): string {
  const from = row.code ?? '';
  let known = printedCodes.get(row);
  if (known?.from !== from) {
    known = { from, code: stripTrailingDot(from) };
    printedCodes.set(row, known);
  }
  return known.code;
}

function gramsOfRow(row: TemplateRow): Grams {
  let known = rowGrams.get(row);
  if (known?.from !== row.label) {
    known = { from: row.label, grams: labelGrams(row.label) };
    rowGrams.set(row, known);
  }
  return known.grams;
}

/** What the matcher needs of a source row, the same for every template version it is matched with. */
interface SourceKey {
  rawLabel: string;
  rawCode: string;
  label: string;
  grams: Grams;
  mayHaveRemark: boolean;
  /** The printed code without its trailing dot, or null when the code cell holds no code. */
  code: string | null;
}

const sourceKeys = new WeakMap<AppendixRow, SourceKey>();

function sourceKey(source: AppendixRow): SourceKey {
  let key = sourceKeys.get(source);
  // rows are plain objects: a row changed since (a piece joined on) is worked out again
  if (key && key.rawLabel === source.label && key.rawCode === source.code) return key;
  const label = cleanSourceLabel(source.label);
  key = {
    rawLabel: source.label,
    rawCode: source.code,
    label,
    grams: labelGrams(label),
    mayHaveRemark: /\s[-–]\s/u.test(label),
    code: isCode(source.code) ? stripTrailingDot(source.code) : null,
  };
  sourceKeys.set(source, key);
  return key;
}

function formRows(template: Template, form: string | null): TemplateRow[] {
  if (template.forms.length === 1 && template.forms[0]!.number === null) return template.rows;
  if (form === null) return template.rows;
  return template.rows.filter((r) => r.form === form);
}

export function matchRows(template: Template, tables: readonly AppendixTable[]): MatchResult {
  const used = new Set<string>();
  const matched: MatchedRow[] = [];
  const multiForm = template.forms.some((f) => f.number !== null);

  tables.forEach((table, tableIndex) => {
    const form = multiForm ? (table.form ?? template.forms[tableIndex]?.number ?? null) : null;
    const candidates = formRows(template, form);
    let cursor = 0; // index in candidates after the last match
    let last: TemplateRow | null = null; // the template row of the last row matched in this table

    for (const source of table.rows) {
      const { label, grams, mayHaveRemark, code: sourceCode } = sourceKey(source);
      const codeLike = sourceCode !== null;
      type Fit = { score: number; remark: string | null; label: string };
      type Best = Fit & { row: TemplateRow; index: number };
      const fit = (row: TemplateRow, position: number): Fit => {
        const remarkSplit = mayHaveRemark ? splitRemark(label, row.label) : null;
        const effectiveLabel = remarkSplit?.label ?? label;
        const labelScore = remarkSplit ? labelSimilarity(effectiveLabel, row.label) : gramSimilarity(grams, gramsOfRow(row));
        const code = codeScore(sourceCode, row);
        const total = codeLike ? 0.45 * code + 0.45 * labelScore + 0.1 * position : 0.15 * code + 0.7 * labelScore + 0.15 * position;
        return { score: total, remark: remarkSplit?.remark ?? null, label: effectiveLabel };
      };
      const score = (from: number, to: number, best: Best | null): Best | null => {
        for (let index = Math.max(0, from); index < Math.min(candidates.length, to); index++) {
          const row = candidates[index]!;
          if (used.has(row.id)) continue;
          const distance = index - cursor;
          const position = distance === 0 ? 1 : distance > 0 ? Math.max(0, 1 - distance / 8) : Math.max(0, 0.5 + distance / 8);
          const candidate = fit(row, position);
          if (!best || candidate.score > best.score) best = { row, index, ...candidate };
        }
        return best;
      };
      // rows mostly come in template order: the next row first, then near the cursor, the whole form only when nothing fits well
      let next = cursor;
      while (next < candidates.length && used.has(candidates[next]!.id)) next++;
      let chosen = score(next, next + 1, null);
      if (!chosen || chosen.score < 0.9) chosen = score(cursor - 4, cursor + 24, chosen);
      if (!chosen || chosen.score < 0.85) chosen = score(0, candidates.length, chosen);
      // a row printed again right after itself (copied, or repeated over a page break) fits the row just matched
      // better than any free row: it is a repeat, kept unmapped, not pushed onto the next row (whose own row would
      // then be pushed on in turn, each value landing one row off)
      const again = last && chosen ? fit(last, 1).score : 0;
      const repeat = chosen !== null && again >= UNSURE_BELOW && again > chosen.score + 0.05;
      // a printed code that matches with a label from another indicator is no match: keep the row, unmapped
      if (chosen && !repeat && chosen.score >= 0.55 && labelSimilarity(chosen.label, chosen.row.label) >= 0.35) {
        used.add(chosen.row.id);
        cursor = chosen.index + 1;
        last = chosen.row;
        matched.push({
          source,
          form,
          row: chosen.row,
          label: chosen.label,
          remark: chosen.remark,
          confidence: Math.min(1, Number(chosen.score.toFixed(3))),
        });
      } else {
        matched.push({ source, form, row: null, label, remark: null, confidence: chosen ? Number(Math.min(chosen.score, 0.5).toFixed(3)) : 0 });
      }
    }
  });

  return { rows: matched, missing: template.rows.filter((r) => !used.has(r.id)) };
}
