/**
 * "Kế hoạch CCHC": the province's annual plan. Everyone reads the table (filter by area, agency, status; overdue tasks
 * marked); the agency responsible for a task reports its progress with evidence; the Sở Nội vụ creates the year's
 * plan, adds, edits, deletes and imports tasks; an agency fills its report's plan figures from here too.
 */
import { Alert, Anchor, Badge, Button, Group, Modal, NumberInput, Select, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { PLAN_AREA_LABELS, TASK_STATUS_LABELS, type PlanArea, type TaskStatus } from '@core/plan/plan.js';
import type { PeriodKind } from '@core/periods/period.js';
import { errorText } from '../../api/client.js';
import { queryKeys, useAgencies, usePlan, usePlans, useReports } from '../../api/queries.js';
import type { PlanDto, PlanTaskDto } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { FormFooter } from '../../components/FormFooter.js';
import { Loading } from '../../components/Loading.js';
import { dateText, periodText } from '../../shared/labels.js';
import { href } from '../../app/router.js';
import { useSession } from '../auth/session.js';
import { ImportPlan } from './ImportPlan.js';
import { createPlan, deleteTask } from './plan-api.js';
import { filterTasks, summarise, type PlanFilter } from './plan-filter.js';
import { PlanPrefillButton } from './PlanPrefill.js';
import { ProgressDialog } from './ProgressDialog.js';
import { AREA_OPTIONS, TaskForm } from './TaskForm.js';

const STATUS_COLOR: Record<TaskStatus, string> = { 'not-started': 'gray', 'in-progress': 'blue', done: 'green' };
const EDITABLE_REPORT = new Set(['not-started', 'draft', 'returned']);

function CreatePlan({ onClose, onCreated }: { onClose(): void; onCreated(plan: PlanDto): void }) {
  const agencies = useAgencies();
  const provinces = (agencies.data ?? []).filter((a) => a.kind === 'province');
  const [provinceId, setProvinceId] = useState<string | null>(null);
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const [title, setTitle] = useState('');
  const [decision, setDecision] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const province = provinceId ?? provinces[0]?.id ?? null;
  const submit = async () => {
    if (!province) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(
        await createPlan({
          provinceId: province,
          year,
          title: title.trim() || `Kế hoạch cải cách hành chính năm ${year}`,
          decision: decision.trim() || null,
        }),
      );
    } catch (e) {
      setError(errorText(e, 'Không tạo được kế hoạch.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title="Tạo kế hoạch CCHC năm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          {provinces.length > 1 && (
            <Select
              label="Tỉnh"
              data={provinces.map((p) => ({ value: p.id, label: p.name }))}
              value={province}
              onChange={setProvinceId}
              allowDeselect={false}
            />
          )}
          <NumberInput label="Năm" min={2000} max={2100} value={year} onChange={(v) => setYear(Number(v) || year)} />
          <TextInput
            label="Tên kế hoạch"
            placeholder={`Kế hoạch cải cách hành chính năm ${year}`}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <TextInput
            label="Số, ngày văn bản"
            placeholder="25/KH-UBND ngày 10/01"
            value={decision}
            onChange={(e) => setDecision(e.currentTarget.value)}
          />
          <ErrorAlert message={error} />
          <FormFooter submitLabel="Tạo kế hoạch" busy={busy} submitDisabled={!province} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

function Progress({ task }: { task: PlanTaskDto }) {
  return (
    <Stack gap={2}>
      <Group gap={4}>
        <Badge color={STATUS_COLOR[task.status]} variant="light">
          {TASK_STATUS_LABELS[task.status]}
        </Badge>
        {task.doneOn && <Text size="xs">ngày {dateText(task.doneOn)}</Text>}
      </Group>
      {task.note && <Text size="xs">{task.note}</Text>}
      {task.evidenceReport && (
        <Anchor size="xs" href={href({ name: 'report', id: task.evidenceReport.id })}>
          Báo cáo {periodText({ year: task.evidenceReport.periodYear, kind: task.evidenceReport.periodKind as PeriodKind })}
        </Anchor>
      )}
      {task.files.map((f) => (
        <Anchor key={f.id} size="xs" href={`/api/plan-tasks/${task.id}/files/${f.id}`}>
          {f.fileName}
        </Anchor>
      ))}
    </Stack>
  );
}

/** An agency's reports of the plan's year it may still write, each with the plan's fill. */
function ReportsFromPlan({ plan }: { plan: PlanDto }) {
  const reports = useReports();
  const { actor } = useSession();
  const open = (reports.data ?? []).filter(
    (r) => r.period.year === plan.year && EDITABLE_REPORT.has(r.status) && actor?.agencyIds.includes(r.agencyId),
  );
  if (open.length === 0) return null;
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Điền số liệu kế hoạch vào báo cáo
      </Title>
      {open.map((r) => (
        <Group key={r.id} gap="sm" align="flex-start">
          <Anchor href={href({ name: 'report', id: r.id })} mt={6}>
            Báo cáo {periodText({ year: r.period.year, kind: r.period.kind as PeriodKind })}
          </Anchor>
          <div>
            <PlanPrefillButton reportId={r.id} version={r.version} />
          </div>
        </Group>
      ))}
    </Stack>
  );
}

function PlanTable({ plan, onChanged }: { plan: PlanDto; onChanged(plan: PlanDto): void }) {
  const [filter, setFilter] = useState<PlanFilter>({ area: null, agencyId: null, status: null });
  const [editing, setEditing] = useState<PlanTaskDto | 'new' | null>(null);
  const [progress, setProgress] = useState<PlanTaskDto | null>(null);
  const [importing, setImporting] = useState(false);
  const [deleting, setDeleting] = useState<PlanTaskDto | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tasks = useMemo(() => filterTasks(plan.tasks, filter), [plan.tasks, filter]);
  const summary = summarise(plan.tasks);
  const agencyOptions = [...new Map(plan.tasks.map((t) => [t.responsibleAgencyId, t.responsibleAgencyName])).entries()]
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, 'vi'));
  const remove = async (task: PlanTaskDto) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await deleteTask(task.id, task.version));
      setDeleting(null);
    } catch (e) {
      setError(errorText(e, 'Không xóa được nhiệm vụ.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <Group gap="xs" aria-label="Tổng hợp tiến độ">
        <Badge variant="light">Tổng số: {summary.total}</Badge>
        <Badge variant="light" color="green">
          Đã hoàn thành: {summary.done} (đúng hạn {summary.onTime})
        </Badge>
        <Badge variant="light" color="blue">
          Đang thực hiện: {summary.inProgress}
        </Badge>
        <Badge variant="light" color="gray">
          Chưa thực hiện: {summary.notStarted}
        </Badge>
        <Badge variant="light" color="red">
          Quá hạn: {summary.overdue}
        </Badge>
      </Group>
      {notice && (
        <Alert color="green" role="status" withCloseButton onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      <ErrorAlert message={error} />
      <Group align="flex-end">
        <Select
          label="Lĩnh vực"
          placeholder="Tất cả"
          clearable
          data={AREA_OPTIONS}
          value={filter.area}
          onChange={(area) => setFilter({ ...filter, area })}
          w={260}
        />
        <Select
          label="Cơ quan chủ trì"
          placeholder="Tất cả"
          clearable
          searchable
          data={agencyOptions}
          value={filter.agencyId}
          onChange={(agencyId) => setFilter({ ...filter, agencyId })}
          w={260}
        />
        <Select
          label="Tiến độ"
          placeholder="Tất cả"
          clearable
          data={[...Object.entries(TASK_STATUS_LABELS).map(([value, label]) => ({ value, label })), { value: 'overdue', label: 'Quá hạn' }]}
          value={filter.status}
          onChange={(status) => setFilter({ ...filter, status })}
          w={200}
        />
        {plan.mayManage && (
          <Group ml="auto">
            <Button onClick={() => setEditing('new')}>Thêm nhiệm vụ</Button>
            <Button variant="light" onClick={() => setImporting(true)}>
              Nhập từ tệp
            </Button>
          </Group>
        )}
      </Group>
      <Table striped withTableBorder aria-label="Nhiệm vụ của kế hoạch">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>STT</Table.Th>
            <Table.Th>Nhiệm vụ</Table.Th>
            <Table.Th>Lĩnh vực</Table.Th>
            <Table.Th>Cơ quan chủ trì</Table.Th>
            <Table.Th>Thời hạn</Table.Th>
            <Table.Th>Sản phẩm dự kiến</Table.Th>
            <Table.Th miw={150}>Tiến độ</Table.Th>
            <Table.Th>
              <VisuallyHidden>Thao tác</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.map((t, i) => (
            <Table.Tr key={t.id} bg={t.overdue ? 'var(--mantine-color-red-0)' : undefined}>
              <Table.Td>{i + 1}</Table.Td>
              <Table.Td>
                {t.title}
                {t.ownerAgencyId && (
                  <Text size="xs" c="dimmed">
                    Nhiệm vụ riêng của {t.ownerAgencyName}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{PLAN_AREA_LABELS[t.area as PlanArea]}</Table.Td>
              <Table.Td>{t.responsibleAgencyName}</Table.Td>
              <Table.Td>
                <Text size="sm" c={t.overdue ? 'red.9' : undefined} fw={t.overdue ? 600 : undefined}>
                  {dateText(t.deadline)}
                </Text>
                {t.overdue && (
                  <Badge color="red" size="xs">
                    Quá hạn
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{t.expectedOutput ?? ''}</Table.Td>
              <Table.Td>
                <Progress task={t} />
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  {t.mayUpdateProgress && (
                    <Button size="compact-xs" variant="light" onClick={() => setProgress(t)} aria-label={`Cập nhật tiến độ: ${t.title}`}>
                      Cập nhật tiến độ
                    </Button>
                  )}
                  {plan.mayManage && (
                    <>
                      <Button size="compact-xs" variant="subtle" onClick={() => setEditing(t)} aria-label={`Sửa nhiệm vụ: ${t.title}`}>
                        Sửa
                      </Button>
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => setDeleting(t)} aria-label={`Xóa nhiệm vụ: ${t.title}`}>
                        Xóa
                      </Button>
                    </>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {tasks.length === 0 && (
        <Text c="dimmed">{plan.tasks.length === 0 ? 'Kế hoạch chưa có nhiệm vụ nào.' : 'Không có nhiệm vụ nào khớp bộ lọc.'}</Text>
      )}
      {editing && (
        <TaskForm
          plan={plan}
          task={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(p) => {
            onChanged(p);
            setNotice(editing === 'new' ? 'Đã thêm nhiệm vụ.' : 'Đã lưu nhiệm vụ.');
            setEditing(null);
          }}
        />
      )}
      {progress && <ProgressDialog task={progress} onClose={() => setProgress(null)} onSaved={onChanged} />}
      {importing && (
        <ImportPlan
          plan={plan}
          onClose={() => setImporting(false)}
          onImported={(p, created) => {
            onChanged(p);
            setNotice(`Đã nhập ${created} nhiệm vụ từ tệp.`);
            setImporting(false);
          }}
        />
      )}
      {deleting && (
        <Modal opened onClose={() => setDeleting(null)} title="Xóa nhiệm vụ">
          <Stack>
            <Text>Xóa nhiệm vụ "{deleting.title}" khỏi kế hoạch? Tiến độ và tệp minh chứng của nhiệm vụ cũng bị xóa.</Text>
            <FormFooter
              submitLabel="Xóa nhiệm vụ"
              color="red"
              focusCancel
              busy={busy}
              onCancel={() => setDeleting(null)}
              onConfirm={() => void remove(deleting)}
            />
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}

export function PlanPage() {
  const plans = usePlans();
  const { actor } = useSession();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const planId = chosen ?? plans.data?.[0]?.id ?? null;
  const plan = usePlan(planId);
  const mayCreate = actor?.role === 'consolidator' || actor?.role === 'admin';
  const changed = (p: PlanDto) => {
    queryClient.setQueryData(queryKeys.plan(p.id), p);
    void queryClient.invalidateQueries({ queryKey: queryKeys.plans() });
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Kế hoạch CCHC</Title>
        {mayCreate && <Button onClick={() => setCreating(true)}>Tạo kế hoạch năm</Button>}
      </Group>
      {plans.isLoading && <Loading />}
      <ErrorAlert message={plans.error ? errorText(plans.error, 'Không tải được danh sách kế hoạch.') : null} />
      {plans.data && plans.data.length === 0 && <Text>Chưa có kế hoạch CCHC nào.</Text>}
      {plans.data && plans.data.length > 1 && (
        <Select
          label="Kế hoạch"
          data={plans.data.map((p) => ({ value: p.id, label: `Năm ${p.year} — ${p.provinceName}` }))}
          value={planId}
          onChange={setChosen}
          allowDeselect={false}
          w={360}
        />
      )}
      {plan.isLoading && planId && <Loading />}
      <ErrorAlert message={plan.error ? errorText(plan.error, 'Không tải được kế hoạch.') : null} />
      {plan.data && (
        <>
          <div>
            <Title order={3} size="h4">
              {plan.data.title}
            </Title>
            <Text size="sm" c="dimmed">
              {plan.data.provinceName}
              {plan.data.decision ? ` — ${plan.data.decision}` : ''} — tình hình đến ngày {dateText(plan.data.today)}
            </Text>
          </div>
          <ReportsFromPlan plan={plan.data} />
          <PlanTable plan={plan.data} onChanged={changed} />
        </>
      )}
      {creating && (
        <CreatePlan
          onClose={() => setCreating(false)}
          onCreated={(p) => {
            changed(p);
            setChosen(p.id);
            setCreating(false);
          }}
        />
      )}
    </Stack>
  );
}
