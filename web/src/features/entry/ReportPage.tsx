/** One report: the appendix grid with autosave and instant checks, the narrative, and the workflow actions. */
import { Alert, Anchor, Button, Group, Modal, SegmentedControl, Select, Stack, Table, Tabs, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Template } from '@core/catalogue/template.js';
import { runChecks } from '@core/checks/run-checks.js';
import { narrativeText } from '@core/checks/narrative-figures.js';
import { currentReturnReasons, statusesAllowing } from '@core/workflow/report-workflow.js';
import { unreadableFindings } from '@core/values/cell-reading.js';
import { SIGNING_FOR_LABEL, signatureProblem, signatureTitleLines, type SignatureForm, type SigningFor } from '@core/workflow/signature-form.js';
import { COMMENT_KIND_LABEL } from '@shared/report-status.js';
import { mergeSavedValues } from '@shared/saved-values.js';
import { api, errorText } from '../../api/client.js';
import {
  queryKeys,
  useAgency,
  useNarrativeDiff,
  usePrevious,
  useReport,
  useSubmissionDiff,
  useSubmissions,
  useTemplate,
  useTemplateIndicators,
} from '../../api/queries.js';
import type { CellChangeDto, ReportDto, SavedValuesDto } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { useSession } from '../auth/session.js';
import { appLinkTarget, currentAddress, navigate, plainClick } from '../../app/router.js';
import { periodText, rowTitle } from '../../shared/labels.js';
import { EntryGrid } from './EntryGrid.js';
import { mayEditCells, roleMay } from '@core/workflow/roles.js';
import { openingCells, templateFacts, type GridCell } from '@shared/entry/grid-state.js';
import { cellValuesOf, typedCellOf } from '@shared/entry/cell-cache.js';
import { NARRATIVE_OUTLINE, NarrativeEditor } from './NarrativeEditor.js';
import { readUnsent, type Section } from './unsent-edits.js';
import { saveStateText, useAutosave, type Conflict } from './useAutosave.js';
import { useOutlierFindings } from './useOutlierFindings.js';
import { PlanPrefillButton } from '../plan/PlanPrefill.js';

const NO_NARRATIVE_CHECK = {};

/** A stored cell as the grid shows it: the note column holds the officer's own note, without the words moved out of the value. */
function gridCellOf(template: Template, v: ReportDto['values'][number]): GridCell {
  return typedCellOf(templateFacts(template).rows.get(v.rowId), v);
}

/** The narrative to edit: the stored one, or the outline's empty sections. */
function narrativeOf(report: Pick<ReportDto, 'narrative'>): Section[] {
  return (report.narrative.length > 0 ? report.narrative : NARRATIVE_OUTLINE).map((s) => ({ heading: s.heading, level: s.level, body: s.body }));
}

/**
 * Leaving the page with edits the server does not have yet: a link inside the app first sends them, and asks only
 * when they could not be sent (they stay kept in this browser either way); closing or reloading the tab asks the
 * browser's own question.
 */
function useLeaveGuard(hasUnsent: () => boolean, flush: () => Promise<void>) {
  const [leaving, setLeaving] = useState<string | null>(null);
  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!hasUnsent()) return;
      event.preventDefault();
      event.returnValue = '';
    };
    const click = (event: MouseEvent) => {
      if (!plainClick(event)) return;
      const link = (event.target as Element | null)?.closest?.('a[href]');
      const target = link instanceof HTMLAnchorElement ? appLinkTarget(link) : null;
      if (!target || target === currentAddress() || !hasUnsent()) return;
      event.preventDefault();
      void flush().then(() => {
        if (hasUnsent()) setLeaving(target);
        else navigate(target);
      });
    };
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', click, true);
    };
  }, [hasUnsent, flush]);
  return { leaving, stay: () => setLeaving(null) };
}

export function ReportPage({ id }: { id: string }) {
  const report = useReport(id);
  const template = useTemplate(report.data?.templateId);
  // the agency's name is not needed to start typing: asked once the grid has its template (or at start-up, main.tsx)
  const agency = useAgency(report.data?.agencyId, { enabled: !!template.data });
  if (report.isLoading || template.isLoading) return <Loading label="Đang tải báo cáo" />;
  if (report.error || !report.data || !template.data)
    return <ErrorAlert message={report.error instanceof Error ? report.error.message : 'Không tải được báo cáo.'} />;
  return <ReportEditor key={report.data.id} initial={report.data} template={template.data} agencyName={agency.data?.name ?? ''} />;
}

