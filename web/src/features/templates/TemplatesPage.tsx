/**
 * Template versions (/templates): the stored versions, newest first; one chosen shows its rows; an admin starts a
 * new version from it ("Tạo phiên bản mới từ mẫu này") in the editor. A stored version is never edited in place.
 */
import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { kindFromUnit } from '@core/catalogue/unit.js';
import type { TemplateSourceDto } from '@shared/template-schemas.js';
import { useTemplateIndicators, useTemplates, useTemplateSource } from '../../api/queries.js';
import { Loading } from '../../components/Loading.js';
import { dateText } from '../../shared/labels.js';
import { useSession } from '../auth/session.js';
import { TemplateEditor } from './TemplateEditor.js';
import { FAMILY_LABEL, KIND_LABEL } from './template-labels.js';
import './templates.css';

function VersionRows({ source }: { source: TemplateSourceDto }) {
  return (
    <div>
      <table className="rows-view" aria-label={`Các dòng của phiên bản ${source.id}`}>
        <thead>
          <tr>
            <th scope="col">STT</th>
            <th scope="col">Chỉ tiêu thống kê</th>
            <th scope="col">Đơn vị tính</th>
            <th scope="col">Kiểu</th>
            <th scope="col">Chỉ tiêu chuẩn</th>
          </tr>
        </thead>
        <tbody>
          {source.forms.flatMap((form, f) => [
            ...(form.number ? [
              <tr key={`form-${f}`}>
                <th colSpan={5} scope="colgroup" style={{ textAlign: 'left', background: '#e8eef7' }}>
                  Biểu mẫu {form.number}: {form.title}
                </th>
              </tr>,
            ] : []),
            ...form.rows.map((row, r) => (
              <tr key={`${f}-${r}`}>
                <td>{row.code ?? ''}</td>
                <td>{row.label}</td>
                <td>{row.unit ?? ''}</td>
                <td>{KIND_LABEL[row.kind ?? kindFromUnit(row.unit ?? '').type]}</td>
                <td>{row.indicator ?? ''}</td>
              </tr>
            )),
          ])}
        </tbody>
      </table>
    </div>
  );
}

export function TemplatesPage() {
  const { actor } = useSession();
  const isAdmin = actor?.role === 'admin';
  const templates = useTemplates();
  const indicators = useTemplateIndicators();
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  // a stored version never changes: its source can be kept for good
  const source = useTemplateSource(selected);
  const chosen = templates.data?.find((t) => t.id === selected);

  if (editing && selected && source.data && indicators.data) {
    return (
      <TemplateEditor
        key={selected}
        source={source.data}
        basedOn={selected}
        indicators={indicators.data}
        onCancel={() => setEditing(false)}
        onSaved={(id) => {
          setEditing(false);
          setSelected(id);
          setSaved(id);
          window.scrollTo({ top: 0 });
        }}
      />
    );
  }

  return (
    <Stack>
      <Title order={2}>Mẫu báo cáo</Title>
      <Text size="sm">
        Mỗi phiên bản mẫu là một bộ dòng chỉ tiêu và kiểm tra, có ngày hiệu lực. Báo cáo luôn giữ phiên bản đã dùng khi lập; muốn thay đổi mẫu thì tạo phiên bản mới từ phiên bản cũ.
      </Text>
      {saved && (
        <Alert color="green" title="Đã lưu phiên bản mới" withCloseButton closeButtonLabel="Đóng thông báo" onClose={() => setSaved(null)}>
          Phiên bản {saved} đã được lưu và có thể dùng để mở đợt báo cáo.
        </Alert>
      )}
      {templates.isLoading ? (
        <Loading label="Đang tải danh sách mẫu" />
      ) : templates.isError ? (
        <Alert color="red">Không tải được danh sách mẫu báo cáo.</Alert>
      ) : (
        <Table withTableBorder className="template-list" aria-label="Các phiên bản mẫu báo cáo">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Tên phiên bản</Table.Th>
              <Table.Th>Mã</Table.Th>
              <Table.Th>Họ mẫu</Table.Th>
              <Table.Th>Hiệu lực</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(templates.data ?? []).map((t) => (
              <Table.Tr key={t.id} className={t.id === selected ? 'selected' : undefined}>
                <Table.Td>
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    aria-pressed={t.id === selected}
                    aria-label={`Chọn phiên bản ${t.name}`}
                    onClick={() => {
                      setSelected(t.id);
                      setEditing(false);
                    }}
                    styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
                    h="auto"
                  >
                    {t.name}
                  </Button>
                </Table.Td>
                <Table.Td>{t.id}</Table.Td>
                <Table.Td>{FAMILY_LABEL[t.family] ?? t.family}</Table.Td>
                <Table.Td>
                  {dateText(t.effectiveFrom)} – {t.effectiveTo ? dateText(t.effectiveTo) : <Badge variant="light">đang áp dụng</Badge>}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      {selected && (
        <section aria-label={`Phiên bản ${selected}`}>
          <Stack>
            <Title order={3}>{chosen?.name ?? selected}</Title>
            <Group>
              {isAdmin ? (
                <Button onClick={() => setEditing(true)} disabled={!source.data || !indicators.data} loading={source.isLoading || indicators.isLoading}>
                  Tạo phiên bản mới từ mẫu này
                </Button>
              ) : (
                <Text size="sm">Chỉ quản trị viên được tạo phiên bản mẫu mới.</Text>
              )}
            </Group>
            {source.isLoading ? (
              <Loading label="Đang tải các dòng của phiên bản" />
            ) : source.isError ? (
              <Alert color="red">Không tải được phiên bản {selected}.</Alert>
            ) : source.data ? (
              <>
                <Text size="sm">
                  {source.data.forms.reduce((n, f) => n + f.rows.length, 0)} dòng,{' '}
                  {source.data.forms.reduce((n, f) => n + (f.checks?.length ?? 0), 0) + (source.data.checks?.length ?? 0)} kiểm tra
                  {source.data.province ? `, tỉnh ${source.data.province}` : ''}.
                </Text>
                <VersionRows source={source.data} />
              </>
            ) : null}
          </Stack>
        </section>
      )}
    </Stack>
  );
}
