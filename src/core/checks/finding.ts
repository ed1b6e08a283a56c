import type { Severity } from '../catalogue/template.js';

export type FindingKind =
  | 'sum'
  | 'part-le-whole'
  | 'ratio'
  | 'balance'
  | 'cumulative'
  | 'required'
  | 'percent-range'
  | 'code-in-list'
  | 'whole-number'
  | 'non-negative'
  | 'finite'
  | 'narrative'
  | 'outlier';

/** One problem a check found. Data, never an exception; it never blocks saving a draft. */
export interface Finding {
  /** The check's id: a declared check's id ("ratio:7/6.7") or "<kind>:<row id>" for checks derived from kinds. */
  rule: string;
  kind: FindingKind;
  severity: Severity;
  /** Template row ids involved, the checked row first. */
  rows: string[];
  expected: number | string | null;
  found: number | string | null;
  /** For the reporting officer, in Vietnamese. */
  message: string;
}
