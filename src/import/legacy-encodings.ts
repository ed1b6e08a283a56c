/**
 * Vietnamese text in the encodings that predate Unicode, as old archives hold it, converted to Unicode NFC:
 *
 * - TCVN3 (ABC, TCVN 5712:1993 "VN3"): one byte per letter, precomposed; the lowercase letters at 0xB5–0xFE, Ă Â Ê Ô
 *   Ơ Ư Đ at 0xA1–0xA7 and their lowercase at 0xA8–0xAE. Capitals with tones live in separate fonts whose names end
 *   in "H" (".VnTimeH"): the same codes drawn as capitals. Fonts: ".VnTime", ".VnArial", ".VnTimeH"…
 * - VNI (VNI-Windows): a base letter followed by a byte for its marks ("Vieät" = Việt); đ, ư, ơ and the i's with
 *   tones are single bytes. Fonts: "VNI-Times", "VNI-Helve"…
 * - Windows-1258: Ă Đ Ơ Ư and their lowercase as letters, the five tones as combining marks after the vowel.
 *
 * In a DOCX the legacy text is stored as the Windows-1252 characters of its bytes and a font name says how to read
 * them; in a text file only the bytes do, so `decodeLegacyText` tries each encoding and keeps the one that reads as
 * Vietnamese. Pure functions, no I/O.
 */

export type LegacyEncoding = 'tcvn3' | 'vni' | 'windows-1258';

// ---------------------------------------------------------------------------------------------------------------
// TCVN3

/** TCVN3 code → letter, for the codes that differ from Latin-1. */
const TCVN3: Record<number, string> = {
  0xa1: 'Ă',
  0xa2: 'Â',
  0xa3: 'Ê',
  0xa4: 'Ô',
  0xa5: 'Ơ',
  0xa6: 'Ư',
  0xa7: 'Đ',
  0xa8: 'ă',
  0xa9: 'â',
  0xaa: 'ê',
  0xab: 'ô',
  0xac: 'ơ',
  0xad: 'ư',
  0xae: 'đ',
  0xb5: 'à',
  0xb6: 'ả',
  0xb7: 'ã',
  0xb8: 'á',
  0xb9: 'ạ',
  0xbb: 'ằ',
  0xbc: 'ẳ',
  0xbd: 'ẵ',
  0xbe: 'ắ',
  0xc6: 'ặ',
  0xc7: 'ầ',
  0xc8: 'ẩ',
  0xc9: 'ẫ',
  0xca: 'ấ',
  0xcb: 'ậ',
  0xcc: 'è',
  0xce: 'ẻ',
  0xcf: 'ẽ',
  0xd0: 'é',
  0xd1: 'ẹ',
  0xd2: 'ề',
  0xd3: 'ể',
  0xd4: 'ễ',
  0xd5: 'ế',
  0xd6: 'ệ',
  0xd7: 'ì',
  0xd8: 'ỉ',
  0xdc: 'ĩ',
  0xdd: 'í',
  0xde: 'ị',
  0xdf: 'ò',
  0xe1: 'ỏ',
  0xe2: 'õ',
  0xe3: 'ó',
  0xe4: 'ọ',
  0xe5: 'ồ',
  0xe6: 'ổ',
  0xe7: 'ỗ',
  0xe8: 'ố',
  0xe9: 'ộ',
  0xea: 'ờ',
  0xeb: 'ở',
  0xec: 'ỡ',
  0xed: 'ớ',
  0xee: 'ợ',
  0xef: 'ù',
  0xf1: 'ủ',
  0xf2: 'ũ',
  0xf3: 'ú',
  0xf4: 'ụ',
  0xf5: 'ừ',
  0xf6: 'ử',
  0xf7: 'ữ',
  0xf8: 'ứ',
  0xf9: 'ự',
  0xfa: 'ỳ',
  0xfb: 'ỷ',
  0xfc: 'ỹ',
  0xfd: 'ý',
  0xfe: 'ỵ',
};

/** Unicode letter → TCVN3 code (for writing fixtures and tests). */
export const TCVN3_ENCODE: ReadonlyMap<string, number> = new Map(Object.entries(TCVN3).map(([code, letter]) => [letter, Number(code)]));

