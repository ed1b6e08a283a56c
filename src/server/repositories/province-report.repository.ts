/**
 * The province's report of a round and each province's settings for it. Every write checks the version the writer
 * read in the same statement that bumps it (of two consolidators saving at once exactly one succeeds), and writes
 * its audit row in the same transaction.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, ProvinceReportSettingsTable, ProvinceReportTable } from '../db/schema.js';
import { recordAudit } from './audit.repository.js';

type Db = Kysely<Database> | Transaction<Database>;
export type ProvinceReportRow = Selectable<ProvinceReportTable>;
export type ProvinceSettingsRow = Selectable<ProvinceReportSettingsTable>;

export async function getProvinceReport(db: Db, roundId: string): Promise<ProvinceReportRow | undefined> {
  return db.selectFrom('province_reports').selectAll().where('round_id', '=', roundId).executeTakeFirst();
}

export interface ProvinceReportWrite {
  sections: unknown[];
  rankingIndicators: string[];
  status: ProvinceReportTable['status'];
  number: string | null;
  issuedOn: string | null;
  issuedAt: Date | null;
  issuedBy: string | null;
}

export interface Audited {
  actorId: string | null;
  action: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  now: Date;
}

/**
 * Writes the report if its version is still `expected` (0: not stored yet, inserted now unless another writer did
 * first). Returns the new version, or null when the write was refused as stale; the audit row is written with it.
 */
export async function writeProvinceReport(
  db: Kysely<Database>,
  id: string,
  roundId: string,
  expected: number,
  write: ProvinceReportWrite,
  audit: Audited,
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const values = {
      sections: JSON.stringify(write.sections),
      ranking_indicators: JSON.stringify(write.rankingIndicators),
      status: write.status,
      number: write.number,
      issued_on: write.issuedOn,
      issued_at: write.issuedAt,
      issued_by: write.issuedBy,
      updated_at: audit.now,
      updated_by: audit.actorId,
    };
    let version: number | null;
    if (expected === 0) {
      const inserted = await trx
        .insertInto('province_reports')
        .values({ id, round_id: roundId, version: 1, created_at: audit.now, ...values })
        .onConflict((oc) => oc.column('round_id').doNothing())
        .returning('version')
        .executeTakeFirst();
      version = inserted?.version ?? null;
    } else {
      const updated = await trx
        .updateTable('province_reports')
        .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
        .where('round_id', '=', roundId)
        .where('version', '=', expected)
        .returning('version')
        .executeTakeFirst();
      version = updated?.version ?? null;
    }
    if (version === null) return null;
    const stored = await trx.selectFrom('province_reports').select('id').where('round_id', '=', roundId).executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        actorId: audit.actorId,
        action: audit.action,
        entity: 'province-report',
        entityId: stored.id,
        before: { version: expected, ...audit.before },
        after: { version, roundId, ...audit.after },
      },
      audit.now,
    );
    return version;
  });
}

/** The audit rows of a province report, oldest first: its history. */
export async function provinceReportHistory(db: Db, id: string) {
  return db
    .selectFrom('audit_log as l')
    .leftJoin('accounts as a', 'a.id', 'l.actor_id')
    .select(['l.id', 'l.at', 'l.action', 'l.actor_id', 'a.display_name', 'l.before', 'l.after'])
    .where('l.entity', '=', 'province-report')
    .where('l.entity_id', '=', id)
    .orderBy('l.id')
    .execute();
}

export async function getProvinceSettings(db: Db, provinceId: string): Promise<ProvinceSettingsRow | undefined> {
  return db.selectFrom('province_report_settings').selectAll().where('province_id', '=', provinceId).executeTakeFirst();
}

