/**
 * Importing a legacy report through the browser: an upload is read off the request thread (a worker thread, see
 * import-worker.ts) into a preview — rows, findings, the recognised agency, period and template, and the agency and
 * round it fits within the actor's scope; the officer fixes cells and saves it as the report of an agency, either
 * into a round (the agency's own report, by the same rules as saving values) or as accepted history (Sở Nội vụ only).
 * Saved cells are read again with the core grammar per template row: values parsed in the browser are never trusted.
 */
import { statusesAllowing } from '../../core/workflow/report-workflow.js';
import { Worker } from 'node:worker_threads';
import { workerSpec as sharedWorkerSpec } from '../worker-spec.js';
import type { Template } from '../../core/catalogue/template.js';
import type { Period } from '../../core/periods/period.js';
import { joinNotes, parseCell } from '../../core/values/cell-grammar.js';
import { foldForMatch } from '../../core/values/text.js';
import type { ImportPreviewDto, ImportSaveBody } from '../../shared/import-schemas.js';
import type { Context } from '../context.js';
import { may, type Actor } from '../policies/access.js';
import type { Agency } from '../repositories/agency.repository.js';
import { getAgency, listAgencies } from '../repositories/agency.repository.js';
import { recordAudit } from '../repositories/audit.repository.js';
import {
  bumpVersion,
  findReport,
  getNarrative,
  getReport,
  getValues,
  insertReport,
  listReports,
  replaceNarrative,
  upsertValues,
  type Report,
  type ValueWrite,
} from '../repositories/report.repository.js';
import { getRound, listRounds } from '../repositories/round.repository.js';
import { getTemplateVersion, listTemplateDefinitions } from '../repositories/template.repository.js';
import type { ImportJobInput, ImportJobMessage, ImportOutcome, ImportWorkerMessage } from './import-worker.js';
import { forbidden, notFound, ServiceError } from './service-error.js';

/** A refusal of an upload, with statuses a ServiceError does not carry (413, 415): sent as problem+json by the import routes. */
export class ImportRefusal extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 422 | 429,
    readonly code: string,
    readonly messageVi: string,
    message: string,
  ) {
    super(message);
    this.name = 'ImportRefusal';
  }
}

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const IMPORT_TIMEOUT_MS = 20_000;
/** Imports running at once; more are refused (429) rather than queued behind a slow one. */
const MAX_RUNNING = 4;

/** How imports ran since the process started: in a worker, or in-process because no worker could start; workers started. */
export const importRunnerStats = { worker: 0, inProcess: 0, spawned: 0 };

const EDITABLE: ReadonlySet<Report['status']> = new Set(statusesAllowing('save'));

// ---------------------------------------------------------------------------------------------- who may import

/** Agencies import into their rounds (report:write); the Sở Nội vụ imports history (report:review). */
export function mayImport(actor: Actor): boolean {
  return may(actor, 'report:write') || may(actor, 'report:review');
}

const mayImportHistory = (actor: Actor, agencyId: string) =>
  may(actor, 'history:import', agencyId);

// ---------------------------------------------------------------------------------------------- the worker

const workerSpec = () => sharedWorkerSpec('import-worker', import.meta.url);

class WorkerDidNotStart extends Error {}

/** Warm workers kept between uploads (modules and templates loaded), and for how long. */
const MAX_IDLE = 1;
const IDLE_MS = 5 * 60_000;

interface PooledWorker {
  worker: Worker;
  /** Resolves once the worker's module has loaded; rejects (WorkerDidNotStart) if it never does. */
  ready: Promise<void>;
  idleTimer: NodeJS.Timeout | null;
}

const idle: PooledWorker[] = [];
let jobIds = 0;

