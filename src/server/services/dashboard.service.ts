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
  type FigureMethod,
  type Observation,
  type PeriodAxis,
  type ReportState,
} from '../../core/consolidation/series.js';
import { comparePeriods, periodLabel, type Period, type PeriodKind } from '../../core/periods/period.js';
import { reportedValue, type CellValue } from '../../core/report.js';
import { safeFileName, toCsv, type CsvCell } from '../../core/values/csv.js';
import type { ChartIndicatorDto, CompletenessDto, RankingDto, RankingQuery, TrendDto, TrendQuery } from '../../shared/dashboard-schemas.js';
import type { Context } from '../context.js';
import { may, type Actor } from '../policies/access.js';
import { getAgency, listAgencies } from '../repositories/agency.repository.js';
import { cellsOf, predecessorsOf, reportsOf, roundIdsOfPeriod, roundMembers, type DashboardReport } from '../repositories/dashboard.repository.js';
import { toCellValue } from '../repositories/report.repository.js';
import { getRound, listRounds } from '../repositories/round.repository.js';
import { getTemplateVersion, listTemplateVersions } from '../repositories/template.repository.js';
import { forbidden, notFound, ServiceError } from './service-error.js';

export const AREA_NAMES: Record<string, string> = {
  direction: 'Công tác chỉ đạo, điều hành',
  institutions: 'Cải cách thể chế',
  procedures: 'Cải cách thủ tục hành chính',
  organisation: 'Cải cách tổ chức bộ máy',
  'civil-service': 'Cải cách chế độ công vụ',
  finance: 'Cải cách tài chính công',
  egov: 'Chính quyền điện tử, chính quyền số',
};

const STATE_TEXT: Record<ReportState, string> = {
  'not-started': 'chưa bắt đầu',
  draft: 'đang soạn',
  submitted: 'đã nộp, chưa được duyệt',
  returned: 'bị trả lại',
  accepted: 'đã duyệt',
};

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

function indicatorDto(definition: IndicatorDefinition & { kind: ChartKind }, templates: readonly Template[]): ChartIndicatorDto {
  const withRow = templates.flatMap((t) => {
    const row = indicatorRow(t, definition.id);
    return row ? [{ template: t, row }] : [];
  });
  return {
    id: definition.id,
    name: definition.name,
    kind: definition.kind,
    measure: definition.measure,
    area: definition.area,
    areaName: AREA_NAMES[definition.area] ?? definition.area,
    unit: unitOf(
      definition.kind,
      withRow.map((w) => w.row),
    ),
    templateIds: withRow.map((w) => w.template.id),
  };
}

/** The canonical indicators that have a number to draw and a row in some stored template version, in catalogue order. */
export async function chartIndicators(ctx: Context, actor: Actor): Promise<ChartIndicatorDto[]> {
  if (!may(actor, 'report:read') && !provinceReader(actor)) throw forbidden('report:read');
  const templates = await storedTemplates(ctx);
  return ctx.templates.indicators
    .filter((d): d is IndicatorDefinition & { kind: ChartKind } => isChartKind(d.kind))
    .map((d) => indicatorDto(d, templates))
    .filter((d) => d.templateIds.length > 0);
}

