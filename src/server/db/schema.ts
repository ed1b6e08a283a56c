/**
 * The database's tables as Kysely sees them. The migrations in ./migrations/ create exactly these.
 * Everything that is state lives here, sessions included, so several server processes can share one PostgreSQL.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { ReportStatus } from '../../core/workflow/report-workflow.js';
import type { Role } from '../../core/workflow/roles.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in when an insert leaves it out. */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type DateOnly = ColumnType<string, string, string>;

export type AgencyKind = 'province' | 'department' | 'board' | 'public-unit' | 'district-committee' | 'commune-committee';
export type { Role, ReportStatus };

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
  /** Sent by the reporting officer to her agency's leader for approval (migration 0011); cleared on return and reopen. */
  sent_to_leader_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  sent_to_leader_by: ColumnType<string | null, string | null | undefined, string | null>;
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
  kind: 'reminder' | 'approval-request';
  body: string;
  created_by: string | null;
  created_at: DefaultedTimestamp;
  /** The report an approval request names (migration 0011). */
  report_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The role of the agency the notice is for; null: everyone of the agency (migration 0011). */
  to_role: ColumnType<string | null, string | null | undefined, string | null>;
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

/** The annual CCHC plan of a province (migration 0013): one per province and year, versioned. */
export interface PlanTable {
  id: string;
  province_id: string;
  year: number;
  title: string;
  decision: string | null;
  version: Generated<number>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

/** A task of a plan (migration 0013): the province's (owner null) or an agency's own; its progress; versioned. */
export interface PlanTaskTable {
  id: string;
  plan_id: string;
  position: number;
  owner_agency_id: string | null;
  area: 'direction' | 'institutions' | 'procedures' | 'organisation' | 'civil-service' | 'finance' | 'egov';
  title: string;
  responsible_agency_id: string;
  deadline: DateOnly;
  expected_output: string | null;
  status: Generated<'not-started' | 'in-progress' | 'done'>;
  done_on: ColumnType<string | null, string | null | undefined, string | null>;
  progress_note: string | null;
  evidence_report_id: string | null;
  version: Generated<number>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

/** A file attached to a plan task as evidence (migration 0013), its bytes as base64 text. */
export interface PlanTaskFileTable {
  id: string;
  task_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  content_base64: string;
  uploaded_by: string | null;
  uploaded_at: DefaultedTimestamp;
}

/** A batch of uploaded legacy reports being read and reviewed (migration 0014). */
export interface ImportBatchTable {
  id: string;
  created_by: string | null;
  /** The agencies at the top of the uploader's scope: whoever may import history for all of them sees the batch. */
  scope_agency_ids: JSONColumnType<string[]>;
  status: 'reading' | 'ready';
  total: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ImportDocumentState = 'queued' | 'reading' | 'sure' | 'held' | 'saving' | 'saved' | 'discarded' | 'failed';

/** A document of an import batch (migration 0014): its preview, where it goes, and what became of it. */
export interface ImportBatchDocumentTable {
  id: string;
  batch_id: string;
  seq: number;
  source: string;
  size: ColumnType<string | number, number, number>;
  sha256: string | null;
  state: ImportDocumentState;
  reason: string | null;
  message: string | null;
  agency_id: string | null;
  named_agency_id: string | null;
  period_year: number | null;
  period_kind: string | null;
  template_id: string | null;
  preview: JSONColumnType<Record<string, unknown>> | null;
  report_id: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  updated_at: Timestamp;
}

/** The CCHC index (migration 0012): criteria sets as loaded from index-criteria/, the core's CriteriaSet as JSON. */
export interface IndexCriteriaSetTable {
  id: string;
  year: number;
  agency_group: 'departments' | 'communes';
  name: string;
  definition: JSONColumnType<Record<string, unknown>>;
  created_at: DefaultedTimestamp;
}

/** An agency's assessment against a criteria set (migration 0012), versioned like a report. */
export interface IndexAssessmentTable {
  id: string;
  set_id: string;
  agency_id: string;
  status: 'draft' | 'submitted' | 'returned' | 'finalised';
  version: Generated<number>;
  return_reason: string | null;
  submitted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finalised_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

/** One criterion's scores in an assessment (migration 0012); numeric read back as strings. */
export interface IndexScoreTable {
  assessment_id: string;
  code: string;
  self_score: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  self_note: string | null;
  appraised_score: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  appraisal_reason: string | null;
  computed_score: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  updated_at: DefaultedTimestamp;
  updated_by: string | null;
}

/** A piece of evidence for a criterion (migration 0012): a file (base64 text), a linked report, or a link. */
export interface IndexEvidenceTable {
  id: string;
  assessment_id: string;
  code: string;
  kind: 'file' | 'report' | 'link';
  title: string;
  file_name: string | null;
  content_type: string | null;
  size: number | null;
  sha256: string | null;
  content_base64: string | null;
  report_id: string | null;
  url: string | null;
  created_by: string | null;
  created_at: DefaultedTimestamp;
}

/** A group's results published in a province (migration 0012). */
export interface IndexPublicationTable {
  set_id: string;
  province_id: string;
  decision: string | null;
  published_at: Timestamp;
  published_by: string | null;
}

export interface Database {
  index_criteria_sets: IndexCriteriaSetTable;
  index_assessments: IndexAssessmentTable;
  index_scores: IndexScoreTable;
  index_evidence: IndexEvidenceTable;
  index_publications: IndexPublicationTable;
  import_batches: ImportBatchTable;
  import_batch_documents: ImportBatchDocumentTable;
  plans: PlanTable;
  plan_tasks: PlanTaskTable;
  plan_task_files: PlanTaskFileTable;
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
