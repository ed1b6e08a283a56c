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

/**
 * Formats with a fixed number of decimals, rounding half away from zero (for display of computed ratios). Rounds the
 * number's shortest decimal digits as text, as a person would round what is written: 1.005 → "1,01" (scaling by
 * 10^decimals gives 100.49999999999999), and a number too big to scale (1e294 with 14 decimals overflows to Infinity,
 * and toFixed writes an exponent from 1e21) is still written in digits. Not-finite numbers are written as JavaScript does.
 */
export function formatFixed(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return String(x);
  const [intPart, fracPart = ''] = plainDecimal(Math.abs(x)).split('.') as [string, string | undefined];
  let kept = intPart + (fracPart + '0'.repeat(decimals)).slice(0, decimals);
  if ((fracPart[decimals] ?? '0') >= '5') {
    const digits = kept.split('');
    let i = digits.length - 1;
    while (i >= 0 && digits[i] === '9') digits[i--] = '0';
    if (i >= 0) digits[i] = String(Number(digits[i]) + 1);
    else digits.unshift('1');
    kept = digits.join('');
  }
  const whole = kept.slice(0, kept.length - decimals).replace(/^0+(?=\d)/u, '');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/gu, '.');
  const negative = x < 0 && /[1-9]/u.test(kept);
  return `${negative ? '-' : ''}${grouped}${decimals > 0 ? `,${kept.slice(kept.length - decimals)}` : ''}`;
}
