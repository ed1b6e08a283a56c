import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IndicatorDefinition } from '../catalogue/template.js';
import { isOverdue, progressProblems, taskProblems } from './plan.js';
import { buildPlanMapping } from './plan-mapping.js';
import { completionRate, countTasks, planFigure, selectTasks, type TaskFacts } from './plan-measures.js';
import { proposePrefill, tasksOf, type PrefillTask } from './plan-prefill.js';
import { areaOf, deadlineOf, parseCsv, readPlanTable, taskKey } from './plan-import.js';

const day = fc.integer({ min: 0, max: 364 }).map((n) => new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10));
const task: fc.Arbitrary<TaskFacts> = fc
  .record({ deadline: day, status: fc.constantFrom('not-started' as const, 'in-progress' as const, 'done' as const), doneOn: day })
  .map((t) => ({ ...t, doneOn: t.status === 'done' ? t.doneOn : null }));
const range = fc.tuple(day, day).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));

describe('plan figures', () => {
  it('add up: planned = completed + open, completed = on time + late, overdue ≤ open', () => {
    fc.assert(
      fc.property(fc.array(task, { maxLength: 60 }), day, (tasks, asOf) => {
        const c = countTasks(tasks, asOf);
        expect(c.planned).toBe(tasks.length);
        expect(c.completed + c.open).toBe(c.planned);
        expect(c.completedOnTime + c.completedLate).toBe(c.completed);
        expect(c.overdueOpen).toBeLessThanOrEqual(c.open);
      }),
    );
  });

  it('never lose a completed task as the cut-off moves later, and count one done after the cut-off as open', () => {
    fc.assert(
      fc.property(fc.array(task, { maxLength: 40 }), day, day, (tasks, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(countTasks(tasks, late).completed).toBeGreaterThanOrEqual(countTasks(tasks, early).completed);
        const doneAfter = tasks.filter((t) => t.status === 'done' && t.doneOn! > early).length;
        expect(countTasks(tasks, early).completed).toBe(tasks.filter((t) => t.status === 'done').length - doneAfter);
      }),
    );
  });

  it('select nested sets: due in the period ⊆ due to date ⊆ the year', () => {
    fc.assert(
      fc.property(fc.array(task, { maxLength: 40 }), range, (tasks, period) => {
        const year = selectTasks(tasks, 'year', period);
        const toDate = selectTasks(tasks, 'due-to-date', period);
        const inPeriod = selectTasks(tasks, 'due-in-period', period);
        expect(year).toHaveLength(tasks.length);
        for (const t of inPeriod) expect(toDate).toContain(t);
        for (const t of toDate) expect(t.deadline <= period.to).toBe(true);
      }),
    );
  });

  it('give a completion rate within 0–100 that is 100 only when every task is done, none without tasks', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.nat(500), (a, b) => {
        const [completed, planned] = a <= b ? [a, b] : [b, a];
        const rate = completionRate({ planned, completed });
        if (planned === 0) {
          // (an assertion's value is not the property's answer: fast-check fails a property that returns false)
          expect(rate).toBeNull();
          return;
        }
        expect(rate).toBeGreaterThanOrEqual(0);
        expect(rate).toBeLessThanOrEqual(100);
        expect(rate === 100).toBe(completed === planned);
        // within one unit of the second decimal of the exact ratio (the template ratio check's tolerance)
        expect(Math.abs(rate! - (completed / planned) * 100)).toBeLessThan(0.01 + 1e-9);
      }),
    );
  });

  it('count on time, late and overdue as of the cut-off (examples)', () => {
    const tasks: TaskFacts[] = [
      { deadline: '2026-03-31', status: 'done', doneOn: '2026-03-20' }, // on time
      { deadline: '2026-03-31', status: 'done', doneOn: '2026-04-10' }, // late
      { deadline: '2026-05-31', status: 'in-progress', doneOn: null }, // overdue at 14/06
      { deadline: '2026-12-31', status: 'not-started', doneOn: null }, // not due
      { deadline: '2026-06-10', status: 'done', doneOn: '2026-06-20' }, // done after the cut-off: open and overdue then
    ];
    expect(countTasks(tasks, '2026-06-14')).toEqual({ planned: 5, completed: 2, completedOnTime: 1, completedLate: 1, open: 3, overdueOpen: 2 });
    const h1 = { from: '2025-12-15', to: '2026-06-14' };
    expect(planFigure(tasks, { measure: 'completion-rate', tasks: 'year' }, h1)).toBe(40);
    expect(planFigure(tasks, { measure: 'planned', tasks: 'due-to-date' }, h1)).toBe(4);
    expect(planFigure(tasks, { measure: 'completion-rate', tasks: 'due-to-date' }, h1)).toBe(50);
    expect(planFigure(tasks, { measure: 'planned', tasks: 'due-in-period' }, { from: '2026-03-15', to: '2026-06-14' })).toBe(4);
    expect(planFigure(tasks, { measure: 'planned', tasks: 'due-in-period' }, { from: '2026-04-01', to: '2026-06-14' })).toBe(2);
    expect(planFigure([], { measure: 'completion-rate', tasks: 'year' }, h1)).toBeNull();
    expect(isOverdue(tasks[2]! as TaskFacts, '2026-06-01')).toBe(true);
    expect(isOverdue(tasks[0]!, '2026-06-01')).toBe(false);
  });
});

