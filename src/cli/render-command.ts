/**
 * `cchc render <file> --format docx|xlsx -o <out>`: imports a legacy report (any format the importer reads) and writes
 * it as the official document (DOCX per Nghị định 30/2020, or the appendix as XLSX).
 */
import { writeFile } from 'node:fs/promises';
import { documentFromImport } from '../documents/from-import.js';
import { renderDocx } from '../documents/docx/official-docx.js';
import { renderReportXlsx } from '../documents/xlsx/report-xlsx.js';
import { ImportError } from '../import/import-error.js';
import { importOne } from './import-command.js';
import type { CliIo } from './io.js';

function option(args: string[], ...names: string[]): string | undefined {
  const i = args.findIndex((a) => names.includes(a));
  return i >= 0 ? args[i + 1] : undefined;
}

export async function runRender(args: string[], io: CliIo): Promise<number> {
  const format = option(args, '--format', '-f') ?? 'docx';
  const out = option(args, '-o', '--out');
  const consumed = new Set(args.flatMap((a, i) => (['--format', '-f', '-o', '--out'].includes(a) ? [i, i + 1] : [])));
  const files = args.filter((_, i) => !consumed.has(i));
  const unknown = files.filter((a) => a.startsWith('-') && a !== '-');
  if (unknown.length > 0) {
    io.err(
      `cchc render: tùy chọn không hợp lệ ${unknown.join(' ')} (unknown option). Cách dùng: cchc render <tệp> --format docx|xlsx -o <tệp kết quả>`,
    );
    return 2;
  }
  if (files.length !== 1 || !out || (format !== 'docx' && format !== 'xlsx')) {
    io.err('Cách dùng: cchc render <tệp> --format docx|xlsx -o <tệp kết quả> (usage)');
    return 2;
  }
  try {
    const report = await importOne(files[0]!);
    const doc = documentFromImport(report);
    const bytes = format === 'docx' ? await renderDocx(doc) : await renderReportXlsx(doc);
    await writeFile(out, bytes);
    const unsure = report.rows.filter((r) => r.unsure).length;
    io.out(
      `Đã tạo ${out} từ ${files[0]} (mẫu ${report.template.id}; ${report.rows.length} dòng, ${unsure} ô chưa chắc chắn, ${report.findings.length} phát hiện).`,
    );
    // what the report does not state is left blank in the document, never invented: say so
    if (!report.period) io.out('Lưu ý: báo cáo gốc không ghi kỳ báo cáo; kỳ báo cáo để trống trong tệp kết quả, cần điền trước khi ban hành.');
    if (!report.document.date) io.out('Lưu ý: báo cáo gốc không ghi ngày ban hành; ngày, tháng để trống trong tệp kết quả.');
    return 0;
  } catch (error) {
    if (error instanceof ImportError) io.err(`cchc: ${files[0]}: ${error.messageVi} (${error.message})`);
    else io.err(`cchc render: không tạo được tệp (${error instanceof Error ? error.message : String(error)})`);
    return 2;
  }
}
