/**
 * What the plan proposes for a report: for each template row whose indicator the mapping names, the figure of the
 * agency's tasks (the province's tasks it is responsible for and its own plan's tasks) — or of the province's whole
 * plan on a row whose province figure is the report's agency's (`provinceFigureBy` a role the agency holds: the Sở Nội
 * vụ reporting the province's plan) — for the report's cut-off range; and whether it is written: never over a cell
 * the officer already filled. Pure.
 */
import type { ValueKind } from '../catalogue/template.js';
import type { DateRange } from '../periods/period.js';
import { formatValue } from '../values/cell-grammar.js';
import { planFigure, type PlanMeasure, type TaskFacts, type TaskSelection } from './plan-measures.js';
import type { PlanMapping } from './plan-mapping.js';

export interface PrefillRow {
  id: string;
  label: string;
  indicator: string | null;
  kind: ValueKind;
  provinceFigureBy: string | null;
}

export interface PrefillTask extends TaskFacts {
  /** null: a task of the province's plan; else the agency whose own plan holds it. */
  ownerAgencyId: string | null;
  responsibleAgencyId: string;
}

export interface CurrentCell {
  raw: string;
  status: 'reported' | 'not-reported' | 'text';
  /** The cell holds what an earlier fill from the plan wrote, untouched since (a round's opening fills reports). */
  fromPlan?: boolean;
}

export interface PrefillProposal {
  rowId: string;
  label: string;
  indicator: string;
  measure: PlanMeasure;
  tasks: TaskSelection;
  /** Whose tasks were counted: the agency's, or the province's whole plan. */
  scope: 'agency' | 'province';
  /** How many tasks the scope holds (before the selection). */
  taskCount: number;
  value: number | null;
  /** The value as an officer would type it ("" when there is none). */
  raw: string;
  /** The cell as it is in the report, when filled. */
  current: string | null;
  /**
   * fill: written by a prefill (into an empty cell, or over an earlier fill from the plan the officer left as it was);
   * kept: the cell stays (the officer's value, or the plan's figure already there); empty: the plan gives no figure.
   */
  action: 'fill' | 'kept' | 'empty';
}

/** Whether the officer already filled the cell (a value, a mark or words). */
export const isFilled = (cell: CurrentCell | undefined): boolean => cell !== undefined && (cell.status !== 'not-reported' || cell.raw.trim() !== '');

/** The tasks a report of `agencyId` counts, by scope. */
export function tasksOf<T extends PrefillTask>(tasks: readonly T[], agencyId: string, scope: 'agency' | 'province'): T[] {
  return scope === 'province'
    ? tasks.filter((t) => t.ownerAgencyId === null)
    : tasks.filter((t) => t.ownerAgencyId === agencyId || (t.ownerAgencyId === null && t.responsibleAgencyId === agencyId));
}

export function proposePrefill(
  rows: readonly PrefillRow[],
  mapping: PlanMapping,
  tasks: readonly PrefillTask[],
  agency: { id: string; roles: readonly string[] },
  period: DateRange,
  current: ReadonlyMap<string, CurrentCell>,
): PrefillProposal[] {
  const proposals: PrefillProposal[] = [];
  for (const row of rows) {
    const rule = row.indicator === null ? undefined : mapping.byIndicator.get(row.indicator);
    if (!rule) continue;
    const scope = row.provinceFigureBy !== null && agency.roles.includes(row.provinceFigureBy) ? 'province' : 'agency';
    const counted = tasksOf(tasks, agency.id, scope);
    // an agency without a task in the plan gets no figure from it (not a zero: the plan says nothing about it)
    const value = counted.length === 0 ? null : planFigure(counted, rule, period);
    const cell = current.get(row.id);
    const filled = isFilled(cell);
    // what the plan wrote earlier is brought up to date; what the officer wrote stays
    const stale = filled && cell!.fromPlan === true && value !== null && cell!.raw !== formatValue(value, row.kind);
    proposals.push({
      rowId: row.id,
      label: row.label,
      indicator: rule.indicator,
      measure: rule.measure,
      tasks: rule.tasks,
      scope,
      taskCount: counted.length,
      value,
      raw: formatValue(value, row.kind),
      current: filled ? cell!.raw : null,
      action: stale ? 'fill' : filled ? 'kept' : value === null ? 'empty' : 'fill',
    });
  }
  return proposals;
}
