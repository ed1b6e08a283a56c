/**
 * The counts migration 0010 keeps for the consolidation page (the percentages written without their parts, and the
 * counted reports' findings by rule and row) against a computation from scratch: through the workflow as users move
 * reports (autosave, import, submit, return, accept, reopen, a write into an accepted report as a restore does), with
 * submitted reports counted or not and one kind of agency or all; and after random sequences of writes, status moves,
 * kind changes, findings stored and reports deleted, equal to the counts read from the kept findings themselves and to
 * the counts rebuilt from the reports.
 */
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import type { Template } from '../core/catalogue/template.js';
import type { Finding } from '../core/checks/finding.js';
import { runChecks } from '../core/checks/run-checks.js';
import { consolidateFigures, ratioPartsOf } from '../core/consolidation/consolidate.js';
import { reportedValue } from '../core/report.js';
import { parseCell } from '../core/values/cell-grammar.js';
import { onBothEngines } from '../test-support/both-engines.js';
import * as keptCounts from './db/migrations/0010-consolidation-kept-counts.js';
import { actorFor, buildWorld } from '../test-support/world.js';
import type { Context } from './context.js';
import type { AgencyKind, ReportStatus } from './db/schema.js';
import type { Actor } from './policies/access.js';
import { insertAgency } from './repositories/agency.repository.js';
import { countPercentOnly, dumpAggregates, rebuildAggregates } from './repositories/consolidation.repository.js';
import { countFindings, pageFindings, storeFindings, type FindingsScope } from './repositories/findings.repository.js';
import { getValuesOf, listReports, toCellValue, upsertValues } from './repositories/report.repository.js';
import { getTemplateVersion } from './repositories/template.repository.js';
import { consolidateRound, consolidationFindings, keptPeriodFigures, type ConsolidationOptions } from './services/consolidation.service.js';
import { saveImport } from './services/import.service.js';
import { saveValues, viewReport } from './services/report.service.js';
import { keepFindings } from './services/report-findings.js';
import { createRound } from './services/round.service.js';
import { moveReport } from './services/workflow.service.js';

const TEMPLATE = 'quang-tri-forms-2022';
const OPTIONS: ConsolidationOptions[] = [
  {},
  { includeSubmitted: true },
  { kind: 'department' },
  { kind: 'department', includeSubmitted: true },
  { kind: 'commune-committee', includeSubmitted: true },
];

const normalise = (dump: Awaited<ReturnType<typeof dumpAggregates>>) =>
  JSON.parse(JSON.stringify(dump, (_k, v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v)));

const byRuleAndRow = (a: { rule: string; rowId: string | null }, b: { rule: string; rowId: string | null }) =>
  a.rule.localeCompare(b.rule) || (a.rowId ?? '').localeCompare(b.rowId ?? '');

/** The reports a consolidation counts, read plainly: the round's reports in the counted statuses, of the kind asked. */
async function countedReports(ctx: Context, roundId: string, options: ConsolidationOptions) {
  const statuses = options.includeSubmitted ? ['accepted', 'submitted'] : ['accepted'];
  const reports = (await listReports(ctx.db, { agencyIds: 'all', roundId })).filter((r) => statuses.includes(r.status));
  const kinds = new Map((await ctx.db.selectFrom('agencies').select(['id', 'kind']).execute()).map((a) => [a.id, a.kind]));
  return reports.filter((r) => !options.kind || kinds.get(r.agency_id) === options.kind);
}

