/**
 * Reports: reading one with its findings, saving cells and narrative. Cells are read with the core grammar per the
 * template row's kind; every write carries the version it read and a stale write is refused with the current state.
 */
import type { Template } from '../../core/catalogue/template.js';
import { runChecks } from '../../core/checks/run-checks.js';
import { narrativeText } from '../../core/checks/narrative-figures.js';
import { comparePeriods, previousPeriod, type PeriodKind } from '../../core/periods/period.js';
import { translateValues } from '../../core/catalogue/translate.js';
import type { CellValue } from '../../core/report.js';
import { formatValue } from '../../core/values/cell-grammar.js';
import { unreadableFindings } from '../../core/values/cell-reading.js';
import type { Context } from '../context.js';
import { may, type Actor } from '../policies/access.js';
import { recordAudit } from '../repositories/audit.repository.js';
import {
  bumpVersion,
  findAcceptedReport,
  getNarrative,
  getReport,
  getReportStamped,
  getValues,
  listReports,
  replaceNarrative,
  toCellValue,
  type NarrativeSection,
  type Report,
  type StoredValue,
} from '../repositories/report.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';
import { listComments } from '../repositories/submission.repository.js';
import { presentReport } from '../presenters/report.presenter.js';
import { cellOf, type PreviousData, type ReportData, type SavedValuesData } from './report-data.js';
import { cellWriteOf, isEditable, type CellInput } from './report-write.js';
import { notFound, forbidden, reportLocked, ServiceError, staleVersion } from './service-error.js';
import { outlierFindingsFor } from './report-history.service.js';
import { valueWriterOf } from './value-writer.js';
import { importedCellProvenance } from '../../shared/provenance-schemas.js';
import { writeGenerationOf } from '../db/write-generation.js';

export type { CellInput } from './report-write.js';

export { cellOf, type PreviousData, type ReportData, type SavedValuesData } from './report-data.js';

async function templateOf(ctx: Context, id: string): Promise<Template> {
  const template = await getTemplateVersion(ctx.db, id);
  if (!template) throw notFound('template', id);
  return template;
}

/** A report the actor may see; outside the actor's agencies it does not exist. */
async function visibleReport(ctx: Context, actor: Actor, id: string): Promise<Report> {
  const report = await getReport(ctx.db, id);
  if (!report || !may(actor, 'report:read', report.agency_id)) throw notFound('report', id);
  return report;
}

async function findingsFor(
  ctx: Context,
  report: Report,
  template: Template,
  values: Map<string, CellValue>,
  sections: readonly NarrativeSection[] = [],
) {
  const before = previousPeriod({ year: report.period_year, kind: report.period_kind as PeriodKind });
  const previous = await findAcceptedReport(ctx.db, report.agency_id, before);
  // figures the narrative states are compared with the appendix (warnings), by the catalogue's phrasings
  const narrative = sections.length > 0 ? { narrative: { text: narrativeText(sections), indicators: ctx.templates.indicators } } : {};
  if (!previous) return runChecks(template, values, narrative);
  const previousTemplate = await templateOf(ctx, previous.template_id);
  const previousValues = new Map((await getValues(ctx.db, previous.id)).map((v) => [v.row_id, toCellValue(v)]));
  return runChecks(template, values, {
    previous: { template: previousTemplate, values: previousValues },
    previousInSameYear: before.year === report.period_year,
    ...narrative,
  });
}

/**
 * Views already computed, per database and report: a view depends only on the report's version (every write of a
 * report — cells, narrative, status, signer — bumps it), its template version (never changes), and what the stamp of
 * {@link getReportStamped} covers (comments, the accepted reports of the agency and its predecessors). Opening a
 * report is the most frequent request of a deadline day: an unchanged report costs one query instead of eight and
 * no checks — and on the embedded database none at all while nothing was written since its stamp was last checked
 * (every write of this process is counted: db/write-generation.ts).
 */
interface CachedView {
  /** What the view was computed from: the report's version and time, template and stamp. */
  key: string;
  /** The view with the report's row as the stamp last read it. */
  view: ReportData;
  /** The write generation just before that stamp was sent (embedded database); null where writes are not counted. */
  checkedAt: number | null;
}
const views = new WeakMap<Context['db'], Map<string, CachedView>>();
const MAX_CACHED_VIEWS = 2_000;

