/**
 * The appendix grid's table, drawn and kept up to date by this module rather than by React: 200 rows of inputs are
 * built at once from one HTML text (the browser's parser makes them far faster than a component tree does), and each
 * later change touches only the rows whose state changed. The value and note inputs are never replaced while their
 * row stands, so the caret and what is being typed stay put; their text is set only when the page's state says
 * something new. The same table can be drawn before the app's code has arrived (first-grid.ts) and is then taken over
 * by the page (EntryGrid), what was typed meanwhile handed to it.
 *
 * Events are listened to once, on the table: an input's change, a key, a paste, handed to the page's handlers.
 */
import type { Template, TemplateRow } from '@core/catalogue/template.js';
import type { Finding } from '@core/checks/finding.js';
import type { CellReading } from '@core/values/cell-reading.js';
import { severityPrefix, worstSeverity } from '../../components/findings.js';
import { rowTitle } from '../../shared/labels.js';

export type Column = 'value' | 'note';

/** One row as the grid shows it. Two states with the same fields draw the same row. */
export interface RowState {
  /** The row takes a value (every row but a heading without one). */
  takesValue: boolean;
  /** How deep it sits under its headings. */
  indent: number;
  raw: string;
  note: string;
  /** How the value cell reads (the same object for the same text); null for a code list or a heading. */
  reading: CellReading | null;
  /** "= 5/24 = 20,83%" under a percentage with a ratio check; '' otherwise. */
  ratio: string;
  /** The row's findings; the unreadable cell's own one is said at the cell, not under the label. */
  findings: readonly Finding[];
  /** The Sở Nội vụ's reasons for returning the report, on this row. */
  remarks: readonly string[];
  readOnly: boolean;
  /** Where the page shows the cell's provenance marker (a React portal's target), or null. */
  marker: HTMLElement | null;
}

export interface CellChange {
  rowId: string;
  raw?: string;
  note?: string;
}

export interface GridHandlers {
  onChange(changes: CellChange[]): void;
  onKey(event: KeyboardEvent, index: number, column: Column): void;
  onPaste(event: ClipboardEvent, index: number): void;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: string) => text.replace(/[&<>"']/gu, (c) => escapes[c]!);

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  return a === b || (a.length === b.length && a.every((f, i) => JSON.stringify(f) === JSON.stringify(b[i])));
}

const sameStrings = (a: readonly string[], b: readonly string[]) => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));

/** Whether two states draw the same row. */
export function sameRowState(a: RowState, b: RowState): boolean {
  return (
    a.takesValue === b.takesValue &&
    a.indent === b.indent &&
    a.raw === b.raw &&
    a.note === b.note &&
    a.reading === b.reading &&
    a.ratio === b.ratio &&
    a.readOnly === b.readOnly &&
    a.marker === b.marker &&
    sameStrings(a.remarks, b.remarks) &&
    sameFindings(a.findings, b.findings)
  );
}

function rowClass(row: TemplateRow, s: RowState): string {
  const worst = worstSeverity(s.findings);
  return worst ? `finding-${worst}` : s.remarks.length > 0 ? 'remarked' : row.group ? 'group' : '';
}

/** The label cell's content: the label, the return reasons, the findings (not the unreadable cell's own). */
function labelHtml(row: TemplateRow, s: RowState): string {
  let html = row.group ? `<strong>${esc(row.label)}</strong>` : esc(row.label);
  for (const text of s.remarks) html += `<div class="finding remark" role="note">Lý do trả lại: ${esc(text)}</div>`;
  for (const f of s.findings) {
    if (f.rule.startsWith('unreadable:')) continue;
    html += `<div class="finding ${f.severity}" role="note">${esc(severityPrefix(f.severity))}${esc(f.message)}</div>`;
  }
  return html;
}

const readingId = (index: number) => `reading-${index}`;

/** What follows the value's input: the printed value, how the cell reads, the computed ratio. */
function valueTailHtml(row: TemplateRow, index: number, s: RowState): string {
  let html = '';
  if (s.takesValue) html += `<span class="print-only print-value">${esc(s.raw)}</span>`;
  const r = s.takesValue && row.kind.type !== 'coded' ? s.reading : null;
  if (r && (r.shown || r.message)) {
    html += r.severity
      ? `<div id="${readingId(index)}" class="reading finding ${r.severity}" role="note">${r.severity === 'error' ? 'Lỗi: ' : 'Chưa chắc chắn: '}${esc(r.message ?? '')}</div>`
      : `<div id="${readingId(index)}" class="reading${r.shown === 'không báo cáo' ? ' not-reported' : ''}">${esc(r.shown ?? '')}</div>`;
  }
  if (s.ratio) html += `<div class="ratio">${esc(s.ratio)}</div>`;
  return html;
}

