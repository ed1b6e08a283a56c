/**
 * What a sample report says, transcribed by hand from ../shared/samples (facts only: codes, labels, figures),
 * so tests can assert every appendix row. The samples themselves are never copied into the repo.
 */
import type { PeriodKind } from '../../src/core/periods/period.js';

export interface ExpectedRow {
  /** Template row id (e.g. "1.2.1", "3.1.3/cap-tinh", "7/6.7"); null for a row the template does not have (kept, unmapped). */
  id: string | null;
  /** Form number as a string in the seven-form family, else null. */
  form: string | null;
  /** The STT cell as printed in this sample ("1.1.1." for row 1.2.1; "Trong đó" or null for breakdown rows). */
  code: string | null;
  /** The label as printed in this sample: tags and markdown removed, page-split pieces joined, spaces collapsed. */
  label: string;
  /** The unit cell as printed in this sample, cleaned the same way. */
  unit: string;
  /** The value cell as printed, cleaned the same way ("" when empty). */
  raw: string;
  /** The number the cell means (a code for coded rows; the ratio ×100 for "149/149" in a % row); null when not reported or text only. */
  value: number | null;
  /** Words moved out of the value or label cell, then the note column, joined with "; "; null when none. */
  note: string | null;
  status: 'reported' | 'not-reported' | 'text';
}

export interface SampleExpectation {
  /** File name in ../shared/samples. */
  file: string;
  template: string;
  agency: { name: string; province: string };
  period: { year: number; kind: PeriodKind };
  document: { number: string | null; date: string | null; signer: string | null };
  /** The top-level narrative headings ("I. …", "II. …"), when asserted. */
  sections?: string[];
  /** Every finding's rule, when asserted (exactly these). */
  findings?: string[];
  /** Every appendix row of the sample, in document order. */
  rows: ExpectedRow[];
}
