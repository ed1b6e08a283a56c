/**
 * What services need from the outside world, injected so tests control it: the database, the clock, id generation
 * and the template library.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { TemplateLibrary } from '../templates/template-loader.js';
import type { Database } from './db/schema.js';
import type { Mailer } from './mailer.js';

export interface Clock {
  now(): Date;
}

export interface Ids {
  /** A new unique id, with a readable prefix ("rpt_…"). */
  next(prefix: string): string;
}

export interface Context {
  db: Kysely<Database>;
  clock: Clock;
  ids: Ids;
  templates: TemplateLibrary;
  /** E-mail when SMTP is configured; absent otherwise. */
  mailer?: Mailer | null;
  /** Which database engine serves `db` (how many write batches may run at once); the embedded one when absent. */
  engine?: 'pglite' | 'postgres';
}

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: Ids = { next: (prefix) => `${prefix}_${randomUUID().replace(/-/gu, '').slice(0, 20)}` };

/** For tests: a clock that only moves when told, and ids numbered in order. */
export function fixedClock(start = '2026-01-15T08:00:00.000Z'): Clock & { advance(ms: number): void } {
  let t = new Date(start).getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

export function sequentialIds(): Ids {
  let n = 0;
  return { next: (prefix) => `${prefix}_${String(++n).padStart(6, '0')}` };
}