/** The findings counts from scratch: the core's checks over every counted report's values now. */
async function findingsFromScratch(ctx: Context, template: Template, roundId: string, options: ConsolidationOptions) {
  const counted = await countedReports(ctx, roundId, options);
  const values = await getValuesOf(
    ctx.db,
    counted.map((r) => r.id),
  );
  const counts = new Map<
    string,
    { rule: string; rowId: string | null; kinds: string[]; severities: string[]; agencies: Set<string>; findings: number }
  >();
  for (const r of counted) {
    for (const f of runChecks(template, new Map(values.get(r.id)!.map((v) => [v.row_id, toCellValue(v)])))) {
      const key = `${f.rule}|${f.rows[0] ?? ''}`;
      const c = counts.get(key) ?? { rule: f.rule, rowId: f.rows[0] ?? null, kinds: [], severities: [], agencies: new Set(), findings: 0 };
      c.kinds.push(f.kind);
      c.severities.push(f.severity);
      c.agencies.add(r.id);
      c.findings++;
      counts.set(key, c);
    }
  }
  const min = (xs: string[]) => [...xs].sort()[0]!;
  return {
    reports: counted.length,
    counts: [...counts.values()]
      .map((c) => ({
        rule: c.rule,
        kind: min(c.kinds),
        severity: min(c.severities),
        rowId: c.rowId,
        agencies: c.agencies.size,
        findings: c.findings,
      }))
      .sort(byRuleAndRow),
  };
}

/** Per ratio row, the counted reports stating the percentage without both parts, from their values now. */
async function percentOnlyFromScratch(ctx: Context, template: Template, roundId: string, options: ConsolidationOptions) {
  const counted = await countedReports(ctx, roundId, options);
  const values = await getValuesOf(
    ctx.db,
    counted.map((r) => r.id),
  );
  const result = new Map<string, number>();
  for (const row of template.rows) {
    const parts = ratioPartsOf(template, row);
    if (!parts) continue;
    const n = counted.filter((r) => {
      const cells = new Map(values.get(r.id)!.map((v) => [v.row_id, toCellValue(v)]));
      return (
        reportedValue(cells, row.id) !== null && (reportedValue(cells, parts.numerator) === null || reportedValue(cells, parts.denominator) === null)
      );
    }).length;
    if (n > 0) result.set(row.id, n);
  }
  return result;
}