describe('task checks', () => {
  it('list every problem of a task at once', () => {
    expect(taskProblems({ title: ' ', area: 'weather', deadline: '2027-02-30', expectedOutput: null }, 2026).map((p) => p.field)).toEqual([
      'title',
      'area',
      'deadline',
    ]);
    expect(taskProblems({ title: 'Rà soát TTHC', area: 'procedures', deadline: '2027-01-15', expectedOutput: null }, 2026)[0]!.messageVi).toContain(
      'không thuộc năm 2026',
    );
    expect(taskProblems({ title: 'Rà soát TTHC', area: 'procedures', deadline: '2026-01-15', expectedOutput: 'Báo cáo' }, 2026)).toEqual([]);
  });

  it('require a done day for a done task, in the past and in the plan year, and none otherwise', () => {
    expect(progressProblems({ status: 'done', doneOn: null, note: null }, 2026, '2026-06-01')).toHaveLength(1);
    expect(progressProblems({ status: 'done', doneOn: '2026-07-01', note: null }, 2026, '2026-06-01')[0]!.messageVi).toContain('chưa đến');
    expect(progressProblems({ status: 'done', doneOn: '2025-12-01', note: null }, 2026, '2026-06-01')[0]!.messageVi).toContain('trước năm 2026');
    expect(progressProblems({ status: 'in-progress', doneOn: '2026-05-01', note: null }, 2026, '2026-06-01')).toHaveLength(1);
    expect(progressProblems({ status: 'done', doneOn: '2026-05-01', note: 'Đã ban hành' }, 2026, '2026-06-01')).toEqual([]);
  });
});

const CATALOGUE: IndicatorDefinition[] = [
  { id: 'direction.plan.tasks-planned', name: 'Số nhiệm vụ đề ra', kind: 'count', measure: 'stock', area: 'direction' },
  { id: 'direction.plan.tasks-completed', name: 'Số nhiệm vụ hoàn thành', kind: 'count', measure: 'stock', area: 'direction' },
  { id: 'direction.plan.completion-rate', name: 'Tỷ lệ', kind: 'percent', measure: 'stock', area: 'direction' },
];

describe('the mapping', () => {
  it('is read from data and checked against the catalogue, every problem at once', () => {
    const ok = buildPlanMapping(
      {
        indicators: [
          { indicator: 'direction.plan.tasks-planned', measure: 'planned', tasks: 'year' },
          { indicator: 'direction.plan.completion-rate', measure: 'completion-rate', tasks: 'year' },
        ],
      },
      CATALOGUE,
    );
    expect(ok.ok && ok.mapping.byIndicator.get('direction.plan.completion-rate')?.measure).toBe('completion-rate');
    const bad = buildPlanMapping(
      {
        indicators: [
          { indicator: 'direction.plan.nope', measure: 'planned', tasks: 'year' },
          { indicator: 'direction.plan.tasks-completed', measure: 'completion-rate', tasks: 'year' },
          { indicator: 'direction.plan.tasks-planned', measure: 'planned', tasks: 'year' },
          { indicator: 'direction.plan.tasks-planned', measure: 'planned', tasks: 'due-to-date' },
        ],
      },
      CATALOGUE,
    );
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toHaveLength(3);
    expect(buildPlanMapping({ indicators: [{ indicator: 'x', measure: 'sometimes', tasks: 'year' }] }, CATALOGUE).ok).toBe(false);
  });
});

