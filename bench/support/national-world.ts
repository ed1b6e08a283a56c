/**
 * A province at national size for the consolidation and DOCX benches: a database with N agencies (default 5,000) under
 * one province, a round of a 200-row template, every agency's values (about 4% not reported), most reports accepted
 * (1% left in draft, 1% submitted and not accepted, 5% of those sent after the deadline), the kept aggregates and each
 * counted report's findings as the product keeps them (the triggers of migration 0006 as reports are accepted; the
 * findings as the workflow keeps them at submit), and a consolidator who signs in through HTTP.
 * Written in bulk through the repositories (not the API: 1,000,000 cells through autosaves would take the bench's
 * whole time); the requests measured then go through a server process.
 */
import { sql } from 'kysely';
import { performance } from 'node:perf_hooks';
import type { Template, TemplateRow } from '../../src/core/catalogue/template.js';
import { sequentialIds, systemClock, type Context } from '../../src/server/context.js';
import type { OpenDatabase } from '../../src/server/db/open-database.js';
import type { AgencyKind } from '../../src/server/db/schema.js';
import type { Actor } from '../../src/server/policies/access.js';
import { insertAccount } from '../../src/server/repositories/account.repository.js';
import { listReports } from '../../src/server/repositories/report.repository.js';
import { storeTemplates } from '../../src/server/repositories/template.repository.js';
import { hashPassword } from '../../src/server/services/passwords.js';
import { keepFindings } from '../../src/server/services/report-findings.js';
import { createRound } from '../../src/server/services/round.service.js';
import { getTemplate, templateLibrary } from '../../src/templates/template-loader.js';

export const ROWS = 200;
export const CONSOLIDATOR = { username: 'bench.tonghop', password: 'Bench-Tong-Hop-2026!' };

/** A 200-row template: the Quảng Trị seven forms (136 rows: counts, money, percentages with ratio checks, coded rows) and 64 more counts. */
export function benchTemplate(): Template {
  const base = getTemplate('quang-tri-forms-2022');
  const model = base.rows.find((r) => r.kind.type === 'count' && !r.group)!;
  const extra: TemplateRow[] = Array.from({ length: ROWS - base.rows.length }, (_, i) => ({
    ...model,
    id: `8/${i + 1}`,
    form: '8',
    code: `${i + 1}`,
    logicalCode: `${i + 1}`,
    label: `Chỉ tiêu bổ sung ${i + 1}`,
    parent: null,
    indicator: null,
    order: base.rows.length + i,
  }));
  return {
    ...base,
    id: 'bench-200-rows',
    name: 'Mẫu 200 dòng (đo hiệu năng)',
    forms: [...base.forms, { ...base.forms[base.forms.length - 1]!, number: '8', title: 'Biểu bổ sung' }],
    rows: [...base.rows, ...extra],
  };
}

/** A deterministic generator, so the database and the reference get the very same values. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 2246822519) + 0x9e3779b9) >>> 0;
    s = Math.imul(s ^ (s >>> 13), 3266489917) >>> 0;
    return ((s ^ (s >>> 16)) >>> 0) / 4294967296;
  };
}

const kindOf = (i: number): AgencyKind =>
  i < 25 ? 'department' : i < 30 ? 'board' : i < 300 ? 'public-unit' : i < 320 ? 'district-committee' : 'commune-committee';

export interface Cell {
  agency: number;
  rowId: string;
  value: number | null;
}

/** How agency i's report ends up: most accepted, a few left out. */
export const stateOf = (i: number): 'accepted' | 'submitted' | 'draft' => (i % 100 === 37 ? 'draft' : i % 100 === 73 ? 'submitted' : 'accepted');

