/**
 * Where an imported value came from, shared by the importer (`cchc import --json`), the server (kept with each stored
 * cell, in report_values.provenance) and the web client (the popover on a cell of the report grid): the file (its name
 * and the SHA-256 of its bytes), the place in it (page, sheet and cell, table, row and column, or line), and whether
 * the import flagged it doubtful or a person changed it before saving.
 */
import { z } from 'zod';

export const sourceLocationSchema = z
  .object({
    page: z.number().int().min(1).max(1_000_000).optional(),
    sheet: z.string().max(200).optional(),
    /** A workbook's cell reference ("E12"). */
    ref: z.string().max(20).optional(),
    table: z.number().int().min(1).max(1_000_000).optional(),
    row: z.number().int().min(1).max(10_000_000).optional(),
    column: z.number().int().min(1).max(100_000).optional(),
    line: z.number().int().min(1).max(10_000_000).optional(),
  })
  .strict();

export type SourceLocation = z.infer<typeof sourceLocationSchema>;

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/u);

/** The provenance of one stored cell that came from an imported file (the report response's `provenance`). */
export const cellProvenanceSchema = z.object({
  rowId: z.string(),
  /** The file's name (or "archive.zip/folder/file.docx"). */
  file: z.string().nullable(),
  sha256: sha256Schema.nullable(),
  /** The reader: text, docx, xlsx, pdf. */
  format: z.string().nullable(),
  /** Where the value stood (more than one place when a page break cut its row). */
  at: z.array(sourceLocationSchema),
  /** The import flagged the value unsure (a doubtful reading or row match). */
  doubtful: z.boolean(),
  /** A person changed the value read from the file before saving it. */
  edited: z.boolean(),
  /** The cell grammar's flags of the stored value. */
  flags: z.array(z.string()),
  /** The import batch the file came in, when it came in one. */
  batchId: z.string().nullable(),
});

export type CellProvenanceDto = z.infer<typeof cellProvenanceSchema>;

/** "A" … "Z", "AA" … for a 1-based column. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A location in Vietnamese: "trang 3, bảng 2, hàng 5, cột 4", "sheet Biểu 1, ô E12", "dòng 57, cột 4". */
export function describeLocation(location: SourceLocation): string {
  const parts: string[] = [];
  if (location.page !== undefined) parts.push(`trang ${location.page}`);
  if (location.sheet !== undefined) parts.push(`sheet ${location.sheet}`);
  if (location.ref !== undefined) parts.push(`ô ${location.ref}`);
  else {
    if (location.table !== undefined) parts.push(`bảng ${location.table}`);
    if (location.line !== undefined) parts.push(`dòng ${location.line}`);
    if (location.row !== undefined) parts.push(`hàng ${location.row}`);
    if (location.column !== undefined) parts.push(`cột ${location.column}`);
  }
  return parts.join(', ');
}

/**
 * The stored provenance of a cell (report_values.provenance, jsonb) as the report response shows it, or null when
 * the cell did not come from an imported file (typed, carried over, seeded) or its record is not one we wrote.
 */
export function importedCellProvenance(rowId: string, stored: unknown): CellProvenanceDto | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const p = stored as Record<string, unknown>;
  if (p['source'] !== 'import') return null;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const at = z.array(sourceLocationSchema).safeParse(p['at']);
  const sha = sha256Schema.safeParse(p['sha256']);
  return {
    rowId,
    file: str(p['file']),
    sha256: sha.success ? sha.data : null,
    format: str(p['format']),
    at: at.success ? at.data : [],
    doubtful: p['doubtful'] === true,
    edited: p['edited'] === true,
    flags: Array.isArray(p['flags']) ? p['flags'].filter((f): f is string => typeof f === 'string') : [],
    batchId: str(p['batchId']),
  };
}
