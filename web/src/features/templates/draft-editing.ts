/**
 * The editor's model of a new template version, and the edits on it: rows and checks carry stable keys (so React
 * and the problems keep to them while rows move), removing a row takes it out of the checks that used it, and the
 * server's problems ("forms[0].rows[12]", "forms[0].checks[3]", "effectiveFrom") are placed on rows, checks and fields.
 * Pure: no React, no fetch.
 */
import type {
  TemplateCheckDraft,
  TemplateDraft,
  TemplateProblemDto,
  TemplateRowDraft,
  TemplateSourceDto,
} from '@shared/template-schemas.js';

export interface EditorRow {
  key: string;
  row: TemplateRowDraft;
}
export interface EditorCheck {
  key: string;
  check: TemplateCheckDraft;
}
export interface EditorForm {
  key: string;
  number: string | null;
  title: string;
  rows: EditorRow[];
  checks: EditorCheck[];
}
export interface EditorState {
  basedOn: string;
  id: string;
  family: string;
  name: string;
  /** ISO yyyy-mm-dd, or '' while not given. */
  effectiveFrom: string;
  effectiveTo: string | null;
  province: string | null;
  columns: string[];
  forms: EditorForm[];
  /** Checks across forms (ids written "3/1.4"). */
  checks: EditorCheck[];
}

let counter = 0;
export const newKey = (prefix: string) => `${prefix}-${++counter}`;

/** A new version's starting point: the stored version's rows and checks, with a new id and name and no dates. */
export function startFrom(source: TemplateSourceDto, basedOn: string): EditorState {
  const multi = source.forms.length > 1 || source.forms.some((f) => f.number != null);
  return {
    basedOn,
    id: suggestId(source.id),
    family: source.family,
    name: `${source.name} (phiên bản mới)`,
    effectiveFrom: '',
    effectiveTo: null,
    province: source.province ?? null,
    columns: [...source.columns],
    forms: source.forms.map((form, i) => ({
      key: newKey('form'),
      number: multi ? (form.number ?? String(i + 1)) : null,
      title: form.title ?? '',
      rows: form.rows.map((row) => ({ key: newKey('row'), row: { ...row } })),
      checks: (form.checks ?? []).map((check) => ({ key: newKey('check'), check: { ...check } })),
    })),
    checks: (source.checks ?? []).map((check) => ({ key: newKey('check'), check: { ...check } })),
  };
}

/** "ninh-thuan-7s-2023" → "ninh-thuan-7s-2023-moi". */
export function suggestId(id: string): string {
  return `${id}-moi`;
}

const blankToUndefined = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);

/** The draft sent to the server: empty optional cells left out, so the builder's defaults apply. */
export function toDraft(state: EditorState): TemplateDraft {
  const row = (r: TemplateRowDraft): TemplateRowDraft => {
    const out: TemplateRowDraft = { label: r.label, unit: r.unit ?? '' };
    const code = blankToUndefined(r.code);
    if (code !== undefined) out.code = code;
    for (const field of ['id', 'kind', 'parent', 'responsible', 'provinceFigureBy', 'measure', 'indicator'] as const) {
      const value = blankToUndefined(r[field]);
      if (value !== undefined) out[field] = value.trim();
    }
    if (r.group !== undefined) out.group = r.group;
    if (r.required !== undefined) out.required = r.required;
    return out;
  };
  const check = (c: TemplateCheckDraft): TemplateCheckDraft => {
    const out: TemplateCheckDraft = { rule: c.rule };
    for (const [field, value] of Object.entries(c) as [keyof TemplateCheckDraft, unknown][]) {
      if (field === 'rule' || value === undefined) continue;
      if (Array.isArray(value)) (out as Record<string, unknown>)[field] = value.map((v: string) => v.trim()).filter(Boolean);
      else if (typeof value === 'string' && value.trim() !== '') (out as Record<string, unknown>)[field] = value.trim();
    }
    return out;
  };
  return {
    basedOn: state.basedOn,
    id: state.id.trim(),
    family: state.family,
    name: state.name.trim(),
    effectiveFrom: state.effectiveFrom,
    effectiveTo: state.effectiveTo,
    province: state.province === null || state.province.trim() === '' ? null : state.province.trim(),
    columns: state.columns,
    forms: state.forms.map((f) => ({ number: f.number, title: f.title, rows: f.rows.map((r) => row(r.row)), checks: f.checks.map((c) => check(c.check)) })),
    checks: state.checks.map((c) => check(c.check)),
  };
}

