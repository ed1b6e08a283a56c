/**
 * The province's report of a round (its sections as JSON: text, generated or edited, inserted excerpts; its workflow
 * status, number and date; the indicators its ranking annex ranks), versioned like an agency's report, and each
 * province's settings for it (issuer, number suffix, recipients, signature).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('province_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().unique().references('rounds.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'ready', 'issued')`),
    )
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sections', 'jsonb', (c) => c.notNull())
    .addColumn('ranking_indicators', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('number', 'text')
    .addColumn('issued_on', 'date')
    .addColumn('issued_at', 'timestamptz')
    .addColumn('issued_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.references('accounts.id'))
    .execute();

  await db.schema
    .createTable('province_report_settings')
    .addColumn('province_id', 'text', (c) => c.primaryKey().references('agencies.id'))
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.references('accounts.id'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('province_report_settings').ifExists().execute();
  await db.schema.dropTable('province_reports').ifExists().execute();
}
