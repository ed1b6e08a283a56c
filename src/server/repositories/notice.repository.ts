/** In-app notices to agencies. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertNotice(
  db: Db,
  notice: { id: string; agencyId: string; roundId: string | null; body: string; createdBy: string | null; at: Date },
): Promise<void> {
  await db
    .insertInto('notices')
    .values({
      id: notice.id,
      agency_id: notice.agencyId,
      round_id: notice.roundId,
      kind: 'reminder',
      body: notice.body,
      created_by: notice.createdBy,
      created_at: notice.at,
    })
    .execute();
}

export async function listNotices(db: Db, agencyIds: readonly string[], limit = 50) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('notices')
    .selectAll()
    .where('agency_id', 'in', [...agencyIds])
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}
