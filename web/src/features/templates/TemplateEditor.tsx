/**
 * The editor of a new template version, started from a stored one: the version's id, name and effective dates, its
 * rows (code, id, label, unit cell, kind, parent, canonical indicator, measure) with add, remove and move, and the
 * checks between rows. "Kiểm tra" asks the server to check the draft and shows each problem at its row, check or
 * field; "Lưu phiên bản" stores it as a new version (the version it came from is never changed).
 */
import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { kindFromUnit, parseCodeList } from '@core/catalogue/unit.js';
import type { IndicatorDto, TemplateCheckDraft, TemplateCheckResult, TemplateRowDraft, TemplateSourceDto } from '@shared/template-schemas.js';
import { api, ApiError, errorText } from '../../api/client.js';
import { queryKeys } from '../../api/queries.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import type { TemplateSummaryDto } from '../../api/types.js';
import {
  changeRule,
  insertRow,
  isoToVi,
  localIdOf,
  moveRow,
  newCheck,
  newKey,
  placeProblems,
  removeRow,
  startFrom,
  toDraft,
  updateRow,
  viToIso,
  type EditorCheck,
  type EditorState,
  type PlacedProblems,
} from './draft-editing.js';
import { AREA_LABEL, FAMILY_LABEL, KIND_LABEL, KINDS, MEASURE_LABEL, RULE_FIELDS, RULE_LABEL, RULES, SEVERITY_LABEL } from './template-labels.js';
import './templates.css';

interface Props {
  source: TemplateSourceDto;
  basedOn: string;
  indicators: readonly IndicatorDto[];
  onCancel(): void;
  onSaved(id: string): void;
}

const NO_MESSAGES: readonly string[] = [];

function effectiveKind(row: TemplateRowDraft): string {
  return row.kind && row.kind !== '' ? row.kind : kindFromUnit(row.unit ?? '').type;
}

/** A date typed dd/mm/yyyy, kept as ISO. */
function DateField(props: { label: string; description: string; iso: string | null; required?: boolean; errors: readonly string[]; onChange(iso: string | null): void }) {
  const [text, setText] = useState(isoToVi(props.iso));
  const [invalid, setInvalid] = useState(false);
  // a change from outside (not from typing here) replaces what is typed, as soon as it is seen
  const [seenIso, setSeenIso] = useState(props.iso);
  if (props.iso !== seenIso) {
    setSeenIso(props.iso);
    if (viToIso(text) !== props.iso && !(text.trim() === '' && !props.iso)) setText(isoToVi(props.iso));
  }
  // while what is typed is no date, that is the one thing to say (the server only saw an empty date)
  const errors = invalid ? ['Nhập ngày dạng dd/mm/yyyy, ví dụ 01/07/2025.'] : props.errors;
  return (
    <TextInput
      label={props.label}
      description={props.description}
      placeholder="dd/mm/yyyy"
      withAsterisk={props.required}
      value={text}
      inputMode="numeric"
      error={errors.length > 0 ? errors.join(' ') : undefined}
      onChange={(e) => {
        const value = e.currentTarget.value;
        setText(value);
        const iso = viToIso(value);
        setInvalid(value.trim() !== '' && iso === null);
        props.onChange(value.trim() === '' ? null : iso);
      }}
    />
  );
}

/** A list of row ids typed "3.1.1, 3.1.2": kept as typed while editing, sent as a list. */
function ListInput(props: { label: string; value: readonly string[]; onChange(value: string[]): void; describedBy?: string | undefined }) {
  const [text, setText] = useState(props.value.join(', '));
  const parse = (t: string) => t.split(/[,;]/u).map((v) => v.trim()).filter(Boolean);
  // a change from outside (not from typing here) replaces what is typed
  // (compared by content: a check without the list gives a new empty one each render)
  const valueKey = props.value.join('\u0000');
  const [seenKey, setSeenKey] = useState(valueKey);
  if (valueKey !== seenKey) {
    setSeenKey(valueKey);
    if (parse(text).join('\u0000') !== valueKey) setText(props.value.join(', '));
  }
  return (
    <input
      className="ref-list"
      aria-label={props.label}
      aria-describedby={props.describedBy}
      placeholder="3.1.1, 3.1.2"
      value={text}
      onChange={(e) => {
        setText(e.currentTarget.value);
        props.onChange(parse(e.currentTarget.value));
      }}
    />
  );
}