/** Every agency's values: counts, money, codes, ratio parts and their stated percentages; about 4% not reported. */
export function makeValues(template: Template, agencies: number): Cell[] {
  const next = random(20261122);
  const ratios = template.checks.filter((c): c is Extract<typeof c, { rule: 'ratio' }> => c.rule === 'ratio');
  const cells: Cell[] = [];
  for (let agency = 0; agency < agencies; agency++) {
    const own = new Map<string, number | null>();
    for (const row of template.rows) {
      if (next() < 0.04) {
        own.set(row.id, null);
        continue;
      }
      let value: number | null;
      switch (row.kind.type) {
        case 'coded':
          value = row.kind.codes[Math.floor(next() * row.kind.codes.length)]!.code;
          break;
        case 'percent':
          value = Math.round(next() * 10000) / 100;
          break;
        case 'money':
          value = Math.round(next() * 1e6) / 1000;
          break;
        case 'decimal':
          value = Math.round(next() * 1000) / 10;
          break;
        case 'text':
          value = null;
          break;
        default:
          value = Math.floor(next() * 500);
      }
      own.set(row.id, value);
    }
    // a stated percentage close to its own parts (most agencies; the others get a finding)
    for (const r of ratios) {
      const n = own.get(r.numerator);
      const d = own.get(r.denominator);
      if (n != null && d != null && d > 0 && own.get(r.percent) != null && next() < 0.9)
        own.set(r.percent, Math.round((Math.min(n, d) / d) * 10000) / 100);
    }
    for (const row of template.rows) {
      if (row.kind.type === 'text') continue;
      cells.push({ agency, rowId: row.id, value: own.get(row.id) ?? null });
    }
  }
  return cells;
}

export const agencyId = (i: number) => `dv-${String(i).padStart(5, '0')}`;

export interface NationalWorld {
  roundId: string;
  templateId: string;
  agencies: number;
  seconds: number;
}

/** Every cell of the agencies' reports in a round, in bulk statements. */
async function writeValues(ctx: Context, reportOf: ReadonlyMap<string, string>, cells: readonly Cell[], now: Date): Promise<void> {
  const CHUNK = 20_000;
  for (let i = 0; i < cells.length; i += CHUNK) {
    const part = cells.slice(i, i + CHUNK);
    await sql`insert into report_values (report_id, row_id, raw, value, status, note, decimals, provenance, updated_by, updated_at)
      select u.report_id, u.row_id, u.raw, u.value, u.status, null, null, null, null, ${now.toISOString()}::timestamptz
      from unnest(${part.map((c) => reportOf.get(agencyId(c.agency))!)}::text[], ${part.map((c) => c.rowId)}::text[], ${part.map((c) => (c.value === null ? '/' : String(c.value).replace('.', ',')))}::text[],
                  ${part.map((c) => (c.value === null ? null : String(c.value)))}::numeric[], ${part.map((c) => (c.value === null ? 'not-reported' : 'reported'))}::text[])
        as u(report_id, row_id, raw, value, status)`.execute(ctx.db);
  }
}

/**
 * Writes the world into an open (migrated, empty) database. With `earlier`, also the same period a year before (every
 * report accepted, the same values), which the province report compares its figures with.
 */
