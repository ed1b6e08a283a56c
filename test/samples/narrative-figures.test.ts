/**
 * The narrative ↔ appendix check over every real sample (../shared/samples, skipped loudly when absent) and every
 * fixture (text and DOCX): exactly the expected narrative findings, and what the check relates in quang-tri.
 *
 * quang-tri_so-khcn_2023-q3 states "UBND tỉnh giao … 118 nhiệm vụ, đã hoàn thành 105 nhiệm vụ": its forms give
 * 1/5.1 = 118 and 1/5.2 + 1/5.3 = 99 + 6 = 105, so that sentence agrees with the appendix and gives no finding. Its
 * one disagreement is "DVC trực tuyến toàn trình 12 thủ tục" against 7/6.5.2 (TTHC provided at level 4 = toàn trình)
 * = 19 — the 19 the part ≤ whole check already finds above the 12 eligible.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareNarrative, narrativeText } from '../../src/core/checks/narrative-figures.js';
import { importDocument, toImportJson, type ImportedReport } from '../../src/import/import-report.js';
import { readReport } from '../../src/import/read-report.js';
import { readTextReport } from '../../src/import/text/text-reader.js';
import { templateLibrary } from '../../src/templates/template-loader.js';
import { readSample, SAMPLES_DIR, samplesPresent } from './shared-samples.js';

const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const library = templateLibrary();

const importText = (text: string, source: string) => importDocument(readTextReport(text, source), library.templates, library.indicators);
const narrativeRules = (report: ImportedReport) => report.findings.filter((f) => f.kind === 'narrative').map((f) => f.rule);
const comparisons = (report: ImportedReport) =>
  compareNarrative(
    report.template,
    new Map(report.rows.flatMap((r) => (r.rowId ? [[r.rowId, { value: r.value, status: r.status, note: r.note, decimals: null }] as const] : []))),
    narrativeText(report.sections),
    library.indicators,
  );

/** The narrative findings each report must give: by file name; every other report gives none. */
const EXPECTED: Record<string, string[]> = {
  'quang-tri_so-khcn_2023-q3.txt': ['narrative:7/6.5.2'],
};

describe.skipIf(!samplesPresent)('narrative ↔ appendix on the real samples', () => {
  const files = samplesPresent
    ? readdirSync(SAMPLES_DIR)
        .filter((f) => f.endsWith('.txt'))
        .sort()
    : [];

  it('reads all four samples', () => {
    expect(files).toHaveLength(4);
  });

  for (const file of files) {
    it(`${file}: exactly the expected narrative findings`, () => {
      expect(narrativeRules(importText(readSample(file), file))).toEqual(EXPECTED[file] ?? []);
    });
  }

  it('quang-tri: relates the 118 tasks and the 105 completed (99 + 6) to form 1, and they agree', () => {
    const report = importText(readSample('quang-tri_so-khcn_2023-q3.txt'), 'quang-tri_so-khcn_2023-q3.txt');
    const related = comparisons(report).map((c) => ({ rows: c.rows, stated: c.value, parts: c.parts, agrees: c.agrees }));
    expect(related).toEqual([
      { rows: ['1/2.1'], stated: 37, parts: [37], agrees: true }, // "31/37 nhiệm vụ đề ra trong năm đã hoàn thành": the 37
      { rows: ['1/2.2'], stated: 31, parts: [31], agrees: true }, // … and the 31
      { rows: ['1/5.1'], stated: 118, parts: [118], agrees: true },
      { rows: ['1/5.2', '1/5.3'], stated: 105, parts: [99, 6], agrees: true },
      { rows: ['7/6.5.2'], stated: 12, parts: [19], agrees: false }, // "DVC trực tuyến toàn trình 12 thủ tục"
      { rows: ['7/6.4.2'], stated: 35, parts: [35], agrees: true }, // "DVC trực tuyến một phần 35 thủ tục"
    ]);
    // the dossiers sentence speaks of 15/6/2022 – 14/9/2023, not the quarter: never compared
    expect(comparisons(report).some((c) => c.rows.some((r) => r.startsWith('7/6.7') || r.startsWith('3/3.1')))).toBe(false);
  });

  it('quang-tri: `cchc import --json` lists the warning among the findings, on its row, quoting the sentence', () => {
    const json = toImportJson(importText(readSample('quang-tri_so-khcn_2023-q3.txt'), 'quang-tri_so-khcn_2023-q3.txt'));
    const finding = json.findings.find((f) => f.rule === 'narrative:7/6.5.2');
    expect(finding).toBeDefined();
    expect(finding!.severity).toBe('warning');
    expect(finding!.rows.map((i) => `${json.rows[i]!.form}/${json.rows[i]!.code}`)).toEqual(['7/6.5.2']);
    expect(finding!.message).toContain('Phần thuyết minh nêu 12 thủ tục (toàn trình), phụ lục ghi Biểu 7, dòng 6.5.2: 19.');
    expect(finding!.message).toContain('DVC trực tuyến toàn trình 12 thủ tục');
  });

  it('quang-tri: had the narrative said 106 tasks completed, the warning names 99 + 6 = 105', () => {
    const text = readSample('quang-tri_so-khcn_2023-q3.txt').replace('đã hoàn thành 105 nhiệm vụ', 'đã hoàn thành 106 nhiệm vụ');
    const report = importText(text, 'quang-tri-changed.txt');
    expect(narrativeRules(report)).toEqual(['narrative:1/5.2', 'narrative:7/6.5.2']);
    expect(report.findings.find((f) => f.rule === 'narrative:1/5.2')!.message).toContain(
      'Phần thuyết minh nêu 106 nhiệm vụ (hoàn thành), phụ lục ghi Biểu 1, dòng 5.2 + Biểu 1, dòng 5.3: 99 + 6 = 105.',
    );
  });
});

