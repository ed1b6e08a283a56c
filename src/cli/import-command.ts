/**
 * `cchc import [--json] <file…>`: imports legacy reports and prints them (JSON lines, or a readable summary).
 * Exit 0 when every file imported (findings allowed); 2 when a file is unreadable, unsupported or empty,
 * with one line per such file on stderr.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportError, importDocument, toImportJson, type ImportedReport } from '../import/import-report.js';
import { readReport } from '../import/read-report.js';
import { templateLibrary } from '../templates/template-loader.js';
import { periodLabel } from '../core/periods/period.js';
import type { CliIo } from './io.js';

/** Larger files are refused before they are read. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export async function importOne(path: string): Promise<ImportedReport> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new ImportError('unreadable', 'Không đọc được tệp (không tồn tại hoặc không có quyền đọc).', `cannot read ${path}`);
  }
  if (size === 0) throw new ImportError('empty', 'Tệp rỗng.', `${path} is empty`);
  if (size > MAX_FILE_BYTES) {
    throw new ImportError('too-large', `Tệp quá lớn (tối đa ${MAX_FILE_BYTES / 1024 / 1024} MB).`, `${path} is ${size} bytes, over the ${MAX_FILE_BYTES} limit`);
  }
  const bytes = new Uint8Array(await readFile(path));
  const doc = await readReport(bytes, basename(path));
  const library = templateLibrary();
  return importDocument({ ...doc, source: path }, library.templates, library.indicators);
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

export async function runImport(args: string[], io: CliIo): Promise<number> {
  const json = args.includes('--json');
  const files = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--json');
  if (unknown.length > 0) {
    io.err(`cchc import: tùy chọn không hợp lệ ${unknown.join(' ')} (unknown option)`);
    return 2;
  }
  if (files.length === 0) {
    io.err('cchc import: cần ít nhất một tệp. Cách dùng: cchc import [--json] <tệp…> (no input file)');
    return 2;
  }
  const showProgress = !json && files.length >= 5 && io.errIsTTY;
  let failed = 0;
  for (const [i, file] of files.entries()) {
    try {
      const report = await importOne(file);
      if (json) io.out(JSON.stringify(toImportJson(report)));
      else io.out(summary(report) + '\n');
    } catch (error) {
      failed++;
      if (error instanceof ImportError) io.err(`cchc: ${file}: ${error.messageVi} (${error.message})`);
      else io.err(`cchc: ${file}: Lỗi không mong đợi khi nhập tệp. (${error instanceof Error ? error.message : String(error)})`);
    }
    if (showProgress) io.errRaw(progressBar(i + 1, files.length) + (i + 1 === files.length ? '\n' : ''));
  }
  return failed > 0 ? 2 : 0;
}
