import { describe, expect, it } from 'vitest';
import { statusesAllowing, type ReportStatus } from './report-workflow.js';
import { mayEditCells, roleMay, ROLES, type Action } from './roles.js';

const STATUSES: ReportStatus[] = ['not-started', 'draft', 'submitted', 'returned', 'accepted'];
const holders = (action: Action) => ROLES.filter((role) => roleMay(role, action)).sort();

describe('which role may do what', () => {
  it("an agency's officer and leader write its reports; only the leader submits; the Sở Nội vụ and administrators review", () => {
    expect(holders('report:write')).toEqual(['approver', 'reporter']);
    expect(holders('report:submit')).toEqual(['approver']);
    expect(holders('report:review')).toEqual(['admin', 'consolidator']);
    expect(holders('report:read')).toEqual([...ROLES].sort());
    expect(holders('account:manage')).toEqual(['admin']);
    expect(holders('round:create')).toEqual(['admin', 'consolidator']);
    expect(holders('plan:progress')).toEqual(['approver', 'reporter']);
  });

  it("a report's cells may be changed by its writers while the report may be saved, by nobody otherwise", () => {
    for (const role of [...ROLES, undefined])
      for (const status of STATUSES)
        expect(mayEditCells(role, status), `${role} ${status}`).toBe(
          (role === 'reporter' || role === 'approver') && statusesAllowing('save').includes(status),
        );
    expect(STATUSES.filter((s) => mayEditCells('reporter', s))).toEqual(['not-started', 'draft', 'returned']);
  });
});
