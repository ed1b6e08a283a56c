/**
 * Recognises who wrote a report, for which period, and its number, date and signer, from its paragraphs. Pure.
 */
import { PLACE_DATE, QUOC_HIEU } from './header-patterns.js';
import { PROVINCES, PROVINCIAL_AGENCY_NAMES } from '../../core/catalogue/places.js';
import { recognisePeriod, type Period } from '../../core/periods/period.js';
import { cleanText, foldForMatch } from '../../core/values/text.js';
import type { SourceParagraph } from '../source-document.js';

export interface ReportMetadata {
  agency: { name: string | null; province: string | null };
  /** The body the agency answers to ("UBND tỉnh Ninh Thuận"), as printed in the header, else inferred from the agency and province. */
  governingBody: { name: string; inferred: boolean } | null;
  period: Period | null;
  document: { number: string | null; date: string | null; signer: string | null; signerTitle: string | null };
  /** The summary line under "BÁO CÁO" (names the period). */
  title: string | null;
}

const pad = (n: string) => n.padStart(2, '0');

function validDate(day: string, month: string, year: string): string | null {
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  if (m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

const FOLDED_PROVINCES = new Map(PROVINCES.map((p) => [foldForMatch(p), p]));
// one pass per paragraph: longer names first, so "thua thien hue" wins over "hue"
const NAMES = [...FOLDED_PROVINCES.keys()].sort((a, b) => b.length - a.length).join('|');
const PLACE_LINE = new RegExp(`^ (${NAMES}) ngay\\b`, 'u');
const MENTION = new RegExp(`\\b(?:tinh|thanh pho|tp) (${NAMES}) `, 'gu');

/** The province a report is from: its place-and-date line, then "tỉnh X" mentions (the opening counts double). */
export function recogniseProvince(texts: readonly string[]): string | null {
  const scores = new Map<string, number>();
  const add = (folded: string, points: number) => {
    const province = FOLDED_PROVINCES.get(folded)!;
    scores.set(province, (scores.get(province) ?? 0) + points);
  };
  // the opening and the closing (signature, appendix caption) say where a report is from; the middle adds nothing
  const kept = texts.length > 60 ? [...texts.slice(0, 40), ...texts.slice(-20)] : texts;
  kept.forEach((raw, i) => {
    const text = ` ${foldForMatch(raw.slice(0, 600))} `;
    const place = PLACE_LINE.exec(text);
    if (place) add(place[1]!, 10);
    for (const m of text.matchAll(MENTION)) add(m[1]!, i < 15 ? 2 : 1);
  });
  // "Thừa Thiên Huế" also contains "Huế"
  if (scores.has('Thừa Thiên Huế')) scores.delete('Huế');
  const best = [...scores].sort((a, b) => b[1] - a[1])[0];
  return best?.[0] ?? null;
}

// ------------------------------------------------------------------------------------------------ agency

/** The words an agency's name starts with. */
const HEADS = [
  'Ủy ban nhân dân',
  'Uỷ ban nhân dân',
  'UBND',
  'Sở',
  'Ban',
  'Văn phòng',
  'Thanh tra',
  'Trung tâm',
  'Chi cục',
  'Cục',
  'Kho bạc',
  'Đài',
  'Trường',
  'Bệnh viện',
  'Bảo hiểm xã hội',
  'Hội',
  'Viện',
  'Công an',
  'Bộ Chỉ huy',
];
const AGENCY_HEAD = `(?:${HEADS.join('|')})`;
const NOT_LETTER_BEFORE = String.raw`(?<![\p{L}\p{N}])`;
const NOT_LETTER_AFTER = String.raw`(?![\p{L}\p{N}])`;
/** Words that end a name: what follows them is no longer the agency ("của", "về việc", "theo", "tại" …). */
const STOP = String.raw`(?:về|của|theo|tại|số|ngày|đã|được|đối|với|cho|nhằm|thực|trong|thuộc|giao|trên|đến|từ|là|có|gửi|kèm|kính|xin|trân|báo)${NOT_LETTER_AFTER}`;
const WORD = String.raw`[^\s,;:()"“”]+`;
/** A name: a head, then words; a comma only before a capitalised word that does not start another name ("Sở Văn hóa, Thể thao và Du lịch"). */
const NAME = String.raw`${NOT_LETTER_BEFORE}${AGENCY_HEAD}${NOT_LETTER_AFTER}(?:\s+(?!${STOP})${WORD}|,\s+(?!${AGENCY_HEAD}${NOT_LETTER_AFTER})(?=\p{Lu})${WORD}){0,16}?`;
/** "<name> [(viết tắt: …)] [kính/xin/trân trọng] báo cáo …". */
const REPORTING = new RegExp(
  String.raw`(${NAME})\s*(?:\([^)]{0,80}\)\s*)?\s+(?:(?:kính|xin|trân trọng|xin được)\s+)?báo cáo${NOT_LETTER_AFTER}`,
  'gu',
);
/** "… của <name>)" in the appendix caption or the title. */
const OF_AGENCY = new RegExp(String.raw`của\s+(${NAME})\s*(?:\)|$|,\s+(?!\p{Lu})|\.)`, 'u');
const HEAD_AT = new RegExp(String.raw`${NOT_LETTER_BEFORE}${AGENCY_HEAD}${NOT_LETTER_AFTER}`, 'gu');
const COMMITTEE = /^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)(?=\s|$)/iu;
const LEVEL = /^(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)$/iu;
/** A body whose name needs its level after it: "Văn phòng UBND tỉnh", "Thanh tra tỉnh", not "Văn phòng UBND". */
const NEEDS_LEVEL = new RegExp(String.raw`^(?:${AGENCY_HEAD}|.*\s(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân))$`, 'u');
/** Heads of provincial departments, whose name never ends with the province ("Sở Y tế Quảng Trị" is Sở Y tế). */
const DEPARTMENT = /^(?:Sở|Ban|Văn phòng|Thanh tra)(?=\s)/u;

const compactKey = (s: string) =>
  foldForMatch(s)
    .replace(/\b(?:ubnd|uy ban nhan dan)\b/gu, 'uy ban nhan dan')
    .replace(/\s+/gu, '');

export function canonicalAgencyName(name: string): string {
  const key = compactKey(name);
  return PROVINCIAL_AGENCY_NAMES.find((official) => compactKey(official) === key) ?? name;
}

/** Re-anchors a name at a later head that does not follow the first one ("UBND tỉnh giao Sở Y tế" → "Sở Y tế"). */
function lastName(name: string): string {
  const heads = [...name.matchAll(HEAD_AT)];
  for (let i = heads.length - 1; i > 0; i--) {
    const head = heads[i]!;
    const before = name.slice(0, head.index).trim();
    // "Văn phòng UBND", "Văn phòng Sở": a head right after the first one is part of the name
    if (before === heads[0]![0] && i === 1) break;
    return name.slice(head.index);
  }
  return name;
}

/**
 * Drops the province after a name ("Sở Tư pháp tỉnh Khánh Hòa" → "Sở Tư pháp"), keeping the level where the name
 * needs it ("Thanh tra tỉnh", "Văn phòng UBND tỉnh"), and keeping a province that is part of a proper name
 * ("Trường Cao đẳng nghề Ninh Thuận").
 */
export function stripProvince(name: string, province: string | null): string {
  const words = name.split(/\s+/u);
  // "… tỉnh Khánh Hòa", "… thành phố Đà Nẵng", "… TP. Hồ Chí Minh": a level, then capitalised words to the end
  for (let i = words.length - 2; i >= 1; i--) {
    const level = words[i]!;
    const two = i >= 2 ? `${words[i - 1]} ${level}` : '';
    const isLevel = /^(?:tỉnh|TP\.?)$/u.test(level) || /^thành phố$/u.test(two);
    if (!isLevel) continue;
    const rest = words.slice(i + 1);
    if (rest.length === 0 || !rest.every((w) => /^[\p{Lu}-]/u.test(w))) break;
    const start = /^thành phố$/u.test(two) ? i - 1 : i;
    const before = words.slice(0, start).join(' ');
    if (COMMITTEE.test(before) && before.split(/\s+/u).length === 1) return name; // "UBND tỉnh Khánh Hòa" is the committee itself
    return NEEDS_LEVEL.test(before) ? `${before} ${words.slice(start, i + 1).join(' ')}` : before;
  }
  if (province && DEPARTMENT.test(name) && name.endsWith(` ${province}`)) return name.slice(0, -province.length - 1).trim();
  return name;
}

/** A committee's name without its place ("Ủy ban nhân dân huyện"): not a name. */
function incomplete(name: string): boolean {
  const words = name.replace(COMMITTEE, '').trim();
  if (COMMITTEE.test(name)) return words === '' || LEVEL.test(words);
  return false;
}

/** "Ủy ban nhân dân huyện Gio Linh" → "UBND huyện Gio Linh": committees are named one way. */
function committeeName(name: string): string {
  return name.replace(COMMITTEE, 'UBND');
}

function cleanName(name: string, province: string | null): string {
  return canonicalAgencyName(committeeName(stripProvince(lastName(name.replace(/\s+/gu, ' ').trim()), province)));
}

/** The agency of the reporting sentence ("Sở … báo cáo kết quả … như sau:"), or of another opening paragraph. */
export function reportingAgency(paragraphs: readonly string[], province: string | null): string | null {
  const opening = paragraphs.slice(0, 40);
  const reporting = (t: string) => /(?:như sau|cụ thể|sau đây|dưới đây)\s*:?\s*$/u.test(t);
  const ordered = [...opening.filter(reporting), ...opening.filter((t) => !reporting(t))];
  for (const text of ordered) {
    if (!text.includes('báo cáo')) continue;
    for (const m of text.matchAll(REPORTING)) {
      const name = cleanName(m[1]!, province);
      if (!incomplete(name) && plausible(name)) return name;
    }
  }
  return null;
}

/** "… (Kèm theo Báo cáo số … của UBND huyện Hàm Thuận Bắc)", "Kết quả … của Sở Khoa học và Công nghệ tỉnh Ninh Thuận". */
function agencyAfterOf(paragraphs: readonly string[], province: string | null): string | null {
  for (const text of paragraphs) {
    if (!text.includes('của') || !/(?:kèm theo|báo cáo|thống kê|kết quả|công tác)/iu.test(text)) continue;
    const m = OF_AGENCY.exec(text);
    if (!m) continue;
    const name = cleanName(m[1]!, province);
    if (!incomplete(name) && plausible(name)) return name;
  }
  return null;
}

const HEADER_SKIP = new RegExp(String.raw`^(?:${QUOC_HIEU}|Độc lập|ĐỘC LẬP|Số\s*:?|[-_=.*\s]+$)`, 'u');
const UPPER_HEAD = new RegExp(String.raw`^(?:${HEADS.map((h) => h.toLocaleUpperCase('vi')).join('|')})(?=\s|$)`, 'u');

/** Lines of the header block in capitals, above "BÁO CÁO": the governing body, then the agency ("SỞ TƯ PHÁP"). */
function headerNames(paragraphs: readonly string[]): string[] {
  // the header block ends at the document's title ("BÁO CÁO", "BÁO CÁO KẾT QUẢ …")
  const end = paragraphs.findIndex((t) => /^BÁO CÁO(?:\s|$)/u.test(t.trim()));
  const zone = paragraphs.slice(0, end >= 0 ? Math.min(end, 16) : 12);
  const names: string[] = [];
  let continuing = false;
  for (const raw of zone) {
    const text = raw.trim();
    if (HEADER_SKIP.test(text) || PLACE_DATE_ANYWHERE.test(text)) {
      continuing = false;
      continue;
    }
    // capitals only (a name's line), not a sentence, a date or a title with a year
    if (!/\p{Lu}/u.test(text) || /[\p{Ll}\d]/u.test(text) || text.length > 90) {
      continuing = false;
      continue;
    }
    // "UBND TỈNH QUẢNG TRỊ SỞ KHOA HỌC VÀ CÔNG NGHỆ": two names on one line (cells joined by a reader)
    const governing = GOVERNING.exec(text);
    const agencyAt = governing ? AGENCY_START.exec(governing[2]!) : null;
    const pieces = agencyAt ? [text.slice(0, text.length - agencyAt[0].length).trim(), agencyAt[0].trim()] : [text];
    for (const piece of pieces) {
      if (UPPER_HEAD.test(piece) || !continuing || names.length === 0 || names[names.length - 1]!.length + piece.length > 110) names.push(piece);
      else names[names.length - 1] = `${names[names.length - 1]} ${piece}`;
      continuing = true;
    }
  }
  return names.filter((n) => UPPER_HEAD.test(n)).map((n) => n.replace(/\s+/gu, ' '));
}

/** The words of a text with their folded forms, punctuation-only words left out. */
function foldedWords(text: string): { word: string; folded: string }[] {
  return text
    .split(/\s+/u)
    .map((word) => ({ word, folded: foldForMatch(word).replace(/\s+/gu, '') }))
    .filter((w) => w.folded !== '');
}

/** The same name as the body of the report writes it ("BAN DÂN TỘC" → "Ban Dân tộc"), or null. */
function writtenAs(name: string, paragraphs: readonly string[]): string | null {
  const target = foldedWords(name).map((w) => w.folded);
  if (target.length === 0) return null;
  for (const text of paragraphs) {
    if (!/\p{Ll}/u.test(text)) continue;
    const words = foldedWords(text);
    for (let i = 0; i + target.length <= words.length; i++) {
      if (!target.every((t, k) => words[i + k]!.folded === t)) continue;
      const found = words.slice(i, i + target.length).map((w) => w.word);
      // the same words, only in another case (a mention in capitals is the header again)
      const joined = found.join(' ').replace(/^[("“]+|[)"”.,;:]+$/gu, '');
      if (!/^\p{Lu}/u.test(joined) || !/\p{Ll}/u.test(joined)) continue;
      return joined;
    }
  }
  return null;
}

const SMALL_WORDS = new Set(['và', 'các', 'của', 'về', 'cho', 'với']);
const ABBREVIATION = /^(?:UBND|HĐND|TP\.?|KT|TT|BQL|KKT|KCN|THPT|THCS)$/u;
const BODY = /^(?:UBND|HĐND)$/u;
const PROVINCE_WORDS = [...PROVINCES].sort((a, b) => b.length - a.length).map((p) => ({ name: p, words: p.toLocaleLowerCase('vi').split(/\s+/u) }));

function capitalise(word: string): string {
  return word.charAt(0).toLocaleUpperCase('vi') + word.slice(1);
}

/**
 * A name in capitals in the Vietnamese title form, for when the report never writes it otherwise: the head and the
 * first word of each field capitalised ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" → "Sở Văn hóa, Thể thao và Du lịch"), a
 * place after its level in full ("UBND HUYỆN GIO LINH" → "UBND huyện Gio Linh"), province names as they are spelt,
 * abbreviations kept ("UBND", "HĐND").
 */
export function titleFormOfName(name: string): string {
  const words = name.trim().split(/\s+/u);
  const lower = words.map((w) => w.toLocaleLowerCase('vi'));
  const out: string[] = [];
  let i = 0;
  const head = HEADS.find((h) => {
    const hw = h.toLocaleLowerCase('vi').split(' ');
    return hw.every((w, k) => lower[k] === w);
  });
  let levelMayFollow = false;
  if (head) {
    out.push(COMMITTEE.test(head) ? 'UBND' : head);
    i = head.split(' ').length;
    levelMayFollow = true;
  }
  let capitaliseNext = true;
  let place = false;
  for (; i < words.length; i++) {
    const word = words[i]!;
    const bare = word.replace(/[,;.]+$/u, '');
    let w = lower[i]!;
    const province = PROVINCE_WORDS.find((p) => p.words.every((pw, k) => lower[i + k]?.replace(/[,;.]+$/u, '') === pw));
    if (ABBREVIATION.test(bare)) {
      out.push(word);
      levelMayFollow = BODY.test(bare);
      capitaliseNext = true;
      continue;
    }
    const two = `${lower[i]} ${lower[i + 1] ?? ''}`;
    if (levelMayFollow && (LEVEL.test(bare.toLocaleLowerCase('vi')) || LEVEL.test(two))) {
      const n = LEVEL.test(two) ? 2 : 1;
      out.push(lower.slice(i, i + n).join(' '));
      i += n - 1;
      place = true;
      levelMayFollow = false;
      continue;
    }
    levelMayFollow = false;
    if (province && !place) {
      out.push(province.name + (lower[i + province.words.length - 1]!.match(/[,;.]+$/u)?.[0] ?? ''));
      i += province.words.length - 1;
      capitaliseNext = true;
      continue;
    }
    if (place || (capitaliseNext && !SMALL_WORDS.has(w.replace(/[,;.]+$/u, '')))) {
      w = capitalise(w);
      capitaliseNext = false;
    }
    out.push(w);
    if (/[,\-–]$/u.test(word) || word === '-' || word === '–' || SMALL_WORDS.has(w)) capitaliseNext = true;
  }
  return out.join(' ');
}

/**
 * A name is plausible when its head is followed by a capitalised word or a level ("Sở Y tế", "Thanh tra tỉnh"), not a
 * verb ("Ban hành …"), and nothing in lower case follows its place ("UBND tỉnh Quảng Trị ban hành …").
 */
function plausible(name: string): boolean {
  const head = HEADS.find((h) => name === h || name.startsWith(`${h} `));
  if (!head) return false;
  const words = name.slice(head.length).trim().split(/\s+/u);
  const next = words[0] ?? '';
  if (next === '' || !(/^\p{Lu}/u.test(next) || LEVEL.test(next))) return false;
  // a place ends a name: "UBND tỉnh Quảng Trị ban hành …" is no name
  let inPlace = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (LEVEL.test(word) || (word === 'thành' && words[i + 1] === 'phố')) {
      inPlace = false;
      if (/^\p{Lu}/u.test(words[i + (word === 'thành' ? 2 : 1)] ?? '')) inPlace = true;
      if (word === 'thành') i++;
      continue;
    }
    if (inPlace && /^\p{Ll}/u.test(word)) return false;
  }
  return true;
}

/**
 * Who wrote a report: the agency line of the header block (the most reliable source), written as the report writes
 * it elsewhere; else the reporting sentence ("Sở … báo cáo … như sau:" / ", cụ thể:"); else the appendix caption or
 * the title ("… của UBND huyện Hàm Thuận Bắc"). Names are given one way: without the province, committees as
 * "UBND <cấp> <Tên>", departments by their official name.
 */
export function recogniseAgency(paragraphs: readonly string[], province: string | null): string | null {
  const reported = reportingAgency(paragraphs, province);
  const header = headerNames(paragraphs).at(-1);
  if (header) {
    const stripped = stripProvince(titleFormOfName(header), province);
    const key = compactKey(stripped);
    if (reported && compactKey(reported) === key) return reported;
    if (COMMITTEE.test(stripped)) {
      // a committee alone in capitals is the governing body when the agency's line under it is in sentence case
      // ("UBND TỈNH QUẢNG TRỊ" over "Sở Khoa học và Công nghệ", as spreadsheets write it)
      const under = agencyUnderGoverningBody(paragraphs, province);
      if (under) return under;
      // … or when the report names a department as its author
      if (reported && !COMMITTEE.test(reported)) return reported;
      return cleanName(stripped, province);
    }
    const written = writtenAs(stripped, paragraphs);
    if (written) return cleanName(written, province);
    const after = agencyAfterOf(paragraphs, province);
    if (after && compactKey(after) === key) return after;
    if (!incomplete(stripped)) return canonicalAgencyName(stripped);
  }
  return reported ?? agencyUnderGoverningBody(paragraphs, province) ?? agencyAfterOf(paragraphs, province);
}

const NAME_ONLY = new RegExp(String.raw`^${NAME}$`, 'u');
const SEPARATOR = /^[-_=.*\s]+$/u;

/**
 * The agency's line right under the governing body's line in the header block, when it is written in sentence case
 * ("UBND TỈNH QUẢNG TRỊ" over "Sở Khoa học và Công nghệ"): a line that is a name and nothing else. Null when the
 * header has no governing body's line, or the line under it is in capitals (headerNames reads those) or no name.
 */
function agencyUnderGoverningBody(paragraphs: readonly string[], province: string | null): string | null {
  const end = paragraphs.findIndex((t) => /^BÁO CÁO(?:\s|$)/u.test(t.trim()));
  const zone = paragraphs.slice(0, end >= 0 ? Math.min(end, 16) : 12);
  for (let i = 0; i < zone.length - 1; i++) {
    const governing = governingLine(zone[i]!);
    if (!governing || governing.agency) continue;
    const next = zone
      .slice(i + 1)
      .find((t) => t.trim() !== '' && !SEPARATOR.test(t.trim()))
      ?.trim();
    if (!next || !/\p{Ll}/u.test(next) || next.length > 120 || !NAME_ONLY.test(next)) return null;
    const name = cleanName(next, province);
    return !incomplete(name) && plausible(name) ? name : null;
  }
  return null;
}

/** A paragraph without markdown heading marks, emphasis (also unpaired "**" of a block cut in two) or tags. */
export function normaliseParagraph(text: string): string {
  return cleanText(text.replace(/^#+\s*/u, ''))
    .replace(/^[*_]+|[*_]+$/gu, '')
    .trim();
}

const GOVERNING = /^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)\s+(TỈNH|THÀNH PHỐ|TP\.?|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|ĐẶC KHU)\s+(.+)$/iu;
const AGENCY_START = /\s+(?:SỞ|BAN|VĂN PHÒNG|THANH TRA|TRUNG TÂM|CHI CỤC)(?=\s|$).*$/u;

function titleCase(words: string): string {
  return words
    .toLocaleLowerCase('vi')
    .split(/\s+/u)
    .map((w) => (w ? w.charAt(0).toLocaleUpperCase('vi') + w.slice(1) : w))
    .join(' ');
}

/** A place's name: capitalised words or numbers ("Quảng Trị", "HÀM THUẬN BẮC", "Quận 1", "Bà Rịa - Vũng Tàu"), nothing else. */
function isPlaceName(text: string): boolean {
  const words = text.split(/\s+/u).filter((w) => w !== '-' && w !== '–');
  return words.length >= 1 && words.length <= 6 && words.every((w) => /^[\p{Lu}\d][\p{L}\p{M}\d'’-]*$/u.test(w));
}

/**
 * A header line naming a committee and its place ("UBND TỈNH NINH THUẬN", "ỦY BAN NHÂN DÂN HUYỆN GIO LINH"), maybe
 * followed by the agency in capitals on the same line (cells joined by a reader). Not a sentence that starts with a
 * committee ("UBND tỉnh giao Sở 52 nhiệm vụ …", "UBND huyện báo cáo kết quả …").
 */
function governingLine(text: string): { level: string; place: string; agency: string | null } | null {
  const m = GOVERNING.exec(text.trim());
  if (!m) return null;
  const agency = AGENCY_START.exec(m[2]!);
  const place = (agency ? m[2]!.slice(0, agency.index) : m[2]!).trim().replace(/[.,;:]+$/u, '');
  if (!isPlaceName(place)) return null;
  return { level: m[1]!, place, agency: agency ? agency[0].trim() : null };
}

/** "UBND TỈNH NINH THUẬN" in the header → "UBND tỉnh Ninh Thuận"; else a provincial agency answers to the province's UBND. */
export function recogniseGoverningBody(
  paragraphs: readonly string[],
  agency: string | null,
  province: string | null,
): { name: string; inferred: boolean } | null {
  for (const text of paragraphs.slice(0, 15)) {
    const m = governingLine(text);
    if (m) {
      const level = m.level.toLocaleLowerCase('vi').replace(/^tp\.?$/u, 'thành phố');
      return { name: `UBND ${level} ${titleCase(m.place)}`, inferred: false };
    }
  }
  if (agency && province && /^(Sở|Ban|Văn phòng|Thanh tra)(?=\s|$)/u.test(agency)) {
    return {
      name: `UBND ${/^(Hà Nội|Hồ Chí Minh|Hải Phòng|Đà Nẵng|Cần Thơ|Huế)$/u.test(province) ? 'thành phố' : 'tỉnh'} ${province}`,
      inferred: true,
    };
  }
  return null;
}

// ------------------------------------------------------------------------------------------------ number, date

const NUMBER = /\bsố\s*:?\s*(\d*\s*\/\s*BC\s*[-–]\s*[\p{L}\d-]+(?:\s*[-–]\s*[\p{L}\d]+)*)/iu;
/** "<place>, ngày" at the start of a paragraph or after the number on the same line ("Số: 12/BC-X   Ninh Thuận, ngày …"). */
const PLACE_DATE_ANYWHERE = new RegExp(String.raw`(?:^|\s)${PLACE_DATE}`, 'u');
const DAY_MONTH_YEAR = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u;
const SLASH_DATE = /ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})/u;

/** The date of the place-and-date line ("Khánh Hòa, ngày 14 tháng 12 năm 2022", "…, ngày 08/12/2023"), also when cut in two lines. */
export function recogniseDate(paragraphs: readonly string[]): string | null {
  for (let i = 0; i < paragraphs.length; i++) {
    const text = paragraphs[i]!;
    if (!text.includes('ngày') || text.length > 300) continue;
    const place = PLACE_DATE_ANYWHERE.exec(text);
    if (!place) continue;
    // only a header line: the line itself starts with the place, or with the number
    if (place.index > 0 && !/^Số\s*:?/u.test(text)) continue;
    let line = text.slice(place.index);
    // "Khánh Hòa, ngày 14" / "tháng 12 năm 2022": the line cut after the day (or after "ngày")
    const next = paragraphs[i + 1];
    if (next && /ngày(?:\s+\d{1,2})?\s*$/u.test(line) && /^tháng\b/u.test(next.trim())) line = `${line} ${next.trim()}`;
    const m = DAY_MONTH_YEAR.exec(line) ?? SLASH_DATE.exec(line);
    if (m) {
      const date = validDate(m[1]!, m[2]!, m[3]!);
      if (date) return date;
    }
  }
  return null;
}

// ------------------------------------------------------------------------------------------------ signer

/** "KT.", "TM.", "TL.", "Q.", "K/T": signing on behalf of. */
const ON_BEHALF = /^(?:KT|TM|TL|TUQ|Q|K\/T|T\/M)\s*\.?\s*/u;
/** "(Đã ký)", "(Đã ký và đóng dấu)", "(Ký tên, đóng dấu)", "(ký số)", "[daky]". */
const SIGNED_MARK = /^[([]?\s*(?:đã\s+)?(?:ký|kí)(?:\s+(?:tên|số|duyệt))?(?:\s*(?:,|và)?\s*đóng\s+dấu)?\s*[)\]]?$|^\[?\s*daky\s*\]?$/iu;
const NOT_A_TITLE = new RegExp(
  String.raw`^(?:BÁO CÁO|PHỤ LỤC|NƠI NHẬN|${QUOC_HIEU}|ĐỘC LẬP|THỐNG KÊ|BIỂU MẪU|BIỂU|(?:[IVX]+|\d+)[.)])(?=\s|$|:)`,
  'u',
);
/** A personal name: two to six words, each capitalised; "H'Yim Kđoh", "Nguyễn Thị Thu-Hà". */
const PERSON =
  /^(?:[\p{Lu}][\p{Ll}\p{M}]*(?:['’-][\p{Lu}\p{Ll}][\p{Ll}\p{M}]*)*)(?:\s+[\p{Lu}][\p{Ll}\p{M}]*(?:['’-][\p{Lu}\p{Ll}][\p{Ll}\p{M}]*)*){1,5}$/u;

/** A line of a signature title: capitals only ("GIÁM ĐỐC", "PHÓ TRƯỞNG BAN", "TM. ỦY BAN NHÂN DÂN", "TỔNG BIÊN TẬP"). */
function isTitleLine(text: string): boolean {
  const t = text.trim();
  if (t.length < 3 || t.length > 70 || /\p{Ll}|\d/u.test(t)) return false;
  if (NOT_A_TITLE.test(t)) return false;
  const body = t.replace(ON_BEHALF, '');
  const words = body.split(/\s+/u).filter((w) => w.length > 0);
  return words.length >= 1 && words.length <= 8 && words.every((w) => /^[\p{Lu}][\p{Lu}\p{M}.,'’-]*$/u.test(w));
}

function isPerson(text: string): boolean {
  const t = text.trim();
  return PERSON.test(t) && t !== t.toLocaleUpperCase('vi');
}

/**
 * The signature block, by its structure rather than a list of titles: one or more title lines in capitals (a
 * "KT./TM./TL." line or a title such as "GIÁM ĐỐC", "PHÓ CHỦ TỊCH", "TỔNG BIÊN TẬP"), perhaps "(Đã ký)", then a
 * personal name. Looked for after "Nơi nhận" first (the block sits beside or under it), then anywhere.
 */
export function recogniseSigner(paragraphs: readonly string[]): { signer: string; title: string } | null {
  const recipients = paragraphs.findIndex((t) => /^Nơi nhận/iu.test(t.trim()));
  const ranges =
    recipients >= 0
      ? [
          [recipients, paragraphs.length],
          [0, recipients],
        ]
      : [[0, paragraphs.length]];
  for (const [from, to] of ranges) {
    for (let i = from!; i < to!; i++) {
      if (!isTitleLine(paragraphs[i]!)) continue;
      const title: string[] = [paragraphs[i]!.trim()];
      for (let j = i + 1; j < Math.min(to!, i + 8); j++) {
        const text = paragraphs[j]!.trim();
        if (SIGNED_MARK.test(text)) continue;
        if (isTitleLine(text)) {
          title.push(text);
          continue;
        }
        if (isPerson(text)) return { signer: text, title: title.join(' / ') };
        break;
      }
    }
  }
  return null;
}

// ------------------------------------------------------------------------------------------------ period

/** The title under "BÁO CÁO", over one or more lines ("Kết quả thực hiện công tác cải cách hành chính" / "quý I năm 2022"). */
function titleLines(paragraphs: readonly string[], reportIndex: number): string[] {
  const lines: string[] = [];
  for (let i = reportIndex + 1; i < Math.min(paragraphs.length, reportIndex + 4); i++) {
    const text = paragraphs[i]!.trim();
    if (!text) continue;
    // the first sentence of the body ends the title
    if (lines.length > 0 && (/^(?:Thực hiện|Căn cứ|Triển khai|Theo|Kính gửi|I\.|1\.)/u.test(text) || /[;:.]$/u.test(text) || text.length > 160))
      break;
    lines.push(text);
    if (/\b(?:19|20)\d{2}\b/u.test(text)) break;
  }
  return lines;
}

/** A caption or sheet title: "THỐNG KÊ SỐ LIỆU …", "KẾT QUẢ THỰC HIỆN …", "BÁO CÁO KẾT QUẢ …", "TỔNG HỢP …". */
const CAPTION_START = /^(?:PHỤ LỤC\s*[:.\-–]?\s*)?(?:THỐNG KÊ|KẾT QUẢ|BÁO CÁO KẾT QUẢ|BÁO CÁO TÌNH HÌNH|TỔNG HỢP|BIỂU TỔNG HỢP)(?=\s)/u;
const YEAR = /\b(?:19|20)\d{2}\b/u;

/** A line in capitals (a caption), parenthesised remarks aside. */
function inCapitals(text: string): boolean {
  const bare = text.replace(/\([^)]*\)/gu, '');
  return /\p{Lu}/u.test(bare) && !/\p{Ll}/u.test(bare);
}

/**
 * The period an appendix caption or a sheet title states, also over two or three lines ("THỐNG KÊ SỐ LIỆU …" /
 * "… 6 THÁNG ĐẦU NĂM 2023"; a sheet's "KẾT QUẢ … QUÝ II NĂM 2025"). A caption is in capitals (or says "thống kê số
 * liệu"), so a sentence of the narrative is never read as one.
 */
export function captionPeriod(paragraphs: readonly string[]): Period | null {
  for (let i = 0; i < paragraphs.length; i++) {
    const first = paragraphs[i]!.trim();
    if (first.length > 200) continue;
    const statistics = /thống kê số liệu/iu.test(first);
    if (!statistics && !(CAPTION_START.test(first) && inCapitals(first))) continue;
    let text = first;
    // the caption goes on over the next lines in capitals until it names a year
    for (let j = i + 1; j < Math.min(paragraphs.length, i + 3) && !YEAR.test(text); j++) {
      const next = paragraphs[j]!.trim();
      if (!next || next.length > 160 || !inCapitals(next)) break;
      text = `${text} ${next}`;
    }
    const period = recognisePeriod(text);
    if (period) return period;
  }
  return null;
}

const normalisedOf = new WeakMap<readonly SourceParagraph[], { raw: string[]; texts: string[] }>();

/**
 * `normaliseParagraph` of each paragraph. The import asks twice for the same paragraphs (metadata, then the
 * narrative): the second time gets the first's answer, unless a paragraph has changed since.
 */
export function normaliseParagraphs(paragraphs: readonly SourceParagraph[]): string[] {
  const known = normalisedOf.get(paragraphs);
  if (known && known.raw.length === paragraphs.length && paragraphs.every((p, i) => p.text === known.raw[i])) return known.texts;
  const texts = paragraphs.map((p) => normaliseParagraph(p.text));
  normalisedOf.set(paragraphs, { raw: paragraphs.map((p) => p.text), texts });
  return texts;
}

export function recogniseMetadata(sourceParagraphs: readonly SourceParagraph[]): ReportMetadata {
  const paragraphs = normaliseParagraphs(sourceParagraphs);
  const province = recogniseProvince(paragraphs);
  const agency = recogniseAgency(paragraphs, province);

  // number: a filled-in number (appendix caption) beats the blank one of the header
  // only the header's "Số: …/BC-…" and the appendix caption ("Ban hành kèm theo Báo cáo số …"): the narrative cites other reports
  const numbers = paragraphs.flatMap((text, index) => {
    if (!/^Số\s*:?/u.test(text) && !/kèm theo/iu.test(text)) return [];
    const m = NUMBER.exec(text);
    return m ? [{ number: m[1]!.replace(/\s+/gu, '').replace(/–/gu, '-'), index }] : [];
  });
  const numbered = numbers.find((n) => /^\d/u.test(n.number)) ?? numbers[0];

  let date = recogniseDate(paragraphs);
  if (!date && numbered) {
    const m = SLASH_DATE.exec(paragraphs[numbered.index]!);
    if (m) date = validDate(m[1]!, m[2]!, m[3]!);
  }

  const signature = recogniseSigner(paragraphs);

  const reportIndex = paragraphs.findIndex((t) => /^BÁO CÁO$/u.test(t.trim()));
  const title = reportIndex >= 0 ? titleLines(paragraphs, reportIndex) : [];
  const titleLine = title.length > 0 ? title.join(' ') : null;
  let period = titleLine ? recognisePeriod(titleLine) : null;
  if (!period) {
    for (const text of paragraphs.slice(0, 25)) {
      period = recognisePeriod(text);
      if (period && /\bbáo cáo\b/iu.test(text)) break;
      period = null;
    }
  }
  period ??= captionPeriod(paragraphs);

  return {
    agency: { name: agency, province },
    governingBody: recogniseGoverningBody(paragraphs, agency, province),
    period,
    document: { number: numbered?.number ?? null, date, signer: signature?.signer ?? null, signerTitle: signature?.title ?? null },
    title: titleLine,
  };
}
