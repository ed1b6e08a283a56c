/** Which rows a template's checks read, and which rows take a value: what the grid draws and a paste may fill. */
import { describe, expect, it } from 'vitest';
import { makeTemplate } from '../../test-support/template-factory.js';
import { rowsReadByChecks, rowTakesValue } from './template.js';

const template = makeTemplate({
  forms: [
    {
      number: null,
      rows: [
        { code: '1.', label: 'Thủ tục hành chính' },
        { code: '1.1.', label: 'Tổng số hồ sơ', unit: 'Hồ sơ' },
        { code: '1.2.', label: 'Hồ sơ đúng hạn', unit: 'Hồ sơ' },
        { code: '1.3.', label: 'Tỷ lệ đúng hạn', unit: '%' },
        { code: '2.', label: 'Tổ chức bộ máy', unit: 'Cơ quan' },
        { code: '2.1.', label: 'Số phòng chuyên môn', unit: 'Phòng' },
        { code: '3.', label: 'Cải cách tài chính công' },
        { code: '3.1.', label: 'Số đơn vị tự chủ', unit: 'Đơn vị' },
        { code: '3.2.', label: 'Số đơn vị tự chủ một phần', unit: 'Đơn vị' },
        { code: '4.', label: 'Chuyển đổi số', required: true },
        { code: '4.1.', label: 'Số dịch vụ công trực tuyến', unit: 'Dịch vụ' },
      ],
      checks: [
        { rule: 'ratio', percent: '1.3', numerator: '1.2', denominator: '1.1' },
        { rule: 'sum', whole: '3', parts: ['3.1', '3.2'] },
      ],
    },
  ],
});
const row = (code: string) => template.rows.find((r) => r.code === code)!;

describe('rowsReadByChecks', () => {
  it('collects every row a check names, whole and parts alike, and nothing else', () => {
    const read = rowsReadByChecks(template.checks);
    expect([...read].sort()).toEqual([row('1.1.').id, row('1.2.').id, row('1.3.').id, row('3.').id, row('3.1.').id, row('3.2.').id].sort());
    expect(read.has(row('1.').id)).toBe(false);
  });

  it('reads nothing from no checks', () => {
    expect(rowsReadByChecks([]).size).toBe(0);
  });
});

describe('rowTakesValue', () => {
  const read = rowsReadByChecks(template.checks);
  it('every row but a heading; a heading when it has a unit, is required or is read by a check', () => {
    expect(['1.', '2.', '3.', '4.'].map((code) => row(code).group)).toEqual([true, true, true, true]);
    expect(rowTakesValue(row('1.1.'), read)).toBe(true);
    expect(rowTakesValue(row('1.'), read)).toBe(false);
    expect(rowTakesValue(row('2.'), read)).toBe(true);
    expect(rowTakesValue(row('3.'), read)).toBe(true);
    expect(rowTakesValue(row('3.'), new Set())).toBe(false);
    expect(rowTakesValue(row('4.'), read)).toBe(true);
  });
});
