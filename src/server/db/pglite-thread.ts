/**
 * The request thread's side of the embedded database running in a worker thread (see `pglite-worker.ts`).
 *
 * node-postgres is given a stream instead of a socket ({@link PgliteThread.connection}): what it writes at once — a
 * query's Parse, Bind, Describe, Execute and Sync — goes to the database thread as one message and is executed in
 * one call, as a server reads a pipeline from its socket; the answer's bytes come back on the
 * stream and node-postgres parses them as it would a server's. PGlite has one session, so one connection only.
 */
import { readFileSync } from 'node:fs';
import { Duplex } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { workerSpec } from '../worker-spec.js';
import type { FromDatabase, PgliteWasmModule, ToDatabase } from './pglite-worker.js';

// the server's TypeScript lib has no DOM, where WebAssembly is declared: the one constructor used here, typed
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => PgliteWasmModule } };

let compiled: PgliteWasmModule | null = null;

/**
 * PGlite's WebAssembly, compiled once per process and shared with every database thread it starts: compiling it
 * (and V8's optimising tier-up behind it) costs over a second of CPU, which each new thread would otherwise pay
 * again. A process opens the database once when it serves, but a command-line run in tests, a restore or a
 * backup check opens it several times.
 */
function pgliteModule(): PgliteWasmModule {
  compiled ??= new wasm.Module(readFileSync(new URL('./pglite.wasm', import.meta.resolve('@electric-sql/pglite'))));
  return compiled;
}

export class PgliteThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(bytes: Uint8Array): void; reject(error: Error): void }>();
  private nextId = 1;
  private failure: Error | null = null;
  private opened = false;
  private closed: Promise<void> | null = null;
  /** Settles when the database is open (or could not be). */
  readonly ready: Promise<void>;

  /** `onLost`: called once if the thread stops without being closed (the database is then unusable). */
  constructor(dataDir: string | null, onLost: (error: Error) => void = () => undefined) {
    const spec = workerSpec('pglite-worker', import.meta.url, { selfContained: true });
    this.worker = new Worker(spec.entry, { eval: spec.eval, workerData: { dataDir, wasmModule: pgliteModule() } });
    let opened: () => void;
    let failed: (error: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      opened = resolve;
      failed = reject;
    });
    this.worker.on('message', (message: FromDatabase) => {
      if (message.type === 'ready') {
        this.opened = true;
        opened();
      } else if (message.type === 'failed') failed(new Error(`the embedded database did not open: ${message.message}`));
      else if (message.type === 'result') {
        const waiter = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        if ('error' in message) waiter?.reject(new Error(`embedded database: ${message.error}`));
        else waiter?.resolve(message.bytes);
      }
    });
    const stop = (error: Error) => {
      if (this.opened && !this.failure && !this.closed) onLost(error);
      this.failure ??= error;
      failed(error);
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on('error', (error) => stop(error));
    this.worker.on('exit', (code) => stop(new Error(`the embedded database's thread stopped (exit code ${code})`)));
  }

  /** Runs protocol bytes; the answer's bytes, in the order the calls were made. */
  exec(bytes: Uint8Array): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'exec', id, bytes } satisfies ToDatabase, [bytes.buffer as ArrayBuffer]);
    });
  }

  /** A stream for node-postgres (`stream` in its connection options). */
  connection(): Duplex {
    return new ThreadConnection(this);
  }

  /** Closes the database (PGlite writes its last state) and ends the thread. */
  close(): Promise<void> {
    this.closed ??= (async () => {
      if (!this.failure) {
        const done = new Promise<void>((resolve) => {
          this.worker.on('message', (message: FromDatabase) => {
            if (message.type === 'closed') resolve();
          });
          this.worker.once('exit', () => resolve());
        });
        this.worker.postMessage({ type: 'close' } satisfies ToDatabase);
        await done;
      }
      await this.worker.terminate();
    })();
    return this.closed;
  }
}

/**
 * A socket-like stream to the database thread. node-postgres corks the stream while it writes one query's messages,
 * so they reach {@link ThreadConnection._writev} together and go as one message.
 */
class ThreadConnection extends Duplex {
  constructor(private readonly thread: PgliteThread) {
    super();
  }

  // what node-postgres calls on a socket
  connect(): this {
    process.nextTick(() => this.emit('connect'));
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.send([chunk]);
    callback();
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.send(chunks.map((c) => c.chunk));
    callback();
  }

  override _read(): void {
    // answers are pushed as they come
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.push(null);
    callback();
  }

  private send(chunks: Buffer[]): void {
    // a copy in a buffer of its own: node's small Buffers share a pool, which must not move to the other thread
    const bytes = new Uint8Array(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    this.thread.exec(bytes).then(
      (answer) => {
        if (answer.length > 0 && !this.destroyed) this.push(Buffer.from(answer.buffer, answer.byteOffset, answer.length));
      },
      (error: Error) => this.destroy(error),
    );
  }
}
