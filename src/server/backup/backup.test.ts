/**
 * Backup and restore on every engine and across engines: a world where every backed-up table holds rows goes
 * through a backup file into a fresh database, and comes back identical to the microsecond, ids of the audit log
 * included. Broken files and non-empty targets are refused with a clear error and change nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngines, type TestEngine } from '../../test-support/test-database.js';
import { buildWorld, PASSWORD } from '../../test-support/world.js';
import { fixedClock, sequentialIds, type Context } from '../context.js';
import type { OpenDatabase } from '../db/open-database.js';
import type { Actor } from '../policies/access.js';
import { listAudit, recordAudit } from '../repositories/audit.repository.js';
import { listReports, setStatus } from '../repositories/report.repository.js';
import { dumpAggregates } from '../repositories/consolidation.repository.js';
import { login } from '../services/auth.service.js';
import { saveNarrative, saveValues, viewReport } from '../services/report.service.js';
import { createRound } from '../services/round.service.js';
import { moveReport } from '../services/workflow.service.js';
import { remindRound } from '../services/notice.service.js';
import { MIGRATIONS } from '../db/migrations/migrator.js';
import { templateLibrary } from '../../templates/template-loader.js';
import { BACKED_UP_TABLES, BackupError, type BackupHeader } from './backup-format.js';
import { keyOf, readPage, tableShape } from './backup.repository.js';
import { readBackupHeader, restoreBackup, writeBackup } from './backup.js';

// not onBothEngines(): a round trip goes from a database of one engine into one of every engine, so each block needs
// every engine at once, kept open until the file ends (onBothEngines gives a block its own engine, let go at its end)
const engines = testEngines();
afterAll(async () => {
  for (const engine of engines) await engine.dispose();
});

const dir = mkdtempSync(join(tmpdir(), 'cchc-backup-'));
let fileCount = 0;
const tempFile = (name = 'backup') => join(dir, `${name}-${++fileCount}.jsonl.gz`);

const actor = (username: string, role: Actor['role'], scope: string[]): Actor => ({
  accountId: `acc-${username}`,
  username,
  displayName: username,
  role,
  scope: new Set(scope),
});
const SNV = actor('snv.tonghop', 'consolidator', ['ninh-thuan', 'so-noi-vu', 'so-khcn', 'so-y-te']);
const REPORTER = actor('khcn.baocao', 'reporter', ['so-khcn']);
const APPROVER = actor('khcn.duyet', 'approver', ['so-khcn']);

const XSS_NOTE = '"><img src=x onerror=alert(1)>';

/** A world where every backed-up table has rows, and a session and a failed login exist besides. */
async function populate(database: OpenDatabase): Promise<{ ctx: Context; reportId: string }> {
  const ctx = await buildWorld(database);
  // an agency merged into another one later in id order: successors are restored after every agency exists
  await database.db
    .insertInto('agencies')
    .values({ id: 'a-so-cu', parent_id: 'ninh-thuan', kind: 'department', name: 'Sở cũ', valid_from: '2015-01-01', valid_to: '2019-12-31' })
    .execute();
  await database.db.updateTable('agencies').set({ successor_id: 'so-khcn' }).where('id', '=', 'a-so-cu').execute();
  await database.db
    .updateTable('agencies')
    .set({ roles: ['so-noi-vu', 'tong-hop'] })
    .where('id', '=', 'so-noi-vu')
    .execute();
  const round = await createRound(ctx, SNV, {
    templateId: 'quang-tri-forms-2022',
    period: { year: 2023, kind: 'Q3' },
    agencyIds: ['so-khcn', 'so-y-te'],
  });
  const reportId = (await listReports(ctx.db, { agencyIds: ['so-khcn'], roundId: round.id }))[0]!.id;
  let view = await saveValues(ctx, REPORTER, reportId, 1, [
    { rowId: '7/6.7', raw: '35,08' },
    { rowId: '7/6.7.1', raw: '24' },
    { rowId: '7/6.7.2', raw: '05' },
    { rowId: '6/1.2', raw: '6.786,875', note: 'Đến 15/9/2023' },
    { rowId: '1/3.1', raw: '-', note: XSS_NOTE },
  ]);
  view = await saveNarrative(ctx, REPORTER, reportId, view.report.version, [
    {
      heading: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH',
      level: 1,
      body: 'Ban hành kế hoạch.\nDòng hai "trích dẫn" \\ <script>alert(1)</script>',
    },
  ]);
  ctx.clock.now = (() => {
    const clock = fixedClock('2026-01-15T09:00:00.123Z');
    return clock.now;
  })();
  view = await moveReport(ctx, APPROVER, reportId, 'submit', {
    version: view.report.version,
    explanations: [{ rule: 'ratio:7/6.7', text: 'Tỷ lệ tính theo cả năm.' }],
    signer: 'Nguyễn Hữu Thắng',
  });
  await moveReport(ctx, SNV, reportId, 'return', { version: view.report.version, reasons: [{ rowId: '7/6.7', text: 'Tỷ lệ phải bằng 5/24.' }] });
  // an accepted report: counted by the consolidation aggregates, which are derived (not backed up) and rebuilt on restore
  const yteReport = (await listReports(ctx.db, { agencyIds: ['so-y-te'], roundId: round.id }))[0]!.id;
  await saveValues(ctx, { ...REPORTER, accountId: 'acc-yte.baocao', username: 'yte.baocao', scope: new Set(['so-y-te']) }, yteReport, 1, [
    { rowId: '7/6.7', raw: '50' },
    { rowId: '7/6.7.1', raw: '100' },
    { rowId: '7/6.7.2', raw: '50' },
    { rowId: '3/1.4', raw: '120' },
  ]);
  await setStatus(ctx.db, yteReport, 'accepted');
  await remindRound(ctx, SNV, round.id); // notices for the agencies that have not submitted
  // the province's report of the round (JSON sections) and the province's settings for it
  const { saveRoundProvinceReport, saveProvinceReportSettings } = await import('../services/province-report.service.js');
  const { defaultProvinceSettings } = await import('../../core/province-report/settings.js');
  await saveRoundProvinceReport(ctx, SNV, round.id, { version: 0, sections: [{ key: 'procedures', text: 'Đoạn "viết tay" \\ <b>x</b>' }] });
  await saveProvinceReportSettings(ctx, SNV, 'ninh-thuan', { version: 0, settings: defaultProvinceSettings('Ninh Thuận') });
  // the annual CCHC plan (migration 0013): a plan, a task done with a linked report, a file of evidence
  const plans = await import('../services/plan.service.js');
  const plan = (await plans.createPlan(ctx, SNV, { provinceId: 'ninh-thuan', year: 2026, title: 'Kế hoạch "CCHC" 2026' })).plan;
  const task = (
    await plans.addTask(ctx, SNV, plan.id, {
      planVersion: plan.version,
      area: 'procedures',
      title: 'Rà soát TTHC',
      responsibleAgencyId: 'so-khcn',
      deadline: '2026-01-10',
      expectedOutput: XSS_NOTE,
      own: false,
    })
  ).tasks[0]!;
  const done = await plans.reportProgress(ctx, REPORTER, task.id, {
    version: task.version,
    status: 'done',
    doneOn: '2026-01-10',
    note: 'Xong',
    evidenceReportId: reportId,
  });
  await plans.attachFile(ctx, REPORTER, task.id, done.tasks[0]!.version, { bytes: Buffer.from('%PDF-1.4 biên bản'), fileName: 'biên-bản.pdf' });
  // the CCHC index (migration 0012): a self score, a file of evidence, the assessment finalised and the results published
  const index = await import('../services/par-index.service.js');
  const set = '2026-so-nganh';
  await index.saveSelfScores(ctx, REPORTER, set, 'so-khcn', { version: 0, scores: [{ code: '3.5', score: 1, note: 'Đã xin lỗi "bằng văn bản"' }] });
  await index.addEvidenceFile(ctx, REPORTER, set, 'so-khcn', {
    version: 1,
    code: '3.5',
    fileName: 'minh-chứng.pdf',
    contentType: 'application/pdf',
    bytes: Buffer.from('%PDF-1.4'),
  });
  await index.moveIndexAssessment(ctx, APPROVER, set, 'so-khcn', 'submit', { version: 2 });
  await index.moveIndexAssessment(ctx, SNV, set, 'so-khcn', 'finalise', { version: 3 });
  await index.publishIndexResults(ctx, SNV, set, 'ninh-thuan', { decision: 'Quyết định số 1/QĐ-UBND' });
  await login(ctx, 'admin', PASSWORD); // a session: not backed up
  await login(ctx, 'admin', 'sai-mat-khau').catch(() => undefined);
  return { ctx, reportId };
}

