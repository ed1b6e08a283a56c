/**
 * The template editor's pure edits: a new version started from a stored one, its rows renamed, added, moved and
 * removed (with the checks and children that used a removed row), kinds, code lists, parents, canonical indicators,
 * checks and dates; the draft sent to the server, and the server's problems placed back on rows, checks and fields.
 * Drafts are built with the core's builder and rules, the same ones the server runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTemplateVersion, type VersionContext } from '@core/catalogue/template-rules.js';
import { buildTemplate } from '@core/catalogue/template-source.js';
import type { IndicatorDefinition, Template, TemplateFamily } from '@core/catalogue/template.js';
import type { TemplateCheckDraft, TemplateDraft, TemplateRowDraft, TemplateSourceDto } from '@shared/template-schemas.js';
import {
  changeRule,
  checkWithout,
  insertRow,
  isoToVi,
  localIdOf,
  moveRow,
  newCheck,
  placeProblems,
  removeRow,
  startFrom,
  suggestId,
  toDraft,
  updateRow,
  viToIso,
  type EditorState,
} from './draft-editing.js';

const INDICATORS: IndicatorDefinition[] = [
  { id: 'procedures.new', name: 'Số TTHC công bố mới', kind: 'count', measure: 'flow', area: 'procedures' },
  { id: 'procedures.in-force', name: 'Tổng số TTHC đang có hiệu lực', kind: 'count', measure: 'stock', area: 'procedures' },
  { id: 'procedures.in-force-province', name: 'Số TTHC cấp tỉnh đang có hiệu lực', kind: 'count', measure: 'stock', area: 'procedures' },
  { id: 'procedures.in-force-district', name: 'Số TTHC cấp huyện đang có hiệu lực', kind: 'count', measure: 'stock', area: 'procedures' },
  { id: 'procedures.in-force-commune', name: 'Số TTHC cấp xã đang có hiệu lực', kind: 'count', measure: 'stock', area: 'procedures' },
  { id: 'dossiers.on-time-rate', name: 'Tỷ lệ hồ sơ giải quyết đúng hạn', kind: 'percent', measure: 'flow', area: 'procedures' },
  { id: 'egov.video-conferencing', name: 'Hệ thống họp trực tuyến', kind: 'coded', measure: 'stock', area: 'egov' },
  { id: 'egov.online-services', name: 'Số dịch vụ công trực tuyến toàn trình', kind: 'count', measure: 'stock', area: 'egov' },
];

const COLUMNS = ['STT', 'Chỉ tiêu thống kê', 'Đơn vị tính', 'Số liệu', 'Ghi chú'];

/** A small version in the shape of ninh-thuan-7s-2023: coded rows, "Trong đó" rows by id, a district row, checks. */
const SOURCE: TemplateSourceDto = {
  id: 'tinh-thu-2023',
  family: 'seven-section',
  name: 'Phụ lục thử 2023',
  effectiveFrom: '2023-01-01',
  effectiveTo: null,
  province: 'Ninh Thuận',
  columns: COLUMNS,
  forms: [
    {
      number: null,
      title: 'Phụ lục thống kê số liệu',
      rows: [
        { code: '3.', label: 'Cải cách thủ tục hành chính' }, //                                         0
        { code: '3.1.', label: 'Thống kê TTHC', unit: 'Thủ tục' }, //                                       1
        { code: '3.1.1.', label: 'Số TTHC công bố mới', unit: 'Thủ tục', indicator: 'procedures.new' }, // 2
        { code: '3.1.2.', label: 'Số TTHC bãi bỏ, thay thế', unit: 'Thủ tục' }, //                         3
        { code: '3.1.3.', label: 'Tổng số TTHC đang có hiệu lực', unit: 'Thủ tục', indicator: 'procedures.in-force' }, // 4
        { id: '3.1.3/cap-tinh', label: 'Số TTHC cấp tỉnh:', unit: 'Thủ tục', indicator: 'procedures.in-force-province' }, // 5
        { id: '3.1.3/cap-huyen', label: 'Số TTHC cấp huyện:', unit: 'Thủ tục', indicator: 'procedures.in-force-district' }, // 6
        { id: '3.1.3/cap-xa', label: 'Số TTHC cấp xã:', unit: 'Thủ tục', indicator: 'procedures.in-force-commune' }, // 7
        { code: '3.2.', label: 'Tỷ lệ hồ sơ giải quyết đúng hạn', unit: '%', indicator: 'dossiers.on-time-rate' }, // 8
        { code: '3.2.1.', label: 'Số hồ sơ giải quyết đúng hạn', unit: 'Hồ sơ' }, //                       9
        { code: '3.2.2.', label: 'Số hồ sơ đã giải quyết', unit: 'Hồ sơ' }, //                             10
        { code: '7.', label: 'Chính phủ điện tử, chính phủ số' }, //                                       11
        { code: '7.1.', label: 'Hệ thống họp trực tuyến', unit: 'Chưa có = 0 2 cấp = 1 3 cấp = 2', indicator: 'egov.video-conferencing' }, // 12
        { code: '7.1.1.', label: 'Số điểm cầu cấp xã', unit: 'Điểm cầu' }, //                               13
        { code: '7.2.', label: 'Số điểm cầu dùng chung', unit: 'Điểm cầu', parent: '7.1' }, //            14
      ],
      checks: [
        { rule: 'sum', whole: '3.1.3', parts: ['3.1.3/cap-tinh', '3.1.3/cap-huyen', '3.1.3/cap-xa'] },
        { rule: 'balance', current: '3.1.3', added: '3.1.1', removed: '3.1.2', previousInReport: '3.1' },
        { rule: 'ratio', percent: '3.2', numerator: '3.2.1', denominator: '3.2.2' },
        { rule: 'part-le-whole', whole: '3.2.2', parts: ['3.2.1'], severity: 'warning' },
        { rule: 'required', rows: ['3.1.3', '7.1'] },
      ],
    },
  ],
  checks: [],
};

