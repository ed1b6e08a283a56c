/**
 * An autosave answered with `Prefer: return=minimal` brings only the new version, the status and the cells written
 * (as the server read them). The page merges that into the report it holds, keeping everything else.
 */
import type { z } from 'zod';
import type { reportSchema, savedValuesSchema } from './api-schemas.js';

type Report = z.infer<typeof reportSchema>;
type Saved = z.infer<typeof savedValuesSchema>;

/** The report with the saved cells in place (rows kept in their order, new rows added in row-id order). */
export function mergeSavedValues<R extends Pick<Report, 'id' | 'version' | 'status' | 'values'>>(report: R, saved: Saved): R {
  if (saved.id !== report.id) throw new Error(`an autosave of report ${saved.id} cannot be merged into report ${report.id}`);
  // an answer older than what the page holds (answers overtaken by a later one) changes nothing
  if (saved.version < report.version) return report;
  const written = new Map(saved.cells.map((c) => [c.rowId, c]));
  const values = report.values.map((v) => written.get(v.rowId) ?? v);
  const known = new Set(report.values.map((v) => v.rowId));
  const added = [...written.values()].filter((c) => !known.has(c.rowId)).sort((a, b) => (a.rowId < b.rowId ? -1 : a.rowId > b.rowId ? 1 : 0));
  return { ...report, version: saved.version, status: saved.status, values: [...values, ...added] };
}
