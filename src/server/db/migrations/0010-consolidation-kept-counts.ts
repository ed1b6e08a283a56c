/**
 * Two more consolidation counts kept by the database as reports change (after migration 0006's aggregates and 0009's
 * kept findings), so that the consolidation page's requests read a few hundred rows whatever the number of agencies:
 *
 *   - percentages written without their parts: per bucket (round, status, agency kind, as in 0006) and percent row
 *     with a ratio rule, the counted reports that state the percentage (reported) without both its numerator and
 *     denominator ("2 đơn vị chỉ ghi tỷ lệ"); which rows of a report are counted is kept per report, so what a report
 *     gave is taken out exactly when it leaves or its values change;
 *   - the kept findings (report_findings, migration 0009) of the counted reports, per bucket and (rule, row): the
 *     findings per kind and severity, and the agencies (reports) with at least one.
 *
 * They follow the same events as 0006's aggregates, through its functions: `cchc_add_ratios` (a report entering or
 * leaving a bucket, and values written into a counted report) now also keeps the percent-only rows, and
 * `cchc_apply_report` (a report entering or leaving a bucket: status, round, agency, template, agency kind, deletion)
 * also moves the report's findings. Findings written or removed for a counted report (stored at submit, checked again
 * after a write) are applied as a difference by statement triggers on report_findings. Changes are serialised per
 * round with 0006's advisory lock. Derived tables: not backed up, rebuilt by `cchc_consolidation_rebuild()`.
 * A finding without a row is kept under the row key '' (no template row has an empty id).
 */
import { sql, type Kysely } from 'kysely';

const TABLES = [
  sql`create table consolidation_report_percent_only (
    report_id text not null, percent_row text not null,
    primary key (report_id, percent_row))`,
  sql`create table consolidation_percent_only (
    round_id text not null, status text not null, agency_kind text not null, percent_row text not null,
    agencies integer not null,
    primary key (round_id, status, agency_kind, percent_row))`,
  sql`create table consolidation_findings (
    round_id text not null, status text not null, agency_kind text not null, rule text not null, row_key text not null,
    kind text not null, severity text not null,
    findings integer not null,
    primary key (round_id, status, agency_kind, rule, row_key, kind, severity))`,
  sql`create table consolidation_finding_agencies (
    round_id text not null, status text not null, agency_kind text not null, rule text not null, row_key text not null,
    agencies integer not null,
    primary key (round_id, status, agency_kind, rule, row_key))`,
];

/** Which rows of a report state a percentage without both its parts (reported, with a value, as the core reads them). */
const PERCENT_ONLY_OF_REPORT = `
  select rr.percent_row
  from consolidation_ratio_rules rr
  where rr.template_id = p_template
    and exists (select 1 from report_values v where v.report_id = p_report and v.row_id = rr.percent_row and v.status = 'reported' and v.value is not null)
    and not (exists (select 1 from report_values v where v.report_id = p_report and v.row_id = rr.numerator_row and v.status = 'reported' and v.value is not null)
         and exists (select 1 from report_values v where v.report_id = p_report and v.row_id = rr.denominator_row and v.status = 'reported' and v.value is not null))`;

