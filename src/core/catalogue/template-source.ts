/**
 * A template version as written in a data file (templates/*.yaml), and the pure step that turns it into a
 * checked `Template`: ids, parents and kinds derived, every reference resolved. Problems come back as data.
 * The file format is documented in docs/templates.md.
 */
import { z } from 'zod';
import type { CheckDefinition, IndicatorDefinition, Measure, Severity, Template, TemplateForm, TemplateRow, ValueKind } from './template.js';
import { kindFromUnit, moneyUnitOf, parseCodeList } from './unit.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, 'ngày phải có dạng yyyy-mm-dd');
const rowRef = z.string().min(1);
const severity = z.enum(['error', 'warning']).optional();

export const rowSourceSchema = z
  .object({
    code: z.string().min(1).optional(),
    id: z.string().min(1).optional(),
    label: z.string().min(1),
    unit: z.string().default(''),
    kind: z.enum(['count', 'decimal', 'percent', 'money', 'coded', 'text']).optional(),
    group: z.boolean().optional(),
    parent: rowRef.optional(),
    responsible: z.string().optional(),
    provinceFigureBy: z.string().optional(),
    measure: z.enum(['flow', 'stock']).optional(),
    indicator: z.string().optional(),
    required: z.boolean().optional(),
  })
  .strict();

export const checkSourceSchema = z.discriminatedUnion('rule', [
  z.object({ rule: z.literal('sum'), id: z.string().optional(), whole: rowRef, parts: z.array(rowRef).min(1), severity }).strict(),
  z.object({ rule: z.literal('part-le-whole'), id: z.string().optional(), whole: rowRef, parts: z.array(rowRef).min(1), severity }).strict(),
  z.object({ rule: z.literal('ratio'), id: z.string().optional(), percent: rowRef, numerator: rowRef, denominator: rowRef, severity }).strict(),
  z
    .object({
      rule: z.literal('balance'),
      id: z.string().optional(),
      current: rowRef,
      added: rowRef,
      removed: rowRef,
      previousInReport: rowRef.optional(),
      severity,
    })
    .strict(),
  z.object({ rule: z.literal('cumulative'), id: z.string().optional(), rows: z.array(rowRef).min(1), severity }).strict(),
  z.object({ rule: z.literal('required'), id: z.string().optional(), rows: z.array(rowRef).min(1), severity }).strict(),
]);

export const formSourceSchema = z
  .object({
    number: z.string().nullable().default(null),
    title: z.string().default(''),
    rows: z.array(rowSourceSchema).min(1),
    checks: z.array(checkSourceSchema).default([]),
  })
  .strict();

export const templateSourceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/u, 'id chỉ gồm chữ thường không dấu, số và dấu gạch ngang'),
    family: z.enum(['seven-section', 'responsible-unit', 'forms']),
    name: z.string().min(1),
    effectiveFrom: isoDate,
    effectiveTo: isoDate.nullable().default(null),
    province: z.string().nullable().default(null),
    columns: z.array(z.string()).min(4),
    forms: z.array(formSourceSchema).min(1),
    checks: z.array(checkSourceSchema).default([]),
  })
  .strict();

export type TemplateSource = z.input<typeof templateSourceSchema>;
export type RowSource = z.input<typeof rowSourceSchema>;

export interface TemplateProblem {
  /** Where: "forms[2].rows[5]" or a row id. */
  at: string;
  message: string;
}

export type BuildResult = { ok: true; template: Template } | { ok: false; problems: TemplateProblem[] };

const DEFAULT_SEVERITY: Record<CheckDefinition['rule'], Severity> = {
  sum: 'error',
  'part-le-whole': 'error',
  ratio: 'error',
  balance: 'warning',
  cumulative: 'warning',
  required: 'error',
};

export function stripTrailingDot(code: string): string {
  return code.trim().replace(/\.+$/u, '');
}

