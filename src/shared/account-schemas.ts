/**
 * Request and response schemas of the account-management endpoints (/api/accounts), shared by the server and the web
 * client. Every check carries its own Vietnamese message: the account routes answer a malformed request with the
 * first of them as the problem's `detail` (and all of them under `issues`), so an administrator reads which field is
 * wrong and why. Whether the agencies lie within the administrator's scope, whether a username is free and whether a
 * given password meets the policy are decided by the service (src/server/services/account.service.ts).
 */
import { z } from 'zod';
import type { Role } from '../core/workflow/roles.js';

/** Every role (the core's), in the order the account form lists them. */
export const ACCOUNT_ROLES = ['reporter', 'approver', 'viewer', 'consolidator', 'admin'] as const satisfies readonly Role[];
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** Usernames: 3–50 characters a–z, 0–9, ".", "_", "-" (as `cchc admin create`), kept in lower case. */
export const USERNAME_PATTERN = /^[a-z0-9._-]+$/u;
export const USERNAME_MAX = 50;
export const DISPLAY_NAME_MAX = 200;
export const EMAIL_MAX = 254;
/** A login takes at most 200 characters (loginBody): a longer password could never be used. */
export const PASSWORD_MAX = 200;
/** Agencies one account may act for. */
export const AGENCIES_PER_ACCOUNT_MAX = 200;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

const missingOr = (missing: string, wrongType: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? missing : wrongType),
});

const username = z
  .string(missingOr('Hãy nhập tên đăng nhập.', 'Tên đăng nhập phải là chuỗi ký tự.'))
  .trim()
  .toLowerCase()
  .min(3, 'Tên đăng nhập phải có ít nhất 3 ký tự.')
  .max(USERNAME_MAX, `Tên đăng nhập không được dài quá ${USERNAME_MAX} ký tự.`)
  .regex(USERNAME_PATTERN, 'Tên đăng nhập chỉ gồm chữ a–z không dấu, chữ số và các dấu ".", "_", "-".');

const displayName = z
  .string(missingOr('Hãy nhập họ tên.', 'Họ tên phải là chuỗi ký tự.'))
  .trim()
  .min(1, 'Họ tên không được để trống.')
  .max(DISPLAY_NAME_MAX, `Họ tên không được dài quá ${DISPLAY_NAME_MAX} ký tự.`);

export const accountRoleSchema = z.enum(ACCOUNT_ROLES, {
  error: (issue) =>
    issue.input === undefined
      ? 'Hãy chọn vai trò.'
      : 'Vai trò không hợp lệ: chỉ có cán bộ báo cáo (reporter), lãnh đạo đơn vị (approver), xem (viewer), tổng hợp (consolidator) và quản trị (admin).',
});

const agencyIds = z
  .array(
    z
      .string({ error: 'Mã đơn vị phải là chuỗi ký tự.' })
      .trim()
      .min(1, 'Mã đơn vị không được để trống.')
      .max(200, 'Mã đơn vị không được dài quá 200 ký tự.'),
    missingOr('Hãy chọn ít nhất một đơn vị.', 'Danh sách đơn vị không hợp lệ.'),
  )
  .min(1, 'Hãy chọn ít nhất một đơn vị.')
  .max(AGENCIES_PER_ACCOUNT_MAX, `Một tài khoản có tối đa ${AGENCIES_PER_ACCOUNT_MAX} đơn vị.`);

/** An e-mail address, or "" / null for none. */
const email = z
  .string({ error: 'Địa chỉ e-mail phải là chuỗi ký tự.' })
  .trim()
  .max(EMAIL_MAX, `Địa chỉ e-mail không được dài quá ${EMAIL_MAX} ký tự.`)
  .refine((v) => v === '' || EMAIL_PATTERN.test(v), 'Địa chỉ e-mail không hợp lệ.')
  .nullable();

