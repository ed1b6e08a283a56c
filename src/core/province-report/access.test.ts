import { describe, expect, it } from 'vitest';
import { ACCOUNT_ROLES } from '../../shared/account-schemas.js';
import { provinceReportPart } from './access.js';

describe('who works on the province report', () => {
  const provinces = new Set(['ninh-thuan']);
  it('gives the Sở Nội vụ and administrators the composing, a leader of the province the issuing, no one else a part', () => {
    const parts = ACCOUNT_ROLES.map((role) => [
      role,
      provinceReportPart(role, ['ninh-thuan'], provinces),
      provinceReportPart(role, ['so-khcn'], provinces),
    ]);
    expect(parts).toEqual([
      ['reporter', null, null],
      ['approver', 'lead', null],
      ['viewer', null, null],
      ['consolidator', 'compose', 'compose'],
      ['admin', 'compose', 'compose'],
    ]);
  });
});
