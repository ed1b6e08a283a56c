/**
 * New template versions made in the browser: the stored `Template` back to its editable source (`templateToSource`),
 * and the rules a new version must meet beyond the data-file schema (`checkTemplateVersion`): it is derived from a
 * stored version of the same family and takes effect after it, its id and name are new, no indicator sits on two
 * rows, every parent comes before its children, and from 1 July 2025 (no district level any more) it has no district
 * rows. Pure: problems come back as data, in Vietnamese, each placed at a field, a row ("forms[0].rows[12]") or a
 * check ("forms[0].checks[3]", "checks[1]").
 */
import {
  buildTemplate,
  stripTrailingDot,
  templateSourceSchema,
  type RowSource,
  type TemplateProblem,
  type TemplateSource,
  checkRefs,
} from './template-source.js';
import type { CheckDefinition, IndicatorDefinition, Severity, Template, TemplateRow } from './template.js';
import { kindFromUnit } from './unit.js';

/** The first day without a district level (Nghị quyết 202/2025/QH15: two-level local government from 1 July 2025). */
export const DISTRICT_LEVEL_ABOLISHED_FROM = '2025-07-01';

const DEFAULT_SEVERITY: Record<CheckDefinition['rule'], Severity> = {
  sum: 'error',
  'part-le-whole': 'error',
  ratio: 'error',
  balance: 'warning',
  cumulative: 'warning',
  required: 'error',
};

type CheckSource = NonNullable<TemplateSource['checks']>[number];
type FormSource = TemplateSource['forms'][number];

// ---------------------------------------------------------------------------------------------------------------
// Template → source

/** The default parent buildTemplate gives a row: the nearest coded row above (uncoded rows) or the longest existing prefix. */
function defaultParent(localId: string, coded: boolean, prefix: string, earlier: readonly TemplateRow[]): string | null {
  if (!coded) {
    for (let i = earlier.length - 1; i >= 0; i--) if (!earlier[i]!.breakdown) return earlier[i]!.id;
    return null;
  }
  const segments = localId.split('.');
  while (segments.length > 1) {
    segments.pop();
    const candidate = `${prefix}${segments.join('.')}`;
    if (earlier.some((r) => r.id === candidate)) return candidate;
  }
  return null;
}

function sameKind(a: TemplateRow['kind'], b: TemplateRow['kind']): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function firstRef(check: Pick<CheckDefinition, 'rule'> & Record<string, unknown>): string | undefined {
  switch (check.rule) {
    case 'sum':
    case 'part-le-whole':
      return check['whole'] as string | undefined;
    case 'ratio':
      return check['percent'] as string | undefined;
    case 'balance':
      return check['current'] as string | undefined;
    case 'cumulative':
    case 'required':
      return (check['rows'] as string[] | undefined)?.[0];
  }
}

function checkToSource(check: CheckDefinition, ref: (globalId: string) => string): CheckSource {
  const defaultId = `${check.rule}:${firstRef(check as unknown as Pick<CheckDefinition, 'rule'> & Record<string, unknown>)}`;
  const id = check.id === defaultId ? {} : { id: check.id };
  const severity = check.severity === DEFAULT_SEVERITY[check.rule] ? {} : { severity: check.severity };
  switch (check.rule) {
    case 'sum':
    case 'part-le-whole':
      return { rule: check.rule, ...id, whole: ref(check.whole), parts: check.parts.map(ref), ...severity };
    case 'ratio':
      return { rule: 'ratio', ...id, percent: ref(check.percent), numerator: ref(check.numerator), denominator: ref(check.denominator), ...severity };
    case 'balance':
      return {
        rule: 'balance',
        ...id,
        current: ref(check.current),
        added: ref(check.added),
        removed: ref(check.removed),
        ...(check.previousInReport ? { previousInReport: ref(check.previousInReport) } : {}),
        ...severity,
      };
    case 'cumulative':
    case 'required':
      return { rule: check.rule, ...id, rows: check.rows.map(ref), ...severity };
  }
}

/**
 * A stored version as an editable source: only what the builder cannot derive is written out (ids that differ from
 * the code, parents that differ from the default, kinds the unit cell does not imply, measures that differ from the
 * indicator's), so `buildTemplate(templateToSource(t, indicators), indicators)` gives `t` back. Without the
 * catalogue every measure that is not the plain default is written out.
 */