interface RowProps {
  entry: { key: string; row: TemplateRowDraft };
  formIndex: number;
  rowIndex: number;
  rowCount: number;
  formLabel: string;
  parentsListId: string;
  showResponsible: boolean;
  messages: readonly string[];
  indicatorOptions: ReadonlyMap<string, ReactElement[]>;
  indicatorById: ReadonlyMap<string, IndicatorDto>;
  onChange(formIndex: number, rowIndex: number, patch: Partial<TemplateRowDraft>): void;
  onMove(formIndex: number, rowIndex: number, delta: -1 | 1, key: string): void;
  onInsert(formIndex: number, rowIndex: number): void;
  onRemove(formIndex: number, rowIndex: number): void;
}

const RowEditor = memo(function RowEditor(props: RowProps) {
  const { row, key } = props.entry;
  const n = props.rowIndex + 1;
  const name = `${props.formLabel}dòng ${n}${row.code ? ` (${row.code})` : row.id ? ` (${row.id})` : ''}`;
  const change = (patch: Partial<TemplateRowDraft>) => props.onChange(props.formIndex, props.rowIndex, patch);
  const derivedKind = kindFromUnit(row.unit ?? '').type;
  const kind = effectiveKind(row);
  const codes = kind === 'coded' ? parseCodeList(row.unit ?? '') : [];
  const problemId = props.messages.length > 0 ? `problems-${key}` : undefined;
  const indicator = row.indicator ? props.indicatorById.get(row.indicator) : undefined;
  const options = props.indicatorOptions.get(kind) ?? [];
  const foreign = row.indicator && (!indicator || indicator.kind !== kind);
  const placeholderId = localIdOf({ ...row, id: undefined }) ?? '';
  const [expanded, setExpanded] = useState(false);
  return (
    <tr data-row-key={key} className={props.messages.length > 0 ? 'has-problem' : undefined}>
      <td className="c-code">
        <input aria-label={`Mã (STT), ${name}`} aria-describedby={problemId} value={row.code ?? ''} onChange={(e) => change({ code: e.currentTarget.value })} />
      </td>
      <td className="c-id">
        <input
          aria-label={`Mã dòng (id), ${name}`}
          aria-describedby={problemId}
          placeholder={placeholderId || 'vd. 3.1.3/cap-tinh'}
          value={row.id ?? ''}
          onChange={(e) => change({ id: e.currentTarget.value })}
        />
      </td>
      <td className="c-label">
        <textarea
          data-field="label"
          rows={Math.min(4, Math.max(1, Math.ceil(row.label.length / 60)))}
          aria-label={`Tên chỉ tiêu, ${name}`}
          aria-invalid={props.messages.length > 0 || undefined}
          aria-describedby={problemId}
          value={row.label}
          onChange={(e) => change({ label: e.currentTarget.value })}
        />
        {props.messages.length > 0 && (
          <div id={problemId} className="row-problems" role="note">
            {props.messages.map((m, i) => (
              <div key={i}>⚠ {m}</div>
            ))}
          </div>
        )}
      </td>
      <td className="c-unit">
        <input aria-label={`Đơn vị tính (hoặc danh sách mã), ${name}`} value={row.unit ?? ''} onChange={(e) => change({ unit: e.currentTarget.value })} />
        {kind === 'coded' && (
          <div className={codes.length > 0 ? 'codes' : 'codes missing'}>
            {codes.length > 0 ? `Mã: ${codes.map((c) => `${c.code} = ${c.label}`).join('; ')}` : 'Chưa có danh sách mã: ghi vào ô đơn vị, ví dụ "Chưa = 0 Hoàn thành = 1".'}
          </div>
        )}
      </td>
      <td className="c-kind">
        <select aria-label={`Kiểu số liệu, ${name}`} value={row.kind ?? ''} onChange={(e) => change({ kind: e.currentTarget.value })}>
          <option value="">Theo đơn vị ({KIND_LABEL[derivedKind]})</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABEL[k]}
            </option>
          ))}
        </select>
      </td>
      <td className="c-parent">
        <input aria-label={`Dòng cha, ${name}`} list={props.parentsListId} placeholder="tự động" value={row.parent ?? ''} onChange={(e) => change({ parent: e.currentTarget.value })} />
      </td>
      <td className="c-indicator">
        {/* the catalogue's options are put in only when the select is reached (pointer or focus): a hundred rows
            × a hundred options at once would slow the editor down for nothing */}
        <select
          aria-label={`Chỉ tiêu chuẩn, ${name}`}
          value={row.indicator ?? ''}
          onChange={(e) => change({ indicator: e.currentTarget.value })}
          onFocus={() => setExpanded(true)}
          onPointerEnter={() => setExpanded(true)}
        >
          <option value="">— Không gắn —</option>
          {foreign ? (
            <option value={row.indicator}>
              {indicator ? `${indicator.name} (${indicator.id}) — khác kiểu` : `${row.indicator} — không có trong danh mục`}
            </option>
          ) : (
            !expanded && indicator && (
              <option value={indicator.id}>
                {indicator.name} ({indicator.id})
              </option>
            )
          )}
          {expanded && options}
        </select>
      </td>
      <td className="c-measure">
        <select aria-label={`Cách tính theo kỳ, ${name}`} value={row.measure ?? ''} onChange={(e) => change({ measure: e.currentTarget.value })}>
          <option value="">Theo chỉ tiêu chuẩn{indicator ? ` (${MEASURE_LABEL[indicator.measure]})` : ''}</option>
          <option value="flow">{MEASURE_LABEL['flow']}</option>
          <option value="stock">{MEASURE_LABEL['stock']}</option>
        </select>
      </td>
      {props.showResponsible && (
        <td className="c-responsible">
          <input aria-label={`Đơn vị thực hiện, ${name}`} value={row.responsible ?? ''} onChange={(e) => change({ responsible: e.currentTarget.value })} />
        </td>
      )}
      <td className="c-actions">
        <button type="button" data-action="up" aria-label={`Chuyển lên, ${name}`} title="Chuyển lên" disabled={props.rowIndex === 0} onClick={() => props.onMove(props.formIndex, props.rowIndex, -1, key)}>
          ↑
        </button>
        <button
          type="button"
          data-action="down"
          aria-label={`Chuyển xuống, ${name}`}
          title="Chuyển xuống"
          disabled={props.rowIndex === props.rowCount - 1}
          onClick={() => props.onMove(props.formIndex, props.rowIndex, 1, key)}
        >
          ↓
        </button>
        <button type="button" aria-label={`Chèn dòng mới dưới ${name}`} title="Chèn dòng mới bên dưới" onClick={() => props.onInsert(props.formIndex, props.rowIndex)}>
          +
        </button>
        <button type="button" className="remove" aria-label={`Xóa ${name}`} title="Xóa dòng" disabled={props.rowCount === 1} onClick={() => props.onRemove(props.formIndex, props.rowIndex)}>
          ✕
        </button>
      </td>
    </tr>
  );
});

