/** The reads of the officer's home: her agencies' reports with their round's deadline, agency, template and sender. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface HomeReportRow {
  id: string;
  agency_id: string;
  agency_name: string;
  round_id: string | null;
  deadline: string | null;
  template_id: string;
  template_name: string | null;
  period_year: number;
  period_kind: string;
  status: Database['reports']['status'];
  version: number;
  submitted_at: Date | null;
  sent_to_leader_at: Date | null;
  sent_to_leader_by_name: string | null;
  updated_at: Date;
}

/** The reports of rounds given to the agencies, the latest periods first, at most `limit`. */
export async function listHomeReports(db: Db, agencyIds: readonly string[], limit = 200): Promise<HomeReportRow[]> {
  if (agencyIds.length === 0) return [];
  const rows = await db
    .selectFrom('reports as r')
    .innerJoin('rounds as ro', 'ro.id', 'r.round_id')
    .innerJoin('agencies as a', 'a.id', 'r.agency_id')
    .leftJoin('template_versions as t', 't.id', 'r.template_id')
    .leftJoin('accounts as s', 's.id', 'r.sent_to_leader_by')
    .select([
      'r.id',
      'r.agency_id',
      'a.name as agency_name',
      'r.round_id',
      'ro.deadline',
      'r.template_id',
      't.name as template_name',
      'r.period_year',
      'r.period_kind',
      'r.status',
      'r.version',
      'r.submitted_at',
      'r.sent_to_leader_at',
      's.display_name as sent_to_leader_by_name',
      'r.updated_at',
    ])
    .where('r.agency_id', 'in', [...agencyIds])
    .orderBy('r.period_year', 'desc')
    .orderBy('ro.deadline', 'desc')
    .orderBy('r.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, deadline: dateOnly(r.deadline as unknown) }));
}

/** A date column as yyyy-mm-dd, whichever way the engine hands it over. */
function dateOnly(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}
