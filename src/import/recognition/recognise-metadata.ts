/**
 * Recognises who wrote a report, for which period, and its number, date and signer, from its paragraphs. Pure.
 */
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

const AGENCY_HEAD = String.raw`(?:Sở|Ban|Ủy ban nhân dân|UBND|Văn phòng|Thanh tra|Trung tâm|Chi cục|Cục|Kho bạc|Đài|Trường|Bệnh viện)`;
const AGENCY_BEFORE_REPORT = new RegExp(String.raw`(${AGENCY_HEAD}\s[^,;:()"“”]{2,120}?)\s*(?:\([^)]*\)\s*)?\s+báo cáo\b`, 'gu');

export function canonicalAgencyName(name: string): string {
  const compact = (s: string) => foldForMatch(s).replace(/\s+/gu, '');
  const key = compact(name);
  return PROVINCIAL_AGENCY_NAMES.find((official) => compact(official) === key) ?? name;
}

function stripProvince(name: string, province: string | null): string {
  let out = name.replace(/\s+(?:tỉnh|thành phố)\s+[\p{Lu}][\p{L}\s-]*$/u, '');
  if (province) out = out.replace(new RegExp(`\\s+${province}$`, 'u'), '');
  return out.trim();
}

export function recogniseAgency(paragraphs: readonly string[], province: string | null): string | null {
  // the reporting sentence ("Sở … báo cáo kết quả … như sau:") first, then the other opening paragraphs
  const opening = paragraphs.slice(0, 30);
  const ordered = [...opening.filter((t) => /như sau\s*:?\s*$/u.test(t)), ...opening.filter((t) => !/như sau\s*:?\s*$/u.test(t))];
  for (const text of ordered) {
    const matches = [...text.matchAll(AGENCY_BEFORE_REPORT)];
    const last = matches[matches.length - 1];
    if (!last) continue;
    const name = stripProvince(last[1]!.trim(), province);
    if (/(?:^|\s)(về việc|của|theo|tại|số|ngày)(?:\s|$)/u.test(name)) continue;
    return canonicalAgencyName(name);
  }
  // the title or the appendix caption: "… của Sở Khoa học và Công nghệ tỉnh Ninh Thuận"
  for (const text of paragraphs) {
    const m = new RegExp(String.raw`của\s+(${AGENCY_HEAD}\s[^,;:()]{2,100}?)\s*(?:\)|$)`, 'u').exec(text);
    if (m) return canonicalAgencyName(stripProvince(m[1]!.trim(), province));
  }
  return null;
}

const NUMBER = /\bsố\s*:?\s*(\d*\s*\/\s*BC-[\p{L}\d-]+)/iu;
const PLACE_DATE = /^[\p{Lu}][\p{L} .-]{1,40},\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u;
const SLASH_DATE = /ngày\s+(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/u;
const SIGNATURE_TITLE = /^(?:(?:KT|TM|TL|Q)\.\s*)?(?:PHÓ\s+)?(?:GIÁM ĐỐC|CHỦ TỊCH|TRƯỞNG BAN|CHÁNH VĂN PHÒNG|CHÁNH THANH TRA|THỦ TRƯỞNG|HIỆU TRƯỞNG|CỤC TRƯỞNG|CHI CỤC TRƯỞNG|TRƯỞNG PHÒNG)\b/u;
const PERSON = /^[\p{Lu}][\p{Ll}]*(?:\s+[\p{Lu}][\p{Ll}]*){1,5}$/u;

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

/** "UBND TỈNH NINH THUẬN" in the header → "UBND tỉnh Ninh Thuận"; else a provincial agency answers to the province's UBND. */
export function recogniseGoverningBody(
  paragraphs: readonly string[],
  agency: string | null,
  province: string | null,
): { name: string; inferred: boolean } | null {
  for (const text of paragraphs.slice(0, 15)) {
    const m = GOVERNING.exec(text.trim());
    const place = m?.[2]?.replace(AGENCY_START, '').trim();
    if (m && place) {
      const level = m[1]!.toLocaleLowerCase('vi').replace(/^tp\.?$/u, 'thành phố');
      return { name: `UBND ${level} ${titleCase(place)}`, inferred: false };
    }
  }
  if (agency && province && /^(Sở|Ban|Văn phòng|Thanh tra)(?=\s|$)/u.test(agency)) {
    return { name: `UBND ${/^(Hà Nội|Hồ Chí Minh|Hải Phòng|Đà Nẵng|Cần Thơ|Huế)$/u.test(province) ? 'thành phố' : 'tỉnh'} ${province}`, inferred: true };
  }
  return null;
}

export function recogniseMetadata(sourceParagraphs: readonly SourceParagraph[]): ReportMetadata {
  const paragraphs = sourceParagraphs.map((p) => normaliseParagraph(p.text));
  const province = recogniseProvince(paragraphs);
  const agency = recogniseAgency(paragraphs, province);

  // number: a filled-in number (appendix caption) beats the blank one of the header
  // only the header's "Số: …/BC-…" and the appendix caption ("Ban hành kèm theo Báo cáo số …"): the narrative cites other reports
  const numbers = paragraphs.flatMap((text, index) => {
    if (!/^Số\s*:?/u.test(text) && !/kèm theo/iu.test(text)) return [];
    const m = NUMBER.exec(text);
    return m ? [{ number: m[1]!.replace(/\s+/gu, ''), index }] : [];
  });
  const numbered = numbers.find((n) => /^\d/u.test(n.number)) ?? numbers[0];

  let date: string | null = null;
  for (const text of paragraphs) {
    const m = PLACE_DATE.exec(text);
    if (m) {
      date = validDate(m[1]!, m[2]!, m[3]!);
      if (date) break;
    }
  }
  if (!date && numbered) {
    const m = SLASH_DATE.exec(paragraphs[numbered.index]!);
    if (m) date = validDate(m[1]!, m[2]!, m[3]!);
  }

  let signer: string | null = null;
  let signerTitle: string | null = null;
  const titles = paragraphs.flatMap((text, index) => (SIGNATURE_TITLE.test(text) ? [index] : []));
  for (const index of titles) {
    const title: string[] = [paragraphs[index]!];
    for (let j = index + 1; j < Math.min(paragraphs.length, index + 5); j++) {
      const text = paragraphs[j]!;
      if (SIGNATURE_TITLE.test(text)) {
        title.push(text);
        continue;
      }
      if (PERSON.test(text) && text.split(/\s+/u).length >= 2 && text !== text.toUpperCase()) {
        signer = text;
        signerTitle = title.join(' / ');
      }
      break;
    }
    if (signer) break;
  }

  const reportIndex = paragraphs.findIndex((t) => /^BÁO CÁO$/u.test(t.trim()));
  const titleLine = reportIndex >= 0 ? (paragraphs[reportIndex + 1] ?? null) : null;
  let period = titleLine ? recognisePeriod(titleLine) : null;
  if (!period) {
    for (const text of paragraphs.slice(0, 25)) {
      period = recognisePeriod(text);
      if (period && /\bbáo cáo\b/iu.test(text)) break;
      period = null;
    }
  }
  if (!period) {
    const caption = paragraphs.find((t) => /thống kê số liệu/iu.test(t));
    period = caption ? recognisePeriod(caption) : null;
  }

  return {
    agency: { name: agency, province },
    governingBody: recogniseGoverningBody(paragraphs, agency, province),
    period,
    document: { number: numbered?.number ?? null, date, signer, signerTitle },
    title: titleLine,
  };
}
