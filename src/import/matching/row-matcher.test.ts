/**
 * The row matcher on its own: source rows (as the appendix reader gives them) against the shipped template versions
 * and small hand-made ones. Exact rows, codes printed twice, wording that drifts between years and decrees, uncoded
 * breakdown rows, missing and extra rows, the forms family where codes repeat across forms, and how sure each
 * match is. Properties: a template's own rows, with unrelated rows scattered among them or some rows left out,
 * map back to themselves and exactly the left-out rows are missing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Template, TemplateRow } from '../../core/catalogue/template.js';
import { foldForMatch } from '../../core/values/text.js';
import { makeTemplate } from '../../test-support/template-factory.js';
import { getTemplate, templateLibrary } from '../../templates/template-loader.js';
import type { AppendixRow, AppendixTable } from '../appendix/appendix-tables.js';
import { matchRows, UNSURE_BELOW, type MatchResult } from './row-matcher.js';

let line = 0;
const source = (code: string, label: string, unit = '', value = ''): AppendixRow => ({
  code,
  label,
  unit,
  value,
  extra: '',
  note: '',
  at: [{ kind: 'line', line: ++line }],
  markup: false,
});

const table = (rows: AppendixRow[], form: string | null = null): AppendixTable => ({ form, title: null, extraColumn: 'note', rows });

/** A template row as the template prints it: its printed code (empty for breakdown rows), label and unit. */
const printed = (row: TemplateRow): AppendixRow => source(row.code ?? '', row.label, row.unit);

const rowsOf = (template: Template, ...ids: string[]): TemplateRow[] =>
  ids.map((id) => {
    const row = template.rows.find((r) => r.id === id);
    if (!row) throw new Error(`${template.id} has no row ${id}`);
    return row;
  });

/** The template rows from `from` to `to` (ids, inclusive), in template order. */
function slice(template: Template, from: string, to: string): TemplateRow[] {
  const start = template.rows.findIndex((r) => r.id === from);
  const end = template.rows.findIndex((r) => r.id === to);
  expect(start, from).toBeGreaterThanOrEqual(0);
  expect(end, to).toBeGreaterThanOrEqual(start);
  return template.rows.slice(start, end + 1);
}

const formNumbers = (template: Template): (string | null)[] => template.forms.map((f) => f.number);

/** One table per form (one table for single-table templates), holding the given template rows as printed. */
function tablesOf(template: Template, rows: readonly TemplateRow[], print: (row: TemplateRow) => AppendixRow = printed): AppendixTable[] {
  return formNumbers(template).map((form) => table(rows.filter((r) => r.form === form).map(print), form));
}

const ids = (result: MatchResult) => result.rows.map((m) => m.row?.id ?? null);
const missingIds = (result: MatchResult) => result.missing.map((r) => r.id);
const confidenceOf = (result: MatchResult, id: string) => {
  const match = result.rows.find((m) => m.row?.id === id);
  expect(match, `a source row matched ${id}`).toBeDefined();
  return match!.confidence;
};

const sevenSection2022 = getTemplate('ninh-thuan-7s-2022');
const sevenSection2023 = getTemplate('ninh-thuan-7s-2023');
const forms = getTemplate('quang-tri-forms-2022');
const responsibleUnit = getTemplate('khanh-hoa-ru-2021');
const library = templateLibrary().templates;

describe('exact rows', () => {
  it.each(library.map((t) => [t.id, t] as const))(
    '%s: every row printed as the template prints it maps to itself, nothing missing',
    (_, template) => {
      const result = matchRows(template, tablesOf(template, template.rows));
      expect(ids(result)).toEqual(template.rows.map((r) => r.id));
      expect(missingIds(result)).toEqual([]);
      for (const m of result.rows) {
        // printed code and label both right, in order: as sure as can be; uncoded breakdown rows rest on label and order
        const codedAsItself = m.row!.code !== null && m.row!.logicalCode === m.row!.code.replace(/\.$/u, '');
        if (codedAsItself) expect(m.confidence, m.row!.id).toBe(1);
        else expect(m.confidence, m.row!.id).toBeGreaterThanOrEqual(0.9);
        expect(m.label).toBe(m.source.label);
        expect(m.remark).toBeNull();
      }
    },
  );

  it('reports the form of each row in the forms family and null in single-table templates', () => {
    const result = matchRows(forms, tablesOf(forms, forms.rows));
    expect(result.rows.map((m) => m.form)).toEqual(forms.rows.map((r) => r.form));
    const single = matchRows(sevenSection2022, tablesOf(sevenSection2022, sevenSection2022.rows));
    expect(single.rows.every((m) => m.form === null)).toBe(true);
  });
});

