/**
 * Request and response schemas of the import endpoints (upload → preview → save), shared by the server and the web
 * client. The preview is the JSON of one import (`cchc import --json`-like) plus the agency and round it fits.
 */
import { z } from 'zod';
import { findingSchema, narrativeSectionSchema, periodSchema } from './api-schemas.js';
import { sha256Schema, sourceLocationSchema } from './provenance-schemas.js';

/** Text PostgreSQL can store: no U+0000 (refused as a 400, never a failed write). */
const noNul = (s: string) => !s.includes('\u0000');
const text = (max: number) => z.string().max(max).refine(noNul, { message: 'U+0000 is not allowed' });
const id = z.string().min(1).max(200).refine(noNul, { message: 'U+0000 is not allowed' });

export const importedRowSchema = z.object({
  /** Template row id, or null for a row the template does not have (it cannot be saved). */
  rowId: z.string().nullable(),
  form: z.string().nullable(),
  code: z.string().nullable(),
  label: z.string(),
  unit: z.string(),
  /** The value cell as printed (cleaned). */
  raw: z.string(),
  value: z.number().nullable(),
  status: z.enum(['reported', 'not-reported', 'text']),
  /** The whole note as imported (remarks, words moved out of the value cell, the note column). */
  note: z.string().nullable(),
  /** The note without the words the grammar moves out of `raw`: what a save sends back (the server adds them again). */
  ownNote: z.string().nullable(),
  /** 0–1: the lower of the row match and the cell reading. */
  confidence: z.number(),
  unsure: z.boolean(),
  flags: z.array(z.string()),
  /** Where the value stood in the file (page, sheet and cell, table, row and column, or line). */
  at: z.array(sourceLocationSchema).optional(),
});

export const importPreviewSchema = z.object({
  /** The uploaded file's name. */
  source: z.string(),
  /** The SHA-256 of the file's bytes (hex), and the reader that read it (text, docx, xlsx, pdf). */
  sha256: sha256Schema.nullable().optional(),
  format: z.string().optional(),
  template: z.object({ id: z.string(), name: z.string(), score: z.number() }),
  agency: z.object({ name: z.string().nullable(), province: z.string().nullable() }),
  period: periodSchema.nullable(),
  document: z.object({
    number: z.string().nullable(),
    date: z.string().nullable(),
    signer: z.string().nullable(),
    signerTitle: z.string().nullable(),
  }),
  rows: z.array(importedRowSchema),
  findings: z.array(findingSchema),
  /** Template rows the document does not have. */
  missing: z.array(z.string()),
  /** Problems of the import itself, not of the figures (the appendix fits no template well), in Vietnamese. */
  problems: z.array(z.object({ rule: z.string(), severity: z.enum(['error', 'warning']), message: z.string() })),
  /** The narrative split into the outline's sections. */
  narrative: z.array(narrativeSectionSchema),
  /** The agency within the actor's scope whose name and province match the recognised ones. */
  matchedAgencyId: z.string().optional(),
  /** A round of that agency for the recognised period. */
  suggestedRoundId: z.string().optional(),
});

