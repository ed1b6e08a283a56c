/**
 * The reporting officer sends the report to her agency's leader ("Gửi lãnh đạo duyệt"): when and by whom it was sent,
 * on the report (cleared when the Sở Nội vụ returns or reopens it). The leader is told by a notice of a new kind,
 * addressed to a role of the agency and naming the report.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('reports')
    .addColumn('sent_to_leader_at', 'timestamptz')
    .addColumn('sent_to_leader_by', 'text', (c) => c.references('accounts.id'))
    .execute();
  await db.schema
    .alterTable('notices')
    .addColumn('report_id', 'text', (c) => c.references('reports.id').onDelete('cascade'))
    .addColumn('to_role', 'text')
    .execute();
  await sql`alter table notices drop constraint if exists notices_kind_check`.execute(db);
  await sql`alter table notices add constraint notices_kind_check check (kind in ('reminder', 'approval-request'))`.execute(db);
  await db.schema.createIndex('notices_report').on('notices').column('report_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from notices where kind <> 'reminder'`.execute(db);
  await sql`alter table notices drop constraint if exists notices_kind_check`.execute(db);
  await sql`alter table notices add constraint notices_kind_check check (kind in ('reminder'))`.execute(db);
  await db.schema.dropIndex('notices_report').ifExists().execute();
  await db.schema.alterTable('notices').dropColumn('report_id').dropColumn('to_role').execute();
  await db.schema.alterTable('reports').dropColumn('sent_to_leader_at').dropColumn('sent_to_leader_by').execute();
}