describe('codes printed twice (the children of 1.2 printed 1.1.1.–1.1.4. again, 7-section family)', () => {
  it('maps the second 1.1.1.–1.1.4. to 1.2.1–1.2.4 by order and label', () => {
    const rows = slice(sevenSection2022, '1', '1.2.4');
    // as printed in the samples: the template keeps the printed codes
    expect(rows.map((r) => r.code)).toEqual(['1.', '1.1.', '1.1.1.', '1.1.2.', '1.1.3.', '1.2.', '1.1.1.', '1.1.2.', '1.1.3.', '1.1.4.']);
    const result = matchRows(sevenSection2022, [table(rows.map(printed))]);
    expect(ids(result)).toEqual(['1', '1.1', '1.1.1', '1.1.2', '1.1.3', '1.2', '1.2.1', '1.2.2', '1.2.3', '1.2.4']);
    for (const id of ['1.2.1', '1.2.2', '1.2.3', '1.2.4']) expect(confidenceOf(result, id), id).toBeGreaterThanOrEqual(UNSURE_BELOW);
  });

  it('does not give a 1.1.x row to a child of 1.2 when the 1.1 children are not in the report: the label decides', () => {
    const rows = rowsOf(sevenSection2022, '1', '1.1', '1.2', '1.2.1', '1.2.2', '1.2.3', '1.2.4');
    const result = matchRows(sevenSection2022, [table(rows.map(printed))]);
    expect(ids(result)).toEqual(['1', '1.1', '1.2', '1.2.1', '1.2.2', '1.2.3', '1.2.4']);
    expect(missingIds(result).slice(0, 3)).toEqual(['1.1.1', '1.1.2', '1.1.3']);
  });

  it('keeps order when a repeated code comes with reworded labels', () => {
    const rows = slice(sevenSection2022, '1.1', '1.2.4').map((r) =>
      r.id === '1.2.1'
        ? source('1.1.1.', 'Số sở, ban, ngành đã được kiểm tra', r.unit)
        : r.id === '1.2.3'
          ? source('1.1.3.', 'Số vấn đề phát hiện qua công tác kiểm tra', r.unit)
          : printed(r),
    );
    const result = matchRows(sevenSection2022, [table(rows)]);
    expect(ids(result)).toEqual(['1.1', '1.1.1', '1.1.2', '1.1.3', '1.2', '1.2.1', '1.2.2', '1.2.3', '1.2.4']);
  });

  it('in a template made for it: a printed code that is another row’s logical code goes to the row printed that way', () => {
    const template = makeTemplate({
      forms: [
        {
          number: null,
          title: 'Phụ lục',
          rows: [
            { code: '1.', label: 'Công tác chỉ đạo' },
            { code: '1.1.', label: 'Kế hoạch' },
            { code: '1.1.1.', label: 'Số nhiệm vụ đề ra', unit: 'Nhiệm vụ' },
            { code: '1.2.', label: 'Kiểm tra' },
            { code: '1.1.1.', id: '1.2.1', label: 'Số cơ quan đã kiểm tra', unit: 'Cơ quan' },
          ],
        },
      ],
    });
    const result = matchRows(template, [
      table([source('1.', 'Công tác chỉ đạo'), source('1.2.', 'Kiểm tra'), source('1.1.1.', 'Số cơ quan đã kiểm tra', 'Cơ quan')]),
    ]);
    expect(ids(result)).toEqual(['1', '1.2', '1.2.1']);
    expect(missingIds(result)).toEqual(['1.1', '1.1.1']);
  });
});

