/**
 * "Lấy số liệu từ kế hoạch": a report's plan rows (tasks planned, completed, the completion rate…) filled in from the
 * annual CCHC plan. `usePlanPrefill` gives the proposal and the fill; `PlanPrefillButton` is the button and its dialog
 * (what the plan gives per row, which cells keep what the officer typed). After a fill the report's cached query
 * holds the report as the server answered, so a page showing it re-renders with the new cells and version.
 */
import { Alert, Badge, Button, Modal, Stack, Table, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../../api/client.js';
import { queryKeys, usePlanPrefill as usePlanPrefillQuery } from '../../api/queries.js';
import type { PlanPrefillPreviewDto, PlanPrefillResultDto } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormFooter } from '../../components/FormFooter.js';
import { Loading } from '../../components/Loading.js';
import { dateText } from '../../shared/labels.js';
import { fillFromPlan } from './plan-api.js';

const ACTION_LABEL: Record<PlanPrefillPreviewDto['rows'][number]['action'], { label: string; color: string }> = {
  fill: { label: 'Sẽ điền', color: 'blue' },
  kept: { label: 'Giữ số đã nhập', color: 'gray' },
  empty: { label: 'Kế hoạch không có nhiệm vụ của cơ quan', color: 'yellow' },
};

/** The plan's proposal for a report (loaded when `enabled`) and the fill, which updates the report's cached query. */
export function usePlanPrefill(reportId: string, { enabled = true }: { enabled?: boolean } = {}) {
  const queryClient = useQueryClient();
  const preview = usePlanPrefillQuery(reportId, { enabled });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<PlanPrefillResultDto | null>(null);
  const fill = async (version: number): Promise<PlanPrefillResultDto | null> => {
    setBusy(true);
    setError(null);
    try {
      const done = await fillFromPlan(reportId, version);
      queryClient.setQueryData(queryKeys.report(reportId), done.report);
      await queryClient.invalidateQueries({ queryKey: queryKeys.planPrefill(reportId) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.reports() });
      setResult(done);
      return done;
    } catch (e) {
      setError(errorText(e, 'Không lấy được số liệu từ kế hoạch.'));
      return null;
    } finally {
      setBusy(false);
    }
  };
  return { preview, fill, busy, error, result };
}

/** What a fill did, in a sentence. */
export function prefillOutcomeText(result: PlanPrefillResultDto): string {
  if (result.filled.length === 0) return 'Không có ô nào cần điền: các chỉ tiêu về kế hoạch đã có số liệu.';
  const kept = result.kept.length > 0 ? `; giữ nguyên ${result.kept.length} ô đã nhập` : '';
  return `Đã điền ${result.filled.length} ô từ kế hoạch CCHC${kept}. Có thể sửa lại số liệu và ghi chú như mọi ô khác.`;
}

/**
 * The button "Lấy số liệu từ kế hoạch" and its dialog. `version` is the report's version as the page holds it;
 * `onFilled` gets the answer (the report after the fill).
 */
export function PlanPrefillButton({
  reportId,
  version,
  onFilled,
  disabled,
}: {
  reportId: string;
  version: number;
  onFilled?: (result: PlanPrefillResultDto) => void;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const { preview, fill, busy, error, result } = usePlanPrefill(reportId, { enabled: open });
  const data = preview.data;
  const toFill = data?.rows.filter((r) => r.action === 'fill').length ?? 0;
  return (
    <>
      <Button variant="light" onClick={() => setOpen(true)} disabled={disabled}>
        Lấy số liệu từ kế hoạch
      </Button>
      {result && !open && (
        <Alert color="green" role="status" mt="xs">
          {prefillOutcomeText(result)}
        </Alert>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title="Lấy số liệu từ kế hoạch CCHC" size="xl">
        <Stack>
          {preview.isLoading && <Loading />}
          <ErrorAlert message={preview.error ? errorText(preview.error, 'Không đọc được kế hoạch.') : null} />
          {data && (
            <>
              <Text size="sm">
                {data.planTitle}: số liệu tính đến ngày {dateText(data.period.to)} (kỳ chốt số liệu {dateText(data.period.from)} –{' '}
                {dateText(data.period.to)}). Ô đã có số liệu được giữ nguyên.
              </Text>
              <Table withTableBorder aria-label="Số liệu lấy từ kế hoạch">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Chỉ tiêu</Table.Th>
                    <Table.Th>Theo kế hoạch</Table.Th>
                    <Table.Th>Trong báo cáo</Table.Th>
                    <Table.Th>Xử lý</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.rows.map((r) => (
                    <Table.Tr key={r.rowId}>
                      <Table.Td>
                        {r.label}
                        {r.scope === 'province' && (
                          <Text size="xs" c="dimmed">
                            Số liệu của toàn tỉnh ({r.taskCount} nhiệm vụ)
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{r.raw || '—'}</Table.Td>
                      <Table.Td>{r.current ?? '—'}</Table.Td>
                      <Table.Td>
                        <Badge color={ACTION_LABEL[r.action].color} variant="light">
                          {ACTION_LABEL[r.action].label}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {data.rows.length === 0 && <Text>Mẫu báo cáo này không có chỉ tiêu nào lấy từ kế hoạch.</Text>}
              {!data.mayFill && <Text c="dimmed">Báo cáo đang không sửa được (đã nộp, đã duyệt, hoặc bạn chỉ được xem).</Text>}
            </>
          )}
          <ErrorAlert message={error} />
          <FormFooter
            submitLabel={`Điền ${toFill} ô vào báo cáo`}
            busy={busy}
            submitDisabled={!data || !data.mayFill || toFill === 0}
            onCancel={() => setOpen(false)}
            onConfirm={() =>
              void fill(version).then((done) => {
                if (!done) return;
                setOpen(false);
                onFilled?.(done);
              })
            }
          />
        </Stack>
      </Modal>
    </>
  );
}