export async function buildNationalWorld(
  database: OpenDatabase,
  template: Template,
  agencies: number,
  cells: readonly Cell[],
  log: (line: string) => void,
  options: { earlier?: boolean } = {},
): Promise<NationalWorld> {
  const started = performance.now();
  const ctx: Context = { db: database.db, clock: systemClock, ids: sequentialIds(), templates: templateLibrary() };
  await storeTemplates(ctx.db, [template]);
  const common = { short_name: null, province: 'Thử nghiệm', valid_from: '2020-01-01', valid_to: null, successor_id: null };
  await ctx.db
    .insertInto('agencies')
    .values({ id: 'tinh', parent_id: null, kind: 'province', name: 'UBND tỉnh Thử nghiệm', roles: [], ...common })
    .execute();
  const ids = Array.from({ length: agencies }, (_, i) => agencyId(i));
  for (let i = 0; i < agencies; i += 500) {
    await ctx.db
      .insertInto('agencies')
      .values(
        ids.slice(i, i + 500).map((id, k) => ({
          id,
          parent_id: 'tinh',
          kind: kindOf(i + k),
          name: `Đơn vị số ${i + k + 1}`,
          roles: i + k === 0 ? ['so-noi-vu'] : [],
          ...common,
        })),
      )
      .execute();
  }
  await insertAccount(ctx.db, {
    id: 'bench-consolidator',
    username: CONSOLIDATOR.username,
    display_name: 'Sở Nội vụ (đo hiệu năng)',
    password_hash: await hashPassword(CONSOLIDATOR.password),
    role: 'consolidator',
    agency_ids: ['tinh'],
  });
  const admin: Actor = { accountId: 'bench-consolidator', username: 'bench', displayName: 'bench', role: 'admin', scope: new Set(['tinh', ...ids]) };
  const round = await createRound(ctx, admin, { templateId: template.id, period: { year: 2026, kind: 'Y' }, agencyIds: ids });
  const reportOf = new Map((await listReports(ctx.db, { agencyIds: ids, roundId: round.id })).map((r) => [r.agency_id, r.id]));
  log(`  ${agencies} agencies and their reports created (${((performance.now() - started) / 1000).toFixed(1)} s)`);

  // the values, in bulk, while the reports are drafts (the aggregates' triggers return at once for drafts)
  const now = new Date();
  await writeValues(ctx, reportOf, cells, now);
  log(`  ${cells.length} cells written (${((performance.now() - started) / 1000).toFixed(1)} s)`);

  // sent (the aggregates follow through the triggers), 5% after the deadline; straight to their last status, as
  // though every acceptance had happened (one by one, each acceptance moves one report between the kept buckets)
  const deadline = new Date(`${round.deadline}T00:00:00+07:00`);
  for (const status of ['submitted', 'accepted'] as const) {
    const chosen = ids.filter((_, i) => stateOf(i) === status);
    // small statements: each commits, so the kept aggregates' rows updated report after report do not pile up versions
    for (let i = 0; i < chosen.length; i += 20) {
      const part = chosen.slice(i, i + 20).map((id) => reportOf.get(id)!);
      const late = new Date(deadline.getTime() + 5 * 86_400_000).toISOString();
      const onTime = new Date(deadline.getTime() - 5 * 86_400_000).toISOString();
      await sql`update reports set status = ${status},
          submitted_at = case when right(agency_id, 2) in ('05', '55', '15', '65', '25') then ${late}::timestamptz else ${onTime}::timestamptz end,
          accepted_at = ${status === 'accepted' ? now.toISOString() : null}::timestamptz
        where id = any(${part}::text[])`.execute(ctx.db);
    }
  }
  log(`  reports sent and accepted, aggregates kept (${((performance.now() - started) / 1000).toFixed(1)} s)`);

  // each sent report's findings, as the workflow keeps them at submit (in pages, as the findings request would)
  const sent = ids.filter((_, i) => stateOf(i) !== 'draft').map((id) => ({ reportId: reportOf.get(id)!, templateId: template.id }));
  for (let i = 0; i < sent.length; i += 250) await keepFindings(ctx, sent.slice(i, i + 250));
  log(`  findings of ${sent.length} sent reports kept (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (options.earlier) {
    // the same period a year before, every report accepted: what the province report compares with ("so với cùng kỳ")
    const before = await createRound(ctx, admin, { templateId: template.id, period: { year: 2025, kind: 'Y' }, agencyIds: ids });
    const earlierOf = new Map((await listReports(ctx.db, { agencyIds: ids, roundId: before.id })).map((r) => [r.agency_id, r.id]));
    await writeValues(ctx, earlierOf, cells, now);
    const all = [...earlierOf.values()];
    for (let i = 0; i < all.length; i += 20) {
      await sql`update reports set status = 'accepted', submitted_at = ${now.toISOString()}::timestamptz, accepted_at = ${now.toISOString()}::timestamptz
        where id = any(${all.slice(i, i + 20)}::text[])`.execute(ctx.db);
    }
    log(`  the same period last year: ${all.length} accepted reports (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  }
  // the planner's statistics, as autovacuum gathers them after a bulk load (without them it guesses one row per table)
  await sql`analyze`.execute(ctx.db);
  return { roundId: round.id, templateId: template.id, agencies, seconds: (performance.now() - started) / 1000 };
}