describe('wording that drifts between years', () => {
  it('reads a 2023 appendix (Cổng DVC tỉnh, UBND tỉnh giao …) on the 2022 template, row for row, all sure', () => {
    const result = matchRows(sevenSection2022, tablesOf(sevenSection2023, sevenSection2023.rows));
    expect(ids(result)).toEqual(sevenSection2022.rows.map((r) => r.id));
    expect(missingIds(result)).toEqual([]);
    for (const m of result.rows) expect(m.confidence, m.row!.id).toBeGreaterThanOrEqual(UNSURE_BELOW);
    // the rows that changed wording are matched, but not as surely as the rows that did not
    for (const id of ['1.3', '3.2', '3.5', '3.5.1', '3.5.2']) expect(confidenceOf(result, id), id).toBeLessThan(1);
    expect(rowsOf(sevenSection2023, '3.5.1')[0]!.label).toBe('Số TTHC được tích hợp lên Cổng DVC tỉnh');
    expect(rowsOf(sevenSection2022, '3.5.1')[0]!.label).toBe('Số TTHC được tích hợp lên Cổng DVC');
  });

  it('reads a 2022 appendix (Cổng DVC) on the 2023 template (Cổng DVC tỉnh) the same way', () => {
    const result = matchRows(sevenSection2023, tablesOf(sevenSection2022, sevenSection2022.rows));
    expect(ids(result)).toEqual(sevenSection2023.rows.map((r) => r.id));
    for (const m of result.rows) expect(m.confidence, m.row!.id).toBeGreaterThanOrEqual(UNSURE_BELOW);
  });

  it('takes "đúng hẹn" for "đúng hạn" (3.4.1–3.4.5), with or without the printed codes', () => {
    const drifted = sevenSection2022.rows.filter((r) => r.label.includes('đúng hạn') && r.id.startsWith('3.4.'));
    expect(drifted.map((r) => r.id)).toEqual(['3.4.1', '3.4.2', '3.4.3', '3.4.4', '3.4.5']);
    for (const withCodes of [true, false]) {
      const print = (r: TemplateRow) =>
        r.id.startsWith('3.4.') ? source(withCodes ? r.code! : '', r.label.replace('đúng hạn', 'đúng hẹn'), r.unit) : printed(r);
      const result = matchRows(sevenSection2022, tablesOf(sevenSection2022, sevenSection2022.rows, print));
      expect(ids(result)).toEqual(sevenSection2022.rows.map((r) => r.id));
      for (const r of drifted) {
        expect(confidenceOf(result, r.id), `${r.id} ${withCodes ? 'coded' : 'uncoded'}`).toBeGreaterThanOrEqual(UNSURE_BELOW);
        expect(confidenceOf(result, r.id)).toBeLessThan(1);
      }
    }
  });

  describe('Nghị định 42/2022: "DVC trực tuyến một phần" / "toàn trình" for "trực tuyến mức độ 3" / "mức độ 4" (forms 7, 6.4–6.5.3)', () => {
    const nd42 = (label: string) =>
      label.replace('trực tuyến mức độ 3', 'DVC trực tuyến một phần').replace('trực tuyến mức độ 4', 'DVC trực tuyến toàn trình');
    const reworded = slice(forms, '7/6.4', '7/6.5.3');

    it('keeps every row, matched surely by code and order', () => {
      expect(reworded.every((r) => nd42(r.label) !== r.label)).toBe(true);
      const print = (r: TemplateRow) => (reworded.includes(r) ? source(r.code!, nd42(r.label), r.unit) : printed(r));
      const result = matchRows(forms, tablesOf(forms, forms.rows, print));
      expect(ids(result)).toEqual(forms.rows.map((r) => r.id));
      for (const r of reworded) expect(confidenceOf(result, r.id), r.id).toBeGreaterThanOrEqual(UNSURE_BELOW);
    });

    it('tells "một phần" (level 3) from "toàn trình" (level 4) by the printed code even when the blocks come in the other order', () => {
      const level4 = reworded.filter((r) => r.id.startsWith('7/6.5'));
      const level3 = reworded.filter((r) => r.id.startsWith('7/6.4'));
      const rows = [...level4, ...level3].map((r) => source(r.code!, nd42(r.label), r.unit));
      const result = matchRows(forms, [table(rows, '7')]);
      expect(ids(result)).toEqual([...level4, ...level3].map((r) => r.id));
      expect(result.rows.map((m) => m.label)).toEqual(rows.map((r) => r.label));
    });
  });
});

