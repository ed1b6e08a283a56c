/**
 * The province's consolidated report of a round, with the core's semantics (sums, ratios of summed parts,
 * distributions, responsible agencies, missing never 0): every figure drills down to each agency's value and says
 * how many agencies reported it; optionally only agencies of one kind; the findings of all agencies in one place.
 */
import type { Template } from '../../core/catalogue/template.js';
import {
  consolidateFigures,
  figureOf,
  medianOfMiddle,
  middleValues,
  ratioPartsOf,
  type ConsolidatedFigure,
  type ConsolidatedRow,
  type Contribution,
  type RowAggregate,
} from '../../core/consolidation/consolidate.js';
import { coverageOf, type Coverage, type MemberStatus } from '../../core/consolidation/coverage.js';
import { type PeriodKind } from '../../core/periods/period.js';
import type { Writable } from 'node:stream';
import type { DocumentHeader } from '../../documents/document-model.js';
import { writeConsolidatedXlsx, type ConsolidatedSource } from '../../documents/xlsx/consolidated-xlsx.js';
import type { Context } from '../context.js';
import type { AgencyKind } from '../db/schema.js';
import { may, type Actor } from '../policies/access.js';
import { getAgency } from '../repositories/agency.repository.js';
import {
  countCountedReports,
  getRoundRow,
  listAcceptedOfPeriod,
  countPercentOnly,
  listCountedReports,
  listRoundMembers,
  readAggregates,
  readResponsibleValues,
  readRowContributions,
  type ConsolidationScope,
} from '../repositories/consolidation.repository.js';
import { countFindings, pageFindings, type FindingCount, type FindingsPageQuery, type FindingsScope } from '../repositories/findings.repository.js';
import { readValuesByReportPages } from '../repositories/consolidation-values.repository.js';
import { getValuesOf, toCellValue } from '../repositories/report.repository.js';
import { refreshStaleFindings } from './report-findings.js';
import { getRound } from '../repositories/round.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';
import { agencyCode } from './document.service.js';
import { forbidden, notFound } from './service-error.js';

export interface ConsolidationOptions {
  /** Only agencies of this kind. */
  kind?: AgencyKind;
  /** Count submitted reports too, not only accepted ones (a preview before everything is accepted). */
  includeSubmitted?: boolean;
  /** Read every report instead of the kept aggregates (to check that both agree). */
  fromReports?: boolean;
}

export interface RoundConsolidation {
  roundId: string;
  templateId: string;
  period: { year: number; kind: PeriodKind };
  /** The province figures (each row's drill-down: `consolidationRow`). */
  consolidated: { templateId: string; agencies: string[]; rows: ConsolidatedFigure[] };
  agencies: { id: string; name: string; kind: AgencyKind; status: string }[];
  /**
   * Out of the round's agencies (of the kind asked, that the reader sees): how many reports are counted, and the
   * agencies left out with why (draft, returned, submitted but not accepted, not started). Each figure's `agencies` is
   * `coverage.agenciesInRound`; its `reported` the agencies whose values enter it.
   */
  coverage: Coverage;
  /** How the figures were made: from the aggregates the database keeps, or by reading every report (partial scope). */
  source: 'aggregates' | 'reports';
}

interface Counted {
  round: NonNullable<Awaited<ReturnType<typeof getRound>>>;
  template: Template;
  scope: ConsolidationScope;
  /** Whether the actor sees every agency of the round (then the kept aggregates are exactly its figures). */
  whole: boolean;
  /** The round's agencies the consolidation is out of, and those left out. */
  coverage: Coverage;
  /** The agencies whose reports are counted, by id (those of the round's agencies the actor sees). */
  countedAgencies: { id: string; name: string; kind: AgencyKind; status: string }[];
}

async function countedScope(ctx: Context, actor: Actor, roundId: string, options: ConsolidationOptions): Promise<Counted> {
  // the round's agencies with their reports' statuses, read once: who may read it, and what is counted
  const [row, members] = await Promise.all([getRoundRow(ctx.db, roundId), listRoundMembers(ctx.db, roundId, null)]);
  if (!row || !members.some((m) => actor.scope.has(m.agency_id))) throw notFound('round', roundId);
  if (!may(actor, 'consolidation:read')) throw forbidden('consolidation:read');
  const template = (await getTemplateVersion(ctx.db, row.template_id)) as Template;
  return countedFrom(actor, { ...row, agency_ids: members.map((m) => m.agency_id) }, template, options, members);
}

