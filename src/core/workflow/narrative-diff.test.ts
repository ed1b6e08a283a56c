import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffNarratives, type NarrativeSectionText } from './narrative-diff.js';

const s = (heading: string, body: string, level = 1): NarrativeSectionText => ({ heading, level, body });

describe('diffNarratives: what changed in the narrative between two submissions', () => {
  it('names the sections whose text changed, with both texts, in the later order', () => {
    const before = [s('I. CHỈ ĐẠO', 'Ban hành kế hoạch.'), s('II. KẾT QUẢ', 'Hoàn thành 20/24 nhiệm vụ.'), s('V. KIẾN NGHỊ', '')];
    const after = [s('I. CHỈ ĐẠO', 'Ban hành kế hoạch.'), s('II. KẾT QUẢ', 'Hoàn thành 21/24 nhiệm vụ.'), s('V. KIẾN NGHỊ', 'Bổ sung kinh phí.')];
    expect(diffNarratives(before, after)).toEqual([
      { heading: 'II. KẾT QUẢ', before: 'Hoàn thành 20/24 nhiệm vụ.', after: 'Hoàn thành 21/24 nhiệm vụ.' },
      { heading: 'V. KIẾN NGHỊ', before: null, after: 'Bổ sung kinh phí.' },
    ]);
  });

  it('matches headings whatever their case and spacing, and sets trailing spaces and line endings aside', () => {
    expect(diffNarratives([s('III.  Đánh giá chung', 'Tốt.\r\nĐạt.  ')], [s('III. ĐÁNH GIÁ CHUNG', 'Tốt.\nĐạt.')])).toEqual([]);
  });

  it('a section dropped with its text is a change; an empty one dropped or added is not', () => {
    expect(diffNarratives([s('IV. PHƯƠNG HƯỚNG', 'Tiếp tục.'), s('V. KIẾN NGHỊ', '')], [s('VI. KHÁC', '')])).toEqual([
      { heading: 'IV. PHƯƠNG HƯỚNG', before: 'Tiếp tục.', after: null },
    ]);
  });

  it('a text emptied is a change to nothing', () => {
    expect(diffNarratives([s('I', 'Có nội dung.')], [s('I', '   ')])).toEqual([{ heading: 'I', before: 'Có nội dung.', after: null }]);
  });

  const sections = fc.uniqueArray(
    fc.record({ heading: fc.stringMatching(/^[A-ZĐ][a-zđ ]{0,12}$/u), level: fc.integer({ min: 1, max: 2 }), body: fc.string({ maxLength: 30 }) }),
    { selector: (x) => x.heading.replace(/\s+/gu, ' ').trim().toLowerCase(), maxLength: 8 },
  );

  it('a text compared with itself has no change (property)', () => {
    fc.assert(
      fc.property(sections, (x) => {
        expect(diffNarratives(x, x)).toEqual([]);
      }),
    );
  });

  it('every change differs on both sides, and swapping the sides swaps before and after (property)', () => {
    fc.assert(
      fc.property(sections, sections, (x, y) => {
        const forward = diffNarratives(x, y);
        for (const c of forward) expect((c.before ?? '').trim()).not.toBe((c.after ?? '').trim());
        const backward = new Map(diffNarratives(y, x).map((c) => [c.heading.replace(/\s+/gu, ' ').trim().toLowerCase(), c]));
        expect(backward.size).toBe(forward.length);
        for (const c of forward) {
          const back = backward.get(c.heading.replace(/\s+/gu, ' ').trim().toLowerCase());
          expect(back?.before ?? null).toBe(c.after);
          expect(back?.after ?? null).toBe(c.before);
        }
      }),
    );
  });
});
