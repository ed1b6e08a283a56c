/** Login, sessions and the actor behind a request. Session tokens are random; only their sha-256 is stored. */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from '../context.js';
import type { Actor } from '../policies/access.js';
import { agencyIdsWithin } from '../repositories/agency.repository.js';
import { deleteSession, deleteSessionsOf, findAccountByUsername, findLiveSession, insertSession, touchSession } from '../repositories/account.repository.js';
import { recordAudit } from '../repositories/audit.repository.js';
import { verifyPassword } from './passwords.js';
import { ServiceError } from './service-error.js';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface LoginResult {
  token: string;
  csrfToken: string;
  actor: Actor;
  expiresAt: Date;
}

async function actorOf(ctx: Context, account: { id: string; username: string; display_name: string; role: Actor['role']; agency_ids: string[] }): Promise<Actor> {
  return {
    accountId: account.id,
    username: account.username,
    displayName: account.display_name,
    role: account.role,
    scope: new Set(await agencyIdsWithin(ctx.db, account.agency_ids)),
  };
}

export async function login(ctx: Context, username: string, password: string): Promise<LoginResult> {
  const account = await findAccountByUsername(ctx.db, username.trim());
  const ok = account !== undefined && account.active && (await verifyPassword(password, account.password_hash));
  const now = ctx.clock.now();
  if (!ok) {
    await recordAudit(ctx.db, { actorId: account?.id ?? null, action: 'login-failed', entity: 'account', entityId: username.trim().slice(0, 100) }, now);
    throw new ServiceError(401, 'bad-credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.', `failed login for ${username}`);
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await ctx.db.transaction().execute(async (trx) => {
    await insertSession(trx, { id: hashToken(token), account_id: account.id, csrf_token: csrfToken, created_at: now, last_seen_at: now, expires_at: expiresAt });
    await recordAudit(trx, { actorId: account.id, action: 'login', entity: 'account', entityId: account.id }, now);
  });
  return { token, csrfToken, actor: await actorOf(ctx, account), expiresAt };
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
  sessionId: string;
}

/** The actor behind a session token, sliding the session's expiry; undefined when the session is gone or expired. */
export async function resolveSession(ctx: Context, token: string): Promise<ResolvedSession | undefined> {
  const now = ctx.clock.now();
  const found = await findLiveSession(ctx.db, hashToken(token), now);
  if (!found) return undefined;
  // slide at most once a minute, so reads do not write on every request
  if (now.getTime() - new Date(found.session.last_seen_at).getTime() > 60_000) {
    await touchSession(ctx.db, found.session.id, now, new Date(now.getTime() + SESSION_TTL_MS));
  }
  return { actor: await actorOf(ctx, found.account), csrfToken: found.session.csrf_token, sessionId: found.session.id };
}

export async function logout(ctx: Context, sessionId: string, actor: Actor): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await deleteSession(trx, sessionId);
    await recordAudit(trx, { actorId: actor.accountId, action: 'logout', entity: 'account', entityId: actor.accountId }, ctx.clock.now());
  });
}

export async function logoutEverywhere(ctx: Context, actor: Actor): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const n = await deleteSessionsOf(trx, actor.accountId);
    await recordAudit(trx, { actorId: actor.accountId, action: 'logout-all', entity: 'account', entityId: actor.accountId, after: { sessions: n } }, ctx.clock.now());
    return n;
  });
}
