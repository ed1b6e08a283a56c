/**
 * The pool of import worker threads: an upload is read off the request thread (import-worker.ts), a few at once (more
 * are refused with 429 rather than queued behind a slow one), within a time limit; one warm worker is kept between
 * uploads. In-process only when no worker can start (logged).
 */
import { Worker } from 'node:worker_threads';
import type { Template } from '../../core/catalogue/template.js';
import { workerSpec as sharedWorkerSpec } from '../worker-spec.js';
import type { ImportJobInput, ImportJobMessage, ImportOutcome, ImportWorkerMessage } from './import-worker.js';
import { ServiceError } from './service-error.js';

export const IMPORT_TIMEOUT_MS = 20_000;
/** Imports running at once; more are refused (429) rather than queued behind a slow one. */
const MAX_RUNNING = 4;

/** How imports ran since the process started: in a worker, or in-process because no worker could start; workers started. */
export const importRunnerStats = { worker: 0, inProcess: 0, spawned: 0 };

// ---------------------------------------------------------------------------------------------- the worker

const workerSpec = () => sharedWorkerSpec('import-worker', import.meta.url);

class WorkerDidNotStart extends Error {}

/** Warm workers kept between uploads (modules and templates loaded), and for how long. */
const MAX_IDLE = 1;
const IDLE_MS = 5 * 60_000;

interface PooledWorker {
  worker: Worker;
  /** Resolves once the worker's module has loaded; rejects (WorkerDidNotStart) if it never does. */
  ready: Promise<void>;
  idleTimer: NodeJS.Timeout | null;
}

const idle: PooledWorker[] = [];
let jobIds = 0;

function spawnWorker(): PooledWorker {
  const spec = workerSpec();
  const worker = new Worker(spec.entry, {
    eval: spec.eval,
    workerData: { job: 'cchc-import-job' },
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
  });
  importRunnerStats.spawned++;
  const pooled: PooledWorker = { worker, ready: Promise.resolve(), idleTimer: null };
  pooled.ready = new Promise<void>((resolve, reject) => {
    const onMessage = (message: ImportWorkerMessage) => {
      if (message.type !== 'ready') return;
      worker.off('error', onError).off('exit', onExit).off('message', onMessage);
      resolve();
    };
    const onError = (error: Error) => reject(new WorkerDidNotStart(`${error.name}: ${error.message}`));
    const onExit = (code: number) => reject(new WorkerDidNotStart(`exited with code ${code} before starting`));
    worker.on('message', onMessage).once('error', onError).once('exit', onExit);
  });
  // an error with no job listening (an idle worker) must not bring the server down; the worker then exits
  worker.on('error', () => {});
  // a worker that goes away while idle leaves the pool
  worker.once('exit', () => {
    const at = idle.indexOf(pooled);
    if (at >= 0) idle.splice(at, 1);
    if (pooled.idleTimer) clearTimeout(pooled.idleTimer);
  });
  return pooled;
}

function acquireWorker(): PooledWorker {
  const warm = idle.pop();
  if (!warm) return spawnWorker();
  if (warm.idleTimer) clearTimeout(warm.idleTimer);
  warm.idleTimer = null;
  warm.worker.ref();
  return warm;
}

function releaseWorker(pooled: PooledWorker): void {
  if (idle.length >= MAX_IDLE) {
    void pooled.worker.terminate();
    return;
  }
  // an idle worker keeps no process alive, and goes after a while
  pooled.worker.unref();
  pooled.idleTimer = setTimeout(() => void pooled.worker.terminate(), IDLE_MS);
  pooled.idleTimer.unref();
  idle.push(pooled);
}

async function runInWorker(input: ImportJobInput, templates: readonly Template[], timeoutMs: number): Promise<ImportOutcome> {
  let pooled: PooledWorker;
  try {
    pooled = acquireWorker();
  } catch (error) {
    throw new WorkerDidNotStart(String(error));
  }
  const { worker } = pooled;
  const id = ++jobIds;
  return new Promise<ImportOutcome>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: { ok: true; value: ImportOutcome } | { ok: false; error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      // a worker that answered is kept warm; one that failed or ran out of time is stopped
      if (outcome.ok) releaseWorker(pooled);
      else void worker.terminate();
      if (outcome.ok) resolve(outcome.value);
      else reject(outcome.error);
    };
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          error: new ServiceError(
            422,
            'import-timeout',
            `Tệp quá phức tạp: chưa đọc xong sau ${Math.round(timeoutMs / 1000)} giây. Hãy tách bớt nội dung hoặc lưu lại dưới dạng .docx rồi thử lại.`,
            `import of ${input.fileName} timed out after ${timeoutMs} ms`,
          ),
        }),
      timeoutMs,
    );
    const onMessage = (message: ImportWorkerMessage) => {
      if (message.type === 'done' && message.id === id) finish({ ok: true, value: message.outcome });
    };
    const onError = (error: Error & { code?: string }) =>
      finish({
        ok: false,
        error:
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ServiceError(413, 'too-large', 'Tệp quá lớn hoặc quá phức tạp để đọc.', `import of ${input.fileName}: worker out of memory`)
            : error,
      });
    const onExit = (code: number) => finish({ ok: false, error: new Error(`import worker exited with code ${code}`) });
    pooled.ready.then(
      () => {
        if (settled) return;
        worker.on('message', onMessage).on('error', onError).on('exit', onExit);
        // a private copy: the upload's buffer may be a slice of a shared pool, and this one moves to the worker
        const bytes = new Uint8Array(input.bytes);
        worker.postMessage({ id, bytes, fileName: input.fileName, templates: [...templates] } satisfies ImportJobMessage, [bytes.buffer]);
      },
      (error: unknown) => finish({ ok: false, error: error instanceof Error ? error : new WorkerDidNotStart(String(error)) }),
    );
  });
}

let running = 0;

/** Imports the bytes in a worker thread; in-process (logged) only when no worker can be started. */
export async function runImportJob(
  input: ImportJobInput,
  options: { templates: readonly Template[]; timeoutMs?: number; log?: (message: string) => void },
): Promise<ImportOutcome> {
  if (running >= MAX_RUNNING) {
    throw new ServiceError(429, 'import-busy', 'Máy chủ đang đọc nhiều tệp cùng lúc. Hãy thử lại sau ít phút.', `${running} imports already running`);
  }
  running++;
  try {
    try {
      const outcome = await runInWorker(input, options.templates, options.timeoutMs ?? IMPORT_TIMEOUT_MS);
      importRunnerStats.worker++;
      return outcome;
    } catch (error) {
      if (!(error instanceof WorkerDidNotStart)) throw error;
      (options.log ?? console.warn)(`import worker could not start (${error.message}); importing ${input.fileName} in-process`);
    }
    const { runImport } = await import('./import-worker.js');
    importRunnerStats.inProcess++;
    return await runImport(input, options.templates);
  } finally {
    running--;
  }
}
