/**
 * What users call the account roles, and what each may do in one line (the account form says it under the field).
 * Plain data, no React and no zod, so the browser bundle takes it as it is.
 */
import type { AccountRole } from './account-schemas.js';

export type { AccountRole };

export const ROLE_LABEL: Record<AccountRole, string> = {
  reporter: 'Cán bộ báo cáo',
  approver: 'Lãnh đạo đơn vị',
  consolidator: 'Tổng hợp (Sở Nội vụ)',
  admin: 'Quản trị',
  viewer: 'Xem',
};

/** What each role may do. */
export const ROLE_HINT: Record<AccountRole, string> = {
  reporter: 'Nhập số liệu, soạn báo cáo của đơn vị.',
  approver: 'Nhập số liệu và nộp báo cáo của đơn vị.',
  viewer: 'Chỉ xem báo cáo và số liệu tổng hợp.',
  consolidator: 'Mở đợt báo cáo, trả lại, duyệt, tổng hợp toàn tỉnh.',
  admin: 'Như tổng hợp, thêm quản lý mẫu báo cáo và tài khoản trong phạm vi của mình.',
};

/** A role's label; an unknown role (a newer server) is shown as it comes. */
export function roleLabel(role: string): string {
  return (ROLE_LABEL as Record<string, string>)[role] ?? role;
}