/** Writes a province's settings if their version is still `expected` (0: none stored); the new version or null. */
export async function writeProvinceSettings(
  db: Kysely<Database>,
  provinceId: string,
  expected: number,
  settings: Record<string, unknown>,
  audit: Audited,
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    let version: number | null;
    if (expected === 0) {
      const inserted = await trx
        .insertInto('province_report_settings')
        .values({ province_id: provinceId, settings: JSON.stringify(settings), version: 1, updated_at: audit.now, updated_by: audit.actorId })
        .onConflict((oc) => oc.column('province_id').doNothing())
        .returning('version')
        .executeTakeFirst();
      version = inserted?.version ?? null;
    } else {
      const updated = await trx
        .updateTable('province_report_settings')
        .set((eb) => ({ settings: JSON.stringify(settings), version: eb('version', '+', 1), updated_at: audit.now, updated_by: audit.actorId }))
        .where('province_id', '=', provinceId)
        .where('version', '=', expected)
        .returning('version')
        .executeTakeFirst();
      version = updated?.version ?? null;
    }
    if (version === null) return null;
    await recordAudit(
      trx,
      {
        actorId: audit.actorId,
        action: audit.action,
        entity: 'province-settings',
        entityId: provinceId,
        before: { version: expected, ...audit.before },
        after: { version, ...audit.after },
      },
      audit.now,
    );
    return version;
  });
}

/** The province agency (kind 'province') above an agency, walking up the tree; null when there is none. */
export async function provinceOf(db: Db, agencyId: string): Promise<{ id: string; name: string; province: string | null } | null> {
  const result = await sql<{ id: string; name: string; province: string | null }>`
    with recursive up as (
      select id, parent_id, kind, name, province, 0 as depth from agencies where id = ${agencyId}
      union all
      select a.id, a.parent_id, a.kind, a.name, a.province, up.depth + 1 from agencies a join up on a.id = up.parent_id where up.depth < 20
    )
    select id, name, province from up where kind = 'province' order by depth limit 1`.execute(db);
  return result.rows[0] ?? null;
}

/** Accepted reports of a period for some agencies (any round, or history): the earlier periods' figures. */
export async function listAcceptedReportsOf(db: Db, agencyIds: readonly string[], period: { year: number; kind: string }) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('reports as r')
    .innerJoin('agencies as a', 'a.id', 'r.agency_id')
    .select(['r.id', 'r.agency_id', 'r.template_id', 'r.version', 'a.roles'])
    .where('r.agency_id', 'in', [...agencyIds])
    .where('r.period_year', '=', period.year)
    .where('r.period_kind', '=', period.kind)
    .where('r.status', '=', 'accepted')
    .orderBy('r.agency_id')
    .orderBy('r.accepted_at', 'desc')
    .execute();
}

/** Every report of a round with its agency and state (for the sources, and the annex of agencies that did not report). */
export async function listRoundReports(db: Db, roundId: string) {
  return db
    .selectFrom('round_agencies as ra')
    .innerJoin('agencies as a', 'a.id', 'ra.agency_id')
    .leftJoin('reports as r', (j) => j.onRef('r.agency_id', '=', 'ra.agency_id').onRef('r.round_id', '=', 'ra.round_id'))
    .select(['a.id as agency_id', 'a.name', 'a.kind', 'r.id as report_id', 'r.status', 'r.version', 'r.submitted_at', 'r.template_id'])
    .where('ra.round_id', '=', roundId)
    .orderBy('a.name')
    .execute();
}

/** The narrative sections of many reports, by report. */
export async function narrativesOf(db: Db, reportIds: readonly string[]) {
  const out = new Map<string, { heading: string; level: number; body: string }[]>(reportIds.map((id) => [id, []]));
  if (reportIds.length === 0) return out;
  const rows = await db
    .selectFrom('narrative_sections')
    .select(['report_id', 'heading', 'level', 'body'])
    .where('report_id', 'in', [...reportIds])
    .orderBy('report_id')
    .orderBy('position')
    .execute();
  for (const row of rows) out.get(row.report_id)!.push({ heading: row.heading, level: row.level, body: row.body });
  return out;
}

/** An agency's latest accepted report of an earlier period than the round's (for "changed since the previous report"). */
export async function previousReportsOf(db: Db, agencyIds: readonly string[], before: { year: number }) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('reports')
    .select(['id', 'agency_id', 'period_year', 'period_kind'])
    .where('agency_id', 'in', [...agencyIds])
    .where('status', '=', 'accepted')
    .where('period_year', '<=', before.year)
    .orderBy('agency_id')
    .orderBy('period_year', 'desc')
    .execute();
}
