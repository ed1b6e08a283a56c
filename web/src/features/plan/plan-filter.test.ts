import { describe, expect, it } from 'vitest';
import type { PlanTaskDto } from '../../api/types.js';
import { filterTasks, summarise } from './plan-filter.js';

const task = (over: Partial<PlanTaskDto>): PlanTaskDto => ({
  id: 't',
  planId: 'p',
  position: 1,
  ownerAgencyId: null,
  ownerAgencyName: null,
  area: 'procedures',
  title: 'Nhiệm vụ',
  responsibleAgencyId: 'a',
  responsibleAgencyName: 'Sở A',
  deadline: '2026-06-30',
  expectedOutput: null,
  status: 'not-started',
  doneOn: null,
  note: null,
  evidenceReport: null,
  files: [],
  version: 1,
  overdue: false,
  mayUpdateProgress: false,
  ...over,
});

describe('the plan table', () => {
  const tasks = [
    task({ id: '1', status: 'done', doneOn: '2026-06-01' }),
    task({ id: '2', status: 'done', doneOn: '2026-07-01', area: 'egov' }),
    task({ id: '3', status: 'in-progress', overdue: true, responsibleAgencyId: 'b' }),
    task({ id: '4', overdue: true, area: 'egov' }),
  ];

  it('filters by area, agency and status, "overdue" meaning past the deadline and not done', () => {
    const ids = (f: Parameters<typeof filterTasks>[1]) => filterTasks(tasks, f).map((t) => t.id);
    expect(ids({ area: null, agencyId: null, status: null })).toEqual(['1', '2', '3', '4']);
    expect(ids({ area: 'egov', agencyId: null, status: null })).toEqual(['2', '4']);
    expect(ids({ area: null, agencyId: 'b', status: null })).toEqual(['3']);
    expect(ids({ area: null, agencyId: null, status: 'overdue' })).toEqual(['3', '4']);
    expect(ids({ area: 'egov', agencyId: null, status: 'done' })).toEqual(['2']);
  });

  it('sums up the progress, done on time apart', () => {
    expect(summarise(tasks)).toEqual({ total: 4, done: 2, inProgress: 1, notStarted: 1, overdue: 2, onTime: 1 });
  });
});
