/** Accounts and their sessions. Sessions live in the database so any server process can serve any request. */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AccountTable, Database, SessionTable } from '../db/schema.js';

export type Account = Selectable<AccountTable>;
export type Session = Selectable<SessionTable>;
type Db = Kysely<Database> | Transaction<Database>;

export async function insertAccount(
  db: Db,
  account: Omit<Account, 'created_at' | 'password_changed_at' | 'active' | 'email'> & { active?: boolean; email?: string | null },
): Promise<void> {
  await db.insertInto('accounts').values(account).execute();
}

export async function findAccountByUsername(db: Db, username: string): Promise<Account | undefined> {
  return db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function getAccount(db: Db, id: string): Promise<Account | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countAccounts(db: Db): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSession(
  db: Db,
  session: Omit<Session, 'created_at' | 'last_seen_at'> & { created_at: Date; last_seen_at: Date },
): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** A session that has not expired, with its active account. */
export async function findLiveSession(db: Db, id: string, now: Date): Promise<{ session: Session; account: Account } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
    .selectAll('sessions')
    .select([
      'accounts.username',
      'accounts.display_name',
      'accounts.password_hash',
      'accounts.role',
      'accounts.agency_ids',
      'accounts.active',
      'accounts.created_at as account_created_at',
      'accounts.password_changed_at',
      'accounts.email',
    ])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', now)
    .where('accounts.active', '=', true)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    session: {
      id: row.id,
      account_id: row.account_id,
      csrf_token: row.csrf_token,
      created_at: row.created_at,
      expires_at: row.expires_at,
      last_seen_at: row.last_seen_at,
    },
    account: {
      id: row.account_id,
      username: row.username,
      display_name: row.display_name,
      password_hash: row.password_hash,
      role: row.role,
      agency_ids: row.agency_ids,
      active: row.active,
      created_at: row.account_created_at,
      password_changed_at: row.password_changed_at,
      email: row.email,
    },
  };
}

export async function touchSession(db: Db, id: string, now: Date, expiresAt: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
}

/** Tells every server process listening on the channel that sessions or accounts changed (delivered at commit). */
export async function announceSessionChange(db: Db, channel: string): Promise<void> {
  await sql`select pg_notify(${channel}, '')`.execute(db);
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOf(db: Db, accountId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('account_id', '=', accountId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Replaces an account's password hash, only if it is still `expectedHash` (a concurrent change wins once), and
 * records when. Returns whether the row was changed.
 */
export async function updatePasswordHash(db: Db, accountId: string, expectedHash: string, newHash: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set({ password_hash: newHash, password_changed_at: at })
    .where('id', '=', accountId)
    .where('password_hash', '=', expectedHash)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Ends every session of an account but one; returns how many ended. */
export async function deleteSessionsOfExcept(db: Db, accountId: string, keepId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('account_id', '=', accountId).where('id', '!=', keepId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/* Account management by administrators (src/server/services/account.service.ts). */

export interface AccountFilter {
  /** The administrator's scope: only accounts whose agencies all lie in it (and that have at least one). */
  scope: readonly string[];
  /** Accounts acting for at least one of these agencies. */
  anyOfAgencies?: readonly string[];
  role?: Account['role'];
  active?: boolean;
  /** Part of the username or the display name, case-insensitive. */
  text?: string;
  limit: number;
  offset: number;
}

/** A page of the accounts an administrator manages, by display name, and how many match in all. */
export async function listAccountsWithin(db: Db, filter: AccountFilter): Promise<{ rows: Account[]; total: number }> {
  if (filter.scope.length === 0 || (filter.anyOfAgencies && filter.anyOfAgencies.length === 0)) return { rows: [], total: 0 };
  let query = db
    .selectFrom('accounts')
    .where(sql<boolean>`cardinality(agency_ids) > 0`)
    .where(sql<boolean>`agency_ids <@ ${sql.val([...filter.scope])}::text[]`);
  if (filter.anyOfAgencies) query = query.where(sql<boolean>`agency_ids && ${sql.val([...filter.anyOfAgencies])}::text[]`);
  if (filter.role) query = query.where('role', '=', filter.role);
  if (filter.active !== undefined) query = query.where('active', '=', filter.active);
  if (filter.text) {
    const pattern = `%${filter.text.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('username', 'ilike', pattern), eb('display_name', 'ilike', pattern)]));
  }
  const rows = await query.selectAll().orderBy('display_name').orderBy('username').limit(filter.limit).offset(filter.offset).execute();
  const count = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { rows, total: Number(count.n) };
}

/** Whether a username is taken, whatever its letter case. */
export async function usernameTaken(db: Db, username: string): Promise<boolean> {
  const row = await db
    .selectFrom('accounts')
    .select('id')
    .where(sql<boolean>`lower(username) = lower(${username})`)
    .executeTakeFirst();
  return row !== undefined;
}

/** Changes an account's display name, role, agencies or e-mail; returns whether the account exists. */
export async function updateAccountProfile(
  db: Db,
  id: string,
  changes: Partial<Pick<Account, 'display_name' | 'role' | 'agency_ids' | 'email'>>,
): Promise<boolean> {
  if (Object.keys(changes).length === 0) return (await getAccount(db, id)) !== undefined;
  const result = await db.updateTable('accounts').set(changes).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Activates or deactivates an account; returns whether its state changed. */
export async function setAccountActive(db: Db, id: string, active: boolean): Promise<boolean> {
  const result = await db.updateTable('accounts').set({ active }).where('id', '=', id).where('active', '=', !active).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Sets an account's password hash (an administrator's reset), and records when. Returns whether the account exists. */
export async function setPasswordHash(db: Db, id: string, hash: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('accounts').set({ password_hash: hash, password_changed_at: at }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Reads an account and locks its row until the end of the transaction (a check and the write it guards stay one). */
export async function lockAccount(db: Transaction<Database>, id: string): Promise<Account | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The e-mail addresses of active accounts, with their agencies (for reminders by e-mail). */
export async function listActiveEmails(db: Db): Promise<{ email: string; agency_ids: string[] }[]> {
  const rows = await db.selectFrom('accounts').select(['email', 'agency_ids']).where('active', '=', true).where('email', 'is not', null).execute();
  return rows.map((r) => ({ email: r.email!, agency_ids: r.agency_ids }));
}
