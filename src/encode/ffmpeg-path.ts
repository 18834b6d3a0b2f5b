import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { createRequire } from 'node:module';
import { AbortedError, AftermathError } from '../core/errors.js';

/**
 * The ffmpeg binary shipped by `@ffmpeg-installer/ffmpeg`. A system ffmpeg on PATH is never
 * used, so every machine encodes with the same build and the same libx264.
 */
let cachedPath: string | undefined;

export function resolveFfmpegPath(): string {
  if (cachedPath !== undefined) return cachedPath;
  const require = createRequire(import.meta.url);
  let found: unknown;
  try {
    // The package throws a plain string (not an Error) when its platform binary is missing,
    // so it is loaded lazily here rather than by a static import that would crash on load.
    const mod = require('@ffmpeg-installer/ffmpeg') as { path?: unknown };
    found = mod.path;
  } catch (err) {
    throw new AftermathError(
      `the bundled ffmpeg from @ffmpeg-installer/ffmpeg could not be loaded: ${err instanceof Error ? err.message : String(err)}`,
      'encode.ffmpeg_missing',
      [{ code: 'encode.ffmpeg_missing', hint: 'reinstall dependencies (npm ci) on a supported platform; a system ffmpeg is not used' }],
    );
  }
  if (typeof found !== 'string' || found.length === 0) {
    throw new AftermathError('@ffmpeg-installer/ffmpeg did not report a binary path', 'encode.ffmpeg_missing');
  }
  try {
    accessSync(found, fsConstants.X_OK);
  } catch {
    throw new AftermathError(`the bundled ffmpeg at ${found} is missing or not executable`, 'encode.ffmpeg_missing', [
      { code: 'encode.ffmpeg_missing', received: found, hint: 'reinstall dependencies (npm ci)' },
    ]);
  }
  cachedPath = found;
  return found;
}

export interface RunFfmpegOptions {
  signal?: AbortSignal;
  /** Stage name used in the AbortedError; defaults to `encode`. */
  stage?: string;
  /** Called with each complete line ffmpeg writes to stdout (e.g. `-progress pipe:1`). */
  onStdoutLine?: (line: string) => void;
}

const STDERR_TAIL_LINES = 20;
const STDERR_KEEP_CHARS = 1 << 20;

/** Last `count` non-empty lines of ffmpeg's stderr. */
export function stderrTail(stderr: string, count = STDERR_TAIL_LINES): string {
  const lines = stderr.split(/\r?\n|\r/).filter((l) => l.trim().length > 0);
  return lines.slice(-count).join('\n');
}

/**
 * Runs the bundled ffmpeg with `args` (no shell; `-hide_banner -nostdin` are prepended).
 * Resolves with the collected stderr on exit code 0. On abort the process is killed and the
 * promise rejects with AbortedError once it has exited; on any other failure it rejects with
 * an AftermathError `encode.ffmpeg_failed` whose message carries the last ~20 stderr lines.
 */
export function runFfmpeg(args: string[], opts: RunFfmpegOptions = {}): Promise<{ stderr: string }> {
  const stage = opts.stage ?? 'encode';
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(new AbortedError(stage));
  const bin = resolveFfmpegPath();

  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['-hide_banner', '-nostdin', ...args], {
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stderr = '';
    let stdoutBuf = '';
    let settled = false;

    const onAbort = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });

    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > STDERR_KEEP_CHARS * 2) stderr = stderr.slice(-STDERR_KEEP_CHARS);
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (!opts.onStdoutLine) return;
      stdoutBuf += chunk;
      let nl: number;
      while ((nl = stdoutBuf.indexOf('\n')) >= 0) {
        const line = stdoutBuf.slice(0, nl).replace(/\r$/, '');
        stdoutBuf = stdoutBuf.slice(nl + 1);
        try {
          opts.onStdoutLine(line);
        } catch {
          // A throwing listener must not take the process handling down with it.
        }
      }
    });

    const finish = (err: Error | undefined): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve({ stderr });
    };

    child.on('error', (err) => {
      // If the process never started there will be no 'close' with an exit code.
      if (child.pid === undefined) {
        finish(
          new AftermathError(`could not start ffmpeg (${bin}): ${err.message}`, 'encode.ffmpeg_failed', [
            { code: 'encode.ffmpeg_failed', received: bin },
          ]),
        );
      }
    });

    child.on('close', (code, sig) => {
      if (signal?.aborted) return finish(new AbortedError(stage));
      if (code === 0) return finish(undefined);
      const how = code !== null ? `exit code ${code}` : `signal ${sig ?? 'unknown'}`;
      const tail = stderrTail(stderr);
      finish(
        new AftermathError(`ffmpeg failed with ${how}:\n${tail}`, 'encode.ffmpeg_failed', [
          { code: 'encode.ffmpeg_failed', received: code ?? sig, hint: tail.split('\n').slice(-1)[0] },
        ]),
      );
    });
  });
}
