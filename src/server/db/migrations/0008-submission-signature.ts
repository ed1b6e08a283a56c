/**
 * The signature form of each submission: who signed and in what capacity (the head, or KT./TM./TL. for the head with
 * the signer's own title), as JSON, so the DOCX prints the signature block as Nghị định 30 lays it out. Null for
 * submissions made before it was recorded.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('report_submissions').addColumn('signature', 'jsonb').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('report_submissions').dropColumn('signature').execute();
}
