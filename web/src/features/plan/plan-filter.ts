/** The plan table's filters and summary, pure (shared by the page and its tests). */
import type { PlanTaskDto } from '../../api/types.js';

export interface PlanFilter {
  area: string | null;
  agencyId: string | null;
  /** a task status, or "overdue" (past its deadline and not done) */
  status: string | null;
}

export function filterTasks(tasks: readonly PlanTaskDto[], filter: PlanFilter): PlanTaskDto[] {
  return tasks.filter(
    (t) =>
      (filter.area === null || t.area === filter.area) &&
      (filter.agencyId === null || t.responsibleAgencyId === filter.agencyId) &&
      (filter.status === null || (filter.status === 'overdue' ? t.overdue : t.status === filter.status)),
  );
}

export interface PlanSummary {
  total: number;
  done: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
  /** done on or before the deadline */
  onTime: number;
}

export function summarise(tasks: readonly PlanTaskDto[]): PlanSummary {
  const summary: PlanSummary = { total: tasks.length, done: 0, inProgress: 0, notStarted: 0, overdue: 0, onTime: 0 };
  for (const t of tasks) {
    if (t.status === 'done') {
      summary.done++;
      if (t.doneOn !== null && t.doneOn <= t.deadline) summary.onTime++;
    } else if (t.status === 'in-progress') summary.inProgress++;
    else summary.notStarted++;
    if (t.overdue) summary.overdue++;
  }
  return summary;
}
