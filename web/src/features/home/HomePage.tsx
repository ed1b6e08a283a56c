/**
 * The officer's home (the landing page of an agency's accounts): her agency's reports with status and deadline, in
 * the order she works them — returned ones first with the Sở Nội vụ's reasons, then those waiting for the leader,
 * then the open ones by deadline — and, for the leader, the reports his officers sent him to approve. The rounds list
 * follows.
 */
import { Anchor, Badge, Card, List, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useHome } from '../../api/queries.js';
import type { HomeDto } from '../../api/types.js';
import { href } from '../../app/router.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { dateText, periodText } from '../../shared/labels.js';
import { useSession } from '../auth/session.js';
import { RoundsPage } from '../rounds/RoundsPage.js';

type HomeReport = HomeDto['reports'][number];

const OPEN = new Set(['not-started', 'draft', 'returned']);

/** Days from today to a deadline (yyyy-mm-dd), in the browser's calendar: negative once it has passed. */
function daysLeft(deadline: string, today = new Date()): number {
  const [y, m, d] = deadline.split('-').map(Number);
  const end = Date.UTC(y!, m! - 1, d!);
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((end - now) / 86_400_000);
}

function DeadlineText({ report }: { report: HomeReport }) {
  if (!report.deadline) return <>—</>;
  const left = OPEN.has(report.status) ? daysLeft(report.deadline) : null;
  return (
    <>
      {dateText(report.deadline)}
      {left !== null && (
        <Text span size="sm" c={left < 0 ? 'red.9' : left <= 3 ? 'orange.9' : 'dimmed'} ml={6}>
          {left < 0 ? `(quá hạn ${-left} ngày)` : left === 0 ? '(hạn hôm nay)' : `(còn ${left} ngày)`}
        </Text>
      )}
    </>
  );
}

function Reasons({ report }: { report: HomeReport }) {
  if (report.returnReasons.length === 0) return null;
  return (
    <List size="sm" mt={4} aria-label="Lý do trả lại">
      {report.returnReasons.map((r, i) => (
        <List.Item key={i}>
          {r.rowLabel ? <strong>{r.rowLabel}: </strong> : null}
          {r.text}
        </List.Item>
      ))}
    </List>
  );
}

export function HomePage() {
  const { actor } = useSession();
  const home = useHome();
  const leader = actor?.role === 'approver';
  return (
    <Stack>
      <Title order={2}>Báo cáo của đơn vị</Title>
      {home.isLoading ? (
        <Loading label="Đang tải báo cáo của đơn vị" />
      ) : home.error ? (
        <ErrorAlert message={home.error instanceof Error ? home.error.message : 'Không tải được báo cáo của đơn vị.'} />
      ) : (
        <>
          {leader && (home.data?.requests.length ?? 0) > 0 && (
            <Card component="section" withBorder padding="sm" aria-label="Báo cáo chờ lãnh đạo duyệt">
              <Text fw={600} mb={4}>
                Báo cáo chờ lãnh đạo duyệt
              </Text>
              <List size="sm">
                {home.data!.requests.map((n) => (
                  <List.Item key={n.id}>
                    {n.body}{' '}
                    {n.reportId && (
                      <Anchor href={href({ name: 'report', id: n.reportId })} size="sm">
                        Xem và nộp
                      </Anchor>
                    )}
                  </List.Item>
                ))}
              </List>
            </Card>
          )}
          {(home.data?.reports.length ?? 0) === 0 ? (
            <Text>Đơn vị chưa có báo cáo nào trong các đợt báo cáo.</Text>
          ) : (
            <Table withTableBorder aria-label="Báo cáo của đơn vị theo thứ tự cần làm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Kỳ báo cáo</Table.Th>
                  <Table.Th>Đơn vị</Table.Th>
                  <Table.Th>Trạng thái</Table.Th>
                  <Table.Th>Hạn nộp</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Mở</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {home.data!.reports.map((r) => (
                  <Table.Tr key={r.id} className={r.status === 'returned' ? 'home-returned' : undefined}>
                    <Table.Td>
                      {periodText(r.period)}
                      {r.templateName && (
                        <Text size="xs" c="dimmed">
                          {r.templateName}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{r.agencyName}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={r.status} />
                      {r.sentToLeaderAt && OPEN.has(r.status) && (
                        <Badge color="grape" variant="light" ml={6}>
                          Chờ lãnh đạo duyệt
                        </Badge>
                      )}
                      <Reasons report={r} />
                    </Table.Td>
                    <Table.Td>
                      <DeadlineText report={r} />
                    </Table.Td>
                    <Table.Td>
                      <Anchor href={href({ name: 'report', id: r.id })}>{r.status === 'returned' ? 'Sửa báo cáo' : 'Mở báo cáo'}</Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
      <RoundsPage />
    </Stack>
  );
}
