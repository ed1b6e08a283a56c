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
import { createPortal, flushSync } from 'react-dom';
import { memo, useDeferredValue, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Template, TemplateRow } from '@core/catalogue/template.js';
import type { Finding } from '@core/checks/finding.js';
import { errorText } from '../../api/client.js';
import { reportQuery } from '../../api/queries.js';
import type { PastePlacementDto } from '../../api/types.js';
import { useRoute } from '../../app/router.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { findingsByFirstRow } from '../../components/findings.js';
import { gridView, sectionsOf, type RowFacts } from './grid-filter.js';
import { GridToolbar, type GridQuery } from './GridToolbar.js';
import { cellReadingOf, cellValuesOf, typedCellOf } from '@shared/entry/cell-cache.js';
import { firstGridFor, letFirstGridGo } from './first-grid.js';
import { GridRows, isBlock, type CellChange, type Column } from './grid-rows.js';
import { rowStateOf, takesValue, templateFacts, withChanges, type GridCell } from '@shared/entry/grid-state.js';
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

export type { GridCell } from '@shared/entry/grid-state.js';

interface Props {
  template: Template;
  cells: ReadonlyMap<string, GridCell>;
  findings: readonly Finding[];
  /** The Sở Nội vụ's reasons for returning the report, by row id. */
  remarks?: ReadonlyMap<string, readonly string[]>;
  readOnly: boolean;
  onChange(changes: CellChange[]): void;
  /**
   * The report's id, for pasting by meaning, the agency's history (outliers, "khác kỳ trước") and what is saved ("chưa
   * lưu"); the report page's route gives it when absent.
   */
  reportId?: string;
}

/**
 * Puts the table in its place on the page: moved as it stands where the browser can (Element.moveBefore: the input
 * being typed in keeps its focus and caret, and nothing is restyled at once), else moved and its focus and caret
 * given back.
 */
function placeTable(slot: HTMLElement | null, table: HTMLTableElement): void {
  if (!slot || table.parentElement === slot) return;
  const movable = slot as HTMLElement & { moveBefore?: (node: Node, child: Node | null) => void };
  if (typeof movable.moveBefore === 'function' && table.isConnected) {
    try {
      movable.moveBefore(table, null);
      return;
    } catch {
      // not movable as it stands (another document): moved the common way below
    }
  }
  const focused = document.activeElement;
  const caret = focused instanceof HTMLInputElement && table.contains(focused) ? ([focused.selectionStart, focused.selectionEnd] as const) : null;
  slot.appendChild(table);
  if (caret && focused instanceof HTMLInputElement) {
    focused.focus();
    focused.setSelectionRange(caret[0], caret[1]);
  }
}

/** Whether the caret sits at the start (or end) of a text field, so an arrow key may leave it. */
function caretAt(target: EventTarget | null, edge: 'start' | 'end'): boolean {
  if (!(target instanceof HTMLInputElement)) return true;
  const { selectionStart, selectionEnd, value } = target;
  if (selectionStart === null || selectionEnd === null) return true;
  return edge === 'start' ? selectionEnd === 0 : selectionStart === value.length;
}

