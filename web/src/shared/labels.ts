/** Vietnamese labels and formats for the UI. */
import { periodKindName, type PeriodKind } from '../../../src/core/periods/period.js';

export const STATUS_LABEL: Record<string, string> = {
  'not-started': 'Chưa bắt đầu',
  draft: 'Đang soạn',
  submitted: 'Đã nộp',
  returned: 'Bị trả lại',
  accepted: 'Đã duyệt',
};
export const STATUS_COLOR: Record<string, string> = { 'not-started': 'gray', draft: 'blue', submitted: 'violet', returned: 'red', accepted: 'teal' };
export const ROLE_LABEL: Record<string, string> = {
  reporter: 'Cán bộ báo cáo',
  approver: 'Lãnh đạo đơn vị',
  consolidator: 'Tổng hợp (Sở Nội vụ)',
  admin: 'Quản trị',
  viewer: 'Xem',
};
export function periodText(p: { year: number; kind: PeriodKind }): string {
  return `${periodKindName(p.kind)} ${p.year}`;
}

/** The period kinds for a select, in the order of the year. */
export const PERIOD_KIND_OPTIONS: { value: PeriodKind; label: string }[] = (['Q1', 'Q2', 'H1', 'Q3', 'M9', 'Q4', 'Y'] as const).map((kind) => ({
  value: kind,
  label: periodKindName(kind),
}));

/** ISO yyyy-mm-dd (or a timestamp) → dd/mm/yyyy. */
export function dateText(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}
