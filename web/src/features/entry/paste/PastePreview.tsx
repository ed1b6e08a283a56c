/**
 * The preview of a block pasted from Excel, placed by meaning on the server (the importer's matcher): which row each
 * line lands on, how its value reads, what is unsure, what could not be placed. The officer can say what each column
 * is, ticks the lines to fill, and applies them: they go through the grid's autosave like typed cells.
 */
import { Alert, Button, Checkbox, Group, Modal, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { Template } from '@core/catalogue/template.js';
import { api, errorText } from '../../../api/client.js';
import type { PastePlacementDto, PastedLineDto } from '../../../api/types.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { Loading } from '../../../components/Loading.js';
import { rowTitle } from '../../../shared/labels.js';

type Role = PastePlacementDto['columns'][number]['role'];

const ROLE_LABEL: Record<Role, string> = {
  code: 'STT',
  label: 'Chỉ tiêu',
  unit: 'Đơn vị tính',
  value: 'Số liệu',
  note: 'Ghi chú',
  aside: 'Đưa vào ghi chú',
  ignore: 'Bỏ qua',
};

export interface PasteChange {
  rowId: string;
  raw?: string;
  note?: string;
}

/** Asks the server where a paste lands (the roles: the officer's choice of what each column is). */
export function fetchPlacement(reportId: string, text: string, form: string | null, roles?: readonly Role[]): Promise<PastePlacementDto> {
  return api<PastePlacementDto>(`/api/reports/${reportId}/paste-preview`, { method: 'POST', body: { text, form, ...(roles ? { roles } : {}) } });
}

/** The changes a line makes: its value when it has one, its note when it has one (never an empty cell over a figure). */
export function changeOf(line: PastedLineDto): PasteChange | null {
  if (!line.rowId || !line.writes) return null;
  return { rowId: line.rowId, ...(line.value !== '' ? { raw: line.value } : {}), ...(line.note !== '' ? { note: line.note } : {}) };
}

function Status({ line }: { line: PastedLineDto }) {
  if (!line.rowId) return <Text c="red">Không dán: {line.problem}</Text>;
  if (line.problem) return <Text c="dimmed">{line.problem}</Text>;
  const parts: string[] = [];
  if (line.unsure) parts.push(`Khớp chưa chắc chắn (${Math.round(line.confidence * 100)}%), hãy kiểm tra dòng đích`);
  if (line.reading?.severity === 'error') parts.push(`Lỗi: ${line.reading.message}`);
  else if (line.reading?.severity === 'warning') parts.push(`Chưa chắc chắn: ${line.reading.message}`);
  if (parts.length === 0) return <Text c="green">Khớp</Text>;
  return <Text c={line.reading?.severity === 'error' ? 'red' : 'orange'}>{parts.join('. ')}</Text>;
}

export function PastePreview(props: {
  reportId: string;
  template: Template;
  /** The first answer of the server, for the text pasted. */
  initial: PastePlacementDto;
  text: string;
  form: string | null;
  onApply(changes: PasteChange[]): void;
  onClose(): void;
}) {
  const { reportId, template, text, form } = props;
  const [placement, setPlacement] = useState(props.initial);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<number>>(() => defaultChoice(props.initial));
  const rows = useMemo(() => new Map(template.rows.map((r) => [r.id, r])), [template]);

  const setRole = async (index: number, role: Role) => {
    const roles = placement.columns.map((c) => (c.index === index ? role : c.role));
    setLoading(true);
    setError(null);
    try {
      const next = await fetchPlacement(reportId, text, form, roles);
      setPlacement(next);
      setChosen(defaultChoice(next));
    } catch (e) {
      setError(errorText(e, 'Không đọc lại được khối đã dán.'));
    } finally {
      setLoading(false);
    }
  };
  const changes = placement.lines.flatMap((l, i) => (chosen.has(i) ? [changeOf(l)].filter((c): c is PasteChange => c !== null) : []));
  const unplaced = placement.lines.filter((l) => !l.rowId).length;

  return (
    <Modal opened onClose={props.onClose} title="Dán từ Excel: xem trước" size="90%">
      <Stack>
        <Text size="sm">
          {placement.lines.length} dòng đã dán{placement.header ? ' (dòng đầu là tiêu đề cột)' : ''}: {placement.lines.filter((l) => l.writes).length}{' '}
          dòng điền được, {unplaced} dòng không khớp chỉ tiêu nào. Chọn các dòng cần điền rồi bấm «Điền vào báo cáo».
        </Text>
        <Group gap="xs" aria-label="Vai trò các cột">
          {placement.columns.map((c) => (
            <NativeSelect
              key={c.index}
              size="xs"
              label={`Cột ${c.index + 1}${c.caption ? ` (${c.caption})` : ''}`}
              value={c.role}
              disabled={loading}
              onChange={(e) => void setRole(c.index, e.currentTarget.value as Role)}
              data={(Object.keys(ROLE_LABEL) as Role[]).map((r) => ({ value: r, label: ROLE_LABEL[r] }))}
            />
          ))}
        </Group>
        {placement.notices.map((n) => (
          <Alert key={n} color="orange" p="xs">
            {n}
          </Alert>
        ))}
        {placement.problem && (
          <Alert color="red" role="alert" title="Không dán được">
            {placement.problem}
          </Alert>
        )}
        <ErrorAlert message={error} />
        {loading ? (
          <Loading label="Đang đọc lại khối đã dán" />
        ) : (
          placement.lines.length > 0 && (
            <Table striped withTableBorder aria-label="Các dòng đã dán và dòng đích" fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Điền</Table.Th>
                  <Table.Th scope="col">Dòng dán</Table.Th>
                  <Table.Th scope="col">Nội dung đã dán</Table.Th>
                  <Table.Th scope="col">Vào dòng của mẫu</Table.Th>
                  <Table.Th scope="col">Số liệu</Table.Th>
                  <Table.Th scope="col">Ghi chú</Table.Th>
                  <Table.Th scope="col">Tình trạng</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {placement.lines.map((line, i) => {
                  const row = line.rowId ? rows.get(line.rowId) : undefined;
                  return (
                    <Table.Tr key={i} data-pasted-line={line.line}>
                      <Table.Td>
                        <Checkbox
                          aria-label={`Điền dòng dán ${line.line}`}
                          checked={chosen.has(i)}
                          disabled={!line.writes}
                          onChange={(e) => {
                            const on = e.currentTarget.checked;
                            setChosen((current) => {
                              const next = new Set(current);
                              if (on) next.add(i);
                              else next.delete(i);
                              return next;
                            });
                          }}
                        />
                      </Table.Td>
                      <Table.Td>{line.line}</Table.Td>
                      <Table.Td>{[line.code, line.label].filter((x) => x).join(' ')}</Table.Td>
                      <Table.Td>{row ? rowTitle(row) : '—'}</Table.Td>
                      <Table.Td>
                        {line.value}
                        {line.reading?.shown && line.reading.severity === null && (
                          <Text size="xs" c="dimmed">
                            {line.reading.shown}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{line.note}</Table.Td>
                      <Table.Td>
                        <Status line={line} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          )
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={props.onClose}>
            Hủy
          </Button>
          <Button
            disabled={changes.length === 0 || loading}
            onClick={() => {
              props.onApply(changes);
              props.onClose();
            }}
          >
            Điền vào báo cáo ({changes.length} dòng)
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Lines ticked at first: those that write and whose match is sure. */
function defaultChoice(placement: PastePlacementDto): Set<number> {
  return new Set(placement.lines.flatMap((l, i) => (l.writes && !l.unsure ? [i] : [])));
}
