import { describe, expect, it } from 'vitest';
import {
  brokenWord,
  buildLines,
  findGrids,
  joinWrapped,
  layoutPage,
  splitAtRules,
  type LayoutLine,
  type Segment,
  type TextItem,
} from './pdf-layout.js';

const item = (text: string, x: number, y: number, width = text.length * 6, size = 12): TextItem => ({ text, x, y, width, size });
const line = (text: string, left: number, right: number, y = 100): LayoutLine => ({ text, left, right, y, size: 12 });
const h = (x1: number, x2: number, y: number): Segment => ({ x1, x2, y1: y, y2: y });
const v = (x: number, y1: number, y2: number): Segment => ({ x1: x, x2: x, y1, y2 });

/** A ruled grid: columns at `xs`, rows at `ys`. */
function grid(xs: number[], ys: number[]): Segment[] {
  return [...ys.map((y) => h(xs[0]!, xs[xs.length - 1]!, y)), ...xs.map((x) => v(x, ys[0]!, ys[ys.length - 1]!))];
}

describe('pdf layout', () => {
  it('finds a table from touching rules, and ignores a lone underline', () => {
    const grids = findGrids([...grid([50, 100, 300], [100, 120, 140]), h(50, 200, 500)]);
    expect(grids).toHaveLength(1);
    expect(grids[0]!.rowEdges).toEqual([100, 120, 140]);
    expect(grids[0]!.colEdges).toEqual([50, 100, 300]);
  });

  it('puts text in the cells its centre falls in, and keeps the rest as paragraphs in reading order', () => {
    const blocks = layoutPage({
      width: 595,
      height: 842,
      segments: grid([50, 100, 300], [100, 120, 140]),
      items: [
        item('BÁO CÁO', 60, 80),
        item('1.1.', 55, 115),
        item('Kế hoạch', 105, 115),
        item('2.', 55, 135),
        item('Văn bản', 105, 135),
        item('Nơi nhận:', 55, 180),
      ],
    });
    expect(blocks.map((b) => (b.type === 'paragraph' ? b.text : b.table.rows.map((r) => r.map((c) => c.join(' ')))))).toEqual([
      'BÁO CÁO',
      [
        ['1.1.', 'Kế hoạch'],
        ['2.', 'Văn bản'],
      ],
      'Nơi nhận:',
    ]);
  });

  it('cuts an item pdf.js joined across a ruled cell edge, but not one spanning a cell with no rule', () => {
    const rules = { colEdges: [100, 140, 180], verticals: [v(100, 0, 200), v(140, 0, 200), v(180, 0, 200)] };
    expect(splitAtRules(item('Vấn đề 05', 102, 50, 54), rules).map((p) => p.text)).toEqual(['Vấn đề', '05']);
    expect(
      splitAtRules(item('Kết quả thống kê', 102, 50, 70), { colEdges: [100, 140, 180], verticals: [v(100, 0, 200), v(180, 0, 200)] }),
    ).toHaveLength(1);
  });

  it('joins wrapped lines with a space, but not a word broken by a narrow cell, a hyphen or carried punctuation', () => {
    expect(joinWrapped('Nhiệm', line('Nhiệm', 10, 48), line('vụ', 10, 22), 50)).toBe('Nhiệm vụ');
    expect(joinWrapped('ban hành/tha', line('hành/tha', 10, 44), line('m mưu', 10, 40), 50)).toBe('ban hành/tham mưu');
    expect(joinWrapped('12/CT-', line('12/CT-', 10, 40), line('UBND', 10, 40), 50)).toBe('12/CT-UBND');
    expect(joinWrapped('3.4.1.1', line('3.4.1.1', 10, 40), line('.', 10, 13), 42)).toBe('3.4.1.1.');
    expect(joinWrapped('Sở Lao động -', line('Sở Lao động -', 10, 90), line('Thương binh', 10, 60), 100)).toBe('Sở Lao động - Thương binh');
    expect(brokenWord('14/9/2', '022')).toBe(true);
    expect(brokenWord('Quyết', 'định')).toBe(false);
    expect(brokenWord('Tron', 'g đó')).toBe(true);
  });

  it('marks a raised smaller run as a superscript of its line', () => {
    expect(buildLines([item('VBQPPL', 10, 100), item('1', 50, 96, 4, 7), item('đã ban hành', 56, 100)]).map((l) => l.text)).toEqual([
      'VBQPPL<sup>1</sup> đã ban hành',
    ]);
  });
});
