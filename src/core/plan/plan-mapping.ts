/**
 * Which report indicators the annual plan fills in, as data (templates/plan/plan-indicators.yaml): per canonical
 * indicator, what it counts (a measure) of which tasks (a selection). A province changes the mapping by editing the
 * file, never the code. Built and checked against the canonical catalogue here; problems are data. Pure.
 */
import { z } from 'zod';
import type { IndicatorDefinition, ValueKindType } from '../catalogue/template.js';
import { PLAN_MEASURES, TASK_SELECTIONS, type PlanMeasure, type TaskSelection } from './plan-measures.js';

export interface PlanIndicatorRule {
  indicator: string;
  measure: PlanMeasure;
  tasks: TaskSelection;
}

export interface PlanMapping {
  rules: readonly PlanIndicatorRule[];
  /** The rule of an indicator id. */
  byIndicator: ReadonlyMap<string, PlanIndicatorRule>;
}

const fileSchema = z
  .object({
    indicators: z.array(
      z
        .object({
          indicator: z.string().min(1),
          measure: z.enum(PLAN_MEASURES as [PlanMeasure, ...PlanMeasure[]]),
          tasks: z.enum(TASK_SELECTIONS as [TaskSelection, ...TaskSelection[]]),
        })
        .strict(),
    ),
  })
  .strict();

/** The kind of row a measure's figure can be written in. */
const KIND_OF: Readonly<Record<PlanMeasure, ValueKindType>> = {
  planned: 'count',
  completed: 'count',
  'completed-on-time': 'count',
  'completed-late': 'count',
  'overdue-open': 'count',
  'completion-rate': 'percent',
};

export type PlanMappingResult = { ok: true; mapping: PlanMapping } | { ok: false; problems: string[] };

/** Reads the mapping file's content (parsed YAML) against the catalogue: every problem at once. */
export function buildPlanMapping(data: unknown, indicators: readonly IndicatorDefinition[]): PlanMappingResult {
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`) };
  const catalogue = new Map(indicators.map((i) => [i.id, i]));
  const problems: string[] = [];
  const byIndicator = new Map<string, PlanIndicatorRule>();
  parsed.data.indicators.forEach((rule, index) => {
    const at = `indicators.${index} (${rule.indicator})`;
    const known = catalogue.get(rule.indicator);
    if (!known) problems.push(`${at}: not in the canonical catalogue (templates/indicators.yaml)`);
    else if (known.kind !== KIND_OF[rule.measure])
      problems.push(`${at}: the measure ${rule.measure} gives a ${KIND_OF[rule.measure]}, the indicator is a ${known.kind}`);
    if (byIndicator.has(rule.indicator)) problems.push(`${at}: mapped twice`);
    byIndicator.set(rule.indicator, rule);
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, mapping: { rules: [...byIndicator.values()], byIndicator } };
}
