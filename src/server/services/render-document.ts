/**
 * Renders an official document off the request thread when it is big: the consolidated table of a round with many
 * agencies takes seconds of CPU (3,400 agencies: ~14 s for the XLSX), which would stall every other request of this
 * server process. Small documents render in-process (a worker's start costs more than they do).
 */
import { Worker } from 'node:worker_threads';
import { render, type RenderAnswer, type RenderJob } from './document-worker.js';
import { workerSpec } from '../worker-spec.js';

/** Agencies (columns) above which a province document renders in a worker thread. */
export const WORKER_THRESHOLD_AGENCIES = 150;

export const renderStats = { inWorker: 0, inProcess: 0 };

function size(job: RenderJob): number {
  return job.doc.kind === 'province' ? job.doc.consolidated.agencies.length : 1;
}

export async function renderDocument(job: RenderJob, options: { forceWorker?: boolean } = {}): Promise<Uint8Array> {
  if (!options.forceWorker && size(job) <= WORKER_THRESHOLD_AGENCIES) {
    renderStats.inProcess++;
    return render(job);
  }
  renderStats.inWorker++;
  const spec = workerSpec('document-worker', import.meta.url);
  const worker = new Worker(spec.entry, { eval: spec.eval, workerData: { job: 'cchc-render-document' }, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
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
    throw new Error(`document rendering in a worker failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    void worker.terminate();
  }
}