const FUNCTIONS = [
  // a report's percent-only rows: remove what it gave (stored), or compute and add what it gives now
  `create function cchc_add_percent_only(p_report text, p_round text, p_status text, p_kind text, p_template text, p_sign integer)
  returns void language plpgsql as $$
  begin
    if p_sign > 0 then
      insert into consolidation_report_percent_only (report_id, percent_row) ${PERCENT_ONLY_OF_REPORT.replace('select rr.percent_row', 'select p_report, rr.percent_row')}
        on conflict do nothing;
      insert into consolidation_percent_only as q (round_id, status, agency_kind, percent_row, agencies)
        select p_round, p_status, p_kind, percent_row, 1 from consolidation_report_percent_only where report_id = p_report
        on conflict (round_id, status, agency_kind, percent_row) do update set agencies = q.agencies + 1;
    else
      update consolidation_percent_only q set agencies = q.agencies - 1
        from consolidation_report_percent_only x
        where x.report_id = p_report and q.round_id = p_round and q.status = p_status and q.agency_kind = p_kind and q.percent_row = x.percent_row;
      delete from consolidation_report_percent_only where report_id = p_report;
    end if;
  end $$`,

  // a whole report's kept findings enter (1) or leave (-1) a bucket
  `create function cchc_add_report_findings(p_report text, p_round text, p_status text, p_kind text, p_sign integer)
  returns void language plpgsql as $$
  begin
    insert into consolidation_findings as c (round_id, status, agency_kind, rule, row_key, kind, severity, findings)
      select p_round, p_status, p_kind, f.rule, coalesce(f.row_id, ''), f.kind, f.severity, p_sign * count(*)
      from report_findings f where f.report_id = p_report
      group by f.rule, coalesce(f.row_id, ''), f.kind, f.severity
      on conflict (round_id, status, agency_kind, rule, row_key, kind, severity) do update set findings = c.findings + excluded.findings;
    insert into consolidation_finding_agencies as c (round_id, status, agency_kind, rule, row_key, agencies)
      select distinct p_round, p_status, p_kind, f.rule, coalesce(f.row_id, ''), p_sign
      from report_findings f where f.report_id = p_report
      on conflict (round_id, status, agency_kind, rule, row_key) do update set agencies = c.agencies + excluded.agencies;
  end $$`,

  // 0006's function, now also keeping the percent-only rows (called as a report enters or leaves, and as values change)
  `create or replace function cchc_add_ratios(p_report text, p_round text, p_status text, p_kind text, p_template text, p_sign integer)
  returns void language plpgsql as $$
  begin
    if p_sign > 0 then
      insert into consolidation_report_ratios (report_id, percent_row, numerator, denominator)
        select p_report, rr.percent_row, n.value, d.value
        from consolidation_ratio_rules rr
        join report_values d on d.report_id = p_report and d.row_id = rr.denominator_row and d.value is not null
        join report_values n on n.report_id = p_report and n.row_id = rr.numerator_row and n.value is not null
        where rr.template_id = p_template;
      insert into consolidation_ratios as q (round_id, status, agency_kind, percent_row, numerator, denominator, agencies)
        select p_round, p_status, p_kind, percent_row, numerator, denominator, 1 from consolidation_report_ratios where report_id = p_report
        on conflict (round_id, status, agency_kind, percent_row) do update set
          numerator = q.numerator + excluded.numerator, denominator = q.denominator + excluded.denominator, agencies = q.agencies + 1;
    else
      update consolidation_ratios q set numerator = q.numerator - x.numerator, denominator = q.denominator - x.denominator, agencies = q.agencies - 1
        from consolidation_report_ratios x
        where x.report_id = p_report and q.round_id = p_round and q.status = p_status and q.agency_kind = p_kind and q.percent_row = x.percent_row;
      delete from consolidation_report_ratios where report_id = p_report;
    end if;
    perform cchc_add_percent_only(p_report, p_round, p_status, p_kind, p_template, p_sign);
  end $$`,

  // 0006's function, now also moving the report's kept findings between buckets
  `create or replace function cchc_apply_report(p_report text, p_round text, p_status text, p_kind text, p_template text, p_sign integer, p_exclude text)
  returns void language plpgsql as $$
  declare ids text[]; vals numeric[];
  begin
    if p_round is null or p_status not in ('submitted', 'accepted') or p_kind is null then return; end if;
    perform pg_advisory_xact_lock(hashtext('cchc-consolidation:' || p_round));
    insert into consolidation_buckets as b (round_id, status, agency_kind, reports) values (p_round, p_status, p_kind, p_sign)
      on conflict (round_id, status, agency_kind) do update set reports = b.reports + excluded.reports;
    select array_agg(row_id), array_agg(value) into ids, vals from report_values where report_id = p_report and value is not null;
    perform cchc_add_cells(p_round, p_status, p_kind, p_template, ids, vals, p_sign, p_exclude);
    perform cchc_add_ratios(p_report, p_round, p_status, p_kind, p_template, p_sign);
    perform cchc_add_report_findings(p_report, p_round, p_status, p_kind, p_sign);
  end $$`,

  // 0006's rebuild, clearing the new counts too (cchc_apply_report adds them back)
  `create or replace function cchc_consolidation_rebuild() returns void language plpgsql as $$
  declare rep record;
  begin
    delete from consolidation_buckets; delete from consolidation_cells; delete from consolidation_codes;
    delete from consolidation_report_ratios; delete from consolidation_ratios;
    delete from consolidation_report_percent_only; delete from consolidation_percent_only;
    delete from consolidation_findings; delete from consolidation_finding_agencies;
    delete from consolidation_coded_rows; delete from consolidation_ratio_rules;
    perform cchc_template_rules(id) from template_versions;
    for rep in select r.id, r.round_id, r.status, a.kind, r.template_id from reports r join agencies a on a.id = r.agency_id
               where r.round_id is not null and r.status in ('submitted', 'accepted') order by r.id loop
      perform cchc_apply_report(rep.id, rep.round_id, rep.status, rep.kind, rep.template_id, 1, null);
    end loop;
  end $$`,
];

