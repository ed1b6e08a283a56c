/**
 * The both-engines helper closes what a test (or its beforeEach) opened once the test is over, and what a hook opened
 * once the block is; onPGlite and onPostgres declare the block on that engine alone.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { TestWorld } from './both-engines.js';
import { onBothEngines, onPGlite, onPostgres } from './both-engines.js';

const closedAfterTheBlock: TestWorld[] = [];

onBothEngines('the both-engines helper', (engine) => {
  let fromHook: TestWorld;
  let fromTest: TestWorld | undefined;
  beforeAll(async () => {
    fromHook = await engine.world();
    closedAfterTheBlock.push(fromHook);
  });

  it('gives a fresh world: the database migrated, the world in it, the app over it', async () => {
    fromTest = await engine.world();
    const agencies = await fromTest.ctx.db.selectFrom('agencies').select('id').orderBy('id').execute();
    expect(agencies.map((a) => a.id)).toContain('so-khcn');
    expect((await fromTest.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect(await (await engine.fresh()).db.selectFrom('agencies').select('id').execute()).toEqual([]);
  });

  it('has closed the world of the test before, and keeps the one a hook opened until the block ends', async () => {
    await expect(fromTest!.ctx.db.selectFrom('agencies').select('id').execute()).rejects.toThrow();
    expect((await fromHook.ctx.db.selectFrom('agencies').select('id').where('id', '=', 'so-khcn').execute()).length).toBe(1);
  });
});

onBothEngines('a world opened before each test', (engine) => {
  let world: TestWorld;
  const seen: TestWorld[] = [];
  beforeEach(async () => {
    world = await engine.world({ app: { engine: engine.name } });
    seen.push(world);
  });

  it('is open during its test, with the app options asked for', async () => {
    expect((await world.app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ status: 'ok', engine: engine.name });
  });

  it('is closed once its test is over, not at the end of the block', async () => {
    expect(seen).toHaveLength(2);
    await expect(seen[0]!.ctx.db.selectFrom('agencies').select('id').execute()).rejects.toThrow();
    expect(await world.ctx.db.selectFrom('agencies').select('id').where('id', '=', 'so-khcn').execute()).toHaveLength(1);
  });
});

const ranOn: Record<'pglite-only' | 'postgres-only', string[]> = { 'pglite-only': [], 'postgres-only': [] };

onPGlite('a block on the embedded engine alone', (engine) => {
  it('runs on PGlite only, with fresh databases like the others', async () => {
    ranOn['pglite-only'].push(engine.name);
    expect(engine.name).toBe('pglite');
    expect(await (await engine.fresh()).db.selectFrom('accounts').select('id').execute()).toEqual([]);
  });
});

onPostgres('a block on PostgreSQL alone', (engine) => {
  it('runs on PostgreSQL only, and only when DATABASE_URL is set (skipped otherwise)', async () => {
    ranOn['postgres-only'].push(engine.name);
    const { ctx } = await engine.world();
    const version = await ctx.db.selectNoFrom((eb) => eb.fn<string>('version', []).as('v')).executeTakeFirstOrThrow();
    expect(version.v).toMatch(/^PostgreSQL \d+/u);
    expect(version.v).not.toMatch(/emscripten|wasm/iu);
  });
});

afterAll(() => {
  expect(ranOn).toEqual({ 'pglite-only': ['pglite'], 'postgres-only': process.env['DATABASE_URL'] ? ['postgres'] : [] });
});

afterAll(async () => {
  // the blocks' own afterAll ran first: what their hooks opened is closed
  for (const world of closedAfterTheBlock) await expect(world.ctx.db.selectFrom('agencies').select('id').execute()).rejects.toThrow();
});
