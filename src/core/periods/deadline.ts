/** When a report is due by default: six days after its data cut-off (cut-off 14/9 → due 20/9), as provinces set it. */
import type { DateRange } from './period.js';

export const DEFAULT_DAYS_AFTER_CUTOFF = 6;

/** Adds whole days to an ISO date (yyyy-mm-dd), across months and years. */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function defaultDeadline(cutoff: DateRange): string {
  return addDays(cutoff.to, DEFAULT_DAYS_AFTER_CUTOFF);
}