function ChecksEditor(props: {
  title: string;
  /** "biểu 3, " for a form's checks, so that every control names its form and check. */
  prefix: string;
  checks: readonly EditorCheck[];
  problems: ReadonlyMap<string, string[]>;
  onChange(key: string, check: TemplateCheckDraft | null): void;
  onAdd(): void;
}) {
  return (
    <section className="checks-editor" aria-label={props.title}>
      <Title order={4}>{props.title}</Title>
      {props.checks.length === 0 && <Text size="sm">Chưa có kiểm tra nào.</Text>}
      <ol>
        {props.checks.map(({ key, check }, index) => {
          const n = `${props.prefix}kiểm tra ${index + 1}`;
          const messages = props.problems.get(key) ?? [];
          const problemId = messages.length > 0 ? `problems-${key}` : undefined;
          const fields = RULE_FIELDS[check.rule] ?? [];
          return (
            <li key={key} data-check-key={key} className={messages.length > 0 ? 'has-problem' : undefined}>
              <div className="check-line">
                <select aria-label={`Loại kiểm tra, ${n}`} value={check.rule} onChange={(e) => props.onChange(key, changeRule(check, e.currentTarget.value))}>
                  {!RULES.includes(check.rule as (typeof RULES)[number]) && <option value={check.rule}>{check.rule}</option>}
                  {RULES.map((r) => (
                    <option key={r} value={r}>
                      {RULE_LABEL[r]}
                    </option>
                  ))}
                </select>
                {fields.map((f) =>
                  f.list ? (
                    <label key={f.field}>
                      <span>{f.label}</span>
                      <ListInput label={`${f.label}, ${n}`} describedBy={problemId} value={check[f.field] as string[] | undefined ?? []} onChange={(value) => props.onChange(key, { ...check, [f.field]: value })} />
                    </label>
                  ) : (
                    <label key={f.field}>
                      <span>{f.label}</span>
                      <input
                        className="ref"
                        aria-label={`${f.label}, ${n}`}
                        aria-describedby={problemId}
                        value={(check[f.field] as string | undefined) ?? ''}
                        placeholder={f.optional ? 'không bắt buộc' : undefined}
                        onChange={(e) => props.onChange(key, { ...check, [f.field]: e.currentTarget.value })}
                      />
                    </label>
                  ),
                )}
                <label>
                  <span>Mức</span>
                  <select aria-label={`Mức, ${n}`} value={check.severity ?? ''} onChange={(e) => props.onChange(key, { ...check, severity: e.currentTarget.value })}>
                    <option value="">Mặc định</option>
                    <option value="error">{SEVERITY_LABEL['error']}</option>
                    <option value="warning">{SEVERITY_LABEL['warning']}</option>
                  </select>
                </label>
                <label>
                  <span>Mã kiểm tra</span>
                  <input className="ref" aria-label={`Mã kiểm tra, ${n}`} placeholder="tự động" value={check.id ?? ''} onChange={(e) => props.onChange(key, { ...check, id: e.currentTarget.value })} />
                </label>
                <button type="button" className="remove" aria-label={`Xóa ${n}`} title="Xóa kiểm tra" onClick={() => props.onChange(key, null)}>
                  ✕
                </button>
              </div>
              {messages.length > 0 && (
                <div id={problemId} className="row-problems" role="note">
                  {messages.map((m, i) => (
                    <div key={i}>⚠ {m}</div>
                  ))}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <Button size="xs" variant="light" onClick={props.onAdd}>
        Thêm kiểm tra
      </Button>
    </section>
  );
}

export function TemplateEditor({ source, basedOn, indicators, onCancel, onSaved }: Props) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<EditorState>(() => startFrom(source, basedOn));
  // the latest state, for edits that report what they did (removing a row tells which checks changed)
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  }, [state]);
  const [placed, setPlaced] = useState<PlacedProblems | null>(null);
  const [checkedOk, setCheckedOk] = useState(false);
  const [stale, setStale] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  /** Selectors of the element to focus after the next render, the first that matches. */
  const pendingFocus = useRef<string[] | null>(null);

  const edit = useCallback((change: (s: EditorState) => EditorState) => {
    setState(change);
    setStale(true);
    setCheckedOk(false);
  }, []);

  useEffect(() => {
    if (!pendingFocus.current) return;
    for (const selector of pendingFocus.current) {
      const target = tableRef.current?.querySelector<HTMLElement>(selector);
      if (target) {
        target.focus();
        break;
      }
    }
    pendingFocus.current = null;
  }, [state]);

  const indicatorById = useMemo(() => new Map(indicators.map((i) => [i.id, i])), [indicators]);
  const indicatorOptions = useMemo(() => {
    const byKind = new Map<string, ReactElement[]>();
    for (const kind of KINDS) {
      const areas = new Map<string, IndicatorDto[]>();
      for (const i of indicators.filter((i) => i.kind === kind)) areas.set(i.area, [...(areas.get(i.area) ?? []), i]);
      byKind.set(
        kind,
        [...areas].map(([area, list]) => (
          <optgroup key={area} label={AREA_LABEL[area] ?? area}>
            {list.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name} ({i.id})
              </option>
            ))}
          </optgroup>
        )),
      );
    }
    return byKind;
  }, [indicators]);

  const onChangeRow = useCallback((f: number, r: number, patch: Partial<TemplateRowDraft>) => edit((s) => updateRow(s, f, r, patch)), [edit]);
  const onMove = useCallback(
    (f: number, r: number, delta: -1 | 1, key: string) => {
      // the button pressed keeps the focus while it can move on; at the end of the form, the row's label takes it
      pendingFocus.current = [`[data-row-key="${key}"] button[data-action="${delta < 0 ? 'up' : 'down'}"]:not(:disabled)`, `[data-row-key="${key}"] [data-field="label"]`];
      edit((s) => moveRow(s, f, r, delta));
      setAnnouncement(delta < 0 ? `Đã chuyển dòng ${r + 1} lên vị trí ${r}.` : `Đã chuyển dòng ${r + 1} xuống vị trí ${r + 2}.`);
    },
    [edit],
  );
  const onInsert = useCallback(
    (f: number, r: number) => {
      const { state: next, key } = insertRow(stateRef.current, f, r);
      pendingFocus.current = [`[data-row-key="${key}"] [data-field="label"]`];
      edit(() => next);
      setAnnouncement(`Đã chèn một dòng trống ở vị trí ${r + 2}.`);
    },
    [edit],
  );
  const onRemove = useCallback(
    (f: number, r: number) => {
      const { state: next, changes, rowId, reparented } = removeRow(stateRef.current, f, r);
      const rows = next.forms[f]?.rows ?? [];
      const focusRow = rows[Math.min(r, rows.length - 1)];
      if (focusRow) pendingFocus.current = [`[data-row-key="${focusRow.key}"] [data-field="label"]`];
      edit(() => next);
      const parts = [`Đã xóa dòng ${rowId ?? r + 1}.`];
      if (changes.trimmed > 0) parts.push(`Đã bỏ dòng này khỏi ${changes.trimmed} kiểm tra.`);
      if (changes.removed > 0) parts.push(`Đã xóa ${changes.removed} kiểm tra dựa trên dòng này.`);
      if (reparented > 0) parts.push(`${reparented} dòng con được chuyển sang dòng cha của dòng đã xóa.`);
      setAnnouncement(parts.join(' '));
    },
    [edit],
  );
  const onChangeCheck = useCallback(
    (formIndex: number | null, key: string, check: TemplateCheckDraft | null) =>
      edit((s) => {
        const apply = (list: EditorCheck[]) => (check === null ? list.filter((c) => c.key !== key) : list.map((c) => (c.key === key ? { ...c, check } : c)));
        return formIndex === null ? { ...s, checks: apply(s.checks) } : { ...s, forms: s.forms.map((f, i) => (i === formIndex ? { ...f, checks: apply(f.checks) } : f)) };
      }),
    [edit],
  );
  const onAddCheck = useCallback(
    (formIndex: number | null) =>
      edit((s) => {
        const entry = { key: newKey('check'), check: newCheck('sum') };
        return formIndex === null ? { ...s, checks: [...s.checks, entry] } : { ...s, forms: s.forms.map((f, i) => (i === formIndex ? { ...f, checks: [...f.checks, entry] } : f)) };
      }),
    [edit],
  );

  // problems are placed by the keys of the state that was sent, so edits made meanwhile do not misplace them
  const showProblems = (sent: EditorState, problems: readonly { at: string; message: string }[], ok: boolean) => {
    setPlaced(placeProblems(sent, problems));
    setCheckedOk(ok);
    setStale(false);
    setAnnouncement(ok ? 'Phiên bản hợp lệ: có thể lưu.' : `Có ${problems.length} vấn đề cần sửa.`);
  };

  const check = useMutation({
    mutationFn: (sent: EditorState) => api<TemplateCheckResult>('/api/templates/check', { method: 'POST', body: toDraft(sent) }),
    onMutate: () => setFailure(null),
    onSuccess: (result, sent) => showProblems(sent, result.problems, result.ok),
    onError: (error) => setFailure(errorText(error, 'Không kiểm tra được phiên bản.')),
  });
  const save = useMutation({
    mutationFn: (sent: EditorState) => api<TemplateSummaryDto>('/api/templates', { method: 'POST', body: toDraft(sent) }),
    onMutate: () => setFailure(null),
    onSuccess: async (summary) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.templates() });
      onSaved(summary.id);
    },
    onError: (error, sent) => {
      if (error instanceof ApiError && Array.isArray(error.body['problems'])) {
        const problems = error.body['problems'] as { at: string; message: string }[];
        showProblems(sent, error.status === 409 && problems.every((p) => p.at !== 'id') ? [{ at: 'id', message: error.detail }, ...problems] : problems, false);
      }
      setFailure(errorText(error, 'Không lưu được phiên bản.'));
    },
  });

  const fieldErrors = (field: string) => placed?.fields.get(field) ?? NO_MESSAGES;
  const problemCount = placed ? [...placed.rows.values(), ...placed.checks.values(), ...placed.fields.values()].reduce((n, l) => n + l.length, 0) + placed.other.length : 0;
  const showResponsible = state.family === 'responsible-unit' || state.forms.some((f) => f.rows.some((r) => r.row.responsible));
  const firstProblemRow = placed ? state.forms.flatMap((f) => f.rows).find((r) => placed.rows.has(r.key)) : undefined;

  return (
    <Stack className="template-editor">
      <Title order={3}>Phiên bản mới từ mẫu {basedOn}</Title>
      <Text size="sm">
        Họ mẫu: {FAMILY_LABEL[state.family] ?? state.family}. Phiên bản gốc giữ nguyên: các báo cáo đã lập theo nó không bị ảnh hưởng.
      </Text>
      <div className="version-fields">
        <TextInput
          label="Mã phiên bản"
          description="Chữ thường không dấu, số và dấu gạch ngang; không đổi được sau khi lưu"
          withAsterisk
          value={state.id}
          error={fieldErrors('id').join(' ') || undefined}
          onChange={(e) => {
            const id = e.currentTarget.value;
            edit((s) => ({ ...s, id }));
          }}
        />
        <TextInput
          label="Tên phiên bản"
          withAsterisk
          value={state.name}
          error={fieldErrors('name').join(' ') || undefined}
          onChange={(e) => {
            const name = e.currentTarget.value;
            edit((s) => ({ ...s, name }));
          }}
        />
        <DateField
          label="Hiệu lực từ ngày"
          description="Ngày đầu tiên báo cáo được dùng phiên bản này"
          required
          iso={state.effectiveFrom || null}
          errors={fieldErrors('effectiveFrom')}
          onChange={(iso) => edit((s) => ({ ...s, effectiveFrom: iso ?? '' }))}
        />
        <DateField
          label="Hiệu lực đến ngày"
          description="Để trống nếu còn áp dụng"
          iso={state.effectiveTo}
          errors={fieldErrors('effectiveTo')}
          onChange={(iso) => edit((s) => ({ ...s, effectiveTo: iso }))}
        />
        <TextInput
          label="Tỉnh"
          description="Để trống nếu dùng chung cho mọi tỉnh"
          value={state.province ?? ''}
          error={fieldErrors('province').join(' ') || undefined}
          onChange={(e) => {
            const province = e.currentTarget.value;
            edit((s) => ({ ...s, province }));
          }}
        />
      </div>
      {(fieldErrors('basedOn').length > 0 || fieldErrors('family').length > 0 || fieldErrors('columns').length > 0) && (
        <Alert color="red" title="Phiên bản gốc">
          {[...fieldErrors('basedOn'), ...fieldErrors('family'), ...fieldErrors('columns')].join(' ')}
        </Alert>
      )}

      <div role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </div>

      {placed && (
        <Alert color={checkedOk ? 'green' : 'red'} title={checkedOk ? 'Phiên bản hợp lệ' : `Có ${problemCount} vấn đề cần sửa`}>
          {checkedOk ? (
            <Text size="sm">Không có vấn đề nào. Bấm "Lưu phiên bản" để lưu.</Text>
          ) : (
            <Stack gap={4}>
              <Text size="sm">Mỗi vấn đề được ghi ngay dưới dòng hoặc ô liên quan.</Text>
              {placed.other.map((p, i) => (
                <Text key={i} size="sm">
                  {p.at}: {p.message}
                </Text>
              ))}
              {firstProblemRow && (
                <Button
                  size="xs"
                  variant="subtle"
                  w="fit-content"
                  onClick={() => tableRef.current?.querySelector<HTMLElement>(`[data-row-key="${firstProblemRow.key}"] [data-field="label"]`)?.focus()}
                >
                  Đến dòng đầu tiên có vấn đề
                </Button>
              )}
            </Stack>
          )}
          {stale && (
            <Text size="sm" mt={4} fs="italic">
              Đã sửa sau lần kiểm tra này: bấm "Kiểm tra" để kiểm tra lại.
            </Text>
          )}
        </Alert>
      )}

      <div ref={tableRef}>
        {state.forms.map((form, formIndex) => {
          const formLabel = form.number ? `biểu ${form.number}, ` : '';
          const parentsListId = `parents-${form.key}`;
          return (
            <section key={form.key} className="form-section" aria-label={form.number ? `Biểu mẫu ${form.number}: ${form.title}` : form.title || 'Phụ lục'}>
              <Title order={4}>{form.number ? `Biểu mẫu ${form.number}: ${form.title}` : form.title || 'Phụ lục thống kê số liệu'}</Title>
              <datalist id={parentsListId}>
                {form.rows.map((r) => {
                  const id = localIdOf(r.row);
                  return id ? <option key={r.key} value={id}>{r.row.label}</option> : null;
                })}
              </datalist>
              <div>
                <table className="rows-editor" aria-label={`Các dòng chỉ tiêu${form.number ? ` của biểu ${form.number}` : ''}`}>
                  <thead>
                    <tr>
                      <th scope="col">STT</th>
                      <th scope="col">Mã dòng</th>
                      <th scope="col">Chỉ tiêu thống kê</th>
                      <th scope="col">Đơn vị tính / danh sách mã</th>
                      <th scope="col">Kiểu</th>
                      <th scope="col">Dòng cha</th>
                      <th scope="col">Chỉ tiêu chuẩn</th>
                      <th scope="col">Tính theo kỳ</th>
                      {showResponsible && <th scope="col">Đơn vị thực hiện</th>}
                      <th scope="col">Thao tác</th>
                    </tr>
                  </thead>
                  <tbody>
                    {form.rows.map((entry, rowIndex) => (
                      <RowEditor
                        key={entry.key}
                        entry={entry}
                        formIndex={formIndex}
                        rowIndex={rowIndex}
                        rowCount={form.rows.length}
                        formLabel={formLabel}
                        parentsListId={parentsListId}
                        showResponsible={showResponsible}
                        messages={placed?.rows.get(entry.key) ?? NO_MESSAGES}
                        indicatorOptions={indicatorOptions}
                        indicatorById={indicatorById}
                        onChange={onChangeRow}
                        onMove={onMove}
                        onInsert={onInsert}
                        onRemove={onRemove}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
              <Group>
                <Button size="xs" variant="light" onClick={() => onInsert(formIndex, form.rows.length - 1)}>
                  Thêm dòng vào cuối {form.number ? `biểu ${form.number}` : 'phụ lục'}
                </Button>
              </Group>
              <ChecksEditor
                title={`Kiểm tra giữa các dòng${form.number ? ` của biểu ${form.number}` : ''}`}
                prefix={formLabel}
                checks={form.checks}
                problems={placed?.checks ?? new Map()}
                onChange={(key, c) => onChangeCheck(formIndex, key, c)}
                onAdd={() => onAddCheck(formIndex)}
              />
            </section>
          );
        })}
        {(state.forms.length > 1 || state.checks.length > 0) && (
          <ChecksEditor
            title="Kiểm tra giữa các biểu (mã dòng ghi dạng 3/1.4)"
            prefix="giữa các biểu, "
            checks={state.checks}
            problems={placed?.checks ?? new Map()}
            onChange={(key, c) => onChangeCheck(null, key, c)}
            onAdd={() => onAddCheck(null)}
          />
        )}
      </div>

      <div className="editor-actions">
        <ErrorAlert message={failure} mb="xs" />
        <Group>
          <Button variant="default" loading={check.isPending} onClick={() => check.mutate(state)}>
            Kiểm tra
          </Button>
          <Button loading={save.isPending} onClick={() => save.mutate(state)}>
            Lưu phiên bản
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            Hủy
          </Button>
        </Group>
      </div>
    </Stack>
  );
}
