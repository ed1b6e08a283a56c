/** The province's figures for a round: each drills down to every agency's value and says how many reported it. */
import { Alert, Anchor, Button, Checkbox, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { Fragment, useState } from 'react';
import { LEFT_OUT_TEXT } from '@core/consolidation/coverage.js';
import { figureText } from '@core/consolidation/figure-text.js';
import type { ValueKind } from '@core/catalogue/template.js';
import { formatNumber } from '@core/values/number-format.js';
import { AGENCY_KIND_LABEL, REPORTING_AGENCY_KINDS } from '@shared/agency-kinds.js';
import { useConsolidation, useConsolidationFindings, useConsolidationRow, useTemplate } from '../../api/queries.js';
import type { ConsolidatedFigureDto } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { periodText } from '../../shared/labels.js';
import { ProvinceReportLink } from '../province-report/ProvinceReportLink.js';

/** One figure's drill-down, read when it is opened: every agency's value, "Không báo cáo" when it gave none. */
function DrillDown({
  roundId,
  rowId,
  query,
  label,
  names,
}: {
  roundId: string;
  rowId: string;
  query: string;
  label: string;
  names: Map<string, string>;
}) {
  const rows = useConsolidationRow(roundId, rowId, query);
  if (rows.isLoading) return <Loading size="sm" label="Đang tải số liệu từng đơn vị" />;
  if (!rows.data) return <Text c="red">Không tải được số liệu từng đơn vị.</Text>;
  return (
    <Table withTableBorder aria-label={`Số liệu từng đơn vị: ${label}`}>
      <Table.Tbody>
        {rows.data.contributions.map((c) => (
          <Table.Tr key={c.agencyId}>
            <Table.Td>{names.get(c.agencyId) ?? c.agencyId}</Table.Td>
            <Table.Td>{c.value === null ? (c.status === 'text' ? c.note : 'Không báo cáo') : formatNumber(c.value)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Findings per page. */
const FINDINGS_PAGE = 20;

/**
 * The findings of the counted reports: how many agencies have each (rule, row), then the findings themselves a page
 * at a time, of everything or of the (rule, row) picked.
 */
function FindingsPanel({ roundId, query, rowLabel }: { roundId: string; query: string; rowLabel: (rowId: string | null) => string }) {
  const [picked, setPicked] = useState<{ rule: string; rowId: string | null } | null>(null);
  const [offset, setOffset] = useState(0);
  const filter = picked ? `&rule=${encodeURIComponent(picked.rule)}${picked.rowId ? `&rowId=${encodeURIComponent(picked.rowId)}` : ''}` : '';
  const findings = useConsolidationFindings(roundId, `${query}${filter}&limit=${FINDINGS_PAGE}&offset=${offset}`);
  if (findings.isLoading) return <Loading size="sm" label="Đang tải phát hiện trong báo cáo các đơn vị" />;
  if (!findings.data || findings.data.counts.length === 0) return null;
  const { counts, page } = findings.data;
  const total = counts.reduce((n, c) => n + c.findings, 0);
  const pick = (next: { rule: string; rowId: string | null } | null) => {
    setPicked(next);
    setOffset(0);
  };
  return (
    <Alert color="orange" title={`Phát hiện trong báo cáo các đơn vị (${formatNumber(total)})`}>
      <Table withTableBorder aria-label="Số phát hiện theo chỉ tiêu">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Chỉ tiêu</Table.Th>
            <Table.Th>Mức độ</Table.Th>
            <Table.Th>Số đơn vị</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {counts.map((c) => {
            const current = picked?.rule === c.rule && picked.rowId === c.rowId;
            return (
              <Table.Tr key={`${c.rule}|${c.rowId ?? ''}`}>
                <Table.Td>{rowLabel(c.rowId)}</Table.Td>
                <Table.Td>{c.severity === 'error' ? 'Lỗi' : 'Cảnh báo'}</Table.Td>
                <Table.Td>{formatNumber(c.agencies)}</Table.Td>
                <Table.Td>
                  <Button variant="subtle" size="xs" aria-pressed={current} onClick={() => pick(current ? null : { rule: c.rule, rowId: c.rowId })}>
                    {current ? 'Xem tất cả' : 'Xem các đơn vị'}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <ul aria-label="Phát hiện">
        {page.items.map((f, i) => (
          <li key={`${f.reportId}|${f.rule}|${f.rowId ?? ''}|${i}`}>
            {f.agencyName}: {f.message}
          </li>
        ))}
      </ul>
      <Group gap="xs">
        <Text size="sm">
          {page.total === 0
            ? 'Không có phát hiện'
            : `${formatNumber(page.offset + 1)}–${formatNumber(page.offset + page.items.length)} / ${formatNumber(page.total)}`}
        </Text>
        <Button variant="subtle" size="xs" disabled={page.offset === 0} onClick={() => setOffset(Math.max(0, offset - FINDINGS_PAGE))}>
          Trang trước
        </Button>
        <Button variant="subtle" size="xs" disabled={page.offset + page.items.length >= page.total} onClick={() => setOffset(offset + FINDINGS_PAGE)}>
          Trang sau
        </Button>
      </Group>
    </Alert>
  );
}

const KINDS = REPORTING_AGENCY_KINDS.map((value) => ({ value, label: AGENCY_KIND_LABEL[value] }));

/** The province figure as the documents print it: a rate below 100 never "100,00", a code as its label. */
function figure(row: ConsolidatedFigureDto, kind: ValueKind): string {
  if (row.method === 'distribution')
    return (row.distribution ?? [])
      .filter((d) => d.agencies > 0)
      .map((d) => `${d.label}: ${d.agencies}`)
      .join('; ');
  if (row.value === null) return row.spread ? `${formatNumber(row.spread.min)} – ${formatNumber(row.spread.max)}` : '';
  return figureText(row.value, kind) || formatNumber(row.value);
}

export function ConsolidationPage({ id }: { id: string }) {
  const [kind, setKind] = useState<string | null>(null);
  const [includeSubmitted, setIncludeSubmitted] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const query = `${kind ? `kind=${kind}&` : ''}includeSubmitted=${includeSubmitted}`;
  const data = useConsolidation(id, query);
  const template = useTemplate(data.data?.templateId);
  if (data.isLoading || template.isLoading) return <Loading />;
  if (data.error || !data.data || !template.data)
    return <ErrorAlert message={data.error instanceof Error ? data.error.message : 'Không tải được số liệu tổng hợp.'} />;
  const names = new Map(data.data.agencies.map((a) => [a.id, a.name]));
  const rows = new Map(template.data.rows.map((r) => [r.id, r]));
  return (
    <Stack>
      <Title order={2}>Tổng hợp toàn tỉnh — {periodText(data.data.period)}</Title>
      <Group>
        <Select label="Loại đơn vị" placeholder="Tất cả" clearable data={KINDS} value={kind} onChange={setKind} w={260} />
        <Checkbox
          label="Tính cả báo cáo đã nộp chưa duyệt"
          checked={includeSubmitted}
          onChange={(e) => setIncludeSubmitted(e.currentTarget.checked)}
          mt="lg"
        />
        <ProvinceReportLink id={id} mt="lg" />
        <Anchor href={`/api/rounds/${id}/consolidation.docx?${query}`} mt="lg">
          Tải báo cáo tổng hợp (DOCX)
        </Anchor>
        <Anchor href={`/api/rounds/${id}/consolidation.xlsx?${query}`} mt="lg">
          Tải bảng theo đơn vị (XLSX)
        </Anchor>
      </Group>
      <Text size="sm">
        Tổng hợp từ {data.data.coverage.counted}/{data.data.coverage.agenciesInRound} đơn vị của đợt. Đơn vị không báo cáo một chỉ tiêu không được
        tính là 0.
      </Text>
      {data.data.coverage.leftOut.length > 0 && (
        <Alert color="yellow" title={`Chưa tính ${data.data.coverage.leftOut.length}/${data.data.coverage.agenciesInRound} đơn vị`}>
          <ul aria-label="Đơn vị chưa được tính">
            {data.data.coverage.leftOut.map((l) => (
              <li key={l.agencyId}>
                {l.name}: {LEFT_OUT_TEXT[l.reason]}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <FindingsPanel roundId={id} query={query} rowLabel={(rowId) => (rowId ? (rows.get(rowId)?.label ?? rowId) : 'Toàn báo cáo')} />
      <table className="entry-grid" aria-label="Số liệu tổng hợp toàn tỉnh">
        <thead>
          <tr>
            <th scope="col">STT</th>
            <th scope="col">Chỉ tiêu thống kê</th>
            <th scope="col">Đơn vị tính</th>
            <th scope="col">Toàn tỉnh</th>
            <th scope="col">Số đơn vị báo cáo</th>
          </tr>
        </thead>
        <tbody>
          {data.data.consolidated.rows.map((row) => {
            const t = rows.get(row.rowId);
            if (!t) return null;
            const expanded = open === row.rowId;
            return (
              <Fragment key={row.rowId}>
                <tr className={t.group ? 'group' : undefined}>
                  <td className="code">{t.code ?? ''}</td>
                  <td>
                    <button type="button" className="link" aria-expanded={expanded} onClick={() => setOpen(expanded ? null : row.rowId)}>
                      {t.group ? <strong>{t.label}</strong> : t.label}
                    </button>
                  </td>
                  <td className="unit">{t.kind.type === 'coded' ? '' : t.unit}</td>
                  <td className="value" title={row.explanation}>
                    {t.group && row.reported === 0 && row.value === null ? '' : figure(row, t.kind)}
                  </td>
                  <td>
                    {t.group && row.reported === 0 && row.value === null ? '' : `${row.reported}/${row.agencies} đơn vị`}
                    {row.percentOnly ? ` (${row.percentOnly} đơn vị chỉ ghi tỷ lệ)` : ''}
                  </td>
                </tr>
                {expanded && (
                  <tr>
                    <td />
                    <td colSpan={4}>
                      <Text size="sm">{row.explanation}</Text>
                      <DrillDown roundId={id} rowId={row.rowId} query={query} label={t.label} names={names} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </Stack>
  );
}
