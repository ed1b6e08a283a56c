/** Login, sessions and the actor behind a request. Session tokens are random; only their sha-256 is stored. */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from '../context.js';
import type { Actor } from '../policies/access.js';
import { agencyIdsWithin } from '../repositories/agency.repository.js';
import { cachedSession, forgetSessions, rememberSession, SESSION_CHANNEL, type ResolvedSession } from './session-cache.js';
import {
  announceSessionChange,
  deleteSession,
  deleteSessionsOf,
  deleteSessionsOfExcept,
  findAccountByUsername,
  findLiveSession,
  getAccount,
  insertSession,
  touchSession,
  updatePasswordHash,
} from '../repositories/account.repository.js';
import { recordAudit } from '../repositories/audit.repository.js';
import { beginAttempt, type ThrottlePolicy } from './login-throttle.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { ServiceError } from './service-error.js';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;
/** However often it is used, a session ends a week after its login (a stolen cookie does not live forever). */
export const SESSION_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

// an unknown username costs the same scrypt as a wrong password, so answer times do not tell which usernames exist
let dummyHash: Promise<string> | null = null;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface LoginResult {
  token: string;
  csrfToken: string;
  actor: Actor;
  expiresAt: Date;
}

async function actorOf(
  ctx: Context,
  account: { id: string; username: string; display_name: string; role: Actor['role']; agency_ids: string[] },
): Promise<Actor> {
  return {
    accountId: account.id,
    username: account.username,
    displayName: account.display_name,
    role: account.role,
    scope: new Set(await agencyIdsWithin(ctx.db, account.agency_ids)),
  };
}

/**
 * Signs in. With `throttle` (the HTTP route always passes it) the attempt is counted for the account and the client
 * address first, and refused with 429 while they must wait (see login-throttle); a success does not count.
 */
export async function login(
  ctx: Context,
  username: string,
  password: string,
  throttle?: { address: string; policy: ThrottlePolicy },
): Promise<LoginResult> {
  const attempt = throttle ? await beginAttempt(ctx, username, throttle.address, throttle.policy) : undefined;
  const account = await findAccountByUsername(ctx.db, username.trim());
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  const checked = await verifyPassword(password, account?.password_hash ?? (await dummyHash));
  const ok = account !== undefined && account.active && checked;
  const now = ctx.clock.now();
  if (!ok) {
    await recordAudit(
      ctx.db,
      { actorId: account?.id ?? null, action: 'login-failed', entity: 'account', entityId: username.trim().slice(0, 100) },
      now,
    );
    throw new ServiceError(401, 'bad-credentials', 'Tên đăng nhập hoặc mật khẩu không đúng.', `failed login for ${username}`);
  }
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await ctx.db.transaction().execute(async (trx) => {
    await insertSession(trx, {
      id: hashToken(token),
      account_id: account.id,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
    });
    await recordAudit(trx, { actorId: account.id, action: 'login', entity: 'account', entityId: account.id }, now);
  });
  await attempt?.succeeded();
  return { token, csrfToken, actor: await actorOf(ctx, account), expiresAt };
}

export type { ResolvedSession };

/** The actor behind a session token, sliding the session's expiry; undefined when the session is gone or expired. */
export async function resolveSession(ctx: Context, token: string): Promise<ResolvedSession | undefined> {
  const now = ctx.clock.now();
  const key = hashToken(token);
  const cached = cachedSession(key, now.getTime());
  if (cached && now.getTime() - cached.lastSeenAt <= 60_000) return cached.resolved;
  const found = await findLiveSession(ctx.db, key, now);
  if (!found) return undefined;
  const endOfLife = new Date(found.session.created_at).getTime() + SESSION_MAX_AGE_MS;
  if (now.getTime() >= endOfLife) {
    await deleteSession(ctx.db, found.session.id);
    forgetSessions();
    return undefined;
  }
  // slide at most once a minute, so reads do not write on every request; never past the session's end of life
  let lastSeenAt = new Date(found.session.last_seen_at).getTime();
  let expiresAt = new Date(found.session.expires_at).getTime();
  if (now.getTime() - lastSeenAt > 60_000) {
    expiresAt = Math.min(now.getTime() + SESSION_TTL_MS, endOfLife);
    lastSeenAt = now.getTime();
    await touchSession(ctx.db, found.session.id, now, new Date(expiresAt));
  }
  const resolved = { actor: await actorOf(ctx, found.account), csrfToken: found.session.csrf_token, sessionId: found.session.id };
  rememberSession(key, resolved, Math.min(expiresAt, endOfLife), lastSeenAt);
  return resolved;
}

