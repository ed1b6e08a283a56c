/**
 * Sign-in throttling: failed sign-ins are counted per account and per client address (counters in the database,
 * shared by every server process). Past the allowance each further attempt waits, twice as long each time (1 s, 2 s,
 * 4 s … up to half the window): a delay that ends, never a lockout an attacker could hold an account in. A sign-in
 * that succeeds is not counted: it clears its account's failures and takes its attempt back from the address, so a
 * whole office behind one address signs in freely.
 *
 * An attempt is counted before the password is checked (compare-and-set on the counter), so parallel guesses are
 * counted too; a refused attempt is answered at once, without checking the password, and does not count.
 */
import type { Context } from '../context.js';
import { forgetFailures, readFailures, replaceFailures, takeBackFailure } from '../repositories/rate-limit.repository.js';
import { ServiceError } from './service-error.js';

export interface ThrottlePolicy {
  /** Failures allowed per account within the window before attempts wait. */
  max: number;
  /** Failures older than this (since the last one) are forgotten. */
  timeWindowMs: number;
}

/** An office shares one address: it is allowed this many times an account's failures. */
export const ADDRESS_FACTOR = 5;
const FIRST_DELAY_MS = 1000;

/** How long an attempt waits after `failures` failures (0 below the allowance). */
export function delayAfter(failures: number, max: number, timeWindowMs: number): number {
  if (failures < max) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** Math.min(failures - max, 30), Math.max(FIRST_DELAY_MS, timeWindowMs / 2));
}

const accountKey = (username: string) => `login:account:${username.trim().normalize('NFC').toLowerCase().slice(0, 200)}`;
const addressKey = (address: string) => `login:address:${address}`;

/** Counts one attempt under `key`, or the milliseconds it must wait. */
async function take(ctx: Context, key: string, max: number, timeWindowMs: number): Promise<number> {
  for (let tries = 0; tries < 10; tries++) {
    const now = ctx.clock.now();
    const row = await readFailures(ctx.db, key);
    const fresh = row && now.getTime() - row.lastAt.getTime() < timeWindowMs ? row : undefined;
    const failures = fresh?.count ?? 0;
    const until = fresh ? fresh.lastAt.getTime() + delayAfter(failures, max, timeWindowMs) : 0;
    if (failures >= max && now.getTime() < until) return until - now.getTime();
    if (await replaceFailures(ctx.db, key, row, { count: failures + 1, lastAt: now })) return 0;
  }
  return FIRST_DELAY_MS; // the counter is contended: a burst of attempts on one account waits
}

function tooMany(waitMs: number, what: string): ServiceError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const wait = seconds < 90 ? `${seconds} giây` : `${Math.ceil(seconds / 60)} phút`;
  return new ServiceError(
    429,
    'too-many-requests',
    `Có nhiều lần đăng nhập sai gần đây. Để bảo vệ tài khoản, hãy đợi khoảng ${wait} rồi thử lại.`,
    `sign-in throttled (${what}) for ${seconds} s`,
    { retryAfterSeconds: seconds },
  );
}

export interface Attempt {
  /** Call when the credentials were right: the attempt does not count. */
  succeeded(): Promise<void>;
}

/** Counts a sign-in attempt for the account and the address, or throws 429 with the wait. */
export async function beginAttempt(ctx: Context, username: string, address: string, policy: ThrottlePolicy): Promise<Attempt> {
  const account = accountKey(username);
  const from = addressKey(address);
  const accountWait = await take(ctx, account, policy.max, policy.timeWindowMs);
  if (accountWait > 0) throw tooMany(accountWait, 'account');
  const addressWait = await take(ctx, from, policy.max * ADDRESS_FACTOR, policy.timeWindowMs);
  if (addressWait > 0) {
    await takeBackFailure(ctx.db, account);
    throw tooMany(addressWait, `address ${address}`);
  }
  return {
    async succeeded() {
      await forgetFailures(ctx.db, account);
      await takeBackFailure(ctx.db, from);
    },
  };
}
