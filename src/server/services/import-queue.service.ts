/**
 * The browser's whole-archive import: many files or .zip archives uploaded at once become a batch, kept in the
 * database (migration 0014) so a reload or another consolidator sees the same queue.
 *
 * 1. The upload is checked (sizes, count, hostile archives refused as `cchc import` refuses them) and its documents
 *    stored as queued; the request answers at once (202) and the documents are read in the background, one at a
 *    time, off the request thread (the import worker pool), each with the SHA-256 of its bytes. The batch's progress
 *    is the documents read out of its total.
 * 2. Once all are read, the batch is planned as `cchc import --save` plans it (import-batch.service.ts): the sure
 *    documents (template, agency through the successor links, period, no duplicate) and those held for review, each
 *    with why. A file whose bytes were saved before (in any batch) is marked saved with that report: never saved twice.
 * 3. The sure ones are saved with one action; each held one is opened (its preview), fixed and saved, or discarded.
 *    Saving claims the document first (a conditional update), so a double click or two consolidators save it once;
 *    a save the service refuses (the agency already has an accepted report for the period…) puts it back in the
 *    queue with the reason.
 *
 * Every value saved carries its provenance (the file, its SHA-256, where the value stood, whether it was doubtful,
 * whether the reviewer changed it, and the batch).
 */
import { createHash } from 'node:crypto';
import { collectUploads, type InputDocument, type UploadedFile } from '../../import/archive/collect-inputs.js';
import type { ImportError } from '../../import/import-error.js';
import type { ImportBatchSaveBody, ImportSaveBody } from '../../shared/import-schemas.js';
import type { Context } from '../context.js';
import type { ImportDocumentState } from '../db/schema.js';
import { may, type Actor } from '../policies/access.js';
import { listAgencies } from '../repositories/agency.repository.js';
import {
  findSavedBySha,
  getImportBatch,
  getImportDocument,
  importDocumentsIn,
  insertImportBatch,
  listImportBatches,
  listImportDocuments,
  setImportBatchStatus,
  updateImportDocument,
  type ImportBatchRow,
  type ImportDocumentRow,
  type ImportDocumentSummaryRow,
  type NewImportDocument,
} from '../repositories/import-batch.repository.js';
import { listTemplateDefinitions } from '../repositories/template.repository.js';
import { planHistoryImport, saveBodyOf, type PlannedDocument } from './import-batch.service.js';
import type { ImportJobResult } from './import-worker.js';
import { runImportJob } from './import-worker-pool.js';
import { MAX_UPLOAD_BYTES, saveImport } from './import.service.js';
import { forbidden, notFound, ServiceError } from './service-error.js';

/** Files in one upload, documents in one batch (after the archives are opened), bytes of one upload. */
export const BATCH_LIMITS = { files: 200, documents: 500, totalBytes: 200 * 1024 * 1024, documentBytes: MAX_UPLOAD_BYTES } as const;

/** A batch still marked as reading that no process has touched for this long was interrupted (the server stopped). */
const INTERRUPTED_AFTER_MS = 2 * 60_000;

export interface BatchView {
  batch: ImportBatchRow;
  documents: ImportDocumentSummaryRow[];
}

// ---------------------------------------------------------------------------------------------- who sees a batch

/** The agencies at the top of an actor's scope (those whose parent is outside it). */
async function scopeRoots(ctx: Context, actor: Actor): Promise<string[]> {
  const agencies = await listAgencies(ctx.db, [...actor.scope]);
  return agencies
    .filter((a) => a.parent_id === null || !actor.scope.has(a.parent_id))
    .map((a) => a.id)
    .sort();
}

const mayImportHistory = (actor: Actor) => may(actor, 'history:import');

/** Whoever may import history for every agency at the top of the uploader's scope sees the batch. */
function sees(actor: Actor, batch: ImportBatchRow): boolean {
  const roots = Array.isArray(batch.scope_agency_ids) ? batch.scope_agency_ids : [];
  return mayImportHistory(actor) && roots.length > 0 && roots.every((id) => actor.scope.has(id));
}

async function visibleBatch(ctx: Context, actor: Actor, batchId: string): Promise<ImportBatchRow> {
  if (!mayImportHistory(actor)) throw forbidden('import batches');
  const batch = await getImportBatch(ctx.db, batchId);
  // a batch of another province does not exist for this actor
  if (!batch || !sees(actor, batch)) throw notFound('import batch', batchId);
  return batch;
}