async function chartIndicator(ctx: Context, id: string): Promise<{ dto: ChartIndicatorDto; templates: Template[] }> {
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
  return { dto: indicatorDto(definition as IndicatorDefinition & { kind: ChartKind }, templates), templates };
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

export async function indicatorTrend(ctx: Context, actor: Actor, query: TrendQuery): Promise<TrendDto> {
  let agencyIds: string[];
  let agency: TrendDto['agency'] = null;
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
  const { dto } = await chartIndicator(ctx, query.indicator);
  const accepted = latestAccepted(await reportsOf(ctx.db, agencyIds, { status: 'accepted' }));
  // one axis: the kind asked, else the longest kind reported; quarters together; never several lengths mixed
  const axis: PeriodAxis = query.periodKind ? axisOf(query.periodKind) : defaultAxis(accepted.map((r) => r.period_kind as PeriodKind));
  const onAxis = accepted.filter((r) => (query.periodKind ? r.period_kind === query.periodKind : axisOf(r.period_kind as PeriodKind) === axis));
  const quarters = axis === 'quarter' ? [] : accepted.filter((r) => axisOf(r.period_kind as PeriodKind) === 'quarter');
  const observed = await observe(ctx, [...onAxis, ...quarters], {
    locate: (t) => indicatorRow(t, dto.id),
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
      const derived = deriveObservation(dto.kind, target, dto.measure, list);
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
            dto.kind,
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
  const points = trendSeries(dto.kind, series).map((p) => ({ ...p, ...extras.get(`${p.period.year}|${p.period.kind}`)! }));
  return { indicator: dto, agency, axis, points };
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

export async function agencyRanking(ctx: Context, actor: Actor, query: RankingQuery): Promise<RankingDto> {
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

  let subject: RankingDto['subject'];
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
    const { dto, templates } = await chartIndicator(ctx, query.indicator!);
    // versions where one agency reports the indicator for the province: that value is no agency's own result
    for (const t of templates) if (indicatorRow(t, dto.id)?.provinceFigureBy) responsibleTemplates.add(t.id);
    if (templates.length > 0 && templates.every((t) => !indicatorRow(t, dto.id) || responsibleTemplates.has(t.id))) throw notRankable(dto.id);
    subject = { indicatorId: dto.id, rowId: null, name: dto.name, unit: dto.unit, kind: dto.kind };
    locate = (t) => indicatorRow(t, dto.id);
  }

  const accepted = new Map(latestAccepted(reports).map((r) => [r.agency_id, r]));
  const observed = await observe(ctx, [...accepted.values()], { locate, normaliseMoney: query.rowId === undefined, responsible: false });
  const names = new Map((await listAgencies(ctx.db, agencyIds)).map((a) => [a.id, a.name]));
  const latestAny = new Map<string, DashboardReport>();
  for (const r of reports) {
    const current = latestAny.get(r.agency_id);
    if (!current || new Date(r.updated_at).getTime() >= new Date(current.updated_at).getTime()) latestAny.set(r.agency_id, r);
  }
  const entries = agencyIds.map((agencyId) => {
    const report = accepted.get(agencyId);
    const base = { agencyId, name: names.get(agencyId) ?? agencyId, agencyName: names.get(agencyId) ?? agencyId };
    if (!report) {
      const other = latestAny.get(agencyId);
      return {
        ...base,
        value: null,
        source: null,
        parts: null,
        reportStatus: other?.status ?? null,
        note: other ? `Chưa báo cáo: báo cáo ${STATE_TEXT[other.status]}.` : 'Chưa báo cáo: đơn vị chưa có báo cáo kỳ này.',
      };
    }
    const o = observed.get(report.id);
    if (!o)
      return {
        ...base,
        value: null,
        source: null,
        parts: null,
        reportStatus: report.status,
        note: 'Chưa báo cáo: mẫu báo cáo đơn vị dùng không có chỉ tiêu này.',
      };
    if (responsibleTemplates.has(o.templateId)) {
      return {
        ...base,
        value: null,
        source: null,
        parts: null,
        reportStatus: report.status,
        note: 'Không xếp hạng: theo mẫu đơn vị dùng, đây là số liệu chung của tỉnh do đơn vị chịu trách nhiệm báo cáo.',
      };
    }
    const { value, source } = agencyValue(subject.kind, o);
    return {
      ...base,
      value,
      source,
      parts: o.parts,
      reportStatus: report.status,
      note: value === null ? 'Chưa báo cáo: đơn vị không ghi số liệu chỉ tiêu này.' : null,
    };
  });
  const ranked = rankAgencies(entries);
  return {
    subject,
    roundId: query.roundId ?? null,
    period,
    periodLabel: periodLabel(period),
    reported: ranked.filter((e) => e.value !== null).length,
    entries: ranked.map((e) => ({
      rank: e.rank,
      agencyId: e.agencyId,
      agencyName: e.agencyName,
      value: e.value,
      source: e.source,
      parts: e.parts,
      reportStatus: e.reportStatus,
      note: e.note,
    })),
  };
}

// ------------------------------------------------------------------------------------------------ completeness

export async function roundsCompleteness(ctx: Context, actor: Actor): Promise<CompletenessDto> {
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
  return {
    rounds: ordered.map((round) => {
      const period = { year: round.period_year, kind: round.period_kind as PeriodKind };
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
      return {
        roundId: round.id,
        templateId: round.template_id,
        period,
        label: periodLabel(period),
        deadline: round.deadline,
        status: round.status,
        ...roundCompleteness(round.deadline, states, now),
      };
    }),
  };
}

// ------------------------------------------------------------------------------------------------ CSV

export interface CsvFile {
  text: string;
  fileName: string;
}

const METHOD_TEXT: Record<FigureMethod, string> = {
  sum: 'Tổng của các đơn vị có số liệu',
  ratio: 'Tỷ lệ tính lại từ tổng tử số và tổng mẫu số',
  responsible: 'Số liệu của đơn vị chịu trách nhiệm báo cáo số liệu của tỉnh',
  spread: 'Không có quy tắc cộng gộp',
};

/** Computed percentages to two decimals; what agencies wrote stays as written. */
const round2 = (x: number) => Math.round(x * 100) / 100;

/** What a trend point's figure is made of beyond the reports of its period: derived quarters, predecessors. */
export function trendPointNote(p: TrendDto['points'][number]): string | null {
  const notes: string[] = [];
  if (p.derived > 0)
    notes.push(
      `Tính từ số liệu các quý (${p.derivedFrom.map((k) => periodLabel({ year: p.period.year, kind: k }).replace(/ năm \d+$/u, '')).join(', ')}) của ${p.derived} đơn vị chỉ báo cáo theo quý`,
    );
  if (p.comparable > 0) notes.push(`Số liệu cộng của các đơn vị trước sáp nhập (${p.comparableWith.join(', ')}) để so sánh`);
  return notes.length > 0 ? `${notes.join('. ')}.` : null;
}

export function trendCsv(trend: TrendDto): CsvFile {
  const { indicator } = trend;
  const rows: CsvCell[][] = trend.points.map((p) => [
    indicator.name,
    trend.agency?.name ?? 'Toàn tỉnh',
    p.label,
    p.period.year,
    p.value === null ? null : p.method === 'ratio' ? round2(p.value) : p.value,
    indicator.unit,
    p.method !== 'spread'
      ? METHOD_TEXT[p.method]
      : p.value === null
        ? `${METHOD_TEXT.spread}: không có một số liệu chung`
        : p.reported === 1
          ? 'Số liệu của đơn vị duy nhất có số liệu'
          : 'Các đơn vị ghi cùng một số liệu',
    p.reported,
    p.agencies,
    p.parts?.numerator ?? null,
    p.parts?.denominator ?? null,
    p.spread?.min ?? null,
    p.spread?.median ?? null,
    p.spread?.max ?? null,
    p.templateIds.join('; '),
    p.method === 'ratio' ? p.percentOnly : null,
    trendPointNote(p),
  ]);
  return {
    text: toCsv(
      [
        'Chỉ tiêu',
        'Phạm vi',
        'Kỳ báo cáo',
        'Năm',
        'Giá trị',
        'Đơn vị tính',
        'Cách tính',
        'Số đơn vị có số liệu',
        'Số đơn vị của kỳ báo cáo',
        'Tử số',
        'Mẫu số',
        'Nhỏ nhất',
        'Trung vị',
        'Lớn nhất',
        'Mẫu báo cáo',
        'Số đơn vị chỉ ghi tỷ lệ',
        'Ghi chú',
      ],
      rows,
    ),
    fileName: safeFileName(['xu-huong', indicator.id, trend.agency?.name ?? 'toan-tinh'], 'csv'),
  };
}

export function rankingCsv(ranking: RankingDto): CsvFile {
  const rows: CsvCell[][] = ranking.entries.map((e) => [
    ranking.subject.name,
    ranking.periodLabel,
    e.rank,
    e.agencyName,
    e.value === null ? null : e.source === 'parts' ? round2(e.value) : e.value,
    ranking.subject.unit,
    e.source === 'parts' ? 'Tính từ tử số và mẫu số của đơn vị' : e.source === 'stated' ? 'Số liệu đơn vị ghi' : null,
    e.parts?.numerator ?? null,
    e.parts?.denominator ?? null,
    e.reportStatus ? STATE_TEXT[e.reportStatus] : 'chưa có báo cáo',
    e.note,
  ]);
  return {
    text: toCsv(
      ['Chỉ tiêu', 'Kỳ báo cáo', 'Hạng', 'Đơn vị', 'Giá trị', 'Đơn vị tính', 'Cách tính', 'Tử số', 'Mẫu số', 'Trạng thái báo cáo', 'Ghi chú'],
      rows,
    ),
    fileName: safeFileName(['xep-hang', ranking.subject.indicatorId ?? ranking.subject.rowId ?? '', ranking.periodLabel], 'csv'),
  };
}

export function completenessCsv(completeness: CompletenessDto, today: Date): CsvFile {
  const rows: CsvCell[][] = completeness.rounds.map((r) => [
    r.label,
    r.templateId,
    r.deadline,
    r.agencies,
    r.counts['not-started'],
    r.counts.draft,
    r.counts.submitted,
    r.counts.returned,
    r.counts.accepted,
    r.onTime,
    r.late,
    r.overdue,
    r.pending,
    r.onTimeRate === null ? null : round2(r.onTimeRate),
  ]);
  // the day in Vietnam, for the file name
  const day = new Date(today.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
  return {
    text: toCsv(
      [
        'Kỳ báo cáo',
        'Mẫu báo cáo',
        'Hạn nộp',
        'Số đơn vị',
        'Chưa bắt đầu',
        'Đang soạn',
        'Đã nộp',
        'Bị trả lại',
        'Đã duyệt',
        'Nộp đúng hạn',
        'Nộp trễ hạn',
        'Quá hạn chưa nộp',
        'Chưa đến hạn',
        'Tỷ lệ nộp đúng hạn (%)',
      ],
      rows,
    ),
    fileName: safeFileName(['tinh-hinh-nop-bao-cao', day], 'csv'),
  };
}
