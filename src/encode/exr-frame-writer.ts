/**
 * Writes the render's EXR frames off its critical path: each frame's job is encoded and written
 * on a worker thread while the next frame renders. At most `maxInFlight` frames are accepted but
 * not yet on disk (`write` waits for room: bounded memory, back-pressure on the render). The
 * first failed write fails every later `write` and `flush`, so a frame is never lost silently;
 * `close` waits for what was accepted and stops the thread. The bytes are those of
 * `writeExrFrameJob` on the calling thread (`mode: 'inline'`), which the worker runs too.
 */
import { Worker } from 'node:worker_threads';
import { AftermathError } from '../core/errors.js';
import { writeExrFrameJob } from './exr-frame-job.js';
import type { ExrFrameJob } from './exr-frame-job.js';
import type { ExrWorkerReply, ExrWorkerRequest } from './exr-write-worker.js';

export interface ExrFrameWriterOptions {
  /** Frames accepted but not yet written before `write` waits; default 2. */
  maxInFlight?: number;
  /** 'worker' (default): encode and write on a worker thread; 'inline': on this thread, one frame at a time. */
  mode?: 'worker' | 'inline';
}

/** A frame's EXR could not be written (the cause says why: disk, permissions, a crashed writer thread). */
export class ExrWriteError extends AftermathError {
  constructor(file: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`EXR frame not written: ${file}: ${reason}`, 'encode.exr_write_failed', [{ code: 'encode.exr_write_failed', path: 'output.formats', received: file }]);
    this.name = 'ExrWriteError';
    this.cause = cause;
  }
}

/**
 * A worker thread running `exr-write-worker`: the compiled `.js` beside this file, or, when
 * this module runs from its `.ts` source (tsx: tests, bench), a small bootstrap that registers
 * tsx in the thread first (tsx's `--import` hook does not reach worker threads on Node 20).
 */
function startWriterThread(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./exr-write-worker.js', import.meta.url));
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./exr-write-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true });
}

/** The job's buffers that an array views whole (each once): what `transfer` moves. */
function ownedBuffers(job: ExrFrameJob): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (a: unknown): void => {
    if (!ArrayBuffer.isView(a)) return;
    const b = a.buffer;
    if (b instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === b.byteLength) out.add(b);
  };
  for (const v of Object.values(job.passes)) add(v);
  add(job.plate?.captureShare);
  add(job.plate?.synthesizedBackground);
  return [...out];
}

function errorFrom(reply: ExrWorkerReply): Error {
  const e = new Error(reply.error?.message ?? 'unknown error in the EXR writer thread');
  e.name = reply.error?.name ?? 'Error';
  if (reply.error?.code) (e as Error & { code?: string }).code = reply.error.code;
  if (reply.error?.stack) e.stack = reply.error.stack;
  return e;
}

export class ExrFrameWriter {
  private readonly maxInFlight: number;
  private readonly mode: 'worker' | 'inline';
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  /** One promise per accepted frame; they never reject (failures land in `failure`). */
  private readonly inFlight = new Set<Promise<void>>();
  private failure: Error | null = null;
  private closed = false;

  constructor(opts: ExrFrameWriterOptions = {}) {
    this.maxInFlight = Math.max(1, Math.floor(opts.maxInFlight ?? 2));
    this.mode = opts.mode ?? 'worker';
    // Started now, the thread loads its modules while the render loads the scene.
    if (this.mode === 'worker') this.startWorker();
  }

  /**
   * Accepts one frame: resolves once it is queued (after waiting for room), not once it is on
   * disk. Throws the first failed write of this writer, if any. The job's arrays are copied
   * to the thread, so the caller may reuse them as soon as this resolves; with `transfer` the
   * caller gives them up instead (no copy: the arrays that own their whole buffer move to the
   * thread and are empty here afterwards).
   */
  async write(job: ExrFrameJob, opts: { transfer?: boolean } = {}): Promise<void> {
    if (this.closed) throw new Error('ExrFrameWriter: write after close');
    while (this.inFlight.size >= this.maxInFlight && !this.failure) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure;
    const done: Promise<void> = this.run(job, opts.transfer ?? false)
      .catch((err: unknown) => {
        this.failure ??= new ExrWriteError(job.path, err);
      })
      .finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
  }

  /** Waits until every accepted frame is on disk; throws the first failed write. */
  async flush(): Promise<void> {
    while (this.inFlight.size) await Promise.all(this.inFlight);
    if (this.failure) throw this.failure;
  }

  /** Waits for the accepted frames (without throwing; see `flush`) and stops the thread. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight.size) await Promise.all(this.inFlight);
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private run(job: ExrFrameJob, transfer: boolean): Promise<void> {
    if (this.mode === 'inline') return writeExrFrameJob(job);
    const worker = this.startWorker();
    const id = this.nextId++;
    const message: ExrWorkerRequest = { id, job };
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      try {
        try {
          worker.postMessage(message, transfer ? ownedBuffers(job) : []);
        } catch {
          // A buffer that cannot move (e.g. a WebAssembly memory): copy instead.
          worker.postMessage(message);
        }
      } catch (err) {
        this.waiting.delete(id);
        reject(err);
      }
    });
  }

  private startWorker(): Worker {
    if (this.worker) return this.worker;
    const w = startWriterThread();
    w.on('message', (reply: ExrWorkerReply) => {
      const entry = this.waiting.get(reply.id);
      if (!entry) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) w.unref();
      if (reply.ok) entry.resolve();
      else entry.reject(errorFrom(reply));
    });
    w.on('error', (err) => this.abandon(w, err));
    w.on('exit', (code) => this.abandon(w, new Error(`the EXR writer thread exited (code ${code})`)));
    w.unref();
    this.worker = w;
    return w;
  }

  /** The thread died: every frame it still held fails with the reason. */
  private abandon(w: Worker, err: Error): void {
    // A later event of a thread already given up ('exit' after 'error') concerns nothing now.
    if (this.worker !== w && this.worker !== null) return;
    this.worker = null;
    for (const entry of this.waiting.values()) entry.reject(err);
    this.waiting.clear();
  }
}
