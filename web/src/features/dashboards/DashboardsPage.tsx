/**
 * "Bảng điều khiển": an indicator's trend over periods (across template versions), agencies ranked on it for a round
 * or a period, and completeness and timeliness over rounds — each chart's data downloadable as CSV. Only accepted
 * reports count. The Sở Nội vụ and leadership see their whole province; an agency's accounts see their own trend.
 * Loaded on demand (React.lazy): ECharts is not in the main bundle.
 */
import { Alert, Button, Group, List, Paper, Select, Stack, Text, Title, type ComboboxItem, type OptionsFilter } from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';
import { periodLabel } from '@core/periods/period.js';
import { errorText } from '../../api/client.js';
import { useAgencies, useCompleteness, useDashboardIndicators, useRanking, useRounds, useTrend } from '../../api/queries.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { dateText, PERIOD_KIND_OPTIONS } from '../../shared/labels.js';
import { useSession } from '../auth/session.js';
import { completenessOption, figureText, methodText, rankingOption, trendMarks, trendOption } from './chart-options.js';
import { EChart } from './EChart.js';

/** Roles that may read the consolidation (the server decides; this only chooses what to show). */
const PROVINCE_ROLES = new Set(['admin', 'consolidator', 'viewer']);
/** What the page opens on, the first one the catalogue has. */
const PREFERRED = [
  'dossiers.on-time-rate.departments',
  'dossiers.settled-on-time',
  'dossiers.online.received-rate',
  'dossiers.online.received',
  'procedures.new',
];
const ALL = '__all';
const PERIOD_KINDS = PERIOD_KIND_OPTIONS;

/** Search without diacritics too: "truc tuyen" finds "trực tuyến"; every word must appear. */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase();
const foldedFilter: OptionsFilter = ({ options, search }) => {
  const words = fold(search).split(/\s+/u).filter(Boolean);
  const matches = (item: ComboboxItem) => words.every((w) => fold(item.label).includes(w));
  return options
    .map((o) => ('group' in o ? { ...o, items: o.items.filter(matches) } : o))
    .filter((o) => ('group' in o ? o.items.length > 0 : matches(o)));
};

const query = (params: Record<string, string | undefined>) =>
  new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString();

function Section({ title, csv, csvLabel, children }: { title: string; csv?: string | null; csvLabel: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Group justify="space-between" align="flex-start" mb="sm">
        <Title order={3} size="h4">
          {title}
        </Title>
        {csv && (
          <Button component="a" href={csv} download size="xs" variant="light" aria-label={`Tải CSV: ${csvLabel}`}>
            Tải CSV
          </Button>
        )}
      </Group>
      {children}
    </Paper>
  );
}

