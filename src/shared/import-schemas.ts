/**
 * Request and response schemas of the import endpoints (upload → preview → save), shared by the server and the web
 * client. The preview is the JSON of one import (`cchc import --json`-like) plus the agency and round it fits.
 */
import { z } from 'zod';
import { findingSchema, narrativeSectionSchema, periodSchema } from './api-schemas.js';

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
});

export const importPreviewSchema = z.object({
  /** The uploaded file's name. */
  source: z.string(),
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
    cells: z.array(z.object({ rowId: id, raw: text(2000), note: text(4000).nullable().optional() }).strict()).max(2000),
    narrative: z.array(z.object({ heading: text(500), level: z.number().int().min(1).max(4), body: text(200_000) }).strict()).max(200),
    signer: text(200).nullable(),
    /** The uploaded file's name, kept in the values' provenance and the audit log. */
    source: text(500).optional(),
  })
  .strict();

export type ImportedRowDto = z.infer<typeof importedRowSchema>;
export type ImportPreviewDto = z.infer<typeof importPreviewSchema>;
export type ImportSaveBody = z.infer<typeof importSaveBody>;