function spawnWorker(): PooledWorker {
  const spec = workerSpec();
  const worker = new Worker(spec.entry, { eval: spec.eval, workerData: { job: 'cchc-import-job' }, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
  importRunnerStats.spawned++;
  const pooled: PooledWorker = { worker, ready: Promise.resolve(), idleTimer: null };
  pooled.ready = new Promise<void>((resolve, reject) => {
    const onMessage = (message: ImportWorkerMessage) => {
      if (message.type !== 'ready') return;
      worker.off('error', onError).off('exit', onExit).off('message', onMessage);
      resolve();
    };
    const onError = (error: Error) => reject(new WorkerDidNotStart(`${error.name}: ${error.message}`));
    const onExit = (code: number) => reject(new WorkerDidNotStart(`exited with code ${code} before starting`));
    worker.on('message', onMessage).once('error', onError).once('exit', onExit);
  });
  // an error with no job listening (an idle worker) must not bring the server down; the worker then exits
  worker.on('error', () => {});
  // a worker that goes away while idle leaves the pool
  worker.once('exit', () => {
    const at = idle.indexOf(pooled);
    if (at >= 0) idle.splice(at, 1);
    if (pooled.idleTimer) clearTimeout(pooled.idleTimer);
  });
  return pooled;
}

function acquireWorker(): PooledWorker {
  const warm = idle.pop();
  if (!warm) return spawnWorker();
  if (warm.idleTimer) clearTimeout(warm.idleTimer);
  warm.idleTimer = null;
  warm.worker.ref();
  return warm;
}

function releaseWorker(pooled: PooledWorker): void {
  if (idle.length >= MAX_IDLE) {
    void pooled.worker.terminate();
    return;
  }
  // an idle worker keeps no process alive, and goes after a while
  pooled.worker.unref();
  pooled.idleTimer = setTimeout(() => void pooled.worker.terminate(), IDLE_MS);
  pooled.idleTimer.unref();
  idle.push(pooled);
}

async function runInWorker(input: ImportJobInput, templates: readonly Template[], timeoutMs: number): Promise<ImportOutcome> {
  let pooled: PooledWorker;
  try {
    pooled = acquireWorker();
  } catch (error) {
    throw new WorkerDidNotStart(String(error));
  }
  const { worker } = pooled;
  const id = ++jobIds;
  return new Promise<ImportOutcome>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: { ok: true; value: ImportOutcome } | { ok: false; error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      // a worker that answered is kept warm; one that failed or ran out of time is stopped
      if (outcome.ok) releaseWorker(pooled);
      else void worker.terminate();
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          error: new ImportRefusal(
            422,
            'import-timeout',
            `Tệp quá phức tạp: chưa đọc xong sau ${Math.round(timeoutMs / 1000)} giây. Hãy tách bớt nội dung hoặc lưu lại dưới dạng .docx rồi thử lại.`,
            `import of ${input.fileName} timed out after ${timeoutMs} ms`,
          ),
        }),
      timeoutMs,
    );
    const onMessage = (message: ImportWorkerMessage) => {
      if (message.type === 'done' && message.id === id) finish({ ok: true, value: message.outcome });
    };
    const onError = (error: Error & { code?: string }) =>
      finish({
        ok: false,
        error:
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ImportRefusal(413, 'too-large', 'Tệp quá lớn hoặc quá phức tạp để đọc.', `import of ${input.fileName}: worker out of memory`)
            : error,
      });
    const onExit = (code: number) => finish({ ok: false, error: new Error(`import worker exited with code ${code}`) });
    pooled.ready.then(
      () => {
        if (settled) return;
        worker.on('message', onMessage).on('error', onError).on('exit', onExit);
        // a private copy: the upload's buffer may be a slice of a shared pool, and this one moves to the worker
        const bytes = new Uint8Array(input.bytes);
        worker.postMessage({ id, bytes, fileName: input.fileName, templates: [...templates] } satisfies ImportJobMessage, [bytes.buffer]);
      },
      (error: unknown) => finish({ ok: false, error: error instanceof Error ? error : new WorkerDidNotStart(String(error)) }),
    );
  });
}

let running = 0;

/** Imports the bytes in a worker thread; in-process (logged) only when no worker can be started. */
export async function runImportJob(input: ImportJobInput, options: { templates: readonly Template[]; timeoutMs?: number; log?: (message: string) => void }): Promise<ImportOutcome> {
  if (running >= MAX_RUNNING) {
    throw new ImportRefusal(429, 'import-busy', 'Máy chủ đang đọc nhiều tệp cùng lúc. Hãy thử lại sau ít phút.', `${running} imports already running`);
  }
  running++;
  try {
    try {
      const outcome = await runInWorker(input, options.templates, options.timeoutMs ?? IMPORT_TIMEOUT_MS);
      importRunnerStats.worker++;
      return outcome;
    } catch (error) {
      if (!(error instanceof WorkerDidNotStart)) throw error;
      (options.log ?? console.warn)(`import worker could not start (${error.message}); importing ${input.fileName} in-process`);
    }
    const { runImport } = await import('./import-worker.js');
    importRunnerStats.inProcess++;
    return await runImport(input, options.templates);
  } finally {
    running--;
  }
}

// ---------------------------------------------------------------------------------------------- preview

const STATUS_OF_IMPORT_ERROR = { unsupported: 415, 'too-large': 413, empty: 400, unreadable: 400, 'no-appendix': 400 } as const;

