/**
 * `cchc import [--json] [--save] <file|folder|archive.zip…>`: imports legacy reports — the files named, every supported
 * file in the folders and .zip archives named (src/import/archive) — and prints them (JSON lines, or a readable
 * summary). With --save, the sure ones are saved into the database's history (DATABASE_URL, else CCHC_DATA_DIR)
 * through the same service as the browser's import, and those held for review are listed with why
 * (services/import-batch.service.ts). Exit 0 when every document was read (findings allowed, documents held allowed);
 * 2 when one is unreadable, unsupported or empty, with one line per such document on stderr; 1 when the database
 * cannot be reached.
 */
import { periodLabel } from '../core/periods/period.js';
import { collectInputs, MAX_DOCUMENT_BYTES, type InputDocument } from '../import/archive/collect-inputs.js';
import { ImportError, importDocument, toImportJson, type ImportedReport } from '../import/import-report.js';
import { readReport } from '../import/read-report.js';
import { randomIds, systemClock, type Context } from '../server/context.js';
import { DataDirLockedError } from '../server/db/data-dir-lock.js';
import { databaseOptionsFromEnv, openDatabase } from '../server/db/open-database.js';
import type { Actor } from '../server/policies/access.js';
import { listAgencies } from '../server/repositories/agency.repository.js';
import { listTemplateDefinitions } from '../server/repositories/template.repository.js';
import { planHistoryImport, saveHistoryBatch, type HeldDocument } from '../server/services/import-batch.service.js';
import { runImport as runImportJob, type ImportJobResult } from '../server/services/import-worker.js';
import { storeTemplateFiles } from '../server/services/template.service.js';
import { templateLibrary } from '../templates/template-loader.js';
import type { CliIo } from './io.js';

/** Larger files are refused before they are read. */
export const MAX_FILE_BYTES = MAX_DOCUMENT_BYTES;

/** One file, read and imported (`cchc render` uses it too). */
export async function importOne(path: string): Promise<ImportedReport> {
  const { documents, refused } = await collectInputs([path]);
  if (refused[0]) throw refused[0].error;
  return importInput(documents[0]!);
}

async function importInput(input: InputDocument): Promise<ImportedReport> {
  const doc = await readReport(await input.read(), input.fileName);
  const library = templateLibrary();
  return importDocument({ ...doc, source: input.source }, library.templates, library.indicators);
}

function summary(report: ImportedReport): string {
  const matched = report.rows.filter((r) => r.rowId !== null).length;
  const unsure = report.rows.filter((r) => r.unsure);
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.length - errors;
  const lines = [
    `${report.source}`,
    `  Mẫu: ${report.template.id} (độ khớp ${Math.round(report.templateScore * 100)}%)`,
    `  Đơn vị: ${report.agency.name ?? '(không nhận ra)'}${report.agency.province ? `, tỉnh ${report.agency.province}` : ''}`,
    `  Cơ quan chủ quản: ${report.governingBody ? `${report.governingBody.name}${report.governingBody.inferred ? ' (suy ra)' : ''}` : '(không nhận ra)'}`,
    `  Kỳ báo cáo: ${report.period ? periodLabel(report.period) : '(không nhận ra)'}`,
    `  Số: ${report.document.number ?? '—'}  Ngày: ${report.document.date ?? '—'}  Người ký: ${report.document.signer ?? '—'}`,
    `  Dòng khớp mẫu: ${matched}/${report.rows.length}; thiếu so với mẫu: ${report.missing.length}; ô chưa chắc chắn: ${unsure.length}`,
    `  Phát hiện: ${report.findings.length} (${errors} lỗi, ${warnings} cảnh báo)`,
  ];
  for (const row of unsure.slice(0, 20)) {
    lines.push(`    ? ${row.form ? `Biểu ${row.form} ` : ''}${row.code ?? '—'} ${row.label.slice(0, 60)}: "${row.raw}" (${row.flags.join(', ')})`);
  }
  for (const finding of report.findings) lines.push(`    ${finding.severity === 'error' ? '✗' : '!'} ${finding.message}`);
  return lines.join('\n');
}

