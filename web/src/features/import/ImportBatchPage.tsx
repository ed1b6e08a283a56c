/**
 * A whole archive at once (the Sở Nội vụ): choose many files or .zip archives → they are uploaded as one batch and
 * read on the server (a progress bar while they are read) → the review queue: every file with its agency, period,
 * template, unsure cells and findings, the sure ones saved with one action, the held ones opened one by one (the
 * import's preview, to fix the agency, period and cells), saved or discarded. The queue lives on the server: a reload,
 * or another consolidator, sees the same.
 */
import './import.css';
import { Alert, Anchor, Badge, Button, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../../api/client.js';
import { importBatchKeys, useAgencies, useImportBatch, useImportBatchDocument, useImportBatches } from '../../api/queries.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { href, navigate } from '../../app/router.js';
import { dateText, periodText } from '../../shared/labels.js';
import { useSession } from '../auth/session.js';
import {
  discardBatchDocument,
  saveBatchDocument,
  saveSureDocuments,
  uploadBatch,
  type ImportBatchDocumentDto,
  type ImportBatchDto,
} from './import-api.js';
import { PreviewEditor } from './ImportPage.js';

type State = ImportBatchDocumentDto['state'];

const STATE_LABEL: Record<State, { label: string; color: string }> = {
  queued: { label: 'Chờ đọc', color: 'gray' },
  reading: { label: 'Đang đọc', color: 'blue' },
  sure: { label: 'Chắc chắn', color: 'teal' },
  held: { label: 'Cần xem lại', color: 'orange' },
  saving: { label: 'Đang lưu', color: 'blue' },
  saved: { label: 'Đã lưu', color: 'green' },
  discarded: { label: 'Đã bỏ qua', color: 'gray' },
  failed: { label: 'Không đọc được', color: 'red' },
};

const REASON_LABEL: Record<string, string> = {
  'no-period': 'Không rõ kỳ báo cáo',
  'template-unsure': 'Không rõ mẫu báo cáo',
  'no-agency': 'Không khớp cơ quan nào',
  'ambiguous-agency': 'Khớp nhiều cơ quan',
  duplicate: 'Trùng cơ quan và kỳ',
  'report-exists': 'Đã có báo cáo được duyệt',
  'already-saved': 'Tệp đã được lưu trước đó',
  refused: 'Không lưu được',
};

/** Documents still to be decided, in the queue's order: those held for review. */
const toReview = (batch: ImportBatchDto) => batch.documents.filter((d) => d.state === 'held');

const fileName = (source: string) => source.split('/').pop() ?? source;

function StateBadge({ state }: { state: State }) {
  const { label, color } = STATE_LABEL[state];
  return (
    <Badge color={color} variant="light" style={{ overflow: 'visible' }} styles={{ label: { overflow: 'visible' } }}>
      {label}
    </Badge>
  );
}

// ---------------------------------------------------------------------------------------------- upload and list

export function ImportBatchesPage() {
  const { actor } = useSession();
  const batches = useImportBatches();
  const [files, setFiles] = useState<File[]>([]);
  const [sent, setSent] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const mayImport = actor?.role === 'consolidator' || actor?.role === 'admin';

  const upload = async () => {
    if (files.length === 0) return;
    setError(null);
    setSent(0);
    try {
      const batch = await uploadBatch(files, setSent);
      navigate(href({ name: 'import-batch', id: batch.id }));
    } catch (e) {
      setError(errorText(e, 'Không tải lên được các tệp.'));
    } finally {
      setSent(null);
    }
  };

  return (
    <Stack>
      <Title order={2}>Nhập cả kho báo cáo cũ</Title>
      <Text size="sm">
        Chọn nhiều tệp báo cáo (.docx, .xlsx, .pdf, .doc, .xls, .txt) hoặc tệp nén .zip chứa cả thư mục. Hệ thống đọc từng văn bản, nhận dạng cơ quan,
        kỳ và mẫu báo cáo; văn bản chắc chắn được lưu vào lịch sử bằng một thao tác, văn bản chưa rõ được giữ lại để xem lại từng văn bản.{' '}
        <Anchor href={href({ name: 'import' })}>Nhập một tệp</Anchor>
      </Text>
      {!mayImport ? (
        <Alert color="yellow" role="note">
          Chỉ Sở Nội vụ (tài khoản tổng hợp) và quản trị viên nhập được báo cáo cũ vào lịch sử.
        </Alert>
      ) : (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <div>
              <Text component="label" htmlFor="import-batch-files" fw={600} size="sm" display="block" mb={4}>
                Các tệp báo cáo hoặc tệp .zip (tối đa 200 tệp, mỗi tệp 20 MB)
              </Text>
              <input
                id="import-batch-files"
                className="import-file"
                type="file"
                multiple
                accept=".zip,.docx,.xlsx,.pdf,.doc,.xls,.txt,.md"
                disabled={sent !== null}
                onChange={(e) => setFiles([...(e.currentTarget.files ?? [])])}
              />
            </div>
            {files.length > 0 && (
              <Text size="sm">
                Đã chọn {files.length} tệp (
                {(files.reduce((n, f) => n + f.size, 0) / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB)
              </Text>
            )}
            <Group>
              <Button onClick={() => void upload()} disabled={files.length === 0} loading={sent !== null}>
                Tải lên và đọc
              </Button>
              {sent !== null && <Progress value={sent * 100} w={240} aria-label="Đang tải lên" />}
            </Group>
            <ErrorAlert title="Không tải lên được" message={error} />
          </Stack>
        </Paper>
      )}

      {mayImport && (
        <>
          <Title order={3} size="h4">
            Các lần nhập
          </Title>
          {batches.isLoading && <Loading size="sm" label="Đang tải các lần nhập" />}
          <ErrorAlert title="Không tải được các lần nhập" message={batches.error ? errorText(batches.error, 'Lỗi không xác định.') : null} />
          {batches.data && batches.data.length === 0 && (
            <Text size="sm" c="dimmed">
              Chưa có lần nhập nào.
            </Text>
          )}
          {batches.data && batches.data.length > 0 && (
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Lần nhập</Table.Th>
                  <Table.Th>Số văn bản</Table.Th>
                  <Table.Th>Đã lưu</Table.Th>
                  <Table.Th>Cần xem lại</Table.Th>
                  <Table.Th>Không đọc được</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {batches.data.map((b) => (
                  <Table.Tr key={b.id}>
                    <Table.Td>
                      <Anchor href={href({ name: 'import-batch', id: b.id })}>{dateText(b.createdAt.slice(0, 10))}</Anchor>
                      {b.status === 'reading' && ` (đang đọc ${b.read}/${b.total})`}
                    </Table.Td>
                    <Table.Td>{b.total}</Table.Td>
                    <Table.Td>{b.counts.saved}</Table.Td>
                    <Table.Td>{b.counts.held + b.counts.sure}</Table.Td>
                    <Table.Td>{b.counts.failed}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </>
      )}
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------- the queue

export function ImportBatchPage({ id }: { id: string }) {
  const batch = useImportBatch(id);
  const agencies = useAgencies();
  const client = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const agencyName = (agencyId: string | null) => (agencyId ? (agencies.data?.find((a) => a.id === agencyId)?.name ?? agencyId) : '—');

  if (batch.isLoading) return <Loading label="Đang tải lần nhập" />;
  if (!batch.data) return <ErrorAlert title="Không tải được lần nhập" message={errorText(batch.error, 'Lỗi không xác định.')} />;
  const b = batch.data;

  const act = async (key: string, run: () => Promise<unknown>) => {
    setBusy(key);
    setError(null);
    try {
      await run();
    } catch (e) {
      setError(errorText(e, 'Không thực hiện được.'));
    } finally {
      setBusy(null);
      await client.invalidateQueries({ queryKey: importBatchKeys.all() });
    }
  };
  const decided = b.counts.saved + b.counts.discarded;
  const next = toReview(b)[0];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Hàng đợi nhập báo cáo</Title>
        <Anchor href={href({ name: 'import-batches' })}>← Các lần nhập</Anchor>
      </Group>
      {b.status === 'reading' ? (
        <Paper withBorder p="md" role="status" aria-live="polite">
          <Text mb="xs">
            Đang đọc các tệp: {b.read}/{b.total}
          </Text>
          <Progress value={(b.read / Math.max(1, b.total)) * 100} aria-label={`Đã đọc ${b.read} trên ${b.total} tệp`} animated />
        </Paper>
      ) : (
        <Paper withBorder p="md">
          <Text>
            {b.total} văn bản: <strong>{b.counts.sure}</strong> chắc chắn, <strong>{b.counts.held}</strong> cần xem lại,{' '}
            <strong>{b.counts.saved}</strong> đã lưu, {b.counts.discarded} đã bỏ qua, {b.counts.failed} không đọc được.
          </Text>
          <Progress
            mt="xs"
            value={(decided / Math.max(1, b.total - b.counts.failed)) * 100}
            color="green"
            aria-label={`Đã xử lý ${decided} văn bản`}
          />
          <Group mt="sm">
            <Button
              onClick={() => void act('sure', () => saveSureDocuments(id))}
              disabled={b.counts.sure === 0}
              loading={busy === 'sure'}
              color="teal"
            >
              Lưu {b.counts.sure} văn bản chắc chắn vào lịch sử
            </Button>
            {next && (
              <Button variant="light" component="a" href={href({ name: 'import-batch-document', batchId: id, id: next.id })}>
                Xem lại văn bản tiếp theo ({b.counts.held})
              </Button>
            )}
          </Group>
        </Paper>
      )}
      <ErrorAlert title="Chưa thực hiện được" message={error} />
      <Table striped withTableBorder aria-label="Các văn bản của lần nhập">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Tệp</Table.Th>
            <Table.Th>Trạng thái</Table.Th>
            <Table.Th>Cơ quan</Table.Th>
            <Table.Th>Kỳ</Table.Th>
            <Table.Th>Mẫu</Table.Th>
            <Table.Th>Ô chưa chắc</Table.Th>
            <Table.Th>Phát hiện</Table.Th>
            <Table.Th>Ghi chú</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {b.documents.map((d) => (
            <Table.Tr key={d.id} data-state={d.state}>
              <Table.Td title={d.source} style={{ wordBreak: 'break-all' }}>
                {fileName(d.source)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <StateBadge state={d.state} />
              </Table.Td>
              <Table.Td>{agencyName(d.agencyId)}</Table.Td>
              <Table.Td>{d.period ? periodText(d.period) : '—'}</Table.Td>
              <Table.Td>{d.templateId ?? '—'}</Table.Td>
              <Table.Td>{d.unsure ?? '—'}</Table.Td>
              <Table.Td>{d.findings ?? '—'}</Table.Td>
              <Table.Td>
                {d.reason && REASON_LABEL[d.reason] && (
                  <Text size="sm" fw={600}>
                    {REASON_LABEL[d.reason]}
                  </Text>
                )}
                {d.message && <Text size="sm">{d.message}</Text>}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Group gap="xs" wrap="nowrap">
                  {(d.state === 'held' || d.state === 'sure') && (
                    <Anchor href={href({ name: 'import-batch-document', batchId: id, id: d.id })}>{d.state === 'held' ? 'Xem lại' : 'Xem'}</Anchor>
                  )}
                  {d.reportId && <Anchor href={href({ name: 'report', id: d.reportId })}>Mở báo cáo</Anchor>}
                  {(d.state === 'held' || d.state === 'failed') && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="gray"
                      loading={busy === d.id}
                      onClick={() => void act(d.id, () => discardBatchDocument(id, d.id))}
                      aria-label={`Bỏ qua ${fileName(d.source)}`}
                    >
                      Bỏ qua
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------- one document

export function ImportBatchDocumentPage({ batchId, id }: { batchId: string; id: string }) {
  const document = useImportBatchDocument(batchId, id);
  const batch = useImportBatch(batchId);
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [discarding, setDiscarding] = useState(false);

  if (document.isLoading) return <Loading label="Đang tải văn bản" />;
  if (!document.data) return <ErrorAlert title="Không tải được văn bản" message={errorText(document.error, 'Lỗi không xác định.')} />;
  const d = document.data;
  const refresh = () => client.invalidateQueries({ queryKey: importBatchKeys.all() });
  const next = batch.data ? toReview(batch.data).find((x) => x.id !== id) : undefined;
  const goNext = () => {
    navigate(next ? href({ name: 'import-batch-document', batchId, id: next.id }) : href({ name: 'import-batch', id: batchId }));
  };
  const discard = async () => {
    setDiscarding(true);
    setError(null);
    try {
      await discardBatchDocument(batchId, id);
      await refresh();
      goNext();
    } catch (e) {
      setError(errorText(e, 'Không bỏ qua được văn bản.'));
    } finally {
      setDiscarding(false);
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Xem lại văn bản: {fileName(d.source)}</Title>
        <Group>
          <Anchor href={href({ name: 'import-batch', id: batchId })}>← Hàng đợi</Anchor>
          {next && <Anchor href={href({ name: 'import-batch-document', batchId, id: next.id })}>Văn bản tiếp theo →</Anchor>}
        </Group>
      </Group>
      <Group gap="xs">
        <StateBadge state={d.state} />
        {d.reason && REASON_LABEL[d.reason] && <Text fw={600}>{REASON_LABEL[d.reason]}</Text>}
      </Group>
      {d.message && (
        <Alert color={d.state === 'held' ? 'orange' : 'gray'} role="note" title="Vì sao văn bản được giữ lại">
          {d.message}
        </Alert>
      )}
      {(d.state === 'held' || d.state === 'sure') && (
        <Group>
          <Button variant="default" onClick={() => void discard()} loading={discarding}>
            Bỏ qua văn bản này (không lưu)
          </Button>
        </Group>
      )}
      <ErrorAlert title="Chưa thực hiện được" message={error} />
      {d.state === 'saved' && d.reportId && (
        <Alert color="green" title="Đã lưu" role="status">
          Văn bản đã được lưu. <Anchor href={href({ name: 'report', id: d.reportId })}>Mở báo cáo</Anchor>
        </Alert>
      )}
      {d.preview && (d.state === 'held' || d.state === 'sure') && (
        <PreviewEditor
          key={d.id}
          preview={d.preview}
          batch={{
            agencyId: d.agencyId,
            save: async (body) => {
              const saved = await saveBatchDocument(batchId, id, body);
              await refresh();
              return { reportId: saved.reportId };
            },
          }}
        />
      )}
    </Stack>
  );
}
