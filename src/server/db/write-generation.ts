/**
 * Writes counted on the embedded database, so a cache can tell that nothing may have changed since a moment without
 * asking the database.
 *
 * The embedded database serves one process (its directory is locked), and within it every statement goes through the
 * pool that `openDatabase` builds: counting the statements of that pool that may write counts every write. A
 * {@link WriteGeneration} moves on before and after each such statement, and when a connection that ran one is given
 * back (after its transaction's COMMIT or ROLLBACK). So if the generation is the same now as just before a read was
 * sent, nothing written after that read's snapshot has been acknowledged to anyone since: what the read saw is still
 * what the database holds, for every write a caller has seen finish.
 *
 * A statement is taken for a read only when it is clearly one ({@link isPlainRead}): a SELECT (or WITH … SELECT) that
 * names no writing statement and calls no function of the schema or builtin function with effects; everything else
 * (INSERT, UPDATE, DELETE, BEGIN, COMMIT, a DO block, `select pg_notify(…)`, `select cchc_…()`…) counts as a write.
 *
 * On PostgreSQL other processes write the same database: no generation is kept there, and caches check the database.
 */
import type { PGlite } from '@electric-sql/pglite';
import type { Kysely, PostgresPool, PostgresPoolClient } from 'kysely';

export class WriteGeneration {
  /** Moves on around every statement that may write (never goes back). */
  value = 0;
  /** Statements run through the counted pool since it was opened: those taken for reads, and the others. */
  reads = 0;
  writes = 0;
  /** Who watches the statements (diagnostics, tests): each statement's text as it is sent, and whether it was a read. */
  readonly observers = new Set<(text: string, read: boolean) => void>();

  /** Calls `observer` for every statement from now on; the function returned stops it. */
  observe(observer: (text: string, read: boolean) => void): () => void {
    this.observers.add(observer);
    return () => void this.observers.delete(observer);
  }
}

/** A SELECT or a WITH query (possibly in parentheses), before its text is looked at for anything that writes. */
const READ_START = /^[\s(]*(?:select|with)\b/iu;

/**
 * Words that make a SELECT or WITH text more than a read: data-modifying statements (a WITH may hold them), SELECT
 * INTO, locks and notifications, the builtin functions with effects (sequences, settings, large objects, advisory
 * locks, server administration), and the schema's own functions (all named cchc_… or audit_log_…: write-generation's
 * test checks every function the migrations create). A string literal holding one of these words only makes a read
 * count as a write, which is safe.
 */
const WRITES = new RegExp(
  '\\b(?:' +
    [
      'insert',
      'update',
      'delete',
      'merge',
      'truncate',
      'into',
      'copy',
      'call',
      'do',
      'lock',
      'notify',
      'listen',
      'unlisten',
      'execute',
      'prepare',
      'refresh',
      'nextval',
      'setval',
      'set_config',
      'pg_notify',
      'pg_advisory\\w*',
      'pg_try_advisory\\w*',
      'lo_\\w+',
      'pg_terminate_backend',
      'pg_cancel_backend',
      'pg_reload_conf',
      'pg_\\w*reset\\w*',
      'pg_\\w*replication\\w*',
      'pg_\\w*wal\\w*',
      'pg_\\w*backup\\w*',
      'pg_\\w*restore\\w*',
      'pg_\\w*file\\w*',
      'query_to_\\w+',
      'cursor_to_\\w+',
      'dblink\\w*',
      'cchc_\\w*',
      'audit_log_\\w*',
    ].join('|') +
    ')\\b',
  'iu',
);

/** Whether a statement's text is clearly a read (anything in doubt is not). */
export function isPlainRead(text: string): boolean {
  return READ_START.test(text) && !WRITES.test(text);
}

/** The texts seen, classified once each (statements repeat: Kysely's compiled queries, the prepared ones). */
const classified = new Map<string, boolean>();
const MAX_CLASSIFIED = 2_000;

function isRead(text: string): boolean {
  if (!READ_START.test(text)) return false; // INSERT, BEGIN, COMMIT…: no need to look further
  let read = classified.get(text);
  if (read === undefined) {
    read = isPlainRead(text);
    if (classified.size >= MAX_CLASSIFIED) classified.clear();
    classified.set(text, read);
  }
  return read;
}

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';

/** `pool` with every statement that may write counted in `generation` (see the module's comment for when it moves). */
export function countingWrites(pool: PostgresPool, generation: WriteGeneration): PostgresPool {
  const wrapped = new WeakMap<PostgresPoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await pool.connect();
      let proxy = wrapped.get(client);
      if (!proxy) {
        // one holder at a time between connect() and release(): whether it wrote is this connection's alone
        let wrote = false;
        proxy = {
          query: ((textOrCursor: unknown, values?: readonly unknown[]): unknown => {
            const text = typeof textOrCursor === 'string' ? textOrCursor : (textOrCursor as { text?: unknown } | null)?.text;
            const run = () => (client.query as (q: unknown, v?: readonly unknown[]) => unknown)(textOrCursor, values);
            const read = typeof text === 'string' && isRead(text);
            if (generation.observers.size > 0) for (const observer of generation.observers) observer(String(text), read);
            if (read) {
              generation.reads++;
              return run();
            }
            generation.writes++;
            generation.value++;
            wrote = true;
            const result = run();
            // a cursor's statement ends when its connection is given back (below)
            return isPromise(result) ? result.finally(() => void generation.value++) : result;
          }) as PostgresPoolClient['query'],
          release: () => {
            if (wrote) {
              wrote = false;
              generation.value++;
            }
            client.release();
          },
        };
        wrapped.set(client, proxy);
      }
      return proxy;
    },
    end: () => pool.end(),
  };
}

/** The generation of each database handle whose writes are all counted (the embedded database's, from openDatabase). */
const generations = new WeakMap<Kysely<never>, WriteGeneration>();

export function registerWriteGeneration<DB>(db: Kysely<DB>, generation: WriteGeneration): void {
  generations.set(db as unknown as Kysely<never>, generation);
}

/**
 * The write generation of a database handle opened by openDatabase on the embedded engine; undefined on PostgreSQL
 * and for any other handle (a transaction, `withoutPlugins()`…), whose readers must ask the database.
 */
export function writeGenerationOf<DB>(db: Kysely<DB>): WriteGeneration | undefined {
  return generations.get(db as unknown as Kysely<never>);
}

/** A caller's PGlite instance (tests) may be opened more than once: every handle on it shares one generation. */
const ofInstance = new WeakMap<PGlite, WriteGeneration>();

export function writeGenerationFor(instance: PGlite): WriteGeneration {
  let generation = ofInstance.get(instance);
  if (!generation) {
    generation = new WriteGeneration();
    ofInstance.set(instance, generation);
  }
  return generation;
}