/** "Sở Y tế tỉnh Khánh Hòa" and "Sở Y tế" name the same agency of Khánh Hòa. */
function foldedAgencyName(name: string): string {
  return foldForMatch(name)
    .replace(/\s+(?:tinh|thanh pho|tp)\s+[a-z\s-]+$/u, '')
    .trim();
}

/** The agency in scope whose name (and province, when both are known) matches the recognised one. */
export function matchAgency(agencies: readonly Agency[], recognised: { name: string | null; province: string | null }): Agency | undefined {
  if (!recognised.name) return undefined;
  const name = foldedAgencyName(recognised.name);
  const province = recognised.province ? foldForMatch(recognised.province) : null;
  const named = agencies.filter((a) => [a.name, a.short_name].some((n) => n && foldedAgencyName(n) === name));
  const candidates = province ? named.filter((a) => !a.province || foldForMatch(a.province) === province) : named;
  // several: one of the named province first, then one still in existence (a suggestion the officer confirms)
  const inProvince = (a: Agency) => (province !== null && !!a.province && foldForMatch(a.province) === province ? 0 : 1);
  return [...candidates].sort((a, b) => inProvince(a) - inProvince(b) || Number(a.valid_to !== null) - Number(b.valid_to !== null))[0];
}

/** A round of the agency for the period on the recognised template (an import into another template is refused); open ones first. */
async function suggestRound(ctx: Context, agencyId: string, period: Period | null, templateId: string): Promise<string | undefined> {
  if (!period) return undefined;
  const rounds = (await listRounds(ctx.db, [agencyId])).filter((r) => r.period_year === period.year && r.period_kind === period.kind && r.template_id === templateId);
  return (rounds.find((r) => r.status === 'open') ?? rounds[0])?.id;
}

export async function previewImport(
  ctx: Context,
  actor: Actor,
  file: ImportJobInput,
  options: { timeoutMs?: number; log?: (message: string) => void } = {},
): Promise<ImportPreviewDto> {
  if (!mayImport(actor)) throw forbidden('import');
  // every stored version, those derived in the browser included (a report is recognised against what the database holds)
  const outcome = await runImportJob(file, { templates: await listTemplateDefinitions(ctx.db), ...options });
  if (!outcome.ok) {
    if (outcome.error.kind === 'import') {
      throw new ImportRefusal(STATUS_OF_IMPORT_ERROR[outcome.error.code], outcome.error.code, outcome.error.messageVi, outcome.error.message);
    }
    throw new ImportRefusal(422, 'unreadable', 'Không đọc được tệp này. Hãy mở tệp, lưu lại dưới dạng .docx hoặc .xlsx rồi thử lại.', `import of ${file.fileName} failed: ${outcome.error.message}`);
  }
  const preview: ImportPreviewDto = outcome.result;
  const agency = matchAgency(await listAgencies(ctx.db, [...actor.scope]), preview.agency);
  if (!agency) return preview;
  const roundId = await suggestRound(ctx, agency.id, preview.period, preview.template.id);
  return { ...preview, matchedAgencyId: agency.id, ...(roundId ? { suggestedRoundId: roundId } : {}) };
}

// ---------------------------------------------------------------------------------------------- save

/** The officer's note and the words the grammar moves out of the value, once each. */
function mergeNote(moved: string | null, own: string | null | undefined): string | null {
  const note = own?.trim() || null;
  if (moved && note && note.split('; ').includes(moved)) return note;
  return joinNotes(moved, note);
}

function cellWrites(template: Template, cells: ImportSaveBody['cells'], source: string | null): ValueWrite[] {
  const rows = new Map(template.rows.map((r) => [r.id, r]));
  const unknown = cells.filter((c) => !rows.has(c.rowId)).map((c) => c.rowId);
  if (unknown.length > 0) {
    throw new ServiceError(422, 'unknown-rows', `Mẫu báo cáo không có các dòng: ${unknown.join(', ')}.`, `unknown rows ${unknown.join(', ')}`);
  }
  const seen = new Set<string>();
  const twice = cells.filter((c) => (seen.has(c.rowId) ? true : (seen.add(c.rowId), false))).map((c) => c.rowId);
  if (twice.length > 0) {
    throw new ServiceError(422, 'duplicate-rows', `Các dòng bị gửi hai lần: ${twice.join(', ')}.`, `duplicate rows ${twice.join(', ')}`);
  }
  return cells.map((c) => {
    const parsed = parseCell(c.raw, rows.get(c.rowId)!.kind);
    return {
      rowId: c.rowId,
      raw: c.raw,
      cell: { value: parsed.value, status: parsed.status, note: mergeNote(parsed.note, c.note), decimals: parsed.decimals },
      provenance: { source: 'import', file: source, flags: parsed.flags },
    };
  });
}

