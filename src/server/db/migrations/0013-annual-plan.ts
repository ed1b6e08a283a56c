/**
 * The annual CCHC plan (Kế hoạch CCHC năm) of a province: one plan per province and year, its tasks (the province's
 * or an agency's own; area, responsible agency, deadline, expected output; progress: status, done date, note, a
 * linked report as evidence), each versioned (a write carries the version it read), and the files attached to a task
 * as evidence (stored as base64 text, so backups carry them as any other text).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('province_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.references('accounts.id'))
    .addUniqueConstraint('plans_province_year', ['province_id', 'year'])
    .execute();

  await db.schema
    .createTable('plan_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('owner_agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('area', 'text', (c) =>
      c.notNull().check(sql`area in ('direction', 'institutions', 'procedures', 'organisation', 'civil-service', 'finance', 'egov')`),
    )
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('responsible_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('deadline', 'date', (c) => c.notNull())
    .addColumn('expected_output', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('not-started')
        .check(sql`status in ('not-started', 'in-progress', 'done')`),
    )
    .addColumn('done_on', 'date')
    .addColumn('progress_note', 'text')
    .addColumn('evidence_report_id', 'text', (c) => c.references('reports.id').onDelete('set null'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.references('accounts.id'))
    .addCheckConstraint('plan_tasks_done_on', sql`(status = 'done') = (done_on is not null)`)
    .execute();
  await db.schema.createIndex('plan_tasks_plan').on('plan_tasks').columns(['plan_id', 'position']).execute();
  await db.schema.createIndex('plan_tasks_responsible').on('plan_tasks').column('responsible_agency_id').execute();

  await db.schema
    .createTable('plan_task_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull().references('plan_tasks.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_base64', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('plan_task_files_task').on('plan_task_files').column('task_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('plan_task_files').ifExists().execute();
  await db.schema.dropTable('plan_tasks').ifExists().execute();
  await db.schema.dropTable('plans').ifExists().execute();
}