/** What a consolidation of the round counts for this actor (the caller has checked that they may read it). */
async function countedOf(ctx: Context, actor: Actor, round: Counted['round'], template: Template, options: ConsolidationOptions): Promise<Counted> {
  return countedFrom(actor, round, template, options, await listRoundMembers(ctx.db, round.id, null));
}

function countedFrom(
  actor: Actor,
  round: Counted['round'],
  template: Template,
  options: ConsolidationOptions,
  allMembers: Awaited<ReturnType<typeof listRoundMembers>>,
): Counted {
  const statuses: ConsolidationScope['statuses'] = options.includeSubmitted ? ['accepted', 'submitted'] : ['accepted'];
  const kind = options.kind ?? null;
  const members = allMembers.filter((m) => actor.scope.has(m.agency_id) && (kind === null || m.kind === kind));
  const countedStatuses: readonly (string | null)[] = statuses;
  return {
    round,
    template,
    scope: { roundId: round.id, statuses, kind },
    whole: round.agency_ids.every((a) => actor.scope.has(a)),
    coverage: coverageOf(
      members.map((m) => ({ agencyId: m.agency_id, name: m.name, status: (m.status ?? null) as MemberStatus | null })),
      statuses,
    ),
    countedAgencies: members
      .filter((m) => countedStatuses.includes(m.status))
      .map((m) => ({ id: m.agency_id, name: m.name, kind: m.kind, status: m.status! })),
  };
}

/** The counted reports with their values, read one page at a time (for partial scopes, findings and documents). */
async function countedReportsWithValues(ctx: Context, actor: Actor, counted: Counted) {
  const listed = (await listCountedReports(ctx.db, counted.scope)).filter((r) => actor.scope.has(r.agency_id));
  const stored = await getValuesOf(
    ctx.db,
    listed.map((r) => r.report_id),
  );
  return listed.map((r) => ({
    agencyId: r.agency_id,
    roles: r.roles,
    values: new Map(stored.get(r.report_id)!.map((v) => [v.row_id, toCellValue(v)])),
    status: r.status,
    name: r.name,
    kind: r.kind,
  }));
}

/**
 * The province figures of a round (spreads without medians: the drill-down shows every value). For an actor who sees the whole round they come from the aggregates the database
 * keeps as reports change (a few hundred rows, whatever the number of agencies); otherwise from reading the reports
 * the actor may see. Both go through the core's `figureOf`, so they agree (tested).
 */
export async function consolidateRound(ctx: Context, actor: Actor, roundId: string, options: ConsolidationOptions = {}): Promise<RoundConsolidation> {
  return consolidateCounted(ctx, actor, await countedScope(ctx, actor, roundId, options), options);
}

/**
 * The province figures of a round for a service that has already checked the actor's access (the province's report
 * and its document): from the kept aggregates when the actor sees the whole round, as `consolidateRound`.
 */
export async function roundFigures(
  ctx: Context,
  actor: Actor,
  round: Counted['round'],
  template: Template,
  options: ConsolidationOptions = {},
): Promise<RoundConsolidation> {
  return consolidateCounted(ctx, actor, await countedOf(ctx, actor, round, template, options), options);
}

/** One row's value in each counted report the actor sees (bounded: that row only), for a service that has checked access. */
export async function rowValues(
  ctx: Context,
  actor: Actor,
  roundId: string,
  rowId: string,
  options: ConsolidationOptions = {},
): Promise<Map<string, number | null>> {
  const statuses: ConsolidationScope['statuses'] = options.includeSubmitted ? ['accepted', 'submitted'] : ['accepted'];
  const rows = await readRowContributions(ctx.db, { roundId, statuses, kind: options.kind ?? null }, rowId);
  return new Map(rows.filter((c) => actor.scope.has(c.agency_id)).map((c) => [c.agency_id, c.value === null ? null : Number(c.value)]));
}

async function consolidateCounted(ctx: Context, actor: Actor, counted: Counted, options: ConsolidationOptions): Promise<RoundConsolidation> {
  const { round, template, scope } = counted;
  const roundId = round.id;
  const base = {
    roundId,
    templateId: template.id,
    period: { year: round.period_year, kind: round.period_kind as PeriodKind },
    coverage: counted.coverage,
  };
  const inRound = counted.coverage.agenciesInRound;
  if (!counted.whole || options.fromReports) {
    const reports = await countedReportsWithValues(ctx, actor, counted);
    return {
      ...base,
      consolidated: { templateId: template.id, agencies: reports.map((r) => r.agencyId), rows: consolidateFigures(template, reports, inRound) },
      agencies: reports.map((r) => ({ id: r.agencyId, name: r.name, kind: r.kind, status: r.status })),
      source: 'reports',
    };
  }
  // the agencies counted are those of the round's agencies already read (a round's reports are its agencies', one each)
  const listed = counted.countedAgencies;
  const rows = await keptFigures(ctx, template, scope, inRound);
  return {
    ...base,
    consolidated: { templateId: template.id, agencies: listed.map((r) => r.id), rows },
    agencies: listed,
    source: 'aggregates',
  };
}

