/**
 * Which role may do which kind of thing, whatever the agency: the one table the server's access checks
 * (server/policies/access.ts, which adds the agency scope) and the web client (which cells it lets an account change)
 * both read. Pure.
 */
import { statusesAllowing, type ReportStatus } from './report-workflow.js';

/** The roles an account may have. */
export const ROLES = ['reporter', 'approver', 'consolidator', 'admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

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

/** Whether the role may do this kind of thing at all (the agency it is done for is checked besides, on the server). */
export function roleMay(role: Role, action: Action): boolean {
  return ROLE_ACTIONS[role].has(action);
}

/**
 * Whether an account of this role may change a report's cells in this status: its agency's reporter or approver, while
 * the report may be saved.
 */
export function mayEditCells(role: Role | undefined, status: ReportStatus): boolean {
  return role !== undefined && roleMay(role, 'report:write') && statusesAllowing('save').includes(status);
}
