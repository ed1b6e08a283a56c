/**
 * The province's report of a round, composed in the browser: the outline (I–V, the six areas of II) with each
 * section's state on the left; the section in hand in the middle (autosaved with the version; a 409 says so and
 * never overwrites; excerpts remember their source and say when it changed; the figures' new draft beside an
 * edited section, applied only by "Thay bằng bản mới"); the agencies' texts of the section on the right. The
 * workflow: ready for the leader, issued (number and date, then locked), back to draft. The DOCX and the province's
 * settings.
 */
import { Alert, Anchor, Badge, Button, Group, List, Modal, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { PROVINCE_OUTLINE } from '@core/province-report/outline.js';
import { api, errorText } from '../../api/client.js';
import { queryKeys, useAgencies, useProvinceReport, useRound } from '../../api/queries.js';
import type { AgencyDto, ProvinceReportDto, ProvinceSectionDto, ProvinceSectionKey, ProvinceSourceDto } from '../../api/types.js';
import { href } from '../../app/router.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { dateText, viToIso } from '../../shared/labels.js';
import { useSession } from '../auth/session.js';
import { saveStateText } from '../entry/useAutosave.js';
import { insertParagraph, sectionState } from './composing.js';
import { SettingsDialog } from './SettingsDialog.js';
import { SourcesPanel } from './SourcesPanel.js';
import { useProvinceAutosave } from './useProvinceAutosave.js';
import './province-report.css';

const STATUS: Record<ProvinceReportDto['status'], { label: string; color: string }> = {
  draft: { label: 'Đang soạn', color: 'gray' },
  ready: { label: 'Đã trình lãnh đạo ký', color: 'blue' },
  issued: { label: 'Đã ban hành', color: 'green' },
};

/** The province (UBND tỉnh) a round belongs to: up the tree from its first agency. */
function provinceOf(agencies: readonly AgencyDto[] | undefined, agencyIds: readonly string[] | undefined): string | null {
  if (!agencies) return null;
  const byId = new Map(agencies.map((a) => [a.id, a]));
  let at = agencyIds?.[0] ? byId.get(agencyIds[0]) : undefined;
  for (let depth = 0; at && depth < 20; depth++) {
    if (at.kind === 'province') return at.id;
    at = at.parentId ? byId.get(at.parentId) : undefined;
  }
  return agencies.find((a) => a.kind === 'province')?.id ?? null;
}

function IssueDialog({ opened, onClose, onIssue }: { opened: boolean; onClose(): void; onIssue(number: string, date: string): Promise<void> }) {
  const [number, setNumber] = useState('');
  const [date, setDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const iso = viToIso(date);
    if (!/^[0-9]{1,6}[A-Za-z]?$/u.test(number.trim())) return setError('Số báo cáo không hợp lệ: nhập số, ví dụ 125.');
    if (!iso) return setError('Ngày ban hành không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 05/01/2027.');
    setBusy(true);
    try {
      await onIssue(number.trim(), iso);
      onClose();
    } catch (e) {
      setError(errorText(e, 'Không ban hành được báo cáo.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Ban hành báo cáo của tỉnh">
      <Stack gap="sm">
        <Text size="sm">Nhập số và ngày của văn bản đã ký. Sau khi ban hành, báo cáo bị khóa, không sửa được.</Text>
        <TextInput label="Số báo cáo" placeholder="Ví dụ: 125" value={number} onChange={(e) => setNumber(e.currentTarget.value)} data-autofocus />
        <TextInput label="Ngày ban hành" placeholder="ngày/tháng/năm" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
        <ErrorAlert message={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Hủy
          </Button>
          <Button color="green" loading={busy} onClick={() => void submit()}>
            Xác nhận ban hành
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Workspace({ report, roundId }: { report: ProvinceReportDto; roundId: string }) {
  const client = useQueryClient();
  const { actor } = useSession();
  const round = useRound(roundId);
  const composer = actor?.role === 'consolidator' || actor?.role === 'admin';
  const agencies = useAgencies({ enabled: composer });
  const provinceId = useMemo(() => provinceOf(agencies.data, round.data?.agencyIds), [agencies.data, round.data?.agencyIds]);
  const [current, setCurrent] = useState<ProvinceSectionKey>('direction');
  /** The person's text of each section edited on this page (shown instead of the server's until saved). */
  const [texts, setTexts] = useState<Partial<Record<ProvinceSectionKey, string>>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [issueOpen, setIssueOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const editable = composer && report.status === 'draft';

  const onSaved = useCallback(
    (saved: ProvinceReportDto) => {
      client.setQueryData(queryKeys.provinceReport(roundId), saved);
    },
    [client, roundId],
  );
  const autosave = useProvinceAutosave(report, onSaved);
  const section = report.sections.find((s) => s.key === current)!;
  const textOf = (s: ProvinceSectionDto) => texts[s.key] ?? s.text;

  const edit = (text: string, excerpt?: ProvinceSourceDto & { excerpt: string }) => {
    setTexts((t) => ({ ...t, [current]: text }));
    autosave.queue(current, text, excerpt ? { sourceReportId: excerpt.reportId, section: current, text: excerpt.excerpt } : undefined);
  };

  const insert = (source: ProvinceSourceDto, excerpt: string) => {
    const node = textarea.current;
    const { text, cursor } = insertParagraph(textOf(section), node ? node.selectionStart : null, excerpt);
    edit(text, { ...source, excerpt });
    setMessage({ ok: true, text: `Đã chèn đoạn trích của ${source.agencyName} vào mục "${section.heading}".` });
    requestAnimationFrame(() => {
      if (!textarea.current) return;
      textarea.current.focus();
      textarea.current.setSelectionRange(cursor, cursor);
    });
  };

  /** Saves what is pending, then does `action` with the version saved; the page then shows the server's report. */
  const act = async (action: (version: number) => Promise<ProvinceReportDto>, done: string, failed: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await autosave.flush();
      const result = await action(autosave.versionNow());
      client.setQueryData(queryKeys.provinceReport(roundId), result);
      autosave.setVersion(result.version);
      setTexts({});
      setMessage({ ok: true, text: done });
      return result;
    } catch (e) {
      setMessage({ ok: false, text: errorText(e, failed) });
      throw e;
    } finally {
      setBusy(false);
    }
  };
  const post = (path: string, body: Record<string, unknown>) => (version: number) =>
    api<ProvinceReportDto>(`/api/rounds/${roundId}/province-report/${path}`, { method: 'POST', body: { ...body, version } });
  const regenerate = (replace: ProvinceSectionKey[] = []) =>
    act(
      post('regenerate', { replace }),
      replace.length > 0
        ? 'Đã thay nội dung mục bằng bản số liệu mới.'
        : 'Đã tạo lại phần số liệu; các mục đã sửa được giữ nguyên, bản mới hiện bên cạnh.',
      'Không tạo lại được phần số liệu.',
    ).catch(() => {});
  const reload = () => {
    autosave.discard();
    setTexts({});
    setMessage(null);
    void client.invalidateQueries({ queryKey: queryKeys.provinceReport(roundId) });
  };

  const saveText = saveStateText(autosave.state);
  const conflict = autosave.state.kind === 'conflict';
  const unsaved = autosave.unsaved(current);
  const status = STATUS[report.status];

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="start" wrap="nowrap">
        <Stack gap={2}>
          <Title order={2} size="h3">
            Báo cáo của tỉnh
          </Title>
          <Text size="sm">{report.title}</Text>
        </Stack>
        <Group gap="xs" justify="flex-end">
          <Badge size="lg" color={status.color} aria-label={`Trạng thái: ${status.label}`}>
            {status.label}
          </Badge>
          {report.status === 'issued' && (
            <Text size="sm" fw={600}>
              Số {report.number}, ngày {dateText(report.issuedOn)}
            </Text>
          )}
        </Group>
      </Group>

      <Group gap="xs">
        <Anchor href={href({ name: 'round', id: roundId })} size="sm">
          ← Đợt báo cáo
        </Anchor>
        {composer && (
          <Anchor href={href({ name: 'consolidation', id: roundId })} size="sm">
            Số liệu tổng hợp
          </Anchor>
        )}
        {composer && (
          <Anchor href={`/api/rounds/${roundId}/consolidation.docx`} size="sm">
            Tải báo cáo (DOCX)
          </Anchor>
        )}
        <Text size="sm" c="dimmed">
          Đã báo cáo {report.coverage.reported}/{report.coverage.roundAgencies} đơn vị (muộn {report.coverage.late}, chưa báo cáo{' '}
          {report.coverage.missing}).
        </Text>
      </Group>

      <Group gap="xs">
        {editable && (
          <Button size="xs" variant="light" loading={busy} onClick={() => void regenerate()}>
            Tạo lại phần số liệu
          </Button>
        )}
        {composer && report.status === 'draft' && (
          <Button
            size="xs"
            loading={busy}
            onClick={() => void act(post('ready', {}), 'Đã đánh dấu sẵn sàng trình lãnh đạo ký.', 'Không chuyển được trạng thái.').catch(() => {})}
          >
            Đánh dấu sẵn sàng trình ký
          </Button>
        )}
        {report.status === 'ready' && (
          <Button size="xs" color="green" onClick={() => setIssueOpen(true)}>
            Ban hành
          </Button>
        )}
        {report.status === 'ready' && (
          <Button
            size="xs"
            variant="default"
            loading={busy}
            onClick={() => void act(post('reopen', {}), 'Đã trả báo cáo về dự thảo.', 'Không trả về dự thảo được.').catch(() => {})}
          >
            Trả về dự thảo
          </Button>
        )}
        {composer && provinceId && (
          <Button size="xs" variant="subtle" onClick={() => setSettingsOpen(true)}>
            Thiết lập báo cáo của tỉnh
          </Button>
        )}
      </Group>

      {message && (
        <Alert
          color={message.ok ? 'green' : 'red'}
          role={message.ok ? 'status' : 'alert'}
          withCloseButton
          onClose={() => setMessage(null)}
          closeButtonLabel="Đóng thông báo"
          py={6}
        >
          {message.text}
        </Alert>
      )}
      {conflict && (
        <Alert color="red" role="alert" title="Không lưu được: báo cáo vừa được người khác cập nhật">
          <Stack gap={6}>
            <Text size="sm">
              {autosave.state.kind === 'conflict' ? autosave.state.message : ''} Nội dung bạn vừa gõ chưa được lưu và không ghi đè lên bản của người
              khác; hãy chép lại phần cần giữ trước khi tải bản mới.
            </Text>
            <Button size="xs" color="red" variant="light" w="fit-content" onClick={reload}>
              Tải bản mới nhất
            </Button>
          </Stack>
        </Alert>
      )}
      {report.status !== 'draft' && (
        <Alert color={report.status === 'issued' ? 'green' : 'blue'} py={6}>
          {report.status === 'issued'
            ? 'Báo cáo đã ban hành và bị khóa: chỉ xem, không sửa được.'
            : 'Báo cáo đang trình lãnh đạo ký: chỉ xem. Trả về dự thảo để sửa tiếp.'}
        </Alert>
      )}

      <div className="province-workspace">
        <nav className="province-outline" aria-label="Đề cương báo cáo">
          <ol>
            {PROVINCE_OUTLINE.map((o) => {
              if (o.headingOnly)
                return (
                  <li key={o.key} className="heading-only">
                    {o.heading}
                  </li>
                );
              const s = report.sections.find((x) => x.key === o.key);
              if (!s) return null;
              const st = sectionState(s);
              return (
                <li key={o.key} className={`level-${o.level}`}>
                  <button
                    type="button"
                    aria-current={current === o.key ? 'true' : undefined}
                    onClick={() => {
                      setCurrent(o.key as ProvinceSectionKey);
                      setMessage(null);
                    }}
                    aria-label={`${o.heading} — ${st.label}`}
                    title={st.description}
                  >
                    <span>{o.heading}</span>
                    <br />
                    <Badge size="xs" variant="light" color={st.color} component="span">
                      {st.label}
                    </Badge>
                    {s.excerpts.some((e) => e.sourceChanged) && (
                      <Badge size="xs" variant="light" color="red" component="span" ml={4}>
                        Nguồn trích đã đổi
                      </Badge>
                    )}
                  </button>
                </li>
              );
            })}
          </ol>
        </nav>

        <Stack gap="xs" component="section" aria-labelledby="province-section-title">
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Title order={3} size="h5" id="province-section-title">
              {section.heading}
            </Title>
            <Badge variant="light" color={sectionState(section).color}>
              {sectionState(section).label}
            </Badge>
          </Group>
          <Textarea
            ref={textarea}
            label={`Nội dung mục ${section.heading}`}
            autosize
            minRows={10}
            maxRows={18}
            readOnly={!editable}
            value={textOf(section)}
            onChange={(e) => edit(e.currentTarget.value)}
          />
          {editable && (
            <Text size="sm" role="status" aria-live="polite" c={autosave.state.kind === 'failed' || conflict ? 'red' : 'dimmed'}>
              {conflict ? 'Chưa lưu: báo cáo vừa được người khác cập nhật.' : saveText}
            </Text>
          )}
          {section.draft !== null && (
            <Paper withBorder p="xs" component="section" aria-label={`Bản số liệu mới của mục ${section.heading}`}>
              <Stack gap={6}>
                <Text size="sm" fw={600}>
                  Số liệu đã thay đổi — bản mới tạo từ số liệu (nội dung bạn đã sửa được giữ nguyên):
                </Text>
                <div className="province-draft">{section.draft}</div>
                {editable && (
                  <Button
                    size="compact-sm"
                    color="orange"
                    variant="light"
                    w="fit-content"
                    loading={busy}
                    onClick={() => void regenerate([section.key])}
                  >
                    Thay bằng bản mới
                  </Button>
                )}
              </Stack>
            </Paper>
          )}
          {section.origin === 'generated' && section.stale && editable && (
            <Alert color="orange" py={6}>
              Số liệu đã thay đổi từ khi mục này được tạo. Bấm &quot;Tạo lại phần số liệu&quot; để cập nhật.
            </Alert>
          )}
          {(section.excerpts.length > 0 || unsaved.length > 0) && (
            <Stack gap={4} component="section" aria-label="Đoạn trích trong mục">
              <Text size="sm" fw={600}>
                Đoạn trích trong mục ({section.excerpts.length + unsaved.length})
              </Text>
              <List size="sm" spacing={4}>
                {section.excerpts.map((e) => (
                  <List.Item key={e.id}>
                    <Text size="sm" span fw={500}>
                      {e.agencyName ?? e.agencyId}:
                    </Text>{' '}
                    <Text size="sm" span>
                      “{e.text.length > 120 ? `${e.text.slice(0, 120)}…` : e.text}”
                    </Text>
                    {e.sourceChanged && (
                      <Badge color="red" variant="light" ml={6} size="sm">
                        Nguồn đã thay đổi sau khi trích
                      </Badge>
                    )}
                  </List.Item>
                ))}
                {unsaved.map((e, i) => (
                  <List.Item key={`new-${i}`}>
                    <Text size="sm" span c="dimmed">
                      (chưa lưu) “{e.text.length > 120 ? `${e.text.slice(0, 120)}…` : e.text}”
                    </Text>
                  </List.Item>
                ))}
              </List>
            </Stack>
          )}
        </Stack>

        {composer ? (
          <SourcesPanel roundId={roundId} section={current} sectionHeading={section.heading} canInsert={editable} onInsert={insert} />
        ) : (
          <Text size="sm" c="dimmed">
            Nội dung các đơn vị chỉ hiện cho người tổng hợp (Sở Nội vụ).
          </Text>
        )}
      </div>

      <IssueDialog
        opened={issueOpen}
        onClose={() => setIssueOpen(false)}
        onIssue={async (number, date) => {
          await act(post('issue', { number, date }), `Đã ban hành báo cáo số ${number}.`, 'Không ban hành được báo cáo.');
        }}
      />
      {composer && <SettingsDialog provinceId={provinceId} opened={settingsOpen} onClose={() => setSettingsOpen(false)} />}
    </Stack>
  );
}

export function ProvinceReportPage({ id }: { id: string }) {
  const report = useProvinceReport(id);
  if (report.isLoading) return <Loading label="Đang tải báo cáo của tỉnh" />;
  if (!report.data) return <ErrorAlert message={errorText(report.error, 'Không tải được báo cáo của tỉnh.')} />;
  return <Workspace report={report.data} roundId={id} />;
}
