/** The kinds of agencies (migration 0001's check), in the order of the tree, with what users call them. */
export const AGENCY_KINDS = ['province', 'department', 'board', 'public-unit', 'district-committee', 'commune-committee'] as const;
export type AgencyKindName = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_LABEL: Record<AgencyKindName, string> = {
  province: 'UBND tỉnh',
  department: 'Sở, ban, ngành',
  board: 'Ban quản lý',
  'public-unit': 'Đơn vị sự nghiệp',
  'district-committee': 'UBND cấp huyện',
  'commune-committee': 'UBND cấp xã',
};

/** The kinds that report to a province (every kind but the province itself). */
export const REPORTING_AGENCY_KINDS = AGENCY_KINDS.filter((k): k is Exclude<AgencyKindName, 'province'> => k !== 'province');