onBothEngines('kept consolidation counts through the workflow', (engine) => {
  it('equal a computation from scratch after autosaves, an import, submit, return, accept, reopen and a restore-like write', async () => {
    const { ctx } = await engine.world();
    const admin = await actorFor(ctx, 'admin');
    const snv = await actorFor(ctx, 'snv.tonghop');
    const template = (await getTemplateVersion(ctx.db, TEMPLATE)) as Template;
    const agencies = ['so-khcn', 'so-y-te', 'so-noi-vu'];
    const round = await createRound(ctx, admin, { templateId: TEMPLATE, period: { year: 2024, kind: 'Q2' }, agencyIds: agencies });
    const reportOf = new Map((await listReports(ctx.db, { agencyIds: agencies, roundId: round.id })).map((r) => [r.agency_id, r.id]));
    const officer = (agencyId: string): Actor => ({
      accountId: 'acc-khcn.duyet',
      username: 'khcn.duyet',
      displayName: 'khcn.duyet',
      role: 'approver',
      scope: new Set([agencyId]),
    });
    const version = async (agencyId: string) =>
      (await ctx.db.selectFrom('reports').select('version').where('id', '=', reportOf.get(agencyId)!).executeTakeFirstOrThrow()).version;
    const autosave = async (agencyId: string, cells: { rowId: string; raw: string }[]) =>
      saveValues(ctx, officer(agencyId), reportOf.get(agencyId)!, await version(agencyId), cells);
    const move = async (agencyId: string, action: 'submit' | 'return' | 'accept' | 'reopen') => {
      const id = reportOf.get(agencyId)!;
      if (action === 'submit') {
        const { findings } = await viewReport(ctx, officer(agencyId), id);
        const explanations = [...new Set(findings.map((f) => f.rule))].map((rule) => ({ rule, text: 'Số liệu đúng theo sổ theo dõi của đơn vị.' }));
        return moveReport(ctx, officer(agencyId), id, 'submit', { version: await version(agencyId), explanations });
      }
      const reasons = action === 'return' || action === 'reopen' ? [{ rowId: null, text: 'Đề nghị rà soát lại tỷ lệ.' }] : [];
      return moveReport(ctx, snv, id, action, { version: await version(agencyId), reasons });
    };

    let checks = 0;
    const check = async () => {
      for (const options of OPTIONS) {
        const kept = await consolidateRound(ctx, snv, round.id, options);
        const read = await consolidateRound(ctx, snv, round.id, { ...options, fromReports: true });
        expect(kept.source).toBe('aggregates');
        expect(kept.consolidated).toEqual(read.consolidated);
        const percentOnly = new Map(kept.consolidated.rows.filter((r) => (r.percentOnly ?? 0) > 0).map((r) => [r.rowId, r.percentOnly]));
        const scratch = await percentOnlyFromScratch(ctx, template, round.id, options);
        expect(percentOnly).toEqual(
          new Map([...scratch].filter(([rowId]) => kept.consolidated.rows.find((r) => r.rowId === rowId)!.method === 'ratio')),
        );
        const findings = await consolidationFindings(ctx, snv, round.id, options, { limit: 500, offset: 0 });
        const fromScratch = await findingsFromScratch(ctx, template, round.id, options);
        expect(findings.reports).toBe(fromScratch.reports);
        expect([...findings.counts].sort(byRuleAndRow)).toEqual(fromScratch.counts);
        expect(findings.page.total).toBe(fromScratch.counts.reduce((n, c) => n + c.findings, 0));
        expect(findings.page.items).toHaveLength(findings.page.total);
        for (const c of fromScratch.counts) {
          const one = await consolidationFindings(ctx, snv, round.id, options, {
            rule: c.rule,
            ...(c.rowId ? { rowId: c.rowId } : {}),
            limit: 1,
            offset: 0,
          });
          expect(one.page.total).toBe(
            fromScratch.counts.filter((x) => x.rule === c.rule && (c.rowId === null || x.rowId === c.rowId)).reduce((n, x) => n + x.findings, 0),
          );
        }
      }
      const before = normalise(await dumpAggregates(ctx.db));
      await rebuildAggregates(ctx.db);
      expect(normalise(await dumpAggregates(ctx.db))).toEqual(before);
      checks++;
    };
    const percentOnly = async (options: ConsolidationOptions) =>
      (await consolidateRound(ctx, snv, round.id, options)).consolidated.rows.find((r) => r.rowId === '7/6.7')!.percentOnly ?? 0;

    // drafts: so-khcn states 7/6.7 without its parts; so-y-te's and so-noi-vu's parts disagree with their percentages
    await autosave('so-khcn', [
      { rowId: '7/6.7', raw: '35,08' },
      { rowId: '1/1', raw: 'abc' },
    ]);
    await autosave('so-y-te', [
      { rowId: '7/6.7', raw: '50' },
      { rowId: '7/6.7.1', raw: '50' },
      { rowId: '7/6.7.2', raw: '30' },
    ]);
    await autosave('so-noi-vu', [
      { rowId: '7/6.7', raw: '90' },
      { rowId: '7/6.7.1', raw: '10' },
      { rowId: '7/6.7.2', raw: '1' },
    ]);
    await check();
    expect(await percentOnly({ includeSubmitted: true })).toBe(0);

    await move('so-khcn', 'submit');
    await move('so-y-te', 'submit');
    await move('so-noi-vu', 'submit');
    await check();
    expect(await percentOnly({})).toBe(0);
    expect(await percentOnly({ includeSubmitted: true })).toBe(1);

    await move('so-khcn', 'accept');
    await move('so-y-te', 'return');
    await move('so-noi-vu', 'accept');
    await check();
    expect(await percentOnly({})).toBe(1);

    // an import into the returned report gives its parts agreeing with the percentage; submitted again, accepted
    await saveImport(ctx, officer('so-y-te'), {
      templateId: TEMPLATE,
      agencyId: 'so-y-te',
      roundId: round.id,
      version: await version('so-y-te'),
      period: { year: 2024, kind: 'Q2' },
      cells: [
        { rowId: '7/6.7.1', raw: '50' },
        { rowId: '7/6.7.2', raw: '25' },
        { rowId: '1/1', raw: '-3' },
      ],
      narrative: [],
      signer: null,
      source: 'bao-cao-so-y-te.docx',
    });
    await check();
    await move('so-y-te', 'submit');
    await move('so-y-te', 'accept');
    await check();

    // reopened, the percentage's parts given, sent and accepted again: no longer counted apart
    await move('so-khcn', 'reopen');
    await check();
    expect(await percentOnly({})).toBe(0);
    await autosave('so-khcn', [
      { rowId: '7/6.7.1', raw: '24' },
      { rowId: '7/6.7.2', raw: '05' },
      { rowId: '1/1', raw: '7' },
    ]);
    await move('so-khcn', 'submit');
    await move('so-khcn', 'accept');
    await check();
    expect(await percentOnly({})).toBe(0);

    // values written into an accepted report as a restore does: the counts follow, the findings are checked again
    const cell = (raw: string, rowId: string) => {
      const parsed = parseCell(raw, template.rows.find((r) => r.id === rowId)!.kind);
      return { rowId, raw, cell: { value: parsed.value, status: parsed.status, note: parsed.note, decimals: parsed.decimals }, provenance: null };
    };
    await upsertValues(ctx.db, reportOf.get('so-noi-vu')!, [cell('/', '7/6.7.2'), cell('12', '6/1.2')], null, new Date());
    await check();
    expect(await percentOnly({})).toBe(1);
    // an agency changing kind moves its counts
    await ctx.db.updateTable('agencies').set({ kind: 'commune-committee' }).where('id', '=', 'so-y-te').execute();
    await check();
    expect(checks).toBe(9);
  }, 240_000);
});

