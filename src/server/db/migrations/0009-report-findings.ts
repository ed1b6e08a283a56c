/**
 * The findings of each report kept beside it, so the consolidation's findings across thousands of agencies are counted
 * by rule and row and paged in SQL instead of running the checks over every report at each request.
 *
 * report_findings holds a report's findings (the core's checks over its values, as the consolidation shows them);
 * report_findings_state says they are current. A write to a report's values (autosave, import, restore) or a change of
 * its template removes that mark in the same statement, so the findings are computed again — when the report is
 * submitted (the workflow keeps them), or the next time the consolidation's findings are read (only the reports whose
 * mark is missing). Both tables are derived: not backed up, computed again after a restore.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table report_findings (
    report_id text not null references reports(id) on delete cascade,
    seq integer not null,
    rule text not null,
    kind text not null,
    severity text not null,
    row_id text,
    message text not null,
    primary key (report_id, seq))`.execute(db);
  await sql`create index report_findings_rule_row on report_findings (rule, row_id)`.execute(db);
  await sql`create table report_findings_state (
    report_id text primary key references reports(id) on delete cascade,
    findings integer not null,
    checked_at timestamptz not null)`.execute(db);
  // values written: the findings are no longer current (one indexed delete per statement; drafts usually have no mark)
  for (const [event, referencing, changed] of [
    ['insert', 'new table as new_rows', 'select report_id from new_rows'],
    ['update', 'new table as new_rows', 'select report_id from new_rows'],
    ['delete', 'old table as old_rows', 'select report_id from old_rows'],
  ] as const) {
    await sql
      .raw(
        `create function cchc_findings_stale_${event}() returns trigger language plpgsql as $$
        begin
          delete from report_findings_state where report_id in (${changed});
          return null;
        end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger report_findings_stale_${event} after ${event} on report_values referencing ${referencing} for each statement execute function cchc_findings_stale_${event}()`,
      )
      .execute(db);
  }
  await sql`create function cchc_findings_stale_template() returns trigger language plpgsql as $$
    begin
      delete from report_findings_state where report_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger report_findings_stale_template after update of template_id on reports
    for each row when (old.template_id is distinct from new.template_id) execute function cchc_findings_stale_template()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const event of ['insert', 'update', 'delete']) {
    await sql.raw(`drop trigger if exists report_findings_stale_${event} on report_values`).execute(db);
    await sql.raw(`drop function if exists cchc_findings_stale_${event}`).execute(db);
  }
  await sql`drop trigger if exists report_findings_stale_template on reports`.execute(db);
  await sql`drop function if exists cchc_findings_stale_template`.execute(db);
  await sql`drop table if exists report_findings_state`.execute(db);
  await sql`drop table if exists report_findings`.execute(db);
}
