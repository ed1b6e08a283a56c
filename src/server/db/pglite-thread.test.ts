/**
 * The embedded database in its own thread, as the server opens it: node-postgres over a stream to the thread, with
 * everything the application relies on — parameters and types, errors with their SQLSTATE that leave the connection
 * usable, transactions, prepared statements, many queries at once — and a clear end when the thread is gone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from './open-database.js';
import { PgliteThread } from './pglite-thread.js';

describe('PGlite in its own thread', () => {
  let database: OpenDatabase;
  beforeAll(async () => {
    database = await openDatabase({ engine: 'pglite', dataDir: null });
  }, 60_000);
  afterAll(() => database.close());

  it('runs migrated queries with parameters, Vietnamese text and numerics', async () => {
    const row = (
      await sql<{
        t: string;
        n: string;
        a: number[];
      }>`select ${'Sở Nội vụ'}::text as t, ${'6786.875'}::numeric as n, ${[1, 2, 3]}::int[] as a`.execute(database.db)
    ).rows[0];
    expect(row).toEqual({ t: 'Sở Nội vụ', n: '6786.875', a: [1, 2, 3] });
    expect(await database.db.selectFrom('template_versions').select('id').execute()).toEqual([]);
  });

  it('answers an error with its SQLSTATE and stays usable, and rolls a failed transaction back', async () => {
    await expect(sql`select 1 / ${0}::int`.execute(database.db)).rejects.toMatchObject({ code: '22012' });
    await sql`create table if not exists thread_probe (k int primary key)`.execute(database.db);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await sql`insert into thread_probe values (1)`.execute(trx);
        await sql`insert into thread_probe values (1)`.execute(trx);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect((await sql<{ n: number }>`select count(*)::int as n from thread_probe`.execute(database.db)).rows[0]!.n).toBe(0);
  });

  it('keeps many queries at once in order, prepared or not', async () => {
    // the same text many times: prepared from its second run; results must still belong to their own query
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        sql<{ x: number; s: string }>`select ${i}::int as x, repeat('ă', ${i % 7}::int) as s`.execute(database.db),
      ),
    );
    results.forEach((r, i) => expect(r.rows[0]).toEqual({ x: i, s: 'ă'.repeat(i % 7) }));
  });

  it('refuses to open what is not a database directory, with an error, not an exit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-thread-'));
    try {
      writeFileSync(join(dir, 'pgdata'), 'not a directory');
      const lost: Error[] = [];
      const thread = new PgliteThread(join(dir, 'pgdata'), (e) => lost.push(e));
      await expect(thread.ready).rejects.toThrow(/did not open|stopped/u);
      await thread.close();
      expect(lost).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('reports a thread that dies once, and fails later queries instead of hanging', async () => {
    const lost: Error[] = [];
    const thread = new PgliteThread(null, (e) => lost.push(e));
    await thread.ready;
    await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await new Promise((r) => setTimeout(r, 50));
    expect(lost).toHaveLength(1);
    await expect(thread.exec(new Uint8Array([0x51, 0, 0, 0, 4]))).rejects.toThrow(/stopped/u);
    await thread.close();
    expect(lost).toHaveLength(1);
  }, 60_000);
});
