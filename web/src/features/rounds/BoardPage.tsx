/** The completeness board of a round: every agency's state, on time or late, open findings. */
import { Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useSession } from '../auth/session.js';
import { api } from '../../api/client.js';
import type { BoardDto, RemindDto, RoundDto } from '../../api/types.js';
import { href } from '../../app/router.js';
import { dateText, periodText, STATUS_COLOR, STATUS_LABEL } from '../../shared/labels.js';

const TIMELINESS: Record<string, string> = { 'on-time': 'Đúng hạn', late: 'Trễ hạn', open: 'Chưa đến hạn' };

export function BoardPage({ id }: { id: string }) {
  const round = useQuery({ queryKey: ['round', id], queryFn: () => api<RoundDto>(`/api/rounds/${id}`) });
  const board = useQuery({ queryKey: ['board', id], queryFn: () => api<BoardDto>(`/api/rounds/${id}/board`) });
  const { actor } = useSession();
  const [reminded, setReminded] = useState<string | null>(null);
  const remind = async () => {
    const result = await api<RemindDto>(`/api/rounds/${id}/remind`, { method: 'POST' });
    setReminded(`Đã gửi nhắc nhở tới ${result.reminded.length} đơn vị chưa nộp.`);
  };
  if (round.isLoading || board.isLoading) return <Loader aria-label="Đang tải" />;
  if (!round.data || !board.data) return <Text role="alert">Không tải được đợt báo cáo.</Text>;
  return (
    <Stack>
      <Title order={2}>
        Đợt báo cáo {periodText(round.data.period)} — hạn nộp {dateText(board.data.deadline)}
      </Title>
      <Group>
        <Anchor href={href({ name: 'consolidation', id })}>Xem số liệu tổng hợp toàn tỉnh</Anchor>
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
      <Group gap="xs" aria-label="Tổng hợp trạng thái">
        {Object.entries(board.data.counts).map(([status, n]) => (
          <Badge key={status} color={STATUS_COLOR[status]} variant="outline" size="lg">
            {STATUS_LABEL[status]}: {n}
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
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {board.data.rows.map((row) => (
            <Table.Tr key={row.reportId}>
              <Table.Td>
                <Anchor href={href({ name: 'report', id: row.reportId })}>{row.agencyName}</Anchor>
              </Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOR[row.status]}>{STATUS_LABEL[row.status]}</Badge>
              </Table.Td>
              <Table.Td>{TIMELINESS[row.timeliness]}</Table.Td>
              <Table.Td>{dateText(row.submittedAt)}</Table.Td>
              <Table.Td>{row.errors}</Table.Td>
              <Table.Td>{row.warnings}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
