/**
 * The annual CCHC plans, their tasks and the tasks' evidence files. Every write of a plan or a task checks the version
 * the writer read in the statement that bumps it (of two writers exactly one succeeds) and writes its audit row in
 * the same transaction.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, PlanTable, PlanTaskTable } from '../db/schema.js';
import { recordAudit } from './audit.repository.js';

type Db = Kysely<Database> | Transaction<Database>;
export type PlanRow = Selectable<PlanTable>;
export type PlanTaskRow = Selectable<PlanTaskTable>;

/** A task with the names of its agencies and its linked report's period. */
export interface PlanTaskListed extends PlanTaskRow {
  responsible_name: string;
  owner_name: string | null;
  evidence_period_year: number | null;
  evidence_period_kind: string | null;
  evidence_agency_id: string | null;
}

export interface PlanFileMeta {
  id: string;
  task_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  uploaded_at: Date;
  uploaded_by: string | null;
}

export interface AuditOf {
  actorId: string | null;
  action: string;
  now: Date;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

/** The provinces (agencies of kind province) at or above the given agencies in the tree. */
export async function provincesAbove(db: Db, agencyIds: readonly string[]): Promise<string[]> {
  if (agencyIds.length === 0) return [];
  const result = await sql<{ id: string }>`
    with recursive up(id, parent_id, kind) as (
      select id, parent_id, kind from agencies where id = any(${sql.val([...agencyIds])}::text[])
      union
      select a.id, a.parent_id, a.kind from agencies a join up on a.id = up.parent_id
    )
    select id from up where kind = 'province' order by id`.execute(db);
  return result.rows.map((r) => r.id);
}

export async function listPlans(db: Db, provinceIds: readonly string[]): Promise<(PlanRow & { province_name: string; tasks: number })[]> {
  if (provinceIds.length === 0) return [];
  const rows = await db
    .selectFrom('plans as p')
    .innerJoin('agencies as a', 'a.id', 'p.province_id')
    .select((eb) => [
      'p.id',
      'p.province_id',
      'p.year',
      'p.title',
      'p.decision',
      'p.version',
      'p.created_at',
      'p.updated_at',
      'p.updated_by',
      'a.name as province_name',
      eb.selectFrom('plan_tasks as t').whereRef('t.plan_id', '=', 'p.id').select(eb.fn.countAll<number>().as('n')).as('tasks'),
    ])
    .where('p.province_id', 'in', [...provinceIds])
    .orderBy('p.year', 'desc')
    .orderBy('a.name')
    .execute();
  return rows.map((r) => ({ ...r, tasks: Number(r.tasks ?? 0) }));
}

/** Whether any province has a plan for the year. */
export async function anyPlanOf(db: Db, year: number): Promise<boolean> {
  return (await db.selectFrom('plans').select('id').where('year', '=', year).limit(1).executeTakeFirst()) !== undefined;
}

export async function getPlan(db: Db, id: string): Promise<PlanRow | undefined> {
  return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPlan(db: Db, provinceId: string, year: number): Promise<PlanRow | undefined> {
  return db.selectFrom('plans').selectAll().where('province_id', '=', provinceId).where('year', '=', year).executeTakeFirst();
}

/** Inserts a plan unless the province already has one for the year; false then. */
export async function insertPlan(
  db: Kysely<Database>,
  plan: { id: string; provinceId: string; year: number; title: string; decision: string | null },
  audit: AuditOf,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('plans')
      .values({
        id: plan.id,
        province_id: plan.provinceId,
        year: plan.year,
        title: plan.title,
        decision: plan.decision,
        version: 1,
        created_at: audit.now,
        updated_at: audit.now,
        updated_by: audit.actorId,
      })
      .onConflict((oc) => oc.columns(['province_id', 'year']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return false;
    await recordAudit(
      trx,
      { actorId: audit.actorId, action: audit.action, entity: 'plan', entityId: plan.id, after: { version: 1, ...plan } },
      audit.now,
    );
    return true;
  });
}

/** Updates a plan's title and decision if its version is still `expected`; the new version, or null when stale. */
export async function updatePlan(
  db: Kysely<Database>,
  id: string,
  expected: number,
  fields: { title: string; decision: string | null },
  audit: AuditOf,
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('plans').select(['title', 'decision']).where('id', '=', id).executeTakeFirst();
    const updated = await trx
      .updateTable('plans')
      .set((eb) => ({ ...fields, version: eb('version', '+', 1), updated_at: audit.now, updated_by: audit.actorId }))
      .where('id', '=', id)
      .where('version', '=', expected)
      .returning('version')
      .executeTakeFirst();
    if (!updated) return null;
    await recordAudit(
      trx,
      {
        actorId: audit.actorId,
        action: audit.action,
        entity: 'plan',
        entityId: id,
        before: { version: expected, ...before },
        after: { version: updated.version, ...fields },
      },
      audit.now,
    );
    return updated.version;
  });
}

