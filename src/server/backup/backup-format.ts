/**
 * The backup file: a portable, engine-independent logical backup. One gzip-compressed JSON Lines file:
 *
 *   line 1      {"format":"cchc-backup","version":1,"createdAt":…,"engine":…,"migrations":[…],"tables":[{"name","rows"}…]}
 *   lines 2…    {"table":"agencies","row":{…}} — one line per row, the tables in dependency order (parents first)
 *
 * Values are written so that they come back exactly on either engine: numeric as the decimal string PostgreSQL
 * prints (never a float), timestamps as ISO strings to the microsecond in UTC, dates as yyyy-mm-dd, jsonb as JSON,
 * text[] as arrays, audit ids as numbers. Sessions and login rate-limit counters are not backed up.
 */

export const BACKUP_FORMAT = 'cchc-backup';
export const BACKUP_VERSION = 1;

/** Tables in the order a restore inserts them: every row's references are inserted before it. */
export const BACKED_UP_TABLES = [
  'agencies',
  'accounts',
  'template_versions',
  'rounds',
  'round_agencies',
  'reports',
  'report_values',
  'narrative_sections',
  'comments',
  'report_submissions',
  'notices',
  'province_report_settings',
  'province_reports',
  'index_criteria_sets',
  'index_assessments',
  'index_scores',
  'index_evidence',
  'index_publications',
  'plans',
  'plan_tasks',
  'plan_task_files',
  'audit_log',
] as const;

export type BackedUpTable = (typeof BACKED_UP_TABLES)[number];

/** Tables deliberately left out: sign-in state (everyone signs in again after a restore) and the migrator's own. */
export const NOT_BACKED_UP = [
  'sessions',
  'rate_limits',
  'kysely_migration',
  'kysely_migration_lock',
  // derived from the reports and template versions by triggers, and rebuilt as they are restored
  'consolidation_coded_rows',
  'consolidation_ratio_rules',
  'consolidation_buckets',
  'consolidation_cells',
  'consolidation_codes',
  'consolidation_report_ratios',
  'consolidation_ratios',
  // each report's findings, computed again from its values after a restore (migration 0009)
  'report_findings',
  'report_findings_state',
  // the consolidation's percent-only and findings counts, kept by triggers like 0006's (migration 0010)
  'consolidation_report_percent_only',
  'consolidation_percent_only',
  'consolidation_findings',
  'consolidation_finding_agencies',
  // the review queue of an archive being imported: working state, uploaded again after a restore (migration 0014)
  'import_batches',
  'import_batch_documents',
] as const;

/** Tables whose rows alone do not make a database "in use": the template versions every start stores. */
export const IGNORED_FOR_EMPTINESS: readonly string[] = ['template_versions'];

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** ISO timestamp of the backup. */
  createdAt: string;
  /** The engine the backup was taken from (informational: a backup restores into either). */
  engine: string;
  /** Names of the migrations applied to the database backed up, in order. */
  migrations: string[];
  /** The tables in the file, in order, with their row counts. */
  tables: { name: string; rows: number }[];
}

export type BackupRow = Record<string, unknown>;

export interface BackupLine {
  table: string;
  row: BackupRow;
}

export type BackupErrorCode = 'unreadable' | 'not-a-backup' | 'newer-version' | 'corrupt' | 'not-empty' | 'unknown-table' | 'write-failed';

/** A backup or restore that cannot go on: a Vietnamese message for the user, an English one for logs. */
export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    readonly messageVi: string,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the first line of a file; throws a BackupError saying why it is not a backup this version can restore. */
export function parseHeader(line: string | undefined, knownMigrations: readonly string[]): BackupHeader {
  const notBackup = (why: string) =>
    new BackupError('not-a-backup', 'Tệp này không phải là bản sao lưu CCHC (tệp được tạo bởi lệnh "cchc backup").', `not a cchc backup: ${why}`);
  if (line === undefined || line.trim() === '') throw notBackup('empty file');
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw notBackup('the first line is not JSON');
  }
  if (!isObject(value) || value['format'] !== BACKUP_FORMAT) throw notBackup('no "format": "cchc-backup" header');
  const version = value['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw notBackup('bad format version');
  if (version > BACKUP_VERSION) {
    throw new BackupError(
      'newer-version',
      `Bản sao lưu có định dạng phiên bản ${version}, mới hơn phiên bản CCHC này đọc được (${BACKUP_VERSION}). Hãy nâng cấp CCHC rồi khôi phục lại.`,
      `backup format version ${version} is newer than ${BACKUP_VERSION}`,
    );
  }
  const migrations = value['migrations'];
  const tables = value['tables'];
  if (!Array.isArray(migrations) || !migrations.every((m) => typeof m === 'string')) throw notBackup('no migration list');
  if (
    !Array.isArray(tables) ||
    !tables.every((t) => isObject(t) && typeof t['name'] === 'string' && Number.isSafeInteger(t['rows']) && (t['rows'] as number) >= 0)
  ) {
    throw notBackup('no table list');
  }
  const unknown = (migrations as string[]).filter((m) => !knownMigrations.includes(m));
  if (unknown.length > 0) {
    throw new BackupError(
      'newer-version',
      `Bản sao lưu được tạo bởi phiên bản CCHC mới hơn (có bước chuyển đổi dữ liệu ${unknown.join(', ')} mà phiên bản này chưa có). Hãy nâng cấp CCHC rồi khôi phục lại.`,
      `backup from a newer schema: unknown migrations ${unknown.join(', ')}`,
    );
  }
  const names = (tables as { name: string }[]).map((t) => t.name);
  if (new Set(names).size !== names.length) throw notBackup('a table listed twice');
  return {
    format: BACKUP_FORMAT,
    version,
    createdAt: typeof value['createdAt'] === 'string' ? value['createdAt'] : '',
    engine: typeof value['engine'] === 'string' ? value['engine'] : 'unknown',
    migrations: migrations as string[],
    tables: (tables as { name: string; rows: number }[]).map((t) => ({ name: t.name, rows: t.rows })),
  };
}

export const corrupt = (detailVi: string, message: string) =>
  new BackupError('corrupt', `Tệp sao lưu bị hỏng hoặc không đầy đủ: ${detailVi}. Không có dữ liệu nào bị thay đổi.`, `corrupt backup: ${message}`);

/** One row line; throws a "corrupt" BackupError when it is not one. */
export function parseRowLine(line: string, lineNumber: number): BackupLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw corrupt(`dòng ${lineNumber} không phải JSON`, `line ${lineNumber} is not JSON`);
  }
  if (!isObject(value) || typeof value['table'] !== 'string' || !isObject(value['row'])) {
    throw corrupt(`dòng ${lineNumber} không phải một dòng dữ liệu`, `line ${lineNumber} is not {table, row}`);
  }
  return { table: value['table'], row: value['row'] };
}
