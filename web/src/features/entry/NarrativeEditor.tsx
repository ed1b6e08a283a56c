/** The narrative in the outline's sections (I–V), prefilled with the headings when empty. */
import { Alert, Button, Stack, Textarea } from '@mantine/core';
import { useState } from 'react';
import { api, errorText } from '../../api/client.js';
import type { PreviousDto, ReportDto } from '../../api/types.js';
import { periodText } from '../../shared/labels.js';

const OUTLINE = [
  'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH',
  'II. KẾT QUẢ THỰC HIỆN CÔNG TÁC CẢI CÁCH HÀNH CHÍNH',
  '1. Cải cách thể chế',
  '2. Cải cách thủ tục hành chính',
  '3. Cải cách tổ chức bộ máy',
  '4. Cải cách chế độ công vụ',
  '5. Cải cách tài chính công',
  '6. Xây dựng và phát triển Chính quyền điện tử, Chính quyền số',
  'III. ĐÁNH GIÁ CHUNG',
  'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI',
  'V. KIẾN NGHỊ, ĐỀ XUẤT',
].map((heading) => ({ heading, level: /^[IVX]+\./u.test(heading) ? 1 : 2, body: '' }));

export function NarrativeEditor({
  report,
  readOnly,
  onSaved,
  previous,
}: {
  report: ReportDto;
  readOnly: boolean;
  onSaved(r: ReportDto): void;
  previous: PreviousDto;
}) {
  const previousText = new Map((previous?.narrative ?? []).map((s) => [s.heading.trim().toLowerCase(), s.body]));
  const [sections, setSections] = useState(report.narrative.length > 0 ? report.narrative : OUTLINE);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async () => {
    try {
      const saved = await api<ReportDto>(`/api/reports/${report.id}/narrative`, { method: 'PUT', body: { version: report.version, sections } });
      onSaved(saved);
      setMessage({ ok: true, text: 'Đã lưu nội dung báo cáo.' });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e, 'Lưu không thành công.') });
    }
  };
  return (
    <Stack>
      {sections.map((s, i) => (
        <Stack key={s.heading} gap={4}>
          <Textarea
            label={s.heading}
            autosize
            minRows={s.level === 1 ? 2 : 3}
            readOnly={readOnly}
            value={s.body}
            onChange={(e) => {
              const body = e.currentTarget.value;
              setSections((current) => current.map((x, j) => (j === i ? { ...x, body } : x)));
            }}
          />
          {!readOnly && previous && previousText.get(s.heading.trim().toLowerCase()) && (
            <Button
              size="compact-xs"
              variant="subtle"
              w="fit-content"
              aria-label={`Chép từ kỳ trước (${periodText(previous.period)}) vào mục ${s.heading}`}
              onClick={() => {
                const body = previousText.get(s.heading.trim().toLowerCase()) ?? '';
                setSections((current) => current.map((x, j) => (j === i ? { ...x, body } : x)));
              }}
            >
              Chép từ kỳ trước ({periodText(previous.period)})
            </Button>
          )}
        </Stack>
      ))}
      {message && (
        <Alert color={message.ok ? 'green' : 'red'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </Alert>
      )}
      {!readOnly && <Button onClick={() => void save()}>Lưu nội dung</Button>}
    </Stack>
  );
}