export const importSaveBody = z
  .object({
    templateId: id,
    agencyId: id,
    /** A round's report of the agency, or null: an accepted history report for the period. */
    roundId: id.nullable(),
    /**
     * Into a round: the version of the agency's report there as the page read it, or null (or absent) when it had
     * none — required in practice once the report exists. A report changed (or created) since is not overwritten: 409
     * with its current state. Ignored for history (roundId null).
     */
    version: z.number().int().min(1).nullable().optional(),
    period: periodSchema,
    cells: z
      .array(
        z
          .object({
            rowId: id,
            raw: text(2000),
            note: text(4000).nullable().optional(),
            /**
             * Where the value was read from, kept as the cell's provenance: its place in the file, whether the import
             * flagged it unsure, and the text read there (a value changed before saving is marked edited).
             */
            origin: z
              .object({ at: z.array(sourceLocationSchema).max(20), doubtful: z.boolean(), raw: text(2000) })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .max(2000),
    narrative: z.array(z.object({ heading: text(500), level: z.number().int().min(1).max(4), body: text(200_000) }).strict()).max(200),
    signer: text(200).nullable(),
    /** The uploaded file's name, kept in the values' provenance and the audit log. */
    source: text(500).optional(),
    /** The SHA-256 of the uploaded file and its reader, kept in the values' provenance. */
    sha256: sha256Schema.optional(),
    format: z.enum(['text', 'docx', 'xlsx', 'pdf']).optional(),
  })
  .strict();

export type ImportedRowDto = z.infer<typeof importedRowSchema>;
export type ImportPreviewDto = z.infer<typeof importPreviewSchema>;
export type ImportSaveBody = z.infer<typeof importSaveBody>;

// ---------------------------------------------------------------------------------------------- import batches

/** Where a document of a batch stands: read, planned (sure, held for review), then saved or discarded. */
export const importDocumentStateSchema = z.enum(['queued', 'reading', 'sure', 'held', 'saving', 'saved', 'discarded', 'failed']);

/** A document of a batch, as the queue lists it (without its preview). */
export const importBatchDocumentSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  /** Its name, or "archive.zip/folder/file.docx". */
  source: z.string(),
  size: z.number(),
  sha256: z.string().nullable(),
  state: importDocumentStateSchema,
  /** Why it is held, failed or already saved (no-period, template-unsure, no-agency, ambiguous-agency, duplicate, report-exists, already-saved…). */
  reason: z.string().nullable(),
  /** The same in Vietnamese, for the reviewer. */
  message: z.string().nullable(),
  agencyId: z.string().nullable(),
  /** The agency the document names, when it is saved under that agency's successor (merged or renamed). */
  namedAgencyId: z.string().nullable(),
  period: periodSchema.nullable(),
  templateId: z.string().nullable(),
  reportId: z.string().nullable(),
  /** Rows the import was unsure of, and findings (figures and the import's own problems). */
  unsure: z.number().nullable(),
  findings: z.number().nullable(),
  decidedAt: z.string().nullable(),
});

export const importBatchCountsSchema = z.object(
  Object.fromEntries(importDocumentStateSchema.options.map((s) => [s, z.number().int()])) as Record<
    z.infer<typeof importDocumentStateSchema>,
    z.ZodNumber
  >,
);

export const importBatchSchema = z.object({
  id: z.string(),
  /** reading: documents are still being read (progress: `read` of `total`); ready: planned, the queue can be walked. */
  status: z.enum(['reading', 'ready']),
  total: z.number().int(),
  read: z.number().int(),
  counts: importBatchCountsSchema,
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  documents: z.array(importBatchDocumentSchema),
});

export const importBatchListSchema = z.array(importBatchSchema.omit({ documents: true }));

/** One document with its preview (null until it is read, or when it could not be read). */
export const importBatchDocumentDetailSchema = importBatchDocumentSchema.extend({ preview: importPreviewSchema.nullable() });

/** A reviewed document saved as accepted history: the agency, period, template and cells as the reviewer fixed them. */
export const importBatchSaveBody = z
  .object({
    templateId: id,
    agencyId: id,
    period: periodSchema,
    cells: z.array(z.object({ rowId: id, raw: text(2000), note: text(4000).nullable().optional() }).strict()).max(2000),
    narrative: z.array(z.object({ heading: text(500), level: z.number().int().min(1).max(4), body: text(200_000) }).strict()).max(200),
    signer: text(200).nullable(),
  })
  .strict();

export const importBatchParams = z.object({ batchId: id }).strict();
export const importBatchDocumentParams = z.object({ batchId: id, documentId: id }).strict();

export type ImportDocumentState = z.infer<typeof importDocumentStateSchema>;
export type ImportBatchDocumentDto = z.infer<typeof importBatchDocumentSchema>;
export type ImportBatchDto = z.infer<typeof importBatchSchema>;
export type ImportBatchListDto = z.infer<typeof importBatchListSchema>;
export type ImportBatchDocumentDetailDto = z.infer<typeof importBatchDocumentDetailSchema>;
export type ImportBatchSaveBody = z.infer<typeof importBatchSaveBody>;
