/**
 * Whether the signed-in account works on the province's report: the Sở Nội vụ (consolidator) and administrators
 * compose it; a leader (approver) acting for the province itself issues it. An agency's own leader does not.
 */
import { useAgencies } from '../../api/queries.js';
import { useSession } from '../auth/session.js';

export function useMayOpenProvinceReport(): boolean {
  const { actor } = useSession();
  const leaderCandidate = actor?.role === 'approver';
  const agencies = useAgencies({ enabled: leaderCandidate });
  if (actor?.role === 'consolidator' || actor?.role === 'admin') return true;
  if (!leaderCandidate || !agencies.data) return false;
  const provinces = new Set(agencies.data.filter((a) => a.kind === 'province').map((a) => a.id));
  return actor.agencyIds.some((id) => provinces.has(id));
}
