/**
 * An agency's earlier reports, for its history of each indicator: its own accepted reports and those of the agencies
 * merged into it (successor links, any depth), up to a period's year; and their reported figures.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface EarlierReport {
  id: string;
  agency_id: string;
  template_id: string;
  period_year: number;
  period_kind: string;
  /** The agency's own report (not a predecessor's). */
  own: boolean;
}

/**
 * Accepted reports of the agency and its predecessors from `fromYear` to `toYear` (the caller keeps those before the
 * report's period), the latest first, at most `limit`.
 */
export async function earlierAcceptedReports(db: Db, agencyId: string, fromYear: number, toYear: number, limit = 80): Promise<EarlierReport[]> {
  const result = await sql<EarlierReport>`
    with recursive merged(id, depth) as (
      select ${agencyId}::text, 0
      union
      select a.id, m.depth + 1 from agencies a join merged m on a.successor_id = m.id
      where a.id <> ${agencyId} and m.depth < 20
    )
    select r.id, r.agency_id, r.template_id, r.period_year, r.period_kind, r.agency_id = ${agencyId} as own
    from reports r
    where r.agency_id in (select id from merged) and r.status = 'accepted' and r.period_year between ${fromYear} and ${toYear}
    order by r.period_year desc, r.id
    limit ${limit}`.execute(db);
  return result.rows.map((r) => ({ ...r, period_year: Number(r.period_year), own: Boolean(r.own) }));
}

export interface ReportedFigure {
  report_id: string;
  row_id: string;
  value: number;
}

/** The reported figures (a number, not "not reported" nor words) of some reports. */
export async function reportedFiguresOf(db: Db, reportIds: readonly string[]): Promise<ReportedFigure[]> {
  if (reportIds.length === 0) return [];
  const rows = await db
    .selectFrom('report_values')
    .select(['report_id', 'row_id', 'value'])
    .where('report_id', 'in', reportIds)
    .where('status', '=', 'reported')
    .where('value', 'is not', null)
    .execute();
  return rows.map((r) => ({ report_id: r.report_id, row_id: r.row_id, value: Number(r.value) }));
}
