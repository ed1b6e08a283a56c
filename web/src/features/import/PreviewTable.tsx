/**
 * The rows read from an uploaded report, in the document's order: code, label, unit, the value cell as printed
 * (editable, vi-VN), the value it is read as, the note (editable) and how sure the reading is. Rows with findings are
 * tinted like the entry grid; unsure readings and rows the template does not have are marked, in words as well as
 * colour. Editing a cell confirms it.
 */
import { memo } from 'react';
import type { ValueKind } from '@core/catalogue/template.js';
import type { Finding } from '@core/checks/finding.js';
import { parseCell } from '@core/values/cell-grammar.js';
import { formatNumber } from '@core/values/number-format.js';
import { FindingNotes } from '../../components/FindingNotes.js';
import { findingsByFirstRow, worstSeverity } from '../../components/findings.js';
import { rowTitle } from '../../shared/labels.js';
import type { ImportedRowDto } from './import-api.js';

export interface PreviewCell {
  raw: string;
  note: string;
  edited: boolean;
}

/** What a flag on a reading means, for the officer checking it. */
const FLAG_HINT: Record<string, string> = {
  'several-numbers': 'Ô có nhiều số, đã lấy số đầu tiên',
  'dot-decimal': 'Dấu chấm được hiểu là dấu thập phân',
  'en-us-separators': 'Số viết theo kiểu tiếng Anh (1,234,567)',
  'ambiguous-separator': 'Dấu phẩy có thể là phân cách hàng nghìn',
  fraction: 'Viết dạng phân số, đã lấy tử số',
  'fraction-ratio': 'Tỷ lệ tính từ phân số',
  'words-moved-to-note': 'Phần chữ đã chuyển sang ghi chú',
  'text-in-number-row': 'Dòng cần số nhưng ô chỉ có chữ',
  'number-too-large': 'Số quá lớn (quá nhiều chữ số): giữ như chữ',
  'code-from-label': 'Mã lấy theo tên lựa chọn',
  'low-confidence-match': 'Chưa chắc đúng dòng của mẫu',
  'unmapped-row': 'Mẫu báo cáo không có dòng này: sẽ không được lưu',
  'page-split-joined': 'Dòng bị ngắt trang đã được nối lại',
};

const STATUS_TEXT = { reported: '', 'not-reported': 'Không báo cáo', text: 'Chỉ có chữ' } as const;

function readAs(raw: string, kind: ValueKind): string {
  const parsed = parseCell(raw, kind);
  if (parsed.status !== 'reported' || parsed.value === null) return STATUS_TEXT[parsed.status];
  return `${formatNumber(parsed.value)}${kind.type === 'percent' ? '%' : ''}`;
}

const PreviewRow = memo(function PreviewRow(props: {
  index: number;
  row: ImportedRowDto;
  kind: ValueKind;
  cell: PreviewCell;
  findings: readonly Finding[];
  onChange(index: number, change: { raw?: string; note?: string }): void;
}) {
  const { row, cell } = props;
  const name = rowTitle(row);
  const worst = worstSeverity(props.findings);
  const unsure = row.unsure && !cell.edited;
  const classes = [worst ? `finding-${worst}` : '', row.rowId === null ? 'import-unmapped' : unsure ? 'import-unsure' : ''].filter(Boolean).join(' ');
  const hints = row.flags.map((f) => FLAG_HINT[f]).filter((h): h is string => !!h);
  return (
    <tr className={classes || undefined} data-row={row.rowId ?? ''}>
      <td className="code">{row.code ?? ''}</td>
      <td className="label">
        {row.label}
        <FindingNotes findings={props.findings} />
      </td>
      <td className="unit">{row.unit}</td>
      <td className="value">
        <input
          aria-label={`Số liệu: ${name}`}
          value={cell.raw}
          readOnly={row.rowId === null}
          inputMode={props.kind.type === 'text' ? 'text' : 'decimal'}
          onChange={(e) => props.onChange(props.index, { raw: e.currentTarget.value })}
        />
        {hints.length > 0 && !cell.edited && <div className="import-hint">{hints.join('; ')}</div>}
      </td>
      <td className="read-as">{readAs(cell.raw, props.kind)}</td>
      <td className="note">
        <input
          aria-label={`Ghi chú: ${name}`}
          value={cell.note}
          readOnly={row.rowId === null}
          onChange={(e) => props.onChange(props.index, { note: e.currentTarget.value })}
        />
      </td>
      <td className="confidence">
        {cell.edited ? 'Đã sửa' : `${Math.round(row.confidence * 100)}%`}
        {unsure && <div className="import-unsure-label">{row.rowId === null ? 'Không có trong mẫu' : 'Cần kiểm tra'}</div>}
      </td>
    </tr>
  );
});

/** One empty list for every row without findings, so their memoised rows stay as they are. */
const NO_FINDINGS: readonly Finding[] = [];

export function PreviewTable(props: {
  rows: readonly ImportedRowDto[];
  kinds: readonly ValueKind[];
  cells: readonly PreviewCell[];
  findings: readonly Finding[];
  onChange(index: number, change: { raw?: string; note?: string }): void;
}) {
  const findingsByRow = findingsByFirstRow(props.findings);
  return (
    <table className="entry-grid import-grid" aria-label="Số liệu đọc được từ tệp">
      <thead>
        <tr>
          <th scope="col">STT</th>
          <th scope="col">Chỉ tiêu thống kê</th>
          <th scope="col">Đơn vị tính</th>
          <th scope="col">Số liệu</th>
          <th scope="col">Đọc là</th>
          <th scope="col">Ghi chú</th>
          <th scope="col">Độ tin cậy</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, index) => (
          <PreviewRow
            key={index}
            index={index}
            row={row}
            kind={props.kinds[index] ?? { type: 'count' }}
            cell={props.cells[index] ?? { raw: row.raw, note: row.ownNote ?? '', edited: false }}
            findings={(row.rowId && findingsByRow.get(row.rowId)) || NO_FINDINGS}
            onChange={props.onChange}
          />
        ))}
      </tbody>
    </table>
  );
}
