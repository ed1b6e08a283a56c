/**
 * The appendix as a spreadsheet-like grid: the template's rows with codes, units and code lists; values typed in
 * vi-VN; the computed ratio beside every stated percentage; findings inline, with the outliers against the agency's
 * own history; a block pasted from Excel placed by meaning (STT / label / value / note columns in any order, previewed
 * before it is applied) or, for a plain value(+note) column, into consecutive rows; search and filters over the rows;
 * Enter and the arrow keys move between cells; the reasons of a return shown on their rows.
 */
import type { CellProvenanceDto } from '@shared/provenance-schemas.js';
import { lazyComponent } from '../../app/lazy-page.js';
import { useQuery } from '@tanstack/react-query';
import { flushSync } from 'react-dom';
import {
  memo,
  useDeferredValue,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
  type ReactElement,
} from 'react';
import type { CheckDefinition, Template, TemplateRow } from '@core/catalogue/template.js';
import type { Finding } from '@core/checks/finding.js';
import { computeRatio } from '@core/checks/run-checks.js';
import type { CellReading } from '@core/values/cell-reading.js';
import { formatFixed } from '@core/values/number-format.js';
import { errorText } from '../../api/client.js';
import { reportQuery } from '../../api/queries.js';
import type { PastePlacementDto } from '../../api/types.js';
import { useRoute } from '../../app/router.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FindingNotes } from '../../components/FindingNotes.js';
import { findingsByFirstRow, worstSeverity } from '../../components/findings.js';
import { rowTitle } from '../../shared/labels.js';
import { gridView, sectionsOf, type RowFacts } from './grid-filter.js';
import { GridToolbar, type GridQuery } from './GridToolbar.js';
import { cellReadingOf, cellValuesOf, parsedCell, typedCellOf } from './cell-cache.js';
import { looksPositional, positionalPaste } from './paste/positional-paste.js';
import { useOutlierFindings, useRowHistories } from './useOutlierFindings.js';

// where an imported cell came from: its marker's code (a popover, and the place words it shares with the server's
// schemas, which bring zod) is loaded when a cell has a provenance, not with the page — most reports have none
const CellProvenance = lazyComponent(
  () => import('../../components/CellProvenance.js').then((m) => m.CellProvenance),
  () => null,
);

// the preview of a block pasted by meaning: loaded when a paste needs it, not with the page
const pastePreview = () => import('./paste/PastePreview.js');
const PastePreview = lazyComponent(
  () => pastePreview().then((m) => m.PastePreview),
  () => null,
);

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
  /**
   * The report's id, for pasting by meaning, the agency's history (outliers, "khác kỳ trước") and what is saved ("chưa
   * lưu"); the report page's route gives it when absent.
   */
  reportId?: string;
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
    return row ? parsedCell(cells.get(id)?.raw ?? '', row.kind).value : null;
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

/**
 * How the cell was read, under its input: the value, "không báo cáo", or the error / unsure note. A plain function, not a
 * component: 200 rows draw it, and a component per row costs the grid's first drawing more than the element itself.
 */
function readingNote(reading: CellReading, id: string): ReactElement | null {
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

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a === b || (a.length === b.length && a.every((f, i) => JSON.stringify(f) === JSON.stringify(b[i])));
}

/** A row's props unchanged: the same values, and findings that say the same (the checks make new ones at each keystroke). */
function sameRow<P extends { findings: readonly Finding[] }>(before: P, after: P): boolean {
  for (const key of Object.keys(after) as (keyof P)[]) {
    if (key === 'findings' ? !sameFindings(before.findings, after.findings) : !Object.is(before[key], after[key])) return false;
  }
  return true;
}

const Row = memo(function Row(props: {
  row: TemplateRow;
  takesValue: boolean;
  index: number;
  indent: number;
  cell: GridCell | undefined;
  /** How the value cell reads (the same object while its text is the same). */
  reading: CellReading;
  ratio: string;
  findings: readonly Finding[];
  remarks: readonly string[];
  readOnly: boolean;
  onChange: Props['onChange'];
  onKey(event: KeyboardEvent<HTMLElement>, index: number, column: Column): void;
  onPaste(event: ClipboardEvent<HTMLElement>, index: number): void;
  /** Where the saved value came from (an imported file, the plan), while the cell still holds it. */
  provenance: CellProvenanceDto | undefined;
}) {
  const { row, cell } = props;
  const label = rowTitle(row);
  const worst = worstSeverity(props.findings);
  // the reading is said at the cell, so the row's notes leave out the unreadable cell's own finding
  const labelFindings = props.findings.filter((f) => !f.rule.startsWith('unreadable:'));
  const reading = props.reading;
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
        {labelFindings.length > 0 && <FindingNotes findings={labelFindings} />}
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
        {props.provenance && <CellProvenance provenance={props.provenance} />}
        {props.takesValue && <span className="print-only print-value">{cell?.raw ?? ''}</span>}
        {props.takesValue && row.kind.type !== 'coded' && readingNote(reading, readingId)}
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
}, sameRow);

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

