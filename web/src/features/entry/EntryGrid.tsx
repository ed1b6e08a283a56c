/**
 * The appendix as a spreadsheet-like grid: the template's rows with codes, units and code lists; values typed in
 * vi-VN; the computed ratio beside every stated percentage; findings inline; paste a block from Excel or Word into
 * consecutive rows; Enter and the arrow keys move between cells; the reasons of a return shown on their rows.
 */
import { memo, useCallback, useRef, type ClipboardEvent, type KeyboardEvent, type ReactElement } from 'react';
import type { CheckDefinition, Template, TemplateRow } from '@core/catalogue/template.js';
import type { Finding } from '@core/checks/finding.js';
import { computeRatio } from '@core/checks/run-checks.js';
import { parseCell } from '@core/values/cell-grammar.js';
import { cellReading, type CellReading } from '@core/values/cell-reading.js';
import { formatFixed } from '@core/values/number-format.js';
import { FindingNotes } from '../../components/FindingNotes.js';
import { findingsByFirstRow, worstSeverity } from '../../components/findings.js';
import { rowTitle } from '../../shared/labels.js';

export interface GridCell {
  raw: string;
  note: string;
}

interface Props {
  template: Template;
  cells: ReadonlyMap<string, GridCell>;
  findings: readonly Finding[];
  /** The Sở Nội vụ's reasons for returning the report, by row id. */
  remarks?: ReadonlyMap<string, readonly string[]>;
  readOnly: boolean;
  onChange(changes: { rowId: string; raw?: string; note?: string }[]): void;
}

function depth(row: TemplateRow, rows: ReadonlyMap<string, TemplateRow>): number {
  let d = 0;
  let parent = row.parent;
  while (parent && d < 6) {
    d++;
    parent = rows.get(parent)?.parent ?? null;
  }
  return d;
}

/** "5/24 = 20,83%" for a percentage row with a ratio check, from the current cells. */
function computedRatio(
  check: Extract<CheckDefinition, { rule: 'ratio' }> | undefined,
  cells: ReadonlyMap<string, GridCell>,
  rows: ReadonlyMap<string, TemplateRow>,
): string {
  if (!check) return '';
  const value = (id: string) => {
    const row = rows.get(id);
    return row ? parseCell(cells.get(id)?.raw ?? '', row.kind).value : null;
  };
  const ratio = computeRatio(check, value); // the ratio check's own math, so the grid and the findings agree
  return ratio ? `= ${formatFixed(ratio.numerator, 0)}/${formatFixed(ratio.denominator, 0)} = ${formatFixed(ratio.percent, 2)}%` : '';
}

/**
 * Whether a row takes a value: every row but a heading, and a heading only when the template says it carries one (it
 * has a unit or an indicator, a check reads it, or it is required) — or when a value is stored on it, never hidden.
 */
export function takesValue(row: TemplateRow, checkedRows: ReadonlySet<string>, cell: GridCell | undefined): boolean {
  if (!row.group) return true;
  return row.unit.trim() !== '' || row.indicator !== null || row.required || checkedRows.has(row.id) || (cell?.raw ?? '').trim() !== '';
}