const cellAudit = (w: ValueWrite) => ({ rowId: w.rowId, raw: w.raw, value: w.cell.value, status: w.cell.status, note: w.cell.note });

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

async function saveHistory(ctx: Context, actor: Actor, agency: Agency, template: Template, body: ImportSaveBody, writes: ValueWrite[]): Promise<string> {
  if (!mayImportHistory(actor, agency.id)) throw forbidden(`import history for ${agency.id}`);
  const same = (await listReports(ctx.db, { agencyIds: [agency.id] })).find(
    (r) => r.period_year === body.period.year && r.period_kind === body.period.kind && (r.round_id === null || r.status === 'accepted'),
  );
  if (same) {
    throw new ServiceError(
      409,
      'report-exists',
      'Đơn vị đã có báo cáo được duyệt cho kỳ này. Hãy mở báo cáo đó thay vì nhập thêm một bản nữa.',
      `agency ${agency.id} already has report ${same.id} for ${body.period.year} ${body.period.kind}`,
      { existingReportId: same.id },
    );
  }
  const now = ctx.clock.now();
  const id = ctx.ids.next('report');
  await ctx.db.transaction().execute(async (trx) => {
    const report = {
      id,
      agency_id: agency.id,
      round_id: null,
      template_id: template.id,
      period_year: body.period.year,
      period_kind: body.period.kind,
      status: 'accepted' as const,
      signer: body.signer,
      source: 'import' as const,
      submitted_at: now,
      accepted_at: now,
      created_at: now,
      updated_at: now,
    };
    await insertReport(trx, report);
    await upsertValues(trx, id, writes, actor.accountId, now);
    await replaceNarrative(trx, id, body.narrative);
    await recordAudit(
      trx,
      {
        actorId: actor.accountId,
        action: 'import-history',
        entity: 'report',
        entityId: id,
        after: { ...report, file: body.source ?? null, cells: writes.map(cellAudit), narrative: body.narrative },
      },
      now,
    );
  });
  return id;
}

