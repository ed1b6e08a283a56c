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
