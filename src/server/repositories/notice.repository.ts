/** In-app notices to agencies: reminders from the Sở Nội vụ, and approval requests from an officer to her leader. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertNotice(
  db: Db,
  notice: {
    id: string;
    agencyId: string;
    roundId: string | null;
    body: string;
    createdBy: string | null;
    at: Date;
    /** A reminder (the default) or an approval request naming a report, for one role of the agency. */
    kind?: 'reminder' | 'approval-request';
    reportId?: string | null;
    toRole?: string | null;
  },
): Promise<void> {
  await db
    .insertInto('notices')
    .values({
      id: notice.id,
      agency_id: notice.agencyId,
      round_id: notice.roundId,
      kind: notice.kind ?? 'reminder',
      body: notice.body,
      created_by: notice.createdBy,
      created_at: notice.at,
      report_id: notice.reportId ?? null,
      to_role: notice.toRole ?? null,
    })
    .execute();
}

/** The latest reminders the agencies received (approval requests are listed apart, for the role they name). */
export async function listNotices(db: Db, agencyIds: readonly string[], limit = 50) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('notices')
    .selectAll()
    .where('agency_id', 'in', [...agencyIds])
    .where('kind', '=', 'reminder')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** The latest approval requests to a role of the agencies, with the reports they name. */
export async function listApprovalRequests(db: Db, agencyIds: readonly string[], role: string, limit = 50) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('notices')
    .selectAll()
    .where('agency_id', 'in', [...agencyIds])
    .where('kind', '=', 'approval-request')
    .where((eb) => eb.or([eb('to_role', 'is', null), eb('to_role', '=', role)]))
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}