/**
 * A round's province figures from the aggregates the database keeps for a scope (its counted reports, of a kind or
 * all): a few hundred rows whatever the number of agencies; through the core's `figureOf`, as a read of every report.
 * `inRound`: the agencies each figure is out of (by default the reports counted).
 */
async function keptFigures(ctx: Context, template: Template, scope: ConsolidationScope, inRound?: number): Promise<ConsolidatedFigure[]> {
  const responsibleRows = template.rows.filter((r) => r.provinceFigureBy);
  const roles = [...new Set(responsibleRows.map((r) => r.provinceFigureBy!))];
  const [stored, responsible, percentOnly] = await Promise.all([
    readAggregates(ctx.db, scope),
    readResponsibleValues(
      ctx.db,
      scope,
      roles,
      responsibleRows.map((r) => r.id),
    ),
    countPercentOnly(ctx.db, scope),
  ]);
  const cells = new Map(stored.cells.map((c) => [c.rowId, c]));
  const codes = new Map<string, Map<number, number>>();
  for (const c of stored.codes) {
    const m = codes.get(c.rowId) ?? new Map<number, number>();
    m.set(c.code, c.agencies);
    codes.set(c.rowId, m);
  }
  const ratios = new Map(stored.ratios.map((r) => [r.percentRow, r]));
  return template.rows.map((row) => {
    const cell = cells.get(row.id);
    const agg: RowAggregate = {
      reported: cell?.reported ?? 0,
      total: cell ? cell.total : null,
      min: cell?.min ?? null,
      max: cell?.max ?? null,
    };
    if (row.kind.type === 'coded') agg.codes = codes.get(row.id) ?? new Map();
    if (ratioPartsOf(template, row)) {
      const r = ratios.get(row.id);
      agg.parts = r ? { numerator: r.numerator, denominator: r.denominator, agencies: r.agencies } : null;
      agg.percentOnly = percentOnly.get(row.id) ?? 0;
    }
    if (row.provinceFigureBy) {
      const holder = responsible.get(row.provinceFigureBy);
      agg.responsible = holder ? { agencyId: holder.agencyId, value: holder.values.get(row.id) ?? null } : null;
    }
    return figureOf(template, row, agg, stored.reports, inRound ?? stored.reports);
  });
}

/**
 * The province figures of an earlier period from the kept aggregates, when they are exactly the figures of the given
 * agencies' latest accepted reports of that period: those reports are all of one round of this template version, and
 * that round has no other accepted report. Undefined otherwise (other template versions to carry over, reports of
 * several rounds or outside any, agencies not asked for): the caller reads the reports. Null when none was accepted.
 * For the province report's comparisons with the previous period and the same period last year, which at national
 * size would otherwise read every value of every agency's earlier report.
 */
export async function keptPeriodFigures(
  ctx: Context,
  template: Template,
  agencyIds: readonly string[],
  period: { year: number; kind: string },
): Promise<Map<string, ConsolidatedFigure> | null | undefined> {
  const latest = new Map<string, { round_id: string | null; template_id: string }>();
  for (const r of await listAcceptedOfPeriod(ctx.db, agencyIds, period)) if (!latest.has(r.agency_id)) latest.set(r.agency_id, r);
  if (latest.size === 0) return null;
  const rounds = new Set([...latest.values()].map((r) => r.round_id));
  const [roundId] = rounds;
  if (rounds.size !== 1 || !roundId || [...latest.values()].some((r) => r.template_id !== template.id)) return undefined;
  const scope: ConsolidationScope = { roundId, statuses: ['accepted'], kind: null };
  // each latest report is an accepted report of that round (one per agency): the same count means the same reports
  if ((await countCountedReports(ctx.db, scope)) !== latest.size) return undefined;
  return new Map((await keptFigures(ctx, template, scope)).map((f) => [f.rowId, f]));
}