export function templateToSource(template: Template, indicators?: readonly IndicatorDefinition[]): TemplateSource {
  const catalogue = indicators ? new Map(indicators.map((i) => [i.id, i])) : null;
  const hasChildren = new Set(template.rows.map((r) => r.parent).filter((p): p is string => p !== null));
  const crossForm: CheckSource[] = [];
  const formChecks = template.forms.map((): CheckSource[] => []);
  const formIndexOf = new Map(template.forms.map((f, i) => [f.number, i]));

  const formOfRow = new Map(template.rows.map((r) => [r.id, r.form]));
  for (const check of template.checks) {
    // a check whose rows all sit in one form is written in that form, with the form's local ids; others at the top
    const refs = checkRefs(check);
    const forms = new Set(refs.map((ref) => formOfRow.get(ref)));
    const only = forms.size === 1 && refs.every((ref) => formOfRow.has(ref)) ? [...forms][0] : undefined;
    const formIndex = only === undefined ? undefined : formIndexOf.get(only);
    if (formIndex === undefined) {
      crossForm.push(checkToSource(check, (ref) => ref));
      continue;
    }
    const number = template.forms[formIndex]!.number;
    const prefix = number === null ? '' : `${number}/`;
    const global = (local: string) => (local.includes('/') && number !== null && local.startsWith(prefix) ? local : `${prefix}${local}`);
    const ref = (id: string) => {
      const local = id.startsWith(prefix) ? id.slice(prefix.length) : id;
      return global(local) === id ? local : id;
    };
    // the default id of a form's check is made from the global id of its first row, as for a cross-form check
    formChecks[formIndex]!.push(checkToSource(check, ref));
  }

  const forms: FormSource[] = template.forms.map((form, formIndex) => {
    const number = form.number;
    const prefix = number === null ? '' : `${number}/`;
    const global = (local: string) => (local.includes('/') && number !== null && local.startsWith(prefix) ? local : `${prefix}${local}`);
    const formRows = template.rows.filter((r) => r.form === number);
    const rows: RowSource[] = formRows.map((row, index) => {
      const localId = row.id.startsWith(prefix) ? row.id.slice(prefix.length) : row.id;
      const source: RowSource = { ...(row.code !== null ? { code: row.code } : {}), label: row.label };
      if (row.code === null || stripTrailingDot(row.code) !== localId) source.id = localId;
      if (row.unit !== '') source.unit = row.unit;
      if (!sameKind(kindFromUnit(row.unit), row.kind)) source.kind = row.kind.type;
      if (row.group && !hasChildren.has(row.id)) source.group = true;
      const fallback = defaultParent(localId, row.code !== null, prefix, formRows.slice(0, index));
      if (row.parent !== null && row.parent !== fallback) {
        const local = row.parent.startsWith(prefix) ? row.parent.slice(prefix.length) : row.parent;
        source.parent = global(local) === row.parent ? local : row.parent;
      }
      if (row.responsible !== null) source.responsible = row.responsible;
      if (row.provinceFigureBy !== null) source.provinceFigureBy = row.provinceFigureBy;
      const defaultMeasure = catalogue
        ? ((row.indicator ? catalogue.get(row.indicator)?.measure : undefined) ?? 'flow')
        : row.indicator
          ? null
          : 'flow';
      if (row.measure !== defaultMeasure) source.measure = row.measure;
      if (row.indicator !== null) source.indicator = row.indicator;
      if (row.required) source.required = true;
      return source;
    });
    return { number, title: form.title, rows, checks: formChecks[formIndex]! };
  });

  return {
    id: template.id,
    family: template.family,
    name: template.name,
    effectiveFrom: template.effectiveFrom,
    effectiveTo: template.effectiveTo,
    province: template.province,
    columns: [...template.columns],
    forms,
    checks: crossForm,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Rules of a new version

/** A version already stored (the list the new one joins). `province` when known; undefined when not looked up. */
export interface StoredVersion {
  id: string;
  family: string;
  name: string;
  effectiveFrom: string;
  province?: string | null;
}

export interface VersionContext {
  /** The id of the version the new one is derived from. */
  basedOn: string;
  /** That version as stored, or null when there is none with that id. */
  source: Pick<Template, 'id' | 'family' | 'effectiveFrom' | 'name'> | null;
  stored: readonly StoredVersion[];
  indicators: readonly IndicatorDefinition[];
}

export type VersionCheck = { ok: true; template: Template; problems: [] } | { ok: false; problems: TemplateProblem[] };

/** dd/mm/yyyy for messages. */
export function viDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** A real calendar day in yyyy-mm-dd (2025-02-30 is not). */
export function isCalendarDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

const DISTRICT_WORD = /(?<![\p{L}\p{N}])(?:huyện|quận)(?![\p{L}\p{N}])/iu;

/** Whether a text speaks of the district level ("cấp huyện", "UBND huyện", "các quận, huyện"). */
export function mentionsDistrict(text: string | null | undefined): boolean {
  return text ? DISTRICT_WORD.test(text.normalize('NFC')) : false;
}

type ParsedSource = ReturnType<typeof templateSourceSchema.parse>;

interface Located {
  /** global row id → "forms[i].rows[j]" */
  rows: Map<string, string>;
  /** check id → "forms[i].checks[k]" or "checks[k]" */
  checks: Map<string, string>;
}

/** Where each row id and check id of a source sits, with the same id rules as buildTemplate. */
function locate(source: ParsedSource): Located {
  const rows = new Map<string, string>();
  const checks = new Map<string, string>();
  const multiForm = source.forms.length > 1 || source.forms.some((f) => f.number !== null);
  const checkId = (check: CheckSource, ref: (local: string) => string) => {
    const first = firstRef(check as unknown as Pick<CheckDefinition, 'rule'> & Record<string, unknown>);
    return check.id ?? `${check.rule}:${first === undefined ? '' : ref(first)}`;
  };
  source.forms.forEach((form, formIndex) => {
    const number = multiForm ? (form.number ?? String(formIndex + 1)) : null;
    const prefix = number === null ? '' : `${number}/`;
    const global = (local: string) => (local.includes('/') && number !== null && local.startsWith(prefix) ? local : `${prefix}${local}`);
    form.rows.forEach((row, rowIndex) => {
      const local = row.id ?? (row.code ? stripTrailingDot(row.code) : null);
      const id = local === null ? null : `${prefix}${local}`;
      if (id !== null && !rows.has(id)) rows.set(id, `forms[${formIndex}].rows[${rowIndex}]`);
    });
    form.checks.forEach((check, k) => {
      const id = checkId(check, global);
      if (!checks.has(id)) checks.set(id, `forms[${formIndex}].checks[${k}]`);
    });
  });
  source.checks.forEach((check, k) => {
    const id = checkId(check, (ref) => ref);
    if (!checks.has(id)) checks.set(id, `checks[${k}]`);
  });
  return { rows, checks };
}

/** "forms.0.rows.3.label" (a schema path) → "forms[0].rows[3].label". */
export function normaliseAt(at: string): string {
  return at.replace(/\.(\d+)(?=\.|$)/gu, '[$1]');
}

/** The row of a problem: [form index, row index], when the problem is placed at a row or one of its fields. */
export function problemRow(at: string): [number, number] | null {
  const m = /^forms\[(\d+)\]\.rows\[(\d+)\]/u.exec(at);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

const FIELD_ORDER = ['basedOn', 'id', 'family', 'name', 'effectiveFrom', 'effectiveTo', 'province', 'columns'];

function sortKey(at: string): string {
  const field = FIELD_ORDER.findIndex((f) => at === f || at.startsWith(`${f}.`) || at.startsWith(`${f}[`));
  if (field >= 0) return `0${String(field).padStart(3, '0')}`;
  const pad = (n: string) => n.padStart(6, '0');
  const row = /^forms\[(\d+)\]\.rows\[(\d+)\]/u.exec(at);
  if (row) return `1${pad(row[1]!)}0${pad(row[2]!)}`;
  const formCheck = /^forms\[(\d+)\]\.checks\[(\d+)\]/u.exec(at);
  if (formCheck) return `1${pad(formCheck[1]!)}1${pad(formCheck[2]!)}`;
  const form = /^forms\[(\d+)\]/u.exec(at);
  if (form) return `1${pad(form[1]!)}`;
  const check = /^checks\[(\d+)\]/u.exec(at);
  if (check) return `2${pad(check[1]!)}`;
  return '3';
}

/** "3.4.2 "Tỷ lệ …"", "1.1.2 (1.2.2) "Số …"" when the printed code is not the row's id, "3.1.3/cap-huyen "Số …"" when uncoded. */
function rowName(row: { code?: string | undefined; id?: string | undefined; label: string }, globalId: string | null): string {
  const code = row.code ? stripTrailingDot(row.code) : null;
  const local = row.id ?? code;
  const name = code === null ? (globalId ?? row.id ?? '') : local !== code ? `${code} (${local})` : code;
  return `${name} "${row.label}"`.trim();
}

/** Rows of a version effective from 1 July 2025 or later that still speak of the district level. */
export function districtRowProblems(source: ParsedSource, indicators: readonly IndicatorDefinition[]): TemplateProblem[] {
  if (!(source.effectiveFrom >= DISTRICT_LEVEL_ABOLISHED_FROM)) return [];
  const catalogue = new Map(indicators.map((i) => [i.id, i]));
  const multiForm = source.forms.length > 1 || source.forms.some((f) => f.number !== null);
  const problems: TemplateProblem[] = [];
  source.forms.forEach((form, formIndex) => {
    const number = multiForm ? (form.number ?? String(formIndex + 1)) : null;
    form.rows.forEach((row, rowIndex) => {
      const local = row.id ?? (row.code ? stripTrailingDot(row.code) : null);
      const id = local === null ? null : `${number === null ? '' : `${number}/`}${local}`;
      const reasons: string[] = [];
      if (mentionsDistrict(row.label)) reasons.push('tên chỉ tiêu nói đến cấp huyện');
      if (mentionsDistrict(row.responsible)) reasons.push(`đơn vị thực hiện là "${row.responsible}"`);
      const indicator = row.indicator ? catalogue.get(row.indicator) : undefined;
      // a row renamed but still mapped to a district indicator keeps the district meaning
      if (reasons.length === 0 && indicator && mentionsDistrict(indicator.name)) {
        reasons.push(`vẫn gắn chỉ tiêu chuẩn cấp huyện ${indicator.id} ("${indicator.name}")`);
      }
      if (reasons.length === 0) return;
      problems.push({
        at: `forms[${formIndex}].rows[${rowIndex}]`,
        message: `Dòng ${rowName(row, id)}: ${reasons.join('; ')}. Từ ngày ${viDate(DISTRICT_LEVEL_ABOLISHED_FROM)} không còn cấp huyện — hãy bỏ dòng này (cùng các kiểm tra dùng nó) hoặc sửa lại.`,
      });
    });
  });
  return problems;
}

/** The rules about the version as a whole: its source version, id, name and dates among the stored versions. */
export function versionProblems(source: ParsedSource, context: VersionContext): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const based = context.source;
  if (!based) {
    problems.push({ at: 'basedOn', message: `Không tìm thấy phiên bản gốc "${context.basedOn}" trong các phiên bản đã lưu.` });
  } else {
    if (source.family !== based.family) {
      problems.push({
        at: 'family',
        message: `Phiên bản mới phải cùng họ mẫu với phiên bản gốc ${based.id} (${based.family}), không đổi sang ${source.family}.`,
      });
    }
    if (isCalendarDate(source.effectiveFrom) && !(source.effectiveFrom > based.effectiveFrom)) {
      problems.push({
        at: 'effectiveFrom',
        message: `Ngày bắt đầu hiệu lực (${viDate(source.effectiveFrom)}) phải sau ngày bắt đầu hiệu lực của phiên bản gốc ${based.id} (${viDate(based.effectiveFrom)}).`,
      });
    }
  }
  if (!isCalendarDate(source.effectiveFrom))
    problems.push({ at: 'effectiveFrom', message: `Ngày bắt đầu hiệu lực "${source.effectiveFrom}" không phải ngày có thật.` });
  if (source.effectiveTo !== null && !isCalendarDate(source.effectiveTo)) {
    problems.push({ at: 'effectiveTo', message: `Ngày hết hiệu lực "${source.effectiveTo}" không phải ngày có thật.` });
  }
  const sameId = context.stored.find((v) => v.id === source.id);
  if (sameId) {
    problems.push({
      at: 'id',
      message: `Đã có phiên bản mã "${source.id}". Phiên bản đã lưu không bao giờ bị sửa (báo cáo giữ phiên bản đã dùng): hãy đặt mã mới.`,
    });
  }
  const name = source.name.trim().toLocaleLowerCase('vi');
  const sameName = context.stored.find((v) => v.id !== source.id && v.name.trim().toLocaleLowerCase('vi') === name);
  if (sameName) problems.push({ at: 'name', message: `Tên "${source.name}" đã dùng cho phiên bản ${sameName.id}: hãy đặt tên khác để phân biệt.` });
  if (source.name.trim() === '') problems.push({ at: 'name', message: 'Tên phiên bản không được để trống.' });
  const province = source.province;
  const sameDay = context.stored.find(
    (v) =>
      v.id !== source.id &&
      v.id !== based?.id &&
      v.family === source.family &&
      v.effectiveFrom === source.effectiveFrom &&
      (v.province === undefined || v.province === province),
  );
  if (sameDay) {
    problems.push({
      at: 'effectiveFrom',
      message: `Phiên bản ${sameDay.id} cùng họ mẫu${province ? `, cùng tỉnh ${province}` : ''} đã có hiệu lực từ ${viDate(source.effectiveFrom)}: hai phiên bản không được bắt đầu cùng ngày.`,
    });
  }
  return problems;
}

/** Rules about the rows that the builder does not make: blank labels, form numbers, one row per indicator. */
export function rowProblems(source: ParsedSource): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const numbers = new Map<string, number>();
  source.forms.forEach((form, formIndex) => {
    if (form.number !== null) {
      const before = numbers.get(form.number);
      if (before !== undefined)
        problems.push({ at: `forms[${formIndex}]`, message: `Số biểu mẫu "${form.number}" trùng với biểu thứ ${before + 1}.` });
      else numbers.set(form.number, formIndex);
    }
  });
  const indicatorAt = new Map<string, string>();
  source.forms.forEach((form, formIndex) =>
    form.rows.forEach((row, rowIndex) => {
      const at = `forms[${formIndex}].rows[${rowIndex}]`;
      if (row.label.trim() === '') problems.push({ at, message: 'Tên chỉ tiêu không được để trống.' });
      if (row.code !== undefined && row.code.trim() === '') problems.push({ at, message: 'Mã (STT) chỉ có dấu cách: để trống hẳn hoặc ghi mã.' });
      if (!row.indicator) return;
      const first = indicatorAt.get(row.indicator);
      if (first !== undefined) {
        const [f, r] = problemRow(first)!;
        const other = source.forms[f]!.rows[r]!;
        problems.push({
          at,
          message: `Chỉ tiêu chuẩn ${row.indicator} đã gắn cho dòng ${rowName(other, null)}: mỗi chỉ tiêu chuẩn chỉ gắn cho một dòng của một phiên bản.`,
        });
      } else indicatorAt.set(row.indicator, at);
    }),
  );
  return problems;
}

/** Rules on the built template: every parent comes before its children (so the rows form a tree in document order). */
export function structureProblems(template: Template): TemplateProblem[] {
  const order = new Map(template.rows.map((r) => [r.id, r.order]));
  return template.rows
    .filter((row) => row.parent !== null && (order.get(row.parent) ?? -1) >= row.order)
    .map((row) => ({
      at: row.id,
      message:
        row.parent === row.id
          ? `Dòng ${row.id} không thể là dòng cha của chính nó.`
          : `Dòng cha ${row.parent} phải đứng trước dòng ${row.id} (dòng con nằm dưới dòng cha).`,
    }));
}

const DATE_FIELD: Record<string, string> = { effectiveFrom: 'bắt đầu hiệu lực', effectiveTo: 'hết hiệu lực' };

/** A schema problem placed by its path, with a plainer message for the dates (which the editor shows as dd/mm/yyyy). */
function schemaProblem(problem: TemplateProblem, input: unknown): TemplateProblem {
  const at = normaliseAt(problem.at);
  const field = DATE_FIELD[at];
  if (!field) return { ...problem, at };
  const value = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[at] : undefined;
  const message =
    value === undefined || value === '' ? `Chưa có ngày ${field}.` : `Ngày ${field} "${String(value)}" không đúng dạng năm-tháng-ngày (yyyy-mm-dd).`;
  return { at, message };
}

/**
 * Checks a new version against the schema and builder (`buildTemplate`) and the rules above. Problems are placed at
 * the field, row or check they are about, sorted in document order.
 */
export function checkTemplateVersion(input: unknown, context: VersionContext): VersionCheck {
  const parsed = templateSourceSchema.safeParse(input);
  const built = buildTemplate(input, context.indicators);
  // when the schema fails, the builder's problems are schema paths ("forms.0.rows.3.label"); else row and check ids
  const problems: TemplateProblem[] = built.ok ? [] : built.problems.map((p) => (parsed.success ? p : schemaProblem(p, input)));
  if (parsed.success) {
    const source = parsed.data;
    problems.push(...versionProblems(source, context), ...rowProblems(source), ...districtRowProblems(source, context.indicators));
    if (built.ok) problems.push(...structureProblems(built.template));
    const located = locate(source);
    for (const problem of problems) problem.at = located.rows.get(problem.at) ?? located.checks.get(problem.at) ?? problem.at;
  }
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.at}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) => (sortKey(a.at) < sortKey(b.at) ? -1 : sortKey(a.at) > sortKey(b.at) ? 1 : 0));
  if (unique.length > 0 || !built.ok) return { ok: false, problems: unique };
  return { ok: true, template: built.template, problems: [] };
}
