/**
 * Import of a legacy report in the browser: upload a .docx, .xlsx or text report → the server reads it (in a worker)
 * → a preview with what was recognised, findings and unsure cells marked → fix cells (the checks rerun as you type,
 * with the same core as the server) → save it as the report of an agency: into a round (the agency's own report) or,
 * for the Sở Nội vụ, as an accepted report of an earlier period.
 */
import './import.css';
import { Alert, Anchor, Button, Group, Loader, NativeSelect, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useMemo, useRef, useState } from 'react';
import { kindFromUnit } from '@core/catalogue/unit.js';
import { runChecks } from '@core/checks/run-checks.js';
import { narrativeText } from '@core/checks/narrative-figures.js';
import type { Finding } from '@core/checks/finding.js';
import type { PeriodKind } from '@core/periods/period.js';
import type { CellValue } from '@core/report.js';
import { joinNotes, parseCell } from '@core/values/cell-grammar.js';
import { ApiError, errorText } from '../../api/client.js';
import { useAgencies, useRoundReport, useRounds, useTemplate, useTemplateIndicators } from '../../api/queries.js';
import type { ReportSummaryDto } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { href } from '../../app/router.js';
import { reportStatusLabel } from '@shared/report-status.js';
import { dateText, PERIOD_KIND_OPTIONS, periodText } from '../../shared/labels.js';
import { useSession } from '../auth/session.js';
import { saveImport, uploadReport, type ImportBatchSaveBody, type ImportPreviewDto } from './import-api.js';
import { PreviewTable, type PreviewCell } from './PreviewTable.js';

const KINDS = PERIOD_KIND_OPTIONS;

const HISTORY = 'history';

export function ImportPage() {
  const { actor } = useSession();
  const [preview, setPreview] = useState<{ data: ImportPreviewDto; at: number } | null>(null);
  const [reading, setReading] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setPreview(null);
    setReading(file.name);
    try {
      setPreview({ data: await uploadReport(file), at: Date.now() });
    } catch (e) {
      setError(errorText(e, 'Không đọc được tệp.'));
    } finally {
      setReading(null);
    }
  };
  return (
    <Stack>
      <Title order={2}>Nhập báo cáo cũ</Title>
      <Text size="sm">
        Chọn tệp báo cáo (Word .docx, Excel .xlsx hoặc văn bản .txt, .md). Hệ thống đọc phụ lục số liệu, nhận dạng đơn vị, kỳ báo cáo và mẫu; các ô
        chưa chắc chắn được đánh dấu để kiểm tra trước khi lưu.
      </Text>
      {(actor?.role === 'consolidator' || actor?.role === 'admin') && (
        <Text size="sm">
          Có nhiều tệp hoặc cả một thư mục lưu trữ? <Anchor href={href({ name: 'import-batches' })}>Nhập nhiều tệp hoặc tệp .zip cùng lúc</Anchor>
        </Text>
      )}
      {actor?.role === 'viewer' && (
        <Alert color="yellow" role="note">
          Tài khoản của bạn chỉ có quyền xem nên không lưu được báo cáo nhập từ tệp.
        </Alert>
      )}
      <div>
        <Text component="label" htmlFor="import-file" fw={600} size="sm" display="block" mb={4}>
          Tệp báo cáo (.docx, .xlsx, .txt, .md)
        </Text>
        <input
          id="import-file"
          className="import-file"
          type="file"
          accept=".docx,.xlsx,.txt,.md"
          disabled={reading !== null}
          onChange={(e) => void onFile(e.currentTarget.files?.[0])}
        />
      </div>
      {reading !== null && (
        <Group gap="xs">
          <Loader size="sm" aria-hidden />
          <Text role="status">Đang đọc tệp {reading}…</Text>
        </Group>
      )}
      <ErrorAlert title="Không đọc được tệp" message={error} />
      {preview && <PreviewEditor key={preview.at} preview={preview.data} />}
    </Stack>
  );
}

/**
 * Saving a reviewed document of an import batch (the review queue) instead of a single upload: always as accepted
 * history, under the agency the plan found (or the one the reviewer chooses), through the batch's save.
 */
export interface BatchTarget {
  agencyId: string | null;
  save(body: ImportBatchSaveBody): Promise<{ reportId: string | null }>;
  onSaved?(): void;
}

