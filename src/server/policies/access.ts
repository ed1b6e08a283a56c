/**
 * Who may do what. Every service method starts with one of these checks. An account acts within its agencies and
 * everything below them in the tree; no read or write crosses that boundary.
 */
import type { Role } from '../db/schema.js';

export type Action =
  | 'agency:read'
  | 'template:read'
  | 'round:read'
  | 'round:create'
  | 'report:read'
  | 'report:write'
  | 'report:submit'
  | 'report:review'
  | 'audit:read'
  | 'template:create'
  | 'consolidation:read'
  | 'history:import'
  /** Read a province's annual CCHC plan: its tasks, and an agency's own tasks within the actor's agencies. */
  | 'plan:read'
  /** Create and edit a province's plan and its tasks, import a plan (the Sở Nội vụ; administrators). */
  | 'plan:manage'
  /** Report the progress of the plan's tasks an agency is responsible for, with evidence. */
  | 'plan:progress'
  /**
   * Create, list, edit, deactivate and reset the password of accounts whose agencies all lie within the actor's scope,
   * never granting agencies beyond it. Administrators only: the Sở Nội vụ (consolidator) accepts agencies' reports, so
   * letting it also create an agency's approver would let one account both submit and accept the same report; a
   * province that wants its Sở Nội vụ to manage accounts gives one of its officers an admin account.
   */
  | 'account:manage';

export interface Actor {
  accountId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Agencies the account may act on: its own and all below them. */
  scope: ReadonlySet<string>;
}

const ROLE_ACTIONS: Record<Role, ReadonlySet<Action>> = {
  admin: new Set<Action>([
    'agency:read',
    'template:read',
    'template:create',
    'round:read',
    'round:create',
    'report:read',
    'report:review',
    'audit:read',
    'consolidation:read',
    'history:import',
    'account:manage',
    'plan:read',
    'plan:manage',
  ]),
  consolidator: new Set<Action>([
    'agency:read',
    'template:read',
    'round:read',
    'round:create',
    'report:read',
    'report:review',
    'consolidation:read',
    'history:import',
    'plan:read',
    'plan:manage',
  ]),
  approver: new Set<Action>([
    'agency:read',
    'template:read',
    'round:read',
    'report:read',
    'report:write',
    'report:submit',
    'plan:read',
    'plan:progress',
  ]),
  reporter: new Set<Action>(['agency:read', 'template:read', 'round:read', 'report:read', 'report:write', 'plan:read', 'plan:progress']),
  viewer: new Set<Action>(['agency:read', 'template:read', 'round:read', 'report:read', 'consolidation:read', 'plan:read']),
};

/** Actions that need no particular agency. */
const UNSCOPED = new Set<Action>(['template:read', 'template:create']);

export function may(actor: Actor, action: Action, agencyId?: string): boolean {
  if (!ROLE_ACTIONS[actor.role].has(action)) return false;
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
