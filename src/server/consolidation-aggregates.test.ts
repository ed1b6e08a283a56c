/**
 * The consolidation aggregates the database keeps (migration 0006) against the truth: after any sequence of status
 * moves, value writes (into drafts and into reports already counted, as an import or a restore does), deletions and
 * agencies changing kind, the kept aggregates equal those rebuilt from scratch, and the province figures read from
 * them equal those computed by reading every report.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import type { Template } from '../core/catalogue/template.js';
import { parseCell } from '../core/values/cell-grammar.js';
import { onBothEngines } from '../test-support/both-engines.js';
import { actorFor, buildWorld } from '../test-support/world.js';
import type { Context } from './context.js';
import type { AgencyKind, ReportStatus } from './db/schema.js';
import { insertAgency } from './repositories/agency.repository.js';
import { dumpAggregates, rebuildAggregates } from './repositories/consolidation.repository.js';
import { listReports, upsertValues, writeCellBatch } from './repositories/report.repository.js';
import { SAVED_STATUS } from './services/value-writer.js';
import { getTemplateVersion } from './repositories/template.repository.js';
import { consolidateRound } from './services/consolidation.service.js';
import { createRound } from './services/round.service.js';

const EXTRA = [
  { id: 'bql-kkt', kind: 'board' as const, name: 'Ban Quản lý các khu công nghiệp' },
  { id: 'ubnd-xa-a', kind: 'commune-committee' as const, name: 'UBND xã A' },
  { id: 'ubnd-xa-b', kind: 'commune-committee' as const, name: 'UBND xã B' },
];
const AGENCY_IDS = ['so-noi-vu', 'so-khcn', 'so-y-te', ...EXTRA.map((a) => a.id)];
// counted statuses come often, so that counted reports see their values change and leave again
const STATUSES: ReportStatus[] = ['draft', 'submitted', 'returned', 'accepted', 'accepted', 'submitted'];
const KINDS: AgencyKind[] = ['department', 'board', 'commune-committee'];
const RAWS = ['0', '1', '2', '05', '12', '2,5', '0,125', '100', '/', '', 'Đang triển khai', '149/149'];

/** Rows that exercise every rule: sums, a coded row, a ratio and its parts, spreads, rows one agency reports. */
function interestingRows(template: Template): string[] {
  const rows = new Set<string>();
  const pick = (predicate: (r: Template['rows'][number]) => boolean, n: number) =>
    template.rows
      .filter(predicate)
      .slice(0, n)
      .forEach((r) => rows.add(r.id));
  pick((r) => r.kind.type === 'count' && !r.provinceFigureBy, 3);
  pick((r) => r.kind.type === 'coded', 1);
  pick((r) => r.kind.type === 'percent', 2);
  pick((r) => r.kind.type === 'money', 1);
  pick((r) => !!r.provinceFigureBy, 2);
  const ratio = template.checks.find((c) => c.rule === 'ratio');
  if (ratio && ratio.rule === 'ratio') [ratio.percent, ratio.numerator, ratio.denominator].forEach((id) => rows.add(id));
  return [...rows];
}

type Op =
  | { op: 'values'; agency: number; cells: [number, number][] }
  | { op: 'status'; agency: number; status: number }
  | { op: 'kind'; agency: number; kind: number }
  | { op: 'delete-value'; agency: number; row: number }
  /** The autosaves of several reports written in one statement, as the group commit does (drafts only). */
  | { op: 'batch'; items: { agency: number; cells: [number, number][] }[] };