describe('the catalogue phrasings are conservative', () => {
  const quangTri = library.templates.find((t) => t.id === 'quang-tri-forms-2022')!;
  const appendix = new Map([
    ['1/5.1', { value: 118, status: 'reported' as const, note: null, decimals: 0 }],
    ['1/5.2', { value: 99, status: 'reported' as const, note: null, decimals: 0 }],
    ['1/5.3', { value: 6, status: 'reported' as const, note: null, decimals: 0 }],
  ]);
  const compared = (text: string) => compareNarrative(quangTri, appendix, text, library.indicators).map((c) => [c.rows, c.value, c.agrees]);

  it('reads the quang-tri wording, and tells "giao" (assigned) from "Giao thông" and "giao ban"', () => {
    expect(compared('UBND tỉnh giao Sở 118 nhiệm vụ, đã hoàn thành 104 nhiệm vụ.')).toEqual([
      [['1/5.1'], 118, true],
      [['1/5.2', '1/5.3'], 104, false],
    ]);
    expect(compared('Sở Giao thông vận tải đã hoàn thành 20 nhiệm vụ.')).toEqual([]);
    expect(compared('Tại cuộc họp giao ban, Sở đã hoàn thành 20 nhiệm vụ.')).toEqual([]);
    // on time alone, and the plan's tasks, are other rows
    expect(compared('UBND tỉnh giao Sở 118 nhiệm vụ, đã hoàn thành đúng hạn 99 nhiệm vụ.')).toEqual([
      [['1/5.1'], 118, true],
      [['1/5.2'], 99, true],
    ]);
  });
});

describe('narrative ↔ appendix on the fixtures (no false finding)', () => {
  const texts = readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort();
  const docx = readdirSync(join(FIXTURES_DIR, 'docx'))
    .filter((f) => f.endsWith('.docx'))
    .sort();

  it('has the fourteen fixtures, as text and as DOCX', () => {
    expect(texts).toHaveLength(14);
    expect(docx).toHaveLength(14);
  });

  for (const file of texts) {
    it(`${file}: no narrative finding`, () => {
      const report = importText(readFileSync(join(FIXTURES_DIR, file), 'utf8'), file);
      expect(narrativeRules(report)).toEqual(EXPECTED[file] ?? []);
    });
  }

  for (const file of docx) {
    it(`docx/${file}: no narrative finding`, async () => {
      const doc = await readReport(new Uint8Array(readFileSync(join(FIXTURES_DIR, 'docx', file))), file);
      expect(narrativeRules(importDocument(doc, library.templates, library.indicators))).toEqual([]);
    });
  }

  it('relates figures in the fixtures too (the check is not silent for want of reading)', () => {
    const related = texts.flatMap((file) => comparisons(importText(readFileSync(join(FIXTURES_DIR, file), 'utf8'), file)));
    expect(related.length).toBeGreaterThanOrEqual(14);
    expect(related.filter((c) => !c.agrees)).toEqual([]);
    // percentages too ("tỷ lệ giải quyết đúng hạn đạt 99,84%")
    expect(related.some((c) => c.percent)).toBe(true);
  });
});
