/**
 * One agency's assessment: the totals; the forecast of the computed criteria (points so far, what is still missing);
 * the Sở Nội vụ's adjustments with their reasons; the findings; each criterion with its maximum, how it is scored, the
 * self score and explanation, the appraisal's score and reason, the evidence (files, linked reports, links; the
 * periodic reports linked by themselves); the workflow buttons of whoever is looking, in a bar that stays in view (the
 * agency: save, submit; the Sở Nội vụ: adjust with reasons, return, finalise, reopen); and the history of every write.
 * A table on a wide screen, one card per criterion on a narrow one.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  FileButton,
  Group,
  List,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Timeline,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useState, type ReactNode } from 'react';
import { errorText } from '../../api/client.js';
import { indexKeys, useIndexAssessment, useIndexHistory, useIndexSet } from '../../api/queries.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { href } from '../../app/router.js';
import {
  dateTimeText,
  linkEvidence,
  moveAssessment,
  pointsText,
  removeEvidence,
  saveAppraisal,
  saveSelfScores,
  sizeText,
  STATUS_COLOR,
  TONE,
  uploadEvidence,
} from './index-api.js';
import type { AssessmentDto, CriteriaSetDto } from './index-types.js';
import { ExampleNote } from './ExampleNote.js';

const SCORING_LABEL = { self: 'Đơn vị tự chấm', computed: 'Tính tự động', appraised: 'Sở Nội vụ chấm' } as const;
const SCORING_COLOR = { self: 'blue', computed: 'violet', appraised: 'gray' } as const;

type Criterion = CriteriaSetDto['criteria'][number];
type Scored = AssessmentDto['criteria'][number];
type Edits = Record<string, { score?: number | null; text?: string }>;
type Run = (work: () => Promise<AssessmentDto>, done?: string, after?: () => void) => Promise<void>;

const numberOrNull = (v: string | number): number | null => (v === '' ? null : Number(v));

export function AssessmentPanel({ setId, agencyId }: { setId: string; agencyId: string }) {
  const set = useIndexSet(setId);
  const assessment = useIndexAssessment(setId, agencyId);
  if (set.error || assessment.error) return <ErrorAlert message={errorText(set.error ?? assessment.error, 'Không tải được bản tự đánh giá.')} />;
  if (!set.data || !assessment.data) return <Loading />;
  return <AssessmentView set={set.data} a={assessment.data} />;
}

function AssessmentView({ set, a }: { set: CriteriaSetDto; a: AssessmentDto }) {
  const client = useQueryClient();
  const narrow = useMediaQuery('(max-width: 62em)') ?? false;
  const [selfEdits, setSelfEdits] = useState<Edits>({});
  const [appraisalEdits, setAppraisalEdits] = useState<Edits>({});
  const [returning, setReturning] = useState(false);
  const [returnReason, setReturnReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const appraising = a.permissions.appraise && a.status === 'submitted';
  const byCode = new Map(a.criteria.map((c) => [c.code, c]));

  const run: Run = async (work, done, after) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const next = await work();
      client.setQueryData(indexKeys.assessment(a.setId, a.agencyId), next);
      void client.invalidateQueries({ queryKey: indexKeys.assessments(a.setId) });
      setNotice(done ?? 'Đã lưu.');
      after?.();
    } catch (e) {
      setError(errorText(e, 'Không lưu được.'));
    } finally {
      setBusy(false);
    }
  };

  const saveSelf = () =>
    run(
      () =>
        saveSelfScores(
          a.setId,
          a.agencyId,
          a.version,
          Object.entries(selfEdits).map(([code, e]) => {
            const c = byCode.get(code)!;
            return { code, score: e.score !== undefined ? e.score : c.self, note: e.text !== undefined ? e.text || null : c.selfNote };
          }),
        ),
      'Đã lưu tự đánh giá.',
      () => setSelfEdits({}),
    );
  const saveAppraised = () =>
    run(
      () =>
        saveAppraisal(
          a.setId,
          a.agencyId,
          a.version,
          Object.entries(appraisalEdits).map(([code, e]) => {
            const c = byCode.get(code)!;
            return { code, score: e.score !== undefined ? e.score : c.appraised, reason: e.text !== undefined ? e.text || null : c.appraisalReason };
          }),
        ),
      'Đã lưu điểm thẩm định.',
      () => setAppraisalEdits({}),
    );

  const unsaved = Object.keys(selfEdits).length + Object.keys(appraisalEdits).length;
  const rowProps = (c: Criterion): CriterionProps => ({
    c,
    s: byCode.get(c.code)!,
    a,
    busy,
    run,
    selfEdit: selfEdits[c.code],
    onSelf: (e) => setSelfEdits((all) => ({ ...all, [c.code]: { ...all[c.code], ...e } })),
    appraising,
    appraisalEdit: appraisalEdits[c.code],
    onAppraisal: (e) => setAppraisalEdits((all) => ({ ...all, [c.code]: { ...all[c.code], ...e } })),
  });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Anchor href={href({ name: 'par-index' })} size="sm">
            ← Chỉ số CCHC
          </Anchor>
          <Title order={2} size={narrow ? 'h3' : 'h2'}>
            Tự đánh giá Chỉ số CCHC năm {set.year}: {a.agencyName}
          </Title>
          <Text size="sm" c="dimmed">
            {set.name}
          </Text>
        </div>
        <Badge size="lg" variant="light" color={STATUS_COLOR[a.status]} data-testid="assessment-status" style={{ flexShrink: 0 }}>
          {a.statusLabel}
        </Badge>
      </Group>
      {set.example && <ExampleNote />}
      {a.status === 'returned' && a.returnReason && (
        <Alert color="orange" title="Sở Nội vụ trả lại để bổ sung" data-testid="return-reason">
          {a.returnReason}
        </Alert>
      )}
      <Totals a={a} />
      <Adjustments set={set} a={a} />
      {a.status !== 'finalised' && <Forecast set={set} a={a} />}
      <Findings a={a} />
      {narrow ? (
        <CriteriaCards set={set} a={a} rowProps={rowProps} />
      ) : (
        <Table withTableBorder withColumnBorders verticalSpacing="xs" data-testid="criteria" aria-label="Tiêu chí và điểm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={64}>Mã</Table.Th>
              <Table.Th>Tiêu chí</Table.Th>
              <Table.Th w={64} ta="right">
                Tối đa
              </Table.Th>
              <Table.Th w={220}>Đơn vị tự đánh giá</Table.Th>
              <Table.Th w={220}>Sở Nội vụ thẩm định</Table.Th>
              <Table.Th w={64} ta="right">
                Điểm
              </Table.Th>
              <Table.Th w={260}>Tài liệu kiểm chứng</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {set.areas.map((area) => (
              <Fragment key={area.key}>
                <Table.Tr bg="gray.1">
                  <Table.Td fw={700}>{area.code}</Table.Td>
                  <Table.Td fw={700}>{area.name}</Table.Td>
                  <Table.Td fw={700} ta="right">
                    {pointsText(area.max)}
                  </Table.Td>
                  <Table.Td colSpan={2} />
                  <Table.Td fw={700} ta="right">
                    {pointsText(a.totals.areas.find((x) => x.key === area.key)?.score ?? 0)}
                  </Table.Td>
                  <Table.Td />
                </Table.Tr>
                {criteriaOf(set, area.key).map(({ c, group }) => (
                  <Fragment key={c.code}>
                    {group && (
                      <Table.Tr>
                        <Table.Td fw={600}>{group.code}</Table.Td>
                        <Table.Td fw={600} colSpan={6}>
                          {group.name} ({pointsText(group.max)} điểm)
                        </Table.Td>
                      </Table.Tr>
                    )}
                    <CriterionRow {...rowProps(c)} />
                  </Fragment>
                ))}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ActionBar>
        <Stack gap={6}>
          <ErrorAlert message={error} />
          {notice && !error && (
            <Text size="sm" c={TONE.done} role="status">
              {notice}
            </Text>
          )}
          <Group gap="sm">
            {unsaved > 0 && (
              <Text size="sm" c={TONE.missing}>
                {unsaved} tiêu chí có thay đổi chưa lưu
              </Text>
            )}
            {a.permissions.selfEdit && (
              <Button onClick={() => void saveSelf()} disabled={busy || Object.keys(selfEdits).length === 0}>
                Lưu tự đánh giá
              </Button>
            )}
            {a.permissions.submit && (
              <Button
                color="teal.9"
                onClick={() => void run(() => moveAssessment(a.setId, a.agencyId, 'submit', a.version), 'Đã gửi thẩm định.')}
                disabled={busy || unsaved > 0}
              >
                Gửi thẩm định
              </Button>
            )}
            {a.permissions.selfEdit && !a.permissions.submit && !narrow && (
              <Text size="sm" c="dimmed">
                Lãnh đạo đơn vị (tài khoản phê duyệt) gửi bản tự đánh giá đến Sở Nội vụ thẩm định.
              </Text>
            )}
            {appraising && (
              <>
                <Button onClick={() => void saveAppraised()} disabled={busy || Object.keys(appraisalEdits).length === 0}>
                  Lưu điểm thẩm định
                </Button>
                <Button color="orange" variant="light" onClick={() => setReturning(true)} disabled={busy || unsaved > 0}>
                  Trả lại bổ sung
                </Button>
                <Button
                  color="teal.9"
                  onClick={() => void run(() => moveAssessment(a.setId, a.agencyId, 'finalise', a.version), 'Đã chốt kết quả.')}
                  disabled={busy || unsaved > 0}
                >
                  Chốt kết quả
                </Button>
              </>
            )}
            {a.permissions.appraise && a.status === 'finalised' && (
              <Button
                variant="default"
                onClick={() => void run(() => moveAssessment(a.setId, a.agencyId, 'reopen', a.version), 'Đã mở lại thẩm định.')}
                disabled={busy}
              >
                Mở lại thẩm định
              </Button>
            )}
          </Group>
        </Stack>
      </ActionBar>
      <Modal opened={returning} onClose={() => setReturning(false)} title="Trả lại để đơn vị bổ sung">
        <Stack gap="sm">
          <Textarea
            label="Lý do trả lại (tài liệu cần bổ sung)"
            value={returnReason}
            onChange={(e) => setReturnReason(e.currentTarget.value)}
            autosize
            minRows={3}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setReturning(false)}>
              Hủy
            </Button>
            <Button
              color="orange"
              disabled={busy || !returnReason.trim()}
              onClick={() =>
                void run(
                  () => moveAssessment(a.setId, a.agencyId, 'return', a.version, returnReason.trim()),
                  'Đã trả lại để đơn vị bổ sung.',
                  () => {
                    setReturnReason('');
                    setReturning(false);
                  },
                )
              }
            >
              Trả lại
            </Button>
          </Group>
        </Stack>
      </Modal>
      <History setId={a.setId} agencyId={a.agencyId} version={a.version} />
    </Stack>
  );
}

/** The criteria of an area in order, each with the group it opens (the first sub-criterion of a group). */
function criteriaOf(set: CriteriaSetDto, area: string) {
  const list = set.criteria.filter((c) => c.area === area);
  return list.map((c, i) => ({
    c,
    group: c.parent && list[i - 1]?.parent !== c.parent ? set.groups.find((g) => g.code === c.parent) : undefined,
  }));
}