/**
 * Text typed in a TCVN3 font, as its character codes (a DOCX run's text, or bytes read as Latin-1), in Unicode NFC.
 * `capitals`: the font is a capitals font (".VnTimeH"), which draws every letter as a capital.
 */
export function decodeTcvn3(text: string, capitals = false): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += code >= 0xa1 && code <= 0xfe ? (TCVN3[code] ?? ch) : ch;
  }
  return (capitals ? out.toLocaleUpperCase('vi') : out).normalize('NFC');
}

// ---------------------------------------------------------------------------------------------------------------
// VNI

/** Letters that VNI writes as a single byte. */
const VNI_SINGLE: Record<string, string> = {
  ñ: 'đ',
  Ñ: 'Đ',
  ö: 'ư',
  Ö: 'Ư',
  ô: 'ơ',
  Ô: 'Ơ',
  æ: 'ỉ',
  Æ: 'Ỉ',
  ó: 'ĩ',
  Ó: 'Ĩ',
  ò: 'ị',
  Ò: 'Ị',
  î: 'ỵ',
  Î: 'Ỵ',
};

const ACUTE = '\u0301';
const GRAVE = '\u0300';
const HOOK = '\u0309';
const TILDE = '\u0303';
const DOT = '\u0323';
const CIRCUMFLEX = '\u0302';
const BREVE = '\u0306';

/** The bytes VNI puts after a vowel, as the combining marks they stand for (lowercase and capital forms). */
const VNI_MARKS: Record<string, string> = {};
for (const [lower, upper, marks] of [
  ['ù', 'Ù', ACUTE],
  ['ø', 'Ø', GRAVE],
  ['û', 'Û', HOOK],
  ['õ', 'Õ', TILDE],
  ['ï', 'Ï', DOT],
  ['â', 'Â', CIRCUMFLEX],
  ['ê', 'Ê', BREVE],
  ['á', 'Á', CIRCUMFLEX + ACUTE],
  ['à', 'À', CIRCUMFLEX + GRAVE],
  ['å', 'Å', CIRCUMFLEX + HOOK],
  ['ã', 'Ã', CIRCUMFLEX + TILDE],
  ['ä', 'Ä', CIRCUMFLEX + DOT],
  ['é', 'É', BREVE + ACUTE],
  ['è', 'È', BREVE + GRAVE],
  ['ú', 'Ú', BREVE + HOOK],
  ['ü', 'Ü', BREVE + TILDE],
  ['ë', 'Ë', BREVE + DOT],
] as const) {
  VNI_MARKS[lower] = marks;
  VNI_MARKS[upper] = marks;
}

const VOWEL_BEFORE_MARK = /[aeiouyơưAEIOUYƠƯ]$/u;

/** Text typed in a VNI font, as its Windows-1252 characters, in Unicode NFC. */
export function decodeVni(text: string): string {
  let out = '';
  for (const ch of text) {
    const marks = VNI_MARKS[ch];
    if (marks !== undefined && VOWEL_BEFORE_MARK.test(out)) {
      out += marks;
      continue;
    }
    out += VNI_SINGLE[ch] ?? ch;
  }
  return out.normalize('NFC');
}

// ---------------------------------------------------------------------------------------------------------------
// Fonts

/** How a font's text is to be read: a TCVN3 font (capitals or not), a VNI font, or null for a Unicode font. */
export function legacyFontEncoding(fontName: string | undefined): { encoding: 'tcvn3' | 'vni'; capitals: boolean } | null {
  if (!fontName) return null;
  const name = fontName.trim();
  if (/^\.vn/iu.test(name)) return { encoding: 'tcvn3', capitals: /h$/iu.test(name) };
  if (/^vni[-\s]/iu.test(name)) return { encoding: 'vni', capitals: false };
  return null;
}

/** Text in a font, converted when the font is a legacy one. */
export function decodeInFont(text: string, fontName: string | undefined): string {
  const legacy = legacyFontEncoding(fontName);
  if (!legacy) return text;
  return legacy.encoding === 'tcvn3' ? decodeTcvn3(text, legacy.capitals) : decodeVni(text);
}