describe('uncoded breakdown rows', () => {
  it('maps "Trong đó" rows (7-section 3.1.3) to the parts of their parent, and a "… Trong đó:" label to the parent', () => {
    const rows = [
      source('3.1.3.', 'Tổng số TTHC đang có hiệu lực. Trong đó:', 'Thủ tục', '148'),
      source('Trong đó', 'Số TTHC cấp tỉnh:', 'Thủ tục', '114'),
      source('', 'Số TTHC cấp huyện:', 'Thủ tục', '21'),
      source('', 'Số TTHC cấp xã:', 'Thủ tục', '13'),
    ];
    const result = matchRows(sevenSection2022, [table(rows)]);
    expect(ids(result)).toEqual(['3.1.3', '3.1.3/cap-tinh', '3.1.3/cap-huyen', '3.1.3/cap-xa']);
    for (const m of result.rows) expect(m.confidence, m.row!.id).toBeGreaterThanOrEqual(UNSURE_BELOW);
  });

  it('maps "- …" rows under a coded parent (responsible-unit family), dropping the list marker from the label', () => {
    const rows = [
      source('1.3.1.', 'Số cơ quan, đơn vị đã kiểm tra'),
      source('', '- Số sở, ngành đã kiểm tra', 'Cơ quan, đơn vị', '07'),
      source('', '- Số UBND cấp huyện đã kiểm tra', 'Cơ quan, đơn vị', '05'),
      source('1.3.2.', 'Xử lý sau kiểm tra'),
      source('', '- Số vấn đề phát hiện qua kiểm tra', 'Vấn đề', '23'),
      source('', '- Số vấn đề phát hiện đã xử lý xong', 'Vấn đề', '19'),
    ];
    const result = matchRows(responsibleUnit, [table(rows)]);
    expect(ids(result)).toEqual(['1.3.1', '1.3.1/so-nganh', '1.3.1/ubnd-cap-huyen', '1.3.2', '1.3.2/van-de-phat-hien', '1.3.2/van-de-da-xu-ly']);
    expect(result.rows[1]!.label).toBe('Số sở, ngành đã kiểm tra');
    for (const m of result.rows) expect(m.confidence, m.row!.id).toBeGreaterThanOrEqual(UNSURE_BELOW);
  });

  it('gives the same breakdown label ("Cấp tỉnh", "Cấp huyện", "Cấp xã") to the parent it follows', () => {
    const rows = slice(responsibleUnit, '7.6.2', '7.6.4/cap-xa');
    const labels = rows.filter((r) => r.breakdown).map((r) => r.label);
    expect(labels.filter((l) => l === 'Cấp tỉnh').length).toBeGreaterThanOrEqual(2);
    const result = matchRows(responsibleUnit, [table(rows.map(printed))]);
    expect(ids(result)).toEqual(rows.map((r) => r.id));
  });

  it('splits an agency remark off the label ("Kế hoạch CCHC - 02/QĐ-BQLKDL …")', () => {
    const result = matchRows(responsibleUnit, [
      table([
        source('1.', 'Công tác chỉ đạo điều hành CCHC'),
        source('1.1.', 'Kế hoạch CCHC - 02/QĐ-BQLKDL ngày 28/01/2021 của Ban Quản lý', '', '01'),
      ]),
    ]);
    expect(result.rows[1]).toMatchObject({ row: { id: '1.1' }, label: 'Kế hoạch CCHC', remark: '02/QĐ-BQLKDL ngày 28/01/2021 của Ban Quản lý' });
    expect(result.rows[1]!.confidence).toBeGreaterThanOrEqual(UNSURE_BELOW);
  });
});

