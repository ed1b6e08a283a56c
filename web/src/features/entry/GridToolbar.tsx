/**
 * Above the grid: search by code or words (with or without diacritics), a filter (rows with findings, empty rows, not
 * yet saved, different from the previous period), a section, and the counts: rows in view and "96/121 dòng đã nhập".
 * Keyboard: Enter in the search goes to the first row found, Escape clears it; the filter is a radio group (arrows).
 */
import { Group, NativeSelect, Text, TextInput } from '@mantine/core';
import type { GridFilter, GridView, Section } from './grid-filter.js';

const FILTER_LABEL: Record<GridFilter, string> = {
  all: 'Tất cả',
  findings: 'Có lỗi, cảnh báo',
  empty: 'Chưa nhập',
  unsaved: 'Chưa lưu',
  'changed-previous': 'Khác kỳ trước',
};

export interface GridQuery {
  search: string;
  filter: GridFilter;
  section: string | null;
}

export function GridToolbar(props: {
  query: GridQuery;
  view: GridView;
  sections: readonly Section[];
  /** Whether the agency's history is known (the "different from the previous period" filter needs it). */
  hasHistory: boolean;
  onChange(query: GridQuery): void;
  /** Focus the first row in view (Enter in the search box). */
  onFirst(): void;
}) {
  const { query, view } = props;
  const filters = (Object.keys(FILTER_LABEL) as GridFilter[]).filter((f) => f !== 'changed-previous' || props.hasHistory || query.filter === f);
  const shown = view.visible.size;
  return (
    <Group className="no-print grid-toolbar" gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        type="search"
        label="Tìm dòng"
        placeholder="Mã (3.1) hoặc từ trong tên chỉ tiêu"
        value={query.search}
        w={280}
        onChange={(e) => props.onChange({ ...query, search: e.currentTarget.value })}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            props.onFirst();
          } else if (e.key === 'Escape' && query.search !== '') {
            e.preventDefault();
            props.onChange({ ...query, search: '' });
          }
        }}
      />
      <div>
        <Text size="sm" fw={500} id="grid-filter-label" mb={2}>
          Lọc dòng
        </Text>
        {/* native radios (arrow keys move between them): a segmented control's moving indicator measures the page's
            layout at every count change, which with a 200-row grid below costs more than the grid itself */}
        <div role="radiogroup" aria-labelledby="grid-filter-label" className="grid-filter">
          {filters.map((f) => (
            <label key={f} className={query.filter === f ? 'active' : undefined}>
              <input
                type="radio"
                name="grid-filter"
                value={f}
                checked={query.filter === f}
                onChange={() => props.onChange({ ...query, filter: f })}
              />
              <span>{`${FILTER_LABEL[f]} (${view.counts[f]})`}</span>
            </label>
          ))}
        </div>
      </div>
      {props.sections.length > 1 && (
        <NativeSelect
          label="Phần"
          size="sm"
          w={260}
          value={query.section ?? ''}
          onChange={(e) => props.onChange({ ...query, section: e.currentTarget.value || null })}
          data={[{ value: '', label: 'Tất cả các phần' }, ...props.sections.map((s) => ({ value: s.key, label: s.label.slice(0, 90) }))]}
        />
      )}
      <Text size="sm" role="status" aria-live="polite" data-testid="grid-count">
        {shown === view.counts.all && query.filter === 'all' && query.search === '' && query.section === null
          ? `${shown} dòng`
          : `Đang hiện ${shown} dòng`}{' '}
        · {view.progress.filled}/{view.progress.total} dòng đã nhập
      </Text>
    </Group>
  );
}