/** One row's drill-down: every counted agency's value (not reported shown as such, never as 0). */
export async function consolidationRow(ctx: Context, actor: Actor, roundId: string, rowId: string, options: ConsolidationOptions = {}) {
  const round = await getRound(ctx.db, roundId);
  if (!round || !round.agency_ids.some((a) => actor.scope.has(a))) throw notFound('round', roundId);
  if (!may(actor, 'consolidation:read')) throw forbidden('consolidation:read');
  const template = (await getTemplateVersion(ctx.db, round.template_id)) as Template;
  if (!template.rows.some((r) => r.id === rowId)) throw notFound('row', rowId);
  const statuses: ConsolidationScope['statuses'] = options.includeSubmitted ? ['accepted', 'submitted'] : ['accepted'];
  const contributions = (await readRowContributions(ctx.db, { roundId, statuses, kind: options.kind ?? null }, rowId))
    .filter((c) => actor.scope.has(c.agency_id))
    .map((c) => ({
      agencyId: c.agency_id,
      value: c.value === null ? null : Number(c.value),
      status: (c.status ?? 'not-reported') as 'reported' | 'not-reported' | 'text',
      note: c.note ?? null,
    }));
  return { roundId, rowId, contributions };
}

/** What the service returns for the findings: counts by rule and row, one page. */
export interface ConsolidationFindingsData {
  roundId: string;
  reports: number;
  counts: FindingCount[];
  page: {
    total: number;
    limit: number;
    offset: number;
    items: {
      agencyId: string;
      agencyName: string;
      reportId: string;
      rule: string;
      kind: string;
      severity: string;
      rowId: string | null;
      message: string;
    }[];
  };
}

/**
 * The findings of the counted reports in one place, as counts by rule and row over all of them, then one page (by
 * agency, rule and row; optionally of one rule, row or agency). Read from the findings kept beside each report
 * (migration 0009); the few counted reports whose findings are not current (written since they were checked: imports,
 * restores) are checked first, so a request never runs the checks over every report.
 */
export async function consolidationFindings(
  ctx: Context,
  actor: Actor,
  roundId: string,
  options: ConsolidationOptions = {},
  page: FindingsPageQuery = { limit: 50, offset: 0 },
): Promise<ConsolidationFindingsData> {
  const round = await getRound(ctx.db, roundId);
  if (!round || !round.agency_ids.some((a) => actor.scope.has(a))) throw notFound('round', roundId);
  if (!may(actor, 'consolidation:read')) throw forbidden('consolidation:read');
  const statuses: ConsolidationScope['statuses'] = options.includeSubmitted ? ['accepted', 'submitted'] : ['accepted'];
  const whole = round.agency_ids.every((a) => actor.scope.has(a));
  const scope: FindingsScope = {
    roundId,
    statuses,
    kind: options.kind ?? null,
    agencyIds: whole ? null : round.agency_ids.filter((a) => actor.scope.has(a)),
  };
  await refreshStaleFindings(ctx, scope);
  // the reports counted: kept per bucket for a whole round; for a part of it, its members' statuses
  const reports = whole
    ? countCountedReports(ctx.db, scope)
    : listRoundMembers(ctx.db, roundId, scope.kind).then(
        (members) => members.filter((m) => actor.scope.has(m.agency_id) && statuses.some((s) => s === m.status)).length,
      );
  const [counts, items, counted] = await Promise.all([countFindings(ctx.db, scope), pageFindings(ctx.db, scope, page), reports]);
  return {
    roundId,
    reports: counted,
    counts,
    page: { total: items.total, limit: page.limit, offset: page.offset, items: items.items },
  };
}

/** The province's documents are issued by the Sở Nội vụ of the round's province (that of the first agency the actor sees). */
async function provinceFrame(ctx: Context, actor: Actor, agencyIds: readonly string[], period: { year: number; kind: PeriodKind }) {
  const first = agencyIds.find((a) => actor.scope.has(a));
  const province = (first ? await getAgency(ctx.db, first) : undefined)?.province ?? '';
  const header: DocumentHeader = {
    governingBody: province ? `UBND TỈNH ${province.toLocaleUpperCase('vi')}` : null,
    agency: 'Sở Nội vụ',
    agencyCode: 'SNV',
    number: null,
    place: province,
    date: null,
  };
  return { province, header, fileName: `tong-hop-cchc_${agencyCode(province || 'tinh').toLowerCase()}_${period.year}-${period.kind}` };
}

