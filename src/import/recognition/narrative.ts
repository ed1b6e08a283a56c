/**
 * Splits a report's narrative into the outline's sections: I–V (direction; results in the reform areas;
 * assessment; next period; recommendations) and their numbered parts ("1.", "6.1.", "a)"). Pure.
 */
import type { SourceParagraph } from '../source-document.js';
import { normaliseParagraphs } from './recognise-metadata.js';

export interface NarrativeSection {
  /** The heading as written ("II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CCHC", "1. Cải cách thể chế:"). */
  heading: string;
  /** 1 for I–V, 2 for "1.", 3 for "6.1." and "a)". */
  level: number;
  /** The paragraphs under the heading (up to the next heading), joined with blank lines. */
  text: string;
}

/** "I. CÔNG TÁC …", also "I- …", "PHẦN I. …" / "Phần II: …". */
const ROMAN = /^(?:(?:PHẦN|Phần)\s+)?(?:I|II|III|IV|V|VI|VII|VIII|IX|X)(?:[.:]|\s?[-–])\s+\S/u;
const NUMBERED = /^(\d{1,2})\.\s+\S/u;
const SUBNUMBERED = /^\d{1,2}\.\d{1,2}\.?\s+\S/u;
const LETTERED = /^[a-zđ]\)\s+\S/u;
/** The narrative ends at "Nơi nhận", the closing sentence, or where the appendix starts ("PHỤ LỤC", "Phụ lục 2"). */
const END = /^(?:Nơi nhận|Trên đây là báo cáo|(?:PHỤ LỤC|Phụ lục)(?:\s+(?:số\s*)?[\dIVX]+)?\s*[:.]?$)/iu;

function headingOf(text: string): { heading: string; level: number; rest: string } | null {
  let level = 0;
  if (ROMAN.test(text)) level = 1;
  else if (SUBNUMBERED.test(text)) level = 3;
  else if (NUMBERED.test(text)) level = 2;
  else if (LETTERED.test(text)) level = 3;
  if (level === 0) return null;
  // "3. Về kiểm tra cải cách hành chính: Đã ban hành …" — heading and text in one paragraph
  const colon = text.indexOf(':');
  if (colon > 0 && colon < 120 && colon < text.length - 1) {
    return { heading: text.slice(0, colon + 1).trim(), level, rest: text.slice(colon + 1).trim() };
  }
  // a long numbered sentence is a list item, not a heading
  if (level > 1 && (text.length > 150 || /[.;]$/u.test(text))) return null;
  return { heading: text, level, rest: '' };
}

export function splitNarrative(paragraphs: readonly SourceParagraph[]): NarrativeSection[] {
  const texts = normaliseParagraphs(paragraphs).filter((t) => t.length > 0);
  const start = texts.findIndex((t) => ROMAN.test(t));
  if (start < 0) return [];
  const sections: NarrativeSection[] = [];
  let current: { heading: string; level: number; body: string[] } | null = null;
  const flush = () => {
    if (current) sections.push({ heading: current.heading, level: current.level, text: current.body.join('\n\n') });
  };
  for (const text of texts.slice(start)) {
    if (END.test(text)) break;
    const heading = headingOf(text);
    if (heading) {
      flush();
      current = { heading: heading.heading, level: heading.level, body: heading.rest ? [heading.rest] : [] };
    } else if (current) {
      current.body.push(text);
    }
  }
  flush();
  return sections;
}
