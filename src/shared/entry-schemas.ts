/**
 * Schemas of the entry grid's aids: a block pasted from Excel placed by meaning (POST /reports/:id/paste-preview) and
 * the agency's own history of each row (GET /reports/:id/history), from which the grid draws its outlier warnings.
 */
import { z } from 'zod';
import { periodKindSchema } from './api-schemas.js';

export const COLUMN_ROLES = ['code', 'label', 'unit', 'value', 'note', 'aside', 'ignore'] as const;
export const columnRoleSchema = z.enum(COLUMN_ROLES);

/** The most text one paste may carry (a whole appendix of a few hundred rows fits many times over). */
export const PASTE_TEXT_MAX = 512 * 1024;

export const pastePreviewBody = z
  .object({
    text: z.string().max(PASTE_TEXT_MAX),
    /** The form of the row pasted into (multi-form templates): tried first. */
    form: z.string().max(20).nullable().optional(),
    /** Column roles chosen by the officer in the preview, by column index. */
    roles: z.array(columnRoleSchema).max(30).optional(),
  })
  .strict();

const readingSchema = z.object({
  shown: z.string(),
  severity: z.enum(['error', 'warning']).nullable(),
  message: z.string().nullable(),
});

export const pastePlacementSchema = z.object({
  mode: z.enum(['by-meaning', 'positional']),
  header: z.boolean(),
  columns: z.array(z.object({ index: z.number().int(), role: columnRoleSchema, caption: z.string().nullable() })),
  form: z.string().nullable(),
  lines: z.array(
    z.object({
      line: z.number().int(),
      code: z.string(),
      label: z.string(),
      value: z.string(),
      note: z.string(),
      rowId: z.string().nullable(),
      confidence: z.number(),
      unsure: z.boolean(),
      reading: readingSchema.nullable(),
      writes: z.boolean(),
      problem: z.string().nullable(),
    }),
  ),
  problem: z.string().nullable(),
  notices: z.array(z.string()),
});

export const historyPointSchema = z.object({ year: z.number().int(), kind: periodKindSchema, label: z.string(), value: z.number() });

export const reportHistorySchema = z.object({
  /** Earlier comparable figures of the agency (and the agencies merged into it) per row of this report, oldest first. */
  rows: z.array(z.object({ rowId: z.string(), points: z.array(historyPointSchema) })),
});