function listedTasks(db: Db) {
  return db
    .selectFrom('plan_tasks as t')
    .innerJoin('agencies as r', 'r.id', 't.responsible_agency_id')
    .leftJoin('agencies as o', 'o.id', 't.owner_agency_id')
    .leftJoin('reports as e', 'e.id', 't.evidence_report_id')
    .selectAll('t')
    .select([
      'r.name as responsible_name',
      'o.name as owner_name',
      'e.period_year as evidence_period_year',
      'e.period_kind as evidence_period_kind',
      'e.agency_id as evidence_agency_id',
    ]);
}

/** A plan's tasks in the plan's order. */
export async function listTasks(db: Db, planId: string): Promise<PlanTaskListed[]> {
  return listedTasks(db).where('t.plan_id', '=', planId).orderBy('t.position').orderBy('t.id').execute();
}

export async function getTask(db: Db, id: string): Promise<PlanTaskListed | undefined> {
  return listedTasks(db).where('t.id', '=', id).executeTakeFirst();
}

/** The files of the given tasks, without their content. */
export async function listFiles(db: Db, taskIds: readonly string[]): Promise<PlanFileMeta[]> {
  if (taskIds.length === 0) return [];
  return db
    .selectFrom('plan_task_files')
    .select(['id', 'task_id', 'file_name', 'content_type', 'size', 'sha256', 'uploaded_at', 'uploaded_by'])
    .where('task_id', 'in', [...taskIds])
    .orderBy('uploaded_at')
    .orderBy('id')
    .execute();
}

export async function getFile(db: Db, taskId: string, fileId: string): Promise<(PlanFileMeta & { content_base64: string }) | undefined> {
  return db.selectFrom('plan_task_files').selectAll().where('task_id', '=', taskId).where('id', '=', fileId).executeTakeFirst();
}

export interface NewTask {
  id: string;
  ownerAgencyId: string | null;
  area: PlanTaskTable['area'];
  title: string;
  responsibleAgencyId: string;
  deadline: string;
  expectedOutput: string | null;
}

/**
 * Appends tasks to a plan (after its last one) with one audit row each, if the plan's version is still `expected`
 * (the plan's version counts its task list: adding tasks bumps it). The new plan version, or null when stale.
 */
export async function insertTasks(
  db: Kysely<Database>,
  planId: string,
  expected: number,
  tasks: readonly NewTask[],
  audit: AuditOf,
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const bumped = await trx
      .updateTable('plans')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: audit.now, updated_by: audit.actorId }))
      .where('id', '=', planId)
      .where('version', '=', expected)
      .returning('version')
      .executeTakeFirst();
    if (!bumped) return null;
    const last = await trx
      .selectFrom('plan_tasks')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('plan_id', '=', planId)
      .executeTakeFirst();
    let position = Number(last?.p ?? 0);
    for (let i = 0; i < tasks.length; i += 500) {
      const chunk = tasks.slice(i, i + 500);
      await trx
        .insertInto('plan_tasks')
        .values(
          chunk.map((t) => ({
            id: t.id,
            plan_id: planId,
            position: ++position,
            owner_agency_id: t.ownerAgencyId,
            area: t.area,
            title: t.title,
            responsible_agency_id: t.responsibleAgencyId,
            deadline: t.deadline,
            expected_output: t.expectedOutput,
            version: 1,
            created_at: audit.now,
            updated_at: audit.now,
            updated_by: audit.actorId,
          })),
        )
        .execute();
      await trx
        .insertInto('audit_log')
        .values(
          chunk.map((t) => ({
            at: audit.now,
            actor_id: audit.actorId,
            action: audit.action,
            entity: 'plan-task',
            entity_id: t.id,
            before: null,
            after: JSON.stringify({ version: 1, planId, ...t, ...audit.after }),
          })),
        )
        .execute();
    }
    return bumped.version;
  });
}

