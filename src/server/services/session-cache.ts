/**
 * Resolved sessions kept in memory for a few seconds, so a burst of requests (autosaves while an officer types) does
 * not read the session, its account and the agency tree from the database on every request.
 *
 * Staying correct:
 * - an entry lives at most SESSION_CACHE_TTL_MS of real time, and never past the session's own expiry (read on the
 *   context's clock, so tests that move time see sessions expire at once);
 * - every change that ends a session or changes what an account may see (logout, log out everywhere, password
 *   change or reset, deactivation, role or agency change) forgets every cached session of this process after its
 *   transaction commits, and announces the change to the other server processes on the same PostgreSQL
 *   (NOTIFY on {@link SESSION_CHANNEL}; `start-server` listens and forgets too). Should that listening connection be
 *   lost, another process honours a revoked session for at most the TTL;
 * - the key is the token's sha-256, 256 bits of randomness: entries of different databases (tests) never collide.
 */
import type { Actor } from '../policies/access.js';

/** The actor behind a session token (what {@link cachedSession} keeps; auth.service resolves it). */
export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
  sessionId: string;
}

export const SESSION_CACHE_TTL_MS = 5_000;
export const SESSION_CHANNEL = 'cchc_sessions';
const MAX_ENTRIES = 20_000;

interface Entry {
  resolved: ResolvedSession;
  /** performance.now() after which the entry is read again from the database. */
  freshUntil: number;
  /** The session's end on the context's clock (sliding expiry or end of life, whichever is first), ms since epoch. */
  endsAt: number;
  lastSeenAt: number;
}

const entries = new Map<string, Entry>();

export function cachedSession(key: string, nowMs: number): Entry | undefined {
  const entry = entries.get(key);
  if (!entry) return undefined;
  if (performance.now() >= entry.freshUntil || nowMs >= entry.endsAt) {
    entries.delete(key);
    return undefined;
  }
  return entry;
}

export function rememberSession(key: string, resolved: ResolvedSession, endsAt: number, lastSeenAt: number): void {
  if (entries.size >= MAX_ENTRIES) entries.clear();
  entries.set(key, { resolved, freshUntil: performance.now() + SESSION_CACHE_TTL_MS, endsAt, lastSeenAt });
}

/** Forget every cached session of this process (called after a change to sessions or accounts commits). */
export function forgetSessions(): void {
  entries.clear();
}