/** The rows every declared check reads. */
function rowsOfChecks(checks: readonly CheckDefinition[]): Set<string> {
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

/** How the cell was read, under its input: the value, "không báo cáo", or the error / unsure note. */
function Reading({ reading, id }: { reading: CellReading; id: string }) {
  if (!reading.shown && !reading.message) return null;
  if (reading.severity) {
    return (
      <div id={id} className={`reading finding ${reading.severity}`} role="note">
        {reading.severity === 'error' ? 'Lỗi: ' : 'Chưa chắc chắn: '}
        {reading.message}
      </div>
    );
  }
  return (
    <div id={id} className={`reading${reading.shown === 'không báo cáo' ? ' not-reported' : ''}`}>
      {reading.shown}
    </div>
  );
}

const Row = memo(function Row(props: {
  row: TemplateRow;
  takesValue: boolean;
  index: number;
  indent: number;
  cell: GridCell | undefined;
  ratio: string;
  findings: readonly Finding[];
  remarks: readonly string[];
  readOnly: boolean;
  onChange: Props['onChange'];
  onKey(event: KeyboardEvent<HTMLElement>, index: number, column: Column): void;
  onPaste(event: ClipboardEvent<HTMLElement>, index: number): void;
}) {
  const { row, cell } = props;
  const label = rowTitle(row);
  const worst = worstSeverity(props.findings);
  // the reading is said at the cell, so the row's notes leave out the unreadable cell's own finding
  const labelFindings = props.findings.filter((f) => !f.rule.startsWith('unreadable:'));
  const reading = cellReading(parseCell(cell?.raw ?? '', row.kind), row.kind);
  const readingId = `reading-${props.index}`;
  return (
    <tr className={worst ? `finding-${worst}` : props.remarks.length > 0 ? 'remarked' : row.group ? 'group' : undefined} data-row={row.id}>
      <td className="code">{row.code ?? ''}</td>
      <td className="label" style={{ paddingLeft: `${0.4 + props.indent * 0.9}rem` }}>
        {row.group ? <strong>{row.label}</strong> : row.label}
        {props.remarks.map((text, i) => (
          <div key={`remark-${i}`} className="finding remark" role="note">
            Lý do trả lại: {text}
          </div>
        ))}
        <FindingNotes findings={labelFindings} />
      </td>
      <td className="unit">{row.kind.type === 'coded' ? '' : row.unit}</td>
      <td className="value">
        {!props.takesValue ? (
          <span className="heading-cell" title="Dòng tiêu đề, không nhập số liệu">
            {' '}
          </span>
        ) : row.kind.type === 'coded' ? (
          <select
            aria-label={`Số liệu: ${label}`}
            data-index={props.index}
            disabled={props.readOnly}
            value={cell?.raw ?? ''}
            onChange={(e) => props.onChange([{ rowId: row.id, raw: e.currentTarget.value }])}
            onKeyDown={(e) => props.onKey(e, props.index, 'value')}
          >
            <option value="">—</option>
            {row.kind.codes.map((c) => (
              <option key={c.code} value={String(c.code)}>
                {c.code} — {c.label}
              </option>
            ))}
          </select>
        ) : (
          <input
            aria-label={`Số liệu: ${label}`}
            data-index={props.index}
            readOnly={props.readOnly}
            value={cell?.raw ?? ''}
            inputMode={row.kind.type === 'text' ? 'text' : 'decimal'}
            aria-invalid={reading.severity === 'error' ? true : undefined}
            aria-describedby={reading.shown || reading.message ? readingId : undefined}
            onChange={(e) => props.onChange([{ rowId: row.id, raw: e.currentTarget.value }])}
            onKeyDown={(e) => props.onKey(e, props.index, 'value')}
            onPaste={(e) => props.onPaste(e, props.index)}
          />
        )}
        {props.takesValue && <span className="print-only print-value">{cell?.raw ?? ''}</span>}
        {props.takesValue && row.kind.type !== 'coded' && <Reading reading={reading} id={readingId} />}
        {props.ratio && <div className="ratio">{props.ratio}</div>}
      </td>
      <td className="note">
        {props.takesValue && (
          <input
            aria-label={`Ghi chú: ${label}`}
            data-note-index={props.index}
            readOnly={props.readOnly}
            onKeyDown={(e) => props.onKey(e, props.index, 'note')}
            value={cell?.note ?? ''}
            onChange={(e) => props.onChange([{ rowId: row.id, note: e.currentTarget.value }])}
          />
        )}
        <span className="print-only">{cell?.note ?? ''}</span>
      </td>
    </tr>
  );
});

const NO_FINDINGS: readonly Finding[] = [];
const NO_REMARKS: readonly string[] = [];

type Column = 'value' | 'note';

/** Whether the caret sits at the start (or end) of a text field, so an arrow key may leave it. */
function caretAt(target: EventTarget, edge: 'start' | 'end'): boolean {
  if (!(target instanceof HTMLInputElement)) return true;
  const { selectionStart, selectionEnd, value } = target;
  if (selectionStart === null || selectionEnd === null) return true;
  return edge === 'start' ? selectionEnd === 0 : selectionStart === value.length;
}

export function EntryGrid({ template, cells, findings, remarks, readOnly, onChange }: Props) {
  const tableRef = useRef<HTMLTableElement>(null);
  const rows = new Map(template.rows.map((r) => [r.id, r]));
  const ratios = new Map(
    template.checks.filter((c): c is Extract<CheckDefinition, { rule: 'ratio' }> => c.rule === 'ratio').map((c) => [c.percent, c]),
  );
  const findingsByRow = findingsByFirstRow(findings);
  const checkedRows = rowsOfChecks(template.checks);

  const focus = useCallback((index: number, column: Column, step: 1 | -1 = 1) => {
    // a heading row has no value input: the next row that has one, in the direction of travel
    const find = (i: number) => tableRef.current?.querySelector<HTMLElement>(column === 'value' ? `[data-index="${i}"]` : `[data-note-index="${i}"]`);
    let target = find(index);
    for (let i = index, tries = 0; !target && i >= 0 && tries < 200; tries++) target = find((i += step));
    target?.focus();
    if (target instanceof HTMLInputElement) target.select();
  }, []);

  // like a spreadsheet: Enter and ↓ go down, ↑ up, in the same column; → at the end of a value goes to its note and
  // ← at the start of a note back to the value (a select changes its value with ↑↓, so only Enter leaves it downwards)
  const onKey = useCallback(
    (event: KeyboardEvent<HTMLElement>, index: number, column: Column) => {
      const select = event.currentTarget instanceof HTMLSelectElement;
      if (event.key === 'Enter' || (event.key === 'ArrowDown' && !select)) {
        event.preventDefault();
        focus(index + 1, column);
      } else if (event.key === 'ArrowUp' && !select) {
        event.preventDefault();
        focus(index - 1, column, -1);
      } else if (event.key === 'ArrowRight' && column === 'value' && caretAt(event.currentTarget, 'end')) {
        event.preventDefault();
        focus(index, 'note');
      } else if (event.key === 'ArrowLeft' && column === 'note' && caretAt(event.currentTarget, 'start')) {
        event.preventDefault();
        focus(index, 'value');
      }
    },
    [focus],
  );

  // a block copied from Excel or Word: one line per row, into this row and the ones below; a second column is the note
  const onPaste = useCallback(
    (event: ClipboardEvent<HTMLElement>, index: number) => {
      const text = event.clipboardData.getData('text/plain');
      if (!/[\t\n]/u.test(text.trim())) return;
      event.preventDefault();
      const lines = text.replace(/\r/gu, '').replace(/\n$/u, '').split('\n');
      const changes = lines.flatMap((line, i) => {
        const row = template.rows[index + i];
        if (!row) return [];
        const [value = '', note] = line.split('\t');
        return [{ rowId: row.id, raw: value.trim(), ...(note !== undefined ? { note: note.trim() } : {}) }];
      });
      onChange(changes);
    },
    [template.rows, onChange],
  );

  let currentForm: string | null | undefined;
  const body: ReactElement[] = [];
  template.rows.forEach((row, index) => {
    if (row.form !== currentForm) {
      currentForm = row.form;
      if (row.form) {
        const form = template.forms.find((f) => f.number === row.form);
        body.push(
          <tr key={`form-${row.form}`} className="form-title">
            <th colSpan={5} scope="colgroup">
              Biểu mẫu {row.form}: {form?.title}
            </th>
          </tr>,
        );
      }
    }
    body.push(
      <Row
        key={row.id}
        row={row}
        takesValue={takesValue(row, checkedRows, cells.get(row.id))}
        index={index}
        indent={depth(row, rows)}
        cell={cells.get(row.id)}
        ratio={row.kind.type === 'percent' ? computedRatio(ratios.get(row.id), cells, rows) : ''}
        findings={findingsByRow.get(row.id) ?? NO_FINDINGS}
        remarks={remarks?.get(row.id) ?? NO_REMARKS}
        readOnly={readOnly}
        onChange={onChange}
        onKey={onKey}
        onPaste={onPaste}
      />,
    );
  });

  return (
    <table className="entry-grid" ref={tableRef} aria-label="Phụ lục thống kê số liệu">
      <thead>
        <tr>
          <th scope="col">STT</th>
          <th scope="col">Chỉ tiêu thống kê</th>
          <th scope="col">Đơn vị tính</th>
          <th scope="col">Số liệu</th>
          <th scope="col">Ghi chú</th>
        </tr>
      </thead>
      <tbody>{body}</tbody>
    </table>
  );
}
