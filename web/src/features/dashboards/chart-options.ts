/**
 * The dashboards' data → ECharts options: Vietnamese labels, vi-VN numbers ("1.234,5"), and a Vietnamese description
 * of each chart for screen readers (ECharts' aria label). Agencies that did not report are never drawn as 0.
 */
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { AriaComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import { formatRate } from '@core/consolidation/figure-text.js';
import { formatFixed, formatNumber } from '@core/values/number-format.js';
import type { CompletenessDto, RankingDto, TrendDto } from '@shared/dashboard-schemas.js';
import { REPORT_STATUS_LABEL } from '@shared/report-status.js';
import { escapeHtml } from '@shared/html-text.js';

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption | AriaComponentOption
>;

type Kind = 'count' | 'money' | 'percent' | 'decimal';

/** What a point is made of beyond its period's own reports: quarters summed (derived), a merger's predecessors. */
export function trendMarks(p: TrendDto['points'][number]): string[] {
  const marks: string[] = [];
  if (p.derived > 0) marks.push(`Tính từ số liệu các quý của ${p.derived} đơn vị chỉ báo cáo theo quý`);
  if (p.comparable > 0) marks.push(`Cộng số liệu các đơn vị trước sáp nhập để so sánh: ${p.comparableWith.join(', ')}`);
  return marks;
}

/** A figure as an officer reads it: "56,45 %", "3,75", "1.234". */
export function figureText(kind: Kind, value: number | null): string {
  if (value === null) return 'không có số liệu';
  // a rate below 100 never shows "100,00"
  if (kind === 'percent') return `${formatRate(value)} %`;
  // computed money and decimals: at most three decimals on screen (the CSV keeps every digit)
  return Number.isInteger(value) ? formatNumber(value) : formatNumber(Math.round(value * 1000) / 1000);
}

const axisNumber = (kind: Kind) => (value: number) => (kind === 'percent' ? `${formatNumber(value)} %` : formatNumber(value));

const METHOD_TEXT: Record<TrendDto['points'][number]['method'], string> = {
  sum: 'tổng của các đơn vị có số liệu',
  ratio: 'tỷ lệ tính lại từ tổng tử số và tổng mẫu số',
  responsible: 'số liệu của đơn vị chịu trách nhiệm báo cáo số liệu của tỉnh',
  spread: 'không có quy tắc cộng gộp',
};

/** How a period's figure was made, in words. */
export function methodText(p: Pick<TrendDto['points'][number], 'method' | 'value' | 'reported'>): string {
  if (p.method === 'spread' && p.value !== null)
    return p.reported === 1 ? 'số liệu của đơn vị duy nhất có số liệu' : 'các đơn vị ghi cùng một số liệu';
  return METHOD_TEXT[p.method];
}

function pointText(kind: Kind, p: TrendDto['points'][number]): string {
  if (p.value !== null) return figureText(kind, p.value);
  if (p.reported === 0) return 'chưa có đơn vị nào báo cáo';
  if (p.spread) return `không có số liệu chung (từ ${figureText(kind, p.spread.min)} đến ${figureText(kind, p.spread.max)})`;
  return 'không có số liệu chung';
}

export function trendOption(trend: TrendDto): ChartOption {
  const { kind, name, unit } = trend.indicator;
  const labels = trend.points.map((p) => p.label);
  const description = `Biểu đồ xu hướng: ${name}${trend.agency ? ` của ${trend.agency.name}` : ', toàn tỉnh'}. ${
    trend.points.length === 0
      ? 'Chưa có báo cáo đã duyệt nào có chỉ tiêu này.'
      : trend.points.map((p) => `${p.label}: ${pointText(kind, p)}, ${p.reported}/${p.agencies} đơn vị có số liệu`).join('; ')
  }.`;
  return {
    aria: { enabled: true, label: { description } },
    grid: { left: 16, right: 16, top: 48, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const index = (Array.isArray(params) ? (params[0] as { dataIndex: number }) : (params as { dataIndex: number })).dataIndex;
        const p = trend.points[index];
        if (!p) return '';
        return [
          `<strong>${escapeHtml(p.label)}</strong>`,
          `${escapeHtml(pointText(kind, p))}${unit && kind !== 'percent' && p.value !== null ? ` ${escapeHtml(unit)}` : ''}`,
          `${p.reported}/${p.agencies} đơn vị có số liệu${p.percentOnly ? `; ${p.percentOnly} đơn vị chỉ ghi tỷ lệ (không tính)` : ''}`,
          `Cách tính: ${escapeHtml(methodText(p))}`,
          ...trendMarks(p).map(escapeHtml),
        ].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 5 ? 25 : 0 } },
    yAxis: [
      {
        type: 'value',
        name: unit,
        axisLabel: { formatter: axisNumber(kind) },
        ...(kind === 'percent' ? { max: (v: { max: number }) => Math.max(100, Math.ceil(v.max)) } : {}),
      },
      {
        type: 'value',
        name: 'Đơn vị',
        minInterval: 1,
        position: 'right',
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => formatNumber(v) },
      },
    ],
    series: [
      {
        name: name.length > 60 ? `${name.slice(0, 57)}…` : name,
        type: 'line',
        yAxisIndex: 0,
        z: 3,
        connectNulls: false,
        symbolSize: 9,
        lineStyle: { width: 3, color: '#8b0000' },
        itemStyle: { color: '#8b0000' },
        label: { show: true, position: 'top', formatter: (x: { value: unknown }) => (typeof x.value === 'number' ? figureText(kind, x.value) : '') },
        // a period with no single figure is a gap in the line, never a 0
        data: trend.points.map((p) => p.value),
      },
      {
        name: 'Số đơn vị có số liệu',
        type: 'bar',
        yAxisIndex: 1,
        barMaxWidth: 36,
        itemStyle: { color: '#c9d4e3' },
        data: trend.points.map((p) => p.reported),
      },
    ],
  };
}