/** The workflow's buttons, kept in view at the bottom of the screen while the criteria scroll. */
function ActionBar({ children }: { children: ReactNode }) {
  return (
    <Paper withBorder shadow="sm" p="sm" pos="sticky" bottom={0} style={{ zIndex: 5 }}>
      {children}
    </Paper>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function Totals({ a }: { a: AssessmentDto }) {
  const appraised = a.criteria.some((c) => c.appraised !== null);
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" data-testid="totals">
      <Stat
        label="Tổng điểm"
        value={`${pointsText(a.totals.score)} / ${pointsText(a.totals.max)}`}
        hint={a.status === 'finalised' ? 'Kết quả đã chốt' : appraised ? 'Gồm điểm Sở Nội vụ thẩm định' : 'Chưa thẩm định'}
      />
      <Stat label="Chỉ số CCHC" value={`${pointsText(a.totals.percent)}%`} />
      <Stat label="Điểm đơn vị tự đánh giá" value={pointsText(a.totals.selfScore)} hint="Điểm tự chấm và điểm tính tự động" />
      {a.status === 'finalised' ? (
        <Stat
          label="Điểm tính tự động"
          value={`${pointsText(a.criteria.reduce((sum, c) => sum + (c.computed?.points ?? 0), 0))} / ${pointsText(a.forecast.max)}`}
          hint="Đã chốt khi chốt kết quả"
        />
      ) : (
        <Stat label="Điểm tự động đến nay" value={`${pointsText(a.forecast.points)} / ${pointsText(a.forecast.max)}`} hint="Từ số liệu báo cáo" />
      )}
    </SimpleGrid>
  );
}

/**
 * The forecast during the year: what each computed criterion gives so far from the reports and the rounds, and what is
 * still missing for its final figure.
 */
function Forecast({ set, a }: { set: CriteriaSetDto; a: AssessmentDto }) {
  const computed = set.criteria.filter((c) => c.scoring === 'computed');
  if (computed.length === 0) return null;
  const byCode = new Map(a.criteria.map((c) => [c.code, c]));
  const missing = computed.filter((c) => (byCode.get(c.code)?.computed?.missing.length ?? 0) > 0).length;
  return (
    <Card withBorder data-testid="forecast">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>Dự báo điểm các tiêu chí tính tự động</Text>
          <Badge variant="light" color="violet" style={{ textTransform: 'none' }}>
            {pointsText(a.forecast.points)} / {pointsText(a.forecast.max)} điểm đến nay
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          Tính từ các báo cáo CCHC đã gửi và được duyệt trong năm{missing > 0 ? `; ${missing} tiêu chí còn thiếu số liệu` : ''}. Điểm chính thức được
          chốt khi Sở Nội vụ thẩm định.
        </Text>
        <Stack gap={0}>
          {computed.map((c) => {
            const s = byCode.get(c.code)?.computed;
            return (
              <Group
                key={c.code}
                justify="space-between"
                align="flex-start"
                wrap="nowrap"
                py={6}
                style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
                data-testid={`forecast-${c.code}`}
              >
                <div>
                  <Text size="sm">
                    {c.code}. {c.name}
                  </Text>
                  {s?.basis && (
                    <Text size="xs" c="dimmed">
                      {s.basis}
                    </Text>
                  )}
                  {s?.missing.map((m) => (
                    <Text key={m} size="xs" c={TONE.missing}>
                      Còn thiếu: {m}
                    </Text>
                  ))}
                </div>
                <Text size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
                  {pointsText(s?.points ?? null)} / {pointsText(c.max)} điểm
                </Text>
              </Group>
            );
          })}
        </Stack>
      </Stack>
    </Card>
  );
}

/** Every criterion the Sở Nội vụ scored differently from the agency, with the reason: what the agency reads first. */
function Adjustments({ set, a }: { set: CriteriaSetDto; a: AssessmentDto }) {
  const adjusted = a.criteria.filter((c) => c.adjusted);
  if (adjusted.length === 0) return null;
  const names = new Map(set.criteria.map((c) => [c.code, c.name]));
  return (
    <Card withBorder data-testid="adjustments">
      <Text fw={600}>Sở Nội vụ điều chỉnh điểm {adjusted.length} tiêu chí</Text>
      <List size="sm" spacing={4} mt={4}>
        {adjusted.map((c) => (
          <List.Item key={c.code}>
            {c.code}. {names.get(c.code)}: {pointsText(c.self ?? c.computed?.points ?? null)} → <b>{pointsText(c.appraised)}</b> điểm
            {c.appraisalReason ? ` — lý do: ${c.appraisalReason}` : ''}
          </List.Item>
        ))}
      </List>
    </Card>
  );
}

/** Errors one by one; warnings of the same kind in one line (20 criteria not scored yet is one thing to do). */
function Findings({ a }: { a: AssessmentDto }) {
  // a finalised assessment is settled: what it lacked was the appraisal's to weigh
  if (a.status === 'finalised') return null;
  const before = a.status === 'draft' || a.status === 'returned';
  const errors = a.findings.filter((f) => f.severity === 'error');
  const warnings = a.findings.filter((f) => f.severity === 'warning');
  if (errors.length === 0 && warnings.length === 0) return null;
  const codesOf = (kind: string) => warnings.filter((w) => w.kind === kind).map((w) => w.code);
  const notScored = codesOf('not-scored');
  const unexplained = codesOf('missing-explanation');
  const others = warnings.filter((w) => w.kind !== 'not-scored' && w.kind !== 'missing-explanation');
  return (
    <Card withBorder data-testid="findings">
      <Text fw={600}>
        {errors.length === 0 ? 'Lưu ý' : before ? `Cần sửa ${errors.length} lỗi trước khi gửi thẩm định` : `Bản tự đánh giá còn ${errors.length} lỗi`}
      </Text>
      <List size="sm" spacing={2} mt={4}>
        {errors.map((f) => (
          <List.Item key={f.rule} c={TONE.error}>
            {f.message}
          </List.Item>
        ))}
        {notScored.length > 0 && (
          <List.Item>
            {notScored.length} tiêu chí chưa tự chấm điểm: {notScored.join(', ')}.
          </List.Item>
        )}
        {unexplained.length > 0 && (
          <List.Item>
            {unexplained.length} tiêu chí chưa có giải trình: {unexplained.join(', ')}.
          </List.Item>
        )}
        {others.map((f) => (
          <List.Item key={f.rule}>{f.message}</List.Item>
        ))}
      </List>
    </Card>
  );
}

interface CriterionProps {
  c: Criterion;
  s: Scored;
  a: AssessmentDto;
  busy: boolean;
  run: Run;
  selfEdit: Edits[string] | undefined;
  onSelf: (e: Edits[string]) => void;
  appraising: boolean;
  appraisalEdit: Edits[string] | undefined;
  onAppraisal: (e: Edits[string]) => void;
}

function CriterionRow(props: CriterionProps) {
  const { c, s } = props;
  return (
    <Table.Tr data-testid={`criterion-${c.code}`}>
      <Table.Td>{c.code}</Table.Td>
      <Table.Td>
        <CriterionInfo c={c} />
      </Table.Td>
      <Table.Td ta="right">{pointsText(c.max)}</Table.Td>
      <Table.Td>
        <SelfCell {...props} />
      </Table.Td>
      <Table.Td>
        <AppraisalCell {...props} />
      </Table.Td>
      <Table.Td fw={600} ta="right">
        {pointsText(s.final)}
      </Table.Td>
      <Table.Td>
        <EvidenceCell {...props} />
      </Table.Td>
    </Table.Tr>
  );
}

function CriteriaCards({ set, a, rowProps }: { set: CriteriaSetDto; a: AssessmentDto; rowProps: (c: Criterion) => CriterionProps }) {
  return (
    <Stack gap="md" data-testid="criteria">
      {set.areas.map((area) => (
        <Stack key={area.key} gap="xs">
          <Paper bg="gray.1" p="xs">
            <Text fw={700}>
              {area.code}. {area.name}
            </Text>
            <Text size="sm">
              {pointsText(a.totals.areas.find((x) => x.key === area.key)?.score ?? 0)} / {pointsText(area.max)} điểm
            </Text>
          </Paper>
          {criteriaOf(set, area.key).map(({ c, group }) => {
            const props = rowProps(c);
            return (
              <Fragment key={c.code}>
                {group && (
                  <Text fw={600} size="sm">
                    {group.code}. {group.name} ({pointsText(group.max)} điểm)
                  </Text>
                )}
                <Card withBorder p="sm" data-testid={`criterion-${c.code}`}>
                  <Stack gap={6}>
                    <Group justify="space-between" wrap="nowrap" align="flex-start">
                      <Text fw={600} size="sm">
                        {c.code}
                      </Text>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        Điểm <b>{pointsText(props.s.final)}</b> / {pointsText(c.max)}
                      </Text>
                    </Group>
                    <CriterionInfo c={c} />
                    {c.scoring !== 'appraised' && (
                      <Labelled label={c.scoring === 'computed' ? 'Điểm tính tự động' : 'Đơn vị tự đánh giá'}>
                        <SelfCell {...props} />
                      </Labelled>
                    )}
                    {(props.appraising || props.s.appraised !== null) && (
                      <Labelled label="Sở Nội vụ thẩm định">
                        <AppraisalCell {...props} />
                      </Labelled>
                    )}
                    {c.scoring === 'self' && (
                      <Labelled label="Tài liệu kiểm chứng">
                        <EvidenceCell {...props} />
                      </Labelled>
                    )}
                    {c.scoring !== 'self' && props.s.evidence.length > 0 && (
                      <Labelled label="Báo cáo liên kết">
                        <EvidenceCell {...props} />
                      </Labelled>
                    )}
                  </Stack>
                </Card>
              </Fragment>
            );
          })}
        </Stack>
      ))}
    </Stack>
  );
}

function Labelled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" fw={600} c="dimmed">
        {label}
      </Text>
      {children}
    </div>
  );
}