describe('missing and extra rows', () => {
  it('reports a row the report left out as missing, and only that row', () => {
    const kept = sevenSection2022.rows.filter((r) => r.id !== '2.3');
    const result = matchRows(sevenSection2022, tablesOf(sevenSection2022, kept));
    expect(missingIds(result)).toEqual(['2.3']);
    expect(ids(result)).toEqual(kept.map((r) => r.id));
    // the rows after the gap are as sure as before it
    expect(confidenceOf(result, '2.4')).toBeGreaterThanOrEqual(UNSURE_BELOW);
  });

  it('reports a whole left-out block (7.6.1 and its parts) as missing', () => {
    const block = new Set(['7.6.1', '7.6.1/so-nganh', '7.6.1/cap-huyen', '7.6.1/cap-xa']);
    const result = matchRows(
      sevenSection2022,
      tablesOf(
        sevenSection2022,
        sevenSection2022.rows.filter((r) => !block.has(r.id)),
      ),
    );
    expect(missingIds(result)).toEqual([...block]);
    // the next breakdown rows (7.6.2's) are not pulled back into the gap
    expect(confidenceOf(result, '7.6.2/dien-tu')).toBeGreaterThanOrEqual(UNSURE_BELOW);
  });

  it('keeps a row the template does not have, unmapped and unsure, and still matches every template row', () => {
    const extra = source('2.6.', 'Số sáng kiến cải tiến được công nhận', 'Sáng kiến', '4');
    const rows = sevenSection2022.rows.flatMap((r) => (r.id === '2.5' ? [printed(r), extra] : [printed(r)]));
    const result = matchRows(sevenSection2022, [table(rows)]);
    const unmapped = result.rows.filter((m) => m.row === null);
    expect(unmapped.map((m) => m.source)).toEqual([extra]);
    expect(unmapped[0]!.confidence).toBeLessThan(UNSURE_BELOW);
    expect(unmapped[0]!.label).toBe('Số sáng kiến cải tiến được công nhận');
    expect(result.rows.filter((m) => m.row !== null).map((m) => m.row!.id)).toEqual(sevenSection2022.rows.map((r) => r.id));
    expect(missingIds(result)).toEqual([]);
  });

  it('does not give a template row to an extra row that only shares its printed code', () => {
    // "2.3." printed before the real 2.3, on a label of no indicator of the template
    const rows = sevenSection2022.rows.flatMap((r) =>
      r.id === '2.3' ? [source('2.3.', 'Số buổi tập huấn nghiệp vụ cho cán bộ', 'Buổi', '3'), printed(r)] : [printed(r)],
    );
    const result = matchRows(sevenSection2022, [table(rows)]);
    const at = rows.findIndex((r) => r.label.startsWith('Số buổi tập huấn'));
    expect(result.rows[at]!.row).toBeNull();
    expect(result.rows[at + 1]!.row!.id).toBe('2.3');
    expect(missingIds(result)).toEqual([]);
  });

  it('keeps a right code with another indicator’s wording unmapped rather than matched to the wrong meaning', () => {
    // 1.1.2 is "Số nhiệm vụ đã hoàn thành"; this row talks about something else
    const rows = slice(sevenSection2022, '1', '1.1.3').map((r) =>
      r.id === '1.1.2' ? source('1.1.2.', 'Số cuộc họp giao ban cơ quan', 'Cuộc', '12') : printed(r),
    );
    const result = matchRows(sevenSection2022, [table(rows)]);
    expect(ids(result)).toEqual(['1', '1.1', '1.1.1', null, '1.1.3']);
    // the code alone would have scored it over 0.55: an unmapped row never claims more than 0.5
    expect(result.rows[3]!.confidence).toBe(0.5);
    expect(missingIds(result)).toContain('1.1.2');
  });
});

