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

  const submit = async () => {
    setError(null);
    const from = viToIso(dates.from ?? defaults.from);
    const to = viToIso(dates.to ?? defaults.to);
    const deadline = viToIso(dates.deadline ?? defaults.deadline);
    if (!templateId || !from || !to || !deadline || chosen.size === 0) {
      setError('Hãy chọn mẫu báo cáo, ngày hợp lệ (dd/mm/yyyy) và ít nhất một đơn vị.');
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
          <Group grow>
            <TextInput
              label="Chốt số liệu từ ngày"
              value={dates.from ?? defaults.from}
              onChange={(e) => setDates({ ...dates, from: e.currentTarget.value })}
            />
            <TextInput label="đến ngày" value={dates.to ?? defaults.to} onChange={(e) => setDates({ ...dates, to: e.currentTarget.value })} />
            <TextInput
              label="Hạn nộp"
              value={dates.deadline ?? defaults.deadline}
              onChange={(e) => setDates({ ...dates, deadline: e.currentTarget.value })}
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
                      label={a.name}
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
          <ErrorAlert message={error} />
          <Button onClick={() => void submit()}>Mở đợt ({chosen.size} đơn vị)</Button>
        </Stack>
      </Modal>
    </>
  );
}