/** Two numbered forms and a check across them ("2/1" written with its form). */
const FORMS: TemplateSourceDto = {
  id: 'bieu-thu-2022',
  family: 'forms',
  name: 'Biểu mẫu thử 2022',
  effectiveFrom: '2022-01-01',
  effectiveTo: null,
  province: null,
  columns: COLUMNS,
  forms: [
    { number: '1', title: 'Thủ tục hành chính', rows: [{ code: '1.', label: 'Số TTHC', unit: 'Thủ tục' }, { code: '2.', label: 'Số TTHC mới', unit: 'Thủ tục' }], checks: [{ rule: 'part-le-whole', whole: '1', parts: ['2'] }] },
    { number: '2', title: 'Dịch vụ công', rows: [{ code: '1.', label: 'Số dịch vụ công', unit: 'Dịch vụ' }, { code: '2.', label: 'Số dịch vụ toàn trình', unit: 'Dịch vụ' }], checks: [] },
  ],
  checks: [{ rule: 'part-le-whole', id: 'dvc-le-tthc', whole: '1/1', parts: ['2/1', '2/2'] }],
};

const withoutBasedOn = ({ basedOn: _basedOn, ...source }: TemplateDraft) => source;

function build(state: EditorState): ReturnType<typeof buildTemplate> {
  return buildTemplate(withoutBasedOn(toDraft(state)), INDICATORS);
}