function ReportEditor({ initial, template, agencyName }: { initial: ReportDto; template: Template; agencyName: string }) {
  const { actor } = useSession();
  const queryClient = useQueryClient();
  const [report, setReport] = useState(initial);
  // edits this browser kept from an earlier visit that the server does not have yet: shown, and sent
  const accountId = actor?.accountId ?? '';
  const [kept] = useState(() => readUnsent(accountId, initial.id));
  const [cells, setCells] = useState(() => openingCells(template, initial, kept?.cells));
  const [sections, setSections] = useState<Section[]>(() => kept?.narrative ?? narrativeOf(initial));
  const onSaved = useCallback(
    (saved: ReportDto) => {
      setReport(saved);
      queryClient.setQueryData(queryKeys.report(saved.id), saved);
    },
    [queryClient],
  );
  // the report held, for merging an autosave's minimal answer into it
  const held = useRef(report);
  useLayoutEffect(() => {
    held.current = report;
  }, [report]);
  const autosave = useAutosave(
    report,
    {
      onSaved: (saved: SavedValuesDto) => onSaved(mergeSavedValues(held.current, saved)),
      onNarrativeSaved: onSaved,
      // after a stale write: the server's cells and narrative, except the edits still to be sent
      onServerState: (current, keep) => {
        onSaved(current);
        setCells((previousCells) => {
          const next = new Map(previousCells);
          for (const v of current.values) if (!keep.rows.has(v.rowId)) next.set(v.rowId, gridCellOf(template, v));
          return next;
        });
        if (!keep.narrative) setSections(narrativeOf(current));
      },
    },
    { accountId, kept },
  );
  const queue = autosave.queue;
  const onNarrative = useCallback(
    (next: Section[]) => {
      setSections(next);
      autosave.queueNarrative(next);
    },
    [autosave],
  );
  const leave = useLeaveGuard(autosave.hasUnsent, autosave.flushNow);
  // the previous period is offered, not needed to start typing: asked after the first paint of the grid
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setReady(true), 300);
    return () => clearTimeout(timer);
  }, []);
  const previous = usePrevious(report.id, { enabled: ready });
  const [prefillMessage, setPrefillMessage] = useState<string | null>(null);
  const prefill = async () => {
    await autosave.flushNow();
    try {
      const current = await api<ReportDto>(`/api/reports/${report.id}`);
      const filled = await api<ReportDto>(`/api/reports/${report.id}/prefill`, { method: 'POST', body: { version: current.version } });
      onSaved(filled);
      setCells((previousCells) => {
        const next = new Map(previousCells);
        for (const v of filled.values) if (!next.get(v.rowId)?.raw) next.set(v.rowId, { raw: v.raw, note: next.get(v.rowId)?.note ?? '' });
        return next;
      });
      setPrefillMessage('Đã lấy số liệu tích lũy của kỳ trước vào các ô còn trống.');
    } catch (e) {
      setPrefillMessage(errorText(e, 'Không lấy được số liệu kỳ trước.'));
    }
  };
  const editable = mayEditCells(actor?.role, report.status);

  // the checks run here as the officer types, with the same core as the server
  const values = useMemo(() => cellValuesOf(template, cells), [cells, template]);
  // with the saved narrative: figures it states that the appendix disagrees with are warnings (catalogue phrasings);
  // the catalogue is asked for after the first paint of the grid, like the previous period
  const indicators = useTemplateIndicators({ enabled: ready });
  const narrative = useMemo(() => narrativeText(sections), [sections]);
  // its figures read after the first paint (the grid is what the officer waits for), then as she writes
  const checkedNarrative = useDeferredValue(narrative, '');
  const catalogue = useDeferredValue(indicators.data);
  // the narrative's check once both are here (until then the checks, and the grid, are not run again for it)
  const narrativeCheck = useMemo(
    () => (checkedNarrative && catalogue ? { narrative: { text: checkedNarrative, indicators: catalogue } } : NO_NARRATIVE_CHECK),
    [checkedNarrative, catalogue],
  );
  // the agency's own history: a value far from its earlier figures is a warning, as the server says on submit
  const outliers = useOutlierFindings(report.id, template, values);
  // words where a number belongs are errors first, as the server reports them (the same reading of the same cells)
  const findings = useMemo(
    () => [...unreadableFindings(template, values), ...runChecks(template, values, narrativeCheck), ...outliers],
    [template, values, narrativeCheck, outliers],
  );

  const onChange = useCallback(
    (changes: { rowId: string; raw?: string; note?: string }[]) => {
      setCells((previous) => {
        const next = new Map(previous);
        const queued = changes.map((c) => {
          const old = next.get(c.rowId) ?? { raw: '', note: '' };
          const cell = { raw: c.raw ?? old.raw, note: c.note ?? old.note };
          next.set(c.rowId, cell);
          return { rowId: c.rowId, raw: cell.raw, note: cell.note || null };
        });
        queue(queued);
        return next;
      });
    },
    [queue],
  );

  // the reasons of the latest return, shown on their rows while the report is back with the agency
  const remarks = useMemo(() => currentReturnReasons(report.status, report.comments), [report.status, report.comments]);

  // the narrative and the changes are built when their tab is first opened (then kept, with what was typed there): the
  // narrative's self-sizing text boxes each measure the page, and the changes ask the server, before the grid is usable
  const [tab, setTab] = useState('appendix');
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set(['appendix']));

  const errors = findings.filter((f) => f.severity === 'error');
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>
            {agencyName} — {periodText(report.period)}
          </Title>
          <Text size="sm" c="dimmed">
            {template.name} · đã lưu {report.version - 1} lần
          </Text>
        </div>
        <Group className="no-print">
          <Anchor href={`/api/reports/${report.id}/document.docx`} size="sm">
            Tải báo cáo (DOCX)
          </Anchor>
          <Anchor href={`/api/reports/${report.id}/document.xlsx`} size="sm">
            Tải phụ lục (XLSX)
          </Anchor>
          <Button size="xs" variant="subtle" onClick={() => window.print()}>
            In trang này
          </Button>
          <StatusBadge size="lg" status={report.status} />
          <Text
            size="sm"
            role="status"
            aria-live="polite"
            c={
              autosave.state.kind === 'failed' || autosave.state.kind === 'conflict' ? 'red' : autosave.state.kind === 'offline' ? 'orange' : 'dimmed'
            }
          >
            {saveStateText(autosave.state)}
          </Text>
        </Group>
      </Group>
      <Modal opened={leave.leaving !== null} onClose={leave.stay} title="Thay đổi chưa gửi được lên máy chủ">
        <Stack>
          <Text>
            Không kết nối được máy chủ. Các thay đổi của bạn đã lưu trên máy này và sẽ được gửi khi bạn mở lại báo cáo lúc có mạng. Vẫn rời trang?
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={leave.stay}>
              Ở lại trang
            </Button>
            <Button
              onClick={() => {
                const target = leave.leaving;
                leave.stay();
                if (target) navigate(target);
              }}
            >
              Rời trang
            </Button>
          </Group>
        </Stack>
      </Modal>
      {autosave.conflict && <ConflictPanel conflict={autosave.conflict} template={template} settle={autosave.settle} />}
      <WorkflowBar report={report} template={template} findings={findings} onChanged={onSaved} flush={autosave.flushNow} />
      {report.comments.length > 0 && (
        <Alert color={report.status === 'returned' ? 'red' : 'blue'} title="Ý kiến, giải trình">
          <ul>
            {report.comments.map((c, i) => (
              <li key={i}>
                {COMMENT_KIND_LABEL[c.kind]}
                {c.rowId ? ` (dòng ${rowName(template, c.rowId)})` : ''}:{' '}
                {c.kind === 'explanation' ? c.body.replace(/^\[[^\]]*:[^\]]*\]\s*/u, '') : c.body}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <Group className="no-print">
        <Text size="sm">
          {errors.length} lỗi, {findings.length - errors.length} cảnh báo
        </Text>
        {editable && previous.data && previous.data.stocks.length > 0 && (
          <Button size="xs" variant="light" onClick={() => void prefill()}>
            Lấy số liệu tích lũy kỳ trước ({periodText(previous.data.period)})
          </Button>
        )}
        {prefillMessage && (
          <Text size="sm" role="status">
            {prefillMessage}
          </Text>
        )}
        {editable && (
          <PlanPrefillButton
            reportId={report.id}
            version={report.version}
            disabled={autosave.state.kind !== 'saved'}
            onFilled={(done) => {
              onSaved(done.report);
              setCells((previousCells) => {
                const next = new Map(previousCells);
                for (const v of done.report.values)
                  if (!next.get(v.rowId)?.raw) next.set(v.rowId, { raw: v.raw, note: next.get(v.rowId)?.note ?? '' });
                return next;
              });
            }}
          />
        )}
      </Group>
      <Tabs
        value={tab}
        onChange={(value) => {
          if (!value) return;
          setTab(value);
          setOpened((before) => (before.has(value) ? before : new Set(before).add(value)));
        }}
      >
        <Tabs.List>
          <Tabs.Tab value="appendix">Phụ lục số liệu</Tabs.Tab>
          <Tabs.Tab value="narrative">Báo cáo (nội dung)</Tabs.Tab>
          <Tabs.Tab value="changes">Thay đổi giữa các lần nộp</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="appendix" pt="sm">
          <EntryGrid template={template} cells={cells} findings={findings} remarks={remarks} readOnly={!editable} onChange={onChange} />
        </Tabs.Panel>
        <Tabs.Panel value="narrative" pt="sm">
          {opened.has('narrative') && (
            <NarrativeEditor
              sections={sections}
              readOnly={!editable}
              onChange={onNarrative}
              saveNow={async () => {
                await autosave.flushNow();
                return autosave.hasUnsent()
                  ? { ok: false, text: 'Chưa gửi được lên máy chủ: nội dung đã lưu trên máy này và sẽ được gửi khi kết nối lại.' }
                  : { ok: true, text: 'Đã lưu nội dung báo cáo.' };
              }}
              previous={previous.data ?? null}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="changes" pt="sm">
          {opened.has('changes') && <Changes report={report} template={template} />}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** "3.1.3. Tổng số TTHC đang có hiệu lực" (with its form) for a template row id; the id itself when unknown. */
function rowName(template: Template, rowId: string): string {
  const row = templateFacts(template).rows.get(rowId);
  return row ? rowTitle(row) : rowId;
}

interface ReasonDraft {
  rowId: string | null;
  text: string;
}

function WorkflowBar({
  report,
  template,
  findings,
  onChanged,
  flush,
}: {
  report: ReportDto;
  template: Template;
  findings: ReturnType<typeof runChecks>;
  onChanged(r: ReportDto): void;
  flush(): Promise<void>;
}) {
  const { actor } = useSession();
  const [dialog, setDialog] = useState<null | 'submit' | 'return' | 'reopen'>(null);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [reasons, setReasons] = useState<ReasonDraft[]>([{ rowId: null, text: '' }]);
  // the reason dialog's kind outlives its closing, so its title does not change while it fades out
  const [reasonKind, setReasonKind] = useState<'return' | 'reopen'>('return');
  const [error, setError] = useState<string | null>(null);
  // the signature form (Nghị định 30): the head signs, or a deputy KT. for the head with his own title (also TM., TL.)
  const [signature, setSignatureState] = useState<SignatureForm>(() => ({
    signingFor: 'own',
    headTitle: 'Giám đốc',
    signerTitle: 'Giám đốc',
    signer: null,
  }));
  // an untouched form is not sent: the document then prints the title the agency's kind gives (TM. ỦY BAN NHÂN DÂN …)
  const [signatureTouched, setSignatureTouched] = useState(false);
  const setSignature = (form: SignatureForm) => {
    setSignatureTouched(true);
    setSignatureState(form);
  };
  const signerName = (texts['signer'] ?? report.signer ?? actor?.displayName ?? '').trim();
  const signatureLines = signatureTitleLines(signature);
  const rowOptions = useMemo(() => template.rows.map((r) => ({ value: r.id, label: rowName(template, r.id).slice(0, 140) })), [template]);
  const open = (which: 'submit' | 'return' | 'reopen') => {
    setError(null);
    setReasons([{ rowId: null, text: '' }]);
    if (which !== 'submit') setReasonKind(which);
    setDialog(which);
  };
  const move = async (action: string, body: Record<string, unknown>) => {
    setError(null);
    try {
      await flush();
      const fresh = await api<ReportDto>(`/api/reports/${report.id}`);
      onChanged(await api<ReportDto>(`/api/reports/${report.id}/${action}`, { method: 'POST', body: { version: fresh.version, ...body } }));
      setDialog(null);
      setTexts({});
    } catch (e) {
      setError(errorText(e, 'Không thực hiện được.'));
    }
  };
  const setReason = (i: number, change: Partial<ReasonDraft>) => setReasons((current) => current.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const errors = findings.filter((f) => f.severity === 'error');
  const canSubmit = !!actor && roleMay(actor.role, 'report:submit') && statusesAllowing('submit').includes(report.status);
  const canReview = !!actor && roleMay(actor.role, 'report:review') && report.status === 'submitted';
  const canReopen = !!actor && roleMay(actor.role, 'report:review') && report.status === 'accepted';
  // the reporting officer prepares, her agency's leader submits: she sends it to him, and he is told
  const canSend = actor?.role === 'reporter' && statusesAllowing('submit').includes(report.status);
  const sent = report.sentToLeader && statusesAllowing('submit').includes(report.status) ? report.sentToLeader : null;
  const sentText = sent ? momentText(sent.at) : '';
  return (
    <>
      <Group className="no-print">
        {canSend && (
          <Button variant={sent ? 'light' : 'filled'} onClick={() => void move('send-to-leader', {})}>
            {sent ? 'Gửi lại lãnh đạo duyệt' : 'Gửi lãnh đạo duyệt'}
          </Button>
        )}
        {sent && (
          <Text size="sm" role="note">
            {actor?.role === 'approver'
              ? `Cán bộ báo cáo đã gửi báo cáo này để lãnh đạo duyệt và nộp lúc ${sentText}.`
              : `Đã gửi lãnh đạo duyệt lúc ${sentText}.`}
          </Text>
        )}
        {canSubmit && <Button onClick={() => open('submit')}>Nộp báo cáo</Button>}
        {canReview && (
          <>
            <Button color="green" onClick={() => void move('accept', {})}>
              Duyệt
            </Button>
            <Button color="red" variant="outline" onClick={() => open('return')}>
              Trả lại
            </Button>
          </>
        )}
        {canReopen && (
          <Button variant="outline" onClick={() => open('reopen')}>
            Mở lại
          </Button>
        )}
      </Group>
      <ErrorAlert message={dialog ? null : error} />
      <Modal opened={dialog === 'submit'} onClose={() => setDialog(null)} title="Nộp báo cáo" size="lg">
        <Stack>
          {errors.length === 0 ? <Text>Báo cáo không còn lỗi. Xác nhận nộp?</Text> : <Text>Mỗi lỗi dưới đây cần được giải trình trước khi nộp:</Text>}
          {errors.map((f) => (
            <Textarea
              key={f.rule}
              label={f.message}
              value={texts[f.rule] ?? ''}
              onChange={(e) => setTexts({ ...texts, [f.rule]: e.currentTarget.value })}
            />
          ))}
          <Stack gap={4}>
            <Text size="sm" fw={500} id="signing-for-label">
              Thể thức ký
            </Text>
            <SegmentedControl
              aria-labelledby="signing-for-label"
              value={signature.signingFor}
              onChange={(v) => setSignature({ ...signature, signingFor: v as SigningFor })}
              data={(Object.keys(SIGNING_FOR_LABEL) as SigningFor[]).map((k) => ({ value: k, label: SIGNING_FOR_LABEL[k] }))}
            />
          </Stack>
          {signature.signingFor !== 'own' && (
            <TextInput
              label={signature.signingFor === 'TM' ? 'Thay mặt (tên tập thể, ví dụ: Ủy ban nhân dân)' : 'Chức vụ người đứng đầu (ví dụ: Giám đốc)'}
              value={signature.headTitle ?? ''}
              onChange={(e) => setSignature({ ...signature, headTitle: e.currentTarget.value })}
            />
          )}
          <TextInput
            label="Chức vụ người ký (ví dụ: Phó Giám đốc)"
            required
            value={signature.signerTitle}
            onChange={(e) => setSignature({ ...signature, signerTitle: e.currentTarget.value })}
          />
          <TextInput
            label="Người ký"
            value={texts['signer'] ?? report.signer ?? actor?.displayName ?? ''}
            onChange={(e) => setTexts({ ...texts, signer: e.currentTarget.value })}
          />
          {signatureLines.length > 0 && (
            <div className="signature-preview" aria-label="Khối chữ ký sẽ in">
              {signatureLines.map((line) => (
                <div key={line}>{line}</div>
              ))}
              <div className="signature-name">{signerName}</div>
            </div>
          )}
          <ErrorAlert message={error} />
          <Button
            onClick={() => {
              const form = { ...signature, signer: signerName || null };
              const problem = signatureTouched ? signatureProblem(form) : null;
              if (problem) {
                setError(problem);
                return;
              }
              void move('submit', {
                explanations: errors.map((f) => ({ rule: f.rule, text: texts[f.rule] ?? '' })),
                signer: signerName || null,
                ...(signatureTouched ? { signature: form } : {}),
              });
            }}
          >
            Xác nhận nộp
          </Button>
        </Stack>
      </Modal>
      <Modal
        opened={dialog === 'return' || dialog === 'reopen'}
        onClose={() => setDialog(null)}
        title={reasonKind === 'return' ? 'Trả lại báo cáo' : 'Mở lại báo cáo'}
        size="lg"
      >
        <Stack>
          {reasons.map((r, i) => {
            const n = i === 0 ? '' : ` ${i + 1}`;
            return (
              <Stack key={i} gap={4} className="reason">
                <Textarea
                  label={`Lý do${n}`}
                  required={i === 0}
                  autosize
                  minRows={2}
                  value={r.text}
                  onChange={(e) => setReason(i, { text: e.currentTarget.value })}
                />
                <Select
                  label={`Dòng cần sửa${n} (không bắt buộc; để trống nếu là cả báo cáo)`}
                  placeholder="Gõ mã hoặc tên dòng để tìm"
                  searchable
                  clearable
                  limit={30}
                  data={rowOptions}
                  value={r.rowId}
                  onChange={(rowId) => setReason(i, { rowId })}
                  nothingFoundMessage="Không có dòng này trong mẫu"
                />
                {i > 0 && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    w="fit-content"
                    onClick={() => setReasons((current) => current.filter((_, j) => j !== i))}
                  >
                    Bỏ lý do{n}
                  </Button>
                )}
              </Stack>
            );
          })}
          {reasonKind === 'return' && (
            <Button variant="light" w="fit-content" onClick={() => setReasons((current) => [...current, { rowId: null, text: '' }])}>
              Thêm lý do cho dòng khác
            </Button>
          )}
          <ErrorAlert message={error} />
          <Button
            color="red"
            onClick={() => {
              const unexplained = reasons.find((r) => r.rowId && !r.text.trim());
              if (unexplained) {
                setError(`Hãy ghi lý do cho dòng ${rowName(template, unexplained.rowId!)}.`);
                return;
              }
              void move(reasonKind, { reasons: reasons.filter((r) => r.text.trim()).map((r) => ({ rowId: r.rowId, text: r.text.trim() })) });
            }}
          >
            {reasonKind === 'return' ? 'Trả lại' : 'Mở lại'}
          </Button>
        </Stack>
      </Modal>
    </>
  );
}

function Changes({ report, template }: { report: ReportDto; template: Template }) {
  const submissions = useSubmissions(report.id, report.version);
  const last = submissions.data?.at(-1)?.number;
  const diff = useSubmissionDiff(report.id, last, report.version);
  const narrative = useNarrativeDiff(report.id, last, report.version);
  if (!last || last < 2) return <Text>Chưa có hai lần nộp để so sánh.</Text>;
  return (
    <Stack>
      <Cells report={report} last={last} changes={diff.data ?? []} template={template} />
      <Title order={4}>Nội dung báo cáo</Title>
      {(narrative.data ?? []).length === 0 ? (
        <Text size="sm">{narrative.isLoading ? 'Đang tải…' : 'Nội dung báo cáo không thay đổi.'}</Text>
      ) : (
        <table className="entry-grid" aria-label={`Các mục nội dung đã sửa giữa lần nộp ${last - 1} và ${last}`}>
          <thead>
            <tr>
              <th scope="col">Mục</th>
              <th scope="col">Lần nộp {last - 1}</th>
              <th scope="col">Lần nộp {last}</th>
            </tr>
          </thead>
          <tbody>
            {(narrative.data ?? []).map((c) => (
              <tr key={c.heading}>
                <td>{c.heading}</td>
                <td style={{ whiteSpace: 'pre-wrap' }}>{c.before ?? '(trống)'}</td>
                <td style={{ whiteSpace: 'pre-wrap' }}>{c.after ?? '(trống)'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Stack>
  );
}

function Cells({ last, changes, template }: { report: ReportDto; last: number; changes: CellChangeDto[]; template: Template }) {
  return (
    <table className="entry-grid" aria-label={`Thay đổi giữa lần nộp ${last - 1} và ${last}`}>
      <thead>
        <tr>
          <th scope="col">Dòng</th>
          <th scope="col">Lần nộp {last - 1}</th>
          <th scope="col">Lần nộp {last}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.rowId}>
            <td>{rowName(template, c.rowId)}</td>
            <td>{c.before?.raw ?? ''}</td>
            <td>{c.after?.raw ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "08:15 ngày 18/09/2025", in the browser's time zone. */
function momentText(iso: string): string {
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())} ngày ${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()}`;
}

const cellText = (cell: { raw: string; note: string | null } | null) =>
  cell ? `${cell.raw.trim() || '(trống)'}${cell.note?.trim() ? ` — ghi chú: ${cell.note.trim()}` : ''}` : '(trống)';

/** A save that met someone else's changes: both values of each cell and section, and the officer's choice. */
function ConflictPanel({ conflict, template, settle }: { conflict: Conflict; template: Template; settle(choice: 'mine' | 'theirs'): void }) {
  const sectionText = (sections: readonly Section[], heading: string) => sections.find((s) => s.heading === heading)?.body.trim() || '(trống)';
  return (
    <Alert color="red" title="Xung đột khi lưu" className="no-print">
      <Stack gap="xs">
        <Text size="sm">{conflict.message}</Text>
        {conflict.cells.length > 0 && (
          <Table withTableBorder aria-label="Các ô khác với bản trên máy chủ">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Dòng</Table.Th>
                <Table.Th>Bản của bạn (chưa gửi)</Table.Th>
                <Table.Th>Bản trên máy chủ</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {conflict.cells.map((c) => (
                <Table.Tr key={c.rowId}>
                  <Table.Td>{rowName(template, c.rowId)}</Table.Td>
                  <Table.Td>{cellText(c.mine)}</Table.Td>
                  <Table.Td>{cellText(c.theirs)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {conflict.narrative && (
          <Table withTableBorder aria-label="Các mục nội dung khác với bản trên máy chủ">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Mục</Table.Th>
                <Table.Th>Bản của bạn (chưa gửi)</Table.Th>
                <Table.Th>Bản trên máy chủ</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {conflict.narrative.headings.map((h) => (
                <Table.Tr key={h}>
                  <Table.Td>{h}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{sectionText(conflict.narrative!.mine, h)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{sectionText(conflict.narrative!.theirs, h)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group>
          {conflict.locked ? (
            <Button size="xs" color="red" variant="outline" onClick={() => settle('theirs')}>
              Bỏ các thay đổi chưa gửi
            </Button>
          ) : (
            <>
              <Button size="xs" onClick={() => settle('mine')}>
                Giữ bản của tôi
              </Button>
              <Button size="xs" variant="outline" onClick={() => settle('theirs')}>
                Lấy bản trên máy chủ
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
