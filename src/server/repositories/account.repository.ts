/** Accounts and their sessions. Sessions live in the database so any server process can serve any request. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AccountTable, Database, SessionTable } from '../db/schema.js';

export type Account = Selectable<AccountTable>;
export type Session = Selectable<SessionTable>;
type Db = Kysely<Database> | Transaction<Database>;

export async function insertAccount(db: Db, account: Omit<Account, 'created_at' | 'password_changed_at' | 'active' | 'email'> & { active?: boolean; email?: string | null }): Promise<void> {
  await db.insertInto('accounts').values(account).execute();
}

export async function findAccountByUsername(db: Db, username: string): Promise<Account | undefined> {
  return db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function getAccount(db: Db, id: string): Promise<Account | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countAccounts(db: Db): Promise<number> {
  const row = await db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertSession(db: Db, session: Omit<Session, 'created_at' | 'last_seen_at'> & { created_at: Date; last_seen_at: Date }): Promise<void> {
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
    session: { id: row.id, account_id: row.account_id, csrf_token: row.csrf_token, created_at: row.created_at, expires_at: row.expires_at, last_seen_at: row.last_seen_at },
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
