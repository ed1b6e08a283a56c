/** Password hashing with Node's scrypt (no native dependency): "scrypt$N$r$p$salt$hash", compared in constant time. */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCallback(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/**
 * The password's hash at scrypt's cost N (16384 — about 40 ms of CPU — for every account the product makes; a test
 * fixture's accounts may be given a lower one, which their hash records and verification then uses).
 */
export async function hashPassword(password: string, cost: { N: number } = { N }): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: cost.N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', cost.N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password.normalize('NFC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** The password policy: at least 10 characters, with letters and digits. Returns the Vietnamese reason, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'Mật khẩu phải có ít nhất 10 ký tự.';
  if (!/\p{L}/u.test(password) || !/\d/u.test(password)) return 'Mật khẩu phải có cả chữ và số.';
  return null;
}
