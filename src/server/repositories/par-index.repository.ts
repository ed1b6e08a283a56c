/**
 * The CCHC index's storage: criteria sets (stored as loaded), assessments with their scores and evidence, the facts
 * computed criteria read (the year's rounds and the agency's accepted reports), publications. Every write to an
 * assessment checks the version the writer read in the statement that bumps it (of two writers at once exactly one
 * succeeds) and writes its audit row in the same transaction.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AgencyKind, Database, IndexAssessmentTable, IndexEvidenceTable, IndexScoreTable } from '../db/schema.js';
import { recordAudit } from './audit.repository.js';

type Db = Kysely<Database> | Transaction<Database>;
export type AssessmentRow = Selectable<IndexAssessmentTable>;
export type ScoreRow = Selectable<IndexScoreTable>;
export type EvidenceRow = Omit<Selectable<IndexEvidenceTable>, 'content_base64'>;

/** Stores the sets not stored yet (a stored set is never replaced: assessments were made against it). */
export async function storeCriteriaSets(
  db: Db,
  sets: readonly { id: string; year: number; group: 'departments' | 'communes'; name: string; definition: object }[],
) {
  if (sets.length === 0) return;
  await db
    .insertInto('index_criteria_sets')
    .values(sets.map((s) => ({ id: s.id, year: s.year, agency_group: s.group, name: s.name, definition: JSON.stringify(s.definition) })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function listCriteriaSets(db: Db) {
  return db.selectFrom('index_criteria_sets').selectAll().orderBy('year', 'desc').orderBy('agency_group').execute();
}

export async function getCriteriaSet(db: Db, id: string) {
  return db.selectFrom('index_criteria_sets').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getAssessment(db: Db, setId: string, agencyId: string): Promise<AssessmentRow | undefined> {
  return db.selectFrom('index_assessments').selectAll().where('set_id', '=', setId).where('agency_id', '=', agencyId).executeTakeFirst();
}

/** The agencies of a group (by kinds) within some agencies, in force during the year, with their assessment if any. */
export async function listGroupAgencies(db: Db, setId: string, kinds: readonly AgencyKind[], within: readonly string[], year: number) {
  if (within.length === 0) return [];
  return db
    .selectFrom('agencies as a')
    .leftJoin('index_assessments as s', (j) => j.onRef('s.agency_id', '=', 'a.id').on('s.set_id', '=', setId))
    .select(['a.id as agency_id', 'a.name', 'a.parent_id', 's.id as assessment_id', 's.status', 's.version', 's.submitted_at', 's.finalised_at'])
    .where('a.kind', 'in', [...kinds])
    .where('a.id', 'in', [...within])
    .where('a.valid_from', '<=', `${year}-12-31`)
    .where((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>=', `${year}-01-01`)]))
    .orderBy('a.name')
    .execute();
}

export async function getScores(db: Db, assessmentIds: readonly string[]): Promise<ScoreRow[]> {
  if (assessmentIds.length === 0) return [];
  return db
    .selectFrom('index_scores')
    .selectAll()
    .where('assessment_id', 'in', [...assessmentIds])
    .orderBy('assessment_id')
    .orderBy('code')
    .execute();
}

export async function listEvidence(db: Db, assessmentIds: readonly string[]): Promise<EvidenceRow[]> {
  if (assessmentIds.length === 0) return [];
  return db
    .selectFrom('index_evidence')
    .select([
      'id',
      'assessment_id',
      'code',
      'kind',
      'title',
      'file_name',
      'content_type',
      'size',
      'sha256',
      'report_id',
      'url',
      'created_by',
      'created_at',
    ])
    .where('assessment_id', 'in', [...assessmentIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** One piece of evidence with its file's content and the agency it belongs to (for a download). */
export async function getEvidenceFile(db: Db, id: string) {
  return db
    .selectFrom('index_evidence as e')
    .innerJoin('index_assessments as s', 's.id', 'e.assessment_id')
    .select(['e.id', 'e.kind', 'e.file_name', 'e.content_type', 'e.size', 'e.content_base64', 's.agency_id', 's.set_id'])
    .where('e.id', '=', id)
    .executeTakeFirst();
}

export interface ScoreWrite {
  code: string;
  /** Which side is written: the agency's self score, or the appraisal's. */
  side: 'self' | 'appraisal';
  score: number | null;
  text: string | null;
}

export interface EvidenceWrite {
  id: string;
  code: string;
  kind: 'file' | 'report' | 'link';
  title: string;
  file?: { name: string; contentType: string; size: number; sha256: string; base64: string };
  reportId?: string;
  url?: string;
}

export interface AssessmentWrite {
  status?: IndexAssessmentTable['status'];
  returnReason?: string | null;
  submittedAt?: Date;
  finalisedAt?: Date | null;
  scores?: ScoreWrite[];
  addEvidence?: EvidenceWrite;
  removeEvidence?: string;
  /** The computed points to freeze (at finalisation), or to clear (null, on reopening). */
  freeze?: { code: string; points: number | null }[];
}

export interface Audited {
  actorId: string | null;
  action: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  now: Date;
}

/**
 * Writes to an assessment if its version is still `expected` (0: not stored yet, inserted now unless another writer
 * did first). Returns the new version, or null when refused as stale; nothing is written then.
 */
export async function writeAssessment(
  db: Kysely<Database>,
  key: { id: string; setId: string; agencyId: string },
  expected: number,
  write: AssessmentWrite,
  audit: Audited,
): Promise<{ id: string; version: number } | null> {
  return db.transaction().execute(async (trx) => {
    const fields = {
      ...(write.status ? { status: write.status } : {}),
      ...(write.returnReason !== undefined ? { return_reason: write.returnReason } : {}),
      ...(write.submittedAt ? { submitted_at: write.submittedAt } : {}),
      ...(write.finalisedAt !== undefined ? { finalised_at: write.finalisedAt } : {}),
      updated_at: audit.now,
      updated_by: audit.actorId,
    };
    let stored: { id: string; version: number } | undefined;
    if (expected === 0) {
      stored = await trx
        .insertInto('index_assessments')
        .values({
          id: key.id,
          set_id: key.setId,
          agency_id: key.agencyId,
          version: 1,
          created_at: audit.now,
          ...fields,
          status: write.status ?? 'draft',
        })
        .onConflict((oc) => oc.columns(['set_id', 'agency_id']).doNothing())
        .returning(['id', 'version'])
        .executeTakeFirst();
    } else {
      stored = await trx
        .updateTable('index_assessments')
        .set((eb) => ({ ...fields, version: eb('version', '+', 1) }))
        .where('set_id', '=', key.setId)
        .where('agency_id', '=', key.agencyId)
        .where('version', '=', expected)
        .returning(['id', 'version'])
        .executeTakeFirst();
    }
    if (!stored) return null;
    const id = stored.id;
    for (const s of write.scores ?? []) {
      const values =
        s.side === 'self'
          ? { self_score: s.score, self_note: s.text, updated_at: audit.now, updated_by: audit.actorId }
          : { appraised_score: s.score, appraisal_reason: s.text, updated_at: audit.now, updated_by: audit.actorId };
      await trx
        .insertInto('index_scores')
        .values({ assessment_id: id, code: s.code, ...values })
        .onConflict((oc) => oc.columns(['assessment_id', 'code']).doUpdateSet(values))
        .execute();
    }
    for (const f of write.freeze ?? []) {
      await trx
        .insertInto('index_scores')
        .values({ assessment_id: id, code: f.code, computed_score: f.points, updated_at: audit.now, updated_by: audit.actorId })
        .onConflict((oc) => oc.columns(['assessment_id', 'code']).doUpdateSet({ computed_score: f.points }))
        .execute();
    }
    if (write.addEvidence) {
      const e = write.addEvidence;
      await trx
        .insertInto('index_evidence')
        .values({
          id: e.id,
          assessment_id: id,
          code: e.code,
          kind: e.kind,
          title: e.title,
          file_name: e.file?.name ?? null,
          content_type: e.file?.contentType ?? null,
          size: e.file?.size ?? null,
          sha256: e.file?.sha256 ?? null,
          content_base64: e.file?.base64 ?? null,
          report_id: e.reportId ?? null,
          url: e.url ?? null,
          created_by: audit.actorId,
          created_at: audit.now,
        })
        .execute();
    }
    if (write.removeEvidence) {
      await trx.deleteFrom('index_evidence').where('id', '=', write.removeEvidence).where('assessment_id', '=', id).execute();
    }
    await recordAudit(
      trx,
      {
        actorId: audit.actorId,
        action: audit.action,
        entity: 'index-assessment',
        entityId: id,
        before: { version: expected, ...audit.before },
        after: { version: stored.version, setId: key.setId, agencyId: key.agencyId, ...audit.after },
      },
      audit.now,
    );
    return stored;
  });
}

/** The audit rows of an assessment, oldest first: its history (every adjustment and return, with who and when). */
export async function assessmentHistory(db: Db, id: string) {
  return db
    .selectFrom('audit_log as l')
    .leftJoin('accounts as a', 'a.id', 'l.actor_id')
    .select(['l.id', 'l.at', 'l.action', 'a.display_name', 'l.before', 'l.after'])
    .where('l.entity', '=', 'index-assessment')
    .where('l.entity_id', '=', id)
    .orderBy('l.id')
    .execute();
}

/** The rounds of a year an agency is in, with its report's submission time (the facts of report timeliness). */
export async function roundFactsOf(db: Db, agencyIds: readonly string[], year: number) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('round_agencies as ra')
    .innerJoin('rounds as r', 'r.id', 'ra.round_id')
    .leftJoin('reports as p', (j) => j.onRef('p.round_id', '=', 'ra.round_id').onRef('p.agency_id', '=', 'ra.agency_id'))
    .select(['ra.agency_id', 'r.id as round_id', 'r.period_year', 'r.period_kind', 'r.deadline', 'p.submitted_at', 'p.status'])
    .where('ra.agency_id', 'in', [...agencyIds])
    .where('r.period_year', '=', year)
    .orderBy('r.deadline')
    .execute();
}

/** An agency's reports of a year that were sent (submitted or accepted): the reports evidence links and computations read. */
export async function reportsOfYear(db: Db, agencyIds: readonly string[], year: number, statuses: readonly ('submitted' | 'accepted')[]) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('reports')
    .select(['id', 'agency_id', 'template_id', 'period_year', 'period_kind', 'status', 'submitted_at', 'accepted_at'])
    .where('agency_id', 'in', [...agencyIds])
    .where('period_year', '=', year)
    .where('status', 'in', [...statuses])
    .orderBy('agency_id')
    .orderBy('accepted_at', 'desc')
    .execute();
}

export async function getReportBrief(db: Db, id: string) {
  return db.selectFrom('reports').select(['id', 'agency_id', 'period_year', 'period_kind', 'status']).where('id', '=', id).executeTakeFirst();
}

export async function getPublication(db: Db, setId: string, provinceId: string) {
  return db.selectFrom('index_publications').selectAll().where('set_id', '=', setId).where('province_id', '=', provinceId).executeTakeFirst();
}

/** Publishes (or publishes again, with a new decision) a group's results in a province; audited. */
export async function publishResults(db: Kysely<Database>, setId: string, provinceId: string, decision: string | null, actorId: string, now: Date) {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('index_publications')
      .values({ set_id: setId, province_id: provinceId, decision, published_at: now, published_by: actorId })
      .onConflict((oc) => oc.columns(['set_id', 'province_id']).doUpdateSet({ decision, published_at: now, published_by: actorId }))
      .execute();
    await recordAudit(
      trx,
      { actorId, action: 'index-publish', entity: 'index-publication', entityId: `${setId}|${provinceId}`, after: { decision } },
      now,
    );
  });
}

/** The province (kind 'province') above each of some agencies (an agency that is a province: itself), walking up the tree. */
export async function provincesAbove(db: Db, agencyIds: readonly string[]): Promise<Map<string, string>> {
  if (agencyIds.length === 0) return new Map();
  const result = await sql<{ agency_id: string; province_id: string }>`
    with recursive up as (
      select id as start, id, parent_id, kind, 0 as depth from agencies where id in (${sql.join([...agencyIds])})
      union all
      select up.start, a.id, a.parent_id, a.kind, up.depth + 1 from agencies a join up on a.id = up.parent_id where up.depth < 20
    )
    select distinct on (start) start as agency_id, id as province_id from up where kind = 'province' order by start, depth`.execute(db);
  return new Map(result.rows.map((r) => [r.agency_id, r.province_id]));
}
