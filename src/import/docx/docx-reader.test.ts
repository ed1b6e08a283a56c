import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { templateLibrary } from '../../templates/template-loader.js';
import { ImportError, importDocument } from '../import-report.js';
import type { SourceDocument } from '../source-document.js';
import { readTextReport } from '../text/text-reader.js';
import { readDocxReport } from './docx-reader.js';
import { importError } from '../../test-support/expect-import-error.js';

// ---------------------------------------------------------------------------------------------------------------
// Building small DOCX files by hand: a document.xml string in a zip made with jszip

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

const esc = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');

/** A paragraph; tabs in the text become w:tab. */
function p(text: string): string {
  const runs = text
    .split('\t')
    .map((piece) => `<w:t xml:space="preserve">${esc(piece)}</w:t>`)
    .join('<w:tab/>');
  return `<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>${runs}</w:r></w:p>`;
}

interface CellSpec {
  text?: string;
  span?: number;
  vMerge?: 'restart' | 'continue';
}

function tc(cell: CellSpec | string): string {
  const spec = typeof cell === 'string' ? { text: cell } : cell;
  const props = [
    spec.span ? `<w:gridSpan w:val="${spec.span}"/>` : '',
    spec.vMerge === 'restart' ? '<w:vMerge w:val="restart"/>' : spec.vMerge ? '<w:vMerge/>' : '',
  ].join('');
  return `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ''}${p(spec.text ?? '')}</w:tc>`;
}

const tr = (cells: (CellSpec | string)[]) => `<w:tr>${cells.map(tc).join('')}</w:tr>`;
const tbl = (rows: string[]) =>
  `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>${'<w:gridCol/>'.repeat(5)}</w:tblGrid>${rows.join('')}</w:tbl>`;

/** The two header rows of an appendix table: "Kết quả thống kê" spans two columns, the others are merged down. */
const HEADER = [
  tr([
    { text: 'STT', vMerge: 'restart' },
    { text: 'Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)', vMerge: 'restart' },
    { text: 'Kết quả thống kê', span: 2 },
    { text: 'Ghi chú', vMerge: 'restart' },
  ]),
  tr([{ vMerge: 'continue' }, { vMerge: 'continue' }, 'Đơn vị tính', 'Số liệu', { vMerge: 'continue' }]),
];
const HEADER_TEXT = [
  'STT\tChỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)\tKết quả thống kê\t\tGhi chú',
  '\t\tĐơn vị tính\tSố liệu\t',
];

function documentXml(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="${W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>${body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`;
}

async function docx(body: string, options: { compression?: 'STORE' | 'DEFLATE'; rawDocument?: string } = {}): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  zip.file('word/document.xml', options.rawDocument ?? documentXml(body));
  return zip.generateAsync({ type: 'uint8array', compression: options.compression ?? 'DEFLATE' });
}

/** Overwrites a little-endian 32-bit field (for lying about an entry's size in a generated zip). */
function setUint32(bytes: Uint8Array, at: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(at, value, true);
}

/** Offsets of the zip signature `sig` ("PK\x01\x02": central directory headers, "PK\x03\x04": local headers). */
function signatures(bytes: Uint8Array, sig: number): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i += 1) if (view.getUint32(i, true) === sig) out.push(i);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