function CriterionInfo({ c }: { c: Criterion }) {
  return (
    <Stack gap={2}>
      <Text size="sm">{c.name}</Text>
      <Group gap={6}>
        <Badge size="xs" variant="light" color={SCORING_COLOR[c.scoring]}>
          {SCORING_LABEL[c.scoring]}
        </Badge>
        {c.evidence.required && (
          <Text size="xs" c="dimmed">
            Cần: {c.evidence.description ?? 'tài liệu kiểm chứng'}
          </Text>
        )}
      </Group>
      {c.computedFrom && (
        <Text size="xs" c="dimmed">
          {c.computedFrom}
        </Text>
      )}
      {c.guidance && (
        <Text size="xs" c="dimmed" fs="italic">
          {c.guidance}
        </Text>
      )}
    </Stack>
  );
}

function SelfCell({ c, s, a, selfEdit, onSelf }: CriterionProps) {
  const canSelf = a.permissions.selfEdit && c.scoring === 'self';
  if (c.scoring === 'computed') {
    if (!s.computed) return null;
    return (
      <Stack gap={2}>
        <Text size="sm" fw={600}>
          {s.computed.points === null ? 'Chưa tính được' : `${pointsText(s.computed.points)} điểm`}
          {s.computed.frozen ? ' (đã chốt)' : ''}
        </Text>
        {s.computed.basis && <Text size="xs">{s.computed.basis}</Text>}
        {s.computed.missing.map((m) => (
          <Text key={m} size="xs" c={TONE.missing}>
            {m}
          </Text>
        ))}
      </Stack>
    );
  }
  if (canSelf) {
    const score = selfEdit?.score !== undefined ? selfEdit.score : s.self;
    const note = selfEdit?.text !== undefined ? selfEdit.text : (s.selfNote ?? '');
    return (
      <Stack gap={4}>
        <NumberInput
          aria-label={`Điểm tự chấm ${c.code}`}
          size="xs"
          min={0}
          max={c.max}
          step={0.25}
          decimalScale={2}
          decimalSeparator=","
          placeholder={`0–${pointsText(c.max)}`}
          value={score ?? ''}
          onChange={(v) => onSelf({ score: numberOrNull(v) })}
        />
        <Textarea
          aria-label={`Giải trình ${c.code}`}
          size="xs"
          placeholder="Giải trình"
          autosize
          minRows={1}
          value={note}
          onChange={(e) => onSelf({ text: e.currentTarget.value })}
        />
      </Stack>
    );
  }
  if (c.scoring === 'self') {
    return (
      <Stack gap={2}>
        <Text size="sm">{s.self === null ? 'Chưa chấm' : `${pointsText(s.self)} điểm`}</Text>
        {s.selfNote && <Text size="xs">{s.selfNote}</Text>}
      </Stack>
    );
  }
  return (
    <Text size="xs" c="dimmed">
      Sở Nội vụ chấm (khảo sát, kiểm tra)
    </Text>
  );
}

