/**
 * Group commit of cell writes. Autosaves that arrive while the database is busy wait together and are written by
 * one statement (bump the versions, write the cells, append the audit rows: see `writeCellBatch`), instead of a
 * transaction of several statements each. Each write is acknowledged only after the transaction that holds
 * it commits; a write whose report moved on (another version, status, agency or template) is refused, never
 * applied, and its caller answers with the precise reason.
 *
 * A report takes part in a batch with one write at most: a second write to it waits for the next batch (it was made
 * from the version the first one produces, or is a conflict). On the embedded database one batch runs at a time
 * (PGlite serves one connection); on PostgreSQL a few run at once, each locking its reports in id order.
 *
 * When a batch fails as a whole (bad text in one write…), its writes are retried one at a time, so one bad write
 * fails alone and the others are not lost.
 */
import type { Kysely } from 'kysely';
import type { Database, ReportStatus } from '../db/schema.js';
import { writeCellBatch, type CellBatchItem } from '../repositories/report.repository.js';
import { SAVED_STATUS } from './report-write.js';

/** The statuses a save may start from and where it leads: defined once, in report-write.ts. */
export { SAVED_STATUS };

export type WriteOutcome =
  | { kind: 'written'; version: number; status: ReportStatus }
  /** The report is not at the version, status, agency or template the writer saw: nothing was written. */
  | { kind: 'refused' };

interface Pending {
  write: CellBatchItem;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

/** At most this many writes in one transaction (a batch's statements stay well under PostgreSQL's 65,535 parameters). */
const MAX_BATCH = 256;

export class ValueWriter {
  private readonly queue: Pending[] = [];
  private running = 0;
  private scheduled = false;
  /** Batches run and writes they held, since the start (the mean batch size tells how much group commit helps). */
  batches = 0;
  writes = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly concurrency: number,
  ) {}

  write(write: CellBatchItem): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.concurrency || this.queue.length === 0) return;
    this.scheduled = true;
    // the writes that arrive in this turn of the event loop join the batch
    setImmediate(() => {
      this.scheduled = false;
      this.startBatch();
    });
  }

  private startBatch(): void {
    if (this.running >= this.concurrency || this.queue.length === 0) return;
    const batch: Pending[] = [];
    const reports = new Set<string>();
    for (let i = 0; i < this.queue.length && batch.length < MAX_BATCH;) {
      const pending = this.queue[i]!;
      if (reports.has(pending.write.reportId)) {
        i++;
        continue;
      }
      reports.add(pending.write.reportId);
      batch.push(pending);
      this.queue.splice(i, 1);
    }
    this.running++;
    void this.run(batch);
    this.schedule();
  }

  /** Ends a batch: the next one starts before this one's writers are answered, so the database is never left idle. */
  private settle(settle: () => void): void {
    this.running--;
    this.startBatch();
    settle();
  }

  private async run(batch: Pending[]): Promise<void> {
    this.batches++;
    this.writes += batch.length;
    let outcomes: WriteOutcome[];
    try {
      outcomes = await this.commit(batch.map((p) => p.write));
    } catch (error) {
      if (batch.length === 1) return this.settle(() => batch[0]!.reject(error));
      // one write may have failed the batch: each alone, so only that one fails
      const alone: (() => void)[] = [];
      for (const pending of batch) {
        try {
          const [outcome] = await this.commit([pending.write]);
          alone.push(() => pending.resolve(outcome!));
        } catch (failure) {
          alone.push(() => pending.reject(failure));
        }
      }
      return this.settle(() => alone.forEach((answer) => answer()));
    }
    this.settle(() => batch.forEach((p, i) => p.resolve(outcomes[i]!)));
  }

  /** One statement for the batch (it commits by itself); the outcomes in the batch's order. */
  private async commit(writes: readonly CellBatchItem[]): Promise<WriteOutcome[]> {
    const written = await writeCellBatch(this.db, writes, SAVED_STATUS);
    return writes.map((w): WriteOutcome => {
      const done = written.get(w.reportId);
      return done ? { kind: 'written', version: done.version, status: done.status } : { kind: 'refused' };
    });
  }
}

const writers = new WeakMap<Kysely<Database>, ValueWriter>();

/** The writer of a database (one per process and database). */
export function valueWriterOf(db: Kysely<Database>, engine: 'pglite' | 'postgres' | undefined): ValueWriter {
  let writer = writers.get(db);
  if (!writer) {
    writer = new ValueWriter(db, engine === 'postgres' ? 4 : 1);
    writers.set(db, writer);
  }
  return writer;
}