/** Every row of a table as the backup reads it: exact text for timestamps and numerics. */
async function exactRows(database: OpenDatabase, table: string): Promise<Record<string, unknown>[]> {
  const shape = await tableShape(database.db, table);
  const rows: Record<string, unknown>[] = [];
  let after: unknown[] | null = null;
  for (;;) {
    const page = await readPage(database.db, shape, after, 500);
    rows.push(...page);
    if (page.length < 500) return rows;
    after = keyOf(shape, page.at(-1)!);
  }
}

async function snapshot(database: OpenDatabase): Promise<Record<string, Record<string, unknown>[]>> {
  const all: Record<string, Record<string, unknown>[]> = {};
  for (const table of BACKED_UP_TABLES) all[table] = await exactRows(database, table);
  return all;
}

/** A restored database's snapshot without the restore's own audit row (checked to be its last row). */
async function restoredSnapshot(database: OpenDatabase): Promise<Record<string, Record<string, unknown>[]>> {
  const all = await snapshot(database);
  const last = all['audit_log']!.at(-1);
  expect(last).toMatchObject({ action: 'restore-backup', entity: 'database', actor_id: null });
  return { ...all, audit_log: all['audit_log']!.slice(0, -1) };
}

/** A backup's lines without the audit row of the restore it was taken after, and the header's count to match. */
function withoutRestoreRow(lines: string[]): string[] {
  const header = JSON.parse(lines[0]!) as BackupHeader;
  const rest = lines.slice(1).filter((l) => !/"action":"restore-backup"/u.test(l));
  expect(rest.length).toBe(lines.length - 2);
  const tables = header.tables.map((t) => (t.name === 'audit_log' ? { ...t, rows: t.rows - 1 } : t));
  return [JSON.stringify({ ...header, tables }), ...rest];
}

