/**
 * How a cell was read, said back to the officer: the value the grammar took, "không báo cáo" for a "/", the computed
 * percentage of a done-of-total, and what the importer would flag — words where a number belongs (an error: "không
 * đọc được số") and separators it had to guess (unsure). The entry grid and the server read cells with the same
 * parseCell, so what the grid says is what is stored. Pure.
 */
import type { Template, TemplateRow, ValueKind } from '../catalogue/template.js';
import type { Finding } from '../checks/finding.js';
import type { ReportValues } from '../report.js';
import { rowName } from '../checks/row-name.js';
import { type CellFlag, type ParsedCell } from './cell-grammar.js';
import { formatFixed, formatNumber } from './number-format.js';

/** Flags that make a reading unsure: the importer marks such cells for a person to look at. */
export const UNSURE_FLAGS: ReadonlySet<CellFlag> = new Set<CellFlag>(['several-numbers', 'dot-decimal', 'en-us-separators', 'ambiguous-separator']);

/** The text shown for a cell left not reported with a mark ("/", "-", "x"). */
export const NOT_REPORTED_TEXT = 'không báo cáo';

/** The finding's words for a number row that holds only words. */
export const UNREADABLE_TEXT = 'không đọc được số';

export interface CellReading {
  /** What the cell was read as, for display beside it ("= 99,33%", "không báo cáo"); "" for an empty cell. */
  shown: string;
  /** 'error' when no number could be read where one belongs; 'warning' when the reading had to guess. */
  severity: 'error' | 'warning' | null;
  /** Why, in Vietnamese, when severity is set. */
  message: string | null;
}

/** The value as read, in vi-VN, with the row's unit sense: a percentage with "%", a code with its label. */
function shownValue(parsed: ParsedCell, kind: ValueKind): string {
  const value = parsed.value!;
  switch (kind.type) {
    case 'percent':
      // a done-of-total's ratio is exact; shown with two decimals, as the ratio check shows it
      return `${parsed.decimals === null ? formatFixed(value, 2) : formatNumber(value)}%`;
    case 'coded': {
      const label = kind.codes.find((c) => c.code === value)?.label;
      return label ? `${formatNumber(value)} — ${label}` : formatNumber(value);
    }
    default:
      return formatNumber(value);
  }
}

/** The reading of one parsed cell of a row of this kind. */
export function cellReading(parsed: ParsedCell, kind: ValueKind): CellReading {
  if (parsed.status === 'not-reported') {
    return { shown: parsed.text === '' ? '' : NOT_REPORTED_TEXT, severity: null, message: null };
  }
  if (parsed.status === 'text') {
    if (kind.type === 'text') return { shown: '', severity: null, message: null };
    const why = parsed.flags.includes('number-too-large') ? 'số quá lớn' : 'ô chỉ có chữ';
    return { shown: UNREADABLE_TEXT, severity: 'error', message: `${UNREADABLE_TEXT} (${why})` };
  }
  const shown = `= ${shownValue(parsed, kind)}`;
  const unsure = parsed.flags.filter((f) => UNSURE_FLAGS.has(f));
  if (unsure.length === 0) return { shown, severity: null, message: null };
  const reasons: Record<string, string> = {
    'several-numbers': 'ô có nhiều số, đã lấy số đầu tiên',
    'dot-decimal': 'dấu "." được đọc là dấu thập phân',
    'en-us-separators': 'dấu "," được đọc là dấu phân cách hàng nghìn',
    'ambiguous-separator': 'dấu "," được đọc là dấu thập phân',
  };
  return {
    shown,
    severity: 'warning',
    message: `đọc là ${shownValue(parsed, kind)} (${unsure.map((f) => reasons[f]).join('; ')}), hãy kiểm tra lại`,
  };
}

/** Whether a row of this kind expects a number (every kind but free text). */
export const expectsNumber = (row: Pick<TemplateRow, 'kind'>): boolean => row.kind.type !== 'text';

/**
 * The error findings of cells that hold words where a number belongs ("abc xyz" in a count row): one per row, on the
 * row. From the stored or typed values alone (status "text" in a number row), so the server and the grid agree.
 */
export function unreadableFindings(template: Template, values: ReportValues): Finding[] {
  const findings: Finding[] = [];
  for (const row of template.rows) {
    const cell = values.get(row.id);
    if (!cell || cell.status !== 'text' || !expectsNumber(row)) continue;
    findings.push({
      rule: `unreadable:${row.id}`,
      kind: 'finite',
      severity: 'error',
      rows: [row.id],
      expected: 'một số',
      found: cell.note,
      message: `${rowName(row)}: ${UNREADABLE_TEXT} — ô Số liệu chỉ có chữ ("${(cell.note ?? '').slice(0, 60)}").`,
    });
  }
  return findings;
}