onBothEngines('migration 0010 on a database in use', (engine) => {
  it('counts what the counted reports hold when it runs, as a rebuild does; its down leaves 0006 as it was', async () => {
    const { ctx } = await engine.world();
    const admin = await actorFor(ctx, 'admin');
    const template = (await getTemplateVersion(ctx.db, TEMPLATE)) as Template;
    await keptCounts.down(ctx.db as unknown as Kysely<unknown>);
    // a round in use before the migration: percentages without parts, findings kept at submit, drafts left out
    const agencies = ['so-khcn', 'so-y-te', 'so-noi-vu'];
    const round = await createRound(ctx, admin, { templateId: TEMPLATE, period: { year: 2021, kind: 'Y' }, agencyIds: agencies });
    const reports = await listReports(ctx.db, { agencyIds: agencies, roundId: round.id });
    const cell = (rowId: string, raw: string) => {
      const parsed = parseCell(raw, template.rows.find((r) => r.id === rowId)!.kind);
      return { rowId, raw, cell: { value: parsed.value, status: parsed.status, note: parsed.note, decimals: parsed.decimals }, provenance: null };
    };
    for (const [i, r] of reports.entries()) {
      await upsertValues(
        ctx.db,
        r.id,
        [cell('7/6.7', '40'), cell('1/1', String(i - 1)), ...(i === 0 ? [cell('7/6.7.1', '3'), cell('7/6.7.2', '1')] : [])],
        null,
        new Date(),
      );
      await ctx.db
        .updateTable('reports')
        .set({ status: (['accepted', 'submitted', 'draft'] as const)[i]! })
        .where('id', '=', r.id)
        .execute();
    }
    await keepFindings(
      ctx,
      reports.map((r) => ({ reportId: r.id, templateId: TEMPLATE })),
    );
    await keptCounts.up(ctx.db as unknown as Kysely<unknown>);
    const migrated = normalise(await dumpAggregates(ctx.db));
    expect(migrated.percentOnly).toEqual([{ round_id: round.id, status: 'submitted', agency_kind: 'department', percent_row: '7/6.7', agencies: 1 }]);
    expect(migrated.findings.length).toBeGreaterThan(0);
    expect(migrated.findingAgencies.length).toBeGreaterThan(0);
    await rebuildAggregates(ctx.db);
    expect(normalise(await dumpAggregates(ctx.db))).toEqual(migrated);
    const scope: FindingsScope = { roundId: round.id, statuses: ['accepted', 'submitted'], kind: null, agencyIds: null };
    expect(await countFindings(ctx.db, scope)).toEqual(await countFindings(ctx.db, { ...scope, agencyIds: agencies }));
  });
});

