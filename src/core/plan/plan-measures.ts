/**
 * The figures a plan gives a report: which tasks a figure counts (the year's plan, the tasks due by the period's
 * cut-off, or those due within the period) and what it counts of them as of the cut-off's last day (planned,
 * completed, on time, late, overdue and not done, the completion rate). A task done after the cut-off was not done at
 * the cut-off: a report keeps the figures of its period whenever it is filled in. Pure.
 */
import type { DateRange } from '../periods/period.js';
import type { TaskStatus } from './plan.js';

export interface TaskFacts {
  /** yyyy-mm-dd, inclusive. */
  deadline: string;
  status: TaskStatus;
  /** yyyy-mm-dd; set when done. */
  doneOn: string | null;
}

/** Which tasks a figure counts. */
export type TaskSelection =
  /** every task of the year's plan ("Số nhiệm vụ đề ra trong kế hoạch") */
  | 'year'
  /** the tasks due on or before the cut-off's last day (year to date) */
  | 'due-to-date'
  /** the tasks due within the period's cut-off range */
  | 'due-in-period';
export const TASK_SELECTIONS: readonly TaskSelection[] = ['year', 'due-to-date', 'due-in-period'];

/** What a figure counts of the selected tasks. */
export type PlanMeasure = 'planned' | 'completed' | 'completed-on-time' | 'completed-late' | 'overdue-open' | 'completion-rate';
export const PLAN_MEASURES: readonly PlanMeasure[] = [
  'planned',
  'completed',
  'completed-on-time',
  'completed-late',
  'overdue-open',
  'completion-rate',
];

export interface PlanCounts {
  planned: number;
  /** done on or before the cut-off's last day */
  completed: number;
  /** … and on or before its deadline */
  completedOnTime: number;
  completedLate: number;
  /** not done at the cut-off */
  open: number;
  /** not done at the cut-off, with the deadline already past it */
  overdueOpen: number;
}

/** Whether the task was done on `asOf` (a done task without its day counts as not done: the day is what is known). */
export const doneBy = (task: TaskFacts, asOf: string): boolean => task.status === 'done' && task.doneOn !== null && task.doneOn <= asOf;

export function selectTasks<T extends TaskFacts>(tasks: readonly T[], selection: TaskSelection, period: DateRange): T[] {
  switch (selection) {
    case 'year':
      return [...tasks];
    case 'due-to-date':
      return tasks.filter((t) => t.deadline <= period.to);
    case 'due-in-period':
      return tasks.filter((t) => t.deadline >= period.from && t.deadline <= period.to);
  }
}

/** The counts of `tasks` as they stood at the end of `asOf` (yyyy-mm-dd). */
export function countTasks(tasks: readonly TaskFacts[], asOf: string): PlanCounts {
  const counts: PlanCounts = { planned: 0, completed: 0, completedOnTime: 0, completedLate: 0, open: 0, overdueOpen: 0 };
  for (const task of tasks) {
    counts.planned++;
    if (doneBy(task, asOf)) {
      counts.completed++;
      if (task.doneOn! <= task.deadline) counts.completedOnTime++;
      else counts.completedLate++;
    } else {
      counts.open++;
      if (task.deadline < asOf) counts.overdueOpen++;
    }
  }
  return counts;
}

/**
 * completed / planned × 100, cut (never rounded up) to two decimals, so a plan not all done never shows 100; null
 * when nothing was planned (a rate of nothing is not reported).
 */
export function completionRate(counts: Pick<PlanCounts, 'planned' | 'completed'>): number | null {
  if (counts.planned === 0) return null;
  return Math.floor((counts.completed * 10_000) / counts.planned) / 100;
}

export function measureOf(measure: PlanMeasure, counts: PlanCounts): number | null {
  switch (measure) {
    case 'planned':
      return counts.planned;
    case 'completed':
      return counts.completed;
    case 'completed-on-time':
      return counts.completedOnTime;
    case 'completed-late':
      return counts.completedLate;
    case 'overdue-open':
      return counts.overdueOpen;
    case 'completion-rate':
      return completionRate(counts);
  }
}

/** One figure: the measure of the selected tasks at the end of the period's cut-off range. */
export function planFigure(tasks: readonly TaskFacts[], rule: { measure: PlanMeasure; tasks: TaskSelection }, period: DateRange): number | null {
  return measureOf(rule.measure, countTasks(selectTasks(tasks, rule.tasks, period), period.to));
}
