/**
 * Whether the signed-in account works on the province's report: the core's rule (province-report/access.ts), with the
 * province agencies it can see.
 */
import { provinceReportPart } from '@core/province-report/access.js';
import { useAgencies } from '../../api/queries.js';
import { useSession } from '../auth/session.js';

export function useMayOpenProvinceReport(): boolean {
  const { actor } = useSession();
  // only a leader's part depends on the agencies: the others need not ask for them
  const leaderCandidate = actor?.role === 'approver';
  const agencies = useAgencies({ enabled: leaderCandidate });
  if (!actor) return false;
  const provinces = new Set((agencies.data ?? []).filter((a) => a.kind === 'province').map((a) => a.id));
  return provinceReportPart(actor.role, actor.agencyIds, provinces) !== null;
}
