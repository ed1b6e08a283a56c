/**
 * The dashboards' reads: reports of many agencies and periods at once, the few cells a chart needs from them, and the
 * agencies of rounds. Lists of ids go as one array parameter (`= any($1::text[])`), so a province with thousands of
 * communes stays one statement with one parameter.
 */
import { sql, type Kysely, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { Database, ReportStatus, ReportTable } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

const anyOf = (column: string, values: readonly string[]) => sql<SqlBool>`${sql.ref(column)} = any(${sql.val([...values])}::text[])`;

/** The columns of a report the dashboards read. */
export type DashboardReport = Pick<
  Selectable<ReportTable>,
  | 'id'
  | 'agency_id'
  | 'round_id'
  | 'template_id'
  | 'period_year'
  | 'period_kind'
  | 'status'
  | 'source'
  | 'submitted_at'
  | 'accepted_at'
  | 'updated_at'
>;

export interface ReportFilter {
  status?: ReportStatus;
  period?: { year: number; kind: string };
  periodKind?: string;
  roundIds?: readonly string[];
}

/** Reports of the agencies (rounds and imported history alike), oldest period first. */
export async function reportsOf(db: Db, agencyIds: readonly string[], filter: ReportFilter = {}): Promise<DashboardReport[]> {
  if (agencyIds.length === 0 || filter.roundIds?.length === 0) return [];
  let query = db
    .selectFrom('reports')
    .select([
      'id',
      'agency_id',
      'round_id',
      'template_id',
      'period_year',
      'period_kind',
      'status',
      'source',
      'submitted_at',
      'accepted_at',
      'updated_at',
    ])
    .where(anyOf('agency_id', agencyIds));
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.period) query = query.where('period_year', '=', filter.period.year).where('period_kind', '=', filter.period.kind);
  if (filter.periodKind) query = query.where('period_kind', '=', filter.periodKind);
  if (filter.roundIds) query = query.where(anyOf('round_id', filter.roundIds));
  return query.orderBy('period_year').orderBy('id').execute();
}

export interface ChartCell {
  report_id: string;
  row_id: string;
  value: string | null;
  status: 'reported' | 'not-reported' | 'text';
  note: string | null;
  decimals: number | null;
}

/** The given rows' cells of the given reports (the rows a chart reads: an indicator's row and its ratio parts). */
export async function cellsOf(db: Db, reportIds: readonly string[], rowIds: readonly string[]): Promise<ChartCell[]> {
  if (reportIds.length === 0 || rowIds.length === 0) return [];
  return db
    .selectFrom('report_values')
    .select(['report_id', 'row_id', 'value', 'status', 'note', 'decimals'])
    .where(anyOf('report_id', reportIds))
    .where(anyOf('row_id', rowIds))
    .execute();
}

/** Which of the agencies take part in which of the rounds. */
export async function roundMembers(
  db: Db,
  roundIds: readonly string[],
  agencyIds: readonly string[],
): Promise<{ round_id: string; agency_id: string }[]> {
  if (roundIds.length === 0 || agencyIds.length === 0) return [];
  return db
    .selectFrom('round_agencies')
    .select(['round_id', 'agency_id'])
    .where(anyOf('round_id', roundIds))
    .where(anyOf('agency_id', agencyIds))
    .execute();
}

/** Rounds of a period in which any of the agencies takes part. */
export async function roundIdsOfPeriod(db: Db, agencyIds: readonly string[], period: { year: number; kind: string }): Promise<string[]> {
  if (agencyIds.length === 0) return [];
  const rows = await db
    .selectFrom('rounds')
    .select('rounds.id')
    .where('rounds.period_year', '=', period.year)
    .where('rounds.period_kind', '=', period.kind)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('round_agencies')
          .select('round_agencies.agency_id')
          .whereRef('round_agencies.round_id', '=', 'rounds.id')
          .where(anyOf('round_agencies.agency_id', agencyIds)),
      ),
    )
    .orderBy('rounds.id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The agencies merged into this one, through the successor links, at any depth (an agency whose successor was itself
 * merged into this one counts too): a merged agency's history on a comparable base.
 */
export async function predecessorsOf(db: Db, agencyId: string): Promise<{ id: string; name: string; successor_id: string | null }[]> {
  const result = await sql<{ id: string; name: string; successor_id: string | null }>`
    with recursive merged(id, name, successor_id, depth) as (
      select id, name, successor_id, 1 from agencies where successor_id = ${agencyId} and id <> ${agencyId}
      union
      select a.id, a.name, a.successor_id, m.depth + 1 from agencies a join merged m on a.successor_id = m.id
      where a.id <> ${agencyId} and m.depth < 20
    )
    select distinct id, name, successor_id from merged order by id`.execute(db);
  return result.rows;
}
