/**
 * A worker thread that renders one official document (DOCX or XLSX) from its model, so that a big province document
 * (the consolidated table of thousands of agencies takes seconds of CPU) never blocks the server's event loop.
 * One job per worker: it answers and exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AgencyDocument, ProvinceDocument } from '../../documents/document-model.js';
import { renderDocx } from '../../documents/docx/official-docx.js';
import { renderConsolidatedXlsx } from '../../documents/xlsx/report-xlsx.js';

export type RenderJob = { format: 'docx'; doc: AgencyDocument | ProvinceDocument } | { format: 'xlsx'; doc: ProvinceDocument };
export type RenderAnswer = { ok: true; bytes: Uint8Array } | { ok: false; message: string };

/** Renders in this thread: what the worker runs, and what the server runs itself for small documents. */
export async function render(job: RenderJob): Promise<Uint8Array> {
  switch (job.format) {
    case 'docx':
      return renderDocx(job.doc);
    case 'xlsx':
      return renderConsolidatedXlsx(job.doc);
  }
}

if (parentPort && (workerData as { job?: string } | null)?.job === 'cchc-render-document') {
  const port = parentPort;
  port.once('message', (job: RenderJob) => {
    render(job).then(
      (bytes) => port.postMessage({ ok: true, bytes } satisfies RenderAnswer, [bytes.buffer as ArrayBuffer]),
      (error: unknown) =>
        port.postMessage({ ok: false, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) } satisfies RenderAnswer),
    );
  });
}