describe('readDocxReport: blocks', () => {
  it('reads paragraphs in order and a table whose columns line up across spans, merges and a page break', async () => {
    const body = [
      p('ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ'),
      '<w:p/>',
      // a tab, a line break, a deleted run, and a field instruction that is not text
      `<w:p><w:r><w:t>Số: 122/BC-SKHCN</w:t></w:r><w:r><w:tab/><w:t>Quảng Trị,</w:t><w:br/><w:t>ngày 15 tháng 9 năm 2023</w:t></w:r><w:del w:id="1" w:author="x"><w:r><w:delText>bỏ</w:delText></w:r></w:del><w:r><w:instrText> PAGE </w:instrText></w:r></w:p>`,
      // a paragraph in a content control, split into several runs
      `<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Biểu mẫu 1 </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>Công tác chỉ đạo điều hành CCHC</w:t></w:r></w:p></w:sdtContent></w:sdt>`,
      tbl([
        ...HEADER,
        tr(['2.1.', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', '37', '']),
        tr(['5.2.', 'Số nhiệm vụ đã hoàn thành đúng', 'Nhiệm vụ', '99', '']),
      ]),
      // the page break: an empty paragraph, then the rest of the table with its header repeated
      '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
      tbl([...HEADER, tr(['', 'hạn', '', '', '']), tr(['5.3.', 'Số nhiệm vụ đã hoàn thành nhưng quá hạn', 'Nhiệm vụ', '06', 'Cả năm'])]),
      p('Ghi chú: số liệu đến ngày 14/9/2023.'),
    ].join('');
    const doc = await readDocxReport(await docx(body), 'bao-cao.docx');
    expect(doc.format).toBe('docx');
    expect(doc.source).toBe('bao-cao.docx');
    const header: string[][] = [
      ['STT', 'Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)', 'Kết quả thống kê', '', 'Ghi chú'],
      ['', '', 'Đơn vị tính', 'Số liệu', ''],
    ];
    expect(doc.blocks.map((b) => (b.type === 'paragraph' ? b.paragraph.text : b.rows.map((r) => r.cells)))).toEqual([
      'ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ',
      'Số: 122/BC-SKHCN\tQuảng Trị, ngày 15 tháng 9 năm 2023',
      'Biểu mẫu 1 Công tác chỉ đạo điều hành CCHC',
      [
        ...header,
        ['2.1.', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', '37', ''],
        ['5.2.', 'Số nhiệm vụ đã hoàn thành đúng', 'Nhiệm vụ', '99', ''],
        ...header,
        ['', 'hạn', '', '', ''],
        ['5.3.', 'Số nhiệm vụ đã hoàn thành nhưng quá hạn', 'Nhiệm vụ', '06', 'Cả năm'],
      ],
      'Ghi chú: số liệu đến ngày 14/9/2023.',
    ]);
    const table = doc.blocks[3]!;
    expect(table.type === 'table' && table.rows.map((r) => r.at)).toEqual([
      { kind: 'cell', table: 0, row: 0 },
      { kind: 'cell', table: 0, row: 1 },
      { kind: 'cell', table: 0, row: 2 },
      { kind: 'cell', table: 0, row: 3 },
      { kind: 'cell', table: 1, row: 0 },
      { kind: 'cell', table: 1, row: 1 },
      { kind: 'cell', table: 1, row: 2 },
      { kind: 'cell', table: 1, row: 3 },
    ]);
    // paragraphs are numbered as Word counts them, empty ones included
    expect(doc.blocks[0]).toEqual({ type: 'paragraph', paragraph: { text: 'ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ', at: { kind: 'line', line: 1 } } });
    expect(doc.blocks[2]).toMatchObject({ paragraph: { at: { kind: 'line', line: 4 } } });
  });

  it('joins the paragraphs of a cell with spaces (keeping them apart in `lines`) and flattens a nested table into its cell', async () => {
    const nested = tbl([tr(['a', 'b']), tr(['c', { text: 'd', span: 2 }])]);
    const body = tbl([
      `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc('x')}<w:tc>${p('Dòng một')}<w:p/>${p('dòng hai')}</w:tc><w:tc>${p('trước')}${nested}${p('sau')}</w:tc></w:tr>`,
    ]);
    const doc = await readDocxReport(await docx(body), 'nested.docx');
    expect(doc.blocks).toEqual([
      {
        type: 'table',
        rows: [
          {
            cells: ['', 'x', 'Dòng một dòng hai', 'trước a b c d sau'],
            at: { kind: 'cell', table: 0, row: 0 },
            // a Word layout table ("UBND TỈNH …" over "SỞ …"; "KT. GIÁM ĐỐC" over the name) is read line by line
            lines: [[], ['x'], ['Dòng một', 'dòng hai'], ['trước', 'a b', 'c d', 'sau']],
          },
        ],
      },
    ]);
  });

  it('reads text boxes once (not their fallback copy) and ignores tab stop definitions', async () => {
    const body =
      `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Trước</w:t></w:r>` +
      `<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t> hộp</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t> hộp</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>`;
    const doc = await readDocxReport(await docx(body), 'box.docx');
    expect(doc.blocks).toEqual([{ type: 'paragraph', paragraph: { text: 'Trước hộp', at: { kind: 'line', line: 1 } } }]);
  });

  it('reads a document with no tables as paragraphs only; importing it finds no appendix', async () => {
    const doc = await readDocxReport(
      await docx([p('BÁO CÁO'), p('Kết quả thực hiện công tác cải cách hành chính quý III năm 2023')].join('')),
      'no-table.docx',
    );
    expect(doc.blocks.every((b) => b.type === 'paragraph')).toBe(true);
    expect(doc.blocks).toHaveLength(2);
    const error = (() => {
      try {
        importDocument(doc, templateLibrary().templates);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe('no-appendix');
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** A short quang-tri report (forms 1 and 3), written once as blocks and rendered as text and as DOCX. */
const REPORT: (string | string[][])[] = [
  'SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH QUẢNG TRỊ',
  'Số: 122/BC-SKHCN',
  'Quảng Trị, ngày 15 tháng 9 năm 2023',
  'BÁO CÁO',
  'Kết quả thực hiện công tác cải cách hành chính quý III năm 2023',
  'Phụ lục',
  'Biểu mẫu 1 Công tác chỉ đạo điều hành CCHC',
  [
    ['1.', 'Số văn bản chỉ đạo CCHC đã ban hành (Kết luận, chỉ thị, công văn chỉ đạo, quán triệt)', 'Văn bản', '14', ''],
    ['2.', 'Tỷ lệ hoàn thành Kế hoạch CCHC năm (Lũy kế đến thời điểm báo cáo)', '%', '83%', ''],
    ['2.1.', 'Số nhiệm vụ đề ra trong kế hoạch', 'Nhiệm vụ', '37', ''],
    ['2.2.', 'Số nhiệm vụ đã hoàn thành', 'Nhiệm vụ', '31', ''],
    ['5.', 'Thực hiện nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao', '', '', ''],
    ['5.1.', 'Tổng số nhiệm vụ được giao', 'Nhiệm vụ', '118', 'Cả năm'],
    ['5.2.', 'Số nhiệm vụ đã hoàn thành đúng', 'Nhiệm vụ', '99', ''],
    ['PAGE'],
    ['', 'hạn', '', '', ''],
    ['5.3.', 'Số nhiệm vụ đã hoàn thành nhưng quá hạn', 'Nhiệm vụ', '06', ''],
    ['5.4.', 'Số nhiệm vụ quá hạn nhưng chưa hoàn thành', 'Nhiệm vụ', '0', ''],
  ],
  'Biểu mẫu 3 Cải cách thủ tục hành chính',
  [
    ['1.', 'Thống kê TTHC', '', '', ''],
    ['1.2.', 'Số TTHC công bố mới', 'Thủ tục', '0', ''],
    ['1.4.', 'Tổng số TTHC thuộc thẩm quyền giải quyết tại địa phương', 'Thủ tục', '47', ''],
    ['1.4.1.', 'Số TTHC cấp tỉnh (Bao gồm cả TTHC của cơ quan ngành dọc)', 'Thủ tục', '47', ''],
    ['3.1.', 'Tỷ lệ hồ sơ TTHC do các sở, ngành tiếp nhận được giải quyết đúng hạn', '%', '100', ''],
    ['3.1.1.', 'Tổng số hồ sơ TTHC đã giải quyết xong', 'Hồ sơ', '6.786,875', ''],
    ['3.1.2.', 'Số hồ sơ TTHC giải quyết đúng hạn', 'Hồ sơ', '/', ''],
  ],
];

function reportAsText(): string {
  const lines: string[] = [];
  for (const block of REPORT) {
    if (typeof block === 'string') {
      lines.push(block, '');
      continue;
    }
    lines.push(...HEADER_TEXT);
    for (const row of block) {
      if (row[0] === 'PAGE') lines.push('', '', ...HEADER_TEXT);
      else lines.push(row.join('\t'));
    }
    lines.push('');
  }
  return lines.join('\n');
}

function reportAsDocxBody(): string {
  const out: string[] = [];
  for (const block of REPORT) {
    if (typeof block === 'string') {
      out.push(p(block));
      continue;
    }
    let rows = [...HEADER];
    for (const row of block) {
      if (row[0] === 'PAGE') {
        out.push(tbl(rows), '<w:p><w:r><w:br w:type="page"/></w:r></w:p>');
        rows = [...HEADER];
      } else {
        rows.push(tr(row));
      }
    }
    out.push(tbl(rows));
  }
  return out.join('');
}

function imported(doc: SourceDocument) {
  const report = importDocument(doc, templateLibrary().templates);
  return {
    template: report.template.id,
    agency: report.agency,
    period: report.period,
    document: report.document,
    rows: report.rows.map((r) => ({
      id: r.rowId,
      form: r.form,
      code: r.code,
      label: r.label,
      unit: r.unit,
      raw: r.raw,
      value: r.value,
      note: r.note,
      status: r.status,
      flags: r.flags,
    })),
    findings: report.findings.map((f) => f.rule),
  };
}

describe('readDocxReport: the pipeline reads a DOCX as it reads the same report as text', () => {
  it('gives the same template, metadata and row values', async () => {
    const fromText = imported(readTextReport(reportAsText(), 'report.txt'));
    const fromDocx = imported(await readDocxReport(await docx(reportAsDocxBody()), 'report.docx'));
    expect(fromText.template).toBe('quang-tri-forms-2022');
    expect(fromDocx).toEqual(fromText);
    const row52 = fromDocx.rows.find((r) => r.id === '1/5.2')!;
    expect(row52).toMatchObject({ label: 'Số nhiệm vụ đã hoàn thành đúng hạn', value: 99 });
    expect(row52.flags).toContain('page-split-joined');
    expect(fromDocx.rows.find((r) => r.id === '3/3.1.1')).toMatchObject({ raw: '6.786,875', value: 6786.875 });
    expect(fromDocx.rows.find((r) => r.id === '3/3.1.2')).toMatchObject({ raw: '/', value: null });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('readDocxReport: broken and hostile files', () => {
  it('refuses a zip bomb from its central directory, before inflating it', async () => {
    // 20 MB of zeros deflate to ~20 KB: a ratio of ~1000
    const zip = new JSZip();
    zip.file('word/document.xml', documentXml(p('x')));
    zip.file('word/media/zeros.bin', new Uint8Array(20 * 1024 * 1024));
    const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    const started = performance.now();
    const error = await importError(readDocxReport(bytes, 'bomb.docx'));
    expect(performance.now() - started).toBeLessThan(500);
    expect(error.code).toBe('unreadable');
    expect(error.message).toMatch(/compression ratio/u);
  });

  it('refuses an entry that declares 300 MB inflated', async () => {
    const bytes = await docx(p('nhỏ'));
    // claim in the central directory (size field at offset 24 of the entry's header) that word/document.xml inflates to 300 MB
    const name = new TextEncoder().encode('word/document.xml');
    for (const at of signatures(bytes, 0x02014b50)) {
      if (bytes.subarray(at + 46, at + 46 + name.length).every((b, i) => b === name[i])) setUint32(bytes, at + 24, 300 * 1024 * 1024);
    }
    const error = await importError(readDocxReport(bytes, 'claims-300mb.docx'));
    expect(['too-large', 'unreadable']).toContain(error.code);
    expect(error.code).toBe('too-large');
  });

  it('stops inflating an entry that inflates beyond what it declares', async () => {
    const big = documentXml(p('x'.repeat(200_000)));
    const bytes = await docx('', { rawDocument: big });
    const name = new TextEncoder().encode('word/document.xml');
    for (const at of signatures(bytes, 0x02014b50)) {
      if (bytes.subarray(at + 46, at + 46 + name.length).every((b, i) => b === name[i])) setUint32(bytes, at + 24, 1_000);
    }
    const error = await importError(readDocxReport(bytes, 'liar.docx'));
    expect(error.code).toBe('unreadable');
    expect(error.message).toMatch(/beyond its declared size/u);
  });

  it('applies the given limits: part size, total size, number of entries', async () => {
    const bytes = await docx(p('x'.repeat(300_000)), { compression: 'STORE' });
    expect((await importError(readDocxReport(bytes, 'big.docx', { maxPartBytes: 100_000 }))).code).toBe('too-large');
    expect((await importError(readDocxReport(bytes, 'big.docx', { maxTotalBytes: 100_000 }))).code).toBe('too-large');
    const many = new JSZip();
    many.file('word/document.xml', documentXml(p('x')));
    for (let i = 0; i < 2_001; i += 1) many.file(`word/media/${i}.txt`, '');
    const manyBytes = await many.generateAsync({ type: 'uint8array' });
    const error = await importError(readDocxReport(manyBytes, 'many.docx'));
    expect(error.code).toBe('too-large');
    expect(error.messageVi).toMatch(/quá nhiều/u);
  });

  it('refuses what is not a DOCX with the DOCX message', async () => {
    const notZip = await importError(readDocxReport(new TextEncoder().encode('Xin chào'), 'hello.docx'));
    expect(notZip).toMatchObject({ code: 'unreadable', messageVi: 'Tệp DOCX bị hỏng hoặc không đúng định dạng.' });
    const zip = new JSZip();
    zip.file('xl/workbook.xml', '<workbook/>');
    const noDocument = await importError(readDocxReport(await zip.generateAsync({ type: 'uint8array' }), 'book.docx'));
    expect(noDocument).toMatchObject({ code: 'unreadable', messageVi: 'Tệp DOCX bị hỏng hoặc không đúng định dạng.' });
  });

  it('refuses a truncated DOCX', async () => {
    const bytes = await docx(reportAsDocxBody());
    for (const length of [10, Math.floor(bytes.length / 2), bytes.length - 30]) {
      const error = await importError(readDocxReport(bytes.slice(0, length), 'truncated.docx'));
      expect(error.code).toBe('unreadable');
    }
  });

  it('refuses a document.xml that is not well-formed XML or not WordprocessingML', async () => {
    const broken = await docx('', { rawDocument: `<w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>x</w:r></w:p></w:body>` });
    expect((await importError(readDocxReport(broken, 'broken.docx'))).code).toBe('unreadable');
    const other = await docx('', { rawDocument: '<html><body><p>x</p></body></html>' });
    expect((await importError(readDocxReport(other, 'other.docx'))).code).toBe('unreadable');
  });

  it('refuses an empty document body as empty', async () => {
    const error = await importError(readDocxReport(await docx('<w:p/>'), 'empty.docx'));
    expect(error.code).toBe('empty');
  });

  it('never throws anything but an ImportError on random or corrupted bytes', async () => {
    const good = await docx(reportAsDocxBody());
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 40; i += 1) {
      const bytes = good.slice();
      for (let j = 0; j < 8; j += 1) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      try {
        await readDocxReport(bytes, 'corrupted.docx');
      } catch (error) {
        expect(error).toBeInstanceOf(ImportError);
      }
    }
    const noise = new Uint8Array(4096).map(() => Math.floor(random() * 256));
    expect(await importError(readDocxReport(noise, 'noise.docx'))).toBeInstanceOf(ImportError);
  });
});