/**
 * The consolidated table by agency (one column per agency, the province figure and the coverage of each row), to be
 * written as a stream: the access is checked and the figures read (from the kept aggregates when the actor sees the
 * whole round) before anything is written; `write` then reads the agencies' values a page of reports at a time into a
 * compact matrix (`readValueMatrix`) and writes the workbook row by row, so a round of 5,000 agencies never holds its
 * million values as objects, nor the workbook, in memory. The spreads' medians (which kept sums cannot give) are taken
 * from each row's values.
 */
export async function consolidationXlsx(
  ctx: Context,
  actor: Actor,
  roundId: string,
  options: ConsolidationOptions,
): Promise<{ fileName: string; write(output: Writable): Promise<void> }> {
  const counted = await countedScope(ctx, actor, roundId, options);
  const result = await consolidateCounted(ctx, actor, counted, options);
  const { header, fileName } = await provinceFrame(ctx, actor, counted.round.agency_ids, result.period);
  const figures = new Map(result.consolidated.rows.map((f) => [f.rowId, f]));
  const agencies = result.agencies.map((a) => ({ id: a.id, name: a.name }));
  let cells: Promise<ValueMatrix> | null = null;
  const source: ConsolidatedSource = {
    header,
    period: result.period,
    template: counted.template,
    agencies,
    async rowsOf(rows) {
      cells ??= readValueMatrix(ctx, counted, agencies);
      const matrix = await cells;
      const page = new Map<string, ConsolidatedRow>();
      for (const r of rows) {
        const figure = figures.get(r.id);
        if (!figure) continue;
        const contributions = matrix.contributions(r.id);
        page.set(r.id, { ...figure, ...spreadWithMedian(figure, contributions), contributions });
      }
      return page;
    },
  };
  return { fileName: `${fileName}.xlsx`, write: (output) => writeConsolidatedXlsx(source, output) };
}

const NO_CELL = 0;
const STATUS_CODES = ['reported', 'text', 'not-reported'] as const;

interface ValueMatrix {
  /** Every agency's cell of one template row, in the agencies' order (not stored: not reported). */
  contributions(rowId: string): Contribution[];
}

/**
 * Every counted agency's value of every template row, read a page of reports at a time (index ranges of the values'
 * key: the rows of a template × all agencies would each scan every value) and kept compact: a number and a status
 * byte per cell (9 MB at 5,000 agencies × 200 rows), notes only where stored; the table's rows are made from it.
 */
async function readValueMatrix(ctx: Context, counted: Counted, agencies: readonly { id: string }[]): Promise<ValueMatrix> {
  const n = agencies.length;
  const rowIndex = new Map(counted.template.rows.map((r, i) => [r.id, i]));
  const agencyColumn = new Map(agencies.map((a, i) => [a.id, i]));
  const listed = (await listCountedReports(ctx.db, counted.scope)).filter((r) => agencyColumn.has(r.agency_id));
  const reportColumn = new Map(listed.map((r) => [r.report_id, agencyColumn.get(r.agency_id)!]));
  const values = new Float64Array(rowIndex.size * n);
  const statuses = new Uint8Array(rowIndex.size * n);
  const notes = new Map<number, string>();
  const pages = readValuesByReportPages(
    ctx.db,
    listed.map((r) => r.report_id),
  );
  for await (const page of pages) {
    for (const v of page) {
      const column = reportColumn.get(v.report_id);
      const row = rowIndex.get(v.row_id);
      if (column === undefined || row === undefined) continue;
      const at = row * n + column;
      statuses[at] = STATUS_CODES.indexOf(v.status) + 1;
      values[at] = v.value === null ? NaN : Number(v.value);
      if (v.note !== null) notes.set(at, v.note);
    }
  }
  return {
    contributions(rowId) {
      const base = rowIndex.get(rowId)! * n;
      return agencies.map((a, column): Contribution => {
        const at = base + column;
        const code = statuses[at]!;
        const status = code === NO_CELL ? 'not-reported' : STATUS_CODES[code - 1]!;
        const value = values[at]!;
        return { agencyId: a.id, value: status === 'reported' && !Number.isNaN(value) ? value : null, status, note: notes.get(at) ?? null };
      });
    },
  };
}

/** A spread's median from the row's values, as a read of every report gives it (kept aggregates have none). */
function spreadWithMedian(figure: ConsolidatedFigure, contributions: readonly Contribution[]): Pick<ConsolidatedFigure, 'spread'> {
  if (!figure.spread || figure.spread.median !== undefined) return {};
  const values = contributions.flatMap((c) => (c.value !== null && Number.isFinite(c.value) ? [c.value] : []));
  return values.length === 0 ? {} : { spread: { ...figure.spread, median: medianOfMiddle(middleValues(values)) } };
}
