/**
 * The agencies' texts of the section in hand, side by side: searched by words, filtered by agency kind, each marked
 * when it changed since the agency's previous report; "Chèn đoạn trích" inserts the selected part of a text (or all
 * of it) into the section at the cursor.
 */
import { Badge, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { AGENCY_KIND_LABEL, REPORTING_AGENCY_KINDS } from '@shared/agency-kinds.js';
import { errorText } from '../../api/client.js';
import { useProvinceSources } from '../../api/queries.js';
import type { ProvinceSourceDto } from '../../api/types.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Loading } from '../../components/Loading.js';
import { excerptOf, sourcesQuery } from './composing.js';

const KINDS = REPORTING_AGENCY_KINDS.map((value) => ({ value, label: AGENCY_KIND_LABEL[value] }));
const kindLabel = (kind: string) => (AGENCY_KIND_LABEL as Record<string, string>)[kind] ?? kind;

function ChangeBadge({ changed }: { changed: boolean | null }) {
  if (changed === null)
    return (
      <Badge variant="light" color="gray">
        Chưa có báo cáo kỳ trước
      </Badge>
    );
  return changed ? (
    <Badge variant="filled" color="orange">
      Đã thay đổi so với kỳ trước
    </Badge>
  ) : (
    <Badge variant="light" color="teal">
      Không đổi so với kỳ trước
    </Badge>
  );
}

function SourceCard({
  source,
  sectionHeading,
  canInsert,
  onInsert,
}: {
  source: ProvinceSourceDto;
  sectionHeading: string;
  canInsert: boolean;
  onInsert(text: string): void;
}) {
  const textRef = useRef<HTMLDivElement>(null);
  // the part of this text the person selected (kept: clicking the button may move the selection)
  const [selected, setSelected] = useState('');
  const remember = () => {
    const selection = window.getSelection();
    const node = textRef.current;
    if (!selection || !node || selection.rangeCount === 0 || !node.contains(selection.anchorNode) || !node.contains(selection.focusNode))
      return setSelected('');
    setSelected(selection.toString());
  };
  const excerpt = excerptOf(source.text, selected);
  const partial = excerpt !== source.text.trim();
  return (
    <Paper
      withBorder
      p="sm"
      component="article"
      aria-label={`${source.agencyName}: ${sectionHeading}`}
      className={source.changedSincePrevious ? 'province-source changed' : 'province-source'}
    >
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text fw={600} size="sm">
            {source.agencyName}
          </Text>
          <Badge variant="outline" color="gray">
            {kindLabel(source.agencyKind)}
          </Badge>
        </Group>
        <Group gap="xs">
          <ChangeBadge changed={source.changedSincePrevious} />
          {source.status === 'submitted' && (
            <Badge variant="light" color="yellow">
              Đã nộp, chưa duyệt
            </Badge>
          )}
        </Group>
        {source.headings.length > 0 && (
          <Text size="xs" c="dimmed">
            Mục của đơn vị: {source.headings.join('; ')}
          </Text>
        )}
        <div
          ref={textRef}
          className="province-source-text"
          onMouseUp={remember}
          onKeyUp={remember}
          tabIndex={0}
          role="document"
          aria-label={`Nội dung của ${source.agencyName}`}
        >
          {source.text}
        </div>
        {canInsert && (
          <Button
            size="compact-sm"
            variant="light"
            w="fit-content"
            aria-label={`Chèn đoạn trích của ${source.agencyName}${partial ? ' (phần đã chọn)' : ''}`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              onInsert(excerpt);
              setSelected('');
            }}
          >
            {partial ? 'Chèn đoạn đã chọn' : 'Chèn đoạn trích'}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

export function SourcesPanel({
  roundId,
  section,
  sectionHeading,
  canInsert,
  onInsert,
}: {
  roundId: string;
  section: string;
  sectionHeading: string;
  canInsert: boolean;
  onInsert(source: ProvinceSourceDto, text: string): void;
}) {
  const [kind, setKind] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setDebounced(search), 300);
    return () => clearTimeout(t);
  }, [search]);
  const sources = useProvinceSources(roundId, sourcesQuery(section, kind, debounced));
  const list = sources.data?.section === section ? sources.data.sources : [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="province-sources-title">
      <Title order={3} size="h5" id="province-sources-title">
        Nội dung các đơn vị — {sectionHeading}
      </Title>
      <Group gap="xs" align="end" wrap="nowrap">
        <TextInput
          label="Tìm trong nội dung"
          placeholder="Từ khóa, ví dụ: dịch vụ công"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Select label="Loại đơn vị" placeholder="Tất cả" clearable data={KINDS} value={kind} onChange={setKind} w={170} />
      </Group>
      {sources.isLoading && <Loading size="sm" label="Đang tải nội dung các đơn vị" />}
      <ErrorAlert message={sources.error ? errorText(sources.error, 'Không tải được nội dung các đơn vị.') : null} />
      {sources.data && (
        <Text size="sm" role="status" aria-live="polite">
          {list.length === 0
            ? 'Không có đơn vị nào có nội dung cho mục này' + (debounced.trim() || kind ? ' theo điều kiện lọc.' : '.')
            : `${list.length} đơn vị có nội dung cho mục này.`}
        </Text>
      )}
      <div className="province-sources">
        {list.map((s) => (
          <SourceCard key={s.reportId} source={s} sectionHeading={sectionHeading} canInsert={canInsert} onInsert={(text) => onInsert(s, text)} />
        ))}
      </div>
    </Stack>
  );
}
