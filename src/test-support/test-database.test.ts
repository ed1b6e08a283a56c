/**
 * The test databases used again: a database a test closed comes back to the next test empty (sequences restarted,
 * nothing left of the session), and one whose schema a test changed is never used again.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { testEngines } from './test-database.js';

const AGENCY = {
  parent_id: null,
  kind: 'province' as const,
  name: 'Tỉnh thử',
  roles: [],
  short_name: null,
  province: 'Thử',
  valid_from: '2020-01-01',
  valid_to: null,
  successor_id: null,
};

for (const engine of testEngines()) {
  it(`gives the next test an empty database, and a new one after a schema change, on ${engine.name}`, async () => {
    try {
      const first = await engine.fresh();
      await first.db
        .insertInto('agencies')
        .values({ id: 'a', ...AGENCY })
        .execute();
      await first.db
        .insertInto('audit_log')
        .values({ at: new Date(), actor_id: null, action: 'x', entity: 'agency', entity_id: 'a', before: null, after: null })
        .execute();
      await sql`prepare left_behind as select 1`.execute(first.db);
      const marker = (await sql<{ oid: number }>`select oid from pg_class where relname = 'agencies'`.execute(first.db)).rows[0]!.oid;
      await first.close();

      const second = await engine.fresh();
      // the same database (its tables keep their identity), emptied
      expect((await sql<{ oid: number }>`select oid from pg_class where relname = 'agencies'`.execute(second.db)).rows[0]!.oid).toBe(marker);
      expect(await second.db.selectFrom('agencies').selectAll().execute()).toEqual([]);
      expect(await second.db.selectFrom('audit_log').selectAll().execute()).toEqual([]);
      const audit = await second.db
        .insertInto('audit_log')
        .values({ at: new Date(), actor_id: null, action: 'x', entity: 'agency', entity_id: 'a', before: null, after: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      expect(Number(audit.id)).toBe(1);
      // the migrations are still recorded, and what the last session prepared is gone
      expect((await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(second.db)).rows[0]!.n).toBeGreaterThan(0);
      expect(
        (await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements where name = 'left_behind'`.execute(second.db)).rows[0]!.n,
      ).toBe(0);
      await sql`create table made_by_a_test (id text)`.execute(second.db);
      await second.close();

      // a schema a test changed is not used again
      const third = await engine.fresh();
      expect(
        (await sql<{ n: number }>`select count(*)::int as n from pg_tables where tablename = 'made_by_a_test'`.execute(third.db)).rows[0]!.n,
      ).toBe(0);
      await third.close();
    } finally {
      await engine.dispose();
    }
  }, 120_000);
}
