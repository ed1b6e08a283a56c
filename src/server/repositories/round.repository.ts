/** Reporting rounds: a template version, a period, cut-off, deadline and the agencies that report. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, RoundTable } from '../db/schema.js';

export type Round = Selectable<RoundTable>;
type Db = Kysely<Database> | Transaction<Database>;

export async function insertRound(db: Db, round: Omit<Round, 'created_at'> & { created_at: Date }, agencyIds: readonly string[]): Promise<void> {
  await db.insertInto('rounds').values(round).execute();
  if (agencyIds.length > 0) await db.insertInto('round_agencies').values(agencyIds.map((agency_id) => ({ round_id: round.id, agency_id }))).execute();
}

export async function getRound(db: Db, id: string): Promise<(Round & { agency_ids: string[] }) | undefined> {
  const round = await db.selectFrom('rounds').selectAll().where('id', '=', id).executeTakeFirst();
  if (!round) return undefined;
  const agencies = await db.selectFrom('round_agencies').select('agency_id').where('round_id', '=', id).orderBy('agency_id').execute();
  return { ...round, agency_ids: agencies.map((a) => a.agency_id) };
}

/** Rounds in which any of the agencies reports (all rounds for 'all'). */
export async function listRounds(db: Db, agencyIds: readonly string[] | 'all'): Promise<Round[]> {
  let query = db.selectFrom('rounds').selectAll('rounds').orderBy('rounds.period_year', 'desc').orderBy('rounds.created_at', 'desc');
  if (agencyIds !== 'all') {
    if (agencyIds.length === 0) return [];
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('round_agencies').select('round_agencies.agency_id').whereRef('round_agencies.round_id', '=', 'rounds.id').where('round_agencies.agency_id', 'in', [...agencyIds])),
    );
  }
  return query.execute();
}