function describedBy(s: RowState): string | null {
  return s.reading && (s.reading.shown || s.reading.message) ? 'yes' : null;
}

/** The value cell's control: a code list, an input, or nothing on a heading. */
function controlHtml(row: TemplateRow, index: number, s: RowState): string {
  const label = esc(`Số liệu: ${rowTitle(row)}`);
  if (!s.takesValue) return `<span class="heading-cell" title="Dòng tiêu đề, không nhập số liệu"> </span>`;
  if (row.kind.type === 'coded') {
    const options = row.kind.codes
      .map((c) => `<option value="${esc(String(c.code))}"${String(c.code) === s.raw ? ' selected' : ''}>${esc(`${c.code} — ${c.label}`)}</option>`)
      .join('');
    return `<select aria-label="${label}" data-index="${index}"${s.readOnly ? ' disabled' : ''}><option value=""${s.raw === '' ? ' selected' : ''}>—</option>${options}</select>`;
  }
  const invalid = s.reading?.severity === 'error' ? ' aria-invalid="true"' : '';
  const described = describedBy(s) ? ` aria-describedby="${readingId(index)}"` : '';
  return `<input aria-label="${label}" data-index="${index}"${s.readOnly ? ' readonly' : ''} value="${esc(s.raw)}" inputmode="${row.kind.type === 'text' ? 'text' : 'decimal'}"${invalid}${described}>`;
}

function rowHtml(row: TemplateRow, index: number, s: RowState): string {
  const cls = rowClass(row, s);
  const note = s.takesValue
    ? `<input aria-label="${esc(`Ghi chú: ${rowTitle(row)}`)}" data-note-index="${index}"${s.readOnly ? ' readonly' : ''} value="${esc(s.note)}">`
    : '';
  return (
    `<tr${cls ? ` class="${cls}"` : ''} data-row="${esc(row.id)}">` +
    `<td class="code">${esc(row.code ?? '')}</td>` +
    `<td class="label" style="padding-left: ${0.4 + s.indent * 0.9}rem;">${labelHtml(row, s)}</td>` +
    `<td class="unit">${row.kind.type === 'coded' ? '' : esc(row.unit)}</td>` +
    `<td class="value">${controlHtml(row, index, s)}${valueTailHtml(row, index, s)}</td>` +
    `<td class="note">${note}<span class="print-only">${esc(s.note)}</span></td>` +
    `</tr>`
  );
}

interface DrawnRow {
  row: TemplateRow;
  index: number;
  tr: HTMLTableRowElement;
  state: RowState;
  /** The value's input or list; null on a heading. */
  control: HTMLInputElement | HTMLSelectElement | null;
  noteInput: HTMLInputElement | null;
  /** What this module last put in the inputs: a different text in them was typed by the officer. */
  setRaw: string;
  setNote: string;
  /** What the row was first drawn with: a different text since was typed before the page took the table over. */
  firstRaw: string;
  firstNote: string;
}

const EMPTY = 'Không có dòng nào khớp với tìm kiếm và bộ lọc.';

/** Sets a text field's text only when it differs (setting the same text would move the caret). */
function setText(input: HTMLInputElement | HTMLSelectElement, text: string): void {
  if (input.value !== text) input.value = text;
}

export class GridRows {
  readonly table: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;
  private readonly drawn = new Map<string, DrawnRow>();
  private readonly formTitles = new Map<string, HTMLTableRowElement>();
  private readonly empty: HTMLTableRowElement;
  private handlers: GridHandlers | null = null;

