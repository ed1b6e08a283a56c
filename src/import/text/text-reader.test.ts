import { describe, expect, it } from 'vitest';
import { readTextReport } from './text-reader.js';

describe('readTextReport', () => {
  it('reads tab-separated lines as table rows and the rest as paragraphs, a table running on across blank lines', () => {
    const doc = readTextReport(['BÁO CÁO', 'STT\tChỉ tiêu', '', '1.\tKế hoạch CCHC', 'Nơi nhận:'].join('\n'));
    expect(doc.blocks.map((b) => (b.type === 'paragraph' ? b.paragraph.text : b.rows.map((r) => r.cells)))).toEqual([
      'BÁO CÁO',
      [
        ['STT', 'Chỉ tiêu'],
        ['1.', 'Kế hoạch CCHC'],
      ],
      'Nơi nhận:',
    ]);
  });

  it('reads markdown pipe tables as tables, dropping their separator rows', () => {
    const doc = readTextReport(
      [
        'PHỤ LỤC',
        '| STT | Chỉ tiêu thống kê | Đơn vị tính | Số liệu |',
        '|---|:---|---|---:|',
        '| 1.1. | Kế hoạch CCHC \\| năm 2023 |  | 01 |',
        'Trang 2',
      ].join('\n'),
    );
    expect(doc.blocks.map((b) => (b.type === 'paragraph' ? b.paragraph.text : b.rows.map((r) => r.cells)))).toEqual([
      'PHỤ LỤC',
      [
        ['STT', 'Chỉ tiêu thống kê', 'Đơn vị tính', 'Số liệu'],
        ['1.1.', 'Kế hoạch CCHC | năm 2023', '', '01'],
      ],
      'Trang 2',
    ]);
    // a paragraph that merely holds a bar stays a paragraph
    expect(readTextReport('Chỉ tiêu | đạt').blocks[0]!.type).toBe('paragraph');
  });
});