describe('a row printed twice (copied, or repeated over a page break)', () => {
  it('keeps the copy of a "Trong đó" part unmapped instead of pushing it, and every part after it, one row down', () => {
    // 7.6.1's parts differ by one word: the copy of "sở, ngành" once took "cấp huyện" (0.77), "cấp huyện" took "cấp xã" (0.83)
    const rows = slice(sevenSection2022, '7.6.1', '7.6.2').flatMap((r) => (r.id === '7.6.1/so-nganh' ? [printed(r), printed(r)] : [printed(r)]));
    const result = matchRows(sevenSection2022, [table(rows)]);
    expect(ids(result)).toEqual(['7.6.1', '7.6.1/so-nganh', null, '7.6.1/cap-huyen', '7.6.1/cap-xa', '7.6.2']);
    expect(result.rows[2]!.confidence).toBeLessThan(UNSURE_BELOW);
    for (const m of result.rows.filter((x) => x.row)) expect(m.confidence, m.row!.id).toBeGreaterThanOrEqual(UNSURE_BELOW);
  });

  it('keeps the copy of "Cấp tỉnh" unmapped rather than giving it the next "Cấp tỉnh" of another parent (responsible-unit family)', () => {
    const rows = slice(responsibleUnit, '7.6.2', '7.6.4/cap-xa').flatMap((r) =>
      r.id === '7.6.2/cap-tinh' ? [printed(r), printed(r)] : [printed(r)],
    );
    const result = matchRows(responsibleUnit, [table(rows)]);
    const expected = slice(responsibleUnit, '7.6.2', '7.6.4/cap-xa').flatMap((r) => (r.id === '7.6.2/cap-tinh' ? [r.id, null] : [r.id]));
    expect(ids(result)).toEqual(expected);
  });

  it('keeps a coded row printed twice once (the first), the copy unmapped, three times too', () => {
    const rows = sevenSection2022.rows.flatMap((r) => (r.id === '2.3' ? [printed(r), printed(r), printed(r)] : [printed(r)]));
    const result = matchRows(sevenSection2022, [table(rows)]);
    const at = sevenSection2022.rows.findIndex((r) => r.id === '2.3');
    expect(ids(result).slice(at, at + 4)).toEqual(['2.3', null, null, '2.4']);
    expect(missingIds(result)).toEqual([]);
  });

  it('never matches a template row twice: a row printed again further down stays unmapped', () => {
    const again = rowsOf(sevenSection2022, '2.3')[0]!;
    const rows = sevenSection2022.rows.flatMap((r) => (r.id === '2.5' ? [printed(r), printed(again)] : [printed(r)]));
    const result = matchRows(sevenSection2022, [table(rows)]);
    const at = sevenSection2022.rows.findIndex((r) => r.id === '2.5') + 1;
    expect(result.rows[at]!.row).toBeNull();
    expect(ids(result).filter((id) => id === '2.3')).toHaveLength(1);
    expect(result.rows.find((m) => m.row?.id === '2.3')!.source).toBe(rows[at - 3]);
  });

  it('in every template, any one row printed twice: the copy unmapped, every other row to itself (every row tried)', () => {
    for (const template of library) {
      for (const twice of template.rows) {
        const tables = formNumbers(template).map((form) => {
          const rows = template.rows.filter((r) => r.form === form);
          return table(
            rows.flatMap((r) => (r === twice ? [printed(r), printed(r)] : [printed(r)])),
            form,
          );
        });
        const expected = formNumbers(template).flatMap((form) =>
          template.rows.filter((r) => r.form === form).flatMap((r) => (r === twice ? [r.id, null] : [r.id])),
        );
        const result = matchRows(template, tables);
        expect(ids(result), `${template.id}: ${twice.id} twice`).toEqual(expected);
        expect(missingIds(result)).toEqual([]);
      }
    }
  });
});

