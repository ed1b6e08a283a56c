/**
 * `cchc agencies import [--dry-run] <file>`: loads a province's agency tree from a YAML or CSV file (format in
 * docs/cli.md, example in docs/agencies.example.yaml) into the database (DATABASE_URL, else the embedded one in
 * CCHC_DATA_DIR or ./data). The whole file is checked, also against the stored agencies: on any problem every one is
 * printed in one run, with its line and entry, and nothing is written (exit 2). Otherwise the agencies are added or updated in one transaction, each with its
 * audit row, and a summary is printed; a second run of the same file changes nothing.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../server/context.js';
import { DataDirLockedError } from '../server/db/data-dir-lock.js';
import { databaseOptionsFromEnv, openDatabase, type DatabaseOptions } from '../server/db/open-database.js';
import { formatAgencyProblem, formatOf, parseAgencyFile, type AgencyProblem } from '../server/services/agency-file.js';
import { checkAgainstStored, firstOfEachId, loadAgencies, mergeProblems, type AgencyLoadSummary } from '../server/services/agency-load.service.js';
import type { CliIo } from './io.js';

const USAGE = 'Cách dùng: cchc agencies import [--dry-run] <tệp .yaml hoặc .csv> (usage)';
const MAX_BYTES = 20 * 1024 * 1024;
const LISTED = 30;

const where = (options: DatabaseOptions) => (options.engine === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite (${options.dataDir ?? 'bộ nhớ'})`);

function refuse(io: CliIo, file: string, problems: AgencyProblem[]): number {
  for (const p of problems) io.err(formatAgencyProblem(file, p));
  io.err(
    `cchc agencies import: ${problems.length} lỗi trong ${file}; chưa ghi gì vào cơ sở dữ liệu. (${problems.length} problem(s), nothing written)`,
  );
  return 2;
}

function printSummary(io: CliIo, file: string, options: DatabaseOptions, s: AgencyLoadSummary): void {
  const total = s.added.length + s.updated.length + s.unchanged.length;
  const counts = `thêm ${s.added.length}, cập nhật ${s.updated.length}, không đổi ${s.unchanged.length}`;
  io.out(
    s.dryRun
      ? `Đã kiểm tra ${file} với ${where(options)}, không ghi gì: ${total} cơ quan — sẽ ${counts}.`
      : `Đã nạp ${file} vào ${where(options)}: ${total} cơ quan — ${counts}.`,
  );
  const more = (n: number) => (n > LISTED ? ` … và ${n - LISTED} cơ quan khác` : '');
  if (s.added.length > 0) io.out(`  Thêm: ${s.added.slice(0, LISTED).join(', ')}${more(s.added.length)}`);
  for (const u of s.updated.slice(0, LISTED)) io.out(`  Cập nhật ${u.id}: ${u.fields.join(', ')}`);
  if (s.updated.length > LISTED) io.out(`  …${more(s.updated.length)}`);
}

export async function runAgencies(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [sub, ...rest] = args;
  const flags = rest.filter((a) => a.startsWith('--'));
  const files = rest.filter((a) => !a.startsWith('--'));
  const unknown = flags.filter((f) => f !== '--dry-run');
  if (sub !== 'import' || unknown.length > 0 || files.length !== 1) {
    if (unknown.length > 0) io.err(`cchc agencies: tùy chọn không hợp lệ ${unknown.join(' ')} (unknown option)`);
    io.err(USAGE);
    return 2;
  }
  const file = files[0]!;
  const format = formatOf(file);
  if (!format) {
    io.err(`cchc agencies import: ${file}: chỉ đọc tệp .yaml, .yml hoặc .csv (unsupported file type)`);
    return 2;
  }
  let text: string;
  try {
    if (statSync(file).size > MAX_BYTES) {
      io.err(`cchc agencies import: ${file}: tệp quá lớn (tối đa 20 MB) (file too large)`);
      return 2;
    }
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
  } catch (error) {
    const detail = error instanceof TypeError ? 'not UTF-8' : error instanceof Error ? error.message : String(error);
    const vi = error instanceof TypeError ? 'tệp không phải văn bản UTF-8' : 'không đọc được tệp';
    io.err(`cchc agencies import: ${file}: ${vi} (${detail})`);
    return 2;
  }
  const parsed = parseAgencyFile(text, format);
  const options = databaseOptionsFromEnv(env);
  // every problem in one run: a file with problems of its own is still checked against the stored agencies (a parent
  // that does not exist, a role already held). With no embedded database yet, nothing is stored: it is not created.
  if (!parsed.ok && options.engine === 'pglite' && !(options.dataDir && existsSync(join(options.dataDir, 'pgdata')))) {
    return refuse(io, file, mergeProblems(parsed.problems, checkAgainstStored(firstOfEachId(parsed.agencies), [], parsed.ids)));
  }
  try {
    const database = await openDatabase(options);
    try {
      const result = await loadAgencies({ db: database.db, clock: systemClock }, parsed.agencies, {
        actor: 'cli',
        dryRun: flags.includes('--dry-run'),
        file: parsed.ok ? undefined : { problems: parsed.problems, ids: parsed.ids },
      });
      if (!result.ok) return refuse(io, file, result.problems);
      printSummary(io, file, options, result.summary);
      return 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    // the file's own problems are worth knowing even when the database cannot be reached to check the rest
    if (!parsed.ok) for (const p of parsed.problems) io.err(formatAgencyProblem(file, p));
    if (error instanceof DataDirLockedError) {
      io.err(`cchc agencies import: ${error.message}`);
      io.err('Cơ sở dữ liệu nhúng chỉ mở được bởi một tiến trình: hãy dừng máy chủ (cchc serve) trước khi nạp danh sách cơ quan.');
    } else io.err(`cchc agencies import: không ghi được vào cơ sở dữ liệu (${error instanceof Error ? error.message : String(error)})`);
    return 1;
  }
}