function AppraisalCell({ c, s, appraising, appraisalEdit, onAppraisal }: CriterionProps) {
  if (appraising) {
    const score = appraisalEdit?.score !== undefined ? appraisalEdit.score : s.appraised;
    const reason = appraisalEdit?.text !== undefined ? appraisalEdit.text : (s.appraisalReason ?? '');
    return (
      <Stack gap={4}>
        <NumberInput
          aria-label={`Điểm thẩm định ${c.code}`}
          size="xs"
          min={0}
          max={c.max}
          step={0.25}
          decimalScale={2}
          decimalSeparator=","
          placeholder={c.scoring === 'appraised' ? `0–${pointsText(c.max)}` : 'Giữ điểm của đơn vị'}
          value={score ?? ''}
          onChange={(v) => onAppraisal({ score: numberOrNull(v) })}
        />
        <Textarea
          aria-label={`Lý do điều chỉnh ${c.code}`}
          size="xs"
          placeholder={c.scoring === 'appraised' ? 'Ghi chú' : 'Lý do điều chỉnh'}
          autosize
          minRows={1}
          value={reason}
          onChange={(e) => onAppraisal({ text: e.currentTarget.value })}
        />
      </Stack>
    );
  }
  if (s.appraised === null) return null;
  return (
    <Stack gap={2}>
      <Text size="sm" fw={600} c={s.adjusted ? TONE.error : undefined}>
        {pointsText(s.appraised)} điểm{s.adjusted ? ' (điều chỉnh)' : ''}
      </Text>
      {s.appraisalReason && (
        <Text size="xs" data-testid={`reason-${c.code}`}>
          {s.adjusted ? `Lý do: ${s.appraisalReason}` : s.appraisalReason}
        </Text>
      )}
    </Stack>
  );
}