const opArb = (rowCount: number): fc.Arbitrary<Op> =>
  fc.oneof(
    fc.record({
      op: fc.constant('values' as const),
      agency: fc.nat(AGENCY_IDS.length - 1),
      cells: fc.array(fc.tuple(fc.nat(rowCount - 1), fc.nat(RAWS.length - 1)), { minLength: 1, maxLength: 6 }),
    }),
    fc.record({ op: fc.constant('status' as const), agency: fc.nat(AGENCY_IDS.length - 1), status: fc.nat(STATUSES.length - 1) }),
    fc.record({ op: fc.constant('kind' as const), agency: fc.nat(AGENCY_IDS.length - 1), kind: fc.nat(KINDS.length - 1) }),
    fc.record({ op: fc.constant('delete-value' as const), agency: fc.nat(AGENCY_IDS.length - 1), row: fc.nat(rowCount - 1) }),
    fc.record({
      op: fc.constant('batch' as const),
      items: fc.array(
        fc.record({
          agency: fc.nat(AGENCY_IDS.length - 1),
          cells: fc.array(fc.tuple(fc.nat(rowCount - 1), fc.nat(RAWS.length - 1)), { minLength: 1, maxLength: 4 }),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    }),
  );

const normalise = (dump: Awaited<ReturnType<typeof dumpAggregates>>) =>
  JSON.parse(JSON.stringify(dump, (_k, v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v)));

onBothEngines('kept consolidation aggregates', (engine) => {
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

  for (const templateId of ['quang-tri-forms-2022', 'khanh-hoa-ru-2021']) {
    it(`equal the aggregates rebuilt from the reports, and give the figures read from every report (${templateId})`, async () => {
      const template = (await getTemplateVersion(ctx.db, templateId))!;
      const rowIds = interestingRows(template);
      const kinds = new Map(template.rows.map((r) => [r.id, r.kind]));
      const admin = await actorFor(ctx, 'admin');
      let year = 2000;
      await fc.assert(
        fc.asyncProperty(fc.array(opArb(rowIds.length), { minLength: 1, maxLength: 40 }), async (ops) => {
          const round = await createRound(ctx, admin, { templateId, period: { year: year++, kind: 'Y' }, agencyIds: AGENCY_IDS });
          const reports = new Map((await listReports(ctx.db, { agencyIds: AGENCY_IDS, roundId: round.id })).map((r) => [r.agency_id, r.id]));
          const writesOf = (cells: [number, number][]) =>
            cells.map(([row, raw]) => {
              const rowId = rowIds[row]!;
              const parsed = parseCell(RAWS[raw]!, kinds.get(rowId)!);
              return {
                rowId,
                raw: RAWS[raw]!,
                cell: { value: parsed.value, status: parsed.status, note: parsed.note, decimals: parsed.decimals },
                provenance: null,
              };
            });
          for (const op of ops) {
            if (op.op === 'batch') {
              // one write per report, with the report's current version (reports already counted are refused)
              const items = new Map(op.items.map((item) => [reports.get(AGENCY_IDS[item.agency]!)!, item]));
              const current = new Map((await listReports(ctx.db, { agencyIds: AGENCY_IDS, roundId: round.id })).map((r) => [r.id, r]));
              await writeCellBatch(
                ctx.db,
                [...items].map(([reportId, item]) => {
                  const r = current.get(reportId)!;
                  return {
                    reportId,
                    version: r.version,
                    agencyId: r.agency_id,
                    templateId: r.template_id,
                    actorId: null,
                    now: new Date(),
                    writes: writesOf(item.cells),
                  };
                }),
                SAVED_STATUS,
              );
              continue;
            }
            const reportId = reports.get(AGENCY_IDS[op.agency]!)!;
            if (op.op === 'values') {
              await upsertValues(ctx.db, reportId, writesOf(op.cells), null, new Date());
            } else if (op.op === 'status') {
              await ctx.db.updateTable('reports').set({ status: STATUSES[op.status]! }).where('id', '=', reportId).execute();
            } else if (op.op === 'kind') {
              await ctx.db.updateTable('agencies').set({ kind: KINDS[op.kind]! }).where('id', '=', AGENCY_IDS[op.agency]!).execute();
            } else {
              await ctx.db.deleteFrom('report_values').where('report_id', '=', reportId).where('row_id', '=', rowIds[op.row]!).execute();
            }
          }
          const snv = await actorFor(ctx, 'snv.tonghop');
          for (const options of [
            {},
            { includeSubmitted: true },
            { kind: 'commune-committee' as const },
            { kind: 'department' as const, includeSubmitted: true },
          ]) {
            const kept = await consolidateRound(ctx, snv, round.id, options);
            const read = await consolidateRound(ctx, snv, round.id, { ...options, fromReports: true });
            expect(kept.source).toBe('aggregates');
            expect(kept.consolidated).toEqual(read.consolidated);
            expect(kept.agencies).toEqual(read.agencies);
          }
          const before = normalise(await dumpAggregates(ctx.db));
          await rebuildAggregates(ctx.db);
          expect(before).toEqual(normalise(await dumpAggregates(ctx.db)));
        }),
        { numRuns: 30, seed: 20261122 },
      );
      // and the deletion of a counted report takes its values out
      const round = await createRound(ctx, admin, { templateId, period: { year: year++, kind: 'Y' }, agencyIds: ['so-khcn'] });
      const [report] = await listReports(ctx.db, { agencyIds: ['so-khcn'], roundId: round.id });
      await upsertValues(
        ctx.db,
        report!.id,
        [{ rowId: rowIds[0]!, raw: '7', cell: { value: 7, status: 'reported', note: null, decimals: 0 }, provenance: null }],
        null,
        new Date(),
      );
      await ctx.db.updateTable('reports').set({ status: 'accepted' }).where('id', '=', report!.id).execute();
      const snv = await actorFor(ctx, 'snv.tonghop');
      expect((await consolidateRound(ctx, snv, round.id)).consolidated.rows.find((r) => r.rowId === rowIds[0])?.reported).toBe(1);
      await ctx.db.deleteFrom('reports').where('id', '=', report!.id).execute();
      const after = await consolidateRound(ctx, snv, round.id);
      expect(after.agencies).toEqual([]);
      expect(after.consolidated.rows.find((r) => r.rowId === rowIds[0])).toMatchObject({ reported: 0, agencies: 1, counted: 0, value: null });
    }, 180_000);
  }
});
