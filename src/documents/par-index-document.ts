/** The results of the CCHC index as a document model (the DOCX annex and the XLSX are written from it). */
export interface ParIndexResultsDocument {
  /** "Tỉnh Ninh Thuận" */
  provinceName: string;
  year: number;
  /** "Sở, ban, ngành" */
  groupLabel: string;
  setName: string;
  /** The decision publishing the results, when known. */
  decision: string | null;
  example: boolean;
  max: number;
  areas: { key: string; code: string; name: string; max: number }[];
  ranking: {
    rank: number;
    agencyName: string;
    score: number;
    percent: number;
    band: string;
    /** By area key. */
    areas: Record<string, number>;
  }[];
}

/** A number as printed in Vietnamese documents: a comma before at most two decimals. */
export function points(value: number): string {
  return (Math.round(value * 100) / 100).toLocaleString('vi-VN', { maximumFractionDigits: 2 });
}

export const annexTitle = (doc: ParIndexResultsDocument): string =>
  `KẾT QUẢ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM ${doc.year} CỦA CÁC ${doc.groupLabel.toLocaleUpperCase('vi')}`;
