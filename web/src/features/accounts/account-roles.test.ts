import { ACCOUNT_ROLES } from '@shared/account-schemas.js';
import { ROLES as CORE_ROLES } from '@core/workflow/roles.js';
import { describe, expect, it } from 'vitest';
import { ROLES } from './accounts-api.js';

describe('the roles an account may be given', () => {
  it("are the core's roles, every one of them, in the API's schema and in the account form", () => {
    const sorted = (roles: readonly string[]) => [...roles].sort();
    expect(sorted(ACCOUNT_ROLES)).toEqual(sorted(CORE_ROLES));
    expect(sorted(ROLES)).toEqual(sorted(CORE_ROLES));
    expect(new Set(ROLES).size).toBe(ROLES.length);
  });
});
