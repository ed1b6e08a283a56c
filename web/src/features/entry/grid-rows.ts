/**
 * The appendix grid's table, drawn and kept up to date by this module rather than by React: 200 rows of inputs are
 * built at once (each row a clone of an empty row's cells, filled in: no component tree, no diffing), and each later
 * change touches only the rows whose state changed. The value and note inputs are never replaced while their row
 * stands, so the caret and what is being typed stay put; their text is set only when the page's state says something
 * new. Every text is set as text, never parsed as markup. The same table can be drawn before the app's code has
 * arrived (first-grid.ts) and is then taken over by the page (EntryGrid), what was typed meanwhile handed to it.
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

/** Whether a pasted text is a block (several cells or lines), not one value to put in the cell as typed. */
export const isBlock = (text: string): boolean => /[\t\n]/u.test(text.trim());

export interface GridHandlers {
  onChange(changes: CellChange[]): void;
  onKey(event: KeyboardEvent, index: number, column: Column): void;
  onPaste(event: ClipboardEvent, index: number): void;
}

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

/** An element with a class and, optionally, its text (set as text: nothing typed is ever read as markup). */
function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

function note(doc: Document, className: string, text: string): HTMLDivElement {
  const div = el(doc, 'div', className, text);
  div.setAttribute('role', 'note');
  return div;
}

/** The label cell's content: the label, the return reasons, the findings (not the unreadable cell's own). */
function labelNodes(doc: Document, row: TemplateRow, s: RowState): Node[] {
  const nodes: Node[] = [row.group ? el(doc, 'strong', '', row.label) : doc.createTextNode(row.label)];
  for (const text of s.remarks) nodes.push(note(doc, 'finding remark', `Lý do trả lại: ${text}`));
  for (const f of s.findings)
    if (!f.rule.startsWith('unreadable:')) nodes.push(note(doc, `finding ${f.severity}`, `${severityPrefix(f.severity)}${f.message}`));
  return nodes;
}

const readingId = (index: number) => `reading-${index}`;

/** What follows the value's control: the printed value, how the cell reads, the computed ratio. */
function valueTailNodes(doc: Document, row: TemplateRow, index: number, s: RowState): Node[] {
  const nodes: Node[] = [];
  if (s.takesValue) nodes.push(el(doc, 'span', 'print-only print-value', s.raw));
  const r = s.takesValue && row.kind.type !== 'coded' ? s.reading : null;
  if (r && (r.shown || r.message)) {
    const div = r.severity
      ? note(doc, `reading finding ${r.severity}`, `${r.severity === 'error' ? 'Lỗi: ' : 'Chưa chắc chắn: '}${r.message ?? ''}`)
      : el(doc, 'div', `reading${r.shown === 'không báo cáo' ? ' not-reported' : ''}`, r.shown ?? '');
    div.id = readingId(index);
    nodes.push(div);
  }
  if (s.ratio) nodes.push(el(doc, 'div', 'ratio', s.ratio));
  return nodes;
}

const describes = (s: RowState) => !!s.reading && !!(s.reading.shown || s.reading.message);

/** The value cell's control: a code list, an input, or a blank on a heading. */
function control(doc: Document, row: TemplateRow, index: number, s: RowState): HTMLElement {
  if (!s.takesValue) {
    const blank = el(doc, 'span', 'heading-cell', ' ');
    blank.title = 'Dòng tiêu đề, không nhập số liệu';
    return blank;
  }
  const label = `Số liệu: ${rowTitle(row)}`;
  if (row.kind.type === 'coded') {
    const select = doc.createElement('select');
    select.setAttribute('aria-label', label);
    select.dataset['index'] = String(index);
    select.append(new Option('—', ''), ...row.kind.codes.map((c) => new Option(`${c.code} — ${c.label}`, String(c.code))));
    select.value = s.raw;
    select.disabled = s.readOnly;
    return select;
  }
  const input = doc.createElement('input');
  input.setAttribute('aria-label', label);
  input.dataset['index'] = String(index);
  input.readOnly = s.readOnly;
  input.value = s.raw;
  input.inputMode = row.kind.type === 'text' ? 'text' : 'decimal';
  if (s.reading?.severity === 'error') input.setAttribute('aria-invalid', 'true');
  if (describes(s)) input.setAttribute('aria-describedby', readingId(index));
  return input;
}

