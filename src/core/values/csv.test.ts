import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, safeFileName, toCsv } from './csv.js';

/** A small RFC 4180 reader, to check that what we write reads back to the same fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field, 'the file ends with CRLF').toBe('');
  return rows;
}

describe('csv', () => {
  it('writes a BOM, a header and CRLF lines, quoting what must be quoted', () => {
    const text = toCsv(
      ['Đơn vị', 'Giá trị', 'Ghi chú'],
      [
        ['Ban Quản lý "Xanh", tỉnh Ninh Thuận', 83.33, null],
        ['Sở Y tế', null, 'Chưa báo cáo'],
        ['Dòng\nhai', 1234567.5, 'a;b'],
      ],
    );
    expect(text.startsWith('\uFEFFĐơn vị,Giá trị,Ghi chú\r\n')).toBe(true);
    expect(text).toContain('\r\n"Ban Quản lý ""Xanh"", tỉnh Ninh Thuận",83.33,\r\n');
    expect(text).toContain('\r\nSở Y tế,,Chưa báo cáo\r\n');
    expect(text).toContain('\r\n"Dòng\nhai",1234567.5,"a;b"\r\n');
  });

  it('writes numbers as plain decimals: no exponent, no grouping, -0 as 0, non-finite empty', () => {
    expect(csvField(1e21)).toBe('1000000000000000000000');
    expect(csvField(0.0000001)).toBe('0.0000001');
    expect(csvField(-0)).toBe('0');
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(Number.NaN)).toBe('');
  });

  it('keeps Excel from running text as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('Sở Nội vụ')).toBe('Sở Nội vụ');
  });

  it('reads back to the same fields and numbers, whatever the text', () => {
    const cell = fc.oneof(fc.string({ unit: 'grapheme' }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(null));
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
        (header, rows) => {
          const text = toCsv(header, rows);
          expect(text.startsWith('\uFEFF')).toBe(true);
          const parsed = parseCsv(text.slice(1));
          expect(parsed).toHaveLength(rows.length + 1);
          rows.forEach((row, r) =>
            row.forEach((c, i) => {
              const back = parsed[r + 1]![i]!;
              if (c === null) expect(back).toBe('');
              else if (typeof c === 'number') expect(Number(back)).toBe(Object.is(c, -0) ? 0 : c);
              else expect(back).toBe(/^[=+\-@\t\r]/u.test(c) ? `'${c}` : c);
            }),
          );
        },
      ),
    );
  });

  it('makes file names safe ASCII', () => {
    expect(safeFileName(['xep-hang', 'Sở Y tế', 'Quý III năm 2023'], 'csv')).toBe('xep-hang_so-y-te_quy-iii-nam-2023.csv');
    expect(safeFileName(['dossiers.on-time-rate.departments'], 'csv')).toBe('dossiers.on-time-rate.departments.csv');
    expect(safeFileName(['"../../etc/passwd"\r\n'], 'csv')).toBe('etc-passwd.csv');
    expect(safeFileName(['Đà Nẵng'], 'csv')).toBe('da-nang.csv');
    expect(safeFileName([], 'csv')).toBe('du-lieu.csv');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 4 }), (parts) => {
        expect(safeFileName(parts, 'csv')).toMatch(/^[a-z0-9][a-z0-9._-]{0,119}\.csv$/u);
      }),
    );
  });
});