onBothEngines('an earlier period from the kept aggregates', (engine) => {
  it("gives the figures of the agencies' latest accepted reports of the period, or leaves them to be read", async () => {
    const { ctx } = await engine.world();
    const admin = await actorFor(ctx, 'admin');
    const template = (await getTemplateVersion(ctx.db, TEMPLATE)) as Template;
    const agencies = ['so-noi-vu', 'so-khcn', 'so-y-te'];
    const round = await createRound(ctx, admin, { templateId: TEMPLATE, period: { year: 2022, kind: 'Y' }, agencyIds: agencies });
    const reports = await listReports(ctx.db, { agencyIds: agencies, roundId: round.id });
    const cell = (rowId: string, raw: string) => {
      const parsed = parseCell(raw, template.rows.find((r) => r.id === rowId)!.kind);
      return { rowId, raw, cell: { value: parsed.value, status: parsed.status, note: parsed.note, decimals: parsed.decimals }, provenance: null };
    };
    // sums, a ratio with a percentage given alone, a coded row, a row one agency reports for the province
    const coded = template.rows.find((r) => r.kind.type === 'coded')!;
    const responsible = template.rows.find((r) => r.provinceFigureBy && r.kind.type === 'count');
    for (const [i, r] of reports.entries()) {
      await upsertValues(
        ctx.db,
        r.id,
        [
          cell('1/1', String(3 + i)),
          cell('7/6.7', String(40 + i)),
          ...(i > 0 ? [cell('7/6.7.1', String(10 * i)), cell('7/6.7.2', String(i))] : []),
          ...(coded.kind.type === 'coded' ? [cell(coded.id, String(coded.kind.codes[i % coded.kind.codes.length]!.code))] : []),
          ...(responsible ? [cell(responsible.id, String(7 * (i + 1)))] : []),
        ],
        null,
        new Date(),
      );
      await ctx.db.updateTable('reports').set({ status: 'accepted', accepted_at: new Date() }).where('id', '=', r.id).execute();
    }
    const period = { year: 2022, kind: 'Y' };
    const read = async (ids: string[]) => {
      const values = await getValuesOf(
        ctx.db,
        reports.filter((r) => ids.includes(r.agency_id)).map((r) => r.id),
      );
      const roles = new Map((await ctx.db.selectFrom('agencies').select(['id', 'roles']).execute()).map((a) => [a.id, a.roles]));
      const agencyReports = reports
        .filter((r) => ids.includes(r.agency_id))
        .sort((a, b) => a.agency_id.localeCompare(b.agency_id))
        .map((r) => ({
          agencyId: r.agency_id,
          roles: roles.get(r.agency_id)!,
          values: new Map(values.get(r.id)!.map((v) => [v.row_id, toCellValue(v)])),
        }));
      return new Map(consolidateFigures(template, agencyReports).map((f) => [f.rowId, f]));
    };
    const kept = await keptPeriodFigures(ctx, template, agencies, period);
    expect(kept).toBeDefined();
    expect(kept).toEqual(await read(agencies));
    expect(kept!.get('7/6.7')).toMatchObject({ method: 'ratio', percentOnly: 1, reported: 2 });
    if (responsible) expect(kept!.get(responsible.id)).toMatchObject({ method: 'responsible', value: 7, responsibleAgency: 'so-noi-vu' });
    // agencies asked for are not all of the round's accepted reports: read from the reports
    expect(await keptPeriodFigures(ctx, template, ['so-khcn', 'so-y-te'], period)).toBeUndefined();
    // another template version, or no accepted report of that period
    expect(await keptPeriodFigures(ctx, { ...template, id: 'another-version' }, agencies, period)).toBeUndefined();
    expect(await keptPeriodFigures(ctx, template, agencies, { year: 2019, kind: 'Y' })).toBeNull();
    // one report reopened: the round's accepted reports are still exactly the latest accepted ones
    await ctx.db
      .updateTable('reports')
      .set({ status: 'returned' })
      .where('id', '=', reports.find((r) => r.agency_id === 'so-y-te')!.id)
      .execute();
    expect(await keptPeriodFigures(ctx, template, agencies, period)).toEqual(await read(['so-noi-vu', 'so-khcn']));
  });
});