const password = z.string({ error: 'Mật khẩu phải là chuỗi ký tự.' }).max(PASSWORD_MAX, `Mật khẩu không được dài quá ${PASSWORD_MAX} ký tự.`);

const unknownFields = {
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys'
      ? `Trường không được hỗ trợ: ${(issue.keys ?? []).join(', ')}.`
      : 'Dữ liệu gửi lên phải là một đối tượng JSON.',
};

/** POST /api/accounts. Without `password`, one is generated and returned once in the response. */
export const createAccountBody = z.strictObject(
  {
    username,
    displayName,
    role: accountRoleSchema,
    agencyIds,
    email: email.optional(),
    password: password.optional(),
  },
  unknownFields,
);

/** PATCH /api/accounts/:id: only the fields given change. */
export const updateAccountBody = z
  .strictObject(
    { displayName: displayName.optional(), role: accountRoleSchema.optional(), agencyIds: agencyIds.optional(), email: email.optional() },
    unknownFields,
  )
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Không có thay đổi nào: hãy gửi họ tên, vai trò, đơn vị hoặc e-mail.');

export const accountIdParams = z.object({ id: z.string().min(1, 'Thiếu mã tài khoản.').max(200, 'Mã tài khoản không hợp lệ.') });

export const ACCOUNT_PAGE_MAX = 500;

/** GET /api/accounts: filters, and a page of the result. */
export const listAccountsQuery = z.object({
  /** Accounts acting for this agency or one below it. */
  agencyId: z.string().trim().min(1, 'Mã đơn vị không được để trống.').max(200, 'Mã đơn vị không hợp lệ.').optional(),
  role: accountRoleSchema.optional(),
  active: z.enum(['true', 'false'], { error: 'Trạng thái phải là true hoặc false.' }).optional(),
  /** Part of the username or the display name. */
  q: z.string().trim().max(100, 'Từ khóa tìm kiếm không được dài quá 100 ký tự.').optional(),
  limit: z.coerce
    .number({ error: 'Số dòng mỗi trang phải là số.' })
    .int('Số dòng mỗi trang phải là số nguyên.')
    .min(1, 'Số dòng mỗi trang ít nhất là 1.')
    .max(ACCOUNT_PAGE_MAX, `Số dòng mỗi trang tối đa là ${ACCOUNT_PAGE_MAX}.`)
    .default(50),
  offset: z.coerce
    .number({ error: 'Vị trí bắt đầu phải là số.' })
    .int('Vị trí bắt đầu phải là số nguyên.')
    .min(0, 'Vị trí bắt đầu không được âm.')
    .max(1_000_000, 'Vị trí bắt đầu quá lớn.')
    .default(0),
});

export const accountSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ACCOUNT_ROLES),
  agencyIds: z.array(z.string()),
  email: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  passwordChangedAt: z.string(),
});

export const accountListSchema = z.object({ items: z.array(accountSchema), total: z.number().int() });

/** `generatedPassword` only when the request gave none: shown once, never stored in clear, never in the audit log. */
export const createAccountResponse = z.object({ account: accountSchema, generatedPassword: z.string().optional() });
export const deactivateAccountResponse = z.object({ account: accountSchema, sessionsEnded: z.number().int() });
export const reactivateAccountResponse = z.object({ account: accountSchema });
export const resetPasswordResponse = z.object({ account: accountSchema, temporaryPassword: z.string(), sessionsEnded: z.number().int() });

export type AccountDto = z.infer<typeof accountSchema>;
export type AccountListDto = z.infer<typeof accountListSchema>;
export type CreateAccountInput = z.input<typeof createAccountBody>;
export type UpdateAccountInput = z.input<typeof updateAccountBody>;
export type CreateAccountResult = z.infer<typeof createAccountResponse>;
export type DeactivateAccountResult = z.infer<typeof deactivateAccountResponse>;
export type ResetPasswordResult = z.infer<typeof resetPasswordResponse>;