function kindOf(source: z.output<typeof rowSourceSchema>, problems: TemplateProblem[], at: string): ValueKind {
  if (!source.kind) return kindFromUnit(source.unit);
  switch (source.kind) {
    case 'count':
    case 'decimal':
    case 'percent':
    case 'text':
      return { type: source.kind };
    case 'money': {
      const unit = moneyUnitOf(source.unit);
      if (!unit) problems.push({ at, message: `Đơn vị tiền "${source.unit}" không hợp lệ (dùng "Đồng" hoặc "Triệu đồng")` });
      return { type: 'money', unit: unit ?? 'dong' };
    }
    case 'coded': {
      const codes = parseCodeList(source.unit);
      if (codes.length === 0) problems.push({ at, message: `Chỉ tiêu mã hóa cần danh sách mã trong cột đơn vị, ví dụ "Chưa = 0 Hoàn thành = 1"` });
      return { type: 'coded', codes };
    }
  }
}

// the schema's own problems in Vietnamese (a province's template editor sees them), an empty field said plainly
const vietnamese = z.locales.vi().localeError;
const schemaMessage: z.core.$ZodErrorMap = (issue) =>
  issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1 ? 'Không được để trống.' : vietnamese(issue);

/** Builds and checks a template. `indicators` is the canonical catalogue rows may refer to. */
export function buildTemplate(input: unknown, indicators: readonly IndicatorDefinition[]): BuildResult {
  const parsed = templateSourceSchema.safeParse(input, { error: schemaMessage });
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({ at: issue.path.join('.') || '(gốc)', message: issue.message })),
    };
  }
  const source = parsed.data;
  const problems: TemplateProblem[] = [];
  const catalogue = new Map(indicators.map((i) => [i.id, i]));
  const multiForm = source.forms.length > 1 || source.forms.some((f) => f.number !== null);
  const rows: TemplateRow[] = [];
  const forms: TemplateForm[] = [];
  const checks: CheckDefinition[] = [];
  const ids = new Set<string>();

  source.forms.forEach((form, formIndex) => {
    const formNumber = multiForm ? (form.number ?? String(formIndex + 1)) : null;
    forms.push({ number: formNumber, title: form.title });
    const prefix = formNumber === null ? '' : `${formNumber}/`;
    const global = (local: string) => (local.includes('/') && formNumber !== null && local.startsWith(prefix) ? local : `${prefix}${local}`);
    const formRows: TemplateRow[] = [];
    let lastCoded: TemplateRow | null = null;

    form.rows.forEach((rowSource, rowIndex) => {
      const at = `forms[${formIndex}].rows[${rowIndex}]`;
      const localId = rowSource.id ?? (rowSource.code ? stripTrailingDot(rowSource.code) : null);
      if (!localId) {
        problems.push({ at, message: `Dòng không có mã (STT) cần "id", ví dụ "3.1.3/cap-tinh" (${rowSource.label})` });
        return;
      }
      const id = `${prefix}${localId}`;
      if (ids.has(id)) problems.push({ at, message: `Trùng id "${id}"` });
      ids.add(id);
      const breakdown = !rowSource.code;
      const logicalCode = breakdown ? null : localId;
      const indicator = rowSource.indicator ?? null;
      const definition = indicator ? catalogue.get(indicator) : undefined;
      if (indicator && !definition) problems.push({ at, message: `Chỉ tiêu chuẩn "${indicator}" không có trong danh mục` });
      const kind = kindOf(rowSource, problems, at);
      if (definition && definition.kind !== kind.type) {
        problems.push({ at, message: `Dòng ${id} có kiểu "${kind.type}" nhưng chỉ tiêu chuẩn ${indicator} có kiểu "${definition.kind}"` });
      }
      let parent: string | null = null;
      if (rowSource.parent) parent = global(rowSource.parent);
      else if (breakdown) parent = lastCoded?.id ?? null;
      else {
        const segments = localId.split('.');
        while (segments.length > 1 && parent === null) {
          segments.pop();
          const candidate = `${prefix}${segments.join('.')}`;
          if (formRows.some((r) => r.id === candidate)) parent = candidate;
        }
      }
      const measure: Measure = rowSource.measure ?? definition?.measure ?? 'flow';
      const row: TemplateRow = {
        id,
        form: formNumber,
        code: rowSource.code ?? null,
        logicalCode,
        label: rowSource.label,
        unit: rowSource.unit,
        kind,
        group: rowSource.group ?? false,
        breakdown,
        parent,
        responsible: rowSource.responsible ?? null,
        provinceFigureBy: rowSource.provinceFigureBy ?? null,
        measure,
        indicator,
        required: rowSource.required ?? false,
        order: rows.length,
      };
      rows.push(row);
      formRows.push(row);
      if (!breakdown) lastCoded = row;
    });

    for (const check of form.checks) checks.push(toCheck(check, global));
  });
  for (const check of source.checks) checks.push(toCheck(check, (ref) => ref));

  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const row of rows) {
    if (row.parent !== null && !byId.has(row.parent)) problems.push({ at: row.id, message: `Dòng cha "${row.parent}" không tồn tại` });
    if (rows.some((r) => r.parent === row.id)) row.group = true;
  }
  const seenCheckIds = new Set<string>();
  for (const check of checks) {
    if (seenCheckIds.has(check.id)) problems.push({ at: check.id, message: `Trùng mã kiểm tra "${check.id}"` });
    seenCheckIds.add(check.id);
    for (const ref of checkRefs(check)) {
      if (!byId.has(ref)) problems.push({ at: check.id, message: `Kiểm tra ${check.id} tham chiếu dòng không tồn tại "${ref}"` });
    }
    if (check.rule === 'ratio' && byId.get(check.percent) && byId.get(check.percent)!.kind.type !== 'percent') {
      problems.push({ at: check.id, message: `Kiểm tra tỷ lệ ${check.id}: dòng ${check.percent} không phải kiểu %` });
    }
  }
  if (source.effectiveTo !== null && source.effectiveTo < source.effectiveFrom) {
    problems.push({ at: 'effectiveTo', message: 'Ngày hết hiệu lực trước ngày bắt đầu hiệu lực' });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    template: {
      id: source.id,
      family: source.family,
      name: source.name,
      effectiveFrom: source.effectiveFrom,
      effectiveTo: source.effectiveTo,
      province: source.province,
      columns: source.columns,
      forms,
      rows,
      checks,
    },
  };
}

