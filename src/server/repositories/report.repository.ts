/**
 * Reports, their cell values and narrative. Every write of a report bumps its version in the same statement that
 * checks the version the writer read, so of two concurrent writers exactly one succeeds.
 */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { CellValue } from '../../core/report.js';
import type { Database, NarrativeSectionTable, ReportStatus, ReportTable, ReportValueTable } from '../db/schema.js';

export type Report = Selectable<ReportTable>;
export type StoredValue = Selectable<ReportValueTable>;
export type NarrativeSection = Selectable<NarrativeSectionTable>;
type Db = Kysely<Database> | Transaction<Database>;

export async function insertReport(db: Db, report: Omit<Report, 'created_at' | 'updated_at' | 'version'> & { created_at: Date; updated_at: Date }): Promise<void> {
  await db.insertInto('reports').values(report).execute();
}

export async function getReport(db: Db, id: string): Promise<Report | undefined> {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findReport(db: Db, agencyId: string, roundId: string): Promise<Report | undefined> {
  return db.selectFrom('reports').selectAll().where('agency_id', '=', agencyId).where('round_id', '=', roundId).executeTakeFirst();
}

export interface ReportFilter {
  agencyIds: readonly string[] | 'all';
  roundId?: string;
  agencyId?: string;
}

export async function listReports(db: Db, filter: ReportFilter): Promise<Report[]> {
  let query = db.selectFrom('reports').selectAll().orderBy('period_year', 'desc').orderBy('period_kind', 'desc');
  if (filter.agencyIds !== 'all') {
    if (filter.agencyIds.length === 0) return [];
    query = query.where('agency_id', 'in', [...filter.agencyIds]);
  }
  if (filter.roundId) query = query.where('round_id', '=', filter.roundId);
  if (filter.agencyId) query = query.where('agency_id', '=', filter.agencyId);
  return query.execute();
}

/** The agency's accepted report of a period, if any (the previous period's figures for the checks). */
export async function findAcceptedReport(db: Db, agencyId: string, period: { year: number; kind: string }): Promise<Report | undefined> {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('period_year', '=', period.year)
    .where('period_kind', '=', period.kind)
    .where('status', '=', 'accepted')
    .orderBy('accepted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Bumps the version if it is still `expected`; false when another write came first. */
export async function bumpVersion(db: Db, id: string, expected: number, changes: Partial<Pick<Report, 'status' | 'signer' | 'submitted_at' | 'accepted_at'>>, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('reports')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('version', '=', expected)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setStatus(db: Db, id: string, status: ReportStatus): Promise<void> {
  await db.updateTable('reports').set({ status }).where('id', '=', id).execute();
}

export function toCellValue(stored: Pick<StoredValue, 'value' | 'status' | 'note' | 'decimals'>): CellValue {
  return { value: stored.value === null ? null : Number(stored.value), status: stored.status, note: stored.note, decimals: stored.decimals };
}

export async function getValues(db: Db, reportId: string): Promise<StoredValue[]> {
  return db.selectFrom('report_values').selectAll().where('report_id', '=', reportId).orderBy('row_id').execute();
}

/** The values of many reports, read a page of reports at a time (the event loop breathes between pages). */
export async function getValuesOf(db: Db, reportIds: readonly string[], page = 400): Promise<Map<string, StoredValue[]>> {
  const byReport = new Map<string, StoredValue[]>(reportIds.map((id) => [id, []]));
  for (let i = 0; i < reportIds.length; i += page) {
    const rows = await db.selectFrom('report_values').selectAll().where('report_id', 'in', reportIds.slice(i, i + page)).orderBy('report_id').orderBy('row_id').execute();
    for (const row of rows) byReport.get(row.report_id)!.push(row);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return byReport;
}

export interface ValueWrite {
  rowId: string;
  raw: string;
  cell: CellValue;
  provenance: Record<string, unknown> | null;
}

/** Writes cells in one statement (the last write of a row wins when a row comes twice). */
export async function upsertValues(db: Db, reportId: string, writes: readonly ValueWrite[], actorId: string | null, now: Date): Promise<void> {
  const lastByRow = new Map(writes.map((w) => [w.rowId, w]));
  if (lastByRow.size === 0) return;
  const rows = [...lastByRow.values()].map((w) => ({
    report_id: reportId,
    row_id: w.rowId,
    raw: w.raw,
    value: w.cell.value,
    status: w.cell.status,
    note: w.cell.note,
    decimals: w.cell.decimals,
    provenance: w.provenance === null ? null : JSON.stringify(w.provenance),
    updated_by: actorId,
    updated_at: now,
  }));
  // at most 1,000 rows (10,000 parameters) per statement: PostgreSQL takes 65,535
  for (let i = 0; i < rows.length; i += 1000) await upsertRows(db, rows.slice(i, i + 1000));
}

async function upsertRows(db: Db, rows: Insertable<ReportValueTable>[]): Promise<void> {
  await db
    .insertInto('report_values')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['report_id', 'row_id']).doUpdateSet((eb) => ({
        raw: eb.ref('excluded.raw'),
        value: eb.ref('excluded.value'),
        status: eb.ref('excluded.status'),
        note: eb.ref('excluded.note'),
        decimals: eb.ref('excluded.decimals'),
        provenance: eb.ref('excluded.provenance'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

export async function getNarrative(db: Db, reportId: string): Promise<NarrativeSection[]> {
  return db.selectFrom('narrative_sections').selectAll().where('report_id', '=', reportId).orderBy('position').execute();
}

export async function replaceNarrative(db: Db, reportId: string, sections: readonly { heading: string; level: number; body: string }[]): Promise<void> {
  await db.deleteFrom('narrative_sections').where('report_id', '=', reportId).execute();
  if (sections.length > 0) {
    await db.insertInto('narrative_sections').values(sections.map((s, position) => ({ report_id: reportId, position, heading: s.heading, level: s.level, body: s.body }))).execute();
  }
}