type TaskChange = Partial<
  Pick<
    PlanTaskRow,
    | 'owner_agency_id'
    | 'area'
    | 'title'
    | 'responsible_agency_id'
    | 'deadline'
    | 'expected_output'
    | 'status'
    | 'done_on'
    | 'progress_note'
    | 'evidence_report_id'
  >
>;

/**
 * Changes a task if its version is still `expected`, with its audit row (the changed fields before and after, and
 * the audit's extra fields); the new version, or null when stale. `extra` runs in the same transaction after the
 * change (a file stored or removed with the version it bumps).
 */
export async function updateTask(
  db: Kysely<Database>,
  id: string,
  expected: number,
  change: TaskChange,
  audit: AuditOf,
  extra?: (trx: Transaction<Database>) => Promise<void>,
): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('plan_tasks').selectAll().where('id', '=', id).executeTakeFirst();
    const updated = await trx
      .updateTable('plan_tasks')
      .set((eb) => ({ ...change, version: eb('version', '+', 1), updated_at: audit.now, updated_by: audit.actorId }))
      .where('id', '=', id)
      .where('version', '=', expected)
      .returning('version')
      .executeTakeFirst();
    if (!updated || !before) return null;
    await extra?.(trx);
    const was = Object.fromEntries(Object.keys(change).map((k) => [k, before[k as keyof typeof before]]));
    await recordAudit(
      trx,
      {
        actorId: audit.actorId,
        action: audit.action,
        entity: 'plan-task',
        entityId: id,
        before: { version: expected, ...was, ...audit.before },
        after: { version: updated.version, ...change, ...audit.after },
      },
      audit.now,
    );
    return updated.version;
  });
}

/** Deletes a task (and its files) if its version is still `expected`; false when stale or gone. */
export async function deleteTask(db: Kysely<Database>, id: string, expected: number, audit: AuditOf): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deleted = await trx.deleteFrom('plan_tasks').where('id', '=', id).where('version', '=', expected).returningAll().executeTakeFirst();
    if (!deleted) return false;
    await trx
      .updateTable('plans')
      .set((eb) => ({ version: eb('version', '+', 1), updated_at: audit.now, updated_by: audit.actorId }))
      .where('id', '=', deleted.plan_id)
      .execute();
    await recordAudit(
      trx,
      { actorId: audit.actorId, action: audit.action, entity: 'plan-task', entityId: id, before: { ...deleted }, after: { deleted: true } },
      audit.now,
    );
    return true;
  });
}

export async function insertFile(
  trx: Transaction<Database>,
  file: {
    id: string;
    taskId: string;
    fileName: string;
    contentType: string;
    size: number;
    sha256: string;
    contentBase64: string;
    by: string | null;
    at: Date;
  },
): Promise<void> {
  await trx
    .insertInto('plan_task_files')
    .values({
      id: file.id,
      task_id: file.taskId,
      file_name: file.fileName,
      content_type: file.contentType,
      size: file.size,
      sha256: file.sha256,
      content_base64: file.contentBase64,
      uploaded_by: file.by,
      uploaded_at: file.at,
    })
    .execute();
}

export async function removeFile(trx: Transaction<Database>, taskId: string, fileId: string): Promise<void> {
  await trx.deleteFrom('plan_task_files').where('task_id', '=', taskId).where('id', '=', fileId).execute();
}

export async function countFiles(db: Db, taskId: string): Promise<number> {
  const row = await db
    .selectFrom('plan_task_files')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('task_id', '=', taskId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The province's agencies (the province itself and everything below it), with the names a plan file may use. */
export async function agenciesOfProvince(
  db: Db,
  provinceId: string,
): Promise<{ id: string; name: string; short_name: string | null; kind: string }[]> {
  const result = await sql<{ id: string; name: string; short_name: string | null; kind: string }>`
    with recursive within(id) as (
      select id from agencies where id = ${provinceId}
      union
      select a.id from agencies a join within w on a.parent_id = w.id
    )
    select a.id, a.name, a.short_name, a.kind from agencies a join within w on w.id = a.id order by a.name, a.id`.execute(db);
  return result.rows;
}