export function rankingOption(ranking: RankingDto): ChartOption {
  const kind = ranking.subject.kind;
  const shown = ranking.entries.filter((e) => e.value !== null);
  const missing = ranking.entries.filter((e) => e.value === null);
  const description = `Biểu đồ xếp hạng đơn vị: ${ranking.subject.name}, ${ranking.periodLabel}. ${
    shown.map((e) => `${e.rank}. ${e.agencyName}: ${figureText(kind, e.value)}`).join('; ') || 'Chưa có đơn vị nào có số liệu'
  }.${missing.length > 0 ? ` Chưa báo cáo: ${missing.map((e) => e.agencyName).join(', ')}.` : ''}`;
  return {
    aria: { enabled: true, label: { description } },
    grid: { left: 16, right: 72, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const e = shown[(params as { dataIndex: number }).dataIndex];
        if (!e) return '';
        const parts = e.parts && e.source === 'parts' ? `<br/>${formatNumber(e.parts.numerator)}/${formatNumber(e.parts.denominator)}` : '';
        return `<strong>${e.rank}. ${escapeHtml(e.agencyName)}</strong><br/>${escapeHtml(figureText(kind, e.value))}${kind !== 'percent' ? ` ${escapeHtml(ranking.subject.unit)}` : ''}${parts}`;
      },
    },
    xAxis: {
      type: 'value',
      axisLabel: { formatter: axisNumber(kind) },
      ...(kind === 'percent' ? { max: (v: { max: number }) => Math.max(100, Math.ceil(v.max)) } : {}),
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: shown.map((e) => `${e.rank}. ${e.agencyName}`),
      axisLabel: { width: 320, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: ranking.subject.name,
        barMaxWidth: 22,
        itemStyle: { color: '#8b0000' },
        label: {
          show: true,
          position: 'right',
          formatter: (x: { value: unknown }) => (typeof x.value === 'number' ? figureText(kind, x.value) : ''),
        },
        data: shown.map((e) => e.value),
      },
    ],
  };
}

/** The states stacked in the completeness chart, accepted first, with the chart's own colours. */
const STATES = (
  [
    ['accepted', '#2f9e44'],
    ['submitted', '#f08c00'],
    ['returned', '#e03131'],
    ['draft', '#1c7ed6'],
    ['not-started', '#adb5bd'],
  ] as const
).map(([status, colour]) => [status, REPORT_STATUS_LABEL[status], colour] as const);

export function completenessOption(data: CompletenessDto): ChartOption {
  const labels = data.rounds.map((r) => r.label);
  const description = `Biểu đồ tình hình nộp báo cáo qua các đợt. ${
    data.rounds
      .map(
        (r) =>
          `${r.label}: ${r.agencies} đơn vị, ${STATES.map(([k, l]) => `${l.toLowerCase()} ${r.counts[k]}`).join(', ')}; nộp đúng hạn ${r.onTime}, trễ hạn ${r.late}, quá hạn chưa nộp ${r.overdue}`,
      )
      .join('; ') || 'Chưa có đợt báo cáo nào'
  }.`;
  return {
    aria: { enabled: true, label: { description } },
    grid: { left: 16, right: 16, top: 56, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const index = (Array.isArray(params) ? (params[0] as { dataIndex: number }) : (params as { dataIndex: number })).dataIndex;
        const r = data.rounds[index];
        if (!r) return '';
        return [
          `<strong>${escapeHtml(r.label)}</strong> — hạn nộp ${r.deadline.split('-').reverse().join('/')}`,
          ...STATES.map(([k, l]) => `${l}: ${r.counts[k]}`),
          `Nộp đúng hạn: ${r.onTime}; trễ hạn: ${r.late}; quá hạn chưa nộp: ${r.overdue}; chưa đến hạn: ${r.pending}`,
          `Tỷ lệ nộp đúng hạn: ${r.onTimeRate === null ? '—' : `${formatRate(r.onTimeRate)} %`}`,
        ].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 25 : 0 } },
    yAxis: [
      { type: 'value', name: 'Số đơn vị', minInterval: 1, axisLabel: { formatter: (v: number) => formatNumber(v) } },
      {
        type: 'value',
        name: 'Đúng hạn (%)',
        min: 0,
        max: 100,
        position: 'right',
        splitLine: { show: false },
        axisLabel: { formatter: (v: number) => `${formatNumber(v)} %` },
      },
    ],
    series: [
      ...STATES.map(([k, l, color]): BarSeriesOption => ({
        name: l,
        type: 'bar',
        stack: 'states',
        yAxisIndex: 0,
        barMaxWidth: 48,
        itemStyle: { color },
        data: data.rounds.map((r) => r.counts[k]),
      })),
      {
        name: 'Tỷ lệ nộp đúng hạn',
        type: 'line',
        yAxisIndex: 1,
        symbolSize: 8,
        lineStyle: { width: 3, color: '#5f3dc4' },
        itemStyle: { color: '#5f3dc4' },
        label: {
          show: true,
          position: 'top',
          backgroundColor: '#ffffff',
          padding: [1, 3],
          formatter: (x: { value: unknown }) => (typeof x.value === 'number' ? `${formatFixed(x.value, 1)} %` : ''),
        },
        data: data.rounds.map((r) => r.onTimeRate),
      },
    ],
  };
}