  constructor(
    private readonly template: Template,
    doc: Document = document,
  ) {
    this.table = doc.createElement('table');
    this.table.className = 'entry-grid';
    this.table.setAttribute('aria-label', 'Phụ lục thống kê số liệu');
    this.table.innerHTML =
      '<thead><tr><th scope="col">STT</th><th scope="col">Chỉ tiêu thống kê</th><th scope="col">Đơn vị tính</th><th scope="col">Số liệu</th><th scope="col">Ghi chú</th></tr></thead><tbody></tbody>';
    this.body = this.table.tBodies[0]!;
    this.empty = doc.createElement('tr');
    this.empty.innerHTML = `<td colspan="5">${EMPTY}</td>`;
    this.table.addEventListener('input', (e) => this.onInput(e));
    this.table.addEventListener('change', (e) => this.onInput(e));
    this.table.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.table.addEventListener('paste', (e) => this.onPasteEvent(e));
  }

  /** Where the page's handlers are (none before the page has taken the table: what is typed stays in the inputs). */
  listen(handlers: GridHandlers | null): void {
    this.handlers = handlers;
  }

  /**
   * Draws the rows in `visible` (all of them when null) with their states: at first at once, then only what changed.
   * `stateOf` is asked for every row of the template.
   */
  update(stateOf: (row: TemplateRow, index: number) => RowState, visible: ReadonlySet<string> | null): void {
    const rows = this.template.rows;
    if (this.drawn.size === 0) this.drawAll(stateOf);
    else
      rows.forEach((row, index) => {
        const d = this.drawn.get(row.id)!;
        const next = stateOf(row, index);
        if (!sameRowState(d.state, next)) this.patch(d, next);
      });
    this.place(visible);
  }

  /**
   * The cells whose text differs from what they were first drawn with: what was typed before the page took the table
   * over (the first drawing's own handlers redraw the rows as typed, but hand nothing on).
   */
  typedMeanwhile(): CellChange[] {
    const changes: CellChange[] = [];
    for (const d of this.drawn.values()) {
      const change: CellChange = { rowId: d.row.id };
      if (d.control && d.control.value !== d.firstRaw) change.raw = d.control.value;
      if (d.noteInput && d.noteInput.value !== d.firstNote) change.note = d.noteInput.value;
      if (change.raw !== undefined || change.note !== undefined) changes.push(change);
    }
    return changes;
  }

  private drawAll(stateOf: (row: TemplateRow, index: number) => RowState): void {
    const rows = this.template.rows;
    const states = rows.map((row, index) => stateOf(row, index));
    let html = '';
    let form: string | null | undefined;
    rows.forEach((row, index) => {
      if (row.form !== form) {
        form = row.form;
        if (row.form) {
          const title = this.template.forms.find((f) => f.number === row.form)?.title ?? '';
          html += `<tr class="form-title" data-form="${esc(row.form)}"><th colspan="5" scope="colgroup">Biểu mẫu ${esc(row.form)}: ${esc(title)}</th></tr>`;
        }
      }
      html += rowHtml(row, index, states[index]!);
    });
    this.body.innerHTML = html;
    const trs = [...this.body.rows];
    let at = 0;
    form = undefined;
    rows.forEach((row, index) => {
      if (row.form !== form) {
        form = row.form;
        if (row.form) this.formTitles.set(row.form, trs[at++]!);
      }
      const tr = trs[at++]!;
      const s = states[index]!;
      const control = tr.querySelector<HTMLInputElement | HTMLSelectElement>('[data-index]');
      this.drawn.set(row.id, {
        row,
        index,
        tr,
        state: s,
        control,
        noteInput: tr.querySelector('[data-note-index]'),
        setRaw: s.raw,
        setNote: s.note,
        firstRaw: s.raw,
        firstNote: s.note,
      });
      if (s.marker) this.placeMarker(control, s.marker);
    });
  }

