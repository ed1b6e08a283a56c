/**
 * Edits not yet on the server (cells and narrative), kept in the browser under the account's and the report's ids
 * with the version they were made on (a colleague signing in on the same computer neither sees nor sends them), so that a reload, a closed tab or a lost connection loses nothing. Each edit remembers the server's
 * value it started from (its base): when the server's version moved meanwhile, an edit whose cell the server did not
 * change (or changed to the same value) is sent on the new version, and one whose cell someone else changed is a
 * conflict, shown with both values and never overwritten. Pure functions and a small storage wrapper.
 */

export interface UnsentCell {
  rowId: string;
  raw: string;
  note: string | null;
}

/** A cell as the server holds it (null: no value stored). */
export type ServerCell = { raw: string; note: string | null } | null;

export interface Section {
  heading: string;
  level: number;
  body: string;
}

export interface UnsentEdits {
  /** The account that made the edits: only it is shown them and sends them. */
  accountId: string;
  reportId: string;
  /** The report's version the edits were made on. */
  version: number;
  cells: UnsentCell[];
  /** The server's value of each edited cell when the edit began. */
  bases: Record<string, ServerCell>;
  /** The narrative as the officer left it, when changed; null when unchanged. */
  narrative: Section[] | null;
  /** The server's narrative when the edit began. */
  narrativeBase: Section[] | null;
  /** When the edits were last kept (ISO). */
  at: string;
}

export interface CellConflict {
  rowId: string;
  mine: UnsentCell;
  theirs: ServerCell;
}

export interface NarrativeConflict {
  mine: Section[];
  theirs: Section[];
  /** The headings whose text differs between the two. */
  headings: string[];
}

export interface Rebase {
  /** Cells whose server value someone else changed to something else than the edit: kept back, shown. */
  cellConflicts: CellConflict[];
  narrativeConflict: NarrativeConflict | null;
  /** Edits the server already holds as they are (a save whose answer was lost): nothing left to send. */
  alreadyThere: string[];
}

const sameText = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').trim() === (b ?? '').trim();

/** Whether the server holds the edited cell as it was edited (the note may carry words the server moved out of the value). */
export function holdsEdit(server: ServerCell, edit: UnsentCell): boolean {
  if (!server) return edit.raw.trim() === '' && (edit.note ?? '').trim() === '';
  return server.raw.trim() === edit.raw.trim() && (sameText(server.note, edit.note) || (server.note ?? '').includes((edit.note ?? '').trim()));
}

const sameCell = (a: ServerCell, b: ServerCell) => (a?.raw ?? '').trim() === (b?.raw ?? '').trim() && sameText(a?.note, b?.note);

const bodyKey = (s: string) => s.replace(/\r\n?/gu, '\n').trim();
const headingKey = (h: string) => h.replace(/\s+/gu, ' ').trim().toLocaleLowerCase('vi');

/** The headings whose text differs between two narratives (an empty section and a missing one are the same). */
export function differingSections(a: readonly Section[], b: readonly Section[]): string[] {
  const textOf = (sections: readonly Section[]) =>
    new Map(sections.map((s) => [headingKey(s.heading), { heading: s.heading, body: bodyKey(s.body) }]));
  const x = textOf(a);
  const y = textOf(b);
  const keys = [...new Set([...x.keys(), ...y.keys()])];
  return keys.filter((k) => (x.get(k)?.body ?? '') !== (y.get(k)?.body ?? '')).map((k) => (y.get(k) ?? x.get(k))!.heading);
}

/**
 * The edits against the server's current state: which conflict (someone else changed the same cell or narrative to
 * something else), which the server already holds, and — by elimination — which may be sent on the current version.
 */
