/**
 * The composing workspace's pure parts: inserting an excerpt at the cursor, each section's state as the outline
 * shows it, the sources' query string. No React, no I/O (unit-tested).
 */
import type { ProvinceSectionDto } from '../../api/types.js';

/**
 * The text with `insert` put in at `at` (the textarea's cursor, clamped), as a paragraph of its own: a line break
 * before it unless it starts a line, and after it unless a line starts there. Returns the new text and where the
 * cursor goes (after the inserted text).
 */
export function insertParagraph(text: string, at: number | null | undefined, insert: string): { text: string; cursor: number } {
  const clean = insert.trim();
  const position = at === null || at === undefined || at < 0 || at > text.length ? text.length : at;
  const before = text.slice(0, position);
  const after = text.slice(position);
  const lead = before.length === 0 || before.endsWith('\n') ? '' : '\n';
  const trail = after.length === 0 || after.startsWith('\n') ? '' : '\n';
  const next = `${before}${lead}${clean}${trail}${after}`;
  return { text: next, cursor: before.length + lead.length + clean.length };
}

export interface SectionState {
  /** Short label shown beside the section's heading. */
  label: string;
  color: string;
  /** A sentence for screen readers and tooltips. */
  description: string;
}

/** What the outline says about a section: generated, edited, generated but its figures moved, a new draft beside it. */
export function sectionState(section: Pick<ProvinceSectionDto, 'origin' | 'stale' | 'draft'>): SectionState {
  if (section.origin === 'edited' && section.draft !== null)
    return { label: 'Có bản số liệu mới', color: 'orange', description: 'Đã sửa; số liệu đã thay đổi, có bản mới để so sánh.' };
  if (section.origin === 'edited') return { label: 'Đã sửa', color: 'blue', description: 'Nội dung do người soạn viết hoặc sửa.' };
  if (section.stale) return { label: 'Số liệu đã thay đổi', color: 'orange', description: 'Tự tạo từ số liệu; số liệu đã thay đổi, cần tạo lại.' };
  return { label: 'Tự tạo', color: 'gray', description: 'Tự tạo từ số liệu tổng hợp, chưa sửa.' };
}

/** The sources' URL parameters for a section, an agency kind (or all) and the search words (trimmed; none when blank). */
export function sourcesQuery(section: string, kind: string | null, search: string): string {
  const params = new URLSearchParams({ section });
  if (kind) params.set('kind', kind);
  const q = search.trim();
  if (q) params.set('q', q.slice(0, 200));
  return params.toString();
}

/**
 * The part of `source` the person selected, when the selection lies within it (an excerpt of the text), otherwise
 * the whole text: "Chèn đoạn trích" inserts what is selected, or everything.
 */
export function excerptOf(source: string, selected: string | null | undefined): string {
  const part = (selected ?? '').trim();
  if (part.length > 0 && source.includes(part)) return part;
  return source.trim();
}