const EXTRA = [
  { id: 'bql-kkt', kind: 'board' as const, name: 'Ban Quản lý các khu công nghiệp' },
  { id: 'ubnd-xa-a', kind: 'commune-committee' as const, name: 'UBND xã A' },
];
const AGENCY_IDS = ['so-noi-vu', 'so-khcn', 'so-y-te', ...EXTRA.map((a) => a.id)];
const STATUSES: ReportStatus[] = ['draft', 'submitted', 'returned', 'accepted', 'accepted', 'submitted'];
const KINDS: AgencyKind[] = ['department', 'board', 'commune-committee'];
const RAWS = ['0', '1', '2', '12', '2,5', '100', '/', '', 'abc', '-4', '149/150'];
const RULES = ['ratio:7/6.7', 'sum:1', 'required:1/1', 'outlier:1/1'];
const SEVERITIES = ['error', 'warning'] as const;

/** The ratio rows and a few others: what percent-only counts and the checks look at. */
function rowsOf(template: Template): string[] {
  const rows = new Set<string>();
  for (const c of template.checks.filter((c) => c.rule === 'ratio').slice(0, 2))
    if (c.rule === 'ratio') [c.percent, c.numerator, c.denominator].forEach((id) => rows.add(id));
  template.rows
    .filter((r) => r.kind.type === 'count')
    .slice(0, 3)
    .forEach((r) => rows.add(r.id));
  return [...rows];
}

type Op =
  | { op: 'values'; agency: number; cells: [number, number][] }
  | { op: 'status'; agency: number; status: number }
  | { op: 'kind'; agency: number; kind: number }
  | { op: 'check'; agencies: number[] }
  | { op: 'findings'; agency: number; findings: [number, number | null, number][] }
  | { op: 'delete'; agency: number }
  /** Part of a report's findings removed or changed in place (not what the product does today, but kept counts must follow any statement). */
  | { op: 'prune'; agency: number; rule: number }
  | { op: 'retag'; agency: number; row: number | null };

const opArb = (rowCount: number): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({
      op: fc.constant('values' as const),
      agency: fc.nat(AGENCY_IDS.length - 1),
      cells: fc.array(fc.tuple(fc.nat(rowCount - 1), fc.nat(RAWS.length - 1)), { minLength: 1, maxLength: 5 }),
    }),
    fc.record({ op: fc.constant('status' as const), agency: fc.nat(AGENCY_IDS.length - 1), status: fc.nat(STATUSES.length - 1) }),
    fc.record({ op: fc.constant('kind' as const), agency: fc.nat(AGENCY_IDS.length - 1), kind: fc.nat(KINDS.length - 1) }),
    // the checks run over some reports' values and stored at once, as a page of the findings request does
    fc.record({ op: fc.constant('check' as const), agencies: fc.uniqueArray(fc.nat(AGENCY_IDS.length - 1), { minLength: 1, maxLength: 3 }) }),
    // findings of any shape: several of one rule and row, none, without a row
    fc.record({
      op: fc.constant('findings' as const),
      agency: fc.nat(AGENCY_IDS.length - 1),
      // few rules and rows, so that one report often has several findings of one rule and row
      findings: fc.array(fc.tuple(fc.nat(1), fc.option(fc.nat(1)), fc.nat(1)), { maxLength: 6 }),
    }),
    fc.record({ op: fc.constant('delete' as const), agency: fc.nat(AGENCY_IDS.length - 1) }),
    fc.record({ op: fc.constant('prune' as const), agency: fc.nat(AGENCY_IDS.length - 1), rule: fc.nat(RULES.length - 1) }),
    fc.record({ op: fc.constant('retag' as const), agency: fc.nat(AGENCY_IDS.length - 1), row: fc.option(fc.nat(1)) }),
  );