function EvidenceCell({ c, s, a, busy, run }: CriterionProps) {
  const [adding, setAdding] = useState(false);
  const [reportId, setReportId] = useState<string | null>(null);
  const [url, setUrl] = useState('');
  // evidence is the agency's for what it scores itself (a computed criterion reads the reports, linked by themselves)
  const canEdit = a.permissions.selfEdit && c.scoring === 'self';
  if (!canEdit && s.evidence.length === 0)
    return c.scoring === 'self' ? (
      <Text size="xs" c="dimmed">
        Chưa có
      </Text>
    ) : null;
  return (
    <Stack gap={4}>
      {s.evidence.map((e) => (
        <Group key={e.id ?? `${e.reportId}`} gap={4} wrap="nowrap" align="flex-start">
          {e.kind === 'file' ? (
            <Text size="xs">
              <Kind>Tệp</Kind>
              <Anchor size="xs" href={`/api/index/evidence/${e.id}`} style={{ wordBreak: 'break-word' }}>
                {e.title}
              </Anchor>
              {e.size !== null ? ` (${sizeText(e.size)})` : ''}
            </Text>
          ) : e.kind === 'report' ? (
            <Text size="xs">
              <Kind>Báo cáo</Kind>
              <Anchor size="xs" href={href({ name: 'report', id: e.reportId! })}>
                {e.title}
              </Anchor>
              {e.auto ? ' (tự liên kết)' : ''}
            </Text>
          ) : (
            <Text size="xs">
              <Kind>Liên kết</Kind>
              <Anchor size="xs" href={e.url!} target="_blank" rel="noreferrer" style={{ wordBreak: 'break-word' }}>
                {e.title}
              </Anchor>
            </Text>
          )}
          {canEdit && e.id && (
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              aria-label={`Gỡ ${e.title}`}
              disabled={busy}
              onClick={() => void run(() => removeEvidence(a.setId, a.agencyId, a.version, e.id!), `Đã gỡ ${e.title}.`)}
            >
              ✕
            </Button>
          )}
        </Group>
      ))}
      {canEdit && (
        <Group gap={4}>
          <FileButton
            accept=".pdf,.doc,.docx,.xls,.xlsx,.odt,.ods,.png,.jpg,.jpeg,.zip,.txt"
            onChange={(file) => file && void run(() => uploadEvidence(a.setId, a.agencyId, a.version, c.code, file), `Đã tải lên ${file.name}.`)}
          >
            {(p) => (
              <Button size="compact-xs" variant="light" disabled={busy} {...p} aria-label={`Tải tệp ${c.code}`}>
                Tải tệp
              </Button>
            )}
          </FileButton>
          <Button size="compact-xs" variant="subtle" onClick={() => setAdding((x) => !x)} aria-label={`Liên kết ${c.code}`} aria-expanded={adding}>
            Liên kết
          </Button>
        </Group>
      )}
      {canEdit && adding && (
        <Stack gap={4}>
          <Select
            size="xs"
            aria-label={`Báo cáo liên kết ${c.code}`}
            placeholder={a.reports.length > 0 ? 'Chọn báo cáo trong CCHC' : 'Chưa có báo cáo đã nộp trong năm'}
            data={a.reports.map((r) => ({ value: r.id, label: r.label }))}
            disabled={a.reports.length === 0}
            value={reportId}
            onChange={setReportId}
            clearable
          />
          <TextInput
            size="xs"
            aria-label={`Đường dẫn ${c.code}`}
            placeholder="hoặc https://…"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
          />
          <Button
            size="compact-xs"
            disabled={busy || (!reportId && !url.trim())}
            onClick={() =>
              void run(
                () => linkEvidence(a.setId, a.agencyId, a.version, { code: c.code, ...(reportId ? { reportId } : { url: url.trim() }) }),
                'Đã thêm liên kết.',
                () => {
                  setAdding(false);
                  setReportId(null);
                  setUrl('');
                },
              )
            }
          >
            Thêm liên kết
          </Button>
        </Stack>
      )}
    </Stack>
  );
}

