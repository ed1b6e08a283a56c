/**
 * Statements the server runs again and again are prepared once per connection, as JDBC's `prepareThreshold` does:
 * from its second run a parameterised statement goes by name, so PostgreSQL parses and plans it once, not every time.
 * For the embedded database this is most of a short statement's cost (measured: the autosave batch statement takes
 * 4–5 ms unprepared and 1.3–2 ms prepared). The names are per connection (a new connection prepares afresh, never
 * meeting a name it did not create) and their number is bounded, so a query built with a varying text (an `in`
 * list) cannot fill the server's memory.
 */
import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/** Runs of the same text before it is prepared. */
const THRESHOLD = 2;
/** Prepared statements per connection at most; texts seen after that run unprepared. */
const MAX_PREPARED = 300;
/** Distinct texts counted per connection at most (the counts start again beyond). */
const MAX_COUNTED = 5_000;

let connectionSerial = 0;

interface Statements {
  serial: number;
  seen: Map<string, number>;
  names: Map<string, string>;
}

export function preparingPool(pool: pg.Pool): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const statementsOf = new WeakMap<pg.PoolClient, Statements>();
  return {
    async connect() {
      const client = await pool.connect();
      let proxy = wrapped.get(client);
      if (!proxy) {
        // a pg client is one connection for its whole life: its prepared names live as long as it does
        if (!statementsOf.has(client)) statementsOf.set(client, { serial: ++connectionSerial, seen: new Map(), names: new Map() });
        const statements = statementsOf.get(client)!;
        proxy = {
          query: ((textOrCursor: unknown, values?: unknown[]): unknown => {
            // a cursor (Kysely's streaming) or a statement without parameters goes as it is
            if (typeof textOrCursor !== 'string' || !values || values.length === 0) return client.query(textOrCursor as never, values);
            const name = nameFor(statements, textOrCursor);
            return name ? client.query({ name, text: textOrCursor, values }) : client.query(textOrCursor, values);
          }) as unknown as PostgresPoolClient['query'],
          release: () => client.release(),
        };
        wrapped.set(client, proxy);
      }
      return proxy;
    },
    end: () => pool.end(),
  };
}

function nameFor(statements: Statements, text: string): string | null {
  const known = statements.names.get(text);
  if (known) return known;
  const runs = (statements.seen.get(text) ?? 0) + 1;
  if (runs < THRESHOLD || statements.names.size >= MAX_PREPARED) {
    if (statements.seen.size >= MAX_COUNTED) statements.seen.clear();
    statements.seen.set(text, runs);
    return null;
  }
  statements.seen.delete(text);
  const name = `cchc_${statements.serial}_${statements.names.size + 1}`;
  statements.names.set(text, name);
  return name;
}
