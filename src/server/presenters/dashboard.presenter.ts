/**
 * The dashboards' data → API shapes typed from src/shared/dashboard-schemas.ts, and the same data as CSV (UTF-8 with
 * BOM, RFC 4180: src/core/values/csv.ts). The Vietnamese words of the dashboards live here: area names, report
 * states, why an agency has no value in a ranking, how a figure was computed.
 */
import type { FigureMethod, ReportState } from '../../core/consolidation/series.js';
import { periodLabel } from '../../core/periods/period.js';
import { safeFileName, toCsv, type CsvCell } from '../../core/values/csv.js';
import type { ChartIndicatorDto, CompletenessDto, RankingDto, TrendDto } from '../../shared/dashboard-schemas.js';
import type { ChartIndicator, RankingData, RankingGap, RoundCompletenessData, TrendData } from '../services/dashboard.service.js';

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

export const presentChartIndicator = ({ definition, unit, templateIds }: ChartIndicator): ChartIndicatorDto => ({
  id: definition.id,
  name: definition.name,
  kind: definition.kind,
  measure: definition.measure,
  area: definition.area,
  areaName: AREA_NAMES[definition.area] ?? definition.area,
  unit,
  templateIds: [...templateIds],
});

export const presentTrend = (trend: TrendData): TrendDto => ({
  indicator: presentChartIndicator(trend.indicator),
  agency: trend.agency ? { id: trend.agency.id, name: trend.agency.name } : null,
  axis: trend.axis,
  points: trend.points.map((p) => ({
    period: { year: p.period.year, kind: p.period.kind },
    label: p.label,
    value: p.value,
    method: p.method,
    reported: p.reported,
    agencies: p.agencies,
    parts: p.parts ? { numerator: p.parts.numerator, denominator: p.parts.denominator, agencies: p.parts.agencies } : null,
    spread: p.spread ? { min: p.spread.min, median: p.spread.median, max: p.spread.max } : null,
    templateIds: p.templateIds,
    percentOnly: p.percentOnly,
    derived: p.derived,
    derivedFrom: p.derivedFrom,
    comparable: p.comparable,
    comparableWith: p.comparableWith,
  })),
});

/** Why an agency has no value, as the ranking says it ("Chưa báo cáo: …"). */
export function rankingGapText(gap: RankingGap): string {
  switch (gap.kind) {
    case 'no-report':
      return gap.status ? `Chưa báo cáo: báo cáo ${STATE_TEXT[gap.status]}.` : 'Chưa báo cáo: đơn vị chưa có báo cáo kỳ này.';
    case 'not-in-template':
      return 'Chưa báo cáo: mẫu báo cáo đơn vị dùng không có chỉ tiêu này.';
    case 'responsible':
      return 'Không xếp hạng: theo mẫu đơn vị dùng, đây là số liệu chung của tỉnh do đơn vị chịu trách nhiệm báo cáo.';
    case 'no-value':
      return 'Chưa báo cáo: đơn vị không ghi số liệu chỉ tiêu này.';
  }
}

export const presentRanking = (ranking: RankingData): RankingDto => ({
  subject: { ...ranking.subject },
  roundId: ranking.roundId,
  period: { year: ranking.period.year, kind: ranking.period.kind },
  periodLabel: periodLabel(ranking.period),
  reported: ranking.entries.filter((e) => e.value !== null).length,
  entries: ranking.entries.map((e) => ({
    rank: e.rank,
    agencyId: e.agencyId,
    agencyName: e.name,
    value: e.value,
    source: e.source,
    parts: e.parts ? { numerator: e.parts.numerator, denominator: e.parts.denominator } : null,
    reportStatus: e.reportStatus,
    note: e.gap ? rankingGapText(e.gap) : null,
  })),
});

export const presentCompleteness = (rounds: readonly RoundCompletenessData[]): CompletenessDto => ({
  rounds: rounds.map((r) => ({
    roundId: r.round.id,
    templateId: r.round.template_id,
    period: { year: r.period.year, kind: r.period.kind },
    label: periodLabel(r.period),
    deadline: r.round.deadline,
    status: r.round.status,
    agencies: r.agencies,
    counts: { ...r.counts },
    onTime: r.onTime,
    late: r.late,
    overdue: r.overdue,
    pending: r.pending,
    onTimeRate: r.onTimeRate,
  })),
});

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
