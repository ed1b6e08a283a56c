import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { preparingPool } from './prepared-statements.js';

/** A pool whose clients record what they are asked to run. */
function recordingPool() {
  const calls: { client: number; text: string; name?: string }[] = [];
  let clients = 0;
  const pool = {
    async connect() {
      const client = ++clients;
      return {
        query: async (q: string | { text: string; name?: string }, _values?: unknown[]) => {
          calls.push(typeof q === 'string' ? { client, text: q } : { client, text: q.text, name: q.name });
          return { rows: [], rowCount: 0, command: 'SELECT' };
        },
        release: () => undefined,
      };
    },
    end: async () => undefined,
  };
  return { pool: preparingPool(pool as unknown as pg.Pool), calls };
}

describe('statements prepared from their second run', () => {
  it('names a parameterised text from its second run on, per connection; never one without parameters', async () => {
    const { pool, calls } = recordingPool();
    const a = await pool.connect();
    const b = await pool.connect();
    for (let i = 0; i < 3; i++) await a.query('select $1', [i]);
    await a.query('select 1', []);
    await a.query('select 1', []);
    await b.query('select $1', [1]);
    await b.query('select $1', [2]);
    // a name is cchc_<connection>_<statement>; connections are numbered through the process (other files' included)
    const connection = (name: string | undefined) => name?.match(/^cchc_(\d+)_\d+$/u)?.[1];
    const [first, second] = [connection(calls[1]!.name), connection(calls[6]!.name)];
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(calls.map((c) => [c.client, c.text, c.name])).toEqual([
      [1, 'select $1', undefined],
      [1, 'select $1', `cchc_${first}_1`],
      [1, 'select $1', `cchc_${first}_1`],
      [1, 'select 1', undefined],
      [1, 'select 1', undefined],
      [2, 'select $1', undefined],
      [2, 'select $1', `cchc_${second}_1`],
    ]);
  });

  it('prepares a bounded number of texts per connection', async () => {
    const { pool, calls } = recordingPool();
    const a = await pool.connect();
    for (let i = 0; i < 400; i++) for (let run = 0; run < 2; run++) await a.query(`select $1 + ${i}`, [1]);
    const names = new Set(calls.map((c) => c.name).filter(Boolean));
    expect(names.size).toBe(300);
  });
});
