/** Snapshots of a report at every submission, for the diff between submissions and the history. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_submissions')
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('cells', 'jsonb', (c) => c.notNull())
    .addColumn('narrative', 'jsonb', (c) => c.notNull())
    .addColumn('explanations', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addPrimaryKeyConstraint('report_submissions_pk', ['report_id', 'number'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('report_submissions').ifExists().execute();
}
