/**
 * The database's tables as Kysely sees them. The migrations in ./migrations/ create exactly these.
 * Everything that is state lives here, sessions included, so several server processes can share one PostgreSQL.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in when an insert leaves it out. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;

export type AgencyKind = 'province' | 'department' | 'board' | 'public-unit' | 'district-committee' | 'commune-committee';
export type Role = 'reporter' | 'approver' | 'consolidator' | 'admin' | 'viewer';
export type ReportStatus = 'not-started' | 'draft' | 'submitted' | 'returned' | 'accepted';

export interface AgencyTable {
  id: string;
  parent_id: string | null;
  kind: AgencyKind;
  name: string;
  short_name: string | null;
  province: string | null;
  /** Roles the agency holds for consolidation ("so-noi-vu"…). */
  roles: ColumnType<string[], string[] | undefined, string[]>;
  valid_from: DateOnly;
  valid_to: DateOnly | null;
  successor_id: string | null;
  created_at: DefaultedTimestamp;
}

export interface AccountTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  /** Agencies the account acts for (its own agency; a consolidator's province). */
  agency_ids: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  created_at: DefaultedTimestamp;
  password_changed_at: DefaultedTimestamp;
  /** For reminders by e-mail, when SMTP is configured. */
  email: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface SessionTable {
  /** sha-256 of the session token; the token itself is only in the cookie. */
  id: string;
  account_id: string;
  csrf_token: string;
  created_at: DefaultedTimestamp;
  expires_at: Timestamp;
  last_seen_at: DefaultedTimestamp;
}

export interface TemplateVersionTable {
  id: string;
  family: string;
  name: string;
  effective_from: DateOnly;
  effective_to: DateOnly | null;
  /** The checked template (core Template) as loaded from its data file. */
  definition: JSONColumnType<Record<string, unknown>>;
  created_at: DefaultedTimestamp;
}

export interface RoundTable {
  id: string;
  template_id: string;
  period_year: number;
  period_kind: string;
  cutoff_from: DateOnly;
  cutoff_to: DateOnly;
  deadline: DateOnly;
  status: 'open' | 'closed';
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

export interface RoundAgencyTable {
  round_id: string;
  agency_id: string;
}

export interface ReportTable {
  id: string;
  agency_id: string;
  round_id: string | null;
  template_id: string;
  period_year: number;
  period_kind: string;
  status: ReportStatus;
  /** Incremented by every write; a write carries the version it read (optimistic concurrency: stale → 409). */
  version: Generated<number>;
  signer: string | null;
  source: 'entry' | 'import';
  submitted_at: Timestamp | null;
  accepted_at: Timestamp | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
}

export interface ReportValueTable {
  report_id: string;
  row_id: string;
  raw: string;
  /** numeric: exact as written; read back as a number. */
  value: ColumnType<string | null, number | string | null, number | string | null>;
  status: 'reported' | 'not-reported' | 'text';
  note: string | null;
  decimals: number | null;
  provenance: JSONColumnType<Record<string, unknown>> | null;
  updated_by: string | null;
  updated_at: DefaultedTimestamp;
}

export interface NarrativeSectionTable {
  report_id: string;
  position: number;
  heading: string;
  level: number;
  body: string;
}

export interface CommentTable {
  id: string;
  report_id: string;
  row_id: string | null;
  author_id: string | null;
  kind: 'return-reason' | 'comment' | 'explanation';
  body: string;
  created_at: DefaultedTimestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: DefaultedTimestamp;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before: JSONColumnType<Record<string, unknown>> | null;
  after: JSONColumnType<Record<string, unknown>> | null;
}

export interface RateLimitTable {
  key: string;
  window_start: Timestamp;
  count: number;
}

export interface ReportSubmissionTable {
  report_id: string;
  number: number;
  submitted_at: Timestamp;
  submitted_by: string | null;
  cells: JSONColumnType<unknown[]>;
  narrative: JSONColumnType<unknown[]>;
  explanations: JSONColumnType<{ rule: string; text: string }[]>;
  /** The signature form (core/workflow/signature-form.ts); null before migration 0008. */
  signature: JSONColumnType<SubmissionSignatureColumn | null, string | null | undefined, string | null>;
}

export interface SubmissionSignatureColumn {
  signingFor: 'own' | 'KT' | 'TM' | 'TL';
  headTitle: string | null;
  signerTitle: string;
  signer: string | null;
}

export interface NoticeTable {
  id: string;
  agency_id: string;
  round_id: string | null;
  kind: 'reminder';
  body: string;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

/** Consolidation aggregates (migration 0006): kept up to date by triggers, read by the consolidation repository. */
interface BucketKey {
  round_id: string;
  status: string;
  agency_kind: string;
}
export interface ConsolidationBucketTable extends BucketKey {
  reports: number;
}
export interface ConsolidationCellTable extends BucketKey {
  row_id: string;
  reported: number;
  total: string;
  min_value: string | null;
  max_value: string | null;
}
export interface ConsolidationCodeTable extends BucketKey {
  row_id: string;
  code: string;
  agencies: number;
}
export interface ConsolidationRatioTable extends BucketKey {
  percent_row: string;
  numerator: string;
  denominator: string;
  agencies: number;
}

/** The province's report of a round (migration 0007): sections as JSON, versioned, with its own workflow. */
export interface ProvinceReportTable {
  id: string;
  round_id: string;
  status: 'draft' | 'ready' | 'issued';
  version: Generated<number>;
  /** The core's StoredSection[]. */
  sections: JSONColumnType<unknown[]>;
  /** Canonical indicator ids the ranking annex ranks (empty: the phrasing data's defaults). */
  ranking_indicators: ColumnType<string[], string | undefined, string>;
  number: string | null;
  issued_on: ColumnType<string | null, string | null | undefined, string | null>;
  issued_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  issued_by: string | null;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

/** A province's settings for its report (migration 0007), keyed by the province's agency id. */
export interface ProvinceReportSettingsTable {
  province_id: string;
  settings: JSONColumnType<Record<string, unknown>>;
  version: Generated<number>;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

export interface Database {
  province_reports: ProvinceReportTable;
  province_report_settings: ProvinceReportSettingsTable;
  consolidation_buckets: ConsolidationBucketTable;
  consolidation_cells: ConsolidationCellTable;
  consolidation_codes: ConsolidationCodeTable;
  consolidation_ratios: ConsolidationRatioTable;
  notices: NoticeTable;
  rate_limits: RateLimitTable;
  report_submissions: ReportSubmissionTable;
  agencies: AgencyTable;
  accounts: AccountTable;
  sessions: SessionTable;
  template_versions: TemplateVersionTable;
  rounds: RoundTable;
  round_agencies: RoundAgencyTable;
  reports: ReportTable;
  report_values: ReportValueTable;
  narrative_sections: NarrativeSectionTable;
  comments: CommentTable;
  audit_log: AuditLogTable;
}