/**
 * Findings written or removed for counted reports (a statement of any size, e.g. a page of 250 reports checked at
 * once), applied as a difference in a few set-wise statements: per (rule, row, kind, severity) the findings added minus
 * those removed; per (rule, row) an agency gained when the report has such findings now and had none before the
 * statement, lost the other way.
 */
function findingsTrigger(event: 'insert' | 'update' | 'delete'): string {
  const none = 'select null::text as report_id, null::text as rule, null::text as row_key, null::text as kind, null::text as severity where false';
  const added = event === 'delete' ? none : `select report_id, rule, coalesce(row_id, '') as row_key, kind, severity from new_rows`;
  const removed = event === 'insert' ? none : `select report_id, rule, coalesce(row_id, '') as row_key, kind, severity from old_rows`;
  const changes = `changes as materialized (
        select report_id, rule, row_key, kind, severity, 1 as n from (${added}) x
        union all
        select report_id, rule, row_key, kind, severity, -1 as n from (${removed}) y),
      counted as materialized (
        select r.id, r.round_id, r.status, a.kind as agency_kind
        from reports r join agencies a on a.id = r.agency_id
        where r.id in (select report_id from changes) and r.round_id is not null and r.status in ('submitted', 'accepted'))`;
  return `create function cchc_findings_counted_${event}() returns trigger language plpgsql as $$
  begin
    -- serialised per round with the other kept aggregates (0006), in a stable order
    perform pg_advisory_xact_lock(hashtext('cchc-consolidation:' || x.round_id))
      from (select distinct r.round_id from reports r
            where r.id in (select report_id from (${added}) x union select report_id from (${removed}) y)
              and r.round_id is not null and r.status in ('submitted', 'accepted')
            order by r.round_id) x;
    with ${changes}
    insert into consolidation_findings as c (round_id, status, agency_kind, rule, row_key, kind, severity, findings)
      select k.round_id, k.status, k.agency_kind, d.rule, d.row_key, d.kind, d.severity, sum(d.n)
      from changes d join counted k on k.id = d.report_id
      group by k.round_id, k.status, k.agency_kind, d.rule, d.row_key, d.kind, d.severity
      having sum(d.n) <> 0
      on conflict (round_id, status, agency_kind, rule, row_key, kind, severity) do update set findings = c.findings + excluded.findings;
    with ${changes},
      per_report as (
        select d.report_id, d.rule, d.row_key, sum(d.n) as n from changes d where d.report_id in (select id from counted)
        group by d.report_id, d.rule, d.row_key),
      -- what those reports hold now (their findings read by report, all at once)
      now_ as (
        select f.report_id, f.rule, coalesce(f.row_id, '') as row_key, count(*) as cur
        from report_findings f where f.report_id in (select id from counted)
        group by f.report_id, f.rule, coalesce(f.row_id, '')),
      delta as (
        select k.round_id, k.status, k.agency_kind, p.rule, p.row_key,
               (case when coalesce(c.cur, 0) > 0 then 1 else 0 end) - (case when coalesce(c.cur, 0) - p.n > 0 then 1 else 0 end) as n
        from per_report p join counted k on k.id = p.report_id
        left join now_ c on c.report_id = p.report_id and c.rule = p.rule and c.row_key = p.row_key)
    insert into consolidation_finding_agencies as c (round_id, status, agency_kind, rule, row_key, agencies)
      select round_id, status, agency_kind, rule, row_key, sum(n) from delta
      group by round_id, status, agency_kind, rule, row_key
      having sum(n) <> 0
      on conflict (round_id, status, agency_kind, rule, row_key) do update set agencies = c.agencies + excluded.agencies;
    return null;
  end $$`;
}

