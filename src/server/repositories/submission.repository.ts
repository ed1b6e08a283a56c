/** Submission snapshots and review comments of reports. */
import type { Kysely, Transaction } from 'kysely';
import type { CellSnapshot } from '../../core/workflow/report-workflow.js';
import type { SignatureForm } from '../../core/workflow/signature-form.js';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface SubmissionRecord {
  number: number;
  submittedAt: Date;
  submittedBy: string | null;
  cells: CellSnapshot[];
  narrative: { heading: string; level: number; body: string }[];
  explanations: { rule: string; text: string }[];
  /** Who signed and in what capacity; null for submissions made before it was recorded. */
  signature?: SignatureForm | null;
}

export async function insertSubmission(db: Db, reportId: string, record: SubmissionRecord): Promise<void> {
  await db
    .insertInto('report_submissions')
    .values({
      report_id: reportId,
      number: record.number,
      submitted_at: record.submittedAt,
      submitted_by: record.submittedBy,
      cells: JSON.stringify(record.cells),
      narrative: JSON.stringify(record.narrative),
      explanations: JSON.stringify(record.explanations),
      signature: record.signature ? JSON.stringify(record.signature) : null,
    })
    .execute();
}

export async function listSubmissions(db: Db, reportId: string): Promise<SubmissionRecord[]> {
  const rows = await db.selectFrom('report_submissions').selectAll().where('report_id', '=', reportId).orderBy('number').execute();
  return rows.map((r) => ({
    number: r.number,
    submittedAt: new Date(r.submitted_at),
    submittedBy: r.submitted_by,
    cells: r.cells as CellSnapshot[],
    narrative: r.narrative as SubmissionRecord['narrative'],
    explanations: r.explanations,
    signature: r.signature ?? null,
  }));
}

export async function insertComment(
  db: Db,
  comment: {
    id: string;
    reportId: string;
    rowId: string | null;
    authorId: string | null;
    kind: 'return-reason' | 'comment' | 'explanation';
    body: string;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('comments')
    .values({
      id: comment.id,
      report_id: comment.reportId,
      row_id: comment.rowId,
      author_id: comment.authorId,
      kind: comment.kind,
      body: comment.body,
      created_at: comment.at,
    })
    .execute();
}

export async function listComments(db: Db, reportId: string) {
  return db.selectFrom('comments').selectAll().where('report_id', '=', reportId).orderBy('created_at').orderBy('id').execute();
}
