/**
 * The province's consolidated report of a round, with the core's semantics (sums, ratios of summed parts,
 * distributions, responsible agencies, missing never 0): every figure drills down to each agency's value and says
 * how many agencies reported it; optionally only agencies of one kind; the findings of all agencies in one place.
 */
import type { Template } from '../../core/catalogue/template.js';
import {
  consolidate,
  consolidateFigures,
  figureOf,
  ratioPartsOf,
  type ConsolidatedFigure,
  type RowAggregate,
} from '../../core/consolidation/consolidate.js';
import { coverageOf, leftOutSentence, type Coverage, type MemberStatus } from '../../core/consolidation/coverage.js';
import { periodLabel, type PeriodKind } from '../../core/periods/period.js';
import type { ProvinceDocument } from '../../documents/document-model.js';
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
import { getValuesOf, toCellValue } from '../repositories/report.repository.js';
import { refreshStaleFindings } from './report-findings.js';
import { getRound } from '../repositories/round.repository.js';
import { getTemplateVersion } from '../repositories/template.repository.js';
import { agencyCode } from './document.service.js';
import { renderDocument } from './render-document.js';
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

/** The whole consolidation with every agency's value, for the documents (one column per agency). */
async function consolidateRoundInFull(ctx: Context, actor: Actor, roundId: string, options: ConsolidationOptions) {
  const counted = await countedScope(ctx, actor, roundId, options);
  const reports = await countedReportsWithValues(ctx, actor, counted);
  return {
    template: counted.template,
    period: { year: counted.round.period_year, kind: counted.round.period_kind as PeriodKind },
    consolidated: consolidate(counted.template, reports, counted.coverage.agenciesInRound),
    agencies: reports.map((r) => ({ id: r.agencyId, name: r.name })),
    coverage: counted.coverage,
  };
}

async function provinceDocument(
  ctx: Context,
  actor: Actor,
  roundId: string,
  options: ConsolidationOptions,
): Promise<{ doc: ProvinceDocument; fileName: string }> {
  const result = await consolidateRoundInFull(ctx, actor, roundId, options);
  const template = result.template;
  // the document is issued by the Sở Nội vụ of the round's province
  const round = (await getRound(ctx.db, roundId))!;
  const first = round.agency_ids.find((a) => actor.scope.has(a));
  const province = (first ? await getAgency(ctx.db, first) : undefined)?.province ?? '';
  const issuer = 'Sở Nội vụ';
  return {
    doc: {
      kind: 'province',
      header: {
        governingBody: province ? `UBND TỈNH ${province.toLocaleUpperCase('vi')}` : null,
        agency: issuer,
        agencyCode: 'SNV',
        number: null,
        place: province,
        date: null,
      },
      period: result.period,
      title: `Kết quả thực hiện công tác cải cách hành chính ${periodLabel(result.period).replace(/^Năm/u, 'năm')} của tỉnh ${province}`.trim(),
      sections: [
        {
          heading: 'I. TÌNH HÌNH TỔNG HỢP',
          level: 1,
          text: [
            `Số liệu tổng hợp từ ${result.agencies.length}/${result.coverage.agenciesInRound} báo cáo ${options.includeSubmitted ? 'đã nộp hoặc đã duyệt' : 'đã được duyệt'} của các cơ quan, đơn vị trong đợt. Mỗi chỉ tiêu ghi rõ số đơn vị có số liệu trên tổng số đơn vị của đợt; đơn vị không báo cáo không được tính là 0.`,
            leftOutSentence(result.coverage),
          ]
            .filter(Boolean)
            .join(' '),
        },
      ],
      recipients: ['UBND tỉnh', 'Bộ Nội vụ', 'Lưu: VT, CCHC'],
      signature: { titleLines: ['GIÁM ĐỐC'], name: null },
      template,
      consolidated: result.consolidated,
      roundAgencies: result.coverage.agenciesInRound,
      agencyNames: new Map(result.agencies.map((a) => [a.id, a.name])),
    },
    fileName: `tong-hop-cchc_${agencyCode(province || 'tinh').toLowerCase()}_${result.period.year}-${result.period.kind}`,
  };
}

export async function consolidationDocx(ctx: Context, actor: Actor, roundId: string, options: ConsolidationOptions) {
  const { doc, fileName } = await provinceDocument(ctx, actor, roundId, options);
  return { bytes: await renderDocument({ format: 'docx', doc }), fileName: `${fileName}.docx` };
}

export async function consolidationXlsx(ctx: Context, actor: Actor, roundId: string, options: ConsolidationOptions) {
  const { doc, fileName } = await provinceDocument(ctx, actor, roundId, options);
  return { bytes: await renderDocument({ format: 'xlsx', doc }), fileName: `${fileName}.xlsx` };
}
