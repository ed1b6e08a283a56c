import { describe, expect, it } from 'vitest';
import { excerptOf, insertParagraph, sectionState, sourcesQuery } from './composing.js';

describe('the composing workspace', () => {
  it('inserts an excerpt at the cursor as a paragraph of its own', () => {
    expect(insertParagraph('Một.\nHai.', 5, '  Trích.  ')).toEqual({ text: 'Một.\nTrích.\nHai.', cursor: 11 });
    expect(insertParagraph('Một.', 4, 'Trích.')).toEqual({ text: 'Một.\nTrích.', cursor: 11 });
    expect(insertParagraph('', 0, 'Trích.')).toEqual({ text: 'Trích.', cursor: 6 });
    // in the middle of a line: the line is split around it
    expect(insertParagraph('AB', 1, 'x')).toEqual({ text: 'A\nx\nB', cursor: 3 });
    // no cursor known, or one past the end: appended
    expect(insertParagraph('Một.', null, 'Hai.').text).toBe('Một.\nHai.');
    expect(insertParagraph('Một.', 99, 'Hai.').text).toBe('Một.\nHai.');
  });

  it('takes the selected part of a source, or the whole text', () => {
    expect(excerptOf('Sở Y tế đưa 20 TTHC lên Cổng DVC.', '20 TTHC')).toBe('20 TTHC');
    expect(excerptOf('Sở Y tế đưa 20 TTHC lên Cổng DVC.', '')).toBe('Sở Y tế đưa 20 TTHC lên Cổng DVC.');
    // a selection elsewhere on the page is not an excerpt of this text
    expect(excerptOf('Sở Y tế đưa 20 TTHC lên Cổng DVC.', 'Đăng xuất')).toBe('Sở Y tế đưa 20 TTHC lên Cổng DVC.');
  });

  it('names each section’s state', () => {
    expect(sectionState({ origin: 'generated', stale: false, draft: null }).label).toBe('Tự tạo');
    expect(sectionState({ origin: 'generated', stale: true, draft: null }).label).toBe('Số liệu đã thay đổi');
    expect(sectionState({ origin: 'edited', stale: false, draft: null }).label).toBe('Đã sửa');
    expect(sectionState({ origin: 'edited', stale: true, draft: 'Bản mới' }).label).toBe('Có bản số liệu mới');
  });

  it('asks for the sources of a section, by kind and words', () => {
    expect(sourcesQuery('procedures', null, '  ')).toBe('section=procedures');
    expect(sourcesQuery('egov', 'department', ' cổng DVC ')).toBe('section=egov&kind=department&q=c%E1%BB%95ng+DVC');
  });
});
