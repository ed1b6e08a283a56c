/** Opening a round: template version, period, cut-off and deadline (defaults of Nghị định 09/2019, editable), agencies. */
import { Button, Checkbox, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { defaultDeadline } from '@core/periods/deadline.js';
import { cutoffRange, PERIOD_KINDS, type PeriodKind } from '@core/periods/period.js';
import { AGENCY_KIND_LABEL, type AgencyKindName } from '@shared/agency-kinds.js';
import { api, errorText } from '../../api/client.js';
import { queryKeys, useAgencies, useTemplates } from '../../api/queries.js';
import type { AgencyDto, RoundDto } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { dateText, periodText, viToIso } from '../../shared/labels.js';

export function CreateRound({ onCreated }: { onCreated(round: RoundDto): void }) {
  const [open, setOpen] = useState(false);
  const templates = useTemplates({ enabled: open });
  const agencies = useAgencies({ enabled: open });
  const queryClient = useQueryClient();
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const [kind, setKind] = useState<PeriodKind>('Y');
  const defaults = useMemo(() => {
    const cutoff = cutoffRange({ year, kind });
    return { from: dateText(cutoff.from), to: dateText(cutoff.to), deadline: dateText(defaultDeadline(cutoff)) };
  }, [year, kind]);
  const [dates, setDates] = useState<{ from?: string; to?: string; deadline?: string }>({});
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  // an agency closed before the figures begin (its last day before the cut-off's first) has no place in the round
  const figuresFrom = viToIso(dates.from ?? defaults.from) ?? cutoffRange({ year, kind }).from;
  const reporting = (agencies.data ?? []).filter((a) => a.kind !== 'province' && (a.validTo === null || a.validTo >= figuresFrom));
  const byKind = new Map<string, AgencyDto[]>();
  for (const a of reporting) byKind.set(a.kind, [...(byKind.get(a.kind) ?? []), a]);

  // every problem at its field: the dates as they are typed, the choices once "Mở đợt" was pressed
  const [tried, setTried] = useState(false);
  const from = viToIso(dates.from ?? defaults.from);
  const to = viToIso(dates.to ?? defaults.to);
  const deadline = viToIso(dates.deadline ?? defaults.deadline);
  const today = new Date().toISOString().slice(0, 10);
  const problems = {
    template: tried && !templateId ? 'Hãy chọn mẫu báo cáo.' : null,
    from: from ? null : 'Ngày không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 15/06/2025.',
    to: !to
      ? 'Ngày không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 14/09/2025.'
      : from && to < from
        ? 'Ngày kết thúc phải sau ngày bắt đầu chốt số liệu.'
        : null,
    deadline: !deadline
      ? 'Ngày không hợp lệ: ghi theo dạng ngày/tháng/năm, ví dụ 20/09/2025.'
      : to && deadline < to
        ? 'Hạn nộp không được trước ngày chốt số liệu.'
        : null,
    agencies: tried && chosen.size === 0 ? 'Hãy chọn ít nhất một đơn vị.' : null,
  };
  // not an error (a round may be opened late, for a catch-up): said beside the field
  const deadlinePassed =
    deadline && !problems.deadline && deadline < today ? `Hạn nộp đã qua (hôm nay là ${dateText(today)}): các đơn vị sẽ bị tính trễ hạn ngay.` : null;

  const submit = async () => {
    setError(null);
    setTried(true);
    if (!templateId || !from || !to || !deadline || chosen.size === 0 || problems.from || problems.to || problems.deadline) {
      setError('Hãy sửa các ô được đánh dấu.');
      return;
    }
    try {
      const round = await api<RoundDto>('/api/rounds', {
        method: 'POST',
        body: {
          templateId,
          period: { year, kind },
          cutoff: { from, to },
          deadline,
          agencyIds: reporting.map((a) => a.id).filter((id) => chosen.has(id)),
        },
      });
      await queryClient.invalidateQueries({ queryKey: queryKeys.rounds() });
      setOpen(false);
      onCreated(round);
    } catch (e) {
      setError(errorText(e, 'Không mở được đợt báo cáo.'));
    }
  };

  return (
    <>
      <Button onClick={() => setOpen(true)} w="fit-content">
        Mở đợt báo cáo
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Mở đợt báo cáo mới" size="lg">
        <Stack>
          <Select
            label="Mẫu báo cáo"
            data={(templates.data ?? []).map((t) => ({ value: t.id, label: `${t.name} (từ ${dateText(t.effectiveFrom)})` }))}
            value={templateId}
            onChange={setTemplateId}
            error={problems.template}
          />
          <Group grow>
            <NumberInput label="Năm" value={year} min={2000} max={2100} onChange={(v) => setYear(Number(v) || year)} />
            <Select
              label="Kỳ báo cáo"
              data={PERIOD_KINDS.map((k) => ({ value: k, label: periodText({ year, kind: k }).replace(` ${year}`, '') }))}
              value={kind}
              onChange={(v) => v && setKind(v as PeriodKind)}
            />
          </Group>
          <Group grow align="flex-start">
            <TextInput
              label="Chốt số liệu từ ngày"
              value={dates.from ?? defaults.from}
              onChange={(e) => setDates({ ...dates, from: e.currentTarget.value })}
              error={problems.from}
            />
            <TextInput
              label="đến ngày"
              value={dates.to ?? defaults.to}
              onChange={(e) => setDates({ ...dates, to: e.currentTarget.value })}
              error={problems.to}
            />
            <TextInput
              label="Hạn nộp"
              value={dates.deadline ?? defaults.deadline}
              onChange={(e) => setDates({ ...dates, deadline: e.currentTarget.value })}
              error={problems.deadline}
              description={deadlinePassed ?? undefined}
              inputWrapperOrder={['label', 'input', 'description', 'error']}
              styles={deadlinePassed ? { description: { color: 'var(--mantine-color-orange-9)' } } : undefined}
            />
          </Group>
          <Text size="sm" c="dimmed">
            Mặc định theo Nghị định 09/2019/NĐ-CP; có thể sửa.
          </Text>
          {[...byKind].map(([k, list]) => {
            const all = list.every((a) => chosen.has(a.id));
            return (
              <Stack key={k} gap={4}>
                <Checkbox
                  label={<strong>{AGENCY_KIND_LABEL[k as AgencyKindName] ?? k} (tất cả)</strong>}
                  checked={all}
                  onChange={() => {
                    const next = new Set(chosen);
                    for (const a of list) {
                      if (all) next.delete(a.id);
                      else next.add(a.id);
                    }
                    setChosen(next);
                  }}
                />
                <Group gap="xs" pl="md">
                  {list.map((a) => (
                    <Checkbox
                      key={a.id}
                      label={a.province ? `${a.name} — ${a.province}` : a.name}
                      checked={chosen.has(a.id)}
                      onChange={() => {
                        const next = new Set(chosen);
                        if (next.has(a.id)) next.delete(a.id);
                        else next.add(a.id);
                        setChosen(next);
                      }}
                    />
                  ))}
                </Group>
              </Stack>
            );
          })}
          {problems.agencies && (
            <Text size="sm" c="red.8" role="alert">
              {problems.agencies}
            </Text>
          )}
          <ErrorAlert message={error} />
          <Button onClick={() => void submit()}>Mở đợt ({chosen.size} đơn vị)</Button>
        </Stack>
      </Modal>
    </>
  );
}