function viewsOf(ctx: Context) {
  let cache = views.get(ctx.db);
  if (!cache) {
    cache = new Map();
    views.set(ctx.db, cache);
  }
  return cache;
}

export async function viewReport(ctx: Context, actor: Actor, id: string): Promise<ReportData> {
  const cache = viewsOf(ctx);
  const writes = writeGenerationOf(ctx.db);
  const known = cache.get(id);
  if (known && writes && known.checkedAt === writes.value) {
    // nothing written since the stamp was read: the row and the view are still what the database holds
    if (!may(actor, 'report:read', known.view.report.agency_id)) throw notFound('report', id);
    cache.delete(id);
    cache.set(id, known);
    return known.view;
  }
  const checkedAt = writes ? writes.value : null;
  const stamped = await getReportStamped(ctx.db, id);
  if (!stamped || !may(actor, 'report:read', stamped.report.agency_id)) throw notFound('report', id);
  const { report, stamp } = stamped;
  const key = `${report.version}|${new Date(report.updated_at).getTime()}|${report.template_id}|${stamp}`;
  if (known?.key === key) {
    // the most recently read last: the oldest go first when the cache is full. The same view while its row reads the
    // same (the presenter keeps its JSON per view)
    cache.delete(id);
    const view = sameRow(known.view.report, report) ? known.view : { ...known.view, report };
    cache.set(id, { key, view, checkedAt });
    return view;
  }
  // read after the stamp, the view is never older than its key: a write meanwhile moves the key on (and the write
  // generation), and no later read meets the old key again
  const view = await viewOf(ctx, report, await getValues(ctx.db, id));
  cache.delete(id);
  if (cache.size >= MAX_CACHED_VIEWS) cache.delete(cache.keys().next().value!);
  cache.set(id, { key, view, checkedAt });
  return view;
}

/** Two reads of a report's row that hold the same (times compared as times). */
function sameRow(a: Report, b: Report): boolean {
  const keys = Object.keys(a) as (keyof Report)[];
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => {
    const x = a[k];
    const y = b[k];
    return x === y || (x instanceof Date && y instanceof Date && x.getTime() === y.getTime());
  });
}

const byRowId = (a: StoredValue, b: StoredValue) => (a.row_id < b.row_id ? -1 : a.row_id > b.row_id ? 1 : 0);

/** The view of a report whose row and values are already read (values in row id order, whatever the collation). */
async function viewOf(ctx: Context, report: Report, unsorted: readonly StoredValue[]): Promise<ReportData> {
  const stored = [...unsorted].sort(byRowId);
  const template = await templateOf(ctx, report.template_id);
  const values = new Map(stored.map((v) => [v.row_id, toCellValue(v)]));
  const narrative = await getNarrative(ctx.db, report.id);
  const [checked, comments, outliers] = await Promise.all([
    findingsFor(ctx, report, template, values, narrative),
    listComments(ctx.db, report.id),
    outlierFindingsFor(ctx, report, template, values), // far from the agency's own history: warnings
  ]);
  const findings = [...unreadableFindings(template, values), ...checked, ...outliers]; // words where a number belongs, as the grid says
  return {
    report,
    values: stored.map(cellOf),
    narrative,
    findings,
    comments,
    provenance: stored.flatMap((v) => importedCellProvenance(v.row_id, v.provenance) ?? []),
  };
}

export async function listVisibleReports(ctx: Context, actor: Actor, filter: { roundId?: string; agencyId?: string }) {
  if (!may(actor, 'report:read')) throw forbidden('report:read');
  if (filter.agencyId && !actor.scope.has(filter.agencyId)) return [];
  return listReports(ctx.db, { agencyIds: [...actor.scope], ...filter });
}

async function writableReport(ctx: Context, actor: Actor, id: string, version: number): Promise<Report> {
  const report = await visibleReport(ctx, actor, id);
  if (!may(actor, 'report:write', report.agency_id)) throw forbidden('report:write');
  if (!isEditable(report.status)) throw reportLocked(report);
  if (report.version !== version) throw await staleWrite(ctx, actor, id);
  return report;
}