export function rebase(
  edits: Pick<UnsentEdits, 'cells' | 'bases' | 'narrative' | 'narrativeBase'>,
  server: { cells: ReadonlyMap<string, ServerCell>; narrative: readonly Section[] },
): Rebase {
  const cellConflicts: CellConflict[] = [];
  const alreadyThere: string[] = [];
  for (const edit of edits.cells) {
    const theirs = server.cells.get(edit.rowId) ?? null;
    if (holdsEdit(theirs, edit)) alreadyThere.push(edit.rowId);
    else if (!sameCell(theirs, edits.bases[edit.rowId] ?? null)) cellConflicts.push({ rowId: edit.rowId, mine: edit, theirs });
  }
  let narrativeConflict: NarrativeConflict | null = null;
  if (edits.narrative) {
    const changedByOthers = differingSections(edits.narrativeBase ?? [], server.narrative).length > 0;
    const headings = differingSections(server.narrative, edits.narrative);
    if (changedByOthers && headings.length > 0) narrativeConflict = { mine: edits.narrative, theirs: [...server.narrative], headings };
  }
  return { cellConflicts, narrativeConflict, alreadyThere };
}

/**
 * The edits to keep once some cells have been edited: the earlier kept edits (or none) with these cells' latest text.
 * A cell's base is the server's value when it was first edited; the version stays the one the first edit was made on.
 */
export function withEditedCells(
  earlier: UnsentEdits | null,
  on: { accountId: string; reportId: string; version: number; server: ReadonlyMap<string, ServerCell> },
  cells: readonly UnsentCell[],
  at: string,
): UnsentEdits {
  const byRow = new Map((earlier?.cells ?? []).map((c) => [c.rowId, c]));
  const bases: Record<string, ServerCell> = { ...earlier?.bases };
  for (const cell of cells) {
    byRow.set(cell.rowId, cell);
    if (!Object.hasOwn(bases, cell.rowId)) bases[cell.rowId] = on.server.get(cell.rowId) ?? null;
  }
  return {
    accountId: on.accountId,
    reportId: on.reportId,
    version: earlier?.version ?? on.version,
    cells: [...byRow.values()],
    bases,
    narrative: earlier?.narrative ?? null,
    narrativeBase: earlier?.narrativeBase ?? null,
    at,
  };
}

// ------------------------------------------------------------------------------------------------------ storage

const PREFIX = 'cchc:unsent:';

/** Where an account's unsent edits of a report are kept. */
export const unsentKey = (accountId: string, reportId: string) => `${PREFIX}${accountId}:${reportId}`;
/** Where an earlier version of the client kept a report's unsent edits, whoever made them. */
const legacyKey = (reportId: string) => `${PREFIX}${reportId}`;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage refused (private mode, a policy): the edits live in memory only
  }
}

/**
 * The account's unsent edits of the report kept in this browser, if any (a damaged entry is dropped). Edits an
 * earlier version of the client kept under the report alone go to the first account that opens the report, as they
 * did then, and are then kept under it.
 */
export function readUnsent(accountId: string, reportId: string): UnsentEdits | null {
  const store = storage();
  if (!store) return null;
  for (const key of [unsentKey(accountId, reportId), legacyKey(reportId)]) {
    const text = store.getItem(key);
    if (!text) continue;
    try {
      const value = JSON.parse(text) as Partial<UnsentEdits>;
      if (value.reportId !== reportId || typeof value.version !== 'number' || !Array.isArray(value.cells)) throw new Error('not unsent edits');
      if (key !== legacyKey(reportId) && value.accountId !== accountId) throw new Error("another account's edits");
      return {
        accountId,
        reportId,
        version: value.version,
        cells: value.cells,
        bases: value.bases ?? {},
        narrative: value.narrative ?? null,
        narrativeBase: value.narrativeBase ?? null,
        at: value.at ?? new Date(0).toISOString(),
      };
    } catch {
      store.removeItem(key);
    }
  }
  return null;
}

/** Keeps the edits under their account (or forgets them when there are none); false when the browser refused to keep them. */
export function writeUnsent(edits: UnsentEdits): boolean {
  const store = storage();
  if (!store) return false;
  try {
    store.removeItem(legacyKey(edits.reportId));
    if (edits.cells.length === 0 && !edits.narrative) store.removeItem(unsentKey(edits.accountId, edits.reportId));
    else store.setItem(unsentKey(edits.accountId, edits.reportId), JSON.stringify(edits));
    return true;
  } catch {
    return false; // full: the edits stay in memory and are still sent
  }
}
