/** The Sở Nội vụ's form of a task: area, title, responsible agency, deadline (dd/mm/yyyy), expected output, whose plan. */
import { Checkbox, Modal, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { PLAN_AREA_LABELS, PLAN_AREAS } from '@core/plan/plan.js';
import { errorText } from '../../api/client.js';
import type { PlanDto, PlanTaskDto } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormFooter } from '../../components/FormFooter.js';
import { isoToVi, viToIso } from '../../shared/labels.js';
import { addTask, editTask } from './plan-api.js';

export const AREA_OPTIONS = PLAN_AREAS.map((a) => ({ value: a, label: PLAN_AREA_LABELS[a] }));

export function TaskForm({
  plan,
  task,
  onClose,
  onSaved,
}: {
  plan: PlanDto;
  task: PlanTaskDto | null;
  onClose(): void;
  onSaved(plan: PlanDto): void;
}) {
  const [area, setArea] = useState<string | null>(task?.area ?? null);
  const [title, setTitle] = useState(task?.title ?? '');
  const [agency, setAgency] = useState<string | null>(task?.responsibleAgencyId ?? null);
  const [deadline, setDeadline] = useState(task ? isoToVi(task.deadline) : '');
  const [output, setOutput] = useState(task?.expectedOutput ?? '');
  const [own, setOwn] = useState(task ? task.ownerAgencyId !== null : false);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const iso = viToIso(deadline);
  const problems = {
    area: tried && !area ? 'Hãy chọn lĩnh vực.' : null,
    title: tried && title.trim() === '' ? 'Hãy ghi tên nhiệm vụ.' : null,
    agency: tried && !agency ? 'Hãy chọn cơ quan chủ trì.' : null,
    deadline:
      tried && !iso
        ? 'Ngày không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 30/06/2026.'
        : iso && !iso.startsWith(`${plan.year}-`)
          ? `Thời hạn phải thuộc năm ${plan.year} của kế hoạch.`
          : null,
  };
  const submit = async () => {
    setTried(true);
    if (!area || title.trim() === '' || !agency || !iso || !iso.startsWith(`${plan.year}-`)) return;
    setBusy(true);
    setError(null);
    const input = { area, title: title.trim(), responsibleAgencyId: agency, deadline: iso, expectedOutput: output.trim() || null, own };
    try {
      onSaved(task ? await editTask(task.id, task.version, input) : await addTask(plan, input));
    } catch (e) {
      setError(errorText(e, 'Không lưu được nhiệm vụ.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={task ? 'Sửa nhiệm vụ' : 'Thêm nhiệm vụ vào kế hoạch'} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Textarea
            label="Nhiệm vụ"
            withAsterisk
            autosize
            minRows={2}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={problems.title}
          />
          <Select label="Lĩnh vực" withAsterisk data={AREA_OPTIONS} value={area} onChange={setArea} error={problems.area} />
          <Select
            label="Cơ quan chủ trì"
            withAsterisk
            searchable
            data={plan.agencies.map((a) => ({ value: a.id, label: a.name }))}
            value={agency}
            onChange={setAgency}
            error={problems.agency}
          />
          <TextInput
            label="Thời hạn"
            withAsterisk
            placeholder="dd/mm/yyyy"
            value={deadline}
            onChange={(e) => setDeadline(e.currentTarget.value)}
            error={problems.deadline}
          />
          <TextInput label="Sản phẩm dự kiến" value={output} onChange={(e) => setOutput(e.currentTarget.value)} />
          <Checkbox
            label="Nhiệm vụ riêng của cơ quan chủ trì (không thuộc kế hoạch của tỉnh)"
            checked={own}
            onChange={(e) => setOwn(e.currentTarget.checked)}
          />
          <ErrorAlert message={error} />
          <FormFooter submitLabel={task ? 'Lưu thay đổi' : 'Thêm nhiệm vụ'} busy={busy} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