/** The row's id inside its form, as the builder derives it: its id, else its code without the trailing dot. */
export function localIdOf(row: TemplateRowDraft): string | null {
  const id = row.id?.trim();
  if (id) return id;
  const code = row.code?.trim().replace(/\.+$/u, '');
  return code ? code : null;
}

function withForm(state: EditorState, formIndex: number, change: (form: EditorForm) => EditorForm): EditorState {
  return { ...state, forms: state.forms.map((f, i) => (i === formIndex ? change(f) : f)) };
}

export function updateRow(state: EditorState, formIndex: number, rowIndex: number, patch: Partial<TemplateRowDraft>): EditorState {
  return withForm(state, formIndex, (form) => ({ ...form, rows: form.rows.map((r, i) => (i === rowIndex ? { ...r, row: { ...r.row, ...patch } } : r)) }));
}

export function moveRow(state: EditorState, formIndex: number, rowIndex: number, delta: -1 | 1): EditorState {
  return withForm(state, formIndex, (form) => {
    const target = rowIndex + delta;
    // a row that is not there moves nowhere (swapping with it would put a hole in the rows)
    if (rowIndex < 0 || rowIndex >= form.rows.length || target < 0 || target >= form.rows.length) return form;
    const rows = [...form.rows];
    [rows[rowIndex], rows[target]] = [rows[target]!, rows[rowIndex]!];
    return { ...form, rows };
  });
}

/** A blank row after `afterIndex` (-1: at the top). Returns the state and the new row's key. */
export function insertRow(state: EditorState, formIndex: number, afterIndex: number): { state: EditorState; key: string } {
  const key = newKey('row');
  return {
    key,
    state: withForm(state, formIndex, (form) => {
      const rows = [...form.rows];
      rows.splice(afterIndex + 1, 0, { key, row: { label: '', unit: '' } });
      return { ...form, rows };
    }),
  };
}

export interface CheckChanges {
  /** Checks that lost a part or row but remain. */
  trimmed: number;
  /** Checks removed because the row was essential to them. */
  removed: number;
}

/**
 * The check without a row: a part (sum, part ≤ whole) or a row (cumulative, required) is dropped while others remain;
 * a check whose whole, percentage, numerator, denominator or balance rows go is dropped altogether. null: dropped.
 */
export function checkWithout(check: TemplateCheckDraft, ref: string): TemplateCheckDraft | null {
  const list = (values: string[] | undefined) => (values ?? []).filter((v) => v.trim() !== ref);
  const essential = [check.whole, check.percent, check.numerator, check.denominator, check.current, check.added, check.removed].map((v) => v?.trim());
  if (essential.includes(ref)) return null;
  const next: TemplateCheckDraft = { ...check };
  if (check.previousInReport?.trim() === ref) delete next.previousInReport;
  if (check.parts) {
    next.parts = list(check.parts);
    if (next.parts.length === 0) return null;
  }
  if (check.rows) {
    next.rows = list(check.rows);
    if (next.rows.length === 0) return null;
  }
  return next;
}

function adjustChecks(checks: EditorCheck[], ref: string, changes: CheckChanges): EditorCheck[] {
  return checks.flatMap((entry) => {
    const next = checkWithout(entry.check, ref);
    if (next === null) {
      changes.removed++;
      return [];
    }
    if (JSON.stringify(next) !== JSON.stringify(entry.check)) changes.trimmed++;
    return [{ ...entry, check: next }];
  });
}

/**
 * Removes a row and takes it out of the checks that used it. Rows that named it as their parent get its own parent
 * instead (or the automatic one when it had none), so that no row is left pointing at a row that is gone.
 */
