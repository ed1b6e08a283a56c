/** A small province for server tests: agencies of several kinds, one account per role, the template versions stored. */
import type { Context } from '../server/context.js';
import { fixedClock, sequentialIds } from '../server/context.js';
import type { Role } from '../server/db/schema.js';
import { insertAccount } from '../server/repositories/account.repository.js';
import { agencyIdsWithin, insertAgency } from '../server/repositories/agency.repository.js';
import { storeTemplates } from '../server/repositories/template.repository.js';
import { hashPassword } from '../server/services/passwords.js';
import { templateLibrary } from '../templates/template-loader.js';
import type { OpenDatabase } from '../server/db/open-database.js';
import type { Actor } from '../server/policies/access.js';
import { insertReport, upsertValues } from '../server/repositories/report.repository.js';

export const PASSWORD = 'mat-khau-thu-2026';

export const AGENCIES = [
  { id: 'ninh-thuan', parent_id: null, kind: 'province', name: 'Tỉnh Ninh Thuận', roles: [] },
  { id: 'so-noi-vu', parent_id: 'ninh-thuan', kind: 'department', name: 'Sở Nội vụ', roles: ['so-noi-vu'] },
  { id: 'so-khcn', parent_id: 'ninh-thuan', kind: 'department', name: 'Sở Khoa học và Công nghệ', roles: [] },
  { id: 'so-y-te', parent_id: 'ninh-thuan', kind: 'department', name: 'Sở Y tế', roles: [] },
  { id: 'khanh-hoa', parent_id: null, kind: 'province', name: 'Tỉnh Khánh Hòa', roles: [] },
  { id: 'kh-so-y-te', parent_id: 'khanh-hoa', kind: 'department', name: 'Sở Y tế tỉnh Khánh Hòa', roles: [] },
] as const;

/** username → role and agencies */
export const ACCOUNTS: Record<string, { role: Role; agencies: string[] }> = {
  admin: { role: 'admin', agencies: ['ninh-thuan'] },
  'snv.tonghop': { role: 'consolidator', agencies: ['ninh-thuan'] },
  'khcn.baocao': { role: 'reporter', agencies: ['so-khcn'] },
  'khcn.duyet': { role: 'approver', agencies: ['so-khcn'] },
  'khcn.xem': { role: 'viewer', agencies: ['so-khcn'] },
  'yte.baocao': { role: 'reporter', agencies: ['so-y-te'] },
  'kh.admin': { role: 'admin', agencies: ['khanh-hoa'] },
};

let hash: Promise<string> | null = null;

export async function buildWorld(database: OpenDatabase): Promise<Context & { clock: ReturnType<typeof fixedClock> }> {
  const ctx = { db: database.db, clock: fixedClock(), ids: sequentialIds(), templates: templateLibrary() };
  // the world's accounts sign in thousands of times in a test run: their fixture hash has scrypt's cost at 1024 (2 ms
  // a sign-in, not 40); the accounts the product makes in tests (admin create, account management, password change)
  // have the product's cost, which their tests check
  hash ??= hashPassword(PASSWORD, { N: 1024 });
  const passwordHash = await hash;
  for (const a of AGENCIES) {
    await insertAgency(ctx.db, {
      ...a,
      roles: [...a.roles],
      short_name: null,
      province: 'Ninh Thuận',
      valid_from: '2020-01-01',
      valid_to: null,
      successor_id: null,
    });
  }
  for (const [username, { role, agencies }] of Object.entries(ACCOUNTS)) {
    await insertAccount(ctx.db, { id: `acc-${username}`, username, display_name: username, password_hash: passwordHash, role, agency_ids: agencies });
  }
  await storeTemplates(ctx.db, ctx.templates.templates);
  return ctx;
}

/** The actor of a world account, as a session would give it (its agencies and everything below them). */
export async function actorFor(ctx: Context, username: string): Promise<Actor> {
  const { role, agencies } = ACCOUNTS[username]!;
  return { accountId: `acc-${username}`, username, displayName: username, role, scope: new Set(await agencyIdsWithin(ctx.db, agencies)) };
}

/**
 * An accepted report of earlier history (imported, outside any round) with whole-number figures by row id, as an
 * agency's past reports stand in the database: for tests of history, outliers and what a view depends on.
 */
export async function insertAcceptedReport(
  ctx: Context,
  report: { id: string; agencyId: string; templateId: string; year: number; kind: string; figures: Record<string, number> },
): Promise<void> {
  const now = ctx.clock.now();
  await insertReport(ctx.db, {
    id: report.id,
    agency_id: report.agencyId,
    round_id: null,
    template_id: report.templateId,
    period_year: report.year,
    period_kind: report.kind,
    status: 'accepted',
    signer: null,
    source: 'import',
    submitted_at: now,
    accepted_at: now,
    created_at: now,
    updated_at: now,
  });
  await upsertValues(
    ctx.db,
    report.id,
    Object.entries(report.figures).map(([rowId, value]) => ({
      rowId,
      raw: String(value),
      cell: { value, status: 'reported' as const, note: null, decimals: 0 },
      provenance: null,
    })),
    null,
    now,
  );
}

/**
 * A department of the world's province that no longer exists (valid from 2015 to `validTo`), merged into
 * `successorId` when given: for tests of an agency's history across a merger.
 */
export async function insertFormerDepartment(
  ctx: Context,
  agency: { id: string; name: string; validTo: string; successorId: string | null },
): Promise<void> {
  await insertAgency(ctx.db, {
    id: agency.id,
    parent_id: 'ninh-thuan',
    kind: 'department',
    name: agency.name,
    roles: [],
    short_name: null,
    province: 'Ninh Thuận',
    valid_from: '2015-01-01',
    valid_to: agency.validTo,
    successor_id: agency.successorId,
  });
}
