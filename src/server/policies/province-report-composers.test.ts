/** The core's composers of the province report are exactly the roles the server lets review reports and read the consolidation. */
import { expect, it } from 'vitest';
import { PROVINCE_REPORT_COMPOSERS } from '../../core/province-report/access.js';
import { ACCOUNT_ROLES } from '../../shared/account-schemas.js';
import { may } from './access.js';

it('agrees with the permissions on who composes the province report', () => {
  for (const role of ACCOUNT_ROLES) {
    const actor = { accountId: 'a', username: 'a', displayName: 'a', role, scope: new Set(['ninh-thuan']) };
    expect(may(actor, 'report:review') && may(actor, 'consolidation:read'), role).toBe(PROVINCE_REPORT_COMPOSERS.includes(role));
  }
});
