import { describe, expect, it } from 'vitest';
import { splitNarrative } from './narrative.js';

const paragraphs = (...texts: string[]) => texts.map((text, line) => ({ text, at: { kind: 'line' as const, line } }));

describe('splitNarrative', () => {
  it('splits an outline written "PHẦN I.", "PHẦN II." …', () => {
    const sections = splitNarrative(
      paragraphs(
        'BÁO CÁO',
        'PHẦN I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH',
        'Đã ban hành kế hoạch.',
        'Phần II. KẾT QUẢ THỰC HIỆN',
        '1. Cải cách thể chế:',
        'Rà soát 05 văn bản.',
      ),
    );
    expect(sections.map((s) => [s.level, s.heading])).toEqual([
      [1, 'PHẦN I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH'],
      [1, 'Phần II. KẾT QUẢ THỰC HIỆN'],
      [2, '1. Cải cách thể chế:'],
    ]);
  });

  it('takes "I- …" and "II – …" for parts of the outline', () => {
    expect(splitNarrative(paragraphs('I- CÔNG TÁC CHỈ ĐẠO', 'Nội dung.', 'II – KẾT QUẢ', 'Nội dung.')).map((s) => s.heading)).toEqual([
      'I- CÔNG TÁC CHỈ ĐẠO',
      'II – KẾT QUẢ',
    ]);
  });

  it('ends at "Nơi nhận" or where the appendix starts, whichever comes first', () => {
    const cut = (end: string) =>
      splitNarrative(
        paragraphs('I. KIẾN NGHỊ, ĐỀ XUẤT', 'Không.', end, 'THỐNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN', '(Kèm theo Báo cáo số 12/BC-STP)'),
      ).map((s) => s.text);
    expect(cut('Nơi nhận:')).toEqual(['Không.']);
    // a Word report keeps "Nơi nhận" in a layout table: the appendix title ends the narrative
    expect(cut('PHỤ LỤC')).toEqual(['Không.']);
    expect(cut('Phụ lục 2')).toEqual(['Không.']);
    expect(cut('Phụ lục:')).toEqual(['Không.']);
    // a sentence that starts with the word is narrative
    expect(cut('Phụ lục kèm theo báo cáo này gồm 7 biểu mẫu.')[0]).toContain('Phụ lục kèm theo');
  });
});
