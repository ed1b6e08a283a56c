/**
 * Import batches (the browser's whole-archive import): a batch of uploaded files and the documents in them, each read
 * into a preview and planned as sure (saved with one action) or held for review (with why), then saved or discarded
 * one by one. Kept in the database so a reload, or another consolidator, sees the same queue.
 *
 * import_batches.scope_agency_ids: the agencies at the top of the uploader's scope; whoever may import history for
 * all of them sees the batch. A document's sha256 is that of its bytes: a file already saved (in any batch) is never
 * saved again.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table import_batches (
    id text primary key,
    created_by text,
    scope_agency_ids jsonb not null,
    status text not null check (status in ('reading', 'ready')),
    total integer not null,
    created_at timestamptz not null,
    updated_at timestamptz not null)`.execute(db);
  await sql`create table import_batch_documents (
    id text primary key,
    batch_id text not null references import_batches(id) on delete cascade,
    seq integer not null,
    source text not null,
    size bigint not null,
    sha256 text,
    state text not null check (state in ('queued', 'reading', 'sure', 'held', 'saving', 'saved', 'discarded', 'failed')),
    reason text,
    message text,
    agency_id text,
    named_agency_id text,
    period_year integer,
    period_kind text,
    template_id text,
    preview jsonb,
    report_id text references reports(id) on delete set null,
    decided_by text,
    decided_at timestamptz,
    updated_at timestamptz not null,
    unique (batch_id, seq))`.execute(db);
  await sql`create index import_batch_documents_saved_sha on import_batch_documents (sha256) where state = 'saved'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists import_batch_documents`.execute(db);
  await sql`drop table if exists import_batches`.execute(db);
}
