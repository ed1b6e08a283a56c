/**
 * The four real sample reports, row by row: every appendix row is found, matched to its template row and read to
 * what the document says (hand transcriptions in *.expected.ts). Runs when ../shared/samples is there (CI has it).
 */
import { describe, expect, it } from 'vitest';
import { extractAppendix } from '../../src/import/appendix/appendix-tables.js';
import { importAppendix } from '../../src/import/appendix/import-appendix.js';
import { readTextReport } from '../../src/import/text/text-reader.js';
import { runChecks } from '../../src/core/checks/run-checks.js';
import { getTemplate, templateLibrary } from '../../src/templates/template-loader.js';
import { importDocument } from '../../src/import/import-report.js';
import { expectation as khanhHoa } from './khanh-hoa_bql-kdl-cam-ranh_2021-h1.expected.js';
import { expectation as ninhThuanKhcn } from './ninh-thuan_so-khcn_2022-h1.expected.js';
import { expectation as ninhThuanLdtbxh } from './ninh-thuan_so-ldtbxh_2023-year.expected.js';
import { expectation as quangTri } from './quang-tri_so-khcn_2023-q3.expected.js';
import type { SampleExpectation } from './sample-expectation.js';
import { readSample, samplesPresent } from './shared-samples.js';

export const expectations: SampleExpectation[] = [khanhHoa, ninhThuanKhcn, ninhThuanLdtbxh, quangTri];

export function importSample(expectation: SampleExpectation) {
  const doc = readTextReport(readSample(expectation.file), expectation.file);
  return importAppendix(getTemplate(expectation.template), extractAppendix(doc));
}

describe.skipIf(!samplesPresent)('sample reports, row by row', () => {
  for (const expectation of expectations) {
    describe(expectation.file, () => {
      const imported = importSample(expectation);

      it('finds every appendix row and no other', () => {
        expect(imported.rows).toHaveLength(expectation.rows.length);
        expect(imported.rows.filter((r) => r.rowId === null).map((r) => r.label)).toEqual([]);
      });

      it('matches every row to its template row with confidence', () => {
        expect(imported.rows.map((r) => r.rowId)).toEqual(expectation.rows.map((r) => r.id));
        const unsure = imported.rows.filter((r) => r.flags.includes('low-confidence-match')).map((r) => `${r.rowId} ${r.confidence}`);
        expect(unsure).toEqual([]);
      });

      for (const [i, expected] of expectation.rows.entries()) {
        it(`row ${expected.id} (${expected.code ?? '—'} ${expected.label.slice(0, 40)})`, () => {
          const row = imported.rows[i]!;
          expect({
            id: row.rowId,
            form: row.form,
            code: row.code,
            label: row.label,
            unit: row.unit,
            raw: row.raw,
            value: row.value,
            note: row.note,
            status: row.status,
          }).toEqual(expected);
        });
      }
    });
  }
});

describe.skipIf(!samplesPresent)('checks on the sample reports', () => {
  const findings = (e: SampleExpectation) => importSample(e).findings;

  it('finds the inconsistencies the domain names in quang-tri', () => {
    const byRule = new Map(findings(quangTri).map((f) => [f.rule, f]));
    // forms 7/6.7 states 35,08% but 5 of 24 is 20,83%
    expect(byRule.get('ratio:7/6.7')).toMatchObject({ severity: 'error', found: 35.08, expected: 20.83, rows: ['7/6.7', '7/6.7.2', '7/6.7.1'] });
    // forms 6/1 states 1,34% but 6.786,875 of 8.326 is 81,5%
    expect(byRule.get('ratio:6/1')).toMatchObject({ found: 1.34, expected: 81.51 });
    // forms 7/6.5 provides 19 procedures of 12 eligible
    expect(byRule.get('part-le-whole:7/6.5.1')).toMatchObject({ found: 19, rows: ['7/6.5.1', '7/6.5.2'] });
    expect(byRule.get('ratio:7/6.5')).toMatchObject({ found: 100 });
    expect([...byRule.keys()].sort()).toEqual(['part-le-whole:7/6.5.1', 'ratio:6/1', 'ratio:7/6.5', 'ratio:7/6.7']);
  });

  it('flags none of the consistent relations the domain names', () => {
    // forms 1/2: 83% with 31 of 37
    expect(findings(quangTri).filter((f) => f.rows.includes('1/2'))).toEqual([]);
    // 103 + 19 + 16 = 138 procedures in force
    expect(findings(ninhThuanLdtbxh)).toEqual([]);
    // 57 + 1 − 5 = 53, the previous total 57 written on group row 3.1
    expect(findings(ninhThuanKhcn)).toEqual([]);
    expect(findings(khanhHoa)).toEqual([]);
  });

  it('catches the same report with a broken balance', () => {
    const imported = importSample(ninhThuanKhcn);
    const values = new Map(imported.values);
    values.set('3.1.3', { ...values.get('3.1.3')!, value: 54 });
    values.set('3.1.3/cap-tinh', { ...values.get('3.1.3/cap-tinh')!, value: 54 });
    const rules = runChecks(imported.template, values).map((f) => f.rule);
    expect(rules).toEqual(['balance:3.1.3']);
  });
});

describe.skipIf(!samplesPresent)('recognising the sample reports whole', () => {
  const library = templateLibrary();
  for (const expectation of expectations) {
    it(`${expectation.file}: template, agency, period, document`, () => {
      const report = importDocument(readTextReport(readSample(expectation.file), expectation.file), library.templates);
      expect({
        template: report.template.id,
        agency: report.agency,
        period: report.period,
        document: { number: report.document.number, date: report.document.date, signer: report.document.signer },
      }).toEqual({ template: expectation.template, agency: expectation.agency, period: expectation.period, document: expectation.document });
      expect(report.rows.map((r) => r.rowId)).toEqual(expectation.rows.map((r) => r.id));
    });
  }

  it('splits the narrative into the outline’s sections', () => {
    const report = importDocument(readTextReport(readSample(ninhThuanKhcn.file)), library.templates);
    const top = report.sections.filter((s) => s.level === 1).map((s) => s.heading);
    expect(top).toEqual([
      'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH',
      'II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CCHC',
      'III. ĐÁNH GIÁ CHUNG',
      'IV. KIẾN NGHỊ, ĐỀ XUẤT:',
    ]);
    expect(report.sections.find((s) => s.heading.startsWith('IV.'))!.text).toBe('Không.');
    const tthc = report.sections.find((s) => s.heading === '2. Cải cách thủ tục hành chính (TTHC):')!;
    expect(tthc.level).toBe(2);
    expect(tthc.text).toContain('Công bố mới 01 TTHC');
    const ldtbxh = importDocument(readTextReport(readSample(ninhThuanLdtbxh.file)), library.templates);
    expect(ldtbxh.sections.map((s) => s.heading)).toContain('3. Về kiểm tra cải cách hành chính:');
    expect(ldtbxh.sections.filter((s) => s.level === 1).map((s) => s.heading.slice(0, 4))).toEqual(['I. C', 'II. ', 'III.', 'IV. ']);
  });
});
