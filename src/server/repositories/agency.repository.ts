/** Agencies: a tree with kinds, validity dates and successor links. */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AgencyTable, Database } from '../db/schema.js';

export type Agency = Selectable<AgencyTable>;
type Db = Kysely<Database> | Transaction<Database>;

export async function insertAgency(db: Db, agency: Omit<Agency, 'created_at'>): Promise<void> {
  await db.insertInto('agencies').values(agency).execute();
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
