/**
 * Importing a legacy report through the browser: an upload is read off the request thread (a worker thread, see
 * import-worker.ts) into a preview — rows, findings, the recognised agency, period and template, and the agency and
 * round it fits within the actor's scope; the officer fixes cells and saves it as the report of an agency, either
 * into a round (the agency's own report, by the same rules as saving values) or as accepted history (Sở Nội vụ only).
 * Saved cells are read again with the core grammar per template row: values parsed in the browser are never trusted.
 */
import type { Transaction } from 'kysely';
import type { Template } from '../../core/catalogue/template.js';
import type { Period } from '../../core/periods/period.js';
import { joinNotes } from '../../core/values/cell-grammar.js';
import { foldForMatch } from '../../core/values/text.js';
import type { ImportPreviewDto, ImportSaveBody } from '../../shared/import-schemas.js';
import type { Context } from '../context.js';
import type { Database, ReportStatus } from '../db/schema.js';
import { may, type Actor } from '../policies/access.js';
import type { Agency } from '../repositories/agency.repository.js';
import { getAgency, listAgencies } from '../repositories/agency.repository.js';
import { recordAudit } from '../repositories/audit.repository.js';
import {
  findReport,
  getNarrative,
  getReport,
  insertReport,
  listReports,
  replaceNarrative,
  upsertValues,
  writeCellBatch,
  type Report,
  type ValueWrite,
} from '../repositories/report.repository.js';
import { getRound, listRounds } from '../repositories/round.repository.js';
import { getTemplateVersion, listTemplateDefinitions } from '../repositories/template.repository.js';
import type { ImportJobInput } from './import-worker.js';
import { runImportJob } from './import-worker-pool.js';
import { cellWriteOf, isEditable, SAVED_STATUS, storableText } from './report-write.js';
import { forbidden, notFound, reportLocked, ServiceError, staleVersion } from './service-error.js';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------- who may import

/** Agencies import into their rounds (report:write); the Sở Nội vụ imports history (report:review). */
export function mayImport(actor: Actor): boolean {
  return may(actor, 'report:write') || may(actor, 'report:review');
}

const mayImportHistory = (actor: Actor, agencyId: string) => may(actor, 'history:import', agencyId);

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
  const rounds = (await listRounds(ctx.db, [agencyId])).filter(
    (r) => r.period_year === period.year && r.period_kind === period.kind && r.template_id === templateId,
  );
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
      throw new ServiceError(STATUS_OF_IMPORT_ERROR[outcome.error.code], outcome.error.code, outcome.error.messageVi, outcome.error.message);
    }
    throw new ServiceError(
      422,
      'unreadable',
      'Không đọc được tệp này. Hãy mở tệp, lưu lại dưới dạng .docx hoặc .xlsx rồi thử lại.',
      `import of ${file.fileName} failed: ${outcome.error.message}`,
    );
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

/** The file a save's cells came from, kept in each cell's provenance (with the batch, when it came in one). */
export interface ImportOrigin {
  file: string | null;
  sha256: string | null;
  format: string | null;
  batchId: string | null;
}

/**
 * A cell's provenance as stored (report_values.provenance; read back by shared/provenance-schemas.ts): the file, where
 * the value stood in it, whether the import flagged it doubtful, and whether a person changed it before saving.
 */
function cellProvenance(cell: ImportSaveBody['cells'][number], origin: ImportOrigin): Record<string, unknown> {
  return {
    source: 'import',
    file: origin.file === null ? null : storableText(origin.file),
    sha256: origin.sha256,
    format: origin.format,
    batchId: origin.batchId,
    at: cell.origin?.at ?? [],
    doubtful: cell.origin?.doubtful ?? false,
    edited: cell.origin !== undefined && storableText(cell.origin.raw).trim() !== storableText(cell.raw).trim(),
  };
}

function cellWrites(template: Template, cells: ImportSaveBody['cells'], origin: ImportOrigin): ValueWrite[] {
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
  // read as autosave reads them (report-write.ts), the officer's note merged with the words the grammar moves out
  return cells.map((c) => cellWriteOf(rows.get(c.rowId)!.kind, c, cellProvenance(c, origin), mergeNote));
}

const cellAudit = (w: ValueWrite) => ({ rowId: w.rowId, raw: w.raw, value: w.cell.value, status: w.cell.status, note: w.cell.note });

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

