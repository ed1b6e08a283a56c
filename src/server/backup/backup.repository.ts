/**
 * The SQL of backups and restores. Tables are handled generically (their columns, types and keys are read from the
 * catalogue), so a column added by a migration is backed up without touching this file. Values are selected in a
 * form that is exact and engine-independent: timestamps as ISO strings to the microsecond, numeric as text.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { BackupRow } from './backup-format.js';

type Db = Kysely<Database> | Transaction<Database>;
// tables are named at run time here: the typed schema cannot check these queries
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- table names known only at run time
const untyped = (db: Db) => db as unknown as Kysely<any>;

export type ColumnKind = 'timestamptz' | 'timestamp' | 'date' | 'numeric' | 'jsonb' | 'json' | 'array' | 'plain';

export interface Column {
  name: string;
  kind: ColumnKind;
  /** Filled from a sequence (bigserial): the sequence is moved past the restored ids. */
  serial: boolean;
}

export interface TableShape {
  name: string;
  columns: Column[];
  primaryKey: string[];
}

export async function appliedMigrations(db: Db): Promise<string[]> {
  const result = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return result.rows.map((r) => r.name);
}

export async function listTables(db: Db): Promise<string[]> {
  const result = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
    order by table_name`.execute(db);
  return result.rows.map((r) => r.table_name);
}

function kindOf(dataType: string): ColumnKind {
  switch (dataType) {
    case 'timestamp with time zone':
      return 'timestamptz';
    case 'timestamp without time zone':
      return 'timestamp';
    case 'date':
      return 'date';
    case 'numeric':
      return 'numeric';
    case 'jsonb':
      return 'jsonb';
    case 'json':
      return 'json';
    case 'ARRAY':
      return 'array';
    default:
      return 'plain';
  }
}

export async function tableShape(db: Db, table: string): Promise<TableShape> {
  const columns = await sql<{ column_name: string; data_type: string; column_default: string | null }>`
    select column_name, data_type, column_default from information_schema.columns
    where table_schema = current_schema() and table_name = ${table}
    order by ordinal_position`.execute(db);
  const key = await sql<{ column_name: string }>`
    select k.column_name from information_schema.table_constraints c
    join information_schema.key_column_usage k
      on k.constraint_name = c.constraint_name and k.table_schema = c.table_schema and k.table_name = c.table_name
    where c.table_schema = current_schema() and c.table_name = ${table} and c.constraint_type = 'PRIMARY KEY'
    order by k.ordinal_position`.execute(db);
  return {
    name: table,
    columns: columns.rows.map((c) => ({ name: c.column_name, kind: kindOf(c.data_type), serial: (c.column_default ?? '').startsWith('nextval(') })),
    primaryKey: key.rows.map((k) => k.column_name),
  };
}

export async function countRows(db: Db, table: string): Promise<number> {
  const result = await untyped(db)
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(result.n);
}

function selection(column: Column): RawBuilder<unknown> {
  const ref = sql.ref(column.name);
  switch (column.kind) {
    case 'timestamptz':
      return sql`to_char(${ref} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(column.name) as unknown as RawBuilder<unknown>;
    case 'timestamp':
      return sql`to_char(${ref}, 'YYYY-MM-DD"T"HH24:MI:SS.US')`.as(column.name) as unknown as RawBuilder<unknown>;
    case 'date':
      return sql`to_char(${ref}, 'YYYY-MM-DD')`.as(column.name) as unknown as RawBuilder<unknown>;
    case 'numeric':
      return sql`${ref}::text`.as(column.name) as unknown as RawBuilder<unknown>;
    default:
      return sql`${ref}`.as(column.name) as unknown as RawBuilder<unknown>;
  }
}

/**
 * One page of a table's rows in primary-key order, after the row whose key is `after` (keyset paging: every page
 * costs the same however far into the table it is).
 */
export async function readPage(db: Db, shape: TableShape, after: unknown[] | null, limit: number): Promise<BackupRow[]> {
  const key = shape.primaryKey.length > 0 ? shape.primaryKey : shape.columns.map((c) => c.name);
  let query = untyped(db)
    .selectFrom(shape.name)
    .select(shape.columns.map((c) => selection(c)) as never)
    .limit(limit);
  for (const k of key) query = query.orderBy(sql.ref(`${shape.name}.${k}`));
  if (after) {
    const left = sql.join(key.map((k) => sql.ref(`${shape.name}.${k}`)));
    const right = sql.join(after.map((v) => sql.val(v)));
    query = query.where(sql<boolean>`(${left}) > (${right})`);
  }
  return (await query.execute()) as BackupRow[];
}

/** The key of a row as `readPage` wants it back; key columns are plain (text, integer) so selected as they are. */
export function keyOf(shape: TableShape, row: BackupRow): unknown[] {
  const key = shape.primaryKey.length > 0 ? shape.primaryKey : shape.columns.map((c) => c.name);
  return key.map((k) => row[k]);
}

/**
 * Empties the tables and restarts their sequences. TRUNCATE is not a row event, so the audit log's append-only
 * trigger (before update or delete, for each row) does not fire: only a restore does this, in its transaction.
 */
export async function truncateTables(db: Db, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  await sql`truncate table ${sql.join(tables.map((t) => sql.table(t)))} restart identity cascade`.execute(db);
}

function writable(column: Column | undefined, value: unknown): unknown {
  if (value === null || value === undefined || !column) return value;
  // pg sends a JS array as a PostgreSQL array literal, so JSON goes as text (a jsonb array stays a JSON array)
  if (column.kind === 'jsonb' || column.kind === 'json') return JSON.stringify(value);
  return value;
}

export async function insertRows(db: Db, shape: TableShape, rows: readonly BackupRow[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = new Map(shape.columns.map((c) => [c.name, c]));
  const values = rows.map((row) => Object.fromEntries(Object.entries(row).map(([name, value]) => [name, writable(columns.get(name), value)])));
  await untyped(db).insertInto(shape.name).values(values).execute();
}

export async function setSuccessor(db: Db, agencyId: string, successorId: string): Promise<void> {
  await db.updateTable('agencies').set({ successor_id: successorId }).where('id', '=', agencyId).execute();
}

/** Moves a serial column's sequence past the largest id in the table (to 1, unused, when the table is empty). */
export async function resetSequence(db: Db, table: string, column: string): Promise<void> {
  await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce(max(${sql.ref(column)}), 1), max(${sql.ref(column)}) is not null)
    from ${sql.table(table)}`.execute(db);
}