const REFERENCING = {
  insert: 'new table as new_rows',
  update: 'old table as old_rows new table as new_rows',
  delete: 'old table as old_rows',
} as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of TABLES) await statement.execute(db);
  for (const statement of FUNCTIONS) await sql.raw(statement).execute(db);
  for (const event of ['insert', 'update', 'delete'] as const) {
    await sql.raw(findingsTrigger(event)).execute(db);
    await sql
      .raw(
        `create trigger consolidation_findings_${event} after ${event} on report_findings referencing ${REFERENCING[event]} for each statement execute function cchc_findings_counted_${event}()`,
      )
      .execute(db);
  }
  // what the counted reports hold now, in a few statements (not report by report: a national database has thousands)
  await sql`insert into consolidation_report_percent_only (report_id, percent_row)
    select r.id, rr.percent_row
    from reports r join consolidation_ratio_rules rr on rr.template_id = r.template_id
    where r.round_id is not null and r.status in ('submitted', 'accepted')
      and exists (select 1 from report_values v where v.report_id = r.id and v.row_id = rr.percent_row and v.status = 'reported' and v.value is not null)
      and not (exists (select 1 from report_values v where v.report_id = r.id and v.row_id = rr.numerator_row and v.status = 'reported' and v.value is not null)
           and exists (select 1 from report_values v where v.report_id = r.id and v.row_id = rr.denominator_row and v.status = 'reported' and v.value is not null))`.execute(
    db,
  );
  await sql`insert into consolidation_percent_only (round_id, status, agency_kind, percent_row, agencies)
    select r.round_id, r.status, a.kind, p.percent_row, count(*)
    from consolidation_report_percent_only p join reports r on r.id = p.report_id join agencies a on a.id = r.agency_id
    group by r.round_id, r.status, a.kind, p.percent_row`.execute(db);
  await sql`insert into consolidation_findings (round_id, status, agency_kind, rule, row_key, kind, severity, findings)
    select r.round_id, r.status, a.kind, f.rule, coalesce(f.row_id, ''), f.kind, f.severity, count(*)
    from report_findings f join reports r on r.id = f.report_id join agencies a on a.id = r.agency_id
    where r.round_id is not null and r.status in ('submitted', 'accepted')
    group by r.round_id, r.status, a.kind, f.rule, coalesce(f.row_id, ''), f.kind, f.severity`.execute(db);
  await sql`insert into consolidation_finding_agencies (round_id, status, agency_kind, rule, row_key, agencies)
    select r.round_id, r.status, a.kind, f.rule, coalesce(f.row_id, ''), count(distinct r.id)
    from report_findings f join reports r on r.id = f.report_id join agencies a on a.id = r.agency_id
    where r.round_id is not null and r.status in ('submitted', 'accepted')
    group by r.round_id, r.status, a.kind, f.rule, coalesce(f.row_id, '')`.execute(db);
}

