import { describe, expect, it } from 'vitest';
import { looksPositional, positionalPaste } from './positional-paste.js';

describe('a plain value(+note) paste', () => {
  it('is told apart from a block to place by meaning', () => {
    expect(looksPositional('8\n3\t\n125\tTổng hợp đến 14/12\n')).toBe(true);
    expect(looksPositional('12\n/\n1.204\n99,5%\n')).toBe(true);
    // codes, labels, more columns, two columns of numbers: by meaning
    expect(looksPositional('3.1.1.\t12\n3.1.2.\t5\n')).toBe(false);
    expect(looksPositional('1.1.1\t12\n')).toBe(false);
    expect(looksPositional('Số TTHC công bố mới\t12\n')).toBe(false);
    expect(looksPositional('3.1.1\tSố TTHC công bố mới\t12\n')).toBe(false);
    expect(looksPositional('3.1\t57\n3.2\t12\n')).toBe(false);
  });

  it('fills the rows in order from the row pasted into, the second cell the note', () => {
    expect(positionalPaste('8\n3\t\n125\tTổng hợp\n', ['a', 'b', 'c', 'd'])).toEqual([
      { rowId: 'a', raw: '8' },
      { rowId: 'b', raw: '3', note: '' },
      { rowId: 'c', raw: '125', note: 'Tổng hợp' },
    ]);
    expect(positionalPaste('1\n2\n3\n', ['a', 'b'])).toHaveLength(2);
  });
});
