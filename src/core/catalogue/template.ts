/**
 * The template model: what a reporting template version is, as plain data.
 * Pure: no I/O. Template data files are parsed and validated in src/templates/ and land here.
 */

export type TemplateFamily = 'seven-section' | 'responsible-unit' | 'forms';

export interface CodeOption {
  /** The numeric code written in the value cell. */
  code: number;
  /** Its meaning as printed in the unit cell ("Hoàn thành"). */
  label: string;
}

export type MoneyUnit = 'dong' | 'million-dong';

export type ValueKind =
  | { type: 'count' }
  | { type: 'decimal' }
  | { type: 'percent' }
  | { type: 'money'; unit: MoneyUnit }
  | { type: 'coded'; codes: CodeOption[] }
  | { type: 'text' };

export type ValueKindType = ValueKind['type'];

/** Flow: counted within the period (summed over quarters). Stock: a level at the cut-off (latest wins). */
export type Measure = 'flow' | 'stock';

export type Severity = 'error' | 'warning';

export interface TemplateRow {
  /** Unique inside the template version. `<code without trailing dot>` or `<form>/<code>`; uncoded rows `<parent>/<slug>`. */
  id: string;
  /** Form number ("1"…"7") for the seven-form family, else null. */
  form: string | null;
  /** The code exactly as printed in the STT column ("1.1.1.", "5.1.1", "Trong đó"), or null for uncoded rows. */
  code: string | null;
  /** The logical code (hierarchy position) without trailing dot, e.g. "1.2.1" for a row printed "1.1.1.". Null for uncoded rows. */
  logicalCode: string | null;
  label: string;
  /** The unit cell as printed ("Thủ tục", "%", "Chưa = 0 Đang làm = 1 Hoàn thành = 2"). */
  unit: string;
  kind: ValueKind;
  /** Group rows head a set of child rows; they may still carry a value (3.1 = 57 in one sample). */
  group: boolean;
  /** Uncoded breakdown row ("Trong đó", "- …") under a coded parent. */
  breakdown: boolean;
  parent: string | null;
  /** The "Đơn vị thực hiện" text, when the template has that column. */
  responsible: string | null;
  /** Agency role whose value is the province figure for this row (e.g. "so-noi-vu"); null = aggregate over agencies. */
  provinceFigureBy: string | null;
  measure: Measure;
  /** Canonical indicator id from the catalogue, when the row has a shared meaning. */
  indicator: string | null;
  required: boolean;
  /** Position in the template (0-based, document order across forms). */
  order: number;
}

export type CheckDefinition =
  | { rule: 'sum'; id: string; whole: string; parts: string[]; severity: Severity }
  | { rule: 'part-le-whole'; id: string; whole: string; parts: string[]; severity: Severity }
  | { rule: 'ratio'; id: string; percent: string; numerator: string; denominator: string; severity: Severity }
  | {
      rule: 'balance';
      id: string;
      current: string;
      added: string;
      removed: string;
      /** A row of the same report that states the previous period's total (the 57 on group row 3.1). */
      previousInReport: string | null;
      severity: Severity;
    }
  | { rule: 'cumulative'; id: string; rows: string[]; severity: Severity }
  | { rule: 'required'; id: string; rows: string[]; severity: Severity };

export type CheckRule = CheckDefinition['rule'];

export interface TemplateForm {
  /** "1"…"7" in the seven-form family; null for single-table appendices. */
  number: string | null;
  title: string;
}

export interface Template {
  id: string;
  family: TemplateFamily;
  name: string;
  /** ISO date (yyyy-mm-dd). */
  effectiveFrom: string;
  /** ISO date, or null while in force. */
  effectiveTo: string | null;
  /** Province the version was issued for, when it is province-specific. */
  province: string | null;
  /** Columns of the appendix table, in order (e.g. "STT", "Chỉ tiêu thống kê", "Đơn vị tính", "Số liệu", "Ghi chú"). */
  columns: string[];
  forms: TemplateForm[];
  rows: TemplateRow[];
  checks: CheckDefinition[];
}

export interface IndicatorDefinition {
  id: string;
  name: string;
  kind: ValueKindType;
  measure: Measure;
  area: string;
  /** How a report's narrative states this indicator's figure (data, so a province can extend it); see NarrativePhrasing. */
  narrative?: NarrativePhrasing[];
}

/**
 * One way a narrative states an indicator's figure: "UBND tỉnh giao … 118 nhiệm vụ", "đã hoàn thành 105 nhiệm vụ",
 * "tiếp nhận 1.234 hồ sơ". Words match whole words, any case. Used by core/checks/narrative-figures.ts.
 */
export interface NarrativePhrasing {
  /** The noun right after the number ("nhiệm vụ", "hồ sơ"); for a percent indicator the number carries "%" instead. */
  nouns: string[];
  /** Verbs or qualifiers next to the number in the same clause ("hoàn thành", "tiếp nhận", "toàn trình"). */
  terms: string[];
  /** The sentence must contain one of these (e.g. "giao" for tasks assigned); empty: no condition. */
  sentence: string[];
  /** The sentence must contain none of these (tells apart indicators sharing nouns and verbs). */
  unless: string[];
  /** Words next to the number that change its meaning ("đúng hạn", "quá hạn", "trực tuyến"). */
  exclude: string[];
  /** Other indicators the narrative's figure adds up ("hoàn thành" = hoàn thành đúng hạn + hoàn thành quá hạn). */
  plus: string[];
  /** The indicator a fraction's second number states ("31/37 nhiệm vụ … hoàn thành": 37 = tasks planned). */
  of?: string | null;
}

/** Row lookup helpers — templates are small (≤ a few hundred rows), so linear structures are fine. */
export function rowIndex(template: Template): Map<string, TemplateRow> {
  return new Map(template.rows.map((row) => [row.id, row]));
}

/** The rows the template's checks read. */
export function rowsReadByChecks(checks: readonly CheckDefinition[]): Set<string> {
  const ids = new Set<string>();
  for (const c of checks) {
    for (const [key, v] of Object.entries(c)) {
      if (key === 'id' || key === 'rule' || key === 'severity') continue;
      if (typeof v === 'string') ids.add(v);
      else if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') ids.add(x);
    }
  }
  return ids;
}

/**
 * Whether a row takes a value: every row but a heading, and a heading only when the template says it carries one (it
 * has a unit or an indicator, it is required, or a check reads it: `checked` from rowsReadByChecks).
 */
export function rowTakesValue(row: TemplateRow, checked: ReadonlySet<string>): boolean {
  return !row.group || row.unit.trim() !== '' || row.indicator !== null || row.required || checked.has(row.id);
}

export function childrenOf(template: Template, rowId: string | null): TemplateRow[] {
  return template.rows.filter((row) => row.parent === rowId);
}

/** Whether a template version is in force on a date (ISO yyyy-mm-dd compares lexically). */
export function isInForce(template: Pick<Template, 'effectiveFrom' | 'effectiveTo'>, isoDate: string): boolean {
  return template.effectiveFrom <= isoDate && (template.effectiveTo === null || isoDate <= template.effectiveTo);
}
