/**
 * The dashboards: an indicator's trend over periods (across template versions, through the canonical indicators),
 * rankings of agencies on an indicator or a row, and completeness and timeliness over rounds — each also as CSV.
 *
 * Who sees what: whoever may read the consolidation (Sở Nội vụ, leadership, admin) sees every dashboard over their
 * agencies; an agency's own accounts see the trend of their own agency (they name it), nothing that compares agencies.
 * Only accepted reports count, in rounds and imported history alike; when an agency has more than one accepted report
 * for a period, the one accepted last counts. Reports are read on the version they were filed on and meet through
 * the canonical indicators; money is shown in million đồng whatever unit a version prints.
 */
import type { IndicatorDefinition, Template, TemplateRow } from '../../core/catalogue/template.js';
import {
  agencyValue,
  axisOf,
  combinePredecessors,
  defaultAxis,
  deriveObservation,
  isChartKind,
  rankAgencies,
  roundCompleteness,
  trendSeries,
  type ChartKind,
  type Observation,
  type PeriodAxis,
  type Ranked,
  type ReportState,
  type RoundCompleteness,
  type TrendPoint,
} from '../../core/consolidation/series.js';
import { comparePeriods, type Period, type PeriodKind } from '../../core/periods/period.js';
import { reportedValue, type CellValue } from '../../core/report.js';
import type { RankingQuery, TrendQuery } from '../../shared/dashboard-schemas.js';
import type { Context } from '../context.js';
import { may, type Actor } from '../policies/access.js';
import { getAgency, listAgencies } from '../repositories/agency.repository.js';
import { cellsOf, predecessorsOf, reportsOf, roundIdsOfPeriod, roundMembers, type DashboardReport } from '../repositories/dashboard.repository.js';
import { toCellValue } from '../repositories/report.repository.js';
import { getRound, listRounds, type Round } from '../repositories/round.repository.js';
import { getTemplateVersion, listTemplateVersions } from '../repositories/template.repository.js';
import { forbidden, notFound, ServiceError } from './service-error.js';

const MONEY_UNIT = 'Triệu đồng';

const provinceReader = (actor: Actor) => may(actor, 'consolidation:read');

function onlyOwnAgency(): ServiceError {
  return new ServiceError(403, 'forbidden', 'Bạn chỉ xem được số liệu của đơn vị mình. Hãy chọn đơn vị.', 'dashboards: needs consolidation:read');
}

// ------------------------------------------------------------------------------------------------ indicators

async function storedTemplates(ctx: Context): Promise<Template[]> {
  const versions = await listTemplateVersions(ctx.db);
  const templates = await Promise.all(versions.map((v) => getTemplateVersion(ctx.db, v.id)));
  return templates
    .filter((t): t is Template => t !== undefined)
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.id.localeCompare(b.id));
}

const indicatorRow = (template: Template, indicatorId: string) => template.rows.find((r) => r.indicator === indicatorId);

/** "%", million đồng for money, else the unit the templates print most often for the indicator. */
function unitOf(kind: ChartKind, rows: readonly TemplateRow[]): string {
  if (kind === 'percent') return '%';
  if (kind === 'money') return MONEY_UNIT;
  const counts = new Map<string, number>();
  for (const row of rows) if (row.unit.trim()) counts.set(row.unit.trim(), (counts.get(row.unit.trim()) ?? 0) + 1);
  let best = '';
  for (const [unit, n] of counts) if (n > (counts.get(best) ?? 0)) best = unit;
  return best;
}

/** A canonical indicator that has a number to draw, with the unit it is drawn in and the stored versions that have its row. */
export interface ChartIndicator {
  definition: IndicatorDefinition & { kind: ChartKind };
  unit: string;
  templateIds: string[];
}

function chartIndicatorOf(definition: IndicatorDefinition & { kind: ChartKind }, templates: readonly Template[]): ChartIndicator {
  const withRow = templates.flatMap((t) => {
    const row = indicatorRow(t, definition.id);
    return row ? [{ template: t, row }] : [];
  });
  return {
    definition,
    unit: unitOf(
      definition.kind,
      withRow.map((w) => w.row),
    ),
    templateIds: withRow.map((w) => w.template.id),
  };
}