async function staleWrite(ctx: Context, actor: Actor, id: string): Promise<ServiceError> {
  const current = await viewReport(ctx, actor, id);
  // the problem document carries the report as the API shows it, so the page can show the newer state
  return staleVersion(`report ${id}: stale version`, { currentVersion: current.report.version, current: presentReport(current) });
}

/** A stored template version never changes: its rows by id, made once. */
const rowMaps = new WeakMap<Template, ReadonlyMap<string, Template['rows'][number]>>();
function rowsOf(template: Template): ReadonlyMap<string, Template['rows'][number]> {
  let rows = rowMaps.get(template);
  if (!rows) {
    rows = new Map(template.rows.map((r) => [r.id, r]));
    rowMaps.set(template, rows);
  }
  return rows;
}

/** A report's agency and template never change: kept per process so an autosave needs no read to authorize. */
const reportFacts = new WeakMap<Context['db'], Map<string, { agencyId: string; templateId: string }>>();

function factsCache(ctx: Context) {
  let facts = reportFacts.get(ctx.db);
  if (!facts) {
    facts = new Map();
    reportFacts.set(ctx.db, facts);
  }
  return facts;
}

async function factsOf(ctx: Context, id: string): Promise<{ agencyId: string; templateId: string } | undefined> {
  const cache = factsCache(ctx);
  const known = cache.get(id);
  if (known) return known;
  const report = await getReport(ctx.db, id);
  if (!report) return undefined;
  if (cache.size >= 50_000) cache.clear();
  const facts = { agencyId: report.agency_id, templateId: report.template_id };
  cache.set(id, facts);
  return facts;
}

/**
 * Saves cells with the version the writer read. The write goes through the group commit ({@link ValueWriter}); the
 * answer is the whole report (checks included), or with `answer: 'minimal'` only the new version and the cells
 * written (the browser runs the checks itself).
 */
export async function saveValues(ctx: Context, actor: Actor, id: string, version: number, cells: readonly CellInput[]): Promise<ReportData>;
export async function saveValues(
  ctx: Context,
  actor: Actor,
  id: string,
  version: number,
  cells: readonly CellInput[],
  answer: 'minimal',
): Promise<SavedValuesData>;
export async function saveValues(
  ctx: Context,
  actor: Actor,
  id: string,
  version: number,
  cells: readonly CellInput[],
  answer: 'full' | 'minimal' = 'full',
): Promise<ReportData | SavedValuesData> {
  for (let attempt = 0; ; attempt++) {
    const facts = await factsOf(ctx, id);
    if (!facts || !may(actor, 'report:read', facts.agencyId)) throw notFound('report', id);
    if (!may(actor, 'report:write', facts.agencyId)) throw forbidden('report:write');
    const rows = rowsOf(await templateOf(ctx, facts.templateId));
    const unknown = cells.filter((c) => !rows.has(c.rowId)).map((c) => c.rowId);
    if (unknown.length > 0) {
      throw new ServiceError(422, 'unknown-rows', `Mẫu báo cáo không có các dòng: ${unknown.join(', ')}.`, `unknown rows ${unknown.join(', ')}`);
    }
    const now = ctx.clock.now();
    // read with the core grammar, the text as the database will hold it (a lone surrogate becomes U+FFFD)
    const writes = cells.map((c) => cellWriteOf(rows.get(c.rowId)!.kind, c, { source: 'entry' }));
    const outcome = await valueWriterOf(ctx.db, ctx.engine).write({
      reportId: id,
      version,
      agencyId: facts.agencyId,
      templateId: facts.templateId,
      actorId: actor.accountId,
      now,
      writes,
    });
    if (outcome.kind === 'refused') {
      // the precise reason from the report as it is now (locked, stale); a report whose facts changed is tried afresh
      factsCache(ctx).delete(id);
      const report = await writableReport(ctx, actor, id, version);
      if (attempt < 2 && (report.agency_id !== facts.agencyId || report.template_id !== facts.templateId)) continue;
      throw await staleWrite(ctx, actor, id);
    }
    if (answer === 'minimal') {
      // the cells as stored: the last write of a row wins, the text normalised as it was written
      const last = new Map(writes.map((w) => [w.rowId, w]));
      return {
        id,
        version: outcome.version,
        status: outcome.status,
        cells: [...last.values()].map((w) => ({ rowId: w.rowId, raw: w.raw, value: w.cell.value, status: w.cell.status, note: w.cell.note })),
      };
    }
    return viewReport(ctx, actor, id);
  }
}

