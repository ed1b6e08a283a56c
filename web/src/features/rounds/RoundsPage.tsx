import { Alert, Anchor, Stack, Table, Title } from '@mantine/core';
import { useNotices, useRounds } from '../../api/queries.js';
import { href, navigate } from '../../app/router.js';
import { dateText, periodText } from '../../shared/labels.js';
import { Loading } from '../../components/Loading.js';
import { useSession } from '../auth/session.js';
import { CreateRound } from './CreateRound.js';

export function RoundsPage() {
  const rounds = useRounds();
  const { actor } = useSession();
  const notices = useNotices();
  return (
    <Stack>
      <Title order={2}>Đợt báo cáo</Title>
      {(notices.data ?? []).slice(0, 3).map((n) => (
        <Alert key={n.id} color="orange" title={`Nhắc nhở ngày ${dateText(n.at)}`}>
          {n.body}
        </Alert>
      ))}
      {(actor?.role === 'consolidator' || actor?.role === 'admin') && <CreateRound onCreated={(r) => navigate(href({ name: 'round', id: r.id }))} />}
      {rounds.isLoading ? (
        <Loading />
      ) : (
        <Table striped withTableBorder aria-label="Danh sách đợt báo cáo">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Kỳ báo cáo</Table.Th>
              <Table.Th>Mẫu báo cáo</Table.Th>
              <Table.Th>Chốt số liệu</Table.Th>
              <Table.Th>Hạn nộp</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rounds.data ?? []).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Anchor href={href({ name: 'round', id: r.id })}>{periodText(r.period)}</Anchor>
                </Table.Td>
                <Table.Td>{r.templateId}</Table.Td>
                <Table.Td>
                  {dateText(r.cutoff.from)} – {dateText(r.cutoff.to)}
                </Table.Td>
                <Table.Td>{dateText(r.deadline)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