/** The canonical indicators that have a number to draw and a row in some stored template version, in catalogue order. */
export async function chartIndicators(ctx: Context, actor: Actor): Promise<ChartIndicator[]> {
  if (!may(actor, 'report:read') && !provinceReader(actor)) throw forbidden('report:read');
  const templates = await storedTemplates(ctx);
  return ctx.templates.indicators
    .filter((d): d is IndicatorDefinition & { kind: ChartKind } => isChartKind(d.kind))
    .map((d) => chartIndicatorOf(d, templates))
    .filter((d) => d.templateIds.length > 0);
}

async function chartIndicator(ctx: Context, id: string): Promise<{ indicator: ChartIndicator; templates: Template[] }> {
  const definition = ctx.templates.indicators.find((d) => d.id === id);
  const templates = await storedTemplates(ctx);
  if (!definition || !templates.some((t) => indicatorRow(t, id))) throw notFound('indicator', id);
  if (!isChartKind(definition.kind)) {
    throw new ServiceError(
      422,
      'not-chartable',
      'Chỉ tiêu này không phải số liệu (dạng mã hoặc chữ) nên không vẽ biểu đồ được.',
      `indicator ${id} is ${definition.kind}`,
    );
  }
  return { indicator: chartIndicatorOf(definition as IndicatorDefinition & { kind: ChartKind }, templates), templates };
}

// ------------------------------------------------------------------------------------------------ observations

/** Per (agency, period), the accepted report accepted last. */
function latestAccepted(reports: readonly DashboardReport[]): DashboardReport[] {
  const at = (r: DashboardReport) => new Date(r.accepted_at ?? r.updated_at).getTime();
  const best = new Map<string, DashboardReport>();
  for (const r of reports) {
    if (r.status !== 'accepted') continue;
    const key = `${r.agency_id}|${r.period_year}|${r.period_kind}`;
    const current = best.get(key);
    if (!current || at(r) > at(current) || (at(r) === at(current) && r.id > current.id)) best.set(key, r);
  }
  return [...best.values()];
}

interface Located {
  row: TemplateRow;
  ratio: { numerator: string; denominator: string } | null;
}

interface ObserveOptions {
  /** Finds the row to read in a template version. */
  locate: (template: Template) => TemplateRow | undefined;
  /** Money in million đồng whatever the version prints (for indicators; a single row keeps its own unit). */
  normaliseMoney: boolean;
  /** Honour rows whose province figure one agency gives (off for a single agency's own figures). */
  responsible: boolean;
}