type SavedReport = Pick<ReportSummaryDto, 'id' | 'agencyId' | 'period'>;

export function PreviewEditor({ preview, batch }: { preview: ImportPreviewDto; batch?: BatchTarget }) {
  const { actor } = useSession();
  const template = useTemplate(preview.template.id);
  const agencies = useAgencies();
  const rounds = useRounds();

  const [cells, setCells] = useState<PreviewCell[]>(() => preview.rows.map((r) => ({ raw: r.raw, note: r.ownNote ?? '', edited: false })));
  const onChange = useCallback((index: number, change: { raw?: string; note?: string }) => {
    setCells((previous) => previous.map((c, i) => (i === index ? { raw: change.raw ?? c.raw, note: change.note ?? c.note, edited: true } : c)));
  }, []);

  const rowsById = useMemo(() => new Map((template.data?.rows ?? []).map((r) => [r.id, r])), [template.data]);
  const kinds = useMemo(
    () => preview.rows.map((r) => (r.rowId ? rowsById.get(r.rowId)?.kind : undefined) ?? kindFromUnit(r.unit)),
    [preview.rows, rowsById],
  );
  // the checks rerun as cells are fixed, with the same core as the server (the narrative's figures included)
  const indicators = useTemplateIndicators();
  const findings: Finding[] = useMemo(() => {
    if (!template.data) return preview.findings as Finding[];
    const values = new Map<string, CellValue>();
    preview.rows.forEach((r, i) => {
      const cell = cells[i];
      if (!r.rowId || !cell) return;
      const parsed = parseCell(cell.raw, kinds[i]!);
      values.set(r.rowId, { value: parsed.value, status: parsed.status, note: joinNotes(parsed.note, cell.note), decimals: parsed.decimals });
    });
    const narrative =
      preview.narrative.length > 0 && indicators.data ? { narrative: { text: narrativeText(preview.narrative), indicators: indicators.data } } : {};
    return runChecks(template.data, values, narrative);
  }, [template.data, preview, cells, kinds, indicators.data]);

  const canHistory = actor?.role === 'consolidator' || actor?.role === 'admin';
  const canRound = !batch && (actor?.role === 'reporter' || actor?.role === 'approver');
  const [agencyId, setAgencyId] = useState(batch?.agencyId ?? preview.matchedAgencyId ?? '');
  const [target, setTarget] = useState(canHistory ? HISTORY : (preview.suggestedRoundId ?? ''));
  const [year, setYear] = useState<number | ''>(preview.period?.year ?? '');
  const [kind, setKind] = useState<PeriodKind>(preview.period?.kind ?? 'Y');
  const [signer, setSigner] = useState(preview.document.signer ?? '');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedReport | null>(null);
  const savedRef = useRef<HTMLDivElement>(null);

  const sameTemplateRounds = (rounds.data ?? []).filter((r) => r.templateId === preview.template.id);
  const round = sameTemplateRounds.find((r) => r.id === target);
  // the agency's report in the chosen round as the page reads it: the save carries its version (or none), so a
  // report changed in between is never overwritten
  const existing = useRoundReport(round?.id, agencyId);
  const matched = agencies.data?.find((a) => a.id === preview.matchedAgencyId);
  const unsure = preview.rows.filter((r, i) => r.unsure && !cells[i]?.edited).length;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const period = target === HISTORY ? (year === '' ? null : { year, kind }) : round ? round.period : null;
  const problem =
    round && agencyId && (existing.isPending || existing.isError)
      ? existing.isError
        ? 'Không đọc được báo cáo hiện có của đơn vị trong đợt này: hãy thử lại.'
        : 'Đang đọc báo cáo hiện có của đơn vị trong đợt này…'
      : !agencyId
        ? 'Hãy chọn đơn vị báo cáo.'
        : !target
          ? 'Hãy chọn đợt báo cáo để lưu vào.'
          : !period
            ? 'Hãy chọn năm và kỳ báo cáo.'
            : null;

  const save = async () => {
    if (problem || !period) return;
    setSaving(true);
    setSaveError(null);
    try {
      if (batch) {
        const { reportId } = await batch.save({
          templateId: preview.template.id,
          agencyId,
          period,
          cells: preview.rows.flatMap((r, i) => (r.rowId ? [{ rowId: r.rowId, raw: cells[i]!.raw, note: cells[i]!.note.trim() || null }] : [])),
          narrative: preview.narrative,
          signer: signer.trim() || null,
        });
        if (reportId) setSaved({ id: reportId, agencyId, period });
        batch.onSaved?.();
        return;
      }
      const report = await saveImport({
        templateId: preview.template.id,
        agencyId,
        roundId: target === HISTORY ? null : target,
        ...(target === HISTORY ? {} : { version: existing.data?.version ?? null }),
        period,
        // each value with where it stood in the file and whether the import was unsure of it (kept as its provenance)
        cells: preview.rows.flatMap((r, i) =>
          r.rowId
            ? [
                {
                  rowId: r.rowId,
                  raw: cells[i]!.raw,
                  note: cells[i]!.note.trim() || null,
                  origin: { at: (r.at ?? []).slice(0, 20), doubtful: r.unsure, raw: r.raw.slice(0, 2000) },
                },
              ]
            : [],
        ),
        narrative: preview.narrative,
        signer: signer.trim() || null,
        source: preview.source,
        ...(preview.sha256 ? { sha256: preview.sha256 } : {}),
        ...(preview.format === 'text' || preview.format === 'docx' || preview.format === 'xlsx' || preview.format === 'pdf'
          ? { format: preview.format }
          : {}),
      });
      setSaved(report);
      requestAnimationFrame(() => savedRef.current?.focus());
    } catch (e) {
      setSaveError(errorText(e, 'Không lưu được báo cáo.'));
      // a report changed in between: read it again, so the officer sees its state before saving over it
      if (e instanceof ApiError && e.status === 409) void existing.refetch();
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack>
      {preview.problems.map((p) => (
        <Alert key={p.rule} color={p.severity === 'error' ? 'red' : 'yellow'} role="alert" title="Cần kiểm tra mẫu báo cáo">
          {p.message}
        </Alert>
      ))}
      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="xs">
          Nhận dạng từ tệp {preview.source}
        </Title>
        <dl className="import-facts">
          <dt>Mẫu báo cáo</dt>
          <dd>
            {preview.template.name}{' '}
            <Text span size="sm" c="dimmed">
              (độ khớp {Math.round(preview.template.score * 100)}%)
            </Text>
          </dd>
          <dt>Đơn vị</dt>
          <dd>
            {preview.agency.name ?? 'Không nhận dạng được'}
            {preview.agency.province ? ` — ${preview.agency.province}` : ''}
            {preview.agency.name && !preview.matchedAgencyId && (
              <Text span size="sm" c="dimmed">
                {' '}
                (không có đơn vị trùng tên trong phạm vi của bạn: hãy chọn đơn vị bên dưới)
              </Text>
            )}
          </dd>
          <dt>Kỳ báo cáo</dt>
          <dd>{preview.period ? periodText(preview.period) : 'Không nhận dạng được: hãy chọn bên dưới'}</dd>
          <dt>Văn bản</dt>
          <dd>
            {[
              preview.document.number && `Số ${preview.document.number}`,
              preview.document.date && `ngày ${dateText(preview.document.date)}`,
              preview.document.signer && `người ký ${preview.document.signer}`,
            ]
              .filter(Boolean)
              .join(', ') || 'Không nhận dạng được số, ngày, người ký'}
          </dd>
          <dt>Số liệu</dt>
          <dd>
            {preview.rows.length} dòng · {unsure} dòng cần kiểm tra · {errors} lỗi, {findings.length - errors} cảnh báo
            {preview.missing.length > 0 && ` · ${preview.missing.length} dòng của mẫu không có trong tệp`}
          </dd>
          <dt>Thuyết minh</dt>
          <dd>{preview.narrative.length > 0 ? `${preview.narrative.length} mục` : 'Không tìm thấy phần thuyết minh theo đề cương'}</dd>
        </dl>
      </Paper>

      <Paper withBorder p="md">
        <Title order={3} size="h4" mb="xs">
          Lưu thành báo cáo
        </Title>
        <Stack gap="sm">
          <Group align="flex-end" wrap="wrap">
            <NativeSelect
              label="Đơn vị báo cáo"
              value={agencyId}
              onChange={(e) => setAgencyId(e.currentTarget.value)}
              data={[{ value: '', label: '— Chọn đơn vị —' }, ...(agencies.data ?? []).map((a) => ({ value: a.id, label: a.name }))]}
              w={340}
            />
            {!batch && (
              <NativeSelect
                label="Lưu vào"
                value={target}
                onChange={(e) => setTarget(e.currentTarget.value)}
                data={[
                  { value: '', label: '— Chọn —' },
                  ...(canHistory ? [{ value: HISTORY, label: 'Báo cáo kỳ trước (lưu trữ, đã duyệt)' }] : []),
                  ...(canRound
                    ? sameTemplateRounds.map((r) => ({
                        value: r.id,
                        label: `Đợt báo cáo ${periodText(r.period)}${r.status === 'closed' ? ' (đã đóng)' : ''}`,
                      }))
                    : []),
                ]}
                w={340}
              />
            )}
            {target === HISTORY && (
              <>
                <NumberInput
                  label="Năm báo cáo"
                  value={year}
                  onChange={(v) => setYear(typeof v === 'number' ? v : '')}
                  min={1990}
                  max={2200}
                  allowDecimal={false}
                  thousandSeparator=""
                  w={130}
                />
                <NativeSelect label="Kỳ báo cáo" value={kind} onChange={(e) => setKind(e.currentTarget.value as PeriodKind)} data={KINDS} w={180} />
              </>
            )}
            <TextInput label="Người ký" value={signer} onChange={(e) => setSigner(e.currentTarget.value)} w={240} />
          </Group>
          {matched && agencyId && agencyId !== matched.id && (
            <Text size="sm" c="orange.8">
              Tệp ghi đơn vị {matched.name}, khác đơn vị đã chọn.
            </Text>
          )}
          {round && existing.data && (
            <Text size="sm" role="note">
              Đơn vị đã có báo cáo trong đợt này ({reportStatusLabel(existing.data.status)}, phiên bản {existing.data.version}): các ô đọc được từ tệp
              sẽ ghi đè các ô tương ứng.
            </Text>
          )}
          {canRound && sameTemplateRounds.length === 0 && !rounds.isLoading && (
            <Text size="sm" c="dimmed">
              Chưa có đợt báo cáo nào theo mẫu của tệp này.
            </Text>
          )}
          {target !== HISTORY &&
            round &&
            preview.period &&
            (round.period.year !== preview.period.year || round.period.kind !== preview.period.kind) && (
              <Text size="sm" c="orange.8">
                Tệp là báo cáo {periodText(preview.period)}, đợt đã chọn là {periodText(round.period)}.
              </Text>
            )}
          <Group>
            <Button onClick={() => void save()} loading={saving} disabled={!!problem || !!saved}>
              Lưu thành báo cáo
            </Button>
            {problem && !saved && (
              <Text size="sm" c="dimmed">
                {problem}
              </Text>
            )}
          </Group>
          <ErrorAlert title="Chưa lưu được" message={saveError} />
          {saved && (
            <Alert color="green" title="Đã lưu báo cáo" role="status">
              <div ref={savedRef} tabIndex={-1}>
                Báo cáo {periodText(saved.period)} của {agencies.data?.find((a) => a.id === saved.agencyId)?.name ?? saved.agencyId} đã được lưu.{' '}
                <Anchor href={href({ name: 'report', id: saved.id })}>Mở báo cáo vừa lưu</Anchor>
              </div>
            </Alert>
          )}
        </Stack>
      </Paper>

      {template.isLoading && <Loading size="sm" label="Đang tải mẫu báo cáo" />}
      <PreviewTable rows={preview.rows} kinds={kinds} cells={cells} findings={findings} onChange={onChange} />
      {preview.missing.length > 0 && (
        <Text size="sm" c="dimmed">
          Các dòng của mẫu không có trong tệp (để trống khi lưu): {preview.missing.join(', ')}.
        </Text>
      )}
      {preview.narrative.length > 0 && (
        <details>
          <summary>Phần thuyết minh đọc được ({preview.narrative.length} mục)</summary>
          {preview.narrative.map((s, i) => (
            <div key={i}>
              <Text fw={s.level === 1 ? 700 : 600} mt="xs">
                {s.heading}
              </Text>
              {s.body && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {s.body}
                </Text>
              )}
            </div>
          ))}
        </details>
      )}
    </Stack>
  );
}