describe('the forms family: codes repeat across forms', () => {
  it('matches "1." in form 3 to 3/1 and "1." in form 1 to 1/1, whatever order the forms come in', () => {
    const form1 = forms.rows.filter((r) => r.form === '1');
    const form3 = forms.rows.filter((r) => r.form === '3');
    expect(form1[0]!.code).toBe(form3[0]!.code);
    const result = matchRows(forms, [table(form3.map(printed), '3'), table(form1.map(printed), '1')]);
    expect(ids(result)).toEqual([...form3, ...form1].map((r) => r.id));
    expect(result.rows.map((m) => m.form)).toEqual([...form3.map(() => '3'), ...form1.map(() => '1')]);
    expect(missingIds(result)).toEqual(forms.rows.filter((r) => r.form !== '1' && r.form !== '3').map((r) => r.id));
  });

  it('never takes a row of another form: form 1’s first row printed in form 3 stays unmapped, 3/1 is not taken', () => {
    const [first] = forms.rows.filter((r) => r.form === '1');
    const result = matchRows(forms, [table([printed(first!)], '3')]);
    expect(result.rows[0]!.row).toBeNull();
    expect(result.rows[0]!.form).toBe('3');
    expect(missingIds(result)).toContain('1/1');
    expect(missingIds(result)).toContain('3/1');
  });

  it('takes the form of an untitled table from its position', () => {
    const result = matchRows(
      forms,
      formNumbers(forms).map((form) => table(forms.rows.filter((r) => r.form === form).map(printed), null)),
    );
    expect(ids(result)).toEqual(forms.rows.map((r) => r.id));
    expect(result.rows.map((m) => m.form)).toEqual(forms.rows.map((r) => r.form));
  });
});

describe('confidence', () => {
  it('is below UNSURE_BELOW for a label that fits its row only loosely, the row still matched', () => {
    const rows = slice(sevenSection2022, '1', '1.1.3').map((r) =>
      r.id === '1.1.2' ? source('1.1.2.', 'Số nhiệm vụ trong kế hoạch đã thực hiện xong', r.unit, '5') : printed(r),
    );
    const result = matchRows(sevenSection2022, [table(rows)]);
    expect(ids(result)).toEqual(['1', '1.1', '1.1.1', '1.1.2', '1.1.3']);
    const loose = result.rows[3]!;
    expect(loose.confidence).toBeLessThan(UNSURE_BELOW);
    expect(loose.confidence).toBeGreaterThan(0.5);
    // its neighbours are sure
    for (const i of [2, 4]) expect(result.rows[i]!.confidence).toBeGreaterThanOrEqual(UNSURE_BELOW);
  });

  it('is below UNSURE_BELOW for an uncoded row whose wording is only close', () => {
    const rows = slice(sevenSection2022, '1', '1.1.3').map((r) =>
      r.id === '1.1.2' ? source('', 'Số nhiệm vụ hoàn thành', r.unit, '5') : printed(r),
    );
    const result = matchRows(sevenSection2022, [table(rows)]);
    expect(result.rows[3]!.row?.id).toBe('1.1.2');
    expect(result.rows[3]!.confidence).toBeLessThan(UNSURE_BELOW);
  });

  it('leaves an uncoded row unmatched when its wording shares only part of a row’s (no code to back it)', () => {
    const rows = slice(sevenSection2022, '1', '1.1.3').map((r) =>
      r.id === '1.1.2' ? source('', 'Nhiệm vụ đã xong trong kỳ', r.unit, '5') : printed(r),
    );
    const result = matchRows(sevenSection2022, [table(rows)]);
    expect(ids(result)).toEqual(['1', '1.1', '1.1.1', null, '1.1.3']);
    expect(result.rows[3]!.confidence).toBeLessThanOrEqual(0.5);
    expect(missingIds(result)).toContain('1.1.2');
  });

  it('is 0–1 and never above 0.5 for an unmapped row', () => {
    const rows = [source('9.9.', 'Kinh phí mua sắm trang thiết bị'), source('', 'Chi hội nghị'), source('xyz', '')];
    const result = matchRows(sevenSection2022, [table(rows)]);
    for (const m of result.rows) {
      expect(m.row).toBeNull();
      expect(m.confidence).toBeGreaterThanOrEqual(0);
      expect(m.confidence).toBeLessThanOrEqual(0.5);
    }
  });
});

// -------------------------------------------------------------------------------------------------- properties