function built(state: EditorState): Template {
  const result = build(state);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.at}: ${p.message}`).join('\n'));
  return result.template;
}

function context(source: TemplateSourceDto = SOURCE): VersionContext {
  return {
    basedOn: source.id,
    source: { id: source.id, family: source.family as TemplateFamily, effectiveFrom: source.effectiveFrom, name: source.name },
    stored: [{ id: source.id, family: source.family, name: source.name, effectiveFrom: source.effectiveFrom, province: source.province ?? null }],
    indicators: INDICATORS,
  };
}

/** A new version of SOURCE with an id, a name and a start date, as an admin would type them. */
function derived(effectiveFrom = '2024-01-01', source: TemplateSourceDto = SOURCE): EditorState {
  return { ...startFrom(source, source.id), id: `${source.id}-moi`, name: `${source.name} — bản mới`, effectiveFrom };
}

const rowIds = (state: EditorState, form = 0) => state.forms[form]!.rows.map((r) => localIdOf(r.row));
const rowIndexOf = (state: EditorState, id: string, form = 0) => state.forms[form]!.rows.findIndex((r) => localIdOf(r.row) === id);

function refsOf(check: TemplateCheckDraft): string[] {
  return [check.whole, ...(check.parts ?? []), check.percent, check.numerator, check.denominator, check.current, check.added, check.removed, check.previousInReport, ...(check.rows ?? [])].filter(
    (r): r is string => r !== undefined,
  );
}

describe('starting a new version from a stored one', () => {
  it('copies the rows and checks under new keys, with a suggested id and name and no dates', () => {
    const state = startFrom(SOURCE, SOURCE.id);
    expect(state).toMatchObject({ basedOn: 'tinh-thu-2023', id: 'tinh-thu-2023-moi', name: 'Phụ lục thử 2023 (phiên bản mới)', effectiveFrom: '', effectiveTo: null, family: 'seven-section', province: 'Ninh Thuận' });
    expect(suggestId('ninh-thuan-7s-2023')).toBe('ninh-thuan-7s-2023-moi');
    expect(state.forms).toHaveLength(1);
    expect(state.forms[0]!.number).toBeNull();
    expect(state.forms[0]!.rows.map((r) => r.row)).toEqual(SOURCE.forms[0]!.rows);
    expect(state.forms[0]!.checks.map((c) => c.check)).toEqual(SOURCE.forms[0]!.checks);
    const keys = [...state.forms.map((f) => f.key), ...state.forms[0]!.rows.map((r) => r.key), ...state.forms[0]!.checks.map((c) => c.key)];
    expect(new Set(keys).size).toBe(keys.length);
    // a second start gets keys of its own
    const again = startFrom(SOURCE, SOURCE.id);
    expect(again.forms[0]!.rows.some((r) => keys.includes(r.key))).toBe(false);
  });

  it('never changes the stored version it starts from', () => {
    const before = structuredClone(SOURCE);
    let state = startFrom(SOURCE, SOURCE.id);
    state = updateRow(state, 0, 2, { label: 'Đổi tên', unit: 'Chưa = 0 Có = 1', kind: 'coded', parent: '3', indicator: '' });
    state = removeRow(state, 0, 4).state;
    state = moveRow(state, 0, 0, 1);
    state = insertRow(state, 0, 3).state;
    // the edits are in the editor's state, none in the stored version
    expect(state.forms[0]!.rows.map((r) => r.row.label)).toContain('Đổi tên');
    expect(SOURCE).toEqual(before);
  });

  it('numbers the forms of a version with several forms, and keeps its checks across forms', () => {
    const state = startFrom(FORMS, FORMS.id);
    expect(state.forms.map((f) => f.number)).toEqual(['1', '2']);
    expect(state.checks.map((c) => c.check)).toEqual(FORMS.checks);
    // a form without a number in a multi-form version takes its position
    const unnumbered = startFrom({ ...FORMS, forms: [FORMS.forms[0]!, { ...FORMS.forms[1]!, number: null }] }, FORMS.id);
    expect(unnumbered.forms.map((f) => f.number)).toEqual(['1', '2']);
  });

  it('sends, unchanged, a draft that builds to the same rows and checks as the version it came from', () => {
    const source = buildTemplate({ ...SOURCE }, INDICATORS);
    expect(source.ok).toBe(true);
    const next = built(derived());
    const strip = (t: Template) => ({ rows: t.rows, checks: t.checks, forms: t.forms, columns: t.columns });
    expect(strip(next)).toEqual(strip((source as { template: Template }).template));
    expect(checkTemplateVersion(withoutBasedOn(toDraft(derived())), context())).toMatchObject({ ok: true });
    const forms = built(derived('2023-01-01', FORMS));
    expect(forms.checks.map((c) => c.id)).toEqual(['part-le-whole:1/1', 'dvc-le-tthc']);
  });
});

describe('the draft sent to the server', () => {
  it('leaves out empty optional cells and trims what was typed', () => {
    let state = derived();
    state = { ...state, id: '  tinh-thu-2025  ', name: ' Bản 2025 ', province: '  ' };
    state = updateRow(state, 0, 2, { kind: '', parent: '  ', indicator: '', measure: '', id: ' 3.1.1 ', code: '   ', responsible: ' Văn phòng ' });
    const draft = toDraft(state);
    expect(draft).toMatchObject({ basedOn: 'tinh-thu-2023', id: 'tinh-thu-2025', name: 'Bản 2025', province: null });
    expect(draft.forms[0]!.rows[2]).toEqual({ label: 'Số TTHC công bố mới', unit: 'Thủ tục', id: '3.1.1', responsible: 'Văn phòng' });
    // a row without a unit cell is sent with an empty one
    expect(draft.forms[0]!.rows[0]).toEqual({ code: '3.', label: 'Cải cách thủ tục hành chính', unit: '' });
    // a check's lists are trimmed and emptied of blanks; its blank fields are left out
    state = { ...state, forms: [{ ...state.forms[0]!, checks: [{ key: 'k', check: { rule: 'sum', whole: ' 3.1.3 ', parts: [' 3.1.1', '', '3.1.2 '], severity: '', id: '' } }] }] };
    expect(toDraft(state).forms[0]!.checks).toEqual([{ rule: 'sum', whole: '3.1.3', parts: ['3.1.1', '3.1.2'] }]);
  });

  it('keeps the flags of a row (group, required) and its province figure', () => {
    const state = updateRow(derived(), 0, 4, { group: true, required: true, provinceFigureBy: 'sum' });
    expect(toDraft(state).forms[0]!.rows[4]).toMatchObject({ group: true, required: true, provinceFigureBy: 'sum' });
  });
});

describe('editing rows', () => {
  it('renames a row without touching its id, checks or the other rows', () => {
    const before = derived();
    const state = updateRow(before, 0, 6, { label: 'Số TTHC cấp xã (sau sáp nhập):' });
    expect(state.forms[0]!.rows[6]!.row).toEqual({ ...before.forms[0]!.rows[6]!.row, label: 'Số TTHC cấp xã (sau sáp nhập):' });
    expect(state.forms[0]!.rows[6]!.key).toBe(before.forms[0]!.rows[6]!.key);
    state.forms[0]!.rows.forEach((r, i) => i !== 6 && expect(r).toBe(before.forms[0]!.rows[i]));
    expect(state.forms[0]!.checks).toBe(before.forms[0]!.checks);
    expect(built(state).rows.find((r) => r.id === '3.1.3/cap-huyen')!.label).toBe('Số TTHC cấp xã (sau sáp nhập):');
  });

  it('ignores an edit of a row or form that is not there', () => {
    const state = derived();
    expect(updateRow(state, 0, 99, { label: 'x' }).forms).toEqual(state.forms);
    expect(updateRow(state, 5, 0, { label: 'x' }).forms).toEqual(state.forms);
  });

  it('adds a blank row where asked (the top, the middle, the end) and returns its key', () => {
    const state = derived();
    const top = insertRow(state, 0, -1);
    expect(top.state.forms[0]!.rows[0]).toEqual({ key: top.key, row: { label: '', unit: '' } });
    const middle = insertRow(state, 0, 4);
    expect(middle.state.forms[0]!.rows[5]!.key).toBe(middle.key);
    expect(middle.state.forms[0]!.rows).toHaveLength(16);
    const end = insertRow(state, 0, 14);
    expect(end.state.forms[0]!.rows.at(-1)!.key).toBe(end.key);
    expect(new Set([top.key, middle.key, end.key]).size).toBe(3);
    // blank, it is a problem placed on it (and only on it) until it has a label
    const result = checkTemplateVersion(withoutBasedOn(toDraft(middle.state)), context());
    expect(result.ok).toBe(false);
    const placed = placeProblems(middle.state, result.problems);
    expect([...placed.rows.keys()]).toEqual([middle.key]);
    expect(placed.checks.size + placed.fields.size + placed.other.length).toBe(0);
    // with a label but neither code nor id: the builder asks for an id, on that row
    const labelled = updateRow(middle.state, 0, 5, { label: 'Số TTHC liên thông' });
    const noId = checkTemplateVersion(withoutBasedOn(toDraft(labelled)), context());
    expect(placeProblems(labelled, noId.problems).rows.get(middle.key)).toEqual(['Dòng không có mã (STT) cần "id", ví dụ "3.1.3/cap-tinh" (Số TTHC liên thông)']);
  });

  it('fills a new row in: code, label, unit, kind, parent, indicator — and it builds as typed', () => {
    const { state: inserted, key } = insertRow(derived(), 0, 14);
    const at = inserted.forms[0]!.rows.findIndex((r) => r.key === key);
    const state = updateRow(inserted, 0, at, { code: '7.3.', label: 'Số dịch vụ công trực tuyến toàn trình', unit: 'Dịch vụ', kind: 'count', parent: '7', indicator: 'egov.online-services', measure: 'stock' });
    const row = built(state).rows.find((r) => r.id === '7.3')!;
    expect(row).toMatchObject({ label: 'Số dịch vụ công trực tuyến toàn trình', unit: 'Dịch vụ', kind: { type: 'count' }, parent: '7', indicator: 'egov.online-services', measure: 'stock', order: 15 });
  });

  it('sets kinds: from the unit cell by default, or as chosen', () => {
    let state = derived();
    expect(built(state).rows.find((r) => r.id === '3.2')!.kind).toEqual({ type: 'percent' });
    state = updateRow(state, 0, 9, { kind: 'decimal' });
    expect(built(state).rows.find((r) => r.id === '3.2.1')!.kind).toEqual({ type: 'decimal' });
    state = updateRow(state, 0, 9, { kind: 'money', unit: 'Triệu đồng' });
    expect(built(state).rows.find((r) => r.id === '3.2.1')!.kind).toEqual({ type: 'money', unit: 'million-dong' });
    state = updateRow(state, 0, 9, { kind: 'text', unit: '' });
    expect(built(state).rows.find((r) => r.id === '3.2.1')!.kind).toEqual({ type: 'text' });
    // back to "by the unit cell"
    state = updateRow(state, 0, 9, { kind: '', unit: 'Hồ sơ' });
    expect(toDraft(state).forms[0]!.rows[9]).not.toHaveProperty('kind');
    expect(built(state).rows.find((r) => r.id === '3.2.1')!.kind).toEqual({ type: 'count' });
    // money needs a money unit: the problem lands on the row
    const bad = updateRow(state, 0, 9, { kind: 'money', unit: 'Hồ sơ' });
    const result = checkTemplateVersion(withoutBasedOn(toDraft(bad)), context());
    expect(placeProblems(bad, result.problems).rows.get(bad.forms[0]!.rows[9]!.key)).toEqual([expect.stringMatching(/Đơn vị tiền "Hồ sơ" không hợp lệ/u)]);
  });

  it('sets code lists through the unit cell; a coded row without one is a problem on the row', () => {
    let state = updateRow(derived(), 0, 12, { unit: 'Chưa có = 0; Liên thông 2 cấp = 1' });
    expect(built(state).rows.find((r) => r.id === '7.1')!.kind).toEqual({
      type: 'coded',
      codes: [
        { code: 0, label: 'Chưa có' },
        { code: 1, label: 'Liên thông 2 cấp' },
      ],
    });
    state = updateRow(state, 0, 12, { kind: 'coded', unit: 'Có' });
    const result = checkTemplateVersion(withoutBasedOn(toDraft(state)), context());
    expect(placeProblems(state, result.problems).rows.get(state.forms[0]!.rows[12]!.key)!.join(' ')).toMatch(/danh sách mã/u);
  });

  it('sets parents: explicit ones are kept, blank ones are derived, one below its child is a problem', () => {
    let state = updateRow(derived(), 0, 13, { parent: '7' });
    expect(built(state).rows.find((r) => r.id === '7.1.1')!.parent).toBe('7');
    state = updateRow(state, 0, 13, { parent: '' });
    expect(built(state).rows.find((r) => r.id === '7.1.1')!.parent).toBe('7.1');
    expect(built(state).rows.find((r) => r.id === '7.2')!.parent).toBe('7.1');
    expect(built(state).rows.find((r) => r.id === '7.1')!.group).toBe(true);
    // a parent that comes after its child
    state = updateRow(state, 0, 12, { parent: '7.2' });
    const result = checkTemplateVersion(withoutBasedOn(toDraft(state)), context());
    const placed = placeProblems(state, result.problems);
    expect(placed.rows.get(state.forms[0]!.rows[12]!.key)).toEqual(['Dòng cha 7.2 phải đứng trước dòng 7.1 (dòng con nằm dưới dòng cha).']);
    // a parent that does not exist
    state = updateRow(state, 0, 12, { parent: '9.9' });
    const missing = checkTemplateVersion(withoutBasedOn(toDraft(state)), context());
    expect(placeProblems(state, missing.problems).rows.get(state.forms[0]!.rows[12]!.key)).toEqual(['Dòng cha "9.9" không tồn tại']);
  });

  it('sets canonical indicators: a catalogue one of the same kind builds; unknown, mismatched or doubled ones are problems on the row', () => {
    let state = updateRow(derived(), 0, 3, { indicator: 'egov.online-services' });
    expect(built(state).rows.find((r) => r.id === '3.1.2')!.indicator).toBe('egov.online-services');
    // the measure comes from the indicator unless the row says otherwise
    expect(built(state).rows.find((r) => r.id === '3.1.2')!.measure).toBe('stock');
    state = updateRow(state, 0, 3, { measure: 'flow' });
    expect(built(state).rows.find((r) => r.id === '3.1.2')!.measure).toBe('flow');
    const key = state.forms[0]!.rows[3]!.key;
    const problemsWith = (indicator: string) => {
      const next = updateRow(state, 0, 3, { indicator });
      return placeProblems(next, checkTemplateVersion(withoutBasedOn(toDraft(next)), context()).problems).rows.get(key);
    };
    expect(problemsWith('procedures.khong-co')).toEqual(['Chỉ tiêu chuẩn "procedures.khong-co" không có trong danh mục']);
    expect(problemsWith('dossiers.on-time-rate')).toEqual(['Dòng 3.1.2 có kiểu "count" nhưng chỉ tiêu chuẩn dossiers.on-time-rate có kiểu "percent"']);
    expect(problemsWith('procedures.new')!.join(' ')).toMatch(/đã gắn cho dòng 3\.1\.1/u);
    // no indicator at all
    expect(toDraft(updateRow(state, 0, 3, { indicator: '' })).forms[0]!.rows[3]).not.toHaveProperty('indicator');
  });
});

describe('moving rows', () => {
  it('swaps a row with its neighbour, keeping keys, and does nothing at the ends', () => {
    const state = derived();
    const down = moveRow(state, 0, 2, 1);
    expect(rowIds(down).slice(1, 5)).toEqual(['3.1', '3.1.2', '3.1.1', '3.1.3']);
    expect(down.forms[0]!.rows[3]!.key).toBe(state.forms[0]!.rows[2]!.key);
    expect(moveRow(down, 0, 3, -1).forms).toEqual(state.forms);
    expect(moveRow(state, 0, 0, -1).forms[0]).toBe(state.forms[0]);
    expect(moveRow(state, 0, 14, 1).forms[0]).toBe(state.forms[0]);
    // a row that is not there is not moved (and does not leave a hole)
    expect(moveRow(state, 0, -1, 1).forms[0]).toBe(state.forms[0]);
    expect(moveRow(state, 0, 15, -1).forms[0]).toBe(state.forms[0]);
    expect(moveRow(state, 3, 0, 1)).toEqual(state);
  });

  it('keeps the checks (they name rows by id) and the order is what is built', () => {
    const start = derived();
    const state = moveRow(start, 0, 3, -1);
    expect(state.forms[0]!.checks).toBe(start.forms[0]!.checks);
    expect(built(state).rows.slice(2, 4).map((r) => r.id)).toEqual(['3.1.2', '3.1.1']);
  });

  it('moving a child above its parent is a problem placed on the child', () => {
    // 7.1.1 has 7.1 as parent: up once puts it above 7.1
    const state = moveRow(derived(), 0, 13, -1);
    const result = checkTemplateVersion(withoutBasedOn(toDraft(state)), context());
    // 7.1.1's default parent is now 7 (7.1 is not above it any more), but 7.2 names 7.1 explicitly: still fine
    expect(result.ok).toBe(true);
    const explicit = updateRow(state, 0, 12, { parent: '7.1' });
    const refused = checkTemplateVersion(withoutBasedOn(toDraft(explicit)), context());
    expect(placeProblems(explicit, refused.problems).rows.get(explicit.forms[0]!.rows[12]!.key)).toEqual(['Dòng cha 7.1 phải đứng trước dòng 7.1.1 (dòng con nằm dưới dòng cha).']);
  });

  it('property: any moves undone in reverse order give the draft back', () => {
    const state = derived();
    const rowCount = state.forms[0]!.rows.length;
    fc.assert(
      fc.property(fc.array(fc.record({ row: fc.integer({ min: -1, max: rowCount }), delta: fc.constantFrom<-1 | 1>(-1, 1) }), { maxLength: 30 }), (moves) => {
        let moved = state;
        for (const { row, delta } of moves) moved = moveRow(moved, 0, row, delta);
        // the same rows, each once, under the same keys
        expect(moved.forms[0]!.rows.map((r) => r.key).sort()).toEqual(state.forms[0]!.rows.map((r) => r.key).sort());
        for (const { row, delta } of [...moves].reverse()) {
          // undoing a move that happened: the row is now at row + delta and goes back
          const happened = row >= 0 && row < rowCount && row + delta >= 0 && row + delta < rowCount;
          if (happened) moved = moveRow(moved, 0, row + delta, delta === 1 ? -1 : 1);
        }
        expect(moved).toEqual(state);
        expect(toDraft(moved)).toEqual(toDraft(state));
      }),
    );
  });
});

describe('removing rows', () => {
  it('drops a part from the checks that keep enough of their rows, and says how many changed', () => {
    const { state, changes, rowId } = removeRow(derived(), 0, rowIndexOf(derived(), '3.1.3/cap-huyen'));
    expect(rowId).toBe('3.1.3/cap-huyen');
    expect(changes).toEqual({ trimmed: 1, removed: 0 });
    expect(state.forms[0]!.checks[0]!.check).toEqual({ rule: 'sum', whole: '3.1.3', parts: ['3.1.3/cap-tinh', '3.1.3/cap-xa'] });
    expect(built(state).rows.map((r) => r.id)).not.toContain('3.1.3/cap-huyen');
  });

  it('removes the checks a row was essential to (whole, percentage, numerator, balance rows)', () => {
    // 3.1.3: the sum's whole, the balance's current, one of the required rows
    const start = derived();
    const { state, changes } = removeRow(start, 0, rowIndexOf(start, '3.1.3'));
    expect(changes).toEqual({ trimmed: 1, removed: 2 });
    expect(state.forms[0]!.checks.map((c) => c.check)).toEqual([
      { rule: 'ratio', percent: '3.2', numerator: '3.2.1', denominator: '3.2.2' },
      { rule: 'part-le-whole', whole: '3.2.2', parts: ['3.2.1'], severity: 'warning' },
      { rule: 'required', rows: ['7.1'] },
    ]);
    // the checks that remain keep their keys
    expect(state.forms[0]!.checks.map((c) => c.key)).toEqual(start.forms[0]!.checks.slice(2).map((c) => c.key));
    // its "Trong đó" rows now hang under the coded row above
    expect(built(state).rows.find((r) => r.id === '3.1.3/cap-tinh')!.parent).toBe('3.1.2');

    // 3.2.1: the ratio's numerator (the ratio goes), the only part of a part ≤ whole (it goes too)
    const numerator = removeRow(start, 0, rowIndexOf(start, '3.2.1'));
    expect(numerator.changes).toEqual({ trimmed: 0, removed: 2 });
    // 3.1: only the optional previous-period row of the balance
    const previous = removeRow(start, 0, rowIndexOf(start, '3.1'));
    expect(previous.changes).toEqual({ trimmed: 1, removed: 0 });
    expect(previous.state.forms[0]!.checks[1]!.check).toEqual({ rule: 'balance', current: '3.1.3', added: '3.1.1', removed: '3.1.2' });
  });

  it('gives the children that named the removed row as parent its own parent (or the automatic one)', () => {
    const start = derived();
    // 7.2 names 7.1 as its parent: removing 7.1 leaves 7.2 with the automatic parent (7), not a dangling "7.1"
    const removed = removeRow(start, 0, rowIndexOf(start, '7.1'));
    expect(removed.reparented).toBe(1);
    expect(removed.state.forms[0]!.rows.find((r) => localIdOf(r.row) === '7.2')!.row).not.toHaveProperty('parent');
    const template = built(removed.state);
    expect(template.rows.find((r) => r.id === '7.2')!.parent).toBe('7');
    // 7.1.1 had 7.1 only by default: it finds 7 by itself
    expect(template.rows.find((r) => r.id === '7.1.1')!.parent).toBe('7');
    expect(checkTemplateVersion(withoutBasedOn(toDraft(removed.state)), context()).ok).toBe(true);

    // an explicit grandparent is passed on
    const chain = updateRow(updateRow(start, 0, 13, { parent: '7.1' }), 0, 12, { parent: '3' });
    const passed = removeRow(chain, 0, 12);
    expect(passed.reparented).toBe(2);
    expect(passed.state.forms[0]!.rows.filter((r) => ['7.1.1', '7.2'].includes(localIdOf(r.row)!)).map((r) => r.row.parent)).toEqual(['3', '3']);
    expect(built(passed.state).rows.find((r) => r.id === '7.2')!.parent).toBe('3');
  });

  it('leaves checks and children alone while another row still has the removed row\'s id', () => {
    const start = derived();
    const doubled = updateRow(start, 0, 13, { id: '7.1' });
    const { state, changes, reparented } = removeRow(doubled, 0, 12);
    expect(changes).toEqual({ trimmed: 0, removed: 0 });
    expect(reparented).toBe(0);
    expect(state.forms[0]!.checks).toEqual(start.forms[0]!.checks);
    expect(state.forms[0]!.rows.find((r) => r.row.code === '7.2.')!.row.parent).toBe('7.1');
  });

  it('removes a row of a numbered form from its form\'s checks and the checks across forms', () => {
    const start = derived('2023-01-01', FORMS);
    const { state, changes, rowId } = removeRow(start, 1, 0);
    expect(rowId).toBe('1');
    expect(changes).toEqual({ trimmed: 1, removed: 0 });
    expect(state.checks[0]!.check).toEqual({ rule: 'part-le-whole', id: 'dvc-le-tthc', whole: '1/1', parts: ['2/2'] });
    // form 1's own check on its row "1" is untouched: another form's row 1 went
    expect(state.forms[0]!.checks).toEqual(start.forms[0]!.checks);
    expect(built(state).checks.map((c) => c.id)).toEqual(['part-le-whole:1/1', 'dvc-le-tthc']);
    // form 1's row 1 goes: its own check and the check across forms (whole) go with it
    const whole = removeRow(start, 0, 0);
    expect(whole.changes).toEqual({ trimmed: 0, removed: 2 });
    expect(whole.state.checks).toEqual([]);
    expect(whole.state.forms[0]!.checks).toEqual([]);
  });

  it('does nothing for a row or form that is not there, and removes an uncoded blank row without touching checks', () => {
    const start = derived();
    expect(removeRow(start, 0, 99)).toEqual({ state: start, changes: { trimmed: 0, removed: 0 }, rowId: null, reparented: 0 });
    expect(removeRow(start, 4, 0).state).toBe(start);
    const { state: inserted } = insertRow(start, 0, 0);
    const blank = removeRow(inserted, 0, 1);
    expect(blank.rowId).toBeNull();
    expect(blank.state.forms).toEqual(start.forms);
  });

  it('checkWithout: what each rule keeps without a row', () => {
    expect(checkWithout({ rule: 'sum', whole: '1', parts: ['2', '3'] }, '2')).toEqual({ rule: 'sum', whole: '1', parts: ['3'] });
    expect(checkWithout({ rule: 'sum', whole: '1', parts: ['2'] }, '2')).toBeNull();
    expect(checkWithout({ rule: 'sum', whole: '1', parts: ['2'] }, '1')).toBeNull();
    expect(checkWithout({ rule: 'ratio', percent: '1', numerator: '2', denominator: '3' }, '3')).toBeNull();
    expect(checkWithout({ rule: 'balance', current: '1', added: '2', removed: '3' }, '3')).toBeNull();
    expect(checkWithout({ rule: 'cumulative', rows: ['1', ' 2 '] }, '2')).toEqual({ rule: 'cumulative', rows: ['1'] });
    expect(checkWithout({ rule: 'required', rows: ['1'] }, '1')).toBeNull();
    const untouched: TemplateCheckDraft = { rule: 'sum', id: 'x', whole: '1', parts: ['2'], severity: 'warning' };
    expect(checkWithout(untouched, '9')).toEqual(untouched);
  });

  it('property: after removing any rows the draft still builds, with no check or parent naming a row that is gone', () => {
    const start = derived();
    const rowCount = start.forms[0]!.rows.length;
    fc.assert(
      fc.property(fc.array(fc.nat({ max: rowCount - 1 }), { minLength: 1, maxLength: rowCount - 1 }), (picks) => {
        let state = start;
        let checks = start.forms[0]!.checks.length;
        for (const pick of picks) {
          const rows = state.forms[0]!.rows.length;
          if (rows === 1) break;
          const result = removeRow(state, 0, pick % rows);
          checks -= result.changes.removed;
          state = result.state;
          expect(state.forms[0]!.checks).toHaveLength(checks);
        }
        const ids = new Set(rowIds(state));
        const result = build(state);
        expect(result.ok, result.ok ? '' : JSON.stringify(result.problems)).toBe(true);
        for (const { check } of state.forms[0]!.checks) for (const ref of refsOf(check)) expect(ids.has(ref), ref).toBe(true);
        for (const { row } of state.forms[0]!.rows) if (row.parent) expect(ids.has(row.parent), row.parent).toBe(true);
        // and every rule of a new version holds (it starts before 1 July 2025: district rows are allowed)
        const version = checkTemplateVersion(withoutBasedOn(toDraft(state)), context());
        expect(version.problems).toEqual([]);
      }),
    );
  });
});

/** A random single-form version: coded rows and "Trong đó" rows, some explicit parents (earlier rows), checks of every rule. */
const arbitraryVersion = fc
  .array(fc.record({ coded: fc.boolean(), percent: fc.boolean(), parentPick: fc.option(fc.nat(), { nil: undefined }) }), { minLength: 2, maxLength: 12 })
  .chain((specs) => {
    const rows: TemplateRowDraft[] = [];
    specs.forEach((spec, i) => {
      const unit = spec.percent ? '%' : 'Văn bản';
      const row: TemplateRowDraft = spec.coded ? { code: `${i + 1}.`, label: `Chỉ tiêu ${i + 1}`, unit } : { id: `r${i}`, label: `Trong đó ${i}`, unit };
      if (spec.parentPick !== undefined && i > 0) row.parent = localIdOf(rows[spec.parentPick % i]!)!;
      rows.push(row);
    });
    const ids = rows.map((r) => localIdOf(r)!);
    const percents = ids.filter((_, i) => specs[i]!.percent);
    const ref = fc.constantFrom(...ids);
    const check: fc.Arbitrary<TemplateCheckDraft> = fc.oneof(
      fc.record({ rule: fc.constantFrom('sum', 'part-le-whole'), whole: ref, parts: fc.uniqueArray(ref, { minLength: 1, maxLength: 3 }) }),
      fc.record({ rule: fc.constant('balance'), current: ref, added: ref, removed: ref, previousInReport: fc.option(ref, { nil: undefined }) }).map((c) => {
        if (c.previousInReport === undefined) delete c.previousInReport;
        return c;
      }),
      fc.record({ rule: fc.constantFrom('cumulative', 'required'), rows: fc.uniqueArray(ref, { minLength: 1, maxLength: 3 }) }),
      ...(percents.length > 0 ? [fc.record({ rule: fc.constant('ratio'), percent: fc.constantFrom(...percents), numerator: ref, denominator: ref })] : []),
    );
    return fc.record({ rows: fc.constant(rows), checks: fc.array(check, { maxLength: 6 }) });
  })
  .map(({ rows, checks }): TemplateSourceDto => ({
    ...SOURCE,
    // each check its own id: two checks of one rule on one first row would otherwise share the default id
    forms: [{ number: null, title: 'Phụ lục', rows, checks: checks.map((c, i) => ({ ...c, id: `k${i}` })) }],
  }));

describe('removing rows from any version', () => {
  it('property: a version that builds still builds after any of its rows are removed', () => {
    fc.assert(
      fc.property(arbitraryVersion, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (source, picks) => {
        expect(buildTemplate(source, INDICATORS).ok).toBe(true);
        let state: EditorState = { ...startFrom(source, source.id), effectiveFrom: '2024-01-01' };
        for (const pick of picks) {
          const rows = state.forms[0]!.rows.length;
          if (rows === 1) break;
          state = removeRow(state, 0, pick % rows).state;
        }
        const ids = new Set(rowIds(state));
        for (const { check } of state.forms[0]!.checks) for (const r of refsOf(check)) expect(ids.has(r), r).toBe(true);
        const result = build(state);
        expect(result.ok, result.ok ? '' : JSON.stringify({ problems: result.problems, draft: toDraft(state).forms[0] })).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('editing checks', () => {
  it('starts a check of each rule with the fields that rule names', () => {
    expect(newCheck('sum')).toEqual({ rule: 'sum', whole: '', parts: [] });
    expect(newCheck('part-le-whole')).toEqual({ rule: 'part-le-whole', whole: '', parts: [] });
    expect(newCheck('ratio')).toEqual({ rule: 'ratio', percent: '', numerator: '', denominator: '' });
    expect(newCheck('balance')).toEqual({ rule: 'balance', current: '', added: '', removed: '' });
    expect(newCheck('cumulative')).toEqual({ rule: 'cumulative', rows: [] });
    expect(newCheck('required')).toEqual({ rule: 'required', rows: [] });
  });

  it('moves a check to another rule keeping its rows, id and severity', () => {
    const sum: TemplateCheckDraft = { rule: 'sum', id: 'tong', whole: '3.1.3', parts: ['3.1.1', '3.1.2'], severity: 'warning' };
    expect(changeRule(sum, 'part-le-whole')).toEqual({ ...sum, rule: 'part-le-whole' });
    expect(changeRule(sum, 'ratio')).toEqual({ rule: 'ratio', id: 'tong', severity: 'warning', percent: '3.1.3', numerator: '3.1.1', denominator: '3.1.2' });
    expect(changeRule(sum, 'balance')).toEqual({ rule: 'balance', id: 'tong', severity: 'warning', current: '3.1.3', added: '3.1.1', removed: '3.1.2' });
    expect(changeRule(sum, 'required')).toEqual({ rule: 'required', id: 'tong', severity: 'warning', rows: ['3.1.3', '3.1.1', '3.1.2'] });
    expect(changeRule({ rule: 'required', rows: ['1'] }, 'ratio')).toEqual({ rule: 'ratio', percent: '1', numerator: '', denominator: '' });
    expect(changeRule({ rule: 'ratio', percent: '3.2', numerator: '3.2.1', denominator: '3.2.2' }, 'sum')).toEqual({ rule: 'sum', whole: '3.2', parts: ['3.2.1', '3.2.2'] });
    expect(changeRule(newCheck('balance'), 'sum')).toEqual({ rule: 'sum', whole: '', parts: [] });
  });

  it('a check added and filled in builds; one left incomplete is a problem on that check', () => {
    const start = derived();
    const added = { ...start, forms: [{ ...start.forms[0]!, checks: [...start.forms[0]!.checks, { key: 'new-check', check: newCheck('sum') }] }] };
    const incomplete = checkTemplateVersion(withoutBasedOn(toDraft(added)), context());
    expect(incomplete.ok).toBe(false);
    const placed = placeProblems(added, incomplete.problems);
    expect([...placed.checks.keys()]).toEqual(['new-check']);
    expect(placed.rows.size + placed.fields.size + placed.other.length).toBe(0);

    const filled = { ...added, forms: [{ ...added.forms[0]!, checks: added.forms[0]!.checks.map((c) => (c.key === 'new-check' ? { ...c, check: { rule: 'part-le-whole', whole: '3.2.2', parts: ['3.2.1'], id: 'dung-han' } } : c)) }] };
    const template = built(filled);
    expect(template.checks.find((c) => c.id === 'dung-han')).toEqual({ rule: 'part-le-whole', id: 'dung-han', whole: '3.2.2', parts: ['3.2.1'], severity: 'error' });

    // a check naming a row that is not there
    const dangling = { ...filled, forms: [{ ...filled.forms[0]!, checks: filled.forms[0]!.checks.map((c) => (c.key === 'new-check' ? { ...c, check: { ...c.check, parts: ['9.9'] } } : c)) }] };
    const refused = checkTemplateVersion(withoutBasedOn(toDraft(dangling)), context());
    expect(placeProblems(dangling, refused.problems).checks.get('new-check')).toEqual(['Kiểm tra dung-han tham chiếu dòng không tồn tại "9.9"']);
    // a ratio whose percentage row is not a percentage
    const asRatio: TemplateCheckDraft = { ...changeRule({ rule: 'sum', id: 'dung-han', whole: '3.2.2', parts: ['3.2.1', '3.1.1'] }, 'ratio') };
    expect(asRatio).toEqual({ rule: 'ratio', id: 'dung-han', percent: '3.2.2', numerator: '3.2.1', denominator: '3.1.1' });
    const ratio = { ...filled, forms: [{ ...filled.forms[0]!, checks: filled.forms[0]!.checks.map((c) => (c.key === 'new-check' ? { ...c, check: asRatio } : c)) }] };
    const notPercent = checkTemplateVersion(withoutBasedOn(toDraft(ratio)), context());
    expect(placeProblems(ratio, notPercent.problems).checks.get('new-check')!.join(' ')).toMatch(/không phải kiểu %/u);
  });
});

describe('effective dates', () => {
  it('reads dd/mm/yyyy (and d/m/yyyy, with "/", "-" or ".") as ISO, and only real days', () => {
    expect(viToIso('01/07/2025')).toBe('2025-07-01');
    expect(viToIso(' 1/7/2025 ')).toBe('2025-07-01');
    expect(viToIso('1-7-2025')).toBe('2025-07-01');
    expect(viToIso('31.12.2024')).toBe('2024-12-31');
    expect(viToIso('29/02/2024')).toBe('2024-02-29');
    expect(viToIso('29/02/2025')).toBeNull();
    expect(viToIso('31/04/2025')).toBeNull();
    expect(viToIso('00/01/2025')).toBeNull();
    expect(viToIso('01/13/2025')).toBeNull();
    expect(viToIso('2025-07-01')).toBeNull();
    expect(viToIso('01/07/25')).toBeNull();
    expect(viToIso('')).toBeNull();
    expect(isoToVi('2025-07-01')).toBe('01/07/2025');
    expect(isoToVi('')).toBe('');
    expect(isoToVi(null)).toBe('');
    expect(isoToVi('01/07/2025')).toBe('');
  });

  it('property: a date written dd/mm/yyyy reads back as itself, for every year of four digits', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const iso = date.toISOString().slice(0, 10);
        expect(viToIso(isoToVi(iso))).toBe(iso);
      }),
    );
  });

  it('a version from 1 July 2025 with district rows is refused at those rows; without them it is valid', () => {
    const start = derived('2025-07-01');
    expect(toDraft(start).effectiveFrom).toBe('2025-07-01');
    const result = checkTemplateVersion(withoutBasedOn(toDraft(start)), context());
    expect(result.ok).toBe(false);
    const placed = placeProblems(start, result.problems);
    const district = start.forms[0]!.rows[rowIndexOf(start, '3.1.3/cap-huyen')]!.key;
    expect([...placed.rows.keys()]).toEqual([district]);
    expect(placed.rows.get(district)![0]).toMatch(/cấp huyện.*Từ ngày 01\/07\/2025 không còn cấp huyện/u);
    // a day earlier the same rows are fine
    expect(checkTemplateVersion(withoutBasedOn(toDraft({ ...start, effectiveFrom: '2025-06-30' })), context()).ok).toBe(true);
    // renamed but still on the district indicator: still refused
    const renamed = updateRow(start, 0, rowIndexOf(start, '3.1.3/cap-huyen'), { label: 'Số TTHC khác:' });
    expect(placeProblems(renamed, checkTemplateVersion(withoutBasedOn(toDraft(renamed)), context()).problems).rows.get(district)![0]).toMatch(/vẫn gắn chỉ tiêu chuẩn cấp huyện/u);
    // removed (with its part of the sum): valid
    const removed = removeRow(start, 0, rowIndexOf(start, '3.1.3/cap-huyen')).state;
    expect(checkTemplateVersion(withoutBasedOn(toDraft(removed)), context())).toMatchObject({ ok: true, problems: [] });
  });

  it('a missing, unreal or too early start date and an end before the start are problems on the date fields', () => {
    const fields = (state: EditorState) => Object.fromEntries(placeProblems(state, checkTemplateVersion(withoutBasedOn(toDraft(state)), context()).problems).fields);
    expect(fields(derived(''))).toEqual({ effectiveFrom: ['Chưa có ngày bắt đầu hiệu lực.'] });
    expect(fields(derived('2025-02-30'))['effectiveFrom']).toEqual(['Ngày bắt đầu hiệu lực "2025-02-30" không phải ngày có thật.']);
    expect(fields(derived('2022-12-31'))['effectiveFrom']![0]).toMatch(/phải sau ngày bắt đầu hiệu lực của phiên bản gốc tinh-thu-2023 \(01\/01\/2023\)/u);
    expect(fields({ ...derived('2024-01-01'), effectiveTo: '2023-12-31' })).toEqual({ effectiveTo: ['Ngày hết hiệu lực trước ngày bắt đầu hiệu lực'] });
    expect(fields({ ...derived('2024-01-01'), effectiveTo: '2024-12-31' })).toEqual({});
  });
});

describe('placing the server\'s problems', () => {
  it('puts each problem on its row, check or field by the keys of the state it was computed for', () => {
    const state = derived('2023-01-01', FORMS);
    const placed = placeProblems(state, [
      { at: 'forms[1].rows[0]', message: 'hàng' },
      { at: 'forms[1].rows[0].label', message: 'tên' },
      { at: 'forms[0].checks[0]', message: 'kiểm tra biểu' },
      { at: 'checks[0]', message: 'kiểm tra giữa các biểu' },
      { at: 'effectiveFrom', message: 'ngày' },
      { at: 'id', message: 'mã' },
      { at: 'columns[2]', message: 'cột' },
      { at: 'forms[1]', message: 'biểu' },
      { at: 'forms[0].rows[7]', message: 'không có dòng này' },
      { at: 'checks[3]', message: 'không có kiểm tra này' },
      { at: 'identity', message: 'không phải trường' },
    ]);
    expect(Object.fromEntries(placed.rows)).toEqual({ [state.forms[1]!.rows[0]!.key]: ['hàng', 'tên'] });
    expect(Object.fromEntries(placed.checks)).toEqual({ [state.forms[0]!.checks[0]!.key]: ['kiểm tra biểu'], [state.checks[0]!.key]: ['kiểm tra giữa các biểu'] });
    expect(Object.fromEntries(placed.fields)).toEqual({ effectiveFrom: ['ngày'], id: ['mã'], columns: ['cột'] });
    expect(placed.other.map((p) => p.message)).toEqual(['biểu', 'không có dòng này', 'không có kiểm tra này', 'không phải trường']);
  });

  it('property: every problem is placed once, and rows keep theirs while other rows move', () => {
    const state = derived();
    const rowCount = state.forms[0]!.rows.length;
    fc.assert(
      fc.property(fc.array(fc.nat({ max: rowCount - 1 }), { maxLength: 10 }), fc.nat({ max: rowCount - 2 }), (rows, move) => {
        const problems = rows.map((r, i) => ({ at: `forms[0].rows[${r}]`, message: `m${i}` }));
        const placed = placeProblems(state, problems);
        expect([...placed.rows.values()].flat().sort()).toEqual(problems.map((p) => p.message).sort());
        // the problems found for a state stay on the same rows after a move (they are kept by key)
        const moved = moveRow(state, 0, move, 1);
        for (const [key, messages] of placed.rows) {
          const at = moved.forms[0]!.rows.findIndex((r) => r.key === key);
          const before = state.forms[0]!.rows.findIndex((r) => r.key === key);
          expect(messages).toEqual(problems.filter((p) => p.at === `forms[0].rows[${before}]`).map((p) => p.message));
          expect(at).toBe(before === move ? move + 1 : before === move + 1 ? move : before);
        }
      }),
    );
  });
});
