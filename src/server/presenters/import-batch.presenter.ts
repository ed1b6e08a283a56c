/** Import batches → API shapes (the review queue of an archive; src/shared/import-schemas.ts). */
import type { PeriodKind } from '../../core/periods/period.js';
import type {
  ImportBatchDocumentDetailDto,
  ImportBatchDocumentDto,
  ImportBatchDto,
  ImportBatchListDto,
  ImportDocumentState,
  ImportPreviewDto,
} from '../../shared/import-schemas.js';
import { importDocumentStateSchema } from '../../shared/import-schemas.js';
import type { ImportDocumentRow, ImportDocumentSummaryRow } from '../repositories/import-batch.repository.js';
import type { BatchView } from '../services/import-queue.service.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export const presentImportDocument = (d: ImportDocumentSummaryRow | ImportDocumentRow): ImportBatchDocumentDto => ({
  id: d.id,
  seq: d.seq,
  source: d.source,
  size: Number(d.size),
  sha256: d.sha256,
  state: d.state,
  reason: d.reason,
  message: d.message,
  agencyId: d.agency_id,
  namedAgencyId: d.named_agency_id,
  period: d.period_year !== null && d.period_kind ? { year: d.period_year, kind: d.period_kind as PeriodKind } : null,
  templateId: d.template_id,
  reportId: d.report_id,
  unsure: 'unsure' in d ? d.unsure : null,
  findings: 'findings' in d ? d.findings : null,
  decidedAt: iso(d.decided_at),
});

function counts(documents: readonly { state: ImportDocumentState }[]): ImportBatchDto['counts'] {
  const out = Object.fromEntries(importDocumentStateSchema.options.map((s) => [s, 0])) as ImportBatchDto['counts'];
  for (const d of documents) out[d.state] += 1;
  return out;
}

export const presentImportBatch = ({ batch, documents }: BatchView): ImportBatchDto => {
  const c = counts(documents);
  return {
    id: batch.id,
    status: batch.status,
    total: batch.total,
    // read: every document past reading (a document read but not yet planned is held without a reason)
    read: batch.total - c.queued - c.reading,
    counts: c,
    createdAt: iso(batch.created_at)!,
    createdBy: batch.created_by,
    documents: documents.map(presentImportDocument),
  };
};

export const presentImportBatchList = (views: readonly BatchView[]): ImportBatchListDto =>
  views.map((v) => {
    const { documents: _documents, ...rest } = presentImportBatch(v);
    return rest;
  });

export const presentImportDocumentDetail = (d: ImportDocumentRow): ImportBatchDocumentDetailDto => ({
  ...presentImportDocument({ ...d, unsure: null, findings: null }),
  unsure: d.preview ? (d.preview as unknown as ImportPreviewDto).rows.filter((r) => r.unsure).length : null,
  findings: d.preview
    ? (d.preview as unknown as ImportPreviewDto).findings.length + (d.preview as unknown as ImportPreviewDto).problems.length
    : null,
  preview: d.preview as unknown as ImportPreviewDto | null,
});
