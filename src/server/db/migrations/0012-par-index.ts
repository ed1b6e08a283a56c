/**
 * The province's CCHC index (Chỉ số CCHC): the criteria sets as loaded from index-criteria/ (stored like template
 * versions, so an assessment keeps the set it was made against), an assessment per agency and set (versioned like a
 * report: a write carries the version it read; draft → submitted → returned → finalised), each criterion's scores
 * (self score and explanation; the appraisal's score and reason; the computed points frozen at finalisation), the
 * evidence (a file stored as base64 text with its size limited, a linked report of CCHC, or a link), and the
 * publication of a group's results in a province.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('index_criteria_sets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('agency_group', 'text', (c) => c.notNull().check(sql`agency_group in ('departments', 'communes')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('index_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('set_id', 'text', (c) => c.notNull().references('index_criteria_sets.id'))
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'submitted', 'returned', 'finalised')`),
    )
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('return_reason', 'text')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('finalised_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.references('accounts.id'))
    .addUniqueConstraint('index_assessments_set_agency', ['set_id', 'agency_id'])
    .execute();

  await db.schema
    .createTable('index_scores')
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('index_assessments.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('self_score', 'numeric')
    .addColumn('self_note', 'text')
    .addColumn('appraised_score', 'numeric')
    .addColumn('appraisal_reason', 'text')
    .addColumn('computed_score', 'numeric')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'text', (c) => c.references('accounts.id'))
    .addPrimaryKeyConstraint('index_scores_pk', ['assessment_id', 'code'])
    .execute();

  await db.schema
    .createTable('index_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('assessment_id', 'text', (c) => c.notNull().references('index_assessments.id').onDelete('cascade'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('file', 'report', 'link')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text')
    .addColumn('content_type', 'text')
    .addColumn('size', 'integer')
    .addColumn('sha256', 'text')
    .addColumn('content_base64', 'text')
    .addColumn('report_id', 'text', (c) => c.references('reports.id').onDelete('cascade'))
    .addColumn('url', 'text')
    .addColumn('created_by', 'text', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'index_evidence_shape',
      sql`(kind = 'file' and content_base64 is not null and file_name is not null)
        or (kind = 'report' and report_id is not null)
        or (kind = 'link' and url is not null)`,
    )
    .execute();
  await db.schema.createIndex('index_evidence_assessment').on('index_evidence').columns(['assessment_id', 'code']).execute();

  await db.schema
    .createTable('index_publications')
    .addColumn('set_id', 'text', (c) => c.notNull().references('index_criteria_sets.id'))
    .addColumn('province_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('decision', 'text')
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.references('accounts.id'))
    .addPrimaryKeyConstraint('index_publications_pk', ['set_id', 'province_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['index_publications', 'index_evidence', 'index_scores', 'index_assessments', 'index_criteria_sets']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
