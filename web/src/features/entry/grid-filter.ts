/**
 * Finding one's way in 200 rows: which rows of the grid a search and a filter leave. A search is a code ("3.1" gives
 * 3.1 and the rows under it) or words found in the label, the code or the unit, with or without Vietnamese diacritics
 * ("ho so dung han" finds "hồ sơ đúng hạn"). Filters: rows with findings, empty rows, rows changed since the last save,
 * rows whose figure differs from the previous period's, and one section (a form, or a top-level heading). Pure.
 */
import type { Template, TemplateRow } from '@core/catalogue/template.js';
import { foldForMatch } from '@core/values/text.js';

export type GridFilter = 'all' | 'findings' | 'empty' | 'unsaved' | 'changed-previous';

export interface RowFacts {
  /** The row takes a value (not a heading without one). */
  takesValue: boolean;
  /** Its value cell holds something. */
  filled: boolean;
  /** It has a finding, an unsure or unreadable reading, or a return reason. */
  flagged: boolean;
  /** Its value or note differs from what the server last saved. */
  unsaved: boolean;
  /** Its figure differs from the previous comparable period's. */
  changedFromPrevious: boolean;
}

const stripDot = (code: string) => code.replace(/\.$/u, '');
const CODE_QUERY = /^\d+(?:[.,]\d+)*\.?$/u;

/** Whether a row answers a search (an empty search: every row). */
export function rowMatchesSearch(row: TemplateRow, query: string): boolean {
  const q = query.trim();
  if (q === '') return true;
  if (CODE_QUERY.test(q)) {
    const code = stripDot(q.replace(/,/gu, '.'));
    const codes = [row.logicalCode, row.code ? stripDot(row.code) : null, row.breakdown ? row.parent : null].filter((c): c is string => !!c);
    return codes.some((c) => c === code || c.startsWith(`${code}.`));
  }
  const words = foldForMatch(q)
    .split(' ')
    .filter((w) => w !== '');
  if (words.length === 0) return true;
  const haystack = ` ${foldForMatch(`${row.code ?? ''} ${row.logicalCode ?? ''} ${row.label} ${row.unit}`)} `;
  // whole words; the last one, while it is being typed, may be the beginning of a word (three letters or more)
  return words.every((w, i) => haystack.includes(` ${w} `) || (i === words.length - 1 && w.length >= 3 && haystack.includes(` ${w}`)));
}

/** The section a row belongs to: its form in a multi-form template, else its top-level heading. */
export function sectionOf(row: TemplateRow, rows: ReadonlyMap<string, TemplateRow>): string {
  if (row.form) return `form:${row.form}`;
  let top = row;
  for (let guard = 0; top.parent && guard < 10; guard++) top = rows.get(top.parent) ?? top;
  return `row:${top.id}`;
}

export interface Section {
  key: string;
  label: string;
}

/** The sections of a template, in order, for the section filter. */
export function sectionsOf(template: Template): Section[] {
  if (template.forms.some((f) => f.number !== null)) {
    return template.forms.filter((f) => f.number !== null).map((f) => ({ key: `form:${f.number}`, label: `Biểu mẫu ${f.number}: ${f.title}` }));
  }
  return template.rows.filter((r) => r.parent === null).map((r) => ({ key: `row:${r.id}`, label: `${r.code ?? ''} ${r.label}`.trim() }));
}

/** Whether a row stays in view under a filter. */
export function rowPassesFilter(filter: GridFilter, facts: RowFacts): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'findings':
      return facts.flagged;
    case 'empty':
      return facts.takesValue && !facts.filled;
    case 'unsaved':
      return facts.unsaved;
    case 'changed-previous':
      return facts.changedFromPrevious;
  }
}

export interface GridView {
  /** The rows in view, by id. */
  visible: Set<string>;
  /** How many rows each filter would leave (under the same search and section). */
  counts: Record<GridFilter, number>;
  /** Rows that take a value, and those of them filled: the progress "96/121 dòng đã nhập". */
  progress: { filled: number; total: number };
}

/** The rows in view for a search, a filter and a section (null: every section). */
export function gridView(
  template: Template,
  facts: (row: TemplateRow) => RowFacts,
  search: string,
  filter: GridFilter,
  section: string | null,
): GridView {
  const rows = new Map(template.rows.map((r) => [r.id, r]));
  const visible = new Set<string>();
  const counts: Record<GridFilter, number> = { all: 0, findings: 0, empty: 0, unsaved: 0, 'changed-previous': 0 };
  let filled = 0;
  let total = 0;
  for (const row of template.rows) {
    const f = facts(row);
    if (f.takesValue) {
      total++;
      if (f.filled) filled++;
    }
    if (section !== null && sectionOf(row, rows) !== section) continue;
    if (!rowMatchesSearch(row, search)) continue;
    for (const key of Object.keys(counts) as GridFilter[]) if (rowPassesFilter(key, f)) counts[key]++;
    if (rowPassesFilter(filter, f)) visible.add(row.id);
  }
  return { visible, counts, progress: { filled, total } };
}
