import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIndicators, TemplateLoadError } from '../../templates/template-loader.js';
import { loadPlanMapping, PLAN_MAPPING_FILE } from './plan-mapping.js';

describe('the shipped plan → indicators mapping', () => {
  it('loads against the canonical catalogue, mapping the plan indicators the templates use', () => {
    const mapping = loadPlanMapping();
    expect(mapping.rules.map((r) => `${r.indicator}:${r.measure}:${r.tasks}`)).toEqual([
      'direction.plan.tasks-planned:planned:year',
      'direction.plan.tasks-completed:completed:year',
      'direction.plan.completion-rate:completion-rate:year',
    ]);
  });

  it('refuses a file naming an indicator the catalogue lacks, with the file and the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-plan-mapping-'));
    mkdirSync(join(dir, 'plan'));
    writeFileSync(join(dir, PLAN_MAPPING_FILE), 'indicators:\n  - { indicator: direction.plan.nowhere, measure: planned, tasks: year }\n');
    expect(() => loadPlanMapping(dir, loadIndicators())).toThrow(TemplateLoadError);
    expect(() => loadPlanMapping(dir, loadIndicators())).toThrow(/direction\.plan\.nowhere/u);
  });
});
