/**
 * The roles an agency may hold in a province: each names the agency that reports a figure for the whole province
 * (the templates' `provinceFigureBy`). One agency per province holds a role at a time, or the province figure would
 * be ambiguous. A template naming a role not listed here fails its test (agency-roles.test.ts).
 */
export const AGENCY_ROLES = ['so-noi-vu', 'vp-ubnd', 'so-tu-phap', 'so-tai-chinh', 'so-tt-tt', 'so-ke-hoach-dau-tu'] as const;
export type AgencyRole = (typeof AGENCY_ROLES)[number];

export const AGENCY_ROLE_LABEL: Record<AgencyRole, string> = {
  'so-noi-vu': 'Sở Nội vụ',
  'vp-ubnd': 'Văn phòng UBND tỉnh',
  'so-tu-phap': 'Sở Tư pháp',
  'so-tai-chinh': 'Sở Tài chính',
  'so-tt-tt': 'Sở Thông tin và Truyền thông',
  'so-ke-hoach-dau-tu': 'Sở Kế hoạch và Đầu tư',
};
