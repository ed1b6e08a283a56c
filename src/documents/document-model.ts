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
  /** The number's type and issuer as printed after the number ("BC-UBND"); when absent, "BC-" and the agency code. */
  numberType?: string;
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
  /** Null when the source report does not state its period (an import): it is printed blank, never invented. */
  period: Period | null;
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
  /**
   * The agencies of the round: each appendix row's coverage is out of these ("42/57 đơn vị"), never out of the
   * reports counted. When absent, out of the reports counted.
   */
  roundAgencies?: number;
  /** The annexes after the province appendix (the province's report: agencies that did not report, rankings). */
  annexes?: ProvinceAnnexes;
}

/** The province report's annexes after its appendix. */
export interface ProvinceAnnexes {
  /** Agencies of the round that did not report, or reported late, with what happened ("Chưa gửi báo cáo"). */
  missing: { name: string; state: string }[];
  /** One table per indicator the consolidator picked: agencies by value, highest first, ties sharing a rank. */
  rankings: { title: string; unit: string; entries: { rank: number | null; name: string; value: string }[] }[];
}

export type OfficialDocument = AgencyDocument | ProvinceDocument;

export function defaultTitle(period: Period | null, agencyName: string): string {
  if (!period) return `Kết quả thực hiện công tác cải cách hành chính của ${agencyName}`;
  return `Kết quả thực hiện công tác cải cách hành chính ${periodLabel(period).replace(/^Năm/u, 'năm')} của ${agencyName}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * "Quảng Trị, ngày 15 tháng 9 năm 2023". Nghị định 30/2020 writes a 0 before days under 10 and months 1 and 2
 * ("ngày 05 tháng 02 năm 2024"). A blank date leaves day and month for the clerk: "ngày     tháng     năm 2023"; with
 * no year either (a report that states neither date nor period) the year is left blank too, never invented.
 */
export function dateLine(header: DocumentHeader, fallbackYear: number | null): string {
  const m = header.date ? /^(\d{4})-(\d{2})-(\d{2})$/u.exec(header.date) : null;
  if (!m) return `${header.place}, ngày     tháng     năm ${fallbackYear ?? '       '}`;
  const day = Number(m[3]);
  const month = Number(m[2]);
  return `${header.place}, ngày ${pad2(day)} tháng ${month <= 2 ? pad2(month) : String(month)} năm ${m[1]}`;
}
