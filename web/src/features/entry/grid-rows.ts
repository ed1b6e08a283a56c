/**
 * The appendix grid's table, drawn and kept up to date by this module rather than by React: 200 rows of inputs are
 * built at once from their markup (@shared/entry/grid-markup.ts, the server's drawing too: no component tree, no
 * diffing), and each later change touches only the rows whose state changed. The value and note inputs are never
 * replaced while their row stands, so the caret and what is being typed stay put; their text is set only when the
 * page's state says something new. Every text is escaped by the markup's one function, never read as markup. The same table can come with the
 * page, drawn by the server, or be drawn before the app's code has arrived (first-grid.ts): it is then taken over by
 * the page (EntryGrid), what was typed meanwhile handed to it.
 *
 * Events are listened to once, on the table: an input's change, a key, a paste, handed to the page's handlers.
 */
import type { Template, TemplateRow } from '@core/catalogue/template.js';
import type { Finding } from '@core/checks/finding.js';
import {
  bodyMarkup,
  describes,
  indentOf,
  labelMarkup,
  emptyRowMarkup,
  shownInInput,
  readingId,
  rowClass,
  rowMarkup,
  tableMarkup,
  valueTailMarkup,
} from '@shared/entry/grid-markup.js';
import type { CellChange, RowState as DrawnState } from '@shared/entry/grid-state.js';

export type { CellChange } from '@shared/entry/grid-state.js';

export type Column = 'value' | 'note';

/** One row as the grid shows it (the page's provenance marker placed after its control). */
export type RowState = DrawnState<HTMLElement>;

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

/*
 * Markup is parsed only here and only as the grid's markup makes it (@shared/entry/grid-markup.ts), where every text
 * is escaped: each assignment below takes a call of it (test/robustness/xss.test.ts holds this file to that).
 */

/** A row from its markup. */
function buildRow(body: HTMLTableSectionElement, row: TemplateRow, index: number, s: RowState): HTMLTableRowElement {
  const scratch = body.ownerDocument.createElement('tbody');
  scratch.innerHTML = rowMarkup(row, index, s);
  return scratch.rows[0]!;
}

/** The table with its head and an empty body, for the first update to fill. */
function newTable(doc: Document, template: Template): HTMLTableElement {
  const scratch = doc.createElement('div');
  scratch.innerHTML = tableMarkup(template, null);
  return scratch.firstElementChild as HTMLTableElement;
}

/** The row shown when no row is left by the search and filters. */
function emptyRow(doc: Document): HTMLTableRowElement {
  const scratch = doc.createElement('tbody');
  scratch.innerHTML = emptyRowMarkup();
  return scratch.rows[0]!;
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
  /**
   * What the row's inputs first showed (its state's texts as an input holds them: one line): a different text since
   * was typed before the page took the table over.
   */
  firstRaw: string;
  firstNote: string;
}

/**
 * What a control drawn from the markup with `raw` shows before anyone types: a list its text (the markup gives a text
 * that is none of its codes an option of its own; the page's parser reads its line breaks as "\n"), an input its text
 * on one line.
 */
const shownBy = (control: HTMLInputElement | HTMLSelectElement | null, raw: string): string =>
  control instanceof HTMLSelectElement ? raw.replace(/\r\n?/gu, '\n') : shownInInput(raw);

/** Sets a text field's text only when it differs (setting the same text would move the caret). */
function setText(input: HTMLInputElement | HTMLSelectElement, text: string): void {
  if (input.value === text) return;
  // a list is given a text that is none of its choices as an option of its own (as the markup does), not shown as "—"
  if (input instanceof HTMLSelectElement && text !== '' && ![...input.options].some((o) => o.value === text)) input.add(new Option(text, text));
  input.value = text;
}

export class GridRows {
  readonly table: HTMLTableElement;
  private readonly body: HTMLTableSectionElement;
  private readonly drawn = new Map<string, DrawnRow>();
  private readonly formTitles = new Map<string, HTMLTableRowElement>();
  private readonly empty: HTMLTableRowElement;
  private handlers: GridHandlers | null = null;
  private heldPaste: { index: number; text: string } | null = null;

  /**
   * A new table for the template's rows (drawn by the first update), or `served`: the table the server drew into the
   * page with the same markup, taken as it stands (its rows kept, with what was typed in them before any script ran).
   */
  constructor(
    private readonly template: Template,
    doc: Document = document,
    served: HTMLTableElement | null = null,
  ) {
    this.table = served ?? newTable(doc, template);
    this.body = this.table.tBodies[0] ?? this.table.createTBody();
    this.empty = emptyRow(doc);
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
    // a table the server drew with these states is taken as it stands; any other is drawn
    if (this.adopt(states)) return;
    this.body.innerHTML = bodyMarkup(this.template, states);
    this.adopt(states);
  }

  /**
   * The rows in the body, read as drawn with `states` (their inputs, their form titles); false, with nothing read, when
   * the body holds other rows than the template's (none yet, or another template's).
   */
  private adopt(states: readonly RowState[]): boolean {
    const rows = this.template.rows;
    const trs = [...this.body.rows].filter((tr) => !tr.classList.contains('form-title'));
    if (trs.length !== rows.length || trs.some((tr, i) => tr.dataset['row'] !== rows[i]!.id)) return false;
    for (const tr of this.body.rows) if (tr.classList.contains('form-title')) this.formTitles.set(tr.dataset['form'] ?? '', tr);
    rows.forEach((row, index) => {
      const tr = trs[index]!;
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
        firstRaw: shownBy(control, s.raw),
        firstNote: shownInInput(s.note),
      });
      if (s.marker) this.placeMarker(control, s.marker);
    });
    return true;
  }

  /** Brings a drawn row to a new state, keeping its inputs (and so the caret and focus) when it keeps taking a value. */
  private patch(d: DrawnRow, next: RowState): void {
    const { row, index } = d;
    const before = d.state;
    if (before.takesValue !== next.takesValue) {
      // a heading that now holds a value (or no longer does): drawn anew
      const tr = buildRow(this.body, row, index, next);
      d.tr.replaceWith(tr);
      d.tr = tr;
      d.control = tr.querySelector('[data-index]');
      d.noteInput = tr.querySelector('[data-note-index]');
      d.setRaw = next.raw;
      d.setNote = next.note;
      d.firstRaw = shownBy(d.control, next.raw);
      d.firstNote = shownInInput(next.note);
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
    if (next.indent !== before.indent) labelTd!.style.paddingLeft = indentOf(next.indent);
    if (!sameStrings(next.remarks, before.remarks) || !sameFindings(next.findings, before.findings)) labelTd!.innerHTML = labelMarkup(row, next);
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
      valueTd!.insertAdjacentHTML('beforeend', valueTailMarkup(row, index, next));
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
