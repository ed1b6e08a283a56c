/**
 * The header block's fixed items, as regular-expression sources shared by the reader that cuts header lines
 * (import-report.ts) and the recognisers (recognise-metadata.ts): the Quốc hiệu in either spelling, and the
 * "<place>, ngày" that starts the place-and-date line.
 */

/** "CỘNG HÒA" or "CỘNG HOÀ" (both tone placements are in use). */
export const QUOC_HIEU = String.raw`CỘNG H(?:ÒA|OÀ)`;

const PLACE_WORD = String.raw`[\p{Lu}][\p{Ll}\p{M}'’]*`;

/** "Ninh Thuận, ngày", "TP. Hồ Chí Minh, ngày", "Phan Rang - Tháp Chàm, ngày": a place of up to five words, then ", ngày". */
export const PLACE_DATE = String.raw`(?:TP\.\s*)?${PLACE_WORD}(?:(?:\s+|\s*-\s*)${PLACE_WORD}){0,4}\s*,\s*ngày(?![\p{L}])`;