/** The grid; drawn again only when its own props change (not at every change of the page around it). */
export const EntryGrid = memo(function EntryGrid({ template, cells, findings: checked, remarks, readOnly, onChange, reportId: given }: Props) {
  const route = useRoute();
  const reportId = given ?? (route.name === 'report' ? route.id : undefined);
  const { rows, checkedRows } = templateFacts(template);
  // the table: the one drawn before the page's code arrived (first-grid.ts) when there is one, else a new one
  const grid = useMemo(() => (reportId !== undefined ? firstGridFor(reportId, template.id) : null) ?? new GridRows(template), [reportId, template]);
  const slot = useRef<HTMLDivElement>(null);

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

  const focus = useCallback(
    (index: number, column: Column, step: 1 | -1 = 1) => {
      // a heading row (no value input) or a row out of view: the next row that has one, in the direction of travel
      const find = (i: number) => grid.table.querySelector<HTMLElement>(column === 'value' ? `[data-index="${i}"]` : `[data-note-index="${i}"]`);
      let target = find(index);
      for (let i = index, tries = 0; !target && i >= 0 && tries < 1000; tries++) target = find((i += step));
      target?.focus();
      if (target instanceof HTMLInputElement) target.select();
    },
    [grid],
  );
  const focusFirst = useCallback(() => {
    const first = grid.table.querySelector<HTMLElement>('[data-index]');
    first?.focus();
    if (first instanceof HTMLInputElement) first.select();
  }, [grid]);

  // like a spreadsheet: Enter and ↓ go down, ↑ up, in the same column; → at the end of a value goes to its note and
  // ← at the start of a note back to the value (a select changes its value with ↑↓, so only Enter leaves it downwards)
  const onKey = useCallback(
    (event: KeyboardEvent, index: number, column: Column) => {
      const select = event.target instanceof HTMLSelectElement;
      if (event.key === 'Enter' || (event.key === 'ArrowDown' && !select)) {
        event.preventDefault();
        focus(index + 1, column);
      } else if (event.key === 'ArrowUp' && !select) {
        event.preventDefault();
        focus(index - 1, column, -1);
      } else if (event.key === 'ArrowRight' && column === 'value' && caretAt(event.target, 'end')) {
        event.preventDefault();
        focus(index, 'note');
      } else if (event.key === 'ArrowLeft' && column === 'note' && caretAt(event.target, 'start')) {
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
  /** A block pasted at the row `index`: placed by meaning after a preview, or row by row from there. */
  const pasteBlock = useCallback(
    (text: string, index: number) => {
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
  const onPaste = useCallback(
    (event: ClipboardEvent, index: number) => {
      const text = event.clipboardData?.getData('text/plain') ?? '';
      if (!isBlock(text)) return;
      event.preventDefault();
      pasteBlock(text, index);
    },
    [pasteBlock],
  );

  // each row's state, drawn by the table itself (grid-rows.ts); a cell imported from a file shows its provenance
  // marker (a popover, so React's) in a place the table keeps beside the value
  const [markers] = useState(() => new Map<string, HTMLElement>());
  const markerOf = (rowId: string) => {
    let marker = markers.get(rowId);
    if (!marker) markers.set(rowId, (marker = document.createElement('span')));
    return marker;
  };
  const provenances: { rowId: string; provenance: CellProvenanceDto }[] = [];
  for (const [rowId, provenance] of provenanceByRow)
    if ((cells.get(rowId)?.raw ?? '') === (savedCells.get(rowId)?.raw ?? '')) provenances.push({ rowId, provenance });
  const shown = new Set(provenances.map((p) => p.rowId));
  // what was typed in the table before the page took it over (first-grid.ts): handed to the page once, and drawn as
  // typed until the page's cells hold it
  const [typed] = useState(() => grid.typedMeanwhile());
  const [firstCells] = useState(cells);
  useLayoutEffect(() => {
    const drawnCells = typed.length > 0 && cells === firstCells ? withChanges(cells, typed) : cells;
    grid.update(
      (row) =>
        rowStateOf(template, row, drawnCells, { findings: findingsByRow, remarks, readOnly, marker: shown.has(row.id) ? markerOf(row.id) : null }),
      view.visible,
    );
  });
  // the table in its place on the page; what was typed in it before the page took it over, handed to the page
  useLayoutEffect(() => {
    placeTable(slot.current, grid.table);
    letFirstGridGo();
    grid.table.setAttribute('data-page', 'ready');
    // when the page had taken the table over (a User Timing mark: bench:ui reads it)
    performance.mark('cchc:page-ready');
    return () => grid.table.remove();
  }, [grid]);
  useLayoutEffect(() => {
    grid.listen({ onChange, onKey, onPaste });
    return () => grid.listen(null);
  }, [grid, onChange, onKey, onPaste]);
  useEffect(() => {
    if (typed.length > 0 && !readOnly) onChange(typed);
    // a block pasted into the table before the page took it over: placed now, as if pasted now
    const held = grid.takeHeldPaste();
    if (held && !readOnly) pasteBlock(held.text, held.index);
    // once, when the page takes the table
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [grid]);

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
      <div ref={slot} className="entry-grid-slot" />
      {provenances.map(({ rowId, provenance }) => createPortal(<CellProvenance provenance={provenance} />, markerOf(rowId), rowId))}
    </>
  );
});