/** A row's cells, empty: cloned for each row (a clone is made faster than its elements one by one). */
function rowPrototype(doc: Document): HTMLTableRowElement {
  const tr = doc.createElement('tr');
  for (const name of ['code', 'label', 'unit', 'value', 'note']) tr.append(el(doc, 'td', name));
  return tr;
}

function buildRow(prototype: HTMLTableRowElement, row: TemplateRow, index: number, s: RowState): HTMLTableRowElement {
  const doc = prototype.ownerDocument;
  const tr = prototype.cloneNode(true) as HTMLTableRowElement;
  const cls = rowClass(row, s);
  if (cls) tr.className = cls;
  tr.dataset['row'] = row.id;
  const [code, label, unit, value, noteTd] = tr.cells;
  code!.textContent = row.code ?? '';
  label!.style.paddingLeft = `${0.4 + s.indent * 0.9}rem`;
  label!.append(...labelNodes(doc, row, s));
  if (row.kind.type !== 'coded') unit!.textContent = row.unit;
  value!.append(control(doc, row, index, s), ...valueTailNodes(doc, row, index, s));
  if (s.takesValue) {
    const input = doc.createElement('input');
    input.setAttribute('aria-label', `Ghi chú: ${rowTitle(row)}`);
    input.dataset['noteIndex'] = String(index);
    input.readOnly = s.readOnly;
    input.value = s.note;
    noteTd!.append(input);
  }
  noteTd!.append(el(doc, 'span', 'print-only', s.note));
  return tr;
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
  private readonly prototype: HTMLTableRowElement;
  private handlers: GridHandlers | null = null;
  private heldPaste: { index: number; text: string } | null = null;

  constructor(
    private readonly template: Template,
    doc: Document = document,
  ) {
    this.table = doc.createElement('table');
    this.table.className = 'entry-grid';
    this.table.setAttribute('aria-label', 'Phụ lục thống kê số liệu');
    const head = this.table.createTHead().insertRow();
    for (const title of ['STT', 'Chỉ tiêu thống kê', 'Đơn vị tính', 'Số liệu', 'Ghi chú']) {
      const th = el(doc, 'th', '', title);
      th.scope = 'col';
      head.append(th);
    }
    this.body = this.table.createTBody();
    this.empty = doc.createElement('tr');
    const nothing = el(doc, 'td', '', EMPTY);
    nothing.colSpan = 5;
    this.empty.append(nothing);
    this.prototype = rowPrototype(doc);
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

  /** Keeps a block pasted before the page has taken the table over (first-grid.ts), for the page to place it then. */
  holdPaste(index: number, text: string): void {
    this.heldPaste = { index, text };
  }

  /** The block held for the page, once. */
  takeHeldPaste(): { index: number; text: string } | null {
    const held = this.heldPaste;
    this.heldPaste = null;
    return held;
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
    const doc = this.table.ownerDocument;
    const all = doc.createDocumentFragment();
    let form: string | null | undefined;
    rows.forEach((row, index) => {
      if (row.form !== form) {
        form = row.form;
        if (row.form) {
          const title = this.template.forms.find((f) => f.number === row.form)?.title ?? '';
          const tr = el(doc, 'tr', 'form-title');
          const th = el(doc, 'th', '', `Biểu mẫu ${row.form}: ${title}`);
          th.colSpan = 5;
          th.scope = 'colgroup';
          tr.append(th);
          this.formTitles.set(row.form, tr);
          all.append(tr);
        }
      }
      const s = states[index]!;
      const tr = buildRow(this.prototype, row, index, s);
      all.append(tr);
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
    this.body.replaceChildren(all);
  }

  /** Brings a drawn row to a new state, keeping its inputs (and so the caret and focus) when it keeps taking a value. */
  private patch(d: DrawnRow, next: RowState): void {
    const { row, index } = d;
    const before = d.state;
    if (before.takesValue !== next.takesValue) {
      // a heading that now holds a value (or no longer does): drawn anew
      const tr = buildRow(this.prototype, row, index, next);
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
    const doc = d.tr.ownerDocument;
    const [, labelTd, , valueTd, noteTd] = d.tr.cells;
    if (next.indent !== before.indent) labelTd!.style.paddingLeft = `${0.4 + next.indent * 0.9}rem`;
    if (!sameStrings(next.remarks, before.remarks) || !sameFindings(next.findings, before.findings))
      labelTd!.replaceChildren(...labelNodes(doc, row, next));
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
        if (describes(next)) control.setAttribute('aria-describedby', readingId(index));
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
      valueTd!.append(...valueTailNodes(doc, row, index, next));
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
