/** Accounts → API shapes (the shared schemas' types). */
import type { z } from 'zod';
import type { accountSchema } from '../../shared/account-schemas.js';
import type { actorSchema } from '../../shared/api-schemas.js';
import type { Actor } from '../policies/access.js';
import type { Account } from '../repositories/account.repository.js';

export type AccountDto = z.infer<typeof accountSchema>;
export type ActorDto = z.infer<typeof actorSchema>;

const iso = (value: Date | string) => new Date(value).toISOString();

/** An account as the API shows it: never its password hash. */
export const presentAccount = (a: Account): AccountDto => ({
  id: a.id,
  username: a.username,
  displayName: a.display_name,
  role: a.role,
  agencyIds: a.agency_ids,
  email: a.email,
  active: a.active,
  createdAt: iso(a.created_at),
  passwordChangedAt: iso(a.password_changed_at),
});

/** Who is signed in. */
export const presentActor = (actor: Actor, agencyIds: string[]): ActorDto => ({
  accountId: actor.accountId,
  username: actor.username,
  displayName: actor.displayName,
  role: actor.role,
  agencyIds,
});

/** Who is signed in, as GET /api/auth/me answers (and a report's page carries: src/server/web-page.ts). */
export const presentMe = (actor: Actor, agencyIds: string[], csrfToken: string): { actor: ActorDto; csrfToken: string } => ({
  actor: presentActor(actor, agencyIds),
  csrfToken,
});
