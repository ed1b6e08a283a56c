/**
 * Reads of a round's consolidation. The aggregates (migration 0006) are kept up to date by triggers as reports move
 * between statuses and values change, so a round's province figures come from a few hundred rows; the responsible
 * agencies' values and one row's drill-down are read from the values, for those rows only.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AgencyKind, Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Which reports of a round a consolidation counts. */
export interface ConsolidationScope {
  roundId: string;
  statuses: readonly ('submitted' | 'accepted')[];
  kind: AgencyKind | null;
}

export interface StoredAggregates {
  reports: number;
  cells: { rowId: string; reported: number; total: number; min: number | null; max: number | null }[];
  codes: { rowId: string; code: number; agencies: number }[];
  ratios: { percentRow: string; numerator: number; denominator: number; agencies: number }[];
}

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

export async function readAggregates(db: Db, scope: ConsolidationScope): Promise<StoredAggregates> {
  const { roundId, statuses, kind } = scope;
  if (statuses.length === 0) return { reports: 0, cells: [], codes: [], ratios: [] };
  const [buckets, cells, codes, ratios] = await Promise.all([
    db
      .selectFrom('consolidation_buckets')
      .select((eb) => eb.fn.sum<string | number | null>('reports').as('reports'))
      .where('round_id', '=', roundId)
      .where('status', 'in', [...statuses])
      .$if(kind !== null, (q) => q.where('agency_kind', '=', kind!))
      .executeTakeFirst(),
    db
      .selectFrom('consolidation_cells')
      .select((eb) => [
        'row_id',
        eb.fn.sum<string>('reported').as('reported'),
        eb.fn.sum<string>('total').as('total'),
        eb.fn.min<string | null>('min_value').as('min'),
        eb.fn.max<string | null>('max_value').as('max'),
      ])
      .where('round_id', '=', roundId)
      .where('status', 'in', [...statuses])
      .$if(kind !== null, (q) => q.where('agency_kind', '=', kind!))
      .groupBy('row_id')
      .having((eb) => eb.fn.sum('reported'), '>', 0)
      .execute(),
    db
      .selectFrom('consolidation_codes')
      .select((eb) => ['row_id', 'code', eb.fn.sum<string>('agencies').as('agencies')])
      .where('round_id', '=', roundId)
      .where('status', 'in', [...statuses])
      .$if(kind !== null, (q) => q.where('agency_kind', '=', kind!))
      .groupBy(['row_id', 'code'])
      .having((eb) => eb.fn.sum('agencies'), '>', 0)
      .execute(),
    db
      .selectFrom('consolidation_ratios')
      .select((eb) => [
        'percent_row',
        eb.fn.sum<string>('numerator').as('numerator'),
        eb.fn.sum<string>('denominator').as('denominator'),
        eb.fn.sum<string>('agencies').as('agencies'),
      ])
      .where('round_id', '=', roundId)
      .where('status', 'in', [...statuses])
      .$if(kind !== null, (q) => q.where('agency_kind', '=', kind!))
      .groupBy('percent_row')
      .having((eb) => eb.fn.sum('agencies'), '>', 0)
      .execute(),
  ]);
  return {
    reports: Number(buckets?.reports ?? 0),
    cells: cells.map((c) => ({ rowId: c.row_id, reported: Number(c.reported), total: Number(c.total), min: num(c.min), max: num(c.max) })),
    codes: codes.map((c) => ({ rowId: c.row_id, code: Number(c.code), agencies: Number(c.agencies) })),
    ratios: ratios.map((r) => ({
      percentRow: r.percent_row,
      numerator: Number(r.numerator),
      denominator: Number(r.denominator),
      agencies: Number(r.agencies),
    })),
  };
}

/** The reports a consolidation counts, joined to their agencies (a base query for the reads below). */
function countedReports(db: Db, scope: ConsolidationScope) {
  return db
    .selectFrom('reports as r')
    .innerJoin('agencies as a', 'a.id', 'r.agency_id')
    .where('r.round_id', '=', scope.roundId)
    .where('r.status', 'in', [...scope.statuses])
    .$if(scope.kind !== null, (q) => q.where('a.kind', '=', scope.kind!));
}