function linesOf(file: string): string[] {
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '');
}

async function backupError(promise: Promise<unknown>): Promise<BackupError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BackupError) return error;
    throw new Error(`expected a BackupError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a BackupError, got a result');
}

function describeRoundTrip(source: TestEngine, targets: TestEngine[]) {
  describe(`backup on ${source.name}`, () => {
    for (const target of targets) {
      it(`restores into a fresh ${target.name} database exactly${target === source ? '' : ' (across engines)'}`, { timeout: 60_000 }, async () => {
        const original = await source.fresh();
        const restored = await target.fresh();
        try {
          const { reportId } = await populate(original);
          const file = tempFile();
          const summary = await writeBackup(original.db, file, { engine: original.engine, now: new Date('2026-02-01T01:02:03.000Z') });

          // the header
          const lines = linesOf(file);
          const header = JSON.parse(lines[0]!) as BackupHeader;
          expect(header).toMatchObject({ format: 'cchc-backup', version: 1, createdAt: '2026-02-01T01:02:03.000Z', engine: source.name });
          expect(header.migrations).toEqual(Object.keys(MIGRATIONS));
          expect(header.tables.map((t) => t.name)).toEqual([...BACKED_UP_TABLES]);
          for (const t of header.tables) expect(t.rows, `rows of ${t.name}`).toBeGreaterThan(0); // every table has rows
          expect(summary.rows).toBe(lines.length - 1);
          // tables in order, parents before children, no sessions or rate limits
          const tablesInFile = lines.slice(1).map((l) => (JSON.parse(l) as { table: string }).table);
          expect([...new Set(tablesInFile)]).toEqual([...BACKED_UP_TABLES]);
          const agencyIds = lines
            .slice(1)
            .map((l) => JSON.parse(l) as { table: string; row: { id: string; parent_id: string | null } })
            .filter((l) => l.table === 'agencies')
            .map((l) => l.row);
          for (const [i, a] of agencyIds.entries()) if (a.parent_id) expect(agencyIds.findIndex((p) => p.id === a.parent_id)).toBeLessThan(i);
          // the exact value, as PostgreSQL prints it
          expect(lines).toContainEqual(expect.stringContaining('"raw":"6.786,875","value":"6786.875"'));

          const before = await snapshot(original);
          const result = await restoreBackup(restored.db, file);
          expect(result.rows).toBe(summary.rows);
          const after = await restoredSnapshot(restored);
          for (const table of BACKED_UP_TABLES) expect(after[table], table).toEqual(before[table]);

          // as the application reads it (Kysely, parsers): the same rows too
          for (const table of BACKED_UP_TABLES) {
            const shape = await tableShape(original.db, table);
            const read = (db: OpenDatabase) => {
              // eslint-disable-next-line @typescript-eslint/no-explicit-any -- every table, named at run time
              let q = (db.db as unknown as import('kysely').Kysely<any>).selectFrom(table).selectAll();
              for (const k of shape.primaryKey) q = q.orderBy(k);
              return q.execute();
            };
            const rows = await read(restored);
            expect(table === 'audit_log' ? rows.slice(0, -1) : rows, table).toEqual(await read(original));
          }
          expect(await restored.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
          // the consolidation aggregates, derived and not in the file, come back as the rows are restored
          const aggregates = async (db: OpenDatabase) =>
            JSON.parse(JSON.stringify(await dumpAggregates(db.db), (_k, v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/u.test(v) ? Number(v) : v)));
          const kept = await aggregates(original);
          expect(kept.cells.length).toBeGreaterThan(0);
          expect(await aggregates(restored)).toEqual(kept);
          expect((await original.db.selectFrom('sessions').selectAll().execute()).length).toBe(1);

          // microseconds survive (created_at of agencies came from now())
          expect(String(after['agencies']![0]!['created_at'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/u);
          // the report through the services: 6786.875 exactly, narrative and comments as written
          const ctx: Context = { db: restored.db, clock: fixedClock(), ids: sequentialIds(), templates: templateLibrary() };
          const view = await viewReport(ctx, SNV, reportId);
          expect(view.values.find((v) => v.rowId === '6/1.2')).toEqual({
            rowId: '6/1.2',
            raw: '6.786,875',
            value: 6786.875,
            status: 'reported',
            note: 'Đến 15/9/2023',
          });
          expect(view.values.find((v) => v.rowId === '1/3.1')).toMatchObject({ note: XSS_NOTE });
          expect(view.report).toMatchObject({ status: 'returned', signer: 'Nguyễn Hữu Thắng', version: 5 });
          expect(view.narrative[0]!.body).toBe('Ban hành kế hoạch.\nDòng hai "trích dẫn" \\ <script>alert(1)</script>');
          expect(view.comments.map((c) => c.kind)).toEqual(['explanation', 'return-reason']);
          const submission = (await restored.db.selectFrom('report_submissions').selectAll().execute())[0]!;
          expect(Array.isArray(submission.cells)).toBe(true); // a jsonb array stays a JSON array

          // the audit log: identical, ids included, then the restore's own row; still append-only; new rows numbered
          // after the restored ones
          const audit = await listAudit(restored.db);
          const originalAudit = await listAudit(original.db);
          expect(audit.slice(0, -1)).toEqual(originalAudit);
          expect(Number(audit.at(-1)!.id)).toBe(Math.max(...originalAudit.map((a) => Number(a.id))) + 1);
          expect(audit.at(-1)).toMatchObject({
            actor_id: null,
            action: 'restore-backup',
            entity: 'database',
            before: { tablesWithData: [] },
            after: { file: expect.stringMatching(/\.gz$|\.cchc|backup/u), backupEngine: original.engine, rows: expect.any(Number) },
          });
          const lastId = Math.max(...audit.map((a) => Number(a.id)));
          await expect(restored.db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/u);
          await expect(restored.db.deleteFrom('audit_log').where('id', '=', lastId).execute()).rejects.toThrow(/append-only/u);
          await recordAudit(restored.db, { actorId: null, action: 'after-restore', entity: 'database', entityId: 'x' }, new Date());
          const added = (await listAudit(restored.db, { entity: 'database' })).find((a) => a.action === 'after-restore')!;
          expect(Number(added.id)).toBe(lastId + 1);

          // the restored database works: a session, a write through the services
          await login(ctx, 'khcn.baocao', PASSWORD);
          const reopened = await saveValues(ctx, REPORTER, reportId, view.report.version, [{ rowId: '7/6.7', raw: '20,83' }]);
          expect(reopened.report.version).toBe(view.report.version + 1);

          // and is backed up in turn, the new rows with it
          const again = tempFile();
          await writeBackup(restored.db, again, { engine: restored.engine });
          expect(linesOf(again).length).toBe(lines.length + 4); // four audit rows (restore-backup, after-restore, login, save-values); sessions are left out
        } finally {
          await original.close();
          await restored.close();
        }
      });
    }

    it('backs up the restored database into the very same lines', async () => {
      const original = await source.fresh();
      const restored = await source.fresh();
      try {
        await populate(original);
        const first = tempFile();
        await writeBackup(original.db, first, { engine: 'x', now: new Date(0) });
        await restoreBackup(restored.db, first);
        const second = tempFile();
        await writeBackup(restored.db, second, { engine: 'x', now: new Date(0) });
        expect(withoutRestoreRow(linesOf(second))).toEqual(linesOf(first));
      } finally {
        await original.close();
        await restored.close();
      }
    });

    it('refuses a database holding data without force, and replaces it with force', async () => {
      const original = await source.fresh();
      const other = await source.fresh();
      try {
        await populate(original);
        const file = tempFile();
        await writeBackup(original.db, file, { engine: original.engine });
        await buildWorld(other);
        await recordAudit(other.db, { actorId: null, action: 'kept', entity: 'database', entityId: 'other' }, new Date());
        const refused = await backupError(restoreBackup(other.db, file));
        expect(refused.code).toBe('not-empty');
        expect(refused.messageVi).toMatch(/đang có dữ liệu.*--force/u);
        expect((await listAudit(other.db)).map((a) => a.action)).toEqual(['kept']);

        await restoreBackup(other.db, file, { force: true });
        expect(await restoredSnapshot(other)).toEqual(await snapshot(original));
        // what the restore replaced is in its audit row
        expect((await listAudit(other.db)).at(-1)).toMatchObject({
          action: 'restore-backup',
          before: { tablesWithData: expect.arrayContaining([expect.objectContaining({ name: 'audit_log' })]) },
        });
      } finally {
        await original.close();
        await other.close();
      }
    });

    it('counts a database holding only the template versions as empty', async () => {
      const original = await source.fresh();
      const target = await source.fresh();
      try {
        await populate(original);
        const file = tempFile();
        await writeBackup(original.db, file, { engine: original.engine });
        const ctx = await buildWorld(target);
        await target.db.deleteFrom('accounts').execute();
        await target.db.deleteFrom('agencies').execute();
        expect((await ctx.db.selectFrom('template_versions').select('id').execute()).length).toBeGreaterThan(0);
        await restoreBackup(target.db, file);
        expect(await restoredSnapshot(target)).toEqual(await snapshot(original));
      } finally {
        await original.close();
        await target.close();
      }
    });

    it('refuses garbage, a truncated file and a newer backup with a clear error, changing nothing', async () => {
      const original = await source.fresh();
      const target = await source.fresh();
      try {
        await populate(original);
        const good = tempFile();
        await writeBackup(original.db, good, { engine: original.engine });
        const bytes = readFileSync(good);
        await buildWorld(target);
        await recordAudit(target.db, { actorId: null, action: 'kept', entity: 'database', entityId: 'target' }, new Date());
        const unchanged = await snapshot(target);

        const write = (name: string, content: string | Uint8Array) => {
          const path = tempFile(name);
          writeFileSync(path, content);
          return path;
        };
        const cases: [string, string, BackupError['code'], RegExp][] = [
          ['missing file', join(dir, 'no-such-file.gz'), 'unreadable', /Không đọc được tệp sao lưu/u],
          ['empty file', write('empty', ''), 'not-a-backup', /không phải là bản sao lưu CCHC/u],
          ['plain text', write('text', 'xin chào\n'), 'not-a-backup', /không phải là bản sao lưu CCHC/u],
          [
            'random bytes',
            write(
              'random',
              Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256),
            ),
            'not-a-backup',
            /không phải là bản sao lưu CCHC/u,
          ],
          ['gzip of something else', write('other', gzipSync('{"hello":"world"}\n')), 'not-a-backup', /không phải là bản sao lưu CCHC/u],
          ['gzip of non-JSON', write('nonjson', gzipSync('ab\u0000cd')), 'not-a-backup', /không phải là bản sao lưu CCHC/u],
          ['gzip header only', write('cut-early', bytes.subarray(0, 12)), 'corrupt', /bị hỏng hoặc không đầy đủ/u],
          ['truncated gzip', write('cut', bytes.subarray(0, Math.floor(bytes.length * 0.6))), 'corrupt', /bị hỏng hoặc không đầy đủ/u],
          ['last byte missing', write('cut-last', bytes.subarray(0, bytes.length - 1)), 'corrupt', /bị hỏng hoặc không đầy đủ/u],
          [
            'bit flipped',
            write('flipped', Buffer.from(bytes).fill(0x55, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 8)),
            'corrupt',
            /bị hỏng hoặc không đầy đủ/u,
          ],
        ];
        const lines = linesOf(good);
        const header = JSON.parse(lines[0]!) as BackupHeader;
        cases.push(
          [
            'a newer migration set',
            write(
              'newer',
              gzipSync([JSON.stringify({ ...header, migrations: [...header.migrations, '0099-future'] }), ...lines.slice(1)].join('\n')),
            ),
            'newer-version',
            /mới hơn.*0099-future/u,
          ],
          [
            'a newer format',
            write('newer-format', gzipSync([JSON.stringify({ ...header, version: 2 }), ...lines.slice(1)].join('\n'))),
            'newer-version',
            /nâng cấp CCHC/u,
          ],
          [
            'a row missing',
            write('row-missing', gzipSync([lines[0], ...lines.slice(1, -1)].join('\n'))),
            'corrupt',
            /audit_log có \d+ dòng thay vì \d+/u,
          ],
          [
            'a row not JSON',
            write('bad-row', gzipSync([...lines.slice(0, 5), '{"table":', ...lines.slice(6)].join('\n'))),
            'corrupt',
            /dòng 6 không phải JSON/u,
          ],
          [
            'a table out of order',
            write('order', gzipSync([lines[0], lines.at(-1), ...lines.slice(1, -1)].join('\n'))),
            'corrupt',
            /không đúng thứ tự|thay vì/u,
          ],
          [
            'an unknown column',
            write(
              'column',
              gzipSync([...lines.slice(0, 2), lines[2]!.replace('{"id"', '{"evil\\"; drop table reports; --":1,"id"'), ...lines.slice(3)].join('\n')),
            ),
            'corrupt',
            /cột không tồn tại/u,
          ],
          [
            'a broken reference',
            write('reference', gzipSync(lines.map((l) => l.replace('"agency_id":"so-khcn"', '"agency_id":"khong-co"')).join('\n'))),
            'corrupt',
            /từ chối một dòng/u,
          ],
          [
            'a value of the wrong type',
            write('type', gzipSync(lines.map((l) => l.replace('"value":"6786.875"', '"value":"sáu nghìn"')).join('\n'))),
            'corrupt',
            /từ chối một dòng/u,
          ],
        );
        for (const [name, path, code, message] of cases) {
          const error = await backupError(restoreBackup(target.db, path, { force: true }));
          expect(error.code, `${name}: ${error.message}`).toBe(code);
          expect(error.messageVi, name).toMatch(message);
          if (code === 'not-a-backup' || code === 'unreadable' || (code === 'newer-version' && !name.includes('row'))) {
            // refused before any database is needed
            expect((await backupError(readBackupHeader(path))).code, name).toBe(code);
          }
        }
        // every refusal rolled back: the target is as it was, the audit log included
        expect(await snapshot(target)).toEqual(unchanged);
        await expect(target.db.updateTable('audit_log').set({ action: 'forged' }).execute()).rejects.toThrow(/append-only/u);
      } finally {
        await original.close();
        await target.close();
      }
    });
  });
}

for (const source of engines) describeRoundTrip(source, engines);