describe('the prefill proposal', () => {
  const mapping = (() => {
    const built = buildPlanMapping(
      {
        indicators: [
          { indicator: 'direction.plan.tasks-planned', measure: 'planned', tasks: 'year' },
          { indicator: 'direction.plan.tasks-completed', measure: 'completed', tasks: 'year' },
          { indicator: 'direction.plan.completion-rate', measure: 'completion-rate', tasks: 'year' },
        ],
      },
      CATALOGUE,
    );
    if (!built.ok) throw new Error(built.problems.join('; '));
    return built.mapping;
  })();
  const rows = [
    { id: '1.1.1', label: 'Số nhiệm vụ đề ra', indicator: 'direction.plan.tasks-planned', kind: { type: 'count' as const }, provinceFigureBy: null },
    {
      id: '1.1.2',
      label: 'Số nhiệm vụ hoàn thành',
      indicator: 'direction.plan.tasks-completed',
      kind: { type: 'count' as const },
      provinceFigureBy: null,
    },
    { id: '2', label: 'Tỷ lệ', indicator: 'direction.plan.completion-rate', kind: { type: 'percent' as const }, provinceFigureBy: 'so-noi-vu' },
    { id: '3.1', label: 'TTHC', indicator: 'procedures.new', kind: { type: 'count' as const }, provinceFigureBy: null },
  ];
  const plan: PrefillTask[] = [
    { ownerAgencyId: null, responsibleAgencyId: 'a', deadline: '2026-03-01', status: 'done', doneOn: '2026-02-01' },
    { ownerAgencyId: null, responsibleAgencyId: 'a', deadline: '2026-09-01', status: 'in-progress', doneOn: null },
    { ownerAgencyId: 'a', responsibleAgencyId: 'a', deadline: '2026-05-01', status: 'done', doneOn: '2026-04-01' },
    { ownerAgencyId: null, responsibleAgencyId: 'b', deadline: '2026-05-01', status: 'not-started', doneOn: null },
    { ownerAgencyId: 'b', responsibleAgencyId: 'b', deadline: '2026-05-01', status: 'done', doneOn: '2026-04-01' },
  ];
  const q2 = { from: '2026-03-15', to: '2026-06-14' };

  it("counts the agency's province tasks and its own, writes nothing over a filled cell, leaves unmapped rows alone", () => {
    const current = new Map([['1.1.2', { raw: '7', status: 'reported' as const }]]);
    const proposals = proposePrefill(rows, mapping, plan, { id: 'a', roles: [] }, q2, current);
    expect(proposals.map((p) => [p.rowId, p.value, p.raw, p.action, p.scope])).toEqual([
      ['1.1.1', 3, '3', 'fill', 'agency'],
      ['1.1.2', 2, '2', 'kept', 'agency'],
      ['2', 66.66, '66,66', 'fill', 'agency'],
    ]);
    expect(proposals[1]!.current).toBe('7');
  });

  it("counts the province's whole plan on a row whose province figure is the agency's role", () => {
    const proposals = proposePrefill(rows, mapping, plan, { id: 'snv', roles: ['so-noi-vu'] }, q2, new Map());
    expect(proposals.find((p) => p.rowId === '2')).toMatchObject({ scope: 'province', taskCount: 3, value: 33.33 });
    expect(proposals.find((p) => p.rowId === '1.1.1')).toMatchObject({ scope: 'agency', value: null, raw: '', action: 'empty' });
  });

  it('never proposes to fill a cell the officer filled, for any plan and any filled cells', () => {
    const prefillTask: fc.Arbitrary<PrefillTask> = fc
      .tuple(task, fc.constantFrom(null, 'a', 'b'), fc.constantFrom('a', 'b'))
      .map(([t, owner, responsible]) => ({ ...t, ownerAgencyId: owner, responsibleAgencyId: owner ?? responsible }));
    fc.assert(
      fc.property(fc.array(prefillTask, { maxLength: 30 }), fc.subarray(rows.map((r) => r.id)), range, (tasks, filled, period) => {
        const current = new Map(filled.map((id) => [id, { raw: '1', status: 'reported' as const }]));
        const proposals = proposePrefill(rows, mapping, tasks, { id: 'a', roles: [] }, period, current);
        for (const p of proposals) expect(p.action === 'kept').toBe(filled.includes(p.rowId));
        const own = tasksOf(tasks, 'a', 'agency');
        expect(proposals.find((p) => p.rowId === '1.1.1')!.value).toBe(own.length === 0 ? null : own.length);
        for (const t of own) expect(t.ownerAgencyId === 'a' || t.responsibleAgencyId === 'a').toBe(true);
      }),
    );
  });
});