/**
 * For each role, the counted agency holding it (the first by id) and its values of the given rows: the rows whose
 * province figure one agency reports.
 */
export async function readResponsibleValues(
  db: Db,
  scope: ConsolidationScope,
  roles: readonly string[],
  rowIds: readonly string[],
): Promise<Map<string, { agencyId: string; values: Map<string, number | null> }>> {
  const result = new Map<string, { agencyId: string; values: Map<string, number | null> }>();
  if (roles.length === 0 || scope.statuses.length === 0) return result;
  const holders = await countedReports(db, scope)
    .select(['r.id as report_id', 'a.id as agency_id', 'a.roles'])
    .where(sql<boolean>`a.roles && ${sql.val([...roles])}::text[]`)
    .orderBy('a.id')
    .execute();
  const reportOf = new Map<string, { reportId: string; agencyId: string }>();
  for (const role of roles) {
    const holder = holders.find((h) => h.roles.includes(role));
    if (holder) reportOf.set(role, { reportId: holder.report_id, agencyId: holder.agency_id });
  }
  const reportIds = [...new Set([...reportOf.values()].map((r) => r.reportId))];
  const values =
    reportIds.length === 0 || rowIds.length === 0
      ? []
      : await db
          .selectFrom('report_values')
          .select(['report_id', 'row_id', 'value'])
          .where('report_id', 'in', reportIds)
          .where('row_id', 'in', [...rowIds])
          .execute();
  for (const [role, { reportId, agencyId }] of reportOf) {
    result.set(role, { agencyId, values: new Map(values.filter((v) => v.report_id === reportId).map((v) => [v.row_id, num(v.value)])) });
  }
  return result;
}

/** The counted reports and their agencies, by agency id. */
export async function listCountedReports(db: Db, scope: ConsolidationScope) {
  if (scope.statuses.length === 0) return [];
  return countedReports(db, scope)
    .select(['r.id as report_id', 'r.status', 'a.id as agency_id', 'a.name', 'a.kind', 'a.roles'])
    .orderBy('a.id')
    .execute();
}

/** One row's value in each counted report: the drill-down behind a province figure. */
export async function readRowContributions(db: Db, scope: ConsolidationScope, rowId: string) {
  if (scope.statuses.length === 0) return [];
  return countedReports(db, scope)
    .leftJoin('report_values as v', (join) => join.onRef('v.report_id', '=', 'r.id').on('v.row_id', '=', rowId))
    .select(['a.id as agency_id', 'v.value', 'v.status', 'v.note', 'v.raw'])
    .orderBy('a.id')
    .execute();
}

/** Recomputes every aggregate from the reports (the triggers keep them true; this is for checks and repairs). */
export async function rebuildAggregates(db: Db): Promise<void> {
  await sql`select cchc_consolidation_rebuild()`.execute(db);
}

/** Every stored aggregate row, in a stable order (to compare kept-up aggregates with rebuilt ones). */
export async function dumpAggregates(db: Db) {
  return {
    buckets: await db
      .selectFrom('consolidation_buckets')
      .selectAll()
      .where('reports', '<>', 0)
      .orderBy(['round_id', 'status', 'agency_kind'])
      .execute(),
    cells: await db
      .selectFrom('consolidation_cells')
      .selectAll()
      .where('reported', '<>', 0)
      .orderBy(['round_id', 'status', 'agency_kind', 'row_id'])
      .execute(),
    codes: await db
      .selectFrom('consolidation_codes')
      .selectAll()
      .where('agencies', '<>', 0)
      .orderBy(['round_id', 'status', 'agency_kind', 'row_id', 'code'])
      .execute(),
    ratios: await db
      .selectFrom('consolidation_ratios')
      .selectAll()
      .where('agencies', '<>', 0)
      .orderBy(['round_id', 'status', 'agency_kind', 'percent_row'])
      .execute(),
    // migration 0010
    percentOnly: (
      await sql`select * from consolidation_percent_only where agencies <> 0 order by round_id, status, agency_kind, percent_row`.execute(db)
    ).rows,
    reportPercentOnly: (await sql`select * from consolidation_report_percent_only order by report_id, percent_row`.execute(db)).rows,
    findings: (
      await sql`select * from consolidation_findings where findings <> 0 order by round_id, status, agency_kind, rule, row_key, kind, severity`.execute(
        db,
      )
    ).rows,
    findingAgencies: (
      await sql`select * from consolidation_finding_agencies where agencies <> 0 order by round_id, status, agency_kind, rule, row_key`.execute(db)
    ).rows,
  };
}

