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
  | 'history:import';

export interface Actor {
  accountId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Agencies the account may act on: its own and all below them. */
  scope: ReadonlySet<string>;
}

const ROLE_ACTIONS: Record<Role, ReadonlySet<Action>> = {
  admin: new Set<Action>(['agency:read', 'template:read', 'template:create', 'round:read', 'round:create', 'report:read', 'report:review', 'audit:read', 'consolidation:read', 'history:import']),
  consolidator: new Set<Action>(['agency:read', 'template:read', 'round:read', 'round:create', 'report:read', 'report:review', 'consolidation:read', 'history:import']),
  approver: new Set<Action>(['agency:read', 'template:read', 'round:read', 'report:read', 'report:write', 'report:submit']),
  reporter: new Set<Action>(['agency:read', 'template:read', 'round:read', 'report:read', 'report:write']),
  viewer: new Set<Action>(['agency:read', 'template:read', 'round:read', 'report:read', 'consolidation:read']),
};

/** Actions that need no particular agency. */
const UNSCOPED = new Set<Action>(['template:read', 'template:create']);

export function may(actor: Actor, action: Action, agencyId?: string): boolean {
  if (!ROLE_ACTIONS[actor.role].has(action)) return false;
  if (UNSCOPED.has(action) || agencyId === undefined) return true;
  return actor.scope.has(agencyId);
}
