/**
 * Vietnamese labels and formats for the UI. A report's states, a board row's timeliness and the account roles are
 * named in src/shared (report-status.ts, role-labels.ts), one source with the server.
 */
import { periodKindName, type PeriodKind } from '@core/periods/period.js';

export function periodText(p: { year: number; kind: PeriodKind }): string {
  return `${periodKindName(p.kind)} ${p.year}`;
}

/** The period kinds for a select, in the order of the year. */
export const PERIOD_KIND_OPTIONS: { value: PeriodKind; label: string }[] = (['Q1', 'Q2', 'H1', 'Q3', 'M9', 'Q4', 'Y'] as const).map((kind) => ({
  value: kind,
  label: periodKindName(kind),
}));

/** ISO yyyy-mm-dd (or a timestamp) → dd/mm/yyyy. */
export function dateText(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** ISO yyyy-mm-dd → dd/mm/yyyy. */
export function isoToVi(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** dd/mm/yyyy (or d/m/yyyy, with "/", "-" or ".") → ISO yyyy-mm-dd; null when it is not a date. */
export function viToIso(text: string): string | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/u.exec(text);
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A template row as users name it: "Biểu 3, 3.1.3. Tổng số TTHC" (its form, code and label); the grid's markup names it so too. */
export { rowTitle } from '@shared/entry/grid-markup.js';
