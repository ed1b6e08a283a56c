/**
 * What an official document is made from: one agency's report or the province's consolidated report, in a
 * format-independent shape. The DOCX (src/documents/docx/) and XLSX (src/documents/xlsx/) writers take this. Pure.
 */
import type { Template } from '../core/catalogue/template.js';
import type { ConsolidatedReport } from '../core/consolidation/consolidate.js';
import type { Finding } from '../core/checks/finding.js';
import { periodLabel, type Period } from '../core/periods/period.js';
import type { CellValue } from '../core/report.js';

export interface DocumentHeader {
  /** The governing body printed above the agency ("UBND TỈNH NINH THUẬN"); null when unknown. */
  governingBody: string | null;
  /** The issuing agency ("SỞ KHOA HỌC VÀ CÔNG NGHỆ"). */
  agency: string;
  /** The agency's abbreviation in the document number ("SKHCN" → "Số: …/BC-SKHCN"). */
  agencyCode: string | null;
  /** The number when issued ("122"); null leaves it blank for the clerk ("Số:     /BC-SKHCN"). */
  number: string | null;
  /** The place in the date line ("Ninh Thuận"). */
  place: string;
  /** ISO date; null leaves day and month blank ("ngày     tháng     năm 2023"). */
  date: string | null;
}

export interface Signature {
  /** "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" lines, as printed (bold capitals). */
  titleLines: string[];
  name: string | null;
}

export interface NarrativeBlock {
  heading: string;
  level: number;
  text: string;
}

/** One agency's report as an official document. */
export interface AgencyDocument {
  kind: 'agency';
  header: DocumentHeader;
  period: Period;
  /** The summary line under "BÁO CÁO" ("Kết quả thực hiện công tác cải cách hành chính Quý III năm 2023"). */
  title: string;
  sections: NarrativeBlock[];
  recipients: string[];
  signature: Signature;
  template: Template;
  /** Cells by template row id; rows absent here are printed empty (not reported is never 0). */
  values: ReadonlyMap<string, CellValue & { raw?: string }>;
  findings?: Finding[];
}

/** The province's consolidated report: the narrative, and the appendix with province figures and their coverage. */
export interface ProvinceDocument {
  kind: 'province';
  header: DocumentHeader;
  period: Period;
  title: string;
  sections: NarrativeBlock[];
  recipients: string[];
  signature: Signature;
  template: Template;
  consolidated: ConsolidatedReport;
  /** Agency id → name, for the table by agency (XLSX) and notes. */
  agencyNames: ReadonlyMap<string, string>;
}

export type OfficialDocument = AgencyDocument | ProvinceDocument;

export function defaultTitle(period: Period, agencyName: string): string {
  return `Kết quả thực hiện công tác cải cách hành chính ${periodLabel(period).replace(/^Năm/u, 'năm')} của ${agencyName}`;
}