/** Words no template label uses (folded as the matcher folds them), for rows that fit no template row. */
const templateWords = new Set(library.flatMap((t) => t.rows.flatMap((r) => foldForMatch(r.label).split(' '))));
const strangerWords = [
  'xe',
  'ô tô',
  'bếp',
  'cây xanh',
  'máy phát điện',
  'quạt',
  'bóng đèn',
  'ghế',
  'bàn',
  'hồ bơi',
  'sân bóng',
  'vườn hoa',
  'khẩu trang',
  'nước uống',
  'giày',
  'mũ bảo hiểm',
  'điện thoại',
  'tủ lạnh',
  'bánh mì',
  'cà phê',
  'trà',
  'gạo',
  'muối',
  'xăng',
  'dầu nhớt',
  'lốp',
  'sơn',
  'gạch',
  'ngói',
  'cát',
].filter((w) =>
  foldForMatch(w)
    .split(' ')
    .every((part) => !templateWords.has(part)),
);

const strangerRow = fc
  .record({
    words: fc.array(fc.constantFrom(...strangerWords), { minLength: 1, maxLength: 5 }),
    code: fc.oneof(
      fc.constant(''),
      fc.constant('Trong đó'),
      fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })).map(([a, b]) => `${a}.${b}.`),
    ),
    value: fc.oneof(fc.constant('/'), fc.nat({ max: 999 }).map(String)),
  })
  .map(({ words, code, value }) => ({ code, label: `Số ${words.join(' ')}`, value }));

describe('properties', () => {
  it('has stranger words to build unrelated rows from', () => {
    expect(strangerWords.length).toBeGreaterThanOrEqual(10);
  });

  it('a template’s own rows, with unrelated rows scattered among them, map to themselves, surely; the others stay unmapped', () => {
    fc.assert(
      fc.property(fc.constantFrom(...library), fc.array(fc.tuple(fc.nat(), strangerRow), { maxLength: 12 }), (template, extras) => {
        // each table: its rows and the template row each should map to (null for an inserted row)
        const forms = formNumbers(template);
        const inserted = forms.map((form) => {
          const rows = template.rows.filter((r) => r.form === form);
          return { rows: rows.map(printed), ids: rows.map((r): string | null => r.id) };
        });
        for (const [at, extra] of extras) {
          const target = inserted[at % inserted.length]!;
          const position = at % (target.rows.length + 1);
          target.rows.splice(position, 0, source(extra.code, extra.label, 'Cái', extra.value));
          target.ids.splice(position, 0, null);
        }
        const result = matchRows(
          template,
          inserted.map((t, i) => table(t.rows, forms[i]!)),
        );
        expect(ids(result)).toEqual(inserted.flatMap((t) => t.ids));
        expect(missingIds(result)).toEqual([]);
        const matchedIds = ids(result).filter((id) => id !== null);
        expect(new Set(matchedIds).size).toBe(matchedIds.length);
        for (const m of result.rows) {
          if (m.row) expect(m.confidence, m.row.id).toBeGreaterThanOrEqual(UNSURE_BELOW);
          else expect(m.confidence).toBeLessThan(UNSURE_BELOW);
        }
      }),
      { numRuns: 120 },
    );
  });

  it('rows left out of a report are exactly the missing rows; the rest still map to themselves', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...library)
          .chain((template) =>
            fc.tuple(fc.constant(template), fc.uniqueArray(fc.integer({ min: 0, max: template.rows.length - 1 }), { minLength: 1, maxLength: 10 })),
          ),
        ([template, dropped]) => {
          const left = new Set(dropped.map((i) => template.rows[i]!.id));
          const kept = template.rows.filter((r) => !left.has(r.id));
          const result = matchRows(template, tablesOf(template, kept));
          expect(missingIds(result)).toEqual(template.rows.filter((r) => left.has(r.id)).map((r) => r.id));
          expect(ids(result)).toEqual(formNumbers(template).flatMap((form) => kept.filter((r) => r.form === form).map((r) => r.id)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('leaving out any single row of any template gives exactly that row missing (every row tried)', () => {
    for (const template of library) {
      for (const left of template.rows) {
        const kept = template.rows.filter((r) => r !== left);
        const result = matchRows(template, tablesOf(template, kept));
        expect(missingIds(result), `${template.id} without ${left.id}`).toEqual([left.id]);
        expect(ids(result), `${template.id} without ${left.id}`).toEqual(
          formNumbers(template).flatMap((form) => kept.filter((r) => r.form === form).map((r) => r.id)),
        );
      }
    }
  });
});