/** Observations of the reports whose template version has the row; reports on versions without it are left out. */
async function observe(
  ctx: Context,
  reports: readonly DashboardReport[],
  options: ObserveOptions,
): Promise<Map<string, Observation & { templateId: string }>> {
  const located = new Map<string, Located | null>();
  for (const templateId of new Set(reports.map((r) => r.template_id))) {
    const template = await getTemplateVersion(ctx.db, templateId);
    const row = template ? options.locate(template) : undefined;
    if (!template || !row) {
      located.set(templateId, null);
      continue;
    }
    const check = template.checks.find((c) => c.rule === 'ratio' && c.percent === row.id);
    located.set(templateId, { row, ratio: check?.rule === 'ratio' ? { numerator: check.numerator, denominator: check.denominator } : null });
  }
  const relevant = reports.filter((r) => located.get(r.template_id));
  const rowIds = new Set<string>();
  for (const l of located.values()) if (l) [l.row.id, l.ratio?.numerator, l.ratio?.denominator].forEach((id) => id && rowIds.add(id));
  const cells = new Map<string, Map<string, CellValue>>();
  for (const cell of await cellsOf(
    ctx.db,
    relevant.map((r) => r.id),
    [...rowIds],
  )) {
    let values = cells.get(cell.report_id);
    if (!values) cells.set(cell.report_id, (values = new Map()));
    values.set(cell.row_id, toCellValue(cell));
  }
  const roles = new Map((await listAgencies(ctx.db, [...new Set(relevant.map((r) => r.agency_id))])).map((a) => [a.id, a.roles]));
  const out = new Map<string, Observation & { templateId: string }>();
  for (const report of relevant) {
    const { row, ratio } = located.get(report.template_id)!;
    const values = cells.get(report.id) ?? new Map<string, CellValue>();
    let stated = reportedValue(values, row.id);
    if (stated !== null && options.normaliseMoney && row.kind.type === 'money' && row.kind.unit === 'dong') stated = stated / 1_000_000;
    const numerator = ratio ? reportedValue(values, ratio.numerator) : null;
    const denominator = ratio ? reportedValue(values, ratio.denominator) : null;
    out.set(report.id, {
      agencyId: report.agency_id,
      templateId: report.template_id,
      stated,
      parts: row.kind.type === 'percent' && numerator !== null && denominator !== null ? { numerator, denominator } : null,
      roles: roles.get(report.agency_id) ?? [],
      provinceFigureBy: options.responsible ? row.provinceFigureBy : null,
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ trend

type Observed = Observation & { templateId: string | null };

/** A trend point: the province (or agency) figure of a period, with the versions it was read on and what it was made of. */
export interface TrendPointData extends TrendPoint {
  templateIds: string[];
  /** The quarters agencies' values were derived from, when they reported only quarters. */
  derivedFrom: PeriodKind[];
  /** A merged agency's predecessors, by name, whose values were combined for a comparable base. */
  comparableWith: string[];
}

export interface TrendData {
  indicator: ChartIndicator;
  agency: { id: string; name: string } | null;
  axis: PeriodAxis;
  points: TrendPointData[];
}

export async function indicatorTrend(ctx: Context, actor: Actor, query: TrendQuery): Promise<TrendData> {
  let agencyIds: string[];
  let agency: TrendData['agency'] = null;
  let predecessors: { id: string; name: string }[] = [];
  if (query.agencyId) {
    const found = await getAgency(ctx.db, query.agencyId);
    if (!found || !may(actor, 'report:read', found.id)) throw notFound('agency', query.agencyId);
    agency = { id: found.id, name: found.name };
    // a merged agency's history: its predecessors' values on a comparable base (those the reader may see)
    predecessors = (await predecessorsOf(ctx.db, found.id)).filter((p) => may(actor, 'report:read', p.id));
    agencyIds = [found.id, ...predecessors.map((p) => p.id)];
  } else {
    if (!provinceReader(actor)) throw onlyOwnAgency();
    agencyIds = [...actor.scope];
  }
  const { indicator } = await chartIndicator(ctx, query.indicator);
  const { definition } = indicator;
  const accepted = latestAccepted(await reportsOf(ctx.db, agencyIds, { status: 'accepted' }));
  // one axis: the kind asked, else the longest kind reported; quarters together; never several lengths mixed
  const axis: PeriodAxis = query.periodKind ? axisOf(query.periodKind) : defaultAxis(accepted.map((r) => r.period_kind as PeriodKind));
  const onAxis = accepted.filter((r) => (query.periodKind ? r.period_kind === query.periodKind : axisOf(r.period_kind as PeriodKind) === axis));
  const quarters = axis === 'quarter' ? [] : accepted.filter((r) => axisOf(r.period_kind as PeriodKind) === 'quarter');
  const observed = await observe(ctx, [...onAxis, ...quarters], {
    locate: (t) => indicatorRow(t, definition.id),
    normaliseMoney: true,
    responsible: agency === null,
  });

  // per period, per agency: its own report of the period, else what its quarters give (derived)
  const periods = new Map<string, { period: Period; byAgency: Map<string, Observed> }>();
  const periodEntry = (period: Period) => {
    const key = `${period.year}|${period.kind}`;
    let entry = periods.get(key);
    if (!entry) periods.set(key, (entry = { period, byAgency: new Map() }));
    return entry;
  };
  for (const report of onAxis) {
    const o = observed.get(report.id);
    if (o) periodEntry({ year: report.period_year, kind: report.period_kind as PeriodKind }).byAgency.set(o.agencyId, o);
  }
  if (axis !== 'quarter') {
    const target = axis as PeriodKind;
    const byAgencyYear = new Map<string, { kind: 'Q1' | 'Q2' | 'Q3' | 'Q4'; observation: Observation }[]>();
    for (const report of quarters) {
      const o = observed.get(report.id);
      if (!o) continue;
      const key = `${report.agency_id}|${report.period_year}`;
      byAgencyYear.set(key, [...(byAgencyYear.get(key) ?? []), { kind: report.period_kind as 'Q1', observation: o }]);
    }
    for (const [key, list] of byAgencyYear) {
      const [agencyId, year] = [key.slice(0, key.lastIndexOf('|')), Number(key.slice(key.lastIndexOf('|') + 1))];
      const entry = periods.get(`${year}|${target}`);
      if (entry?.byAgency.has(agencyId)) continue;
      const derived = deriveObservation(definition.kind, target, definition.measure, list);
      if (derived) periodEntry({ year, kind: target }).byAgency.set(agencyId, { ...derived, templateId: null });
    }
  }

  // the round members of each period: the figure's "n/N" is out of them (and any other agency with a value)
  const members = new Map<string, Set<string>>();
  if (agency === null) {
    const rounds = await listRounds(ctx.db, agencyIds);
    const inRounds = await roundMembers(
      ctx.db,
      rounds.map((r) => r.id),
      agencyIds,
    );
    const periodOf = new Map(rounds.map((r) => [r.id, `${r.period_year}|${r.period_kind}`]));
    for (const m of inRounds) {
      const key = periodOf.get(m.round_id)!;
      members.set(key, (members.get(key) ?? new Set()).add(m.agency_id));
    }
  }

  const series = [...periods].map(([key, p]) => {
    let observations: Observed[] = [...p.byAgency.values()];
    if (agency !== null) {
      // the agency's own value; before its merger, its predecessors' combined (a comparable base)
      const own = p.byAgency.get(agency.id);
      const combined = own
        ? null
        : combinePredecessors(
            definition.kind,
            agency.id,
            observations.filter((o) => o.agencyId !== agency!.id),
          );
      observations = own ? [own] : combined ? [{ ...combined, templateId: null }] : [];
    }
    const inRound = new Set([...(members.get(key) ?? []), ...observations.map((o) => o.agencyId)]).size;
    return { key, period: p.period, observations, inRound };
  });
  const extras = new Map(
    series.map((p) => [
      p.key,
      {
        templateIds: [...new Set(p.observations.flatMap((o) => (o.templateId ? [o.templateId] : [])))].sort(),
        derivedFrom: [...new Set(p.observations.flatMap((o) => o.derivedFrom ?? []))],
        comparableWith: [...new Set(p.observations.flatMap((o) => o.comparableFrom ?? []))].map(
          (id) => predecessors.find((x) => x.id === id)?.name ?? id,
        ),
      },
    ]),
  );
  const points = trendSeries(definition.kind, series).map((p) => ({ ...p, ...extras.get(`${p.period.year}|${p.period.kind}`)! }));
  return { indicator, agency, axis, points };
}

// ------------------------------------------------------------------------------------------------ ranking

function invalidRanking(): ServiceError {
  return new ServiceError(
    400,
    'invalid-request',
    'Hãy chọn một chỉ tiêu (hoặc một dòng của mẫu khi chọn đợt) và một đợt báo cáo hoặc một kỳ báo cáo (năm và loại kỳ).',
    'ranking: needs indicator xor rowId (rowId with roundId only), and roundId xor year+kind',
  );
}

/** A province figure one agency reports for the province is not that agency's score: no ranking on it. */
function notRankable(subject: string): ServiceError {
  return new ServiceError(
    422,
    'not-rankable',
    'Chỉ tiêu này là số liệu chung của tỉnh do một đơn vị chịu trách nhiệm báo cáo, không phải kết quả riêng của đơn vị đó, nên không xếp hạng các đơn vị theo chỉ tiêu này.',
    `ranking: ${subject} is reported for the province by one responsible agency`,
  );
}

/** What a ranking ranks: a canonical indicator, or a row of the round's template version. */
export interface RankingSubject {
  indicatorId: string | null;
  rowId: string | null;
  name: string;
  unit: string;
  kind: ChartKind;
}

/** Why an agency has no value in a ranking. */
export type RankingGap =
  /** no accepted report: the status of its latest report, or null when it has none */
  | { kind: 'no-report'; status: ReportState | null }
  /** the template version it reported on has no row for the indicator */
  | { kind: 'not-in-template' }
  /** on its version, one agency reports this figure for the province: not its own result */
  | { kind: 'responsible' }
  /** it left the row empty */
  | { kind: 'no-value' };

export interface RankingEntry {
  agencyId: string;
  name: string;
  value: number | null;
  source: 'parts' | 'stated' | null;
  parts: { numerator: number; denominator: number } | null;
  reportStatus: ReportState | null;
  gap: RankingGap | null;
}

export interface RankingData {
  subject: RankingSubject;
  roundId: string | null;
  period: Period;
  entries: Ranked<RankingEntry>[];
}

export async function agencyRanking(ctx: Context, actor: Actor, query: RankingQuery): Promise<RankingData> {
  const byRound = query.roundId !== undefined;
  const byPeriod = query.year !== undefined || query.kind !== undefined;
  if (byRound === byPeriod || (byPeriod && (query.year === undefined || query.kind === undefined))) throw invalidRanking();
  if ((query.indicator === undefined) === (query.rowId === undefined) || (query.rowId !== undefined && !byRound)) throw invalidRanking();

  let period: Period;
  let agencyIds: string[];
  let reports: DashboardReport[];
  let roundTemplate: string | null = null;
  if (query.roundId !== undefined) {
    const round = await getRound(ctx.db, query.roundId);
    if (!round || !round.agency_ids.some((a) => actor.scope.has(a))) throw notFound('round', query.roundId);
    if (!provinceReader(actor)) throw forbidden('consolidation:read');
    period = { year: round.period_year, kind: round.period_kind as PeriodKind };
    agencyIds = round.agency_ids.filter((a) => actor.scope.has(a));
    reports = await reportsOf(ctx.db, agencyIds, { roundIds: [round.id] });
    roundTemplate = round.template_id;
  } else {
    if (!provinceReader(actor)) throw forbidden('consolidation:read');
    period = { year: query.year!, kind: query.kind! };
    const scope = [...actor.scope];
    reports = await reportsOf(ctx.db, scope, { period });
    const members = await roundMembers(ctx.db, await roundIdsOfPeriod(ctx.db, scope, period), scope);
    agencyIds = [...new Set([...reports.map((r) => r.agency_id), ...members.map((m) => m.agency_id)])];
  }

  let subject: RankingSubject;
  const responsibleTemplates = new Set<string>();
  let locate: (t: Template) => TemplateRow | undefined;
  if (query.rowId !== undefined) {
    const template = await getTemplateVersion(ctx.db, roundTemplate!);
    const row = template?.rows.find((r) => r.id === query.rowId);
    if (!row) throw notFound('row', query.rowId);
    if (!isChartKind(row.kind.type)) {
      throw new ServiceError(
        422,
        'not-chartable',
        'Dòng này không phải số liệu (dạng mã hoặc chữ) nên không xếp hạng được.',
        `row ${row.id} is ${row.kind.type}`,
      );
    }
    if (row.provinceFigureBy) throw notRankable(row.id);
    subject = {
      indicatorId: row.indicator,
      rowId: row.id,
      name: `${row.code ? `${row.code} ` : ''}${row.label}`,
      unit: row.kind.type === 'percent' ? '%' : row.unit,
      kind: row.kind.type,
    };
    const rowId = row.id;
    locate = (t) => t.rows.find((r) => r.id === rowId);
  } else {
    const { indicator, templates } = await chartIndicator(ctx, query.indicator!);
    const { id } = indicator.definition;
    // versions where one agency reports the indicator for the province: that value is no agency's own result
    for (const t of templates) if (indicatorRow(t, id)?.provinceFigureBy) responsibleTemplates.add(t.id);
    if (templates.length > 0 && templates.every((t) => !indicatorRow(t, id) || responsibleTemplates.has(t.id))) throw notRankable(id);
    subject = { indicatorId: id, rowId: null, name: indicator.definition.name, unit: indicator.unit, kind: indicator.definition.kind };
    locate = (t) => indicatorRow(t, id);
  }

  const accepted = new Map(latestAccepted(reports).map((r) => [r.agency_id, r]));
  const observed = await observe(ctx, [...accepted.values()], { locate, normaliseMoney: query.rowId === undefined, responsible: false });
  const names = new Map((await listAgencies(ctx.db, agencyIds)).map((a) => [a.id, a.name]));
  const latestAny = new Map<string, DashboardReport>();
  for (const r of reports) {
    const current = latestAny.get(r.agency_id);
    if (!current || new Date(r.updated_at).getTime() >= new Date(current.updated_at).getTime()) latestAny.set(r.agency_id, r);
  }
  const entries = agencyIds.map((agencyId): RankingEntry => {
    const report = accepted.get(agencyId);
    const base = { agencyId, name: names.get(agencyId) ?? agencyId };
    const none = { value: null, source: null, parts: null };
    if (!report) {
      const other = latestAny.get(agencyId);
      return { ...base, ...none, reportStatus: other?.status ?? null, gap: { kind: 'no-report', status: other?.status ?? null } };
    }
    const o = observed.get(report.id);
    if (!o) return { ...base, ...none, reportStatus: report.status, gap: { kind: 'not-in-template' } };
    if (responsibleTemplates.has(o.templateId)) return { ...base, ...none, reportStatus: report.status, gap: { kind: 'responsible' } };
    const { value, source } = agencyValue(subject.kind, o);
    return { ...base, value, source, parts: o.parts, reportStatus: report.status, gap: value === null ? { kind: 'no-value' } : null };
  });
  return { subject, roundId: query.roundId ?? null, period, entries: rankAgencies(entries) };
}

// ------------------------------------------------------------------------------------------------ completeness

export interface RoundCompletenessData extends RoundCompleteness {
  round: Round;
  period: Period;
}

/** The rounds in period order, each with its completeness and timeliness. */
export async function roundsCompleteness(ctx: Context, actor: Actor): Promise<RoundCompletenessData[]> {
  if (!provinceReader(actor)) throw forbidden('consolidation:read');
  const scope = [...actor.scope];
  const rounds = await listRounds(ctx.db, scope);
  const roundIds = rounds.map((r) => r.id);
  const members = await roundMembers(ctx.db, roundIds, scope);
  const reports = await reportsOf(ctx.db, scope, { roundIds });
  const reportOf = new Map(reports.map((r) => [`${r.round_id}|${r.agency_id}`, r]));
  const now = ctx.clock.now();
  const ordered = [...rounds].sort(
    (a, b) =>
      comparePeriods({ year: a.period_year, kind: a.period_kind as PeriodKind }, { year: b.period_year, kind: b.period_kind as PeriodKind }) ||
      new Date(a.created_at).getTime() - new Date(b.created_at).getTime() ||
      a.id.localeCompare(b.id),
  );
  return ordered.map((round) => {
    const states = members
      .filter((m) => m.round_id === round.id)
      .map((m) => {
        const report = reportOf.get(`${round.id}|${m.agency_id}`);
        // an agency of the round whose report was never created has not started
        return {
          status: (report?.status ?? 'not-started') as ReportState,
          submittedAt: report?.submitted_at ? new Date(report.submitted_at) : null,
        };
      });
    return { round, period: { year: round.period_year, kind: round.period_kind as PeriodKind }, ...roundCompleteness(round.deadline, states, now) };
  });
}
