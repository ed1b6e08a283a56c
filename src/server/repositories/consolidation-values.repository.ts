/**
 * The values of a round's counted reports for the consolidated table by agency, read a page of reports at a time
 * (each page a range of the values' primary key), so a round of thousands of agencies is never read in one query nor
 * held as row objects all at once. Cells not stored are not yielded (the caller shows them as not reported, never 0).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Reports per page: about 100,000 values of a 200-row template. */
export const REPORTS_PER_PAGE = 500;

/** Every stored cell of the given reports, one page of reports at a time. */
export async function* readValuesByReportPages(db: Db, reportIds: readonly string[], page = REPORTS_PER_PAGE) {
  for (let i = 0; i < reportIds.length; i += page) {
    yield await db
      .selectFrom('report_values')
      .select(['report_id', 'row_id', 'value', 'status', 'note'])
      .where('report_id', 'in', reportIds.slice(i, i + page))
      .execute();
  }
}