type CheckSource = z.output<typeof checkSourceSchema>;

function toCheck(source: CheckSource, ref: (local: string) => string): CheckDefinition {
  const sev = source.severity ?? DEFAULT_SEVERITY[source.rule];
  switch (source.rule) {
    case 'sum':
    case 'part-le-whole': {
      const whole = ref(source.whole);
      return { rule: source.rule, id: source.id ?? `${source.rule}:${whole}`, whole, parts: source.parts.map(ref), severity: sev };
    }
    case 'ratio': {
      const percent = ref(source.percent);
      return {
        rule: 'ratio',
        id: source.id ?? `ratio:${percent}`,
        percent,
        numerator: ref(source.numerator),
        denominator: ref(source.denominator),
        severity: sev,
      };
    }
    case 'balance': {
      const current = ref(source.current);
      return {
        rule: 'balance',
        id: source.id ?? `balance:${current}`,
        current,
        added: ref(source.added),
        removed: ref(source.removed),
        previousInReport: source.previousInReport ? ref(source.previousInReport) : null,
        severity: sev,
      };
    }
    case 'cumulative':
    case 'required': {
      const rows = source.rows.map(ref);
      return { rule: source.rule, id: source.id ?? `${source.rule}:${rows[0]}`, rows, severity: sev };
    }
  }
}

export function checkRefs(check: CheckDefinition): string[] {
  switch (check.rule) {
    case 'sum':
    case 'part-le-whole':
      return [check.whole, ...check.parts];
    case 'ratio':
      return [check.percent, check.numerator, check.denominator];
    case 'balance':
      return [check.current, check.added, check.removed, ...(check.previousInReport ? [check.previousInReport] : [])];
    case 'cumulative':
    case 'required':
      return check.rows;
  }
}
