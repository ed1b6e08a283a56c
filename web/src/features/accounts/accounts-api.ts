/** The account-management endpoints (/api/accounts), typed by the shared schemas (types only: zod is not bundled). */
import type {
  AccountDto,
  AccountListDto,
  AccountRole,
  CreateAccountInput,
  CreateAccountResult,
  DeactivateAccountResult,
  ResetPasswordResult,
  UpdateAccountInput,
} from '@shared/account-schemas.js';
import { api } from '../../api/client.js';

export type { AccountDto, AccountRole };
export { ROLE_HINT } from '@shared/role-labels.js';

/** The roles in the order the form offers them, most common first. */
export const ROLES: AccountRole[] = ['reporter', 'approver', 'viewer', 'consolidator', 'admin'];

/** The server's username rule (src/shared/account-schemas.ts), to say it before the administrator types. */
export const USERNAME_HINT = '3–50 ký tự: chữ a–z không dấu, chữ số, ".", "_", "-". Ví dụ: khcn.nguyenvana';
/** The server's password policy (src/server/services/passwords.ts). */
export const PASSWORD_HINT = 'Ít nhất 10 ký tự, có cả chữ và số.';

export interface AccountFilters {
  q: string;
  agencyId: string | null;
  role: AccountRole | null;
  active: 'true' | 'false' | null;
}

export const PAGE_SIZE = 20;

export function listAccounts(filters: AccountFilters, page: number): Promise<AccountListDto> {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
  if (filters.q.trim()) query.set('q', filters.q.trim());
  if (filters.agencyId) query.set('agencyId', filters.agencyId);
  if (filters.role) query.set('role', filters.role);
  if (filters.active) query.set('active', filters.active);
  return api<AccountListDto>(`/api/accounts?${query.toString()}`);
}

export const createAccount = (input: CreateAccountInput) => api<CreateAccountResult>('/api/accounts', { method: 'POST', body: input });

export const updateAccount = (id: string, changes: UpdateAccountInput) =>
  api<AccountDto>(`/api/accounts/${encodeURIComponent(id)}`, { method: 'PATCH', body: changes });

export const deactivateAccount = (id: string) =>
  api<DeactivateAccountResult>(`/api/accounts/${encodeURIComponent(id)}/deactivate`, { method: 'POST' });

export const reactivateAccount = (id: string) =>
  api<{ account: AccountDto }>(`/api/accounts/${encodeURIComponent(id)}/reactivate`, { method: 'POST' });

export const resetPassword = (id: string) => api<ResetPasswordResult>(`/api/accounts/${encodeURIComponent(id)}/reset-password`, { method: 'POST' });
