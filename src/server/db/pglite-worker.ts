/**
 * The embedded database in its own thread. The request thread speaks the PostgreSQL wire protocol to it (node-postgres
 * over {@link PgliteThread}'s streams); this thread hands the bytes to PGlite and sends back PGlite's answer, one
 * message at a time and in order. So no query, however long, blocks the thread that answers HTTP requests, and the
 * two run on two cores.
 *
 * Self-contained (worker-spec.ts): it imports packages and Node's modules only, never a module of the project, so
 * from the sources it starts as one transpiled file, without tsx.
 */
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { parentPort, workerData } from 'node:worker_threads';

export type ToDatabase = { type: 'exec'; id: number; bytes: Uint8Array } | { type: 'close' };
export type FromDatabase =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; bytes: Uint8Array }
  | { type: 'result'; id: number; error: string }
  | { type: 'closed' };

const port = parentPort!;
/** PGlite's compiled WebAssembly, as its options name it. */
export type PgliteWasmModule = NonNullable<PGliteOptions['pgliteWasmModule']>;

const { dataDir, wasmModule } = workerData as { dataDir: string | null; wasmModule?: PgliteWasmModule };
const send = (message: FromDatabase, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

let pglite: PGlite;
try {
  // the module the request thread compiled (pglite-thread.ts): shared, not compiled again here
  pglite = new PGlite(dataDir ?? 'memory://', wasmModule ? { pgliteWasmModule: wasmModule } : {});
  await pglite.waitReady;
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

// one message at a time, in the order received
let queue = Promise.resolve();
port.on('message', (message: ToDatabase) => {
  queue = queue.then(async () => {
    if (message.type === 'close') {
      await pglite.close();
      send({ type: 'closed' });
      port.close();
      return;
    }
    try {
      const answer = await pglite.execProtocolRaw(message.bytes);
      // a copy PGlite will not reuse: its buffer can move to the other thread
      send({ type: 'result', id: message.id, bytes: answer }, [answer.buffer as ArrayBuffer]);
    } catch (error) {
      send({ type: 'result', id: message.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
});
