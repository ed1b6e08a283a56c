/**
 * Where an imported cell came from, on the cell itself: a small "nguồn" marker that opens a popover with the file, the
 * place in it (page, sheet and cell, table, row and column, or line), the first characters of the file's SHA-256, and
 * whether the import flagged the value doubtful or a person changed it before saving. Nothing is shown for a cell
 * typed in the browser (no provenance).
 *
 * In a grid: `<CellProvenance provenance={report.provenance?.find((p) => p.rowId === row.id)} />`.
 */
import { Popover, Text, UnstyledButton } from '@mantine/core';
import { describeLocation, type CellProvenanceDto } from '@shared/provenance-schemas.js';

const FORMAT_LABEL: Record<string, string> = { text: 'văn bản', docx: 'Word (.docx)', xlsx: 'Excel (.xlsx)', pdf: 'PDF' };

/** The file's own name (an archive's entry: "luu-tru.zip/2023/bao-cao.docx" → "bao-cao.docx"), and the archive path. */
function fileParts(file: string): { name: string; path: string | null } {
  const name = file.split('/').pop() ?? file;
  return { name, path: name === file ? null : file };
}

export function provenanceText(p: CellProvenanceDto): string {
  const where = p.at.map(describeLocation).filter(Boolean).join('; ');
  return [p.file ? `Nhập từ tệp ${fileParts(p.file).name}` : 'Nhập từ tệp', where].filter(Boolean).join(', ');
}

export function CellProvenance({ provenance }: { provenance: CellProvenanceDto | undefined }) {
  if (!provenance) return null;
  const p = provenance;
  const file = p.file ? fileParts(p.file) : null;
  const where = p.at.map(describeLocation).filter(Boolean);
  const label = `Nguồn của ô: ${provenanceText(p)}${p.doubtful ? ' (chưa chắc chắn khi nhập)' : ''}${p.edited ? ' (đã sửa khi duyệt)' : ''}`;
  return (
    <Popover width={320} position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <UnstyledButton
          className="cell-provenance"
          aria-label={label}
          data-doubtful={p.doubtful || undefined}
          style={{
            fontSize: 11,
            lineHeight: 1,
            padding: '2px 4px',
            borderRadius: 4,
            border: `1px solid ${p.doubtful ? 'var(--mantine-color-orange-6)' : 'var(--mantine-color-gray-5)'}`,
            color: p.doubtful ? 'var(--mantine-color-orange-9)' : 'var(--mantine-color-gray-7)',
            whiteSpace: 'nowrap',
          }}
        >
          {p.doubtful ? 'nguồn ?' : 'nguồn'}
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="sm" fw={600}>
          Nhập từ tệp {file?.name ?? '(không rõ tên)'}
        </Text>
        {file?.path && (
          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
            {file.path}
          </Text>
        )}
        <Text size="sm" mt={4}>
          Vị trí: {where.length > 0 ? where.join('; ') : 'không rõ'}
          {p.format ? ` (${FORMAT_LABEL[p.format] ?? p.format})` : ''}
        </Text>
        {p.sha256 && (
          <Text size="xs" c="dimmed" title={p.sha256}>
            Mã tệp (SHA-256): {p.sha256.slice(0, 12)}…
          </Text>
        )}
        {p.doubtful && (
          <Text size="sm" c="orange.9" mt={4}>
            Khi nhập, giá trị này được đánh dấu chưa chắc chắn (cần kiểm tra).
          </Text>
        )}
        {p.edited && (
          <Text size="sm" mt={4}>
            Giá trị đã được sửa khi duyệt, khác với trong tệp.
          </Text>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
