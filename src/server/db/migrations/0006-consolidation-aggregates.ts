/**
 * Consolidation aggregates kept up to date by the database as reports change, so that a round's province figures are
 * read from a few hundred rows instead of scanning every agency's values (3,400 agencies × 200 rows).
 *
 * A bucket is (round, status, agency kind), for the statuses a consolidation counts (submitted, accepted). Per bucket
 * and template row: the agencies that reported it, the exact sum, min and max; per coded row the agencies per code;
 * per ratio check the summed numerator and denominator of the agencies that gave both. Triggers keep them true:
 *   - a report entering or leaving a consolidated status, another round or agency (and an agency changing kind)
 *     moves its values between buckets;
 *   - values written into a report that is already consolidated (imports, restores) are applied as a difference;
 *   - a removed minimum or maximum is recomputed from the values of that bucket and row only.
 * Template rules (which rows are coded, which checks are ratios) are read from each stored template version.
 * These tables are derived: not backed up, rebuilt by `cchc_consolidation_rebuild()` (also after a restore, through
 * the triggers as rows come back). Changes are serialised per round with a transaction-level advisory lock, so two
 * processes accepting reports of one round never interleave their updates.
 */
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  sql`create table consolidation_coded_rows (
    template_id text not null references template_versions(id) on delete cascade,
    row_id text not null,
    primary key (template_id, row_id))`,
  sql`create table consolidation_ratio_rules (
    template_id text not null references template_versions(id) on delete cascade,
    percent_row text not null,
    numerator_row text not null,
    denominator_row text not null,
    primary key (template_id, percent_row))`,
  sql`create table consolidation_buckets (
    round_id text not null, status text not null, agency_kind text not null,
    reports integer not null,
    primary key (round_id, status, agency_kind))`,
  sql`create table consolidation_cells (
    round_id text not null, status text not null, agency_kind text not null, row_id text not null,
    reported integer not null, total numeric not null, min_value numeric, max_value numeric,
    primary key (round_id, status, agency_kind, row_id))`,
  sql`create table consolidation_codes (
    round_id text not null, status text not null, agency_kind text not null, row_id text not null, code numeric not null,
    agencies integer not null,
    primary key (round_id, status, agency_kind, row_id, code))`,
  sql`create table consolidation_report_ratios (
    report_id text not null, percent_row text not null, numerator numeric not null, denominator numeric not null,
    primary key (report_id, percent_row))`,
  sql`create table consolidation_ratios (
    round_id text not null, status text not null, agency_kind text not null, percent_row text not null,
    numerator numeric not null, denominator numeric not null, agencies integer not null,
    primary key (round_id, status, agency_kind, percent_row))`,
  sql`create index reports_round_status on reports (round_id, status)`,

  // the rules of a template version, from its stored definition
  sql`create function cchc_template_rules(p_template text) returns void language plpgsql as $$
  declare d jsonb;
  begin
    select definition into d from template_versions where id = p_template;
    insert into consolidation_coded_rows (template_id, row_id)
      select p_template, r->>'id' from jsonb_array_elements(coalesce(d->'rows', '[]'::jsonb)) r where r->'kind'->>'type' = 'coded'
      on conflict do nothing;
    -- the first ratio check of a percent row is its rule (as in the core)
    insert into consolidation_ratio_rules (template_id, percent_row, numerator_row, denominator_row)
      select distinct on (c->>'percent') p_template, c->>'percent', c->>'numerator', c->>'denominator'
      from jsonb_array_elements(coalesce(d->'checks', '[]'::jsonb)) with ordinality as t(c, i)
      where c->>'rule' = 'ratio'
      order by c->>'percent', i
      on conflict do nothing;
  end $$`,
  sql`create function cchc_template_rules_trigger() returns trigger language plpgsql as $$
  begin
    perform cchc_template_rules(new.id);
    return null;
  end $$`,
  sql`create trigger consolidation_template_rules after insert on template_versions
    for each row execute function cchc_template_rules_trigger()`,

  // add (p_sign = 1) or remove (-1) reported values of one bucket; p_exclude: a report still present but leaving
  sql`create function cchc_add_cells(p_round text, p_status text, p_kind text, p_template text, p_rows text[], p_values numeric[], p_sign integer, p_exclude text)
  returns void language plpgsql as $$
  declare need text[];
  begin
    if coalesce(array_length(p_rows, 1), 0) = 0 then return; end if;
    if p_sign > 0 then
      insert into consolidation_cells as c (round_id, status, agency_kind, row_id, reported, total, min_value, max_value)
        select p_round, p_status, p_kind, u.row_id, count(*), sum(u.value), min(u.value), max(u.value)
        from unnest(p_rows, p_values) as u(row_id, value) group by u.row_id
        on conflict (round_id, status, agency_kind, row_id) do update set
          reported = c.reported + excluded.reported, total = c.total + excluded.total,
          min_value = least(c.min_value, excluded.min_value), max_value = greatest(c.max_value, excluded.max_value);
    else
      update consolidation_cells c set
          reported = c.reported - u.n, total = c.total - u.s,
          min_value = case when u.mn <= c.min_value then null else c.min_value end,
          max_value = case when u.mx >= c.max_value then null else c.max_value end
        from (select row_id, count(*) as n, sum(value) as s, min(value) as mn, max(value) as mx
              from unnest(p_rows, p_values) as u(row_id, value) group by row_id) u
        where c.round_id = p_round and c.status = p_status and c.agency_kind = p_kind and c.row_id = u.row_id;
      -- an extreme was removed: recompute it from what is left in the bucket, for those rows only (usually none)
      select array_agg(x.row_id) into need from consolidation_cells x
        where x.round_id = p_round and x.status = p_status and x.agency_kind = p_kind and x.row_id = any(p_rows)
          and x.reported > 0 and (x.min_value is null or x.max_value is null);
      if need is not null then
        with m as materialized (
          select v.row_id, min(v.value) as mn, max(v.value) as mx
          from reports r join agencies a on a.id = r.agency_id join report_values v on v.report_id = r.id and v.row_id = any(need)
          where r.round_id = p_round and r.status = p_status and a.kind = p_kind and r.id is distinct from p_exclude and v.value is not null
          group by v.row_id)
        update consolidation_cells c set min_value = m.mn, max_value = m.mx from m
          where c.round_id = p_round and c.status = p_status and c.agency_kind = p_kind and c.row_id = m.row_id;
      end if;
      update consolidation_cells set min_value = null, max_value = null, total = 0
        where round_id = p_round and status = p_status and agency_kind = p_kind and reported = 0 and row_id = any(p_rows);
    end if;
    insert into consolidation_codes as k (round_id, status, agency_kind, row_id, code, agencies)
      select p_round, p_status, p_kind, u.row_id, u.value, p_sign * count(*)
      from unnest(p_rows, p_values) as u(row_id, value)
      join consolidation_coded_rows cr on cr.template_id = p_template and cr.row_id = u.row_id
      group by u.row_id, u.value
      on conflict (round_id, status, agency_kind, row_id, code) do update set agencies = k.agencies + excluded.agencies;
  end $$`,

  // a report's ratio parts: remove what it gave (stored), or compute and add what it gives now
  sql`create function cchc_add_ratios(p_report text, p_round text, p_status text, p_kind text, p_template text, p_sign integer)
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

  // a whole report enters (1) or leaves (-1) the bucket of its round, status and agency kind
  sql`create function cchc_apply_report(p_report text, p_round text, p_status text, p_kind text, p_template text, p_sign integer, p_exclude text)
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

  sql`create function cchc_reports_changed() returns trigger language plpgsql as $$
  declare old_kind text; new_kind text;
  begin
    if tg_op in ('UPDATE', 'DELETE') then
      select kind into old_kind from agencies where id = old.agency_id;
      perform cchc_apply_report(old.id, old.round_id, old.status, old_kind, old.template_id, -1, case when tg_op = 'DELETE' then old.id end);
    end if;
    if tg_op in ('UPDATE', 'INSERT') then
      select kind into new_kind from agencies where id = new.agency_id;
      perform cchc_apply_report(new.id, new.round_id, new.status, new_kind, new.template_id, 1, null);
    end if;
    return null;
  end $$`,
  sql`create trigger consolidation_report_inserted after insert on reports
    for each row execute function cchc_reports_changed()`,
  sql`create trigger consolidation_report_moved after update of status, round_id, agency_id, template_id on reports
    for each row when (old.status is distinct from new.status or old.round_id is distinct from new.round_id
                       or old.agency_id is distinct from new.agency_id or old.template_id is distinct from new.template_id)
    execute function cchc_reports_changed()`,
  // before: its values are still there to be removed (they go with it by cascade)
  sql`create function cchc_report_deleted() returns trigger language plpgsql as $$
  begin
    perform cchc_reports_changed_delete(old.id, old.round_id, old.status, old.agency_id, old.template_id);
    return old;
  end $$`,
  sql`create function cchc_reports_changed_delete(p_report text, p_round text, p_status text, p_agency text, p_template text)
  returns void language plpgsql as $$
  declare k text;
  begin
    select kind into k from agencies where id = p_agency;
    perform cchc_apply_report(p_report, p_round, p_status, k, p_template, -1, p_report);
  end $$`,
  sql`create trigger consolidation_report_deleted before delete on reports
    for each row execute function cchc_report_deleted()`,

  // an agency changing kind moves its consolidated reports between buckets
  sql`create function cchc_agency_kind_changed() returns trigger language plpgsql as $$
  declare rep record;
  begin
    for rep in select id, round_id, status, template_id from reports where agency_id = new.id and round_id is not null and status in ('submitted', 'accepted') loop
      perform cchc_apply_report(rep.id, rep.round_id, rep.status, old.kind, rep.template_id, -1, null);
      perform cchc_apply_report(rep.id, rep.round_id, rep.status, new.kind, rep.template_id, 1, null);
    end loop;
    return null;
  end $$`,
  sql`create trigger consolidation_agency_kind after update of kind on agencies
    for each row when (old.kind is distinct from new.kind) execute function cchc_agency_kind_changed()`,

  // everything again from the reports (after a bulk change, or to check the triggers)
  sql`create function cchc_consolidation_rebuild() returns void language plpgsql as $$
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

/**
 * Values written into a consolidated report are applied as a difference (drafts return at once: one indexed look-up
 * per statement). The transition tables differ by event, hence one function and one trigger per event.
 */
function valuesTrigger(event: 'insert' | 'update' | 'delete'): string {
  const changed = {
    insert: 'select report_id from new_rows',
    update: 'select report_id from new_rows union select report_id from old_rows',
    delete: 'select report_id from old_rows',
  }[event];
  const remove =
    event === 'insert'
      ? ''
      : `
      select array_agg(row_id), array_agg(value) into ids, vals from old_rows where report_id = rep.id and value is not null;
      perform cchc_add_cells(rep.round_id, rep.status, rep.kind, rep.template_id, ids, vals, -1, null);`;
  const add =
    event === 'delete'
      ? ''
      : `
      select array_agg(row_id), array_agg(value) into ids, vals from new_rows where report_id = rep.id and value is not null;
      perform cchc_add_cells(rep.round_id, rep.status, rep.kind, rep.template_id, ids, vals, 1, null);`;
  return `create function cchc_values_changed_${event}() returns trigger language plpgsql as $$
  declare rep record; ids text[]; vals numeric[];
  begin
    for rep in
      select r.id, r.round_id, r.status, a.kind, r.template_id
      from reports r join agencies a on a.id = r.agency_id
      where r.id in (${changed}) and r.round_id is not null and r.status in ('submitted', 'accepted')
      order by r.id
    loop
      perform pg_advisory_xact_lock(hashtext('cchc-consolidation:' || rep.round_id));${remove}${add}
      perform cchc_add_ratios(rep.id, rep.round_id, rep.status, rep.kind, rep.template_id, -1);
      perform cchc_add_ratios(rep.id, rep.round_id, rep.status, rep.kind, rep.template_id, 1);
    end loop;
    return null;
  end $$`;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await statement.execute(db);
  // the transition tables differ by event, so one trigger per event over one function
  for (const [event, referencing] of [
    ['insert', 'new table as new_rows'],
    ['update', 'old table as old_rows new table as new_rows'],
    ['delete', 'old table as old_rows'],
  ] as const) {
    await sql.raw(valuesTrigger(event)).execute(db);
    await sql
      .raw(
        `create trigger consolidation_values_${event} after ${event} on report_values referencing ${referencing} for each statement execute function cchc_values_changed_${event}()`,
      )
      .execute(db);
  }
  await sql`select cchc_consolidation_rebuild()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const event of ['insert', 'update', 'delete'])
    await sql.raw(`drop trigger if exists consolidation_values_${event} on report_values`).execute(db);
  await sql`drop trigger if exists consolidation_agency_kind on agencies`.execute(db);
  await sql`drop trigger if exists consolidation_report_deleted on reports`.execute(db);
  await sql`drop trigger if exists consolidation_report_moved on reports`.execute(db);
  await sql`drop trigger if exists consolidation_report_inserted on reports`.execute(db);
  await sql`drop trigger if exists consolidation_template_rules on template_versions`.execute(db);
  await sql`drop index if exists reports_round_status`.execute(db);
  for (const table of [
    'consolidation_ratios',
    'consolidation_report_ratios',
    'consolidation_codes',
    'consolidation_cells',
    'consolidation_buckets',
    'consolidation_ratio_rules',
    'consolidation_coded_rows',
  ]) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
  await sql`drop function if exists cchc_consolidation_rebuild, cchc_agency_kind_changed, cchc_values_changed_insert, cchc_values_changed_update, cchc_values_changed_delete, cchc_report_deleted, cchc_reports_changed_delete, cchc_reports_changed, cchc_apply_report, cchc_add_ratios, cchc_add_cells, cchc_template_rules_trigger, cchc_template_rules`.execute(
    db,
  );
}