function progressBar(done: number, total: number): string {
  const width = 30;
  const filled = Math.round((done / total) * width);
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

function errorLine(source: string, error: unknown): string {
  if (error instanceof ImportError) return `cchc: ${source}: ${error.messageVi} (${error.message})`;
  return `cchc: ${source}: Lỗi không mong đợi khi nhập tệp. (${error instanceof Error ? error.message : String(error)})`;
}

const USAGE = 'Cách dùng: cchc import [--json] [--save] <tệp, thư mục hoặc tệp .zip…>';

export async function runImport(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const json = args.includes('--json');
  const save = args.includes('--save');
  const paths = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--json' && a !== '--save');
  if (unknown.length > 0) {
    io.err(`cchc import: tùy chọn không hợp lệ ${unknown.join(' ')} (unknown option)`);
    return 2;
  }
  if (paths.length === 0) {
    io.err(`cchc import: cần ít nhất một tệp. ${USAGE} (no input file)`);
    return 2;
  }
  const { documents, refused } = await collectInputs(paths);
  for (const r of refused) io.err(errorLine(r.source, r.error));
  if (documents.length === 0 && refused.length === 0) {
    io.err(`cchc import: không có tệp báo cáo nào (.txt, .md, .docx, .xlsx, .pdf, .doc, .xls) trong ${paths.join(', ')} (no supported file)`);
    return 2;
  }
  if (save) return saveAll(documents, refused.length, json, io, env);
  const showProgress = !json && documents.length >= 5 && io.errIsTTY;
  let failed = refused.length;
  for (const [i, input] of documents.entries()) {
    try {
      const report = await importInput(input);
      if (json) io.out(JSON.stringify(toImportJson(report)));
      else io.out(summary(report) + '\n');
    } catch (error) {
      failed++;
      io.err(errorLine(input.source, error));
    }
    if (showProgress) io.errRaw(progressBar(i + 1, documents.length) + (i + 1 === documents.length ? '\n' : ''));
  }
  return failed > 0 ? 2 : 0;
}

/** The command line acts as an administrator of every agency, recorded as actor "cli" in the audit log. */
async function cliActor(ctx: Context): Promise<Actor> {
  const agencies = await listAgencies(ctx.db, 'all');
  return {
    accountId: 'cli',
    username: 'cli',
    displayName: 'Dòng lệnh (cchc import --save)',
    role: 'admin',
    scope: new Set(agencies.map((a) => a.id)),
  };
}

const HELD_VI: Record<HeldDocument['reason'], string> = {
  'no-period': 'không rõ kỳ báo cáo',
  'template-unsure': 'không rõ mẫu báo cáo',
  'no-agency': 'không khớp cơ quan nào',
  'ambiguous-agency': 'khớp nhiều cơ quan',
  duplicate: 'trùng cơ quan và kỳ',
  'report-exists': 'đã có báo cáo được duyệt',
  refused: 'không lưu được',
};

async function saveAll(documents: InputDocument[], refusedCount: number, json: boolean, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const options = databaseOptionsFromEnv(env);
  const where = options.engine === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${options.dataDir ?? 'bộ nhớ'})`;
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(options);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      io.err(`cchc import: ${error.message}`);
      io.err('Cơ sở dữ liệu nhúng chỉ mở được bởi một tiến trình: hãy dừng máy chủ (cchc serve) trước khi lưu báo cáo nhập.');
    } else io.err(`cchc import: không mở được cơ sở dữ liệu (${error instanceof Error ? error.message : String(error)})`);
    return 1;
  }
  try {
    const ctx: Context = { db: database.db, clock: systemClock, ids: randomIds, templates: templateLibrary(), engine: options.engine };
    await storeTemplateFiles(ctx);
    const templates = await listTemplateDefinitions(ctx.db);
    const previews: ImportJobResult[] = [];
    let failed = refusedCount;
    for (const input of documents) {
      let bytes: Uint8Array;
      try {
        bytes = await input.read();
      } catch (error) {
        failed++;
        io.err(errorLine(input.source, error));
        continue;
      }
      const outcome = await runImportJob({ bytes, fileName: input.fileName }, templates);
      if (!outcome.ok) {
        failed++;
        const e = outcome.error;
        io.err(e.kind === 'import' ? `cchc: ${input.source}: ${e.messageVi} (${e.message})` : errorLine(input.source, new Error(e.message)));
        continue;
      }
      previews.push({ ...outcome.result, source: input.source });
    }
    const actor = await cliActor(ctx);
    const { saved, held } = await saveHistoryBatch(ctx, actor, await planHistoryImport(ctx, actor, previews));
    if (json) {
      for (const s of saved) {
        io.out(
          JSON.stringify({
            source: s.source,
            status: 'saved',
            reportId: s.reportId,
            agencyId: s.agencyId,
            namedAgencyId: s.namedAgencyId,
            template: s.preview.template.id,
            period: s.period,
          }),
        );
      }
      for (const h of held) {
        io.out(
          JSON.stringify({
            source: h.source,
            status: 'held',
            reason: h.reason,
            message: h.messageVi,
            agencyIds: h.agencyIds,
            template: h.preview.template.id,
            agency: h.preview.agency,
            period: h.preview.period,
          }),
        );
      }
    } else {
      io.out(`Đã lưu vào lịch sử báo cáo (${where}): ${saved.length} văn bản; chờ xem xét: ${held.length}; không đọc được: ${failed}.`);
      for (const s of saved) {
        const via = s.namedAgencyId ? ` (văn bản của ${s.namedAgencyId}, nay là ${s.agencyId})` : '';
        io.out(`  ✓ ${s.source}: ${s.agencyId}${via}, ${periodLabel(s.period)}, mẫu ${s.preview.template.id} → ${s.reportId}`);
      }
      for (const h of held) io.out(`  ? ${h.source}: ${HELD_VI[h.reason]} — ${h.messageVi}`);
    }
    return failed > 0 ? 2 : 0;
  } catch (error) {
    io.err(`cchc import: không ghi được vào cơ sở dữ liệu (${error instanceof Error ? error.message : String(error)})`);
    return 1;
  } finally {
    await database.close();
  }
}