export function removeRow(
  state: EditorState,
  formIndex: number,
  rowIndex: number,
): { state: EditorState; changes: CheckChanges; rowId: string | null; reparented: number } {
  const form = state.forms[formIndex];
  const removed = form?.rows[rowIndex];
  const changes: CheckChanges = { trimmed: 0, removed: 0 };
  if (!form || !removed) return { state, changes, rowId: null, reparented: 0 };
  const local = localIdOf(removed.row);
  let rows = form.rows.filter((_, i) => i !== rowIndex);
  // another row with the same id still answers to it: leave the checks and children alone
  const stillThere = local !== null && rows.some((r) => localIdOf(r.row) === local);
  let reparented = 0;
  if (local !== null && !stillThere) {
    const global = form.number === null ? local : `${form.number}/${local}`;
    const grandparent = blankToUndefined(removed.row.parent)?.trim();
    rows = rows.map((entry) => {
      const parent = entry.row.parent?.trim();
      if (parent !== local && parent !== global) return entry;
      reparented++;
      const { parent: _gone, ...row } = entry.row;
      // (a grandparent that is the row itself was a loop already: the row goes back to the automatic parent)
      const own = localIdOf(row);
      return { ...entry, row: grandparent === undefined || grandparent === own ? row : { ...row, parent: grandparent } };
    });
    let next = withForm(state, formIndex, (f) => ({ ...f, rows, checks: adjustChecks(adjustChecks(f.checks, local, changes), global, changes) }));
    next = { ...next, checks: adjustChecks(next.checks, global, changes) };
    return { state: next, changes, rowId: local, reparented };
  }
  return { state: withForm(state, formIndex, (f) => ({ ...f, rows })), changes, rowId: local, reparented };
}

export function newCheck(rule: string): TemplateCheckDraft {
  switch (rule) {
    case 'ratio':
      return { rule, percent: '', numerator: '', denominator: '' };
    case 'balance':
      return { rule, current: '', added: '', removed: '' };
    case 'cumulative':
    case 'required':
      return { rule, rows: [] };
    default:
      return { rule, whole: '', parts: [] };
  }
}

/** A check moved to another rule keeps the rows it can: the first row, the rest as parts or rows. */
export function changeRule(check: TemplateCheckDraft, rule: string): TemplateCheckDraft {
  const refs = [check.whole, check.percent, check.current, ...(check.parts ?? []), check.numerator, check.denominator, check.added, check.removed, ...(check.rows ?? [])].filter(
    (r): r is string => r !== undefined && r.trim() !== '',
  );
  const keep = { ...(check.id ? { id: check.id } : {}), ...(check.severity ? { severity: check.severity } : {}) };
  switch (rule) {
    case 'ratio':
      return { rule, ...keep, percent: refs[0] ?? '', numerator: refs[1] ?? '', denominator: refs[2] ?? '' };
    case 'balance':
      return { rule, ...keep, current: refs[0] ?? '', added: refs[1] ?? '', removed: refs[2] ?? '' };
    case 'cumulative':
    case 'required':
      return { rule, ...keep, rows: refs };
    default:
      return { rule, ...keep, whole: refs[0] ?? '', parts: refs.slice(1) };
  }
}

export interface PlacedProblems {
  rows: Map<string, string[]>;
  checks: Map<string, string[]>;
  fields: Map<string, string[]>;
  /** Problems about a form as a whole, or that could not be placed. */
  other: TemplateProblemDto[];
}

const push = (map: Map<string, string[]>, key: string, message: string) => map.set(key, [...(map.get(key) ?? []), message]);

/** Puts each problem on the row, check or field it is about, by the keys of the state it was computed for. */
export function placeProblems(state: EditorState, problems: readonly TemplateProblemDto[]): PlacedProblems {
  const placed: PlacedProblems = { rows: new Map(), checks: new Map(), fields: new Map(), other: [] };
  for (const problem of problems) {
    const row = /^forms\[(\d+)\]\.rows\[(\d+)\]/u.exec(problem.at);
    const formCheck = /^forms\[(\d+)\]\.checks\[(\d+)\]/u.exec(problem.at);
    const check = /^checks\[(\d+)\]/u.exec(problem.at);
    const field = /^(basedOn|id|family|name|effectiveFrom|effectiveTo|province|columns)\b/u.exec(problem.at);
    const rowKey = row ? state.forms[Number(row[1])]?.rows[Number(row[2])]?.key : undefined;
    const checkKey = formCheck ? state.forms[Number(formCheck[1])]?.checks[Number(formCheck[2])]?.key : check ? state.checks[Number(check[1])]?.key : undefined;
    if (rowKey) push(placed.rows, rowKey, problem.message);
    else if (checkKey) push(placed.checks, checkKey, problem.message);
    else if (field) push(placed.fields, field[1]!, problem.message);
    else placed.other.push(problem);
  }
  return placed;
}

// the date fields' formats, shared with the other pages' date fields
export { isoToVi, viToIso } from '../../shared/labels.js';
