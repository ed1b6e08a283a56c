/**
 * The one write path of a report's cells: which statuses may be edited and what a save leads to (both from the core's
 * workflow), how a cell sent by a user is read into what is stored, and the text normalisation every write gets.
 * Autosave (report.service through the group commit of value-writer.ts) and the import into a round
 * (import.service, into an existing report or one it creates) both write through `writeCellBatch` with these rules; the 409 answers are built in
 * service-error.ts (`staleVersion`, `reportLocked`).
 */
import type { ValueKind } from '../../core/catalogue/template.js';
import type { CellValue } from '../../core/report.js';
import { joinNotes, parseCell } from '../../core/values/cell-grammar.js';
import { statusesAllowing, transition } from '../../core/workflow/report-workflow.js';
import type { ReportStatus } from '../db/schema.js';
import type { ValueWrite } from '../repositories/report.repository.js';

/** The statuses a user may edit a report in (cells, narrative, prefill, import into its round). */
export const EDITABLE: ReadonlySet<ReportStatus> = new Set(statusesAllowing('save'));

export const isEditable = (status: ReportStatus): boolean => EDITABLE.has(status);

/** The statuses a save may start from, each with the status it leads to (the core's workflow). */
export const SAVED_STATUS: Readonly<Partial<Record<ReportStatus, ReportStatus>>> = Object.fromEntries(
  statusesAllowing('save').map((from) => {
    const after = transition(from, 'save');
    if (!after.ok) throw new Error(`the workflow lists ${from} as saveable but refuses the save`);
    return [from, after.to];
  }),
);

const LONE_SURROGATE = /\p{Cs}/gu;

/**
 * The text as the database stores it: a lone UTF-16 surrogate (which no UTF-8 text can hold) becomes U+FFFD, as the
 * driver's encoding would make it. Writing the normalised text lets a write acknowledge exactly what is stored.
 */
export function storableText(text: string): string {
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATE, '\uFFFD') : text;
}

export function storableNullable(text: string | null | undefined): string | null | undefined {
  return text === null || text === undefined ? text : storableText(text);
}

/** A cell as a user sent it. */
export interface CellInput {
  rowId: string;
  raw: string;
  note?: string | null;
}

/**
 * A sent cell read with the core grammar for its row's kind, as it will be stored: the text normalised, the value
 * parsed, the words the grammar moves out of the value joined to the user's note (by `notes`, the autosave's join by
 * default).
 */
export function cellWriteOf(
  kind: ValueKind,
  input: CellInput,
  provenance: Record<string, unknown>,
  notes: (moved: string | null, own: string | null | undefined) => string | null = joinNotes,
): ValueWrite {
  const raw = storableText(input.raw);
  const parsed = parseCell(raw, kind);
  const note = notes(parsed.note, storableNullable(input.note));
  return {
    rowId: input.rowId,
    raw,
    cell: {
      value: parsed.value,
      status: parsed.status,
      note: note === null ? null : storableText(note),
      decimals: parsed.decimals,
    } satisfies CellValue,
    provenance: { ...provenance, flags: parsed.flags },
  };
}
