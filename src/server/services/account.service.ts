/**
 * Account management by administrators: list, create, edit, deactivate and reactivate accounts, and reset a password.
 *
 * The rule of scope: an administrator manages an account only when every agency the account acts for lies within the
 * administrator's own agencies (and everything below them), and can give an account only agencies within that scope.
 * Accounts outside it do not exist for the administrator (404), and agencies outside it are refused whether they exist
 * or not (403), so the answers reveal nothing of another province. Only usernames are global: a taken username is a
 * 409 wherever its account belongs.
 *
 * Every write runs in one transaction with its audit row; no audit row holds a password or a hash. Deactivating an
 * account and resetting its password end all its sessions at once. A generated password is returned once and kept
 * only as its scrypt hash.
 */
import { randomInt } from 'node:crypto';
import type { Context } from '../context.js';
import type { Role } from '../db/schema.js';
import { may, mayManageAccount, type Actor } from '../policies/access.js';
import {
  deleteSessionsOf,
  getAccount,
  insertAccount,
  listAccountsWithin,
  lockAccount,
  setAccountActive,
  setPasswordHash,
  updateAccountProfile,
  usernameTaken,
  type Account,
} from '../repositories/account.repository.js';
import { agencyIdsWithin } from '../repositories/agency.repository.js';
import { recordAudit } from '../repositories/audit.repository.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { forbidden, notFound, ServiceError } from './service-error.js';
import { announceSessionsChanged } from './auth.service.js';
import { forgetSessions } from './session-cache.js';

export interface AccountListInput {
  agencyId?: string;
  role?: Role;
  active?: 'true' | 'false';
  q?: string;
  limit: number;
  offset: number;
}

export interface CreateAccountInput {
  username: string;
  displayName: string;
  role: Role;
  agencyIds: string[];
  email?: string | null;
  password?: string;
}

export interface UpdateAccountInput {
  displayName?: string;
  role?: Role;
  agencyIds?: string[];
  email?: string | null;
}

const MAX_PASSWORD_LENGTH = 200;

/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand (no 0/O, 1/l/I). */
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of four groups of four (about 92 bits), always with letters and digits: it meets the policy. */
export function generatePassword(): string {
  for (;;) {
    const groups = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join(''));
    const password = groups.join('-');
    if (passwordProblem(password) === null) return password;
  }
}

function requireManage(actor: Actor): void {
  if (!may(actor, 'account:manage')) throw forbidden('account:manage');
}

/** The account, if the actor manages it; otherwise it does not exist for them. */
function managed(actor: Actor, account: Account | undefined, id: string): Account {
  if (!account || !mayManageAccount(actor, account.agency_ids)) throw notFound('account', id);
  return account;
}

/** The agencies, each once and sorted, all within the actor's scope; unknown ones are refused the same way. */
function checkedAgencies(actor: Actor, agencyIds: readonly string[]): string[] {
  const unique = [...new Set(agencyIds.map((a) => a.trim()))].sort();
  const outside = unique.filter((a) => !may(actor, 'account:manage', a));
  if (outside.length > 0) {
    const shown = outside.slice(0, 5).join(', ') + (outside.length > 5 ? ` và ${outside.length - 5} đơn vị khác` : '');
    throw new ServiceError(
      403,
      'agency-out-of-scope',
      `Đơn vị không có hoặc nằm ngoài phạm vi bạn quản lý: ${shown}.`,
      `agencies outside the actor's scope: ${outside.join(', ')}`,
      {
        agencyIds: outside,
      },
    );
  }
  if (unique.length === 0) throw new ServiceError(422, 'no-agency', 'Hãy chọn ít nhất một đơn vị.', 'an account needs an agency');
  return unique;
}

const normalisedEmail = (email: string | null | undefined) =>
  email === undefined ? undefined : email === null || email.trim() === '' ? null : email.trim();