// ---------------------------------------------------------------------------------------------- upload and reading

/** Batches being read by this process, and when each read ends (tests wait for it). */
const reading = new Map<string, Promise<void>>();

/** Resolves once every batch this process is reading is read and planned. */
export async function batchReadsSettled(): Promise<void> {
  while (reading.size > 0) await Promise.allSettled([...reading.values()]);
}

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function tooMany(what: string, messageVi: string): ServiceError {
  return new ServiceError(413, 'too-many-files', messageVi, what);
}

/**
 * Creates a batch from uploaded files (zips opened): the documents queued, those refused (a nested zip, an entry too
 * large, an empty file) recorded as failed with why. Reading starts in the background; the batch is returned at once.
 */
export async function createImportBatch(ctx: Context, actor: Actor, files: readonly UploadedFile[]): Promise<BatchView> {
  if (!mayImportHistory(actor)) throw forbidden('import batches');
  if (files.length === 0) throw new ServiceError(400, 'no-file', 'Chưa chọn tệp báo cáo để tải lên.', 'batch upload without a file');
  if (files.length > BATCH_LIMITS.files) {
    throw tooMany(`${files.length} files in one upload`, `Mỗi lần tải lên tối đa ${BATCH_LIMITS.files} tệp; hãy nén thành tệp .zip hoặc chia nhỏ.`);
  }
  const { documents, refused } = await collectUploads(files, { maxDocumentBytes: BATCH_LIMITS.documentBytes });
  if (documents.length + refused.length > BATCH_LIMITS.documents) {
    throw tooMany(
      `${documents.length + refused.length} documents in one batch`,
      `Một lần nhập tối đa ${BATCH_LIMITS.documents} văn bản (tệp tải lên có ${documents.length + refused.length}); hãy chia thành nhiều lần.`,
    );
  }
  if (documents.length === 0 && refused.length === 0) {
    throw new ServiceError(
      400,
      'no-document',
      'Không có tệp báo cáo nào (.txt, .md, .docx, .xlsx, .pdf, .doc, .xls) trong các tệp đã chọn.',
      'batch upload without a supported document',
    );
  }
  const now = ctx.clock.now();
  const batchId = ctx.ids.next('impb');
  const queued: { id: string; input: InputDocument }[] = [];
  const rows: NewImportDocument[] = [];
  for (const input of documents) {
    const id = ctx.ids.next('impd');
    queued.push({ id, input });
    rows.push({ id, seq: rows.length + 1, source: input.source.slice(0, 500), size: 0, sha256: null, state: 'queued' });
  }
  for (const r of refused) {
    rows.push({
      id: ctx.ids.next('impd'),
      seq: rows.length + 1,
      source: r.source.slice(0, 500),
      size: 0,
      sha256: null,
      state: 'failed',
      reason: r.error.code,
      message: r.error.messageVi,
    });
  }
  await insertImportBatch(ctx.db, { id: batchId, createdBy: actor.accountId, scopeAgencyIds: await scopeRoots(ctx, actor), now }, rows);
  if (queued.length > 0) {
    const done = readBatch(ctx, actor, batchId, queued)
      .catch((error: unknown) => console.warn(`[cchc] import batch ${batchId}: reading failed: ${String(error)}`))
      .finally(() => reading.delete(batchId));
    reading.set(batchId, done);
  } else await planBatch(ctx, actor, batchId);
  return viewOf(ctx, batchId);
}

