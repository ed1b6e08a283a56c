/**
 * A province's settings for its periodic CCHC report: who issues it (the provincial People's Committee to the
 * Ministry, or the Sở Nội vụ's own report to the UBND), the number's type suffix, the place, the recipients and the
 * signature block. Defaults follow Nghị định 30/2020 and the usual practice, so a province that set nothing gets a
 * correct UBND report. Pure.
 */
import { z } from 'zod';

const line = z.string().trim().min(1).max(200);

export const provinceReportSettingsSchema = z
  .object({
    /** 'ubnd': issued by the provincial People's Committee; 'so-noi-vu': the Sở Nội vụ's own report to the UBND. */
    issuer: z.enum(['ubnd', 'so-noi-vu']),
    /** The issuing body as printed top left, one line each ("ỦY BAN NHÂN DÂN", "TỈNH NINH THUẬN"). */
    issuerLines: z.array(line).min(1).max(3),
    /** The body above the issuer (the Sở Nội vụ's "UBND TỈNH …"); none for the UBND. */
    governingBody: line.nullable(),
    /** The number's type and issuer code: "BC-UBND" → "Số: …/BC-UBND". */
    numberSuffix: z
      .string()
      .trim()
      .regex(/^[A-ZĐ0-9][A-ZĐ0-9-]{0,30}$/u, 'like BC-UBND'),
    /** The place in the date line ("Ninh Thuận"). */
    place: line,
    recipients: z.array(line).min(1).max(30),
    signature: z.object({ titleLines: z.array(line).min(1).max(4), name: line.nullable() }).strict(),
  })
  .strict();

export type ProvinceReportSettings = z.infer<typeof provinceReportSettingsSchema>;

const upper = (s: string) => s.toLocaleUpperCase('vi');

/** The defaults for a province ("Ninh Thuận") and an issuer. */
export function defaultProvinceSettings(province: string, issuer: ProvinceReportSettings['issuer'] = 'ubnd'): ProvinceReportSettings {
  if (issuer === 'so-noi-vu') {
    return {
      issuer,
      issuerLines: ['SỞ NỘI VỤ'],
      governingBody: `UBND TỈNH ${upper(province)}`,
      numberSuffix: 'BC-SNV',
      place: province,
      recipients: ['UBND tỉnh (báo cáo)', 'Giám đốc, các Phó Giám đốc Sở', 'Lưu: VT, CCHC'],
      signature: { titleLines: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'], name: null },
    };
  }
  return {
    issuer,
    issuerLines: ['ỦY BAN NHÂN DÂN', `TỈNH ${upper(province)}`],
    governingBody: null,
    numberSuffix: 'BC-UBND',
    place: province,
    recipients: ['Bộ Nội vụ', 'Thường trực Tỉnh ủy', 'Thường trực HĐND tỉnh', 'Chủ tịch, các PCT UBND tỉnh', 'Sở Nội vụ', 'Lưu: VT, NC'],
    signature: { titleLines: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: null },
  };
}