/**
 * After a change to sessions or to what an account may do: inside the change's transaction, tell the other server
 * processes (delivered at commit); after it commits, call {@link forgetSessions} for this one.
 */
export async function announceSessionsChanged(trx: Parameters<typeof announceSessionChange>[0]): Promise<void> {
  await announceSessionChange(trx, SESSION_CHANNEL);
}

export async function logout(ctx: Context, sessionId: string, actor: Actor): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await deleteSession(trx, sessionId);
    await announceSessionsChanged(trx);
    await recordAudit(trx, { actorId: actor.accountId, action: 'logout', entity: 'account', entityId: actor.accountId }, ctx.clock.now());
  });
  forgetSessions();
}

export async function logoutEverywhere(ctx: Context, actor: Actor): Promise<number> {
  const n = await ctx.db.transaction().execute(async (trx) => {
    const n = await deleteSessionsOf(trx, actor.accountId);
    await announceSessionsChanged(trx);
    await recordAudit(
      trx,
      { actorId: actor.accountId, action: 'logout-all', entity: 'account', entityId: actor.accountId, after: { sessions: n } },
      ctx.clock.now(),
    );
    return n;
  });
  forgetSessions();
  return n;
}

/** Longer passwords could never sign in: the login body takes at most 200 characters. */
const MAX_PASSWORD_LENGTH = 200;

export interface PasswordChangeResult {
  /** The new session that replaces the one the change was made from. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
  /** Other sessions of the account that were ended. */
  sessionsEnded: number;
}

/**
 * A signed-in user changes their own password: the current password is verified (the route rate-limits attempts,
 * and every failure is audited), the new one must meet the policy, and on success every session of the account
 * ends — the others are deleted, and the one the change was made from is replaced by a new session (new token, new
 * CSRF token), so a stolen copy of the old cookie is worthless too. The audit row holds neither password nor hash.
 */
export async function changePassword(
  ctx: Context,
  actor: Actor,
  sessionId: string,
  currentPassword: string,
  newPassword: string,
): Promise<PasswordChangeResult> {
  const account = await getAccount(ctx.db, actor.accountId);
  if (!account || !account.active)
    throw new ServiceError(401, 'unauthenticated', 'Phiên đăng nhập đã hết hạn hoặc chưa đăng nhập. Hãy đăng nhập lại.', 'account gone');
  if (!(await verifyPassword(currentPassword, account.password_hash))) {
    await recordAudit(ctx.db, { actorId: account.id, action: 'password-change-failed', entity: 'account', entityId: account.id }, ctx.clock.now());
    throw new ServiceError(403, 'wrong-password', 'Mật khẩu hiện tại không đúng.', `wrong current password for ${account.username}`);
  }
  const problem =
    newPassword.length > MAX_PASSWORD_LENGTH ? `Mật khẩu không được dài quá ${MAX_PASSWORD_LENGTH} ký tự.` : passwordProblem(newPassword);
  if (problem) throw new ServiceError(422, 'weak-password', problem, 'the new password fails the policy');
  if (newPassword.normalize('NFC') === currentPassword.normalize('NFC')) {
    throw new ServiceError(422, 'same-password', 'Mật khẩu mới phải khác mật khẩu hiện tại.', 'the new password is the current one');
  }
  const newHash = await hashPassword(newPassword);
  const now = ctx.clock.now();
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const sessionsEnded = await ctx.db.transaction().execute(async (trx) => {
    if (!(await updatePasswordHash(trx, account.id, account.password_hash, newHash, now))) {
      throw new ServiceError(409, 'password-changed', 'Mật khẩu vừa được đổi từ một phiên khác. Hãy đăng nhập lại.', 'concurrent password change');
    }
    const others = await deleteSessionsOfExcept(trx, account.id, sessionId);
    await deleteSession(trx, sessionId);
    await announceSessionsChanged(trx);
    await insertSession(trx, {
      id: hashToken(token),
      account_id: account.id,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
    });
    await recordAudit(
      trx,
      {
        actorId: account.id,
        action: 'password-change',
        entity: 'account',
        entityId: account.id,
        after: { sessionsEnded: others, sessionRotated: true },
      },
      now,
    );
    return others;
  });
  forgetSessions();
  return { token, csrfToken, expiresAt, sessionsEnded };
}
