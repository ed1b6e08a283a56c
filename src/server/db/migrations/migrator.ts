/** Migrations live in code (a static list), so the compiled package carries them; run at start and by `cchc migrate`. */
import { Migrator, type Kysely, type Migration } from 'kysely';
import * as initial from './0001-initial.js';
import * as rateLimits from './0002-rate-limits.js';
import * as submissions from './0003-submissions.js';
import * as notices from './0004-notices.js';
import * as accountEmail from './0005-account-email.js';
import * as consolidationAggregates from './0006-consolidation-aggregates.js';
import * as provinceReports from './0007-province-reports.js';
import * as submissionSignature from './0008-submission-signature.js';
import * as reportFindings from './0009-report-findings.js';
import * as consolidationKeptCounts from './0010-consolidation-kept-counts.js';
import * as leaderApproval from './0011-leader-approval.js';
import * as parIndex from './0012-par-index.js';
import * as annualPlan from './0013-annual-plan.js';
import * as importBatches from './0014-import-batches.js';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-rate-limits': rateLimits,
  '0003-submissions': submissions,
  '0004-notices': notices,
  '0005-account-email': accountEmail,
  '0006-consolidation-aggregates': consolidationAggregates,
  '0007-province-reports': provinceReports,
  '0008-submission-signature': submissionSignature,
  '0009-report-findings': reportFindings,
  '0010-consolidation-kept-counts': consolidationKeptCounts,
  '0011-leader-approval': leaderApproval,
  '0012-par-index': parIndex,
  '0013-annual-plan': annualPlan,
  '0014-import-batches': importBatches,
};

/**
 * Brings the database to the latest version; the names of the migrations it applied, in order (none when it was
 * already there). A failed migration throws (and, on PostgreSQL, the migrations of this run are rolled back).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run before (and change) the typed schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
