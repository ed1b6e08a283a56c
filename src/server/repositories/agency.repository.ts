/** Agencies: a tree with kinds, validity dates and successor links. */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AgencyTable, Database } from '../db/schema.js';

export type Agency = Selectable<AgencyTable>;
type Db = Kysely<Database> | Transaction<Database>;

export async function insertAgency(db: Db, agency: Omit<Agency, 'created_at'>): Promise<void> {
  await db.insertInto('agencies').values(agency).execute();
}

/** Everything of an agency but its id and creation time: what `cchc agencies import` sets. */
export type AgencyFields = Omit<Agency, 'id' | 'created_at'>;

export async function updateAgency(db: Db, id: string, fields: AgencyFields): Promise<void> {
  await db.updateTable('agencies').set(fields).where('id', '=', id).execute();
}

export async function setAgencySuccessor(db: Db, id: string, successorId: string | null): Promise<void> {
  await db.updateTable('agencies').set({ successor_id: successorId }).where('id', '=', id).execute();
}

/**
 * Keeps other writers of the agency tree out until the transaction ends (a second `cchc agencies import` waits),
 * while reads and the rows that reference agencies (reports, rounds) go on.
 */
export async function lockAgencyTree(db: Transaction<Database>): Promise<void> {
  await sql`lock table agencies in share row exclusive mode`.execute(db);
}

export async function countAgencies(db: Db): Promise<number> {
  const row = await db
    .selectFrom('agencies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function getAgency(db: Db, id: string): Promise<Agency | undefined> {
  return db.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The ids of the given agencies and of everything below them in the tree. */
export async function agencyIdsWithin(db: Db, roots: readonly string[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const result = await sql<{ id: string }>`
    with recursive within(id) as (
      select id from agencies where id = any(${sql.val([...roots])}::text[])
      union
      select a.id from agencies a join within w on a.parent_id = w.id
    )
    select id from within`.execute(db);
  return result.rows.map((r) => r.id);
}

export async function listAgencies(db: Db, ids: readonly string[] | 'all'): Promise<Agency[]> {
  let query = db.selectFrom('agencies').selectAll().orderBy('name');
  if (ids !== 'all') {
    if (ids.length === 0) return [];
    query = query.where('id', 'in', [...ids]);
  }
  return query.execute();
}
