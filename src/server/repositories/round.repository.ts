/** Reporting rounds: a template version, a period, cut-off, deadline and the agencies that report. */
import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, ReportTable, RoundTable } from '../db/schema.js';

export type Round = Selectable<RoundTable>;
type Db = Kysely<Database> | Transaction<Database>;

/**
 * A statement carries at most 65,535 parameters (the protocol counts them in 16 bits): a multi-row insert goes in
 * chunks of rows that stay well under it, whatever the number of agencies in a round.
 */
const MAX_PARAMETERS_PER_STATEMENT = 30_000;

/** Rows in chunks of at most MAX_PARAMETERS_PER_STATEMENT parameters (a row has `columns` of them). */
export function chunksOf<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS_PER_STATEMENT / Math.max(1, columns)));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

export async function insertRound(db: Db, round: Omit<Round, 'created_at'> & { created_at: Date }, agencyIds: readonly string[]): Promise<void> {
  await db.insertInto('rounds').values(round).execute();
  for (const chunk of chunksOf(agencyIds, 2)) {
    await db
      .insertInto('round_agencies')
      .values(chunk.map((agency_id) => ({ round_id: round.id, agency_id })))
      .execute();
  }
}

/** A round's reports, one per agency, inserted a chunk at a time. */
export async function insertRoundReports(
  db: Db,
  reports: readonly (Insertable<ReportTable> & { created_at: Date; updated_at: Date })[],
): Promise<void> {
  const columns = Math.max(1, ...reports.slice(0, 1).map((r) => Object.keys(r).length));
  for (const chunk of chunksOf(reports, columns)) await db.insertInto('reports').values(chunk).execute();
}

/** Of these agencies, those whose last day of validity lies before `day` (closed by then), by id. */
export async function agenciesClosedBefore(
  db: Db,
  agencyIds: readonly string[],
  day: string,
): Promise<{ id: string; name: string; valid_to: string }[]> {
  if (agencyIds.length === 0) return [];
  // one array parameter, however many agencies
  const rows = await db
    .selectFrom('agencies')
    .select(['id', 'name', 'valid_to'])
    .where(sql<boolean>`id = any(${[...agencyIds]}::text[])`)
    .where('valid_to', 'is not', null)
    .where('valid_to', '<', day)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, valid_to: String(r.valid_to) }));
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
      exists(
        selectFrom('round_agencies')
          .select('round_agencies.agency_id')
          .whereRef('round_agencies.round_id', '=', 'rounds.id')
          .where(sql<boolean>`round_agencies.agency_id = any(${[...agencyIds]}::text[])`),
      ),
    );
  }
  return query.execute();
}
