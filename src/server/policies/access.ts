/**
 * Who may do what. Every service method starts with one of these checks. An account acts within its agencies and
 * everything below them in the tree; no read or write crosses that boundary.
 */
import { roleMay, type Action, type Role } from '../../core/workflow/roles.js';

export type { Action } from '../../core/workflow/roles.js';

export interface Actor {
  accountId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Agencies the account may act on: its own and all below them. */
  scope: ReadonlySet<string>;
}

/** Actions that need no particular agency. */
const UNSCOPED = new Set<Action>(['template:read', 'template:create']);

export function may(actor: Actor, action: Action, agencyId?: string): boolean {
  if (!roleMay(actor.role, action)) return false;
  if (UNSCOPED.has(action) || agencyId === undefined) return true;
  return actor.scope.has(agencyId);
}

/**
 * Whether the actor may manage an account acting for `agencyIds`: every one of them within the actor's scope. An
 * account with no agency at all belongs to nobody's scope (only the command line or the database can change it).
 */
export function mayManageAccount(actor: Actor, agencyIds: readonly string[]): boolean {
  return agencyIds.length > 0 && agencyIds.every((a) => may(actor, 'account:manage', a));
}
