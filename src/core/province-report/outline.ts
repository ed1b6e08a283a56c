/**
 * The outline of the province's periodic CCHC report (the same outline as an agency's narrative, written for the
 * whole province): I. direction and management; II. results in the six reform areas; III. assessment, difficulties
 * and causes; IV. tasks for the next period; V. recommendations. Each section has a stable key; the six areas' keys
 * are the catalogue's `area` values, so a figure's indicator says which section states it. Pure.
 */
import { foldForMatch } from '../values/text.js';

export type ReformArea = 'institutions' | 'procedures' | 'organisation' | 'civil-service' | 'finance' | 'egov';
export const REFORM_AREAS: readonly ReformArea[] = ['institutions', 'procedures', 'organisation', 'civil-service', 'finance', 'egov'];

export type SectionKey = 'direction' | 'results' | ReformArea | 'assessment' | 'next-period' | 'recommendations';

export interface OutlineSection {
  key: SectionKey;
  heading: string;
  level: 1 | 2;
  /** A heading that carries no text of its own (II: its parts do). */
  headingOnly: boolean;
  /** The catalogue area whose figures the section states ("direction" for I, a reform area for II.1–II.6). */
  area: string | null;
}

export const PROVINCE_OUTLINE: readonly OutlineSection[] = [
  { key: 'direction', heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH', level: 1, headingOnly: false, area: 'direction' },
  { key: 'results', heading: 'II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH', level: 1, headingOnly: true, area: null },
  { key: 'institutions', heading: '1. Cải cách thể chế', level: 2, headingOnly: false, area: 'institutions' },
  { key: 'procedures', heading: '2. Cải cách thủ tục hành chính', level: 2, headingOnly: false, area: 'procedures' },
  { key: 'organisation', heading: '3. Cải cách tổ chức bộ máy hành chính nhà nước', level: 2, headingOnly: false, area: 'organisation' },
  { key: 'civil-service', heading: '4. Cải cách chế độ công vụ', level: 2, headingOnly: false, area: 'civil-service' },
  { key: 'finance', heading: '5. Cải cách tài chính công', level: 2, headingOnly: false, area: 'finance' },
  { key: 'egov', heading: '6. Xây dựng và phát triển chính quyền điện tử, chính quyền số', level: 2, headingOnly: false, area: 'egov' },
  { key: 'assessment', heading: 'III. ĐÁNH GIÁ CHUNG, KHÓ KHĂN, VƯỚNG MẮC VÀ NGUYÊN NHÂN', level: 1, headingOnly: false, area: null },
  { key: 'next-period', heading: 'IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI', level: 1, headingOnly: false, area: null },
  { key: 'recommendations', heading: 'V. KIẾN NGHỊ, ĐỀ XUẤT', level: 1, headingOnly: false, area: null },
];

/** The keys a person writes text under (every section but the bare II heading). */
export const WRITABLE_KEYS: readonly SectionKey[] = PROVINCE_OUTLINE.filter((s) => !s.headingOnly).map((s) => s.key);

export function isSectionKey(value: string): value is SectionKey {
  return PROVINCE_OUTLINE.some((s) => s.key === value);
}

export function outlineSection(key: SectionKey): OutlineSection {
  return PROVINCE_OUTLINE.find((s) => s.key === key)!;
}

/** Words that name each section in an agency's heading (folded: no tones, lower case). */
const AREA_WORDS: readonly [SectionKey, RegExp][] = [
  ['institutions', /\bthe che\b/u],
  ['procedures', /\bthu tuc hanh chinh\b|\btthc\b/u],
  ['organisation', /\bto chuc bo may\b|\bbo may\b/u],
  ['civil-service', /\bche do cong vu\b|\bcong vu\b|\bdoi ngu\b/u],
  ['finance', /\btai chinh cong\b|\btai chinh\b/u],
  ['egov', /\bchinh (?:quyen|phu) (?:dien tu|so)\b|\bchuyen doi so\b|\bhien dai hoa\b/u],
  ['direction', /\bchi dao\b|\bdieu hanh\b/u],
  ['assessment', /\bdanh gia\b|\bkho khan\b|\bton tai\b|\bhan che\b/u],
  ['next-period', /\bphuong huong\b|\bnhiem vu\b.*\b(?:toi|tiep theo|sau)\b|\bke hoach\b.*\b(?:toi|tiep theo)\b/u],
  ['recommendations', /\bkien nghi\b|\bde xuat\b|\bde nghi\b/u],
];

/**
 * Which section of the outline an agency's narrative heading belongs to ("2. Cải cách thủ tục hành chính:" →
 * procedures; "II. KẾT QUẢ …" → results), or null when the heading names none (a sub-heading under a section:
 * callers give it the section of the heading above it).
 */
export function classifyHeading(heading: string): SectionKey | null {
  const text = foldForMatch(heading)
    .replace(/[^a-z0-9 ]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
  for (const [key, pattern] of AREA_WORDS) if (pattern.test(text)) return key;
  if (/\bket qua\b/u.test(text)) return 'results';
  return null;
}

export interface AgencySectionText {
  key: SectionKey;
  /** The headings merged into the section, as the agency wrote them. */
  headings: string[];
  text: string;
}

/**
 * An agency's narrative (headings with levels and bodies, in order) as the province's outline: each heading is
 * classified, a sub-heading that names no section stays in its parent's section, and texts of one section are
 * joined. Sections the agency did not write are absent.
 */
export function agencyTextsBySection(narrative: readonly { heading: string; level: number; body: string }[]): AgencySectionText[] {
  const out = new Map<SectionKey, AgencySectionText>();
  const stack: { level: number; key: SectionKey | null }[] = [];
  for (const block of narrative) {
    while (stack.length > 0 && stack[stack.length - 1]!.level >= block.level) stack.pop();
    const parent = stack.length > 0 ? stack[stack.length - 1]!.key : null;
    const own = classifyHeading(block.heading);
    let key: SectionKey | null;
    if (stack.length === 0) key = own;
    else if (parent === null || parent === 'results') key = own !== null && (REFORM_AREAS as readonly string[]).includes(own) ? own : parent;
    // a sub-heading under a section stays in it ("Đánh giá CBCCVC" under I is direction, not the assessment)
    else key = parent;
    stack.push({ level: block.level, key });
    if (key === null || key === 'results') continue;
    const body = block.body.trim();
    const entry = out.get(key) ?? { key, headings: [], text: '' };
    entry.headings.push(block.heading);
    if (body) entry.text = entry.text ? `${entry.text}\n\n${body}` : body;
    out.set(key, entry);
  }
  return PROVINCE_OUTLINE.flatMap((s) => (out.has(s.key) ? [out.get(s.key)!] : []));
}

/** A short, stable fingerprint of a text (FNV-1a, 32 bits, hex): tells whether a text changed, not a secret. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Texts compared as a reader sees them: spacing and line breaks do not count as a change. */
export function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFC').replace(/\s+/gu, ' ').trim();
  return norm(a) === norm(b);
}