async function saveIntoRound(
  ctx: Context,
  actor: Actor,
  agency: Agency,
  template: Template,
  body: ImportSaveBody & { roundId: string },
  writes: ValueWrite[],
): Promise<{ id: string; created: boolean }> {
  const round = await getRound(ctx.db, body.roundId);
  if (!round || !round.agency_ids.some((a) => actor.scope.has(a))) throw notFound('round', body.roundId);
  if (!may(actor, 'report:write', agency.id)) throw forbidden(`import into round ${round.id} for ${agency.id}`);
  if (!round.agency_ids.includes(agency.id)) {
    throw new ServiceError(422, 'agency-not-in-round', 'Đơn vị này không có trong đợt báo cáo đã chọn.', `agency ${agency.id} is not in round ${round.id}`);
  }
  if (round.template_id !== template.id) {
    throw new ServiceError(
      422,
      'template-mismatch',
      `Tệp được nhận dạng theo mẫu ${template.name}, khác mẫu của đợt báo cáo đã chọn. Hãy chọn đợt báo cáo cùng mẫu hoặc nhập số liệu trực tiếp.`,
      `template ${template.id} differs from round ${round.id}'s ${round.template_id}`,
    );
  }
  if (round.period_year !== body.period.year || round.period_kind !== body.period.kind) {
    throw new ServiceError(422, 'period-mismatch', 'Kỳ báo cáo đã chọn khác kỳ của đợt báo cáo.', `period ${body.period.year} ${body.period.kind} differs from round ${round.id}`);
  }
  const now = ctx.clock.now();
  const existing = await findReport(ctx.db, agency.id, round.id);
  // a submitted or accepted report is locked, whatever version the page read
  if (existing && !EDITABLE.has(existing.status)) {
    throw new ServiceError(409, 'report-locked', 'Báo cáo đã nộp hoặc đã được duyệt nên không sửa được.', `report ${existing.id} is ${existing.status}`, {
      currentVersion: existing.version,
      reportStatus: existing.status,
      reportId: existing.id,
    });
  }
  // the write carries the version it read: a report created or changed since the page looked is never overwritten
  const read = body.version ?? null;
  if (existing ? read !== existing.version : read !== null) {
    throw new ServiceError(
      409,
      'stale-version',
      existing
        ? 'Báo cáo của đơn vị trong đợt này vừa được cập nhật (hoặc vừa được tạo). Hãy xem bản mới nhất rồi lưu lại.'
        : 'Báo cáo của đơn vị trong đợt này không còn như lúc xem. Hãy tải lại trang rồi lưu lại.',
      `import into round ${round.id} for ${agency.id}: read version ${read}, current ${existing?.version ?? 'none'}`,
      existing ? { currentVersion: existing.version, reportStatus: existing.status, reportId: existing.id } : undefined,
    );
  }
  if (!existing) {
    // the round was opened without this agency's report: the import creates it
    const id = ctx.ids.next('report');
    try {
      await ctx.db.transaction().execute(async (trx) => {
        const report = {
          id,
          agency_id: agency.id,
          round_id: round.id,
          template_id: template.id,
          period_year: round.period_year,
          period_kind: round.period_kind,
          status: 'draft' as const,
          signer: body.signer,
          source: 'import' as const,
          submitted_at: null,
          accepted_at: null,
          created_at: now,
          updated_at: now,
        };
        await insertReport(trx, report);
        await upsertValues(trx, id, writes, actor.accountId, now);
        await replaceNarrative(trx, id, body.narrative);
        await recordAudit(trx, { actorId: actor.accountId, action: 'import-report', entity: 'report', entityId: id, after: { ...report, file: body.source ?? null, cells: writes.map(cellAudit), narrative: body.narrative } }, now);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ServiceError(409, 'stale-version', 'Báo cáo vừa được người khác tạo. Hãy lưu lại.', `report of ${agency.id} in ${round.id} created concurrently`);
      throw error;
    }
    return { id, created: true };
  }
  const stale = await ctx.db.transaction().execute(async (trx) => {
    const before = new Map((await getValues(trx, existing.id)).map((v) => [v.row_id, v]));
    const narrativeBefore = await getNarrative(trx, existing.id);
    const changes = { ...(existing.status === 'not-started' ? { status: 'draft' as const } : {}), ...(body.signer ? { signer: body.signer } : {}) };
    if (!(await bumpVersion(trx, existing.id, existing.version, changes, now))) return true;
    await upsertValues(trx, existing.id, writes, actor.accountId, now);
    // an imported narrative replaces the draft's; a file without one leaves it as it is
    if (body.narrative.length > 0) await replaceNarrative(trx, existing.id, body.narrative);
    await recordAudit(
      trx,
      {
        actorId: actor.accountId,
        action: 'import-report',
        entity: 'report',
        entityId: existing.id,
        before: {
          version: existing.version,
          status: existing.status,
          cells: writes.map((w) => {
            const v = before.get(w.rowId);
            return v ? { rowId: v.row_id, raw: v.raw, value: v.value === null ? null : Number(v.value), status: v.status, note: v.note } : { rowId: w.rowId, raw: '', value: null, status: 'not-reported', note: null };
          }),
          ...(body.narrative.length > 0 ? { narrative: narrativeBefore.map((s) => ({ heading: s.heading, level: s.level, body: s.body })) } : {}),
        },
        after: { version: existing.version + 1, file: body.source ?? null, cells: writes.map(cellAudit), ...(body.narrative.length > 0 ? { narrative: body.narrative } : {}) },
      },
      now,
    );
    return false;
  });
  if (stale) {
    throw new ServiceError(409, 'stale-version', 'Báo cáo vừa được người khác cập nhật. Hãy xem bản mới nhất rồi lưu lại.', `report ${existing.id}: stale version`, { reportId: existing.id });
  }
  return { id: existing.id, created: false };
}

/** Saves a previewed import as the report of an agency: into a round (its own report) or as accepted history. */
export async function saveImport(ctx: Context, actor: Actor, body: ImportSaveBody): Promise<{ report: Report; created: boolean }> {
  if (!mayImport(actor)) throw forbidden('import');
  const agency = await getAgency(ctx.db, body.agencyId);
  // outside the actor's agencies an agency does not exist
  if (!agency || !actor.scope.has(agency.id)) throw notFound('agency', body.agencyId);
  const template = await getTemplateVersion(ctx.db, body.templateId);
  if (!template) throw notFound('template', body.templateId);
  const writes = cellWrites(template, body.cells, body.source ?? null);
  const saved =
    body.roundId === null
      ? { id: await saveHistory(ctx, actor, agency, template, body, writes), created: true }
      : await saveIntoRound(ctx, actor, agency, template, { ...body, roundId: body.roundId }, writes);
  return { report: (await getReport(ctx.db, saved.id))!, created: saved.created };
}
