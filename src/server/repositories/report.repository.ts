/**
 * Reports, their cell values and narrative. Every write of a report bumps its version in the same statement that
 * checks the version the writer read, so of two concurrent writers exactly one succeeds.
 */
import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CellValue } from '../../core/report.js';
import type { Database, NarrativeSectionTable, ReportStatus, ReportTable, ReportValueTable } from '../db/schema.js';

export type Report = Selectable<ReportTable>;
export type StoredValue = Selectable<ReportValueTable>;
export type NarrativeSection = Selectable<NarrativeSectionTable>;
type Db = Kysely<Database> | Transaction<Database>;

export async function insertReport(
  db: Db,
  report: Omit<Report, 'created_at' | 'updated_at' | 'version' | 'sent_to_leader_at' | 'sent_to_leader_by'> & {
    created_at: Date;
    updated_at: Date;
    sent_to_leader_at?: Date | null;
    sent_to_leader_by?: string | null;
  },
): Promise<void> {
  await db.insertInto('reports').values(report).execute();
}

export async function getReport(db: Db, id: string): Promise<Report | undefined> {
  return db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A report's row with a stamp of everything else its view depends on that its version does not count: its comments
 * (added without a version bump) and the accepted reports of its agency and of the agencies merged into it from nine
 * years before its period (the previous period's figures and the history the outliers are drawn from; accepting,
 * reopening or rewriting one changes its version, so the set of `id@version` says whether any of them changed). One
 * round trip: the view of a report whose version and stamp are unchanged can be served from memory.
 */
export async function getReportStamped(db: Db, id: string): Promise<{ report: Report; stamp: string } | undefined> {
  const result = await sql<Report & { view_stamp: string }>`
    with recursive current as (select * from reports where id = ${id}),
    merged(id, depth) as (
      select agency_id::text, 0 from current
      union
      select a.id, m.depth + 1 from agencies a join merged m on a.successor_id = m.id
      where a.id <> (select agency_id from current) and m.depth < 20
    )
    select current.*,
      (select count(*) || '/' || coalesce(max(c.created_at)::text, '') || '/' || coalesce(max(c.id), '') from comments c where c.report_id = current.id)
      || '|' ||
      (select coalesce(string_agg(x.id || '@' || x.version, ',' order by x.id), '') from reports x
        where x.agency_id in (select id from merged) and x.status = 'accepted'
          and x.period_year between current.period_year - 9 and current.period_year) as view_stamp
    from current`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  const { view_stamp: stamp, ...report } = row;
  return { report, stamp };
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
export async function bumpVersion(
  db: Db,
  id: string,
  expected: number,
  changes: Partial<Pick<Report, 'status' | 'signer' | 'submitted_at' | 'accepted_at' | 'sent_to_leader_at' | 'sent_to_leader_by'>>,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('reports')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .where('version', '=', expected)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface CellBatchItem {
  reportId: string;
  /** The version the writer read. */
  version: number;
  /** What the writer was authorized for: the write is refused if the report no longer belongs to it. */
  agencyId: string;
  templateId: string;
  actorId: string | null;
  now: Date;
  writes: readonly ValueWrite[];
  /** The audit row's action: 'save-values' unless told (an import into a round is 'import-report'). */
  action?: string;
  /** A new signer for the report; absent or null leaves it as it is. */
  signer?: string | null;
  /** Fields added to the audit row's before and after (next to the version and the cells). */
  audit?: { before?: Record<string, unknown>; after?: Record<string, unknown> };
}

/**
 * The cell writes of several reports (one write per report) in ONE statement, so a batch costs one round trip and
 * commits by itself:
 * - each report whose version, agency and template are still the ones its writer saw, and whose status is a key of
 *   `savedStatus` (the statuses a save may start from), gets version + 1 and the status a save leads to (the core's
 *   workflow decides both: a report not started becomes a draft);
 * - the cells of those reports are written (the last write of a row wins when a row comes twice);
 * - each gets its audit row (its `action`, 'save-values' by default), the cells before (read in the statement's
 *   snapshot, so before the write) and after, with the item's extra audit fields;
 * - a report given a `signer` takes it.
 * Returns the reports written with their new version and status; the others were refused and nothing of theirs
 * changed. Safe with the consolidation triggers in any order: editable statuses are never consolidated, so neither
 * the move from not started to draft nor a draft's values touch the aggregates.
 */
export async function writeCellBatch(
  db: Db,
  items: readonly CellBatchItem[],
  savedStatus: Readonly<Partial<Record<ReportStatus, ReportStatus>>>,
): Promise<Map<string, { version: number; status: ReportStatus }>> {
  if (items.length === 0) return new Map();
  const cells = items.flatMap((item) => item.writes.map((w, ord) => ({ reportId: item.reportId, ord, w })));
  const result = await sql<{ id: string; version: number; status: ReportStatus }>`
    with item as (
      select * from unnest(${items.map((i) => i.reportId)}::text[], ${items.map((i) => i.version)}::int[], ${items.map((i) => i.agencyId)}::text[],
                           ${items.map((i) => i.templateId)}::text[], ${items.map((i) => i.now.toISOString())}::timestamptz[], ${items.map((i) => i.actorId)}::text[],
                           ${items.map((i) => i.action ?? 'save-values')}::text[], ${items.map((i) => i.signer ?? null)}::text[],
                           ${items.map((i) => (i.audit?.before ? JSON.stringify(i.audit.before) : null))}::jsonb[],
                           ${items.map((i) => (i.audit?.after ? JSON.stringify(i.audit.after) : null))}::jsonb[])
        as t(id, version, agency_id, template_id, at, actor_id, action, signer, audit_before, audit_after)
    ), cell as (
      select * from unnest(${cells.map((c) => c.reportId)}::text[], ${cells.map((c) => c.ord)}::int[], ${cells.map((c) => c.w.rowId)}::text[],
                           ${cells.map((c) => c.w.raw)}::text[], ${cells.map((c) => (c.w.cell.value === null ? null : String(c.w.cell.value)))}::numeric[],
                           ${cells.map((c) => c.w.cell.status)}::text[], ${cells.map((c) => c.w.cell.note)}::text[], ${cells.map((c) => c.w.cell.decimals)}::int[],
                           ${cells.map((c) => (c.w.provenance === null ? null : JSON.stringify(c.w.provenance)))}::jsonb[])
        as c(report_id, ord, row_id, raw, value, status, note, decimals, provenance)
    ), bumped as (
      update reports as r
         set version = r.version + 1, status = saved.status_after, updated_at = item.at, signer = coalesce(item.signer, r.signer)
        from item, jsonb_each_text(${JSON.stringify(savedStatus)}::jsonb) as saved(status_before, status_after)
       where r.id = item.id and r.version = item.version and r.agency_id = item.agency_id and r.template_id = item.template_id
         and r.status = saved.status_before
      returning r.id, r.version, r.status
    ), last_cell as (
      select distinct on (report_id, row_id) * from cell where report_id in (select id from bumped) order by report_id, row_id, ord desc
    ), written as (
      insert into report_values (report_id, row_id, raw, value, status, note, decimals, provenance, updated_by, updated_at)
      select c.report_id, c.row_id, c.raw, c.value, c.status, c.note, c.decimals, c.provenance, item.actor_id, item.at
        from last_cell c join item on item.id = c.report_id
       order by c.report_id, c.row_id
      on conflict (report_id, row_id) do update
        set raw = excluded.raw, value = excluded.value, status = excluded.status, note = excluded.note, decimals = excluded.decimals,
            provenance = excluded.provenance, updated_by = excluded.updated_by, updated_at = excluded.updated_at
      returning 1
    ), audited as (
      insert into audit_log (at, actor_id, action, entity, entity_id, before, after)
      select item.at, item.actor_id, item.action, 'report', item.id,
             jsonb_build_object('version', item.version, 'cells', (
               select jsonb_agg(case when v.row_id is null
                                     then jsonb_build_object('rowId', c.row_id, 'raw', '', 'value', null, 'status', 'not-reported', 'note', null)
                                     else jsonb_build_object('rowId', v.row_id, 'raw', v.raw, 'value', v.value, 'status', v.status, 'note', v.note) end
                                order by c.ord)
                 from cell c left join report_values v on v.report_id = c.report_id and v.row_id = c.row_id
                where c.report_id = item.id)) || coalesce(item.audit_before, '{}'::jsonb),
             jsonb_build_object('version', item.version + 1, 'cells', (
               select jsonb_agg(jsonb_build_object('rowId', c.row_id, 'raw', c.raw, 'value', c.value, 'status', c.status, 'note', c.note) order by c.ord)
                 from cell c where c.report_id = item.id)) || coalesce(item.audit_after, '{}'::jsonb)
        from item join bumped on bumped.id = item.id
       order by item.id
      returning 1
    )
    select id, version, status from bumped`.execute(db);
  return new Map(result.rows.map((row) => [row.id, { version: row.version, status: row.status }]));
}

export async function setStatus(db: Db, id: string, status: ReportStatus): Promise<void> {
  await db.updateTable('reports').set({ status }).where('id', '=', id).execute();
}

/** Puts a report in a state with its dates, outside the workflow (the demo's seed). */
export async function setReportState(
  db: Db,
  id: string,
  state: { status: ReportStatus; submitted_at: Date | null; accepted_at: Date | null; updated_at: Date },
): Promise<void> {
  await db.updateTable('reports').set(state).where('id', '=', id).execute();
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
    const rows = await db
      .selectFrom('report_values')
      .selectAll()
      .where('report_id', 'in', reportIds.slice(i, i + page))
      .orderBy('report_id')
      .orderBy('row_id')
      .execute();
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

export async function replaceNarrative(
  db: Db,
  reportId: string,
  sections: readonly { heading: string; level: number; body: string }[],
): Promise<void> {
  await db.deleteFrom('narrative_sections').where('report_id', '=', reportId).execute();
  if (sections.length > 0) {
    await db
      .insertInto('narrative_sections')
      .values(sections.map((s, position) => ({ report_id: reportId, position, heading: s.heading, level: s.level, body: s.body })))
      .execute();
  }
}