describe('the import of a plan table', () => {
  const agencies = [
    { id: 'so-khcn', name: 'Sở Khoa học và Công nghệ', shortName: 'Sở KH&CN' },
    { id: 'so-y-te', name: 'Sở Y tế', shortName: null },
    { id: 'so-y-te-2', name: 'Sở Y tế', shortName: null },
    { id: 'so-tu-phap', name: 'Sở Tư pháp', shortName: null },
  ];

  it('reads the template, section rows setting the area of the rows under them', () => {
    const csv = [
      'STT;Nhiệm vụ;Lĩnh vực;Cơ quan chủ trì;Thời hạn;Sản phẩm dự kiến;Thuộc kế hoạch',
      'I;CẢI CÁCH THỂ CHẾ;;;;;',
      '1;"Rà soát VBQPPL; hệ thống hóa";;so-tu-phap;30/06/2026;Báo cáo;',
      '2;Số hóa hồ sơ;Chính quyền số;sở kh&cn;Thường xuyên;;Cơ quan',
    ].join('\r\n');
    const parsed = parseCsv(csv);
    expect('rows' in parsed).toBe(true);
    const result = readPlanTable('rows' in parsed ? parsed.rows : [], 2026, agencies);
    expect(result.problems).toEqual([]);
    expect(result.tasks).toEqual([
      {
        line: 3,
        title: 'Rà soát VBQPPL; hệ thống hóa',
        area: 'institutions',
        responsibleAgencyId: 'so-tu-phap',
        deadline: '2026-06-30',
        expectedOutput: 'Báo cáo',
        ownerAgencyId: null,
      },
      {
        line: 4,
        title: 'Số hóa hồ sơ',
        area: 'egov',
        responsibleAgencyId: 'so-khcn',
        deadline: '2026-12-31',
        expectedOutput: null,
        ownerAgencyId: 'so-khcn',
      },
    ]);
  });

  it('lists every problem of every row at once, with its line and column, and imports nothing', () => {
    const rows = [
      { line: 1, cells: ['Nhiệm vụ', 'Lĩnh vực', 'Cơ quan chủ trì', 'Thời hạn', 'Thuộc kế hoạch'] },
      { line: 2, cells: ['', 'Thời tiết', 'Sở Du lịch', '31/02/2026', 'Bộ'] },
      { line: 3, cells: ['Tập huấn', 'Công vụ', 'Sở Y tế', '15/01/2027', ''] },
      { line: 4, cells: ['Rà soát TTHC', 'tthc', 'so-khcn', '2026-05-01', ''] },
      { line: 5, cells: ['Rà soát TTHC', 'Thủ tục hành chính', 'Sở KH&CN', '01/05/2026', ''] },
    ];
    const result = readPlanTable(rows, 2026, agencies, new Set());
    expect(result.tasks).toEqual([]);
    expect(result.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'Lĩnh vực'],
      [2, 'Cơ quan chủ trì'],
      [2, 'Thời hạn'],
      [2, 'Thuộc kế hoạch'],
      [2, 'Nhiệm vụ'],
      [3, 'Cơ quan chủ trì'],
      [3, 'Thời hạn'],
      [5, 'Nhiệm vụ'],
    ]);
    expect(result.problems[5]!.messageVi).toContain('trùng với nhiều cơ quan');
    expect(result.problems[7]!.messageVi).toContain('trùng với dòng 4');
  });

  it('refuses a task already in the plan, a table without its columns, and a file with no task', () => {
    const rows = [
      { line: 1, cells: ['Nhiệm vụ', 'Lĩnh vực', 'Cơ quan chủ trì', 'Thời hạn'] },
      { line: 2, cells: ['Rà soát TTHC', 'procedures', 'so-khcn', '01/05/2026'] },
    ];
    const existing = new Set([taskKey({ title: 'rà soát tthc', responsibleAgencyId: 'so-khcn', deadline: '2026-05-01' })]);
    expect(readPlanTable(rows, 2026, agencies, existing).problems[0]!.messageVi).toContain('đã có trong kế hoạch');
    expect(readPlanTable([{ line: 1, cells: ['Nhiệm vụ', 'Ghi chú'] }], 2026, agencies).problems[0]!.messageVi).toContain(
      'Không tìm thấy dòng tiêu đề',
    );
    expect(readPlanTable([{ line: 1, cells: ['Nhiệm vụ', 'Thời hạn'] }], 2026, agencies).problems[0]!.messageVi).toContain(
      'Thiếu cột: Lĩnh vực, Cơ quan chủ trì',
    );
    expect(readPlanTable(rows.slice(0, 1), 2026, agencies).problems[0]!.messageVi).toContain('không có nhiệm vụ nào');
  });

  it('reads areas, deadlines and CSV quoting', () => {
    expect(areaOf('Cải cách tài chính công')).toBe('finance');
    expect(areaOf('civil-service')).toBe('civil-service');
    expect(areaOf('Kinh tế')).toBeNull();
    expect(deadlineOf('5/3/2026', 2026)).toBe('2026-03-05');
    expect(deadlineOf('Cả năm', 2026)).toBe('2026-12-31');
    expect(deadlineOf('Quý II', 2026)).toBeNull();
    expect(parseCsv('a,"b\n""c""",d\ne,f')).toEqual({
      rows: [
        { line: 1, cells: ['a', 'b\n"c"', 'd'] },
        { line: 3, cells: ['e', 'f'] },
      ],
    });
    expect(parseCsv('a,"b\nc')).toEqual({ unterminatedAt: 1 });
  });
});