/** Imports a document in a worker; waits while the pool is busy with other uploads (429) rather than failing it. */
async function importInWorker(ctx: Context, bytes: Uint8Array, fileName: string, templates: Parameters<typeof runImportJob>[1]['templates']) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await runImportJob({ bytes, fileName }, { templates });
    } catch (error) {
      if (!(error instanceof ServiceError) || error.status !== 429 || attempt > 600) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

const failure = (code: string, messageVi: string) => ({ state: 'failed' as const, reason: code, message: messageVi });

async function readBatch(ctx: Context, actor: Actor, batchId: string, queued: readonly { id: string; input: InputDocument }[]): Promise<void> {
  const templates = await listTemplateDefinitions(ctx.db);
  for (const { id, input } of queued) {
    await updateImportDocument(ctx.db, id, { state: 'reading' }, ctx.clock.now(), ['queued']);
    let bytes: Uint8Array;
    try {
      bytes = await input.read();
    } catch (error) {
      const e = error as ImportError;
      await updateImportDocument(ctx.db, id, failure(e.code ?? 'unreadable', e.messageVi ?? 'Không đọc được tệp.'), ctx.clock.now());
      continue;
    }
    const sha256 = sha256Of(bytes);
    let change: Parameters<typeof updateImportDocument>[2];
    try {
      const outcome = await importInWorker(ctx, bytes, input.fileName, templates);
      if (outcome.ok) {
        change = { state: 'held', sha256, preview: { ...outcome.result, source: input.source } };
      } else if (outcome.error.kind === 'import') {
        change = { sha256, ...failure(outcome.error.code, outcome.error.messageVi) };
      } else {
        console.warn(`[cchc] import batch ${batchId}: ${input.source}: ${outcome.error.message}`);
        change = { sha256, ...failure('unreadable', 'Không đọc được tệp này. Hãy mở tệp, lưu lại dưới dạng .docx hoặc .xlsx rồi thử lại.') };
      }
    } catch (error) {
      change = { sha256, ...failure('unreadable', error instanceof ServiceError ? error.messageVi : 'Không đọc được tệp này.') };
    }
    // the size of what was read (an archive's entry: inflated)
    await updateImportDocument(ctx.db, id, { ...change, size: bytes.length }, ctx.clock.now(), ['reading']);
    await setImportBatchStatus(ctx.db, batchId, 'reading', ctx.clock.now());
  }
  await planBatch(ctx, actor, batchId);
}

const previewOf = (row: ImportDocumentRow) => row.preview as unknown as ImportJobResult;

/**
 * Plans the documents read (held until now): a file saved before is marked saved with its report; the others are
 * placed by `planHistoryImport` (sure, or held with why). The batch is then ready.
 */
async function planBatch(ctx: Context, actor: Actor, batchId: string): Promise<void> {
  const now = () => ctx.clock.now();
  const read = (await importDocumentsIn(ctx.db, batchId, ['held'])).filter((d) => d.preview !== null && d.reason === null);
  const toPlan: ImportDocumentRow[] = [];
  for (const document of read) {
    const saved = document.sha256 ? await findSavedBySha(ctx.db, document.sha256) : undefined;
    if (saved) {
      await updateImportDocument(ctx.db, document.id, alreadySaved(saved.report_id), now(), ['held']);
    } else toPlan.push(document);
  }
  const byPreview = new Map<ImportJobResult, ImportDocumentRow>();
  const previews = toPlan.map((d) => {
    const preview = previewOf(d);
    byPreview.set(preview, d);
    return preview;
  });
  const plan = await planHistoryImport(ctx, actor, previews);
  for (const sure of plan.sure) {
    await updateImportDocument(ctx.db, byPreview.get(sure.preview)!.id, { state: 'sure', ...placeOf(sure) }, now(), ['held']);
  }
  for (const held of plan.held) {
    const p = held.preview;
    await updateImportDocument(
      ctx.db,
      byPreview.get(p)!.id,
      {
        state: 'held',
        reason: held.reason,
        message: held.messageVi,
        agency_id: held.agencyIds.length === 1 ? held.agencyIds[0]! : null,
        period_year: p.period?.year ?? null,
        period_kind: p.period?.kind ?? null,
        template_id: p.template.id,
      },
      now(),
      ['held'],
    );
  }
  await setImportBatchStatus(ctx.db, batchId, 'ready', now());
}

const placeOf = (d: PlannedDocument) => ({
  reason: null,
  message: null,
  agency_id: d.agencyId,
  named_agency_id: d.namedAgencyId,
  period_year: d.period.year,
  period_kind: d.period.kind,
  template_id: d.preview.template.id,
});

const alreadySaved = (reportId: string) => ({
  state: 'saved' as const,
  reason: 'already-saved',
  message: 'Tệp này (cùng nội dung) đã được lưu trước đó; không lưu lại lần nữa.',
  report_id: reportId,
});

/**
 * A batch left as reading by a process that stopped: its unread documents fail (to be uploaded again) and the rest is
 * planned, so the queue never waits forever.
 */
async function finishInterrupted(ctx: Context, actor: Actor, batch: ImportBatchRow): Promise<void> {
  if (batch.status !== 'reading' || reading.has(batch.id)) return;
  if (ctx.clock.now().getTime() - new Date(batch.updated_at).getTime() < INTERRUPTED_AFTER_MS) return;
  for (const d of await importDocumentsIn(ctx.db, batch.id, ['queued', 'reading'])) {
    await updateImportDocument(ctx.db, d.id, failure('interrupted', 'Máy chủ dừng khi đang đọc tệp này: hãy tải tệp lên lại.'), ctx.clock.now(), [
      'queued',
      'reading',
    ]);
  }
  await planBatch(ctx, actor, batch.id);
}

// ---------------------------------------------------------------------------------------------- reading the queue

async function viewOf(ctx: Context, batchId: string): Promise<BatchView> {
  const batch = (await getImportBatch(ctx.db, batchId))!;
  return { batch, documents: await listImportDocuments(ctx.db, batchId) };
}

/** The batches the actor sees, newest first, with their documents (without previews). */
export async function listBatches(ctx: Context, actor: Actor): Promise<BatchView[]> {
  if (!mayImportHistory(actor)) throw forbidden('import batches');
  const batches = (await listImportBatches(ctx.db)).filter((b) => sees(actor, b));
  return Promise.all(batches.map(async (batch) => ({ batch, documents: await listImportDocuments(ctx.db, batch.id) })));
}

export async function getBatch(ctx: Context, actor: Actor, batchId: string): Promise<BatchView> {
  const batch = await visibleBatch(ctx, actor, batchId);
  await finishInterrupted(ctx, actor, batch);
  return viewOf(ctx, batchId);
}

export async function getBatchDocument(ctx: Context, actor: Actor, batchId: string, documentId: string): Promise<ImportDocumentRow> {
  await visibleBatch(ctx, actor, batchId);
  const document = await getImportDocument(ctx.db, batchId, documentId);
  if (!document) throw notFound('import document', documentId);
  return document;
}

// ---------------------------------------------------------------------------------------------- saving and discarding

const DECIDABLE: readonly ImportDocumentState[] = ['sure', 'held'];

function stateRefusal(document: ImportDocumentRow): ServiceError {
  const vi: Partial<Record<ImportDocumentState, string>> = {
    saving: 'Văn bản này đang được lưu (có thể bởi người khác). Hãy tải lại trang sau ít giây.',
    discarded: 'Văn bản này đã được bỏ qua, không lưu.',
    failed: 'Văn bản này không đọc được nên không lưu được.',
    queued: 'Văn bản này chưa được đọc xong.',
    reading: 'Văn bản này chưa được đọc xong.',
  };
  return new ServiceError(
    409,
    'document-state',
    vi[document.state] ?? 'Văn bản không ở trạng thái có thể lưu.',
    `import document ${document.id} is ${document.state}`,
    { state: document.state },
  );
}

/**
 * Saves one claimed document (state saving) with `body`: a file whose bytes were saved before is marked saved with
 * that report instead; a refusal of the save puts it back as held with the reason (and is returned).
 */
async function saveClaimed(
  ctx: Context,
  actor: Actor,
  document: ImportDocumentRow,
  body: ImportSaveBody,
): Promise<{ ok: true; reportId: string } | { ok: false; error: ServiceError }> {
  const now = () => ctx.clock.now();
  const decided = () => ({ decided_by: actor.accountId, decided_at: now() });
  const earlier = document.sha256 ? await findSavedBySha(ctx.db, document.sha256) : undefined;
  if (earlier) {
    await updateImportDocument(ctx.db, document.id, { ...alreadySaved(earlier.report_id), ...decided() }, now(), ['saving']);
    return { ok: true, reportId: earlier.report_id };
  }
  try {
    const { report } = await saveImport(ctx, actor, body, { batchId: document.batch_id });
    await updateImportDocument(
      ctx.db,
      document.id,
      {
        state: 'saved',
        reason: null,
        message: null,
        report_id: report.id,
        agency_id: body.agencyId,
        period_year: body.period.year,
        period_kind: body.period.kind,
        template_id: body.templateId,
        ...decided(),
      },
      now(),
      ['saving'],
    );
    return { ok: true, reportId: report.id };
  } catch (error) {
    // back in the queue, with why (an unexpected failure: as it was, and the error goes on)
    const refusal = error instanceof ServiceError ? error : null;
    await updateImportDocument(
      ctx.db,
      document.id,
      refusal
        ? { state: 'held', reason: refusal.code === 'report-exists' ? 'report-exists' : 'refused', message: refusal.messageVi }
        : { state: document.state },
      now(),
      ['saving'],
    );
    if (!refusal) throw error;
    return { ok: false, error: refusal };
  }
}

/** Claims a document for saving: only one request moves it from sure/held to saving. */
async function claim(ctx: Context, document: ImportDocumentRow): Promise<boolean> {
  return updateImportDocument(ctx.db, document.id, { state: 'saving' }, ctx.clock.now(), DECIDABLE);
}

/** Saves every sure document of the batch as accepted history; those the save refuses go back to the queue with why. */
export async function saveSureDocuments(ctx: Context, actor: Actor, batchId: string): Promise<BatchView> {
  const batch = await visibleBatch(ctx, actor, batchId);
  if (batch.status !== 'ready') {
    throw new ServiceError(409, 'batch-reading', 'Các tệp chưa được đọc xong; hãy chờ rồi lưu.', `import batch ${batchId} is still reading`);
  }
  for (const document of await importDocumentsIn(ctx.db, batchId, ['sure'])) {
    if (!document.agency_id || document.period_year === null || !document.period_kind) continue;
    if (!(await updateImportDocument(ctx.db, document.id, { state: 'saving' }, ctx.clock.now(), ['sure']))) continue;
    const planned: PlannedDocument = {
      source: document.source,
      agencyId: document.agency_id,
      namedAgencyId: document.named_agency_id,
      period: { year: document.period_year, kind: document.period_kind as PlannedDocument['period']['kind'] },
      preview: previewOf(document),
    };
    await saveClaimed(ctx, actor, document, saveBodyOf(planned));
  }
  return viewOf(ctx, batchId);
}

/**
 * Saves one reviewed document as accepted history with the agency, period, template and cells the reviewer fixed.
 * Each cell's provenance comes from the stored preview (where the value stood, whether it was doubtful), never from
 * the browser; a value the reviewer changed is marked edited. Saving a document already saved answers with it again.
 */
export async function saveBatchDocument(
  ctx: Context,
  actor: Actor,
  batchId: string,
  documentId: string,
  body: ImportBatchSaveBody,
): Promise<ImportDocumentRow> {
  const batch = await visibleBatch(ctx, actor, batchId);
  if (batch.status !== 'ready') {
    throw new ServiceError(409, 'batch-reading', 'Các tệp chưa được đọc xong; hãy chờ rồi lưu.', `import batch ${batchId} is still reading`);
  }
  const document = await getBatchDocument(ctx, actor, batchId, documentId);
  if (document.state === 'saved') return document;
  if (!DECIDABLE.includes(document.state)) throw stateRefusal(document);
  if (!(await claim(ctx, document))) {
    const now = (await getImportDocument(ctx.db, batchId, documentId))!;
    if (now.state === 'saved') return now;
    throw stateRefusal(now);
  }
  const preview = previewOf(document);
  const origins = new Map<string, ImportJobResult['rows'][number]>();
  for (const row of preview.rows) if (row.rowId && !origins.has(row.rowId)) origins.set(row.rowId, row);
  const saveBody: ImportSaveBody = {
    ...body,
    roundId: null,
    cells: body.cells.map((c) => {
      const row = origins.get(c.rowId);
      return row ? { ...c, origin: { at: (row.at ?? []).slice(0, 20), doubtful: row.unsure, raw: row.raw.slice(0, 2000) } } : c;
    }),
    source: document.source.slice(-500),
    ...(document.sha256 ? { sha256: document.sha256 } : {}),
    ...(preview.format === 'text' || preview.format === 'docx' || preview.format === 'xlsx' || preview.format === 'pdf'
      ? { format: preview.format }
      : {}),
  };
  const outcome = await saveClaimed(ctx, actor, document, saveBody);
  if (!outcome.ok) throw outcome.error;
  return (await getImportDocument(ctx.db, batchId, documentId))!;
}

/** Discards a document of the queue (it is not saved); discarding it again changes nothing. */
export async function discardBatchDocument(ctx: Context, actor: Actor, batchId: string, documentId: string): Promise<ImportDocumentRow> {
  const document = await getBatchDocument(ctx, actor, batchId, documentId);
  if (document.state === 'discarded') return document;
  const moved = await updateImportDocument(
    ctx.db,
    documentId,
    { state: 'discarded', decided_by: actor.accountId, decided_at: ctx.clock.now() },
    ctx.clock.now(),
    [...DECIDABLE, 'failed'],
  );
  const now = (await getImportDocument(ctx.db, batchId, documentId))!;
  if (!moved && now.state !== 'discarded') throw stateRefusal(now);
  return now;
}
