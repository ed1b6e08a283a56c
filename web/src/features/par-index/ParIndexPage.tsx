/**
 * "Chỉ số CCHC": the criteria set of a year and group (the set of the account's own group first), the agencies'
 * assessments (an agency's account sees its own, the Sở Nội vụ every agency of its province, to appraise), and the
 * results: for the Sở Nội vụ the ranking as it stands with per-area scores, the chart comparing agencies across years,
 * publication, the DOCX annex and the XLSX; for an agency the ranking of its group once published. Loaded on demand
 * (it brings ECharts).
 */
import { Alert, Anchor, Badge, Button, Card, Group, Paper, Select, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { INDEX_GROUP_KINDS } from '@shared/index-schemas.js';
import { errorText } from '../../api/client.js';
import { indexKeys, useAgencies, useIndexAssessments, useIndexCompare, useIndexResults, useIndexSets } from '../../api/queries.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { href } from '../../app/router.js';
import { useSession } from '../auth/session.js';
import { EChart } from '../dashboards/EChart.js';
import type { ChartOption } from '../dashboards/chart-options.js';
import { AssessmentPanel } from './AssessmentPanel.js';
import { ExampleNote } from './ExampleNote.js';
import { dateTimeText, pointsText, publishResults, resultsDownload, STATUS_COLOR } from './index-api.js';
import type { AssessmentListDto, CriteriaSetSummaryDto, IndexCompareDto, IndexResultsDto } from './index-types.js';

export default function ParIndexPage({ setId, agencyId }: { setId?: string; agencyId?: string }) {
  if (setId && agencyId) return <AssessmentPanel setId={setId} agencyId={agencyId} />;
  return <IndexHome />;
}

/** The set shown first: the latest of the account's own group (a department's account: the departments' set). */
function firstSet(sets: readonly CriteriaSetSummaryDto[], kinds: ReadonlySet<string>): string | null {
  // the departments' group first when the account has both (the Sở Nội vụ); sets come latest year first
  const group = (['departments', 'communes'] as const).find((g) => INDEX_GROUP_KINDS[g].some((k) => kinds.has(k)));
  return (sets.find((s) => s.group === group) ?? sets[0])?.id ?? null;
}

function IndexHome() {
  const sets = useIndexSets();
  const agencies = useAgencies();
  const [chosen, setChosen] = useState<string | null>(null);
  const kinds = useMemo(() => new Set((agencies.data ?? []).map((a) => a.kind)), [agencies.data]);
  const setId = chosen ?? (sets.data && agencies.data ? firstSet(sets.data, kinds) : null);
  const set = sets.data?.find((s) => s.id === setId) ?? null;
  if (sets.error) return <ErrorAlert message={errorText(sets.error, 'Không tải được bộ tiêu chí.')} />;
  if (!sets.data || !agencies.data) return <Loading />;
  if (sets.data.length === 0) return <Text c="dimmed">Chưa có bộ tiêu chí Chỉ số CCHC nào.</Text>;
  return (
    <Stack gap="md">
      <Title order={2}>Chỉ số cải cách hành chính</Title>
      <Group align="flex-end">
        <Select
          label="Bộ tiêu chí"
          w={520}
          maw="100%"
          data={sets.data.map((s) => ({ value: s.id, label: `${s.year} — ${s.groupLabel}: ${s.name}` }))}
          value={setId}
          onChange={setChosen}
          allowDeselect={false}
        />
        {set && (
          <Text size="sm" c="dimmed" pb={6}>
            Nhóm: {set.groupLabel} · tối đa {pointsText(set.max)} điểm
          </Text>
        )}
      </Group>
      {set?.example && <ExampleNote />}
      {set && (
        <Tabs defaultValue="assessments" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="assessments">Tự đánh giá và thẩm định</Tabs.Tab>
            <Tabs.Tab value="results">Kết quả, xếp hạng</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="assessments" pt="md">
            <AssessmentList set={set} />
          </Tabs.Panel>
          <Tabs.Panel value="results" pt="md">
            <Results set={set} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}

function AssessmentList({ set }: { set: CriteriaSetSummaryDto }) {
  const list = useIndexAssessments(set.id);
  if (list.error) return <ErrorAlert message={errorText(list.error, 'Không tải được danh sách.')} />;
  if (!list.data) return <Loading />;
  if (list.data.length === 0)
    return (
      <Text c="dimmed">Bộ tiêu chí này dành cho nhóm “{set.groupLabel}”; tài khoản của anh/chị không có cơ quan, đơn vị nào thuộc nhóm này.</Text>
    );
  const counts = new Map<string, number>();
  for (const a of list.data) counts.set(a.statusLabel, (counts.get(a.statusLabel) ?? 0) + 1);
  return (
    <Stack gap="sm">
      {list.data.length > 1 && (
        <Group gap="xs">
          <Text size="sm">{list.data.length} cơ quan, đơn vị:</Text>
          {[...counts].map(([label, n]) => (
            <Badge key={label} variant="light" color="gray">
              {label}: {n}
            </Badge>
          ))}
        </Group>
      )}
      <Table.ScrollContainer minWidth={560}>
        <Table withTableBorder data-testid="assessment-list" aria-label="Bản tự đánh giá của các cơ quan, đơn vị">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Cơ quan, đơn vị</Table.Th>
              <Table.Th>Trạng thái</Table.Th>
              <Table.Th>Gửi thẩm định</Table.Th>
              <Table.Th>Chốt kết quả</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((a) => (
              <AssessmentListRow key={a.agencyId} setId={set.id} a={a} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function AssessmentListRow({ setId, a }: { setId: string; a: AssessmentListDto[number] }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor href={href({ name: 'par-index-assessment', setId, agencyId: a.agencyId })}>{a.agencyName}</Anchor>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={a.status ? STATUS_COLOR[a.status] : 'gray'}>
          {a.statusLabel}
        </Badge>
      </Table.Td>
      <Table.Td>{a.submittedAt ? dateTimeText(a.submittedAt) : '—'}</Table.Td>
      <Table.Td>{a.finalisedAt ? dateTimeText(a.finalisedAt) : '—'}</Table.Td>
    </Table.Tr>
  );
}

function Results({ set }: { set: CriteriaSetSummaryDto }) {
  const agencies = useAgencies();
  const list = useIndexAssessments(set.id);
  // the provinces the account reads as the Sở Nội vụ; else the province its agencies belong to
  const provinces = useMemo(() => (agencies.data ?? []).filter((a) => a.kind === 'province'), [agencies.data]);
  const ownProvince = list.data?.find((a) => a.provinceId)?.provinceId ?? null;
  const [chosen, setChosen] = useState<string | null>(null);
  const provinceId = chosen ?? provinces[0]?.id ?? ownProvince;
  if (!agencies.data || !list.data) return <Loading />;
  if (!provinceId) return <Text c="dimmed">Kết quả Chỉ số CCHC của nhóm “{set.groupLabel}” do Sở Nội vụ của tỉnh công bố.</Text>;
  return (
    <Stack gap="md">
      {provinces.length > 1 && (
        <Select
          label="Tỉnh"
          w={320}
          data={provinces.map((p) => ({ value: p.id, label: p.name }))}
          value={provinceId}
          onChange={setChosen}
          allowDeselect={false}
        />
      )}
      <ProvinceResults set={set} provinceId={provinceId} ownAgencies={new Set(list.data.map((a) => a.agencyId))} />
    </Stack>
  );
}

function ProvinceResults({ set, provinceId, ownAgencies }: { set: CriteriaSetSummaryDto; provinceId: string; ownAgencies: ReadonlySet<string> }) {
  const { actor } = useSession();
  const results = useIndexResults(set.id, provinceId);
  const wide = results.data ? !results.data.publishedOnly : false;
  const compare = useIndexCompare(wide ? provinceId : null, set.group);
  const client = useQueryClient();
  const [decision, setDecision] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (results.error) return <ErrorAlert message={errorText(results.error, 'Không tải được kết quả.')} />;
  if (!results.data) return <Loading />;
  const r = results.data;
  if (r.publishedOnly && !r.published) {
    return (
      <Alert color="gray" title="Chưa công bố kết quả" data-testid="not-published">
        Sở Nội vụ chưa công bố kết quả Chỉ số CCHC năm {set.year} của nhóm “{set.groupLabel}”. Bảng xếp hạng hiện ở đây khi được công bố.
      </Alert>
    );
  }
  const mayPublish = wide && (actor?.role === 'consolidator' || actor?.role === 'admin');
  const publish = async () => {
    setError(null);
    setBusy(true);
    try {
      client.setQueryData(indexKeys.results(set.id, provinceId), await publishResults(set.id, provinceId, decision.trim() || null));
      setDecision('');
    } catch (e) {
      setError(errorText(e, 'Không công bố được.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Text>
          {r.publishedOnly
            ? `${r.provinceName}: kết quả của ${r.ranking.length} cơ quan, đơn vị đã công bố.`
            : `${r.provinceName}: ${r.ranking.length} cơ quan, đơn vị đã chốt kết quả, ${r.pending.length} chưa chốt.`}
        </Text>
        {r.published ? (
          <Paper bg="green.0" px="sm" py={4} radius="md" data-testid="published">
            <Text size="sm" fw={600}>
              Đã công bố ngày {dateTimeText(r.published.at).slice(0, 10)}
              {r.published.decision ? ` — ${r.published.decision}` : ''}
            </Text>
          </Paper>
        ) : (
          <Badge color="gray" size="lg" variant="light" style={{ textTransform: 'none' }}>
            Chưa công bố
          </Badge>
        )}
      </Group>
      {r.ranking.length > 0 ? (
        <RankingTable r={r} own={r.publishedOnly ? ownAgencies : new Set()} />
      ) : (
        <Text c="dimmed">Chưa có đơn vị nào được chốt kết quả.</Text>
      )}
      {!r.publishedOnly && r.pending.length > 0 && (
        <Text size="sm" c="dimmed" data-testid="pending">
          Chưa chốt kết quả: {r.pending.map((p) => `${p.agencyName} (${p.statusLabel.toLowerCase()})`).join('; ')}.
        </Text>
      )}
      {r.ranking.length > 0 && (
        <Group>
          <Anchor href={resultsDownload(set.id, r.provinceId, 'docx')} download>
            Tải phụ lục kết quả (DOCX)
          </Anchor>
          <Anchor href={resultsDownload(set.id, r.provinceId, 'xlsx')} download>
            Tải bảng kết quả (XLSX)
          </Anchor>
        </Group>
      )}
      {mayPublish && (
        <Card withBorder>
          <Stack gap="xs">
            <Text fw={600}>{r.published ? 'Công bố lại kết quả' : 'Công bố kết quả'}</Text>
            <Text size="sm" c="dimmed">
              Khi công bố, các cơ quan, đơn vị trong nhóm xem được bảng xếp hạng của những đơn vị đã chốt kết quả.
            </Text>
            <Group align="flex-end">
              <TextInput
                label="Quyết định công bố"
                placeholder="Quyết định số …/QĐ-UBND ngày …"
                w={420}
                maw="100%"
                value={decision}
                onChange={(e) => setDecision(e.currentTarget.value)}
              />
              <Button onClick={() => void publish()} disabled={busy || r.ranking.length === 0}>
                {r.published ? 'Công bố lại' : 'Công bố kết quả'}
              </Button>
            </Group>
            <ErrorAlert message={error} />
          </Stack>
        </Card>
      )}
      <AreaTable r={r} />
      {wide && compare.data && compare.data.agencies.length > 0 && (
        <Card withBorder>
          <Text fw={600}>So sánh chỉ số các đơn vị qua các năm</Text>
          <EChart option={compareOption(compare.data)} height={Math.max(260, 40 * compare.data.agencies.length)} testId="index-chart" />
        </Card>
      )}
    </Stack>
  );
}

function RankingTable({ r, own }: { r: IndexResultsDto; own: ReadonlySet<string> }) {
  const areas = r.ranking[0]?.areas ?? [];
  return (
    <Table.ScrollContainer minWidth={640 + 64 * areas.length}>
      <Table withTableBorder withColumnBorders data-testid="ranking" aria-label="Bảng xếp hạng Chỉ số CCHC">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Hạng</Table.Th>
            <Table.Th>Cơ quan, đơn vị</Table.Th>
            {areas.map((a) => (
              <Table.Th key={a.key} ta="right">
                <abbr title={`Lĩnh vực ${a.code}. ${a.name} (tối đa ${pointsText(a.max)} điểm)`}>LV {a.code}</abbr>
              </Table.Th>
            ))}
            <Table.Th ta="right">Tổng điểm</Table.Th>
            <Table.Th ta="right">Chỉ số (%)</Table.Th>
            <Table.Th>Xếp loại</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.ranking.map((x) => (
            <Table.Tr key={x.agencyId} bg={own.has(x.agencyId) ? 'yellow.0' : undefined} fw={own.has(x.agencyId) ? 600 : undefined}>
              <Table.Td>{x.rank}</Table.Td>
              <Table.Td>{x.agencyName}</Table.Td>
              {x.areas.map((a) => (
                <Table.Td key={a.key} ta="right">
                  {pointsText(a.score)}
                </Table.Td>
              ))}
              <Table.Td ta="right">
                {pointsText(x.score)}/{pointsText(x.max)}
              </Table.Td>
              <Table.Td ta="right" fw={700}>
                {pointsText(x.percent)}
              </Table.Td>
              <Table.Td>{x.band}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AreaTable({ r }: { r: IndexResultsDto }) {
  if (r.areas.length === 0) return null;
  const codes = new Map((r.ranking[0]?.areas ?? []).map((a) => [a.key, a.code]));
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table withTableBorder aria-label="Điểm theo lĩnh vực (% điểm tối đa của lĩnh vực)">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Lĩnh vực</Table.Th>
            <Table.Th ta="right">Trung bình (%)</Table.Th>
            <Table.Th ta="right">Cao nhất (%)</Table.Th>
            <Table.Th ta="right">Thấp nhất (%)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.areas.map((a) => (
            <Table.Tr key={a.key}>
              <Table.Td>
                {codes.has(a.key) ? `LV ${codes.get(a.key)}. ` : ''}
                {a.name}
              </Table.Td>
              <Table.Td ta="right">{pointsText(a.average)}</Table.Td>
              <Table.Td ta="right">{pointsText(a.best)}</Table.Td>
              <Table.Td ta="right">{pointsText(a.worst)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A horizontal bar per agency, one series per year: the index in percent. */
export function compareOption(c: IndexCompareDto): ChartOption {
  return {
    aria: { enabled: true, label: { description: `Chỉ số CCHC của ${c.agencies.length} đơn vị qua các năm ${c.years.join(', ')}` } },
    tooltip: { trigger: 'axis' },
    legend: { data: c.years.map(String), top: 0 },
    grid: { left: 220, right: 30, top: 36, bottom: 30 },
    xAxis: { type: 'value', max: 100, name: '%' },
    yAxis: { type: 'category', data: c.agencies.map((a) => a.agencyName) },
    series: c.years.map((year, i) => ({ name: String(year), type: 'bar', data: c.agencies.map((a) => a.percents[i] ?? null) })),
  } as ChartOption;
}
