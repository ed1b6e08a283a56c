/**
 * Cleaning of cell and label text as Word/HTML/markdown exports write it. Pure.
 */

const FOOTNOTE = /<sup>\s*[^<]{0,3}\s*<\/sup>/giu;
const TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/giu;
const MARKDOWN_STRONG = /(\*\*|__)(.+?)\1/gu;
const MARKDOWN_EM = /(^|[\s(])[*_](?=\S)(.+?)(?<=\S)[*_](?=$|[\s).,:;])/gu;

export interface CleanedText {
  text: string;
  /** Markup (tags, markdown emphasis) was removed. */
  markup: boolean;
  /** A footnote mark (<sup>1</sup>) was removed. */
  footnote: boolean;
}

// labels, units and codes recur in every report: remember recent results (bounded; pure, so caching is safe)
const CACHE_LIMIT = 50_000;
const cleanCache = new Map<string, CleanedText>();
const foldCache = new Map<string, string>();

function remember<T>(cache: Map<string, T>, key: string, value: T): T {
  if (key.length <= 400) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, value);
  }
  return value;
}

const NEEDS_WORK = /[<*_\\\u00a0\u2000-\u200b\u202f\u3000\t\r\n()]|\s\s|^\s|\s$/u;

/** Removes tags, footnote marks and markdown emphasis; NFC-normalises; collapses spaces. */
export function cleanCellText(input: string): CleanedText {
  const cached = cleanCache.get(input);
  if (cached) return cached;
  const normalised = input.normalize('NFC');
  if (!NEEDS_WORK.test(normalised)) return remember(cleanCache, input, { text: normalised, markup: false, footnote: false });
  return remember(cleanCache, input, cleanSlow(normalised));
}

function cleanSlow(normalised: string): CleanedText {
  let text = normalised;
  const footnote = FOOTNOTE.test(text);
  FOOTNOTE.lastIndex = 0;
  text = text.replace(FOOTNOTE, '');
  const beforeMarkup = text;
  text = text
    .replace(/<br\s*\/?>/giu, ' ')
    .replace(TAG, ' ')
    .replace(MARKDOWN_STRONG, '$2')
    .replace(MARKDOWN_EM, '$1$2')
    .replace(/\\([-*_.#+()[\]])/gu, '$1');
  const markup = text !== beforeMarkup;
  text = text
    .replace(/[\u00a0\u2000-\u200b\u202f\u3000\t\r\n]/gu, ' ')
    .replace(/\s+/gu, ' ')
    // spaces left inside brackets where tags were: "( <i>Kết luận</i> )" → "(Kết luận)"
    .replace(/\(\s+/gu, '(')
    .replace(/\s+\)/gu, ')')
    .trim();
  return { text, markup, footnote };
}

export function cleanText(input: string): string {
  return cleanCellText(input).text;
}

/** Lower-case, diacritics removed, đ → d, punctuation to spaces: for matching labels across wording changes. */
export function foldForMatch(input: string): string {
  const cached = foldCache.get(input);
  if (cached !== undefined) return cached;
  return remember(foldCache, input, foldSlow(input));
}

function foldSlow(input: string): string {
  return cleanText(input)
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/đ/gu, 'd')
    .replace(/[^a-z0-9%]+/gu, ' ')
    .trim();
}