/** A username already in use (409): usernames are unique across the whole installation, whatever their case. */
const usernameInUse = (username: string) =>
  new ServiceError(409, 'username-taken', `Tên đăng nhập "${username}" đã được dùng. Hãy chọn tên khác.`, `username ${username} is taken`);

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === '23505';

export async function listManagedAccounts(ctx: Context, actor: Actor, input: AccountListInput): Promise<{ rows: Account[]; total: number }> {
  requireManage(actor);
  let anyOfAgencies: string[] | undefined;
  if (input.agencyId !== undefined) {
    if (!may(actor, 'account:manage', input.agencyId)) throw notFound('agency', input.agencyId);
    anyOfAgencies = await agencyIdsWithin(ctx.db, [input.agencyId]);
  }
  return listAccountsWithin(ctx.db, {
    scope: [...actor.scope],
    ...(anyOfAgencies ? { anyOfAgencies } : {}),
    ...(input.role ? { role: input.role } : {}),
    ...(input.active ? { active: input.active === 'true' } : {}),
    ...(input.q ? { text: input.q } : {}),
    limit: input.limit,
    offset: input.offset,
  });
}

export async function viewAccount(ctx: Context, actor: Actor, id: string): Promise<Account> {
  requireManage(actor);
  return managed(actor, await getAccount(ctx.db, id), id);
}

export async function createAccount(
  ctx: Context,
  actor: Actor,
  input: CreateAccountInput,
): Promise<{ account: Account; generatedPassword?: string }> {
  requireManage(actor);
  const agencyIds = checkedAgencies(actor, input.agencyIds);
  const username = input.username.trim().toLowerCase();
  const displayName = input.displayName.trim();
  if (input.password !== undefined) {
    const problem =
      input.password.length > MAX_PASSWORD_LENGTH ? `Mật khẩu không được dài quá ${MAX_PASSWORD_LENGTH} ký tự.` : passwordProblem(input.password);
    if (problem) throw new ServiceError(422, 'weak-password', problem, 'the initial password fails the policy');
  }
  if (await usernameTaken(ctx.db, username)) throw usernameInUse(username);
  const generatedPassword = input.password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(input.password ?? generatedPassword!);
  const id = ctx.ids.next('acc');
  const now = ctx.clock.now();
  const email = normalisedEmail(input.email) ?? null;
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await insertAccount(trx, {
        id,
        username,
        display_name: displayName,
        role: input.role,
        agency_ids: agencyIds,
        password_hash: passwordHash,
        email,
      });
      await recordAudit(
        trx,
        {
          actorId: actor.accountId,
          action: 'create-account',
          entity: 'account',
          entityId: id,
          after: { username, displayName, role: input.role, agencyIds, email, active: true, passwordGenerated: generatedPassword !== undefined },
        },
        now,
      );
    });
  } catch (error) {
    // two administrators choosing the same name at once: the database's unique index decides
    if (isUniqueViolation(error)) throw usernameInUse(username);
    throw error;
  }
  const account = (await getAccount(ctx.db, id))!;
  return generatedPassword === undefined ? { account } : { account, generatedPassword };
}

export async function updateAccount(ctx: Context, actor: Actor, id: string, input: UpdateAccountInput): Promise<Account> {
  requireManage(actor);
  const agencyIds = input.agencyIds === undefined ? undefined : checkedAgencies(actor, input.agencyIds);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const account = managed(actor, await lockAccount(trx, id), id);
    const changes: Partial<Pick<Account, 'display_name' | 'role' | 'agency_ids' | 'email'>> = {};
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const change = <K extends keyof typeof changes>(
      column: K,
      field: string,
      value: Account[K] | undefined,
      same: (a: Account[K], b: Account[K]) => boolean,
    ) => {
      if (value === undefined || same(account[column], value)) return;
      changes[column] = value;
      before[field] = account[column];
      after[field] = value;
    };
    const equal = <T>(a: T, b: T) => a === b;
    change('display_name', 'displayName', input.displayName?.trim(), equal);
    change('role', 'role', input.role, equal);
    change('agency_ids', 'agencyIds', agencyIds, (a, b) => [...a].sort().join('\n') === b.join('\n'));
    change('email', 'email', normalisedEmail(input.email), equal);
    if (account.id === actor.accountId && ('role' in changes || 'agency_ids' in changes)) {
      throw new ServiceError(
        422,
        'own-account',
        'Bạn không thể tự đổi vai trò hoặc đơn vị của chính mình. Hãy nhờ một quản trị viên khác.',
        'an administrator cannot change their own role or agencies',
      );
    }
    if (Object.keys(changes).length === 0) return;
    await updateAccountProfile(trx, id, changes);
    await announceSessionsChanged(trx);
    await recordAudit(trx, { actorId: actor.accountId, action: 'update-account', entity: 'account', entityId: id, before, after }, now);
  });
  forgetSessions();
  return (await getAccount(ctx.db, id))!;
}

