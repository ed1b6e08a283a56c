/**
 * "This test on both engines", in one place: `onBothEngines(title, (engine) => { … })` declares the describe block
 * once per engine (PGlite always, PostgreSQL when DATABASE_URL is set), titled "<title> on <engine>", and drops what
 * the engine created when the block ends. Inside, `engine.fresh()` gives a fresh migrated database and
 * `engine.world()` a fresh database with the test world in it and the app over it; both are closed by themselves:
 * at the end of the test that opened them, or at the end of the block when a beforeAll opened them.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, onTestFinished } from 'vitest';
import { buildApp, type AppOptions } from '../server/app.js';
import type { Context } from '../server/context.js';
import type { Engine, OpenDatabase } from '../server/db/open-database.js';
import { testEngines, type TestEngine } from './test-database.js';
import { buildWorld } from './world.js';

export type WorldContext = Awaited<ReturnType<typeof buildWorld>>;

export interface TestWorld<C extends Context = WorldContext> {
  database: OpenDatabase;
  /** The world's context (fixed clock, sequential ids, the template library), as `extend` made it. */
  ctx: C;
  app: FastifyInstance;
}

export interface WorldOptions<C extends Context> {
  /** The app's options; a sign-in limit that a test's many sign-ins never reach by default. */
  app?: AppOptions;
  /** Changes the context before the app is built over it (a mailer, a smaller notice delay…). */
  extend?: (ctx: WorldContext) => C | Promise<C>;
}

export interface EngineUnderTest {
  name: Engine;
  /** A fresh, migrated, empty database, closed after the test (or the block) that opened it. */
  fresh(): Promise<OpenDatabase>;
  /** A fresh database with the test world (buildWorld) and the app over it, closed after the test (or the block). */
  world<C extends Context = WorldContext>(options?: WorldOptions<C>): Promise<TestWorld<C>>;
}

/** The sign-in limit of test apps unless a test asks otherwise: many sign-ins per test, none throttled. */
export const TEST_LOGIN_LIMIT = { max: 100, timeWindowMs: 60_000 } as const;

/** Declares `body` once per test engine, inside a describe titled "<title> on <engine name>". */
export function onBothEngines(title: string, body: (engine: EngineUnderTest) => void): void {
  declareOn(testEngines(), title, body);
}

/**
 * Declares `body` on the embedded engine alone, titled "<title> on pglite": for what the database does not decide
 * (the HTTP edge, fuzzing the routes, the mailer), with the same fresh databases and worlds, closed the same way.
 */
export function onPGlite(title: string, body: (engine: EngineUnderTest) => void): void {
  declareOn(only('pglite'), title, body);
}

/**
 * Declares `body` on PostgreSQL alone, titled "<title> on postgres": for what only a server database can do (two
 * processes sharing it). Without DATABASE_URL the block is declared skipped, so the run says what it did not test.
 */
export function onPostgres(title: string, body: (engine: EngineUnderTest) => void): void {
  const engines = only('postgres');
  if (engines.length > 0) return declareOn(engines, title, body);
  const absent = (): never => {
    throw new Error('PostgreSQL is not available to tests: DATABASE_URL is not set');
  };
  describe.skip(`${title} on postgres`, () => body({ name: 'postgres', fresh: absent, world: absent }));
}

/** The test engine of that name, if this run has it; the others are let go at once (they have opened nothing). */
function only(name: Engine): TestEngine[] {
  const engines = testEngines();
  for (const other of engines.filter((e) => e.name !== name)) void other.dispose();
  return engines.filter((e) => e.name === name);
}

function declareOn(engines: TestEngine[], title: string, body: (engine: EngineUnderTest) => void): void {
  for (const engine of engines) {
    describe(`${title} on ${engine.name}`, () => {
      // what a hook opened (no test is running to close it) is closed when the block ends, last opened first
      const openedInHooks: (() => Promise<void>)[] = [];
      // PGlite migrates its template database on the first fresh() (seconds, far more on a busy machine): done in a
      // hook, with the hook's time limit, not inside the first test's
      if (engine.name === 'pglite') beforeAll(async () => (await engine.fresh()).close());
      afterAll(async () => {
        try {
          for (const close of openedInHooks.reverse()) await close();
        } finally {
          await engine.dispose();
        }
      });
      const closeLater = (close: () => Promise<void>) => {
        try {
          onTestFinished(close);
        } catch {
          openedInHooks.push(close);
        }
      };
      // a database closes once, whether the test closed it itself or not
      const open = async (): Promise<OpenDatabase> => {
        const opened = await engine.fresh();
        let closing: Promise<void> | null = null;
        return { ...opened, close: () => (closing ??= opened.close()) };
      };
      const fresh = async (): Promise<OpenDatabase> => {
        const database = await open();
        closeLater(() => database.close());
        return database;
      };
      body({
        name: engine.name,
        fresh,
        async world<C extends Context = WorldContext>(options: WorldOptions<C> = {}): Promise<TestWorld<C>> {
          const database = await open();
          let app: FastifyInstance | null = null;
          // registered before the setup goes on, so it runs however far the setup got; the app closes first
          closeLater(async () => {
            await app?.close();
            await database.close();
          });
          const world = await buildWorld(database);
          const ctx = options.extend ? await options.extend(world) : (world as unknown as C);
          app = await buildApp(ctx, options.app ?? { loginLimit: TEST_LOGIN_LIMIT });
          return { database, ctx, app };
        },
      });
    });
  }
}