// ---------------------------------------------------------------------------------------------------------------
// Text files: detection from the bytes

const TONES = [GRAVE, ACUTE, HOOK, TILDE, DOT];
const VIETNAMESE_LETTERS: ReadonlySet<string> = (() => {
  const letters = new Set<string>(['đ', 'Đ']);
  for (const base of 'aăâeêioôơuưy') {
    for (const b of [base, base.toUpperCase()]) {
      letters.add(b);
      for (const tone of TONES) letters.add((b + tone).normalize('NFC'));
    }
  }
  return letters;
})();

/** Very common words of administrative Vietnamese: a decoding that yields them is the right one. */
const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    'của và các được người năm theo việc công hành chính báo cáo thực hiện số đơn vị tỉnh huyện xã thủ tục kết quả ' +
    'trong quý tháng cải cách có không đã đến tổng tính cấp sở ban ủy nhân dân về ngày kế hoạch với tại đầu cộng hòa ' +
    'hội chủ nghĩa việt độc lập tự hạnh phúc giám đốc nơi nhận ghi chú chỉ tiêu thống kê lĩnh vực giải quyết hồ sơ'
  ).split(' '),
);

function isToned(letter: string): boolean {
  return TONES.some((tone) => letter.normalize('NFD').includes(tone));
}

/**
 * How Vietnamese a decoding reads: common words found count most; a word with a letter no Vietnamese word has, a
 * stray combining mark, or two tones counts against.
 */
function vietnameseScore(text: string): { score: number; common: number; vietnamese: number; wrong: number } {
  let common = 0;
  let vietnamese = 0;
  let wrong = 0;
  for (const word of text.toLocaleLowerCase('vi').split(/[^\p{L}\p{M}]+/u)) {
    if (word === '' || /^[a-z]+$/u.test(word)) continue;
    let tones = 0;
    let foreign = false;
    for (const ch of word) {
      if (ch.charCodeAt(0) < 0x80) continue;
      if (!VIETNAMESE_LETTERS.has(ch)) foreign = true;
      else if (isToned(ch)) tones += 1;
    }
    if (foreign || tones > 1) {
      wrong += 1;
      continue;
    }
    vietnamese += 1;
    if (COMMON_WORDS.has(word)) common += 1;
  }
  return { score: 4 * common + vietnamese - 2 * wrong, common, vietnamese, wrong };
}

/** Windows-1252's characters at 0x80–0x9F (some runtimes decode "windows-1252" as Latin-1 there); undefined codes stay as they are. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Bytes as Windows-1252 text (what VNI text is written in). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH[byte - 0x80]! : String.fromCharCode(byte);
  return out;
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/**
 * The text of a file that is not UTF-8, when it reads as Vietnamese in Windows-1258, TCVN3 or VNI; null otherwise.
 * Each decoding is scored by the common Vietnamese words it yields and the impossible words (foreign letters, two
 * tones) it makes; the best wins if it yields a common word (or several Vietnamese words) and most of its words with
 * non-ASCII letters are Vietnamese.
 */
export function decodeLegacyText(bytes: Uint8Array): { text: string; encoding: LegacyEncoding } | null {
  const candidates: { text: string; encoding: LegacyEncoding }[] = [
    { encoding: 'windows-1258', text: new TextDecoder('windows-1258').decode(bytes).normalize('NFC') },
    { encoding: 'tcvn3', text: decodeTcvn3(latin1(bytes)) },
    { encoding: 'vni', text: decodeVni(decodeWindows1252(bytes)) },
  ];
  let best: { text: string; encoding: LegacyEncoding; score: number } | null = null;
  for (const candidate of candidates) {
    const { score, common, vietnamese, wrong } = vietnameseScore(candidate.text);
    // a few stray bytes are no evidence: ask for a common word or several Vietnamese words, and few impossible ones
    if ((common === 0 && vietnamese < 5) || wrong * 4 > vietnamese) continue;
    if (!best || score > best.score) best = { ...candidate, score };
  }
  return best ? { text: best.text, encoding: best.encoding } : null;
}
