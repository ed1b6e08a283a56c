/**
 * The responsible agency's progress on a task: status, the day it was done, a note, evidence (files within limits,
 * or one of the agency's CCHC reports linked). Every write carries the task's version; a stale one is told.
 */
import { Anchor, Button, FileButton, Group, List, Modal, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { TASK_STATUS_LABELS, TASK_STATUSES, type TaskStatus } from '@core/plan/plan.js';
import { errorText } from '../../api/client.js';
import { useReports } from '../../api/queries.js';
import type { PlanDto, PlanTaskDto } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormFooter } from '../../components/FormFooter.js';
import { isoToVi, periodText, viToIso } from '../../shared/labels.js';
import type { PeriodKind } from '@core/periods/period.js';
import { attachEvidence, removeEvidence, saveProgress } from './plan-api.js';

const sizeText = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;

export function ProgressDialog({ task, onClose, onSaved }: { task: PlanTaskDto; onClose(): void; onSaved(plan: PlanDto): void }) {
  const [current, setCurrent] = useState(task);
  const [status, setStatus] = useState<TaskStatus>(task.status);
  const [doneOn, setDoneOn] = useState(task.doneOn ? isoToVi(task.doneOn) : '');
  const [note, setNote] = useState(task.note ?? '');
  const [reportId, setReportId] = useState<string | null>(task.evidenceReport?.id ?? null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reports = useReports();
  const ownReports = (reports.data ?? []).filter((r) => r.agencyId === task.responsibleAgencyId);
  const doneIso = viToIso(doneOn);
  const doneProblem = status === 'done' && !doneIso ? 'Ghi ngày hoàn thành theo dạng ngày/tháng/năm, ví dụ 25/06/2026.' : null;

  const after = (plan: PlanDto) => {
    const fresh = plan.tasks.find((t) => t.id === task.id);
    if (fresh) setCurrent(fresh);
    onSaved(plan);
    return fresh;
  };
  const run = async (work: () => Promise<PlanDto>, fallback: string) => {
    setBusy(true);
    setError(null);
    try {
      return after(await work());
    } catch (e) {
      setError(errorText(e, fallback));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const submit = async () => {
    if (doneProblem) return;
    const saved = await run(
      () =>
        saveProgress(current.id, current.version, {
          status,
          doneOn: status === 'done' ? doneIso : null,
          note: note.trim() || null,
          evidenceReportId: reportId,
        }),
      'Không lưu được tiến độ.',
    );
    if (saved) onClose();
  };
  return (
    <Modal opened onClose={onClose} title="Cập nhật tiến độ nhiệm vụ" size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text fw={500}>{task.title}</Text>
          <Select
            label="Trạng thái"
            data={TASK_STATUSES.map((s) => ({ value: s, label: TASK_STATUS_LABELS[s] }))}
            value={status}
            onChange={(v) => v && setStatus(v as TaskStatus)}
            allowDeselect={false}
          />
          {status === 'done' && (
            <TextInput
              label="Ngày hoàn thành"
              withAsterisk
              placeholder="dd/mm/yyyy"
              value={doneOn}
              onChange={(e) => setDoneOn(e.currentTarget.value)}
              error={doneProblem}
            />
          )}
          <Textarea label="Ghi chú" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          <Select
            label="Báo cáo CCHC làm minh chứng"
            placeholder="Không liên kết báo cáo"
            clearable
            data={ownReports.map((r) => ({
              value: r.id,
              label: `Báo cáo ${periodText({ year: r.period.year, kind: r.period.kind as PeriodKind })}`,
            }))}
            value={reportId}
            onChange={setReportId}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Tệp minh chứng
            </Text>
            {current.files.length === 0 ? (
              <Text size="sm" c="dimmed">
                Chưa có tệp.
              </Text>
            ) : (
              <List size="sm" aria-label="Tệp minh chứng">
                {current.files.map((f) => (
                  <List.Item key={f.id}>
                    <Group gap="xs">
                      <Anchor href={`/api/plan-tasks/${task.id}/files/${f.id}`}>{f.fileName}</Anchor>
                      <Text size="xs" c="dimmed">
                        {sizeText(f.size)}
                      </Text>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        disabled={busy}
                        aria-label={`Xóa tệp ${f.fileName}`}
                        onClick={() => void run(() => removeEvidence(task.id, f.id, current.version), 'Không xóa được tệp.')}
                      >
                        Xóa
                      </Button>
                    </Group>
                  </List.Item>
                ))}
              </List>
            )}
            <FileButton
              onChange={(file) => file && void run(() => attachEvidence(task.id, current.version, file), 'Không gửi được tệp.')}
              accept=".pdf,.doc,.docx,.xls,.xlsx,.odt,.ods,.jpg,.jpeg,.png,.zip,.txt"
            >
              {(props) => (
                <Button {...props} variant="light" size="xs" loading={busy} w="fit-content">
                  Tải tệp minh chứng lên
                </Button>
              )}
            </FileButton>
            <Text size="xs" c="dimmed">
              PDF, Word, Excel, ảnh, ZIP hoặc TXT; mỗi tệp tối đa 10 MB, mỗi nhiệm vụ tối đa 10 tệp.
            </Text>
          </Stack>
          <ErrorAlert message={error} />
          <FormFooter submitLabel="Lưu tiến độ" busy={busy} submitDisabled={doneProblem !== null} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