/** The grid; drawn again only when its own props change (not at every change of the page around it). */
export const EntryGrid = memo(function EntryGrid({ template, cells, findings: checked, remarks, readOnly, onChange, reportId: given }: Props) {
  const tableRef = useRef<HTMLTableElement>(null);
  const route = useRoute();
  const reportId = given ?? (route.name === 'report' ? route.id : undefined);
  const rows = useMemo(() => new Map(template.rows.map((r) => [r.id, r])), [template]);
  const ratios = useMemo(
    () => new Map(template.checks.filter((c): c is Extract<CheckDefinition, { rule: 'ratio' }> => c.rule === 'ratio').map((c) => [c.percent, c])),
    [template],
  );
  const checkedRows = useMemo(() => rowsOfChecks(template.checks), [template]);

  // the agency's own history: outliers as the officer types (unless the page already counts them) and "khác kỳ trước"
  const values = useMemo(() => cellValuesOf(template, cells), [template, cells]);
  const histories = useRowHistories(reportId);
  const outliers = useOutlierFindings(reportId, template, values);
  const findings = useMemo(() => {
    if (outliers.length === 0 || checked.some((f) => f.kind === 'outlier')) return checked;
    const order = new Map(template.rows.map((r) => [r.id, r.order]));
    return [...checked, ...outliers].sort((a, b) => (order.get(a.rows[0]!) ?? 0) - (order.get(b.rows[0]!) ?? 0));
  }, [checked, outliers, template]);
  const findingsByRow = useMemo(() => findingsByFirstRow(findings), [findings]);

  // what the server last saved, for "chưa lưu" (the report page keeps the report's cache entry current)
  const saved = useQuery({ ...reportQuery(reportId ?? ''), enabled: reportId !== undefined, refetchOnMount: false });
  // a newer answer (a save, a refetch) re-reads the rows in the background, so typing goes first
  const savedData = useDeferredValue(saved.data);
  const savedCells = useMemo(() => {
    const map = new Map<string, GridCell>();
    for (const v of savedData?.values ?? []) {
      const row = rows.get(v.rowId);
      map.set(v.rowId, typedCellOf(row, v));
    }
    return map;
  }, [savedData, rows]);
  const provenanceByRow = useMemo(() => new Map((savedData?.provenance ?? []).map((p) => [p.rowId, p])), [savedData]);

  // search and filters
  const [query, setQuery] = useState<GridQuery>({ search: '', filter: 'all', section: null });
  const sections = useMemo(() => sectionsOf(template), [template]);
  const view = useMemo(() => {
    const facts = (row: TemplateRow): RowFacts => {
      const cell = cells.get(row.id);
      const raw = cell?.raw ?? '';
      const takes = takesValue(row, checkedRows, cell);
      const reading = takes && row.kind.type !== 'coded' ? cellReadingOf(raw, row.kind) : null;
      const before = savedCells.get(row.id);
      const last = histories.get(row.id)?.at(-1);
      const now = values.get(row.id);
      return {
        takesValue: takes,
        filled: raw.trim() !== '',
        flagged: (findingsByRow.get(row.id)?.length ?? 0) > 0 || !!reading?.severity || (remarks?.get(row.id)?.length ?? 0) > 0,
        unsaved: reportId !== undefined && savedData !== undefined && (raw !== (before?.raw ?? '') || (cell?.note ?? '') !== (before?.note ?? '')),
        changedFromPrevious: last !== undefined && now?.status === 'reported' && now.value !== null && now.value !== last.value,
      };
    };
    return gridView(template, facts, query.search, query.filter, query.section);
  }, [template, cells, checkedRows, savedCells, histories, values, findingsByRow, remarks, reportId, savedData, query]);
  const filtering = query.search.trim() !== '' || query.filter !== 'all' || query.section !== null;
  // the printed page is the whole appendix, whatever the screen shows
  useEffect(() => {
    const all = () => flushSync(() => setQuery({ search: '', filter: 'all', section: null }));
    window.addEventListener('beforeprint', all);
    return () => window.removeEventListener('beforeprint', all);
  }, []);

  const focus = useCallback((index: number, column: Column, step: 1 | -1 = 1) => {
    // a heading row (no value input) or a row out of view: the next row that has one, in the direction of travel
    const find = (i: number) => tableRef.current?.querySelector<HTMLElement>(column === 'value' ? `[data-index="${i}"]` : `[data-note-index="${i}"]`);
    let target = find(index);
    for (let i = index, tries = 0; !target && i >= 0 && tries < 1000; tries++) target = find((i += step));
    target?.focus();
    if (target instanceof HTMLInputElement) target.select();
  }, []);
  const focusFirst = useCallback(() => {
    const first = tableRef.current?.querySelector<HTMLElement>('[data-index]');
    first?.focus();
    if (first instanceof HTMLInputElement) first.select();
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

  // a block copied from Excel or Word: a plain value(+note) column fills this row and the ones below (the rows in view
  // when a search or filter is on); anything with codes, labels or more columns is placed by meaning, after a preview
  const [preview, setPreview] = useState<{ placement: PastePlacementDto; text: string; form: string | null } | null>(null);
  const [pasteMessage, setPasteMessage] = useState<string | null>(null);
  // what a plain paste fills when a search or filter is on: the rows in view (read at paste time, so the rows' paste
  // handler stays the same object while the officer types)
  const inView = useRef<{ filtering: boolean; visible: ReadonlySet<string> }>({ filtering, visible: view.visible });
  useLayoutEffect(() => {
    inView.current = { filtering, visible: view.visible };
  }, [filtering, view.visible]);
  const onPaste = useCallback(
    (event: ClipboardEvent<HTMLElement>, index: number) => {
      const text = event.clipboardData.getData('text/plain');
      if (!/[\t\n]/u.test(text.trim())) return;
      event.preventDefault();
      setPasteMessage(null);
      const row = template.rows[index];
      const positional = () => {
        const from = template.rows.slice(index);
        const { filtering: on, visible } = inView.current;
        const targets = (on ? from.filter((r) => visible.has(r.id)) : from).map((r) => r.id);
        onChange(positionalPaste(text, targets));
      };
      if (looksPositional(text) || reportId === undefined) {
        positional();
        return;
      }
      const form = row?.form ?? null;
      pastePreview()
        .then((m) => m.fetchPlacement(reportId, text, form))
        .then((placement) => {
          if (placement.mode === 'positional') positional();
          else setPreview({ placement, text, form });
        })
        .catch((e: unknown) => setPasteMessage(errorText(e, 'Không đọc được khối đã dán; chưa điền gì.')));
    },
    [template.rows, onChange, reportId, setPreview],
  );

  let currentForm: string | null | undefined;
  const body: ReactElement[] = [];
  template.rows.forEach((row, index) => {
    if (!view.visible.has(row.id)) return;
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
        reading={cellReadingOf(cells.get(row.id)?.raw ?? '', row.kind)}
        ratio={row.kind.type === 'percent' ? computedRatio(ratios.get(row.id), cells, rows) : ''}
        findings={findingsByRow.get(row.id) ?? NO_FINDINGS}
        remarks={remarks?.get(row.id) ?? NO_REMARKS}
        readOnly={readOnly}
        onChange={onChange}
        onKey={onKey}
        onPaste={onPaste}
        provenance={(cells.get(row.id)?.raw ?? '') === (savedCells.get(row.id)?.raw ?? '') ? provenanceByRow.get(row.id) : undefined}
      />,
    );
  });

  return (
    <>
      <GridToolbar query={query} view={view} sections={sections} hasHistory={histories.size > 0} onChange={setQuery} onFirst={focusFirst} />
      <ErrorAlert message={pasteMessage} />
      {preview && reportId !== undefined && (
        <PastePreview
          reportId={reportId}
          template={template}
          initial={preview.placement}
          text={preview.text}
          form={preview.form}
          onApply={onChange}
          onClose={() => setPreview(null)}
        />
      )}
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
        <tbody>
          {body}
          {body.length === 0 && (
            <tr>
              <td colSpan={5}>Không có dòng nào khớp với tìm kiếm và bộ lọc.</td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
});