/** 0006's functions as they were. */
const RESTORED = [
  `create or replace function cchc_add_ratios(p_report text, p_round text, p_status text, p_kind text, p_template text, p_sign integer)
  returns void language plpgsql as $$
  begin
    if p_sign > 0 then
      insert into consolidation_report_ratios (report_id, percent_row, numerator, denominator)
        select p_report, rr.percent_row, n.value, d.value
        from consolidation_ratio_rules rr
        join report_values d on d.report_id = p_report and d.row_id = rr.denominator_row and d.value is not null
        join report_values n on n.report_id = p_report and n.row_id = rr.numerator_row and n.value is not null
        where rr.template_id = p_template;
      insert into consolidation_ratios as q (round_id, status, agency_kind, percent_row, numerator, denominator, agencies)
        select p_round, p_status, p_kind, percent_row, numerator, denominator, 1 from consolidation_report_ratios where report_id = p_report
        on conflict (round_id, status, agency_kind, percent_row) do update set
          numerator = q.numerator + excluded.numerator, denominator = q.denominator + excluded.denominator, agencies = q.agencies + 1;
    else
      update consolidation_ratios q set numerator = q.numerator - x.numerator, denominator = q.denominator - x.denominator, agencies = q.agencies - 1
        from consolidation_report_ratios x
        where x.report_id = p_report and q.round_id = p_round and q.status = p_status and q.agency_kind = p_kind and q.percent_row = x.percent_row;
      delete from consolidation_report_ratios where report_id = p_report;
    end if;
  end $$`,
  `create or replace function cchc_apply_report(p_report text, p_round text, p_status text, p_kind text, p_template text, p_sign integer, p_exclude text)
  returns void language plpgsql as $$
  declare ids text[]; vals numeric[];
  begin
    if p_round is null or p_status not in ('submitted', 'accepted') or p_kind is null then return; end if;
    perform pg_advisory_xact_lock(hashtext('cchc-consolidation:' || p_round));
    insert into consolidation_buckets as b (round_id, status, agency_kind, reports) values (p_round, p_status, p_kind, p_sign)
      on conflict (round_id, status, agency_kind) do update set reports = b.reports + excluded.reports;
    select array_agg(row_id), array_agg(value) into ids, vals from report_values where report_id = p_report and value is not null;
    perform cchc_add_cells(p_round, p_status, p_kind, p_template, ids, vals, p_sign, p_exclude);
    perform cchc_add_ratios(p_report, p_round, p_status, p_kind, p_template, p_sign);
  end $$`,
  `create or replace function cchc_consolidation_rebuild() returns void language plpgsql as $$
  declare rep record;
  begin
    delete from consolidation_buckets; delete from consolidation_cells; delete from consolidation_codes;
    delete from consolidation_report_ratios; delete from consolidation_ratios;
    delete from consolidation_coded_rows; delete from consolidation_ratio_rules;
    perform cchc_template_rules(id) from template_versions;
    for rep in select r.id, r.round_id, r.status, a.kind, r.template_id from reports r join agencies a on a.id = r.agency_id
               where r.round_id is not null and r.status in ('submitted', 'accepted') order by r.id loop
      perform cchc_apply_report(rep.id, rep.round_id, rep.status, rep.kind, rep.template_id, 1, null);
    end loop;
  end $$`,
];

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const event of ['insert', 'update', 'delete']) {
    await sql.raw(`drop trigger if exists consolidation_findings_${event} on report_findings`).execute(db);
    await sql.raw(`drop function if exists cchc_findings_counted_${event}`).execute(db);
  }
  for (const statement of RESTORED) await sql.raw(statement).execute(db);
  await sql`drop function if exists cchc_add_report_findings, cchc_add_percent_only`.execute(db);
  for (const table of [
    'consolidation_finding_agencies',
    'consolidation_findings',
    'consolidation_percent_only',
    'consolidation_report_percent_only',
  ]) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
}
