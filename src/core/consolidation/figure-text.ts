/**
 * A province figure as text, the same in every document (XLSX, DOCX, the page): a computed rate with two decimals
 * that never rounds into a statement it is not (99,996 is not "100,00": a rate below 100 never prints as 100, one
 * above 0 never as 0 — more decimals are shown until the text is true); a coded figure as its code's label. Pure.
 */
import type { ValueKind } from '../catalogue/template.js';
import { formatFixed, formatNumber } from '../values/number-format.js';

/** Decimals shown for a computed rate. */
export const RATE_DECIMALS = 2;
const MAX_RATE_DECIMALS = 10;

/**
 * How many decimals a computed rate needs so that its rounded text does not claim 100 (or 0) when the rate is below
 * 100 (or above 0): two by default, more when rounding would (99.996 → 3: "99,996"; 99.99996 → 5).
 */
export function rateDecimals(value: number, decimals: number = RATE_DECIMALS): number {
  if (!Number.isFinite(value)) return decimals;
  let d = decimals;
  const misleading = (k: number) => {
    const rounded = Number(formatFixed(value, k).replace(/\./gu, '').replace(',', '.'));
    return (value < 100 && value > 0 && rounded >= 100) || (value > 0 && value < 100 && rounded === 0);
  };
  while (d < MAX_RATE_DECIMALS && misleading(d)) d += 1;
  return d;
}

/** A computed rate in vi-VN with two decimals, never rounded into 100 or 0 when it is not ("66,67", "99,996"). */
export function formatRate(value: number): string {
  const text = formatFixed(value, rateDecimals(value));
  // beyond MAX_RATE_DECIMALS (a rate within 1e-10 of 100): cut, never round up to the whole
  if (value < 100 && /^100(,0*)?$/u.test(text)) return `${formatFixed(99.99, RATE_DECIMALS)}…`;
  return text;
}

/** The province figure's text: a rate as `formatRate`, a code as its label ("Hoàn thành"), else the number, vi-VN. */
export function figureText(value: number | null, kind: ValueKind): string {
  if (value === null || !Number.isFinite(value)) return '';
  switch (kind.type) {
    case 'percent':
      return formatRate(value);
    case 'coded':
      return kind.codes.find((c) => c.code === value)?.label ?? formatNumber(value);
    case 'text':
      return '';
    default:
      return formatNumber(value);
  }
}
