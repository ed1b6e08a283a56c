/** The completeness board of a round: every agency's state, on time or late, open findings. */
import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { reportStatusColor, reportStatusLabel, TIMELINESS_LABEL } from '@shared/report-status.js';
import { useState } from 'react';
import { useSession } from '../auth/session.js';
import { api, errorText } from '../../api/client.js';
import { useBoard, useRound } from '../../api/queries.js';
import type { RemindDto } from '../../api/types.js';
import { href } from '../../app/router.js';
import { useMayOpenProvinceReport } from '../province-report/useMayOpenProvinceReport.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { ReportDownloads } from '../../components/ReportDownloads.js';
import { dateText, periodText } from '../../shared/labels.js';

export function BoardPage({ id }: { id: string }) {
  const round = useRound(id);
  const board = useBoard(id);
  const { actor } = useSession();
  const mayOpenProvinceReport = useMayOpenProvinceReport();
  const [reminded, setReminded] = useState<string | null>(null);
  const [remindError, setRemindError] = useState<string | null>(null);
  const remind = async () => {
    setRemindError(null);
    try {
      const result = await api<RemindDto>(`/api/rounds/${id}/remind`, { method: 'POST' });
      setReminded(`Đã gửi nhắc nhở tới ${result.reminded.length} đơn vị chưa nộp.`);
    } catch (e) {
      setReminded(null);
      setRemindError(errorText(e, 'Không gửi được nhắc nhở.'));
    }
  };
  if (round.isLoading || board.isLoading) return <Loading />;
  if (!round.data || !board.data) return <Text role="alert">Không tải được đợt báo cáo.</Text>;
  return (
    <Stack>
      <Title order={2}>
        Đợt báo cáo {periodText(round.data.period)} — hạn nộp {dateText(board.data.deadline)}
      </Title>
      <Group>
        <Anchor href={href({ name: 'consolidation', id })}>Xem số liệu tổng hợp toàn tỉnh</Anchor>
        {mayOpenProvinceReport && <Anchor href={href({ name: 'province-report', id })}>Báo cáo của tỉnh</Anchor>}
        {(actor?.role === 'consolidator' || actor?.role === 'admin') && (
          <Button size="xs" variant="light" onClick={() => void remind()}>
            Nhắc các đơn vị chưa nộp
          </Button>
        )}
        {reminded && (
          <Text size="sm" role="status">
            {reminded}
          </Text>
        )}
      </Group>
      <ErrorAlert message={remindError} />
      <Group gap="xs" aria-label="Tổng hợp trạng thái">
        {Object.entries(board.data.counts).map(([status, n]) => (
          <Badge key={status} color={reportStatusColor(status)} variant="outline" size="lg">
            {reportStatusLabel(status)}: {n}
          </Badge>
        ))}
      </Group>
      <Table striped withTableBorder aria-label="Tình hình nộp báo cáo theo đơn vị">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Đơn vị</Table.Th>
            <Table.Th>Trạng thái</Table.Th>
            <Table.Th>Thời hạn</Table.Th>
            <Table.Th>Ngày nộp</Table.Th>
            <Table.Th>Lỗi</Table.Th>
            <Table.Th>Cảnh báo</Table.Th>
            <Table.Th>Tải về</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {board.data.rows.map((row) => (
            <Table.Tr key={row.reportId}>
              <Table.Td>
                <Anchor href={href({ name: 'report', id: row.reportId })}>{row.agencyName}</Anchor>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={row.status} />
              </Table.Td>
              <Table.Td>{TIMELINESS_LABEL[row.timeliness]}</Table.Td>
              <Table.Td>{dateText(row.submittedAt)}</Table.Td>
              <Table.Td>{row.errors}</Table.Td>
              <Table.Td>{row.warnings}</Table.Td>
              <Table.Td>
                <ReportDownloads reportId={row.reportId} name={row.agencyName} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