async function saveHistory(
  ctx: Context,
  actor: Actor,
  agency: Agency,
  template: Template,
  body: ImportSaveBody,
  writes: ValueWrite[],
): Promise<string> {
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
    throw new ServiceError(
      422,
      'agency-not-in-round',
      'Đơn vị này không có trong đợt báo cáo đã chọn.',
      `agency ${agency.id} is not in round ${round.id}`,
    );
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
    throw new ServiceError(
      422,
      'period-mismatch',
      'Kỳ báo cáo đã chọn khác kỳ của đợt báo cáo.',
      `period ${body.period.year} ${body.period.kind} differs from round ${round.id}`,
    );
  }
  const now = ctx.clock.now();
  const existing = await findReport(ctx.db, agency.id, round.id);
  // a submitted or accepted report is locked, whatever version the page read
  if (existing && !isEditable(existing.status)) throw reportLocked(existing, { reportId: existing.id });
  // the write carries the version it read: a report created or changed since the page looked is never overwritten
  const read = body.version ?? null;
  if (existing ? read !== existing.version : read !== null) {
    throw staleVersion(
      `import into round ${round.id} for ${agency.id}: read version ${read}, current ${existing?.version ?? 'none'}`,
      existing ? { currentVersion: existing.version, reportStatus: existing.status, reportId: existing.id } : {},
      existing
        ? 'Báo cáo của đơn vị trong đợt này vừa được cập nhật (hoặc vừa được tạo). Hãy xem bản mới nhất rồi lưu lại.'
        : 'Báo cáo của đơn vị trong đợt này không còn như lúc xem. Hãy tải lại trang rồi lưu lại.',
    );
  }
  if (!existing) {
    // the round was opened without this agency's report: the import creates it as the round would have (not started,
    // version 1) and then saves into it through the same write as below, so a created report reads exactly as one
    // opened with the round and saved once (version 2, a draft, one 'import-report' audit row with its cells)
    const id = ctx.ids.next('report');
    try {
      await ctx.db.transaction().execute(async (trx) => {
        await insertReport(trx, {
          id,
          agency_id: agency.id,
          round_id: round.id,
          template_id: template.id,
          period_year: round.period_year,
          period_kind: round.period_kind,
          status: 'not-started',
          signer: null,
          source: 'import',
          submitted_at: null,
          accepted_at: null,
          created_at: now,
          updated_at: now,
        });
        const done = await writeImport(
          trx,
          { reportId: id, version: 1, status: 'not-started', narrativeBefore: [] },
          { agency, template, actor, body, writes, now },
        );
        if (!done) throw new Error(`report ${id} created in this transaction refused the import's write`);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw staleVersion(`report of ${agency.id} in ${round.id} created concurrently`, {}, 'Báo cáo vừa được người khác tạo. Hãy lưu lại.');
      throw error;
    }
    return { id, created: true };
  }
  const written = await ctx.db.transaction().execute(async (trx) =>
    writeImport(
      trx,
      {
        reportId: existing.id,
        version: existing.version,
        status: existing.status,
        narrativeBefore: body.narrative.length > 0 ? await getNarrative(trx, existing.id) : [],
      },
      { agency, template, actor, body, writes, now },
    ),
  );
  if (!written) throw staleVersion(`report ${existing.id}: stale version`, { reportId: existing.id });
  return { id: existing.id, created: false };
}

/**
 * An import's save into a round report: the same write as an autosave (report-write.ts, `writeCellBatch`): the
 * version, status, agency and template checked and the version bumped in one statement, the status a save leads to,
 * the cells and their audit row (here 'import-report', with the file and the narrative); the narrative replaced in
 * the same transaction (a file without one leaves the report's). False when the report moved on: nothing written.
 */
async function writeImport(
  trx: Transaction<Database>,
  report: { reportId: string; version: number; status: ReportStatus; narrativeBefore: readonly { heading: string; level: number; body: string }[] },
  save: { agency: Agency; template: Template; actor: Actor; body: ImportSaveBody; writes: ValueWrite[]; now: Date },
): Promise<boolean> {
  const { body } = save;
  const withNarrative = body.narrative.length > 0;
  const done = await writeCellBatch(
    trx,
    [
      {
        reportId: report.reportId,
        version: report.version,
        agencyId: save.agency.id,
        templateId: save.template.id,
        actorId: save.actor.accountId,
        now: save.now,
        writes: save.writes,
        action: 'import-report',
        // a file without a signer leaves the report's
        signer: body.signer || null,
        audit: {
          before: {
            status: report.status,
            ...(withNarrative ? { narrative: report.narrativeBefore.map((s) => ({ heading: s.heading, level: s.level, body: s.body })) } : {}),
          },
          after: { file: body.source ?? null, ...(withNarrative ? { narrative: body.narrative } : {}) },
        },
      },
    ],
    SAVED_STATUS,
  );
  if (!done.has(report.reportId)) return false;
  if (withNarrative) await replaceNarrative(trx, report.reportId, body.narrative);
  return true;
}

/** Saves a previewed import as the report of an agency: into a round (its own report) or as accepted history. */
export async function saveImport(
  ctx: Context,
  actor: Actor,
  body: ImportSaveBody,
  options: { batchId?: string } = {},
): Promise<{ report: Report; created: boolean }> {
  if (!mayImport(actor)) throw forbidden('import');
  const agency = await getAgency(ctx.db, body.agencyId);
  // outside the actor's agencies an agency does not exist
  if (!agency || !actor.scope.has(agency.id)) throw notFound('agency', body.agencyId);
  const template = await getTemplateVersion(ctx.db, body.templateId);
  if (!template) throw notFound('template', body.templateId);
  const writes = cellWrites(template, body.cells, {
    file: body.source ?? null,
    sha256: body.sha256 ?? null,
    format: body.format ?? null,
    batchId: options.batchId ?? null,
  });
  const saved =
    body.roundId === null
      ? { id: await saveHistory(ctx, actor, agency, template, body, writes), created: true }
      : await saveIntoRound(ctx, actor, agency, template, { ...body, roundId: body.roundId }, writes);
  return { report: (await getReport(ctx.db, saved.id))!, created: saved.created };
}