onBothEngines('kept consolidation counts after random sequences', (engine) => {
  let ctx: Context;
  beforeAll(async () => {
    ctx = await buildWorld(await engine.fresh());
    for (const a of EXTRA) {
      await insertAgency(ctx.db, {
        ...a,
        parent_id: 'ninh-thuan',
        roles: [],
        short_name: null,
        province: 'Ninh Thuận',
        valid_from: '2020-01-01',
        valid_to: null,
        successor_id: null,
      });
    }
  });

  it('follow the findings of a report removed or changed in part, one agency however many findings of a rule and row it has', async () => {
    const admin = await actorFor(ctx, 'admin');
    const round = await createRound(ctx, admin, { templateId: TEMPLATE, period: { year: 1980, kind: 'Y' }, agencyIds: ['so-khcn', 'so-y-te'] });
    const reports = new Map((await listReports(ctx.db, { agencyIds: AGENCY_IDS, roundId: round.id })).map((r) => [r.agency_id, r.id]));
    const finding = (rule: string, row: string | null): Finding => ({
      rule,
      kind: 'sum',
      severity: 'error',
      rows: row ? [row] : [],
      expected: null,
      found: null,
      message: 'Phát hiện thử.',
    });
    await ctx.db.updateTable('reports').set({ status: 'accepted' }).where('round_id', '=', round.id).execute();
    await storeFindings(
      ctx.db,
      new Map([
        [reports.get('so-khcn')!, [finding('sum:1', '1/1'), finding('sum:1', '1/1'), finding('sum:1', null)]],
        [reports.get('so-y-te')!, [finding('sum:1', '1/1')]],
      ]),
      new Date(),
    );
    const scope: FindingsScope = { roundId: round.id, statuses: ['accepted'], kind: null, agencyIds: null };
    const counts = async () => (await countFindings(ctx.db, scope)).map((c) => [c.rule, c.rowId, c.agencies, c.findings, c.severity]);
    expect(await counts()).toEqual([
      ['sum:1', '1/1', 2, 3, 'error'],
      ['sum:1', null, 1, 1, 'error'],
    ]);
    // one of so-khcn's two findings of (sum:1, 1/1) moves to no row: it still has one there
    await sql`update report_findings set row_id = null, severity = 'warning' where report_id = ${reports.get('so-khcn')!} and seq = 0`.execute(
      ctx.db,
    );
    expect(await counts()).toEqual([
      ['sum:1', '1/1', 2, 2, 'error'],
      ['sum:1', null, 1, 2, 'error'],
    ]);
    await sql`delete from report_findings where report_id = ${reports.get('so-khcn')!} and seq = 1`.execute(ctx.db);
    expect(await counts()).toEqual([
      ['sum:1', null, 1, 2, 'error'],
      ['sum:1', '1/1', 1, 1, 'error'],
    ]);
    expect(await countFindings(ctx.db, scope)).toEqual(await countFindings(ctx.db, { ...scope, agencyIds: ['so-khcn', 'so-y-te'] }));
  });

  it('equal the counts read from the kept findings and values, and the counts rebuilt from the reports', async () => {
    const template = (await getTemplateVersion(ctx.db, TEMPLATE)) as Template;
    const rowIds = rowsOf(template);
    const kinds = new Map(template.rows.map((r) => [r.id, r.kind]));
    const admin = await actorFor(ctx, 'admin');
    const snv = await actorFor(ctx, 'snv.tonghop');
    let year = 1990;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb(rowIds.length), { minLength: 1, maxLength: 30 }), async (ops) => {
        const round = await createRound(ctx, admin, { templateId: TEMPLATE, period: { year: year++, kind: 'Y' }, agencyIds: AGENCY_IDS });
        const reports = new Map((await listReports(ctx.db, { agencyIds: AGENCY_IDS, roundId: round.id })).map((r) => [r.agency_id, r.id]));
        const deleted = new Set<string>();
        for (const op of ops) {
          const agencyId = AGENCY_IDS[op.op === 'check' ? op.agencies[0]! : op.agency]!;
          const reportId = reports.get(agencyId)!;
          if (op.op !== 'check' && deleted.has(reportId)) continue;
          if (op.op === 'values') {
            const writes = op.cells.map(([row, raw]) => {
              const rowId = rowIds[row]!;
              const parsed = parseCell(RAWS[raw]!, kinds.get(rowId)!);
              return {
                rowId,
                raw: RAWS[raw]!,
                cell: { value: parsed.value, status: parsed.status, note: parsed.note, decimals: parsed.decimals },
                provenance: null,
              };
            });
            await upsertValues(ctx.db, reportId, writes, null, new Date());
          } else if (op.op === 'status') {
            await ctx.db.updateTable('reports').set({ status: STATUSES[op.status]! }).where('id', '=', reportId).execute();
          } else if (op.op === 'kind') {
            await ctx.db.updateTable('agencies').set({ kind: KINDS[op.kind]! }).where('id', '=', agencyId).execute();
          } else if (op.op === 'check') {
            const ids = op.agencies.map((a) => reports.get(AGENCY_IDS[a]!)!).filter((id) => !deleted.has(id));
            await keepFindings(
              ctx,
              ids.map((id) => ({ reportId: id, templateId: TEMPLATE })),
            );
          } else if (op.op === 'findings') {
            const findings: Finding[] = op.findings.map(([rule, row, severity]) => ({
              rule: RULES[rule]!,
              kind: 'sum',
              severity: SEVERITIES[severity]!,
              rows: row === null ? [] : [rowIds[row]!],
              expected: null,
              found: null,
              message: 'Phát hiện thử.',
            }));
            await storeFindings(ctx.db, new Map([[reportId, findings]]), new Date());
          } else if (op.op === 'prune') {
            await sql`delete from report_findings where report_id = ${reportId} and rule = ${RULES[op.rule]!}`.execute(ctx.db);
          } else if (op.op === 'retag') {
            await sql`update report_findings set row_id = ${op.row === null ? null : rowIds[op.row]!}, severity = 'warning' where report_id = ${reportId} and seq % 2 = 0`.execute(
              ctx.db,
            );
          } else {
            await ctx.db.deleteFrom('reports').where('id', '=', reportId).execute();
            deleted.add(reportId);
          }
        }
        for (const options of OPTIONS) {
          const statuses: FindingsScope['statuses'] = options.includeSubmitted ? ['accepted', 'submitted'] : ['accepted'];
          const kept: FindingsScope = { roundId: round.id, statuses, kind: options.kind ?? null, agencyIds: null };
          // the same scope named agency by agency: counted from the kept findings themselves
          const read: FindingsScope = { ...kept, agencyIds: AGENCY_IDS };
          expect(await countFindings(ctx.db, kept)).toEqual(await countFindings(ctx.db, read));
          for (const page of [{}, { rule: RULES[0]! }, { rule: RULES[1]!, rowId: rowIds[0]! }]) {
            const a = await pageFindings(ctx.db, kept, { ...page, limit: 3, offset: 1 });
            const b = await pageFindings(ctx.db, read, { ...page, limit: 3, offset: 1 });
            expect(a).toEqual(b);
          }
          // percentages without their parts: kept, and from every counted report's values
          const ratioRows = new Set(template.rows.filter((r) => ratioPartsOf(template, r)).map((r) => r.id));
          const keptPercentOnly = await countPercentOnly(ctx.db, { roundId: round.id, statuses, kind: options.kind ?? null });
          expect(new Map([...keptPercentOnly].filter(([rowId]) => ratioRows.has(rowId)))).toEqual(
            await percentOnlyFromScratch(ctx, template, round.id, options),
          );
          // and the figures read from the kept aggregates are those read from every report
          const figures = await consolidateRound(ctx, snv, round.id, options);
          expect(figures.consolidated).toEqual((await consolidateRound(ctx, snv, round.id, { ...options, fromReports: true })).consolidated);
        }
        const before = normalise(await dumpAggregates(ctx.db));
        await rebuildAggregates(ctx.db);
        expect(normalise(await dumpAggregates(ctx.db))).toEqual(before);
      }),
      { numRuns: 25, seed: 20261214 },
    );
  }, 300_000);
});
