/** An agency's reports across periods and template versions, each viewable and downloadable (DOCX, XLSX). */
import { Anchor, Group, Select, Stack, Table, Title } from '@mantine/core';
import { useState } from 'react';
import { comparePeriods, type PeriodKind } from '@core/periods/period.js';
import { useAgencies, useReports } from '../../api/queries.js';
import { href } from '../../app/router.js';
import { Loading } from '../../components/Loading.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { periodText } from '../../shared/labels.js';

export function HistoryPage() {
  const reports = useReports();
  const agencies = useAgencies();
  const [agencyId, setAgencyId] = useState<string | null>(null);
  if (reports.isLoading || agencies.isLoading) return <Loading />;
  // an agency's name, with its province where another agency in view has the same name (two provinces' Sở Nội vụ)
  const all = agencies.data ?? [];
  const shared = new Set(all.filter((a) => all.some((b) => b.id !== a.id && b.name === a.name)).map((a) => a.id));
  const names = new Map(all.map((a) => [a.id, shared.has(a.id) && a.province ? `${a.name} — ${a.province}` : a.name]));
  const withReports = [...new Set((reports.data ?? []).map((r) => r.agencyId))].sort((a, b) =>
    (names.get(a) ?? a).localeCompare(names.get(b) ?? b, 'vi'),
  );
  const shown = (reports.data ?? [])
    .filter((r) => !agencyId || r.agencyId === agencyId)
    .sort((a, b) => comparePeriods(b.period as { year: number; kind: PeriodKind }, a.period as { year: number; kind: PeriodKind }));
  return (
    <Stack>
      <Title order={2}>Lịch sử báo cáo</Title>
      <Select
        label="Đơn vị"
        placeholder="Tất cả đơn vị"
        clearable
        w={420}
        data={withReports.map((id) => ({ value: id, label: names.get(id) ?? id }))}
        value={agencyId}
        onChange={setAgencyId}
      />
      <Table striped withTableBorder aria-label="Các báo cáo theo kỳ">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Đơn vị</Table.Th>
            <Table.Th>Kỳ báo cáo</Table.Th>
            <Table.Th>Mẫu</Table.Th>
            <Table.Th>Trạng thái</Table.Th>
            <Table.Th>Tải về</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Anchor href={href({ name: 'report', id: r.id })}>{names.get(r.agencyId) ?? r.agencyId}</Anchor>
              </Table.Td>
              <Table.Td>{periodText(r.period)}</Table.Td>
              <Table.Td>{r.templateId}</Table.Td>
              <Table.Td>
                <StatusBadge status={r.status} />
              </Table.Td>
              <Table.Td>
                <Group gap="sm">
                  <Anchor
                    href={`/api/reports/${r.id}/document.docx`}
                    aria-label={`DOCX: báo cáo ${names.get(r.agencyId) ?? r.agencyId}, ${periodText(r.period)}`}
                  >
                    DOCX
                  </Anchor>
                  <Anchor
                    href={`/api/reports/${r.id}/document.xlsx`}
                    aria-label={`XLSX: phụ lục ${names.get(r.agencyId) ?? r.agencyId}, ${periodText(r.period)}`}
                  >
                    XLSX
                  </Anchor>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
