/**
 * Each report's findings kept beside it (migration 0009): stored when computed, marked current until the report's
 * values change; counted by rule and row and paged across the reports a consolidation counts.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Finding } from '../../core/checks/finding.js';
import type { Database } from '../db/schema.js';
import type { ConsolidationScope } from './consolidation.repository.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Which counted reports to look at: all of the scope, or only those of some agencies (an actor who sees part of the round). */
export interface FindingsScope extends ConsolidationScope {
  agencyIds: readonly string[] | null;
}

const agencyFilter = (scope: FindingsScope) =>
  scope.agencyIds === null ? sql`` : sql`and r.agency_id = any(${sql.val([...scope.agencyIds])}::text[])`;
const kindFilter = (scope: FindingsScope) => (scope.kind === null ? sql`` : sql`and a.kind = ${scope.kind}`);
const keptKindFilter = (scope: FindingsScope) => (scope.kind === null ? sql`` : sql`and agency_kind = ${scope.kind}`);
const statusFilter = (scope: FindingsScope) => sql`r.status = any(${sql.val([...scope.statuses])}::text[])`;

/** Up to `limit` counted reports whose findings are not current (never computed, or values written since). */
export async function staleCountedReports(db: Db, scope: FindingsScope, limit: number): Promise<{ reportId: string; templateId: string }[]> {
  if (scope.statuses.length === 0) return [];
  const result = await sql<{ report_id: string; template_id: string }>`
    select r.id as report_id, r.template_id
    from reports r join agencies a on a.id = r.agency_id
    left join report_findings_state s on s.report_id = r.id
    where r.round_id = ${scope.roundId} and ${statusFilter(scope)} ${kindFilter(scope)} ${agencyFilter(scope)} and s.report_id is null
    order by r.id
    limit ${limit}`.execute(db);
  return result.rows.map((r) => ({ reportId: r.report_id, templateId: r.template_id }));
}

/** Locks reports against writes until the transaction ends (a write meanwhile would be marked current wrongly). */
export async function lockReportsForShare(db: Transaction<Database>, reportIds: readonly string[]): Promise<void> {
  if (reportIds.length === 0) return;
  await sql`select id from reports where id = any(${sql.val([...reportIds])}::text[]) for share`.execute(db);
}

/** Replaces the stored findings of some reports and marks them current (one statement each for all of them). */
export async function storeFindings(db: Db, byReport: ReadonlyMap<string, readonly Finding[]>, now: Date): Promise<void> {
  if (byReport.size === 0) return;
  const ids = [...byReport.keys()];
  await sql`delete from report_findings where report_id = any(${sql.val(ids)}::text[])`.execute(db);
  const rows: { report: string[]; seq: number[]; rule: string[]; kind: string[]; severity: string[]; row: (string | null)[]; message: string[] } = {
    report: [],
    seq: [],
    rule: [],
    kind: [],
    severity: [],
    row: [],
    message: [],
  };
  for (const [reportId, findings] of byReport) {
    findings.forEach((f, i) => {
      rows.report.push(reportId);
      rows.seq.push(i);
      rows.rule.push(f.rule);
      rows.kind.push(f.kind);
      rows.severity.push(f.severity);
      rows.row.push(f.rows[0] ?? null);
      rows.message.push(f.message);
    });
  }
  // chunks keep each statement's arrays small
  const CHUNK = 20_000;
  for (let start = 0; start < rows.report.length; start += CHUNK) {
    const s = (xs: unknown[]) => xs.slice(start, start + CHUNK);
    await sql`insert into report_findings (report_id, seq, rule, kind, severity, row_id, message)
      select * from unnest(${sql.val(s(rows.report))}::text[], ${sql.val(s(rows.seq))}::int[], ${sql.val(s(rows.rule))}::text[], ${sql.val(s(rows.kind))}::text[],
                           ${sql.val(s(rows.severity))}::text[], ${sql.val(s(rows.row))}::text[], ${sql.val(s(rows.message))}::text[])`.execute(db);
  }
  await sql`insert into report_findings_state (report_id, findings, checked_at)
    select * from unnest(${sql.val(ids)}::text[], ${sql.val(ids.map((id) => byReport.get(id)!.length))}::int[], ${sql.val(ids.map(() => now.toISOString()))}::timestamptz[])
    on conflict (report_id) do update set findings = excluded.findings, checked_at = excluded.checked_at`.execute(db);
}

export interface FindingCount {
  rule: string;
  kind: string;
  severity: string;
  rowId: string | null;
  /** Agencies with this finding. */
  agencies: number;
  /** Findings (an agency may have a rule's finding once per row). */
  findings: number;
}

/**
 * The counted reports' findings counted by rule and row (errors first, then the most frequent). For a whole round
 * (or one kind of agency) the counts the database keeps per bucket (migration 0010): a few hundred rows whatever the
 * number of agencies; for some agencies of it, counted from their kept findings.
 */