export function DashboardsPage() {
  const { actor } = useSession();
  const provinceWide = !!actor && PROVINCE_ROLES.has(actor.role);
  const indicators = useDashboardIndicators();
  const agencies = useAgencies();
  const rounds = useRounds({ enabled: provinceWide });

  const [indicatorChoice, setIndicator] = useState<string | null>(null);
  const [agencyChoice, setAgency] = useState<string | null>(null);
  const [kind, setKind] = useState<string>(ALL);
  const [rankingChoice, setRanking] = useState<string | null>(null);

  const indicatorList = indicators.data ?? [];
  const indicatorId = indicatorChoice ?? PREFERRED.find((id) => indicatorList.some((i) => i.id === id)) ?? indicatorList[0]?.id ?? null;
  const indicator = indicatorList.find((i) => i.id === indicatorId) ?? null;
  const agencyList = useMemo(
    () => [...(agencies.data ?? [])].filter((a) => a.kind !== 'province').sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    [agencies.data],
  );
  const provinces = new Set((agencies.data ?? []).map((a) => a.province ?? ''));
  const wholeLabel = provinces.size === 1 ? 'Toàn tỉnh' : 'Tất cả đơn vị';
  const agencyId = provinceWide ? (agencyChoice && agencyChoice !== ALL ? agencyChoice : undefined) : (agencyChoice ?? actor?.agencyIds[0]);

  const trendQuery = indicatorId ? query({ indicator: indicatorId, agencyId, periodKind: kind === ALL ? undefined : kind }) : null;
  const trend = useTrend(trendQuery);
  const trendChart = useMemo(() => (trend.data ? trendOption(trend.data) : null), [trend.data]);

  // the ranking's choices: the rounds, and the periods the trend shows (every accepted report, rounds or history)
  const rankingOptions = useMemo(() => {
    const periods = [...(trend.data?.points ?? [])].reverse().map((p) => ({ value: `period:${p.period.year}:${p.period.kind}`, label: p.label }));
    const roundItems = (rounds.data ?? []).map((r) => ({
      value: `round:${r.id}`,
      label: `Đợt ${periodLabel(r.period).replace(/^Năm/u, 'năm')} (hạn nộp ${dateText(r.deadline)})`,
    }));
    return [
      ...(periods.length > 0 ? [{ group: 'Kỳ báo cáo (mọi báo cáo đã duyệt)', items: periods }] : []),
      ...(roundItems.length > 0 ? [{ group: 'Đợt báo cáo', items: roundItems }] : []),
    ];
  }, [trend.data, rounds.data]);
  const rankingValues = rankingOptions.flatMap((g) => g.items.map((i) => i.value));
  const rankingKey = rankingChoice && rankingValues.includes(rankingChoice) ? rankingChoice : (rankingValues[0] ?? null);
  const rankingQuery = useMemo(() => {
    if (!provinceWide || !indicatorId || !rankingKey) return null;
    const [type, a, b] = rankingKey.split(':');
    return type === 'round' ? query({ indicator: indicatorId, roundId: a }) : query({ indicator: indicatorId, year: a, kind: b });
  }, [provinceWide, indicatorId, rankingKey]);
  const ranking = useRanking(rankingQuery);
  const rankingChart = useMemo(() => (ranking.data ? rankingOption(ranking.data) : null), [ranking.data]);

  const completeness = useCompleteness({ enabled: provinceWide });
  const completenessChart = useMemo(() => (completeness.data ? completenessOption(completeness.data) : null), [completeness.data]);

  if (indicators.isLoading || agencies.isLoading) return <Loading />;
  if (indicators.error) return <ErrorAlert message={errorText(indicators.error, 'Không tải được danh mục chỉ tiêu.')} />;

  const indicatorGroups = [...new Set(indicatorList.map((i) => i.areaName))].map((group) => ({
    group,
    items: indicatorList.filter((i) => i.areaName === group).map((i) => ({ value: i.id, label: i.name })),
  }));
  const agencyOptions = [...(provinceWide ? [{ value: ALL, label: wholeLabel }] : []), ...agencyList.map((a) => ({ value: a.id, label: a.name }))];
  const latest = trend.data?.points.at(-1);
  const shownMissing = ranking.data?.entries.filter((e) => e.value === null) ?? [];
  const shownRanked = ranking.data ? ranking.data.entries.length - shownMissing.length : 0;

  return (
    <Stack>
      <Title order={2}>Bảng điều khiển</Title>
      <Text size="sm">
        Chỉ tính các báo cáo <strong>đã được duyệt</strong>, kể cả báo cáo các kỳ trước đã nhập vào hệ thống; báo cáo theo các mẫu khác nhau được so
        sánh qua chỉ tiêu chuẩn. Đơn vị chưa báo cáo không được tính là 0. Tệp CSV: mã UTF-8, phân cách bằng dấu phẩy, số thập phân dùng dấu chấm, ô
        trống là chưa báo cáo.
      </Text>
      <Group align="flex-end" gap="md">
        <Select
          label="Chỉ tiêu"
          aria-label="Chỉ tiêu"
          searchable
          filter={foldedFilter}
          allowDeselect={false}
          nothingFoundMessage="Không có chỉ tiêu phù hợp"
          data={indicatorGroups}
          value={indicatorId}
          onChange={(v) => v && setIndicator(v)}
          w={560}
          maxDropdownHeight={360}
        />
        <Select
          label="Đơn vị"
          aria-label="Đơn vị"
          searchable
          filter={foldedFilter}
          allowDeselect={false}
          data={agencyOptions}
          value={provinceWide ? (agencyId ?? ALL) : (agencyId ?? null)}
          onChange={(v) => v && setAgency(v)}
          w={340}
        />
        <Select
          label="Loại kỳ"
          aria-label="Loại kỳ"
          allowDeselect={false}
          // by default one length of period (the longest reported; others derived from quarters), never mixed on one axis
          data={[{ value: ALL, label: 'Tự chọn (năm, nếu có)' }, ...PERIOD_KINDS]}
          value={kind}
          onChange={(v) => v && setKind(v)}
          w={180}
        />
      </Group>

      <Section
        title={indicator ? `Xu hướng: ${indicator.name}${indicator.unit ? ` (${indicator.unit})` : ''}` : 'Xu hướng chỉ tiêu'}
        csv={trendQuery && trend.data ? `/api/dashboards/trend.csv?${trendQuery}` : null}
        csvLabel="xu hướng chỉ tiêu"
      >
        {trend.isLoading ? (
          <Loading />
        ) : trend.error ? (
          <ErrorAlert message={errorText(trend.error, 'Không tải được số liệu.')} />
        ) : trend.data && trendChart ? (
          <>
            <Text size="sm" mb="xs">
              {trend.data.agency ? trend.data.agency.name : wholeLabel}
              {latest
                ? ` — ${latest.label}: ${latest.value === null ? (latest.reported === 0 ? 'chưa có đơn vị nào báo cáo' : 'không có một số liệu chung') : `${figureText(trend.data.indicator.kind, latest.value)}${trend.data.indicator.kind === 'percent' ? '' : ` ${trend.data.indicator.unit}`}`} (${latest.reported}/${latest.agencies} đơn vị có số liệu; ${methodText(latest)}).`
                : ' — chưa có báo cáo đã duyệt nào có chỉ tiêu này.'}
              {latest && latest.percentOnly > 0 ? ` ${latest.percentOnly} đơn vị chỉ ghi tỷ lệ, không có tử số và mẫu số, không được tính.` : ''}
              {latest && trendMarks(latest).length > 0 ? ` ${trendMarks(latest).join('. ')}.` : ''}
            </Text>
            {trend.data.points.length > 0 && <EChart option={trendChart} height={340} testId="chart-trend" />}
          </>
        ) : null}
      </Section>

      {provinceWide ? (
        <>
          <Section
            title="Xếp hạng đơn vị"
            csv={rankingQuery && ranking.data ? `/api/dashboards/ranking.csv?${rankingQuery}` : null}
            csvLabel="xếp hạng đơn vị"
          >
            <Select
              label="Đợt hoặc kỳ báo cáo"
              aria-label="Đợt hoặc kỳ báo cáo"
              allowDeselect={false}
              data={rankingOptions}
              value={rankingKey}
              onChange={(v) => v && setRanking(v)}
              w={420}
              mb="sm"
              placeholder="Chưa có đợt hoặc kỳ báo cáo"
            />
            {ranking.isLoading ? (
              <Loading />
            ) : ranking.error ? (
              <ErrorAlert message={errorText(ranking.error, 'Không tải được bảng xếp hạng.')} />
            ) : ranking.data && rankingChart ? (
              <>
                <Text size="sm" mb="xs">
                  {ranking.data.subject.name} — {ranking.data.periodLabel}: {shownRanked}/{ranking.data.entries.length} đơn vị có số liệu
                  {ranking.data.subject.kind === 'percent' ? '; tỷ lệ tính từ tử số và mẫu số của đơn vị khi có' : ''}.
                </Text>
                {shownRanked > 0 ? (
                  <EChart option={rankingChart} height={Math.max(160, 48 + 30 * shownRanked)} testId="chart-ranking" />
                ) : (
                  <Text size="sm">Chưa có đơn vị nào có số liệu chỉ tiêu này trong kỳ.</Text>
                )}
                {shownMissing.length > 0 && (
                  <>
                    <Text size="sm" fw={700} mt="sm">
                      Chưa báo cáo ({shownMissing.length}):
                    </Text>
                    <List size="sm" aria-label="Đơn vị chưa báo cáo">
                      {shownMissing.map((e) => (
                        <List.Item key={e.agencyId}>
                          {e.agencyName} — {e.note?.replace(/^Chưa báo cáo: /u, '')}
                        </List.Item>
                      ))}
                    </List>
                  </>
                )}
              </>
            ) : !rankingKey ? (
              <Text size="sm">Chưa có đợt hoặc kỳ báo cáo nào có chỉ tiêu này.</Text>
            ) : null}
          </Section>

          <Section
            title="Tình hình nộp báo cáo qua các đợt"
            csv={completeness.data ? '/api/dashboards/completeness.csv' : null}
            csvLabel="tình hình nộp báo cáo"
          >
            {completeness.isLoading ? (
              <Loading />
            ) : completeness.error ? (
              <ErrorAlert message={errorText(completeness.error, 'Không tải được tình hình nộp báo cáo.')} />
            ) : completeness.data && completenessChart ? (
              completeness.data.rounds.length > 0 ? (
                <>
                  <Text size="sm" mb="xs">
                    Hạn nộp tính hết ngày theo giờ Việt Nam. Nộp đúng hạn: nộp lần gần nhất trước khi hết hạn.
                  </Text>
                  <EChart option={completenessChart} height={340} testId="chart-completeness" />
                </>
              ) : (
                <Text size="sm">Chưa có đợt báo cáo nào.</Text>
              )
            ) : null}
          </Section>
        </>
      ) : (
        <Alert color="gray">Xếp hạng các đơn vị và tình hình nộp báo cáo của toàn tỉnh dành cho Sở Nội vụ và lãnh đạo tỉnh.</Alert>
      )}
    </Stack>
  );
}

export default DashboardsPage;
