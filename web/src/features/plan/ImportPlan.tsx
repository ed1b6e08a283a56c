/**
 * The Sở Nội vụ's import of a plan file (CSV or XLSX, the template of docs/plan.md): all the tasks are added, or none,
 * with every problem of every row listed (line, column, what is wrong). The template can be downloaded as CSV.
 */
import { Alert, Anchor, Button, FileButton, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import { IMPORT_TEMPLATE_HEADER } from '@core/plan/plan-import.js';
import { errorText } from '../../api/client.js';
import type { PlanDto } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { importPlan, importProblemsOf, type ImportProblem } from './plan-api.js';

/** The template as a CSV (UTF-8 with its byte-order mark, so Excel reads the tones), with two example rows. */
export function templateCsv(year: number): string {
  const rows = [
    [...IMPORT_TEMPLATE_HEADER],
    ['1', 'Rà soát, đơn giản hóa thủ tục hành chính', 'Cải cách thủ tục hành chính', 'Sở Tư pháp', `30/06/${year}`, 'Phương án đơn giản hóa', 'Tỉnh'],
    [
      '2',
      'Triển khai chữ ký số cho công chức',
      'Chính quyền số',
      'Sở Khoa học và Công nghệ',
      `30/09/${year}`,
      '100% công chức có chữ ký số',
      'Cơ quan',
    ],
  ];
  return `\uFEFF${rows.map((r) => r.map((c) => (/[",\n]/u.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\r\n')}\r\n`;
}

export function ImportPlan({ plan, onClose, onImported }: { plan: PlanDto; onClose(): void; onImported(plan: PlanDto, created: number): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<ImportProblem[]>([]);
  const template = useMemo(() => URL.createObjectURL(new Blob([templateCsv(plan.year)], { type: 'text/csv;charset=utf-8' })), [plan.year]);
  const send = async (file: File) => {
    setBusy(true);
    setError(null);
    setProblems([]);
    try {
      const { created, plan: updated } = await importPlan(plan.id, file);
      onImported(updated, created);
    } catch (e) {
      setError(errorText(e, 'Không nhập được tệp kế hoạch.'));
      setProblems(importProblemsOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title="Nhập kế hoạch từ tệp" size="xl">
      <Stack>
        <Text size="sm">
          Tệp CSV (UTF-8) hoặc Excel (.xlsx) có dòng tiêu đề với các cột: {IMPORT_TEMPLATE_HEADER.join(', ')}. Cột Lĩnh vực ghi tên lĩnh vực CCHC;
          dòng chỉ có tên lĩnh vực (ví dụ "II. CẢI CÁCH THỂ CHẾ") áp dụng cho các dòng bên dưới. Thời hạn ghi dạng ngày/tháng/năm hoặc "Thường xuyên".
          Cột Thuộc kế hoạch ghi "Tỉnh" hoặc "Cơ quan". Nếu có lỗi, không nhiệm vụ nào được nhập.
        </Text>
        <Group>
          <Anchor href={template} download={`mau-ke-hoach-cchc-${plan.year}.csv`}>
            Tải tệp mẫu (CSV)
          </Anchor>
          <FileButton onChange={(file) => file && void send(file)} accept=".csv,.xlsx">
            {(props) => (
              <Button {...props} loading={busy}>
                Chọn tệp kế hoạch
              </Button>
            )}
          </FileButton>
        </Group>
        <ErrorAlert message={error} />
        {problems.length > 0 && (
          <Alert color="red" variant="outline" title={`Các lỗi trong tệp (${problems.length})`}>
            <Table aria-label="Lỗi trong tệp kế hoạch">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Dòng</Table.Th>
                  <Table.Th>Cột</Table.Th>
                  <Table.Th>Lỗi</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {problems.map((p, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{p.line ?? ''}</Table.Td>
                    <Table.Td>{p.column ?? ''}</Table.Td>
                    <Table.Td>{p.messageVi}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Alert>
        )}
      </Stack>
    </Modal>
  );
}
