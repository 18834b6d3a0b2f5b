/**
 * The EXR writer thread (started by `ExrFrameWriter`): runs each `ExrFrameJob` it is sent and
 * answers `{ id, ok: true }` or `{ id, ok: false, error }` once the file is in place.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { writeExrFrameJob } from './exr-frame-job.js';
import type { ExrFrameJob } from './exr-frame-job.js';

/** Niceness of the writer thread (0 = the render's, 19 = lowest). */
export const WRITER_NICE = 10;

export interface ExrWorkerRequest {
  id: number;
  job: ExrFrameJob;
}

export interface ExrWorkerReply {
  id: number;
  ok: boolean;
  error?: { name: string; message: string; code?: string; stack?: string };
}

const port = parentPort;
if (!port) throw new Error('exr-write-worker runs as a worker thread');

// Below the render's threads (nice 10): the writer takes the CPU the render leaves idle rather
// than slowing it down. Best effort, Linux only (a thread's id from /proc/thread-self).
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, WRITER_NICE);
} catch {
  // No /proc or no permission: the thread runs at the process's priority.
}
port.on('message', async ({ id, job }: ExrWorkerRequest) => {
  let reply: ExrWorkerReply;
  try {
    await writeExrFrameJob(job);
    reply = { id, ok: true };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const code = (e as { code?: unknown }).code;
    reply = { id, ok: false, error: { name: e.name, message: e.message, code: typeof code === 'string' ? code : undefined, stack: e.stack } };
  }
  port.postMessage(reply);
});
