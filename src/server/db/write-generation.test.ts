/**
 * The embedded database's write generation (write-generation.ts): which statements count as writes, that every
 * function of the schema does, and that the generation moves with every write through the database handle — around
 * the statement and again when its transaction ends — and never with a read. PostgreSQL keeps none.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { onBothEngines } from '../../test-support/both-engines.js';
import { isPlainRead, writeGenerationOf } from './write-generation.js';

describe('which statements are reads', () => {
  it('takes SELECT and WITH … SELECT texts for reads', () => {
    for (const text of [
      'select 1',
      'SELECT "id", "version" from "reports" where "id" = $1',
      '  (select * from reports) union (select * from reports)',
      `with recursive merged(id, depth) as (select agency_id::text, 0 from reports union select a.id, m.depth + 1 from agencies a join merged m on a.successor_id = m.id)
       select count(*) || '/' || coalesce(max(c.created_at)::text, '') from comments c`,
      'select "updated_at", "deleted_rows", "into_x" from "t"',
    ])
      expect(isPlainRead(text), text).toBe(true);
  });

  it('counts everything else as a write, and any read that names something that writes', () => {
    for (const text of [
      'insert into reports (id) values ($1)',
      'update reports set version = version + 1',
      'delete from sessions where id = $1',
      'merge into t using s on t.id = s.id when matched then delete',
      'truncate table reports',
      'begin',
      'commit',
      'rollback',
      'savepoint sp1',
      'do $$ begin perform 1; end $$',
      'copy reports from stdin',
      'with bumped as (update reports set version = 2 returning id) select * from bumped',
      'with gone as (delete from comments returning id) select count(*) from gone',
      'with item as (select 1) insert into audit_log (id) select 1 from item',
      'select * into new_table from reports',
      "select pg_notify($1, '')",
      "select nextval('audit_log_id_seq')",
      "select setval(pg_get_serial_sequence('audit_log', 'id'), 5)",
      "select set_config('session_replication_role', 'replica', true)",
      'select pg_advisory_xact_lock(1)',
      'select cchc_consolidation_rebuild()',
      'select * from cchc_template_rules($1)',
      'select * from reports where id = $1 for update',
      "select lo_import('/etc/passwd')",
      "select query_to_xml('delete from reports', true, false, '')",
      '-- a comment first\nselect 1',
      'explain analyze delete from reports',
      '',
    ])
      expect(isPlainRead(text), text).toBe(false);
  });

  onBothEngines('the schema', (engine) => {
    it('has no function that a SELECT could call and be taken for a read', async () => {
      const { db } = await engine.fresh();
      const functions = await sql<{ name: string }>`
        select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'`.execute(db);
      expect(functions.rows.length).toBeGreaterThan(5);
      for (const { name } of functions.rows) {
        expect(isPlainRead(`select ${name}()`), name).toBe(false);
        expect(isPlainRead(`select * from reports where x = ${name}($1)`), name).toBe(false);
      }
    });
  });
});

onBothEngines('the write generation', (engine) => {
  it('moves with every write through the handle and its transactions, never with a read (embedded database only)', async () => {
    const database = await engine.fresh();
    const { db } = database;
    const writes = writeGenerationOf(db);
    if (engine.name === 'postgres') {
      // other processes write a PostgreSQL database: nothing here can say it did not change
      expect(writes).toBeUndefined();
      return;
    }
    expect(writes).toBeDefined();
    const generation = writes!;
    // other handles on the same database (a transaction, withoutPlugins()) are not registered: their readers ask
    expect(writeGenerationOf(db.withoutPlugins())).toBeUndefined();

    let last = generation.value;
    const moved = () => {
      const now = generation.value;
      const result = now > last;
      last = now;
      return result;
    };
    const agency = { kind: 'department', valid_from: '2020-01-01' } as const;

    // reads: the query builder's and raw ones
    await db.selectFrom('agencies').selectAll().execute();
    await sql`select count(*) from agencies`.execute(db);
    expect(moved()).toBe(false);
    const reads = generation.reads;
    expect(reads).toBeGreaterThanOrEqual(2);

    await db
      .insertInto('agencies')
      .values({ id: 'a', name: 'Sở A', ...agency })
      .execute();
    expect(moved()).toBe(true);
    await db.updateTable('agencies').set({ name: 'Sở A mới' }).where('id', '=', 'a').execute();
    expect(moved()).toBe(true);
    await sql`update agencies set short_name = 'A' where id = 'a'`.execute(db);
    expect(moved()).toBe(true);
    await db.deleteFrom('agencies').where('id', '=', 'nobody').execute();
    expect(moved()).toBe(true); // a write that changed nothing still counts
    await sql`select pg_notify('cchc_test', '')`.execute(db);
    expect(moved()).toBe(true);
    // through another handle on the same database
    await db
      .withoutPlugins()
      .insertInto('agencies')
      .values({ id: 'b', name: 'Sở B', ...agency })
      .execute();
    expect(moved()).toBe(true);
    // a write that fails still counts (it may have done something before failing)
    await expect(
      db
        .insertInto('agencies')
        .values({ id: 'a', name: 'again', ...agency })
        .execute(),
    ).rejects.toThrow();
    expect(moved()).toBe(true);

    // a transaction: the generation moves with its statements, and once more at its end (when what it wrote is seen)
    let inside = 0;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('agencies')
        .values({ id: 'c', name: 'Sở C', ...agency })
        .execute();
      inside = generation.value;
    });
    expect(generation.value).toBeGreaterThan(inside);
    moved();
    // a transaction that only reads still has its BEGIN and COMMIT counted: nothing can tell it wrote nothing
    await db.transaction().execute(async (trx) => trx.selectFrom('agencies').selectAll().execute());
    expect(moved()).toBe(true);

    expect(generation.reads).toBeGreaterThan(reads);
    expect(generation.writes).toBeGreaterThanOrEqual(11);
    await database.close();
  });
});
