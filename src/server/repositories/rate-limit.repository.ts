/** Fixed-window counters: one row per key, reset when its window has passed. Atomic in one statement. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export async function hit(db: Kysely<Database>, key: string, windowMs: number, now: Date): Promise<{ count: number; windowStart: Date }> {
  const expiredBefore = new Date(now.getTime() - windowMs);
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: now, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when rate_limits.window_start <= ${expiredBefore} then 1 else rate_limits.count + 1 end`,
        window_start: sql<Date>`case when rate_limits.window_start <= ${expiredBefore} then ${now} else rate_limits.window_start end`,
      }),
    )
    .returning(['count', 'window_start'])
    .executeTakeFirstOrThrow();
  return { count: row.count, windowStart: new Date(row.window_start) };
}

/** A failure counter (sign-in throttling): how many failures, and when the last one was. */
export interface FailureRow {
  count: number;
  lastAt: Date;
}

export async function readFailures(db: Kysely<Database>, key: string): Promise<FailureRow | undefined> {
  const row = await db.selectFrom('rate_limits').select(['count', 'window_start']).where('key', '=', key).executeTakeFirst();
  return row && { count: row.count, lastAt: new Date(row.window_start) };
}

/**
 * Compare-and-set: writes `next` only when the counter is still `expected` (absent when undefined). False when
 * another request changed it first: the caller reads again, so concurrent attempts are all counted.
 */
export async function replaceFailures(db: Kysely<Database>, key: string, expected: FailureRow | undefined, next: FailureRow): Promise<boolean> {
  if (!expected) {
    const inserted = await db
      .insertInto('rate_limits')
      .values({ key, window_start: next.lastAt, count: next.count })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
  }
  const updated = await db
    .updateTable('rate_limits')
    .set({ count: next.count, window_start: next.lastAt })
    .where('key', '=', key)
    .where('count', '=', expected.count)
    .where('window_start', '=', expected.lastAt)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** One counted failure taken back (a sign-in that succeeded after all). */
export async function takeBackFailure(db: Kysely<Database>, key: string): Promise<void> {
  await db
    .updateTable('rate_limits')
    .set({ count: sql<number>`greatest(count - 1, 0)` })
    .where('key', '=', key)
    .execute();
}

export async function forgetFailures(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}
