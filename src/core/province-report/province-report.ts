/**
 * The province's report of a round as data: its sections (generated from the figures, or written by a person), the
 * excerpts inserted from agencies' narratives, and its workflow (draft → ready for the leader → issued, locked with
 * its number and date). Regenerating replaces only generated sections; a section a person edited keeps its text and
 * gets the new draft beside it, never silently overwritten. Pure.
 */
import { fingerprint, PROVINCE_OUTLINE, WRITABLE_KEYS, type SectionKey } from './outline.js';

export type ProvinceReportStatus = 'draft' | 'ready' | 'issued';
export type ProvinceReportAction = 'ready' | 'issue' | 'reopen';
export const PROVINCE_REPORT_ACTIONS: readonly ProvinceReportAction[] = ['ready', 'issue', 'reopen'];

/** An agency's text inserted into a section: where it came from, so a later change of the source can be shown. */
export interface Excerpt {
  id: string;
  sourceReportId: string;
  agencyId: string;
  /** The agency's section it was taken from. */
  section: SectionKey;
  /** The source report's version and the fingerprint of its section's text when inserted. */
  version: number;
  sourceFingerprint: string;
  text: string;
}

export interface StoredSection {
  key: SectionKey;
  text: string;
  /** Generated from the figures (and untouched since), or edited by a person. */
  origin: 'generated' | 'edited';
  /** The fingerprint of the generated draft the text was (or was last regenerated) from. */
  generatedFingerprint: string | null;
  excerpts: Excerpt[];
}

/** The stored sections of a report never saved: every writable section as generated. */
export function generatedSections(drafts: ReadonlyMap<SectionKey, string>): StoredSection[] {
  return WRITABLE_KEYS.map((key) => {
    const text = drafts.get(key) ?? '';
    return { key, text, origin: 'generated', generatedFingerprint: fingerprint(text), excerpts: [] };
  });
}

/** Completes stored sections with the sections missing from them (as generated), in outline order. */
export function completeSections(stored: readonly StoredSection[], drafts: ReadonlyMap<SectionKey, string>): StoredSection[] {
  const byKey = new Map(stored.map((s) => [s.key, s]));
  return generatedSections(drafts).map((g) => byKey.get(g.key) ?? g);
}

export interface SectionEdit {
  key: SectionKey;
  text: string;
  excerpts?: Excerpt[];
}

/** A person's edits: the sections named take the text (and excerpts, when given) and become edited. */
export function applyEdits(sections: readonly StoredSection[], edits: readonly SectionEdit[]): StoredSection[] {
  const byKey = new Map(edits.map((e) => [e.key, e]));
  return sections.map((s) => {
    const edit = byKey.get(s.key);
    if (!edit) return s;
    return { ...s, text: edit.text, origin: 'edited', excerpts: edit.excerpts ?? s.excerpts };
  });
}

export interface Regeneration {
  sections: StoredSection[];
  /** Sections replaced by their new draft. */
  replaced: SectionKey[];
  /** Edited sections whose new draft differs from what they were written from: the draft beside the text. */
  proposals: { key: SectionKey; draft: string }[];
}

/**
 * Regenerates: every generated section takes its new draft; an edited one keeps its text (a proposal carries the
 * new draft when it differs from the draft the person started from), unless named in `replace` (the person chose
 * the new draft). Excerpts stay with their section.
 */
export function regenerate(
  sections: readonly StoredSection[],
  drafts: ReadonlyMap<SectionKey, string>,
  replace: readonly SectionKey[] = [],
): Regeneration {
  const replaced: SectionKey[] = [];
  const proposals: { key: SectionKey; draft: string }[] = [];
  const next = sections.map((s): StoredSection => {
    const draft = drafts.get(s.key) ?? '';
    const print = fingerprint(draft);
    if (s.origin === 'generated' || replace.includes(s.key)) {
      if (s.text !== draft || s.origin !== 'generated') replaced.push(s.key);
      return { ...s, text: draft, origin: 'generated', generatedFingerprint: print };
    }
    if (s.generatedFingerprint !== print) proposals.push({ key: s.key, draft });
    return s;
  });
  return { sections: next, replaced, proposals };
}

/** Whether the figures moved since a generated section's text was made (the page offers to regenerate). */
export function isStale(section: StoredSection, drafts: ReadonlyMap<SectionKey, string>): boolean {
  return section.generatedFingerprint !== fingerprint(drafts.get(section.key) ?? '');
}

// ------------------------------------------------------------------------------------------------------ workflow

/**
 * Who may move a province report: the Sở Nội vụ's consolidators and the province's administrators; the province's
 * leader (an approver acting for the province, checked by the server) issues it or sends it back.
 */
const MOVERS: Readonly<Record<ProvinceReportAction, readonly string[]>> = {
  ready: ['consolidator', 'admin'],
  issue: ['consolidator', 'admin', 'approver'],
  reopen: ['consolidator', 'admin', 'approver'],
};

export interface IssueData {
  number: string;
  /** ISO date. */
  date: string;
}

export type ProvinceMoveResult =
  { ok: true; status: ProvinceReportStatus } | { ok: false; reason: 'role' | 'state' | 'number' | 'date'; messageVi: string };

const NUMBER = /^[0-9]{1,6}[A-Za-z]?$/u;

export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** A move of the province report's workflow, checked: the role, the state it starts from, an issue's number and date. */
export function moveProvinceReport(
  from: ProvinceReportStatus,
  action: ProvinceReportAction,
  role: string,
  issue?: Partial<IssueData>,
): ProvinceMoveResult {
  if (!MOVERS[action].includes(role))
    return { ok: false, reason: 'role', messageVi: 'Bạn không có quyền thực hiện thao tác này với báo cáo của tỉnh.' };
  switch (action) {
    case 'ready':
      if (from !== 'draft') return { ok: false, reason: 'state', messageVi: 'Chỉ báo cáo đang soạn mới trình lãnh đạo được.' };
      return { ok: true, status: 'ready' };
    case 'reopen':
      if (from !== 'ready')
        return { ok: false, reason: 'state', messageVi: 'Chỉ báo cáo đã trình lãnh đạo (chưa ban hành) mới trả về soạn thảo được.' };
      return { ok: true, status: 'draft' };
    case 'issue': {
      if (from !== 'ready') return { ok: false, reason: 'state', messageVi: 'Báo cáo phải được trình lãnh đạo trước khi ban hành.' };
      const number = issue?.number?.trim() ?? '';
      if (!NUMBER.test(number)) return { ok: false, reason: 'number', messageVi: 'Số báo cáo không hợp lệ: nhập số, ví dụ 125.' };
      if (!issue?.date || !isIsoDate(issue.date)) return { ok: false, reason: 'date', messageVi: 'Ngày ban hành không hợp lệ.' };
      return { ok: true, status: 'issued' };
    }
  }
}

/** Whether the report's text may still change (only a draft is edited; ready goes back to draft first, issued is locked). */
export function isEditable(status: ProvinceReportStatus): boolean {
  return status === 'draft';
}

export { PROVINCE_OUTLINE };
