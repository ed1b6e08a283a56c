/**
 * Import batches and their documents (migration 0014): the browser's review queue of an archive. A document moves
 * queued → reading → sure | held | failed, then saving → saved (or back to held when the save is refused), or
 * discarded; every move that decides something is a conditional update, so two consolidators acting on one document
 * at once never both save it.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, ImportBatchDocumentTable, ImportBatchTable, ImportDocumentState } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;
export type ImportBatchRow = Selectable<ImportBatchTable>;
export type ImportDocumentRow = Selectable<ImportBatchDocumentTable>;
/** A document without its preview (the queue's list). */
export type ImportDocumentSummaryRow = Omit<ImportDocumentRow, 'preview'> & { unsure: number | null; findings: number | null };

export interface NewImportDocument {
  id: string;
  seq: number;
  source: string;
  size: number;
  sha256: string | null;
  state: ImportDocumentState;
  reason?: string | null;
  message?: string | null;
}

export async function insertImportBatch(
  db: Db,
  batch: { id: string; createdBy: string | null; scopeAgencyIds: string[]; now: Date },
  documents: readonly NewImportDocument[],
): Promise<void> {
  await db
    .insertInto('import_batches')
    .values({
      id: batch.id,
      created_by: batch.createdBy,
      scope_agency_ids: JSON.stringify(batch.scopeAgencyIds),
      status: documents.some((d) => d.state === 'queued') ? 'reading' : 'ready',
      total: documents.length,
      created_at: batch.now,
      updated_at: batch.now,
    })
    .execute();
  // a few hundred documents at most (the upload's limit); 11 parameters each stays far under PostgreSQL's 65,535
  for (let i = 0; i < documents.length; i += 500) {
    await db
      .insertInto('import_batch_documents')
      .values(
        documents.slice(i, i + 500).map((d) => ({
          id: d.id,
          batch_id: batch.id,
          seq: d.seq,
          source: d.source,
          size: d.size,
          sha256: d.sha256,
          state: d.state,
          reason: d.reason ?? null,
          message: d.message ?? null,
          updated_at: batch.now,
        })),
      )
      .execute();
  }
}

export async function getImportBatch(db: Db, id: string): Promise<ImportBatchRow | undefined> {
  return db.selectFrom('import_batches').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest batches first. */
export async function listImportBatches(db: Db, limit = 50): Promise<ImportBatchRow[]> {
  return db.selectFrom('import_batches').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function setImportBatchStatus(db: Db, id: string, status: ImportBatchRow['status'], now: Date): Promise<void> {
  await db.updateTable('import_batches').set({ status, updated_at: now }).where('id', '=', id).execute();
}

/** The documents of a batch in upload order, without their previews (with the counts the queue shows). */
export async function listImportDocuments(db: Db, batchId: string): Promise<ImportDocumentSummaryRow[]> {
  const rows = await db
    .selectFrom('import_batch_documents')
    .select([
      'id',
      'batch_id',
      'seq',
      'source',
      'size',
      'sha256',
      'state',
      'reason',
      'message',
      'agency_id',
      'named_agency_id',
      'period_year',
      'period_kind',
      'template_id',
      'report_id',
      'decided_by',
      'decided_at',
      'updated_at',
    ])
    .select([
      sql<number | null>`jsonb_array_length(preview -> 'findings') + jsonb_array_length(preview -> 'problems')`.as('findings'),
      sql<
        number | null
      >`case when preview is null then null else (select count(*) from jsonb_array_elements(preview -> 'rows') e where (e ->> 'unsure')::boolean) end`.as(
        'unsure',
      ),
    ])
    .where('batch_id', '=', batchId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ...r, findings: r.findings === null ? null : Number(r.findings), unsure: r.unsure === null ? null : Number(r.unsure) }));
}

export async function getImportDocument(db: Db, batchId: string, id: string): Promise<ImportDocumentRow | undefined> {
  return db.selectFrom('import_batch_documents').selectAll().where('batch_id', '=', batchId).where('id', '=', id).executeTakeFirst();
}

/** Documents of a batch in the given states, with their previews. */
export async function importDocumentsIn(db: Db, batchId: string, states: readonly ImportDocumentState[]): Promise<ImportDocumentRow[]> {
  if (states.length === 0) return [];
  return db
    .selectFrom('import_batch_documents')
    .selectAll()
    .where('batch_id', '=', batchId)
    .where('state', 'in', [...states])
    .orderBy('seq')
    .execute();
}

export interface ImportDocumentUpdate {
  state?: ImportDocumentState;
  size?: number;
  sha256?: string | null;
  reason?: string | null;
  message?: string | null;
  agency_id?: string | null;
  named_agency_id?: string | null;
  period_year?: number | null;
  period_kind?: string | null;
  template_id?: string | null;
  preview?: Record<string, unknown> | null;
  report_id?: string | null;
  decided_by?: string | null;
  decided_at?: Date | null;
}

/**
 * Updates a document, only while it is in one of `from` (none given: whatever its state). Whether it was updated: a
 * document another request moved on in between is left as that request left it.
 */
export async function updateImportDocument(
  db: Db,
  id: string,
  change: ImportDocumentUpdate,
  now: Date,
  from?: readonly ImportDocumentState[],
): Promise<boolean> {
  const { preview, ...rest } = change;
  let query = db
    .updateTable('import_batch_documents')
    .set({ ...rest, ...(preview !== undefined ? { preview: preview === null ? null : JSON.stringify(preview) } : {}), updated_at: now })
    .where('id', '=', id);
  if (from) query = query.where('state', 'in', [...from]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A saved document (in any batch) with these bytes whose report still exists: the file was saved already. */
export async function findSavedBySha(db: Db, sha256: string): Promise<{ id: string; batch_id: string; report_id: string } | undefined> {
  const row = await db
    .selectFrom('import_batch_documents as d')
    .innerJoin('reports as r', 'r.id', 'd.report_id')
    .select(['d.id', 'd.batch_id', 'd.report_id'])
    .where('d.sha256', '=', sha256)
    .where('d.state', '=', 'saved')
    .orderBy('d.decided_at')
    .executeTakeFirst();
  return row && row.report_id !== null ? { id: row.id, batch_id: row.batch_id, report_id: row.report_id } : undefined;
}