export async function deactivateAccount(ctx: Context, actor: Actor, id: string): Promise<{ account: Account; sessionsEnded: number }> {
  requireManage(actor);
  const now = ctx.clock.now();
  const sessionsEnded = await ctx.db.transaction().execute(async (trx) => {
    const account = managed(actor, await lockAccount(trx, id), id);
    if (account.id === actor.accountId) {
      throw new ServiceError(
        422,
        'own-account',
        'Bạn không thể tự khóa tài khoản của chính mình.',
        'an administrator cannot deactivate their own account',
      );
    }
    if (!(await setAccountActive(trx, id, false))) return 0; // already inactive: nothing to do
    const ended = await deleteSessionsOf(trx, id);
    await announceSessionsChanged(trx);
    await recordAudit(
      trx,
      {
        actorId: actor.accountId,
        action: 'deactivate-account',
        entity: 'account',
        entityId: id,
        before: { active: true },
        after: { active: false, sessionsEnded: ended },
      },
      now,
    );
    return ended;
  });
  forgetSessions();
  return { account: (await getAccount(ctx.db, id))!, sessionsEnded };
}

export async function reactivateAccount(ctx: Context, actor: Actor, id: string): Promise<Account> {
  requireManage(actor);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    managed(actor, await lockAccount(trx, id), id);
    if (!(await setAccountActive(trx, id, true))) return; // already active
    await recordAudit(
      trx,
      { actorId: actor.accountId, action: 'reactivate-account', entity: 'account', entityId: id, before: { active: false }, after: { active: true } },
      now,
    );
  });
  return (await getAccount(ctx.db, id))!;
}

/**
 * A temporary password for a user who lost theirs: generated here, returned once, every session of the account ended.
 * An administrator changes their own password with "Đổi mật khẩu" (which checks the current one), never here.
 */
export async function resetAccountPassword(
  ctx: Context,
  actor: Actor,
  id: string,
): Promise<{ account: Account; temporaryPassword: string; sessionsEnded: number }> {
  requireManage(actor);
  // the 404 before the costly hash, and before anything else is said about the account
  const current = managed(actor, await getAccount(ctx.db, id), id);
  if (current.id === actor.accountId) {
    throw new ServiceError(
      422,
      'own-account',
      'Hãy dùng "Đổi mật khẩu" để đổi mật khẩu của chính bạn.',
      'an administrator cannot reset their own password',
    );
  }
  const temporaryPassword = generatePassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const now = ctx.clock.now();
  const sessionsEnded = await ctx.db.transaction().execute(async (trx) => {
    managed(actor, await lockAccount(trx, id), id);
    await setPasswordHash(trx, id, passwordHash, now);
    const ended = await deleteSessionsOf(trx, id);
    await announceSessionsChanged(trx);
    await recordAudit(
      trx,
      {
        actorId: actor.accountId,
        action: 'reset-password',
        entity: 'account',
        entityId: id,
        after: { sessionsEnded: ended, passwordGenerated: true },
      },
      now,
    );
    return ended;
  });
  forgetSessions();
  return { account: (await getAccount(ctx.db, id))!, temporaryPassword, sessionsEnded };
}