  /** Brings a drawn row to a new state, keeping its inputs (and so the caret and focus) when it keeps taking a value. */
  private patch(d: DrawnRow, next: RowState): void {
    const { row, index } = d;
    const before = d.state;
    if (before.takesValue !== next.takesValue) {
      // a heading that now holds a value (or no longer does): drawn anew
      const holder = d.tr.ownerDocument.createElement('tbody');
      holder.innerHTML = rowHtml(row, index, next);
      const tr = holder.rows[0]!;
      d.tr.replaceWith(tr);
      d.tr = tr;
      d.control = tr.querySelector('[data-index]');
      d.noteInput = tr.querySelector('[data-note-index]');
      d.setRaw = d.firstRaw = next.raw;
      d.setNote = d.firstNote = next.note;
      d.state = next;
      if (next.marker) this.placeMarker(d.control, next.marker);
      return;
    }
    const cls = rowClass(row, next);
    if (cls !== rowClass(row, before)) {
      if (cls) d.tr.className = cls;
      else d.tr.removeAttribute('class');
    }
    const [, labelTd, , valueTd, noteTd] = d.tr.cells;
    if (next.indent !== before.indent) labelTd!.style.paddingLeft = `${0.4 + next.indent * 0.9}rem`;
    if (!sameStrings(next.remarks, before.remarks) || !sameFindings(next.findings, before.findings)) labelTd!.innerHTML = labelHtml(row, next);
    const control = d.control;
    if (control) {
      if (next.raw !== d.setRaw) {
        setText(control, next.raw);
        d.setRaw = next.raw;
      }
      if (control instanceof HTMLInputElement) {
        control.readOnly = next.readOnly;
        if (next.reading?.severity === 'error') control.setAttribute('aria-invalid', 'true');
        else control.removeAttribute('aria-invalid');
        if (describedBy(next)) control.setAttribute('aria-describedby', readingId(index));
        else control.removeAttribute('aria-describedby');
      } else control.disabled = next.readOnly;
    }
    if (next.marker !== before.marker) {
      before.marker?.remove();
      if (next.marker) this.placeMarker(control, next.marker);
    }
    if (next.raw !== before.raw || next.reading !== before.reading || next.ratio !== before.ratio) {
      // the value cell after its control (and marker): drawn anew
      const keep = new Set<Node>([control, next.marker].filter((n): n is NonNullable<typeof n> => n !== null));
      if (!control) keep.add(valueTd!.firstChild!);
      for (const child of [...valueTd!.childNodes]) if (!keep.has(child)) child.remove();
      valueTd!.insertAdjacentHTML('beforeend', valueTailHtml(row, index, next));
    }
    if (d.noteInput) {
      if (next.note !== d.setNote) {
        setText(d.noteInput, next.note);
        d.setNote = next.note;
      }
      d.noteInput.readOnly = next.readOnly;
    }
    if (next.note !== before.note) noteTd!.lastElementChild!.textContent = next.note;
    d.state = next;
  }

  private placeMarker(control: Element | null, marker: HTMLElement): void {
    if (control) control.after(marker);
  }

  /** The body holds the visible rows in order (with their forms' titles), moving as few as it can. */
  private place(visible: ReadonlySet<string> | null): void {
    const wanted: HTMLTableRowElement[] = [];
    let form: string | null | undefined;
    for (const row of this.template.rows) {
      if (visible && !visible.has(row.id)) continue;
      if (row.form !== form) {
        form = row.form;
        if (row.form) wanted.push(this.formTitles.get(row.form)!);
      }
      wanted.push(this.drawn.get(row.id)!.tr);
    }
    if (wanted.length === 0) wanted.push(this.empty);
    const keep = new Set(wanted);
    for (const tr of [...this.body.rows]) if (!keep.has(tr)) tr.remove();
    let at: Element | null = this.body.firstElementChild;
    for (const tr of wanted) {
      if (at === tr) at = at.nextElementSibling;
      else this.body.insertBefore(tr, at);
    }
  }

  private rowOf(target: EventTarget | null): DrawnRow | undefined {
    const id = target instanceof Element ? target.closest('tr')?.getAttribute('data-row') : null;
    return id ? this.drawn.get(id) : undefined;
  }

  private onInput(event: Event): void {
    const target = event.target;
    if (!this.handlers || !(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) return;
    // a list tells its choice by "change", a text field each keystroke by "input"
    if (target instanceof HTMLSelectElement !== (event.type === 'change')) return;
    const d = this.rowOf(target);
    if (!d) return;
    if (target === d.control) this.handlers.onChange([{ rowId: d.row.id, raw: target.value }]);
    else if (target === d.noteInput) this.handlers.onChange([{ rowId: d.row.id, note: target.value }]);
  }

  private onKeyDown(event: KeyboardEvent): void {
    const d = this.rowOf(event.target);
    if (!this.handlers || !d) return;
    if (event.target === d.control) this.handlers.onKey(event, d.index, 'value');
    else if (event.target === d.noteInput) this.handlers.onKey(event, d.index, 'note');
  }

  private onPasteEvent(event: ClipboardEvent): void {
    const d = this.rowOf(event.target);
    if (this.handlers && d && event.target === d.control && d.control instanceof HTMLInputElement) this.handlers.onPaste(event, d.index);
  }
}
