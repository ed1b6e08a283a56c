/** The narrative in the outline's sections (I–V), prefilled with the headings when empty; autosaved by the page. */
import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { PreviousDto } from '../../api/types.js';
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

/** The outline's sections, empty: a report whose narrative was never written starts from them. */
export const NARRATIVE_OUTLINE: readonly Section[] = OUTLINE;

interface Section {
  heading: string;
  level: number;
  body: string;
}

/**
 * The narrative, held by the report page (so it is autosaved with the cells and kept in the browser until the server
 * has it); "Lưu nội dung" sends it at once.
 */
export function NarrativeEditor({
  sections,
  readOnly,
  onChange,
  saveNow,
  previous,
}: {
  sections: readonly Section[];
  readOnly: boolean;
  onChange(sections: Section[]): void;
  /** Sends what waits now; the message to show. */
  saveNow(): Promise<{ ok: boolean; text: string }>;
  previous: PreviousDto;
}) {
  const previousText = new Map((previous?.narrative ?? []).map((s) => [s.heading.trim().toLowerCase(), s.body]));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const setBody = (i: number, body: string) => {
    setMessage(null);
    onChange(sections.map((x, j) => (j === i ? { ...x, body } : x)));
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
            onChange={(e) => setBody(i, e.currentTarget.value)}
          />
          {!readOnly && previous && previousText.get(s.heading.trim().toLowerCase()) && (
            <Button
              size="compact-xs"
              variant="subtle"
              w="fit-content"
              aria-label={`Chép từ kỳ trước (${periodText(previous.period)}) vào mục ${s.heading}`}
              onClick={() => setBody(i, previousText.get(s.heading.trim().toLowerCase()) ?? '')}
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
      {!readOnly && (
        <Group>
          <Button onClick={() => void saveNow().then(setMessage)}>Lưu nội dung</Button>
          <Text size="sm" c="dimmed">
            Nội dung được tự động lưu khi bạn ngừng gõ.
          </Text>
        </Group>
      )}
    </Stack>
  );
}
