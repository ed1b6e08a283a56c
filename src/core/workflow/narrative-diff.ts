/**
 * What changed in a report's narrative between two submissions (or a submission and the text as it is now): its
 * sections matched by heading (case and spacing aside), in the order of the later text, then the sections it dropped.
 * A section counts as changed when its text differs once trailing spaces and line endings are set aside.
 */
export interface NarrativeSectionText {
  heading: string;
  level: number;
  body: string;
}

export interface SectionChange {
  heading: string;
  /** The section's text before; null when the section was not there. */
  before: string | null;
  /** The section's text after; null when the section was dropped. */
  after: string | null;
}

const headingKey = (heading: string) => heading.normalize('NFC').replace(/\s+/gu, ' ').trim().toLocaleLowerCase('vi');
const bodyKey = (body: string) =>
  body
    .normalize('NFC')
    .replace(/\r\n?/gu, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();

/** The sections whose text changed from `before` to `after`; an empty section that appears or disappears is no change. */
export function diffNarratives(before: readonly NarrativeSectionText[], after: readonly NarrativeSectionText[]): SectionChange[] {
  const joined = (sections: readonly NarrativeSectionText[]) => {
    const map = new Map<string, { heading: string; body: string }>();
    for (const s of sections) {
      const key = headingKey(s.heading);
      const known = map.get(key);
      // a heading twice (an outline typed by hand): its texts read as one section
      map.set(
        key,
        known ? { heading: known.heading, body: [known.body, s.body].filter((b) => b.trim()).join('\n') } : { heading: s.heading, body: s.body },
      );
    }
    return map;
  };
  const a = joined(before);
  const b = joined(after);
  const changes: SectionChange[] = [];
  for (const [key, section] of b) {
    const old = a.get(key);
    const was = old ? bodyKey(old.body) : '';
    const now = bodyKey(section.body);
    if (was === now) continue;
    changes.push({ heading: section.heading, before: old && was ? old.body : null, after: now ? section.body : null });
  }
  for (const [key, section] of a) {
    if (b.has(key) || !bodyKey(section.body)) continue;
    changes.push({ heading: section.heading, before: section.body, after: null });
  }
  return changes;
}
