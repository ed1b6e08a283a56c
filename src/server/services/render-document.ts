/**
 * Renders an official document off the request thread when it is big: the consolidated table of a round with many
 * agencies takes seconds of CPU (3,400 agencies: ~14 s for the XLSX), which would stall every other request of this
 * server process. Small documents render in-process (a worker's start costs more than they do): one agency's, and the
 * province's DOCX, whose appendix has a line per row and whose annexes are bounded, whatever the number of agencies.
 */
import { Worker } from 'node:worker_threads';
import { render, type RenderAnswer, type RenderJob } from './document-worker.js';
import { workerSpec } from '../worker-spec.js';

/** Agencies (columns) above which a province XLSX (one column per agency) renders in a worker thread. */
export const WORKER_THRESHOLD_AGENCIES = 150;

/** Table cells above which a province DOCX renders in a worker thread (about what 150 agencies' XLSX lays out). */
export const WORKER_THRESHOLD_CELLS = WORKER_THRESHOLD_AGENCIES * 200;

export const renderStats = { inWorker: 0, inProcess: 0 };

/**
 * Whether a job is big enough for a worker: the XLSX has a column per agency; the province's DOCX has its appendix (a
 * line per template row, whatever the number of agencies) and its annexes (bounded: the agencies left out or late,
 * the ends of each ranking), so its table cells are counted.
 */
function big(job: RenderJob): boolean {
  if (job.doc.kind !== 'province') return false;
  if (job.format === 'xlsx') return job.doc.consolidated.agencies.length > WORKER_THRESHOLD_AGENCIES;
  const annexes = job.doc.annexes ? job.doc.annexes.missing.length + job.doc.annexes.rankings.reduce((n, r) => n + r.entries.length, 0) : 0;
  return (job.doc.template.rows.length + annexes) * 4 > WORKER_THRESHOLD_CELLS;
}

export async function renderDocument(job: RenderJob, options: { forceWorker?: boolean } = {}): Promise<Uint8Array> {
  if (!options.forceWorker && !big(job)) {
    renderStats.inProcess++;
    return render(job);
  }
  renderStats.inWorker++;
  const spec = workerSpec('document-worker', import.meta.url);
  const worker = new Worker(spec.entry, {
    eval: spec.eval,
    workerData: { job: 'cchc-render-document' },
    resourceLimits: { maxOldGenerationSizeMb: 2048 },
  });
  try {
    const answer = await new Promise<RenderAnswer>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`document worker exited with code ${code}`)));
      worker.postMessage(job);
    });
    if (!answer.ok) throw new Error(answer.message);
    return answer.bytes;
  } catch (error) {
    // an internal error: the problem handler answers 500 in Vietnamese and logs this
    throw new Error(`document rendering in a worker failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    void worker.terminate();
  }
}