/**
 * The accepted reports of some agencies for a period (of any round, or none), each agency's latest acceptance first:
 * what an earlier period's province figures are made of. Report rows only, never their values.
 */
export async function listAcceptedOfPeriod(db: Db, agencyIds: readonly string[], period: { year: number; kind: string }) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('reports')
    .select(['id', 'agency_id', 'round_id', 'template_id'])
    .where(sql<boolean>`agency_id = any(${sql.val([...agencyIds])}::text[])`)
    .where('period_year', '=', period.year)
    .where('period_kind', '=', period.kind)
    .where('status', '=', 'accepted')
    .orderBy('agency_id')
    .orderBy('accepted_at', 'desc')
    .execute();
}

/** A round's own row, without its agencies (read with their statuses by `listRoundMembers`). */
export async function getRoundRow(db: Db, roundId: string) {
  return db.selectFrom('rounds').selectAll().where('id', '=', roundId).executeTakeFirst();
}

/**
 * The agencies of a round (optionally of one kind) with their report's status, null when no report was created: the
 * coverage's denominator and the agencies left out, and (a round's reports being its agencies' reports, one each) the
 * agencies whose reports are counted.
 */
export async function listRoundMembers(db: Db, roundId: string, kind: AgencyKind | null) {
  return db
    .selectFrom('round_agencies as ra')
    .innerJoin('agencies as a', 'a.id', 'ra.agency_id')
    .leftJoin('reports as r', (join) => join.onRef('r.agency_id', '=', 'ra.agency_id').onRef('r.round_id', '=', 'ra.round_id'))
    .select(['a.id as agency_id', 'a.name', 'a.kind', 'r.status'])
    .where('ra.round_id', '=', roundId)
    .$if(kind !== null, (q) => q.where('a.kind', '=', kind!))
    .orderBy('a.id')
    .execute();
}

/**
 * Per percent row with a ratio rule, how many counted reports wrote the percentage without both its parts (they do
 * not enter the ratio; the figure counts them apart): the counts the database keeps per bucket (migration 0010).
 */
export async function countPercentOnly(db: Db, scope: ConsolidationScope): Promise<Map<string, number>> {
  if (scope.statuses.length === 0) return new Map();
  const result = await sql<{ percent_row: string; agencies: string | number }>`
    select percent_row, sum(agencies) as agencies from consolidation_percent_only
    where round_id = ${scope.roundId} and status = any(${sql.val([...scope.statuses])}::text[]) ${scope.kind === null ? sql`` : sql`and agency_kind = ${scope.kind}`}
    group by percent_row
    having sum(agencies) > 0`.execute(db);
  return new Map(result.rows.map((r) => [r.percent_row, Number(r.agencies)]));
}

/** How many reports a consolidation counts (the kept buckets: one indexed read whatever the number of agencies). */
export async function countCountedReports(db: Db, scope: ConsolidationScope): Promise<number> {
  if (scope.statuses.length === 0) return 0;
  const row = await db
    .selectFrom('consolidation_buckets')
    .select((eb) => eb.fn.sum<string | number | null>('reports').as('reports'))
    .where('round_id', '=', scope.roundId)
    .where('status', 'in', [...scope.statuses])
    .$if(scope.kind !== null, (q) => q.where('agency_kind', '=', scope.kind!))
    .executeTakeFirst();
  return Number(row?.reports ?? 0);
}
