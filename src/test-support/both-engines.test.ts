/** The both-engines helper closes what a test opened once the test is over, and what a hook opened once the block is. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestWorld } from './both-engines.js';
import { onBothEngines } from './both-engines.js';

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

afterAll(async () => {
  // the blocks' own afterAll ran first: what their hooks opened is closed
  for (const world of closedAfterTheBlock) await expect(world.ctx.db.selectFrom('agencies').select('id').execute()).rejects.toThrow();
});