export async function countFindings(db: Db, scope: FindingsScope): Promise<FindingCount[]> {
  if (scope.statuses.length === 0) return [];
  type Row = { rule: string; kind: string; severity: string; row_id: string | null; agencies: string | number; findings: string | number };
  const result =
    scope.agencyIds === null
      ? await sql<Row>`
    with kept as (
      select rule, row_key, min(kind) as kind, min(severity) as severity, sum(findings) as findings
      from consolidation_findings
      where round_id = ${scope.roundId} and status = any(${sql.val([...scope.statuses])}::text[]) ${keptKindFilter(scope)} and findings <> 0
      group by rule, row_key
      having sum(findings) > 0),
    agencies as (
      select rule, row_key, sum(agencies) as agencies
      from consolidation_finding_agencies
      where round_id = ${scope.roundId} and status = any(${sql.val([...scope.statuses])}::text[]) ${keptKindFilter(scope)}
      group by rule, row_key)
    select k.rule, k.kind, k.severity, nullif(k.row_key, '') as row_id, coalesce(g.agencies, 0) as agencies, k.findings
    from kept k left join agencies g on g.rule = k.rule and g.row_key = k.row_key
    order by k.severity, k.findings desc, k.rule, nullif(k.row_key, '')`.execute(db)
      : await sql<Row>`
    select f.rule, min(f.kind) as kind, min(f.severity) as severity, f.row_id, count(distinct r.id) as agencies, count(*) as findings
    from reports r join agencies a on a.id = r.agency_id join report_findings f on f.report_id = r.id
    where r.round_id = ${scope.roundId} and ${statusFilter(scope)} ${kindFilter(scope)} ${agencyFilter(scope)}
    group by f.rule, f.row_id
    order by min(f.severity), count(*) desc, f.rule, f.row_id`.execute(db);
  return result.rows.map((r) => ({
    rule: r.rule,
    kind: r.kind,
    severity: r.severity,
    rowId: r.row_id,
    agencies: Number(r.agencies),
    findings: Number(r.findings),
  }));
}

export interface FindingsPageQuery {
  rule?: string | undefined;
  rowId?: string | undefined;
  agencyId?: string | undefined;
  limit: number;
  offset: number;
}

/** One page of the counted reports' findings, by agency, rule and row; with the total of the same filter. */
export async function pageFindings(db: Db, scope: FindingsScope, page: FindingsPageQuery) {
  if (scope.statuses.length === 0) return { total: 0, items: [] };
  const where = sql`r.round_id = ${scope.roundId} and ${statusFilter(scope)} ${kindFilter(scope)} ${agencyFilter(scope)}
    ${page.rule !== undefined ? sql`and f.rule = ${page.rule}` : sql``}
    ${page.rowId !== undefined ? sql`and f.row_id = ${page.rowId}` : sql``}
    ${page.agencyId !== undefined ? sql`and r.agency_id = ${page.agencyId}` : sql``}`;
  // the total of a whole round (or one kind), of everything or of one rule or row, from the kept counts (migration 0010)
  const kept = scope.agencyIds === null && page.agencyId === undefined && page.rowId !== '';
  const [total, items] = await Promise.all([
    kept
      ? sql<{ n: string | number | null }>`select sum(findings) as n from consolidation_findings
          where round_id = ${scope.roundId} and status = any(${sql.val([...scope.statuses])}::text[]) ${keptKindFilter(scope)}
          ${page.rule !== undefined ? sql`and rule = ${page.rule}` : sql``} ${page.rowId !== undefined ? sql`and row_key = ${page.rowId}` : sql``}`.execute(
          db,
        )
      : sql<{
          n: string | number | null;
        }>`select count(*) as n from reports r join agencies a on a.id = r.agency_id join report_findings f on f.report_id = r.id where ${where}`.execute(
          db,
        ),
    sql<{ agency_id: string; name: string; report_id: string; rule: string; kind: string; severity: string; row_id: string | null; message: string }>`
      select r.agency_id, a.name, r.id as report_id, f.rule, f.kind, f.severity, f.row_id, f.message
      from reports r join agencies a on a.id = r.agency_id join report_findings f on f.report_id = r.id
      where ${where}
      order by r.agency_id, f.rule, f.row_id, f.seq
      limit ${page.limit} offset ${page.offset}`.execute(db),
  ]);
  return {
    total: Number(total.rows[0]?.n ?? 0),
    items: items.rows.map((r) => ({
      agencyId: r.agency_id,
      agencyName: r.name,
      reportId: r.report_id,
      rule: r.rule,
      kind: r.kind,
      severity: r.severity,
      rowId: r.row_id,
      message: r.message,
    })),
  };
}
