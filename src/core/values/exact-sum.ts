/**
 * Exact decimal arithmetic for sums of reported figures: each number is taken at its shortest decimal
 * representation (what the officer wrote), so 0,1 + 0,2 = 0,3 and a sum never depends on the order of agencies. Pure.
 */
import { plainDecimal } from './number-format.js';

interface Scaled {
  digits: bigint;
  scale: number;
}

function toScaled(x: number): Scaled {
  const plain = plainDecimal(x);
  const negative = plain.startsWith('-');
  const [int, frac = ''] = (negative ? plain.slice(1) : plain).split('.') as [string, string?];
  const digits = BigInt(int + frac);
  return { digits: negative ? -digits : digits, scale: frac.length };
}

function fromScaled({ digits, scale }: Scaled): number {
  const negative = digits < 0n;
  const text = (negative ? -digits : digits).toString().padStart(scale + 1, '0');
  const plain = scale === 0 ? text : `${text.slice(0, text.length - scale)}.${text.slice(text.length - scale)}`;
  return Number(`${negative ? '-' : ''}${plain}`);
}

/** The exact decimal sum of the numbers, rounded once to the nearest double. 0 for an empty list. */
export function exactSum(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const scaled = values.map(toScaled);
  const scale = Math.max(...scaled.map((s) => s.scale));
  let total = 0n;
  for (const s of scaled) total += s.digits * 10n ** BigInt(scale - s.scale);
  return fromScaled({ digits: total, scale });
}
