/**
 * Each report's findings kept beside it (migration 0009): the core's checks over its values, computed when the report
 * is submitted and, for any counted report whose values were written since (imports, restores), when the
 * consolidation's findings are next read — a page of reports at a time, under a share lock so a write cannot slip
 * between reading the values and marking the findings current.
 */
import type { Template } from '../../core/catalogue/template.js';
import { runChecks } from '../../core/checks/run-checks.js';
import type { Finding } from '../../core/checks/finding.js';
import type { Context } from '../context.js';
import { lockReportsForShare, staleCountedReports, storeFindings, type FindingsScope } from '../repositories/findings.repository.js';
import { getValuesOf, toCellValue } from '../repositories/report.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';

/** Reports checked per transaction. */
const PAGE = 250;

async function templateOf(ctx: Context, cache: Map<string, Template>, id: string): Promise<Template> {
  const hit = cache.get(id);
  if (hit) return hit;
  const template = (ctx.templates.templates.find((t) => t.id === id) ?? (await getTemplateVersion(ctx.db, id))) as Template | undefined;
  if (!template) throw new Error(`template version ${id} is not stored`);
  cache.set(id, template);
  return template;
}

/** Computes and stores the findings of some reports (their values read now), marking them current. */
export async function keepFindings(
  ctx: Context,
  reports: readonly { reportId: string; templateId: string }[],
  cache = new Map<string, Template>(),
): Promise<number> {
  if (reports.length === 0) return 0;
  for (const r of reports) await templateOf(ctx, cache, r.templateId);
  await ctx.db.transaction().execute(async (trx) => {
    await lockReportsForShare(
      trx,
      reports.map((r) => r.reportId),
    );
    const stored = await getValuesOf(
      trx,
      reports.map((r) => r.reportId),
    );
    const byReport = new Map<string, Finding[]>();
    for (const r of reports) {
      const values = new Map((stored.get(r.reportId) ?? []).map((v) => [v.row_id, toCellValue(v)]));
      byReport.set(r.reportId, runChecks(cache.get(r.templateId)!, values));
    }
    await storeFindings(trx, byReport, ctx.clock.now());
  });
  return reports.length;
}

/**
 * Brings the findings of a consolidation's counted reports up to date: only those never checked or written since (none,
 * usually: counted reports are not editable). Returns how many were checked.
 */
export async function refreshStaleFindings(ctx: Context, scope: FindingsScope): Promise<number> {
  const cache = new Map<string, Template>();
  let checked = 0;
  for (;;) {
    const stale = await staleCountedReports(ctx.db, scope, PAGE);
    if (stale.length === 0) return checked;
    checked += await keepFindings(ctx, stale, cache);
    // thousands of reports: let other requests through between pages
    await new Promise((resolve) => setImmediate(resolve));
  }
}