/** What a piece of evidence is, before its name. */
function Kind({ children }: { children: ReactNode }) {
  return (
    <Text span size="xs" c="dimmed" mr={4}>
      {children}:
    </Text>
  );
}

/** How many of the latest writes the history shows before "Xem toàn bộ". */
const HISTORY_SHOWN = 10;

/** Every write to the assessment, latest first: who, when, what, with the scores' explanations and reasons. */
function History({ setId, agencyId, version }: { setId: string; agencyId: string; version: number }) {
  const history = useIndexHistory(setId, agencyId, version);
  const [all, setAll] = useState(false);
  const entries = [...(history.data ?? [])].reverse();
  const shown = all ? entries : entries.slice(0, HISTORY_SHOWN);
  return (
    <Card withBorder data-testid="history">
      <Text fw={600} mb="sm">
        Lịch sử tự đánh giá và thẩm định
      </Text>
      {history.error ? (
        <ErrorAlert message={errorText(history.error, 'Không tải được lịch sử.')} />
      ) : !history.data ? (
        <Loading />
      ) : history.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          Chưa có thay đổi nào.
        </Text>
      ) : (
        <Timeline bulletSize={12} lineWidth={2}>
          {shown.map((h, i) => (
            <Timeline.Item key={`${h.at}-${i}`} title={h.label}>
              <Text size="xs" c="dimmed">
                {dateTimeText(h.at)} · {h.actor ?? 'Hệ thống'}
              </Text>
              {h.details.map((d, j) => (
                <Text key={j} size="sm">
                  {d}
                </Text>
              ))}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {entries.length > shown.length && (
        <Button variant="subtle" size="xs" mt="xs" onClick={() => setAll(true)}>
          Xem toàn bộ lịch sử ({entries.length} lần thay đổi)
        </Button>
      )}
    </Card>
  );
}
