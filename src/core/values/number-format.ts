/**
 * vi-VN numbers: "." groups thousands, "," marks decimals ("1.234,5"). Exact: format(x) keeps every digit of the
 * shortest representation of x, so reading it back gives x again. Pure.
 */

/** The plain decimal digits of a finite number (no exponent), e.g. 1e21 → "1000000000000000000000". */
export function plainDecimal(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const text = String(Math.abs(x));
  const sign = x < 0 ? '-' : '';
  const match = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/u.exec(text);
  if (!match) return sign + text;
  const digits = match[1]! + (match[2] ?? '');
  const exponent = Number(match[3]) - (match[2]?.length ?? 0);
  if (exponent >= 0) return sign + digits + '0'.repeat(exponent);
  const point = digits.length + exponent;
  if (point > 0) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  return `${sign}0.${'0'.repeat(-point)}${digits}`;
}

/** Formats a number in vi-VN style with every significant digit: 1234.5 → "1.234,5", 6786.875 → "6.786,875". */
export function formatNumber(x: number): string {
  if (Object.is(x, -0)) x = 0;
  const plain = plainDecimal(x);
  const negative = plain.startsWith('-');
  const [intPart, fracPart] = (negative ? plain.slice(1) : plain).split('.') as [string, string | undefined];
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/gu, '.');
  return `${negative ? '-' : ''}${grouped}${fracPart ? `,${fracPart}` : ''}`;
}

/** Formats with a fixed number of decimals, rounding half away from zero (for display of computed ratios). */
export function formatFixed(x: number, decimals: number): string {
  const factor = 10 ** decimals;
  const rounded = Math.sign(x) * Math.round(Math.abs(x) * factor + Number.EPSILON * factor) / factor;
  const [intPart, fracPart] = Math.abs(rounded).toFixed(decimals).split('.') as [string, string | undefined];
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/gu, '.');
  return `${rounded < 0 ? '-' : ''}${grouped}${fracPart ? `,${fracPart}` : ''}`;
}
