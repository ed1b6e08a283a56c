import { describe, expect, it } from 'vitest';
import { templateLibrary } from '../templates/template-loader.js';
import { AGENCY_ROLES, AGENCY_ROLE_LABEL } from './agency-roles.js';

describe('agency roles', () => {
  it('list every role a template names in provinceFigureBy, each with a label', () => {
    const named = new Set<string>();
    for (const template of templateLibrary().templates) {
      for (const row of template.rows) if (row.provinceFigureBy) named.add(row.provinceFigureBy);
    }
    expect(named.size).toBeGreaterThan(0);
    expect([...named].filter((r) => !(AGENCY_ROLES as readonly string[]).includes(r))).toEqual([]);
    for (const role of AGENCY_ROLES) expect(AGENCY_ROLE_LABEL[role]).toBeTruthy();
  });
});
