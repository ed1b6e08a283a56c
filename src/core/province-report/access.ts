/**
 * Who works on the province's report, in one place for the server and the web client: the Sở Nội vụ (consolidator) and
 * administrators compose it; a leader (approver) acting for the province itself (the UBND tỉnh: an account attached to
 * the province's own agency) reads it and issues it or sends it back; an agency's own leader does neither. Pure.
 */
export type ProvinceReportPart = 'compose' | 'lead';

/** The roles that compose the province's report (those that both review reports and read the consolidation). */
export const PROVINCE_REPORT_COMPOSERS: readonly string[] = ['consolidator', 'admin'];

/**
 * The part an account takes: by its role, and for a leader by whether one of its own agencies is a province
 * (`provinceAgencyIds`: the province agencies it could act for). Null: none.
 */
export function provinceReportPart(role: string, ownAgencyIds: Iterable<string>, provinceAgencyIds: ReadonlySet<string>): ProvinceReportPart | null {
  if (PROVINCE_REPORT_COMPOSERS.includes(role)) return 'compose';
  if (role !== 'approver') return null;
  for (const id of ownAgencyIds) if (provinceAgencyIds.has(id)) return 'lead';
  return null;
}