export async function saveNarrative(
  ctx: Context,
  actor: Actor,
  id: string,
  version: number,
  sections: readonly { heading: string; level: number; body: string }[],
): Promise<ReportData> {
  const report = await writableReport(ctx, actor, id, version);
  const now = ctx.clock.now();
  const stale = await ctx.db.transaction().execute(async (trx) => {
    const before = await getNarrative(trx, id);
    if (!(await bumpVersion(trx, id, version, report.status === 'not-started' ? { status: 'draft' } : {}, now))) return true;
    await replaceNarrative(trx, id, sections);
    await recordAudit(
      trx,
      {
        actorId: actor.accountId,
        action: 'save-narrative',
        entity: 'report',
        entityId: id,
        before: { version, sections: before.map((s) => ({ heading: s.heading, level: s.level, body: s.body })) },
        after: { version: version + 1, sections },
      },
      now,
    );
    return false;
  });
  if (stale) throw await staleWrite(ctx, actor, id);
  return viewReport(ctx, actor, id);
}

/** The same agency's latest accepted report before this one's period, in any template version. */
async function previousAccepted(ctx: Context, report: Report): Promise<Report | undefined> {
  const all = await listReports(ctx.db, { agencyIds: [report.agency_id] });
  const key = (r: Report) => ({ year: r.period_year, kind: r.period_kind as PeriodKind });
  return all
    .filter((r) => r.id !== report.id && r.status === 'accepted' && comparePeriods(key(r), key(report)) < 0)
    .sort((a, b) => comparePeriods(key(b), key(a)))[0];
}

export async function previousOf(ctx: Context, actor: Actor, id: string): Promise<PreviousData | null> {
  const report = await visibleReport(ctx, actor, id);
  const previous = await previousAccepted(ctx, report);
  if (!previous) return null;
  const template = await templateOf(ctx, report.template_id);
  const previousTemplate = await templateOf(ctx, previous.template_id);
  const stored = await getValues(ctx.db, previous.id);
  const raws = new Map(stored.map((v) => [v.row_id, v.raw]));
  const moved = translateValues(previousTemplate, template, new Map(stored.map((v) => [v.row_id, toCellValue(v)])));
  const rawOf = new Map<string, string>();
  for (const row of previousTemplate.rows) {
    const target = previousTemplate.id === template.id ? row.id : template.rows.find((r) => r.indicator && r.indicator === row.indicator)?.id;
    if (target && raws.has(row.id)) rawOf.set(target, raws.get(row.id)!);
  }
  const stocks = template.rows
    .filter((r) => r.measure === 'stock' && moved.values.get(r.id)?.status === 'reported')
    .map((r) => {
      const cell = moved.values.get(r.id)!;
      return { rowId: r.id, raw: rawOf.get(r.id) ?? formatValue(cell.value, r.kind), value: cell.value, status: cell.status, note: cell.note };
    });
  return { report: previous, narrative: await getNarrative(ctx.db, previous.id), stocks };
}

/** Fills the empty stock rows of a report from the previous period (flows stay empty: they are counted anew). */
export async function prefillStocks(ctx: Context, actor: Actor, id: string, version: number): Promise<ReportData> {
  const report = await writableReport(ctx, actor, id, version);
  const previous = await previousOf(ctx, actor, id);
  if (!previous)
    throw new ServiceError(404, 'no-previous', 'Không có báo cáo kỳ trước đã được duyệt để lấy số liệu.', `no accepted report before ${id}`);
  const filled = new Set((await getValues(ctx.db, id)).filter((v) => v.status !== 'not-reported' || v.raw.trim() !== '').map((v) => v.row_id));
  const cells = previous.stocks.filter((s) => !filled.has(s.rowId)).map((s) => ({ rowId: s.rowId, raw: s.raw }));
  if (cells.length === 0 || report.status === 'accepted') return viewReport(ctx, actor, id);
  return saveValues(ctx, actor, id, version, cells);
}
