/**
 * Loads the template data files shipped in templates/ (YAML) into checked core templates.
 * The only file I/O around templates; everything it calls is pure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { buildCatalogue } from '../core/catalogue/indicators.js';
import { buildTemplate, type TemplateProblem } from '../core/catalogue/template-source.js';
import type { IndicatorDefinition, Template } from '../core/catalogue/template.js';

/** templates/ at the package root (works from src/ under tsx/vitest and from dist/ after a build). */
export const TEMPLATES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

export class TemplateLoadError extends Error {
  constructor(
    readonly file: string,
    readonly problems: TemplateProblem[],
  ) {
    super(`Template file ${file} is invalid:\n${problems.map((p) => `  ${p.at}: ${p.message}`).join('\n')}`);
    this.name = 'TemplateLoadError';
  }
}

function readYaml(file: string): unknown {
  return parse(readFileSync(file, 'utf8'), { prettyErrors: true });
}

export function loadIndicators(dir = TEMPLATES_DIR): IndicatorDefinition[] {
  const file = join(dir, 'indicators.yaml');
  const result = buildCatalogue(readYaml(file));
  if (!result.ok) throw new TemplateLoadError(file, result.problems.map((message) => ({ at: 'indicators', message })));
  return result.indicators;
}

export interface TemplateLibrary {
  indicators: IndicatorDefinition[];
  templates: Template[];
}

/** The data files in templates/ that are not template versions: the catalogue, and the province report's phrasing. */
const NOT_TEMPLATES = new Set(['indicators.yaml', 'indicator-phrasing.yaml']);

/** Every `*.yaml` in the directory except the catalogue and the phrasing is one template version. */
export function loadTemplateLibrary(dir = TEMPLATES_DIR): TemplateLibrary {
  const indicators = loadIndicators(dir);
  const templates = readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') && !NOT_TEMPLATES.has(name))
    .sort()
    .map((name) => {
      const file = join(dir, name);
      const result = buildTemplate(readYaml(file), indicators);
      if (!result.ok) throw new TemplateLoadError(file, result.problems);
      return result.template;
    });
  const ids = new Set<string>();
  for (const t of templates) {
    if (ids.has(t.id)) throw new TemplateLoadError(t.id, [{ at: 'id', message: `duplicate template id ${t.id}` }]);
    ids.add(t.id);
  }
  return { indicators, templates };
}

let cached: TemplateLibrary | null = null;
export function templateLibrary(): TemplateLibrary {
  cached ??= loadTemplateLibrary();
  return cached;
}

export function getTemplate(id: string): Template {
  const template = templateLibrary().templates.find((t) => t.id === id);
  if (!template) throw new Error(`Unknown template ${id}`);
  return template;
}
