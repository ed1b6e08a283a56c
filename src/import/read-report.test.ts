import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_BYTES, readReport } from './read-report.js';
import { readTextReport } from './text/text-reader.js';
import { importError } from '../test-support/expect-import-error.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

async function smallDocx(): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>BÁO CÁO</w:t></w:r></w:p>` +
      `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1.</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Số văn bản</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

async function smallXlsx(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Phụ lục').addRows([['BÁO CÁO'], ['1.', 'Số văn bản', 'Văn bản', 14]]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const TEXT = 'BÁO CÁO\nKết quả thực hiện công tác cải cách hành chính\n\n1.\tSố văn bản\tVăn bản\t14\t\n';

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    out[2 + i * 2 + (bigEndian ? 1 : 0)] = code & 0xff;
    out[2 + i * 2 + (bigEndian ? 0 : 1)] = code >> 8;
  }
  return out;
}

describe('readReport: choosing the reader by content', () => {
  it('reads a DOCX and an XLSX whatever their file name says', async () => {
    const docx = await readReport(await smallDocx(), 'bao-cao.txt');
    expect(docx.format).toBe('docx');
    expect(docx.source).toBe('bao-cao.txt');
    expect(docx.blocks).toHaveLength(2);
    const xlsx = await readReport(await smallXlsx(), 'phu-luc.docx');
    expect(xlsx.format).toBe('xlsx');
    expect(xlsx.blocks.map((b) => b.type)).toEqual(['paragraph', 'table']);
  });

  it('reads UTF-8 text, with or without a byte order mark, as the text reader does', async () => {
    const expected = { ...readTextReport(TEXT, 'bao-cao.md'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/u) };
    expect(await readReport(new TextEncoder().encode(TEXT), 'bao-cao.md')).toEqual(expected);
    expect(await readReport(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(TEXT)]), 'bao-cao.md')).toEqual(expected);
  });

  it("records the SHA-256 of the file's bytes", async () => {
    const bytes = new TextEncoder().encode(TEXT);
    expect((await readReport(bytes, 'bao-cao.md')).sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    // the same text with a byte order mark is another file
    const withBom = await readReport(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]), 'bao-cao.md');
    expect(withBom.sha256).not.toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('reads UTF-16 text with a byte order mark, little or big endian', async () => {
    const expected = { ...readTextReport(TEXT, 'bao-cao.txt'), sha256: expect.stringMatching(/^[0-9a-f]{64}$/u) };
    expect(await readReport(utf16(TEXT, false), 'bao-cao.txt')).toEqual(expected);
    expect(await readReport(utf16(TEXT, true), 'bao-cao.txt')).toEqual(expected);
  });

  it('refuses empty input and text with no content as empty', async () => {
    expect(await importError(readReport(new Uint8Array(0), 'x.txt'))).toMatchObject({ code: 'empty', messageVi: 'Tệp không có nội dung.' });
    expect((await importError(readReport(new TextEncoder().encode(' \n\t\n'), 'x.txt'))).code).toBe('empty');
  });

  it('refuses text larger than 64 MB as too large', async () => {
    const big = new Uint8Array(MAX_TEXT_BYTES + 1).fill(0x61);
    expect((await importError(readReport(big, 'big.txt'))).code).toBe('too-large');
  });

  it('refuses binary input, OLE files that are no Word/Excel file and other zips as unsupported', async () => {
    const unsupported = 'Định dạng tệp không được hỗ trợ (chỉ nhận .txt, .md, .docx, .xlsx, .pdf, .doc, .xls).';
    const cases: Uint8Array[] = [
      new Uint8Array([0x42, 0x00, 0x43]), // a NUL byte
      new Uint8Array([0x42, 0xc3, 0x28]), // invalid UTF-8
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
      new Uint8Array([0xff, 0xfe, 0x41]), // UTF-16 with an odd number of bytes
    ];
    for (const bytes of cases) expect(await importError(readReport(bytes, 'x.bin'))).toMatchObject({ code: 'unsupported', messageVi: unsupported });
    const odt = new JSZip();
    odt.file('content.xml', '<office:document-content/>');
    expect((await importError(readReport(await odt.generateAsync({ type: 'uint8array' }), 'x.odt'))).code).toBe('unsupported');
  });

  it('refuses a zip bomb and a truncated DOCX with an ImportError', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', `<w:document xmlns:w="${W}"><w:body/></w:document>`);
    zip.file('word/media/zeros.bin', new Uint8Array(20 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(['unreadable', 'too-large']).toContain((await importError(readReport(bomb, 'bomb.docx'))).code);
    const docx = await smallDocx();
    expect((await importError(readReport(docx.slice(0, docx.length - 25), 'cut.docx'))).code).toBe('unreadable');
  });

  it('never throws anything but an ImportError (unsupported or unreadable) on random bytes', async () => {
    let seed = 2024;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed;
    };
    for (let i = 0; i < 50; i += 1) {
      const bytes = new Uint8Array(64 + (next() % 2048)).map(() => next() % 256);
      if (i % 5 === 0) bytes.set([0x50, 0x4b, 0x03, 0x04]); // looks like a zip
      const error = await importError(readReport(bytes, `random-${i}`));
      expect(['unsupported', 'unreadable']).toContain(error.code);
    }
  });
});
