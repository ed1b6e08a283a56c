/** Vietnamese labels and formats for the UI. */
import type { PeriodKind } from '../../../src/core/periods/period.js';

export const STATUS_LABEL: Record<string, string> = {
  'not-started': 'Chưa bắt đầu',
  draft: 'Đang soạn',
  submitted: 'Đã nộp',
  returned: 'Bị trả lại',
  accepted: 'Đã duyệt',
};
export const STATUS_COLOR: Record<string, string> = { 'not-started': 'gray', draft: 'blue', submitted: 'orange', returned: 'red', accepted: 'green' };
export const ROLE_LABEL: Record<string, string> = {
  reporter: 'Cán bộ báo cáo',
  approver: 'Lãnh đạo đơn vị',
  consolidator: 'Tổng hợp (Sở Nội vụ)',
  admin: 'Quản trị',
  viewer: 'Xem',
};
const PERIOD_LABEL: Record<PeriodKind, string> = { Q1: 'Quý I', Q2: 'Quý II', Q3: 'Quý III', Q4: 'Quý IV', H1: '6 tháng đầu năm', M9: '9 tháng', Y: 'Năm' };

export function periodText(p: { year: number; kind: PeriodKind }): string {
  return `${PERIOD_LABEL[p.kind]} ${p.year}`;
}

/** ISO yyyy-mm-dd (or a timestamp) → dd/mm/yyyy. */
export function dateText(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}
