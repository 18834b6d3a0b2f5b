import { promises as fs } from 'node:fs';
import path from 'node:path';
import { throwIfAborted } from '../core/abort.js';
import { AbortedError, InputError } from '../core/errors.js';
import type { Logger, ProgressEvent } from '../core/stage.js';
import { runFfmpeg } from './ffmpeg-path.js';
import { readPngSize } from './png-frames.js';

/** What every movie encoder takes: a numbered PNG sequence and where to write. */
export interface SequenceEncodeOptions {
  /** Absolute image2 pattern, e.g. `/abs/out/frames/beauty.%04d.png`. */
  framePattern: string;
  /** Number of the first frame (frames are numbered from 1 in Aftermath). */
  startNumber: number;
  frameCount: number;
  fps: number;
  outPath: string;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  log?: Logger;
}

export interface SequenceEncodeResult {
  outPath: string;
  /** Encoded size (padded to what the codec needs). */
  width: number;
  height: number;
  /** True when a column or row of black was added. */
  padded: boolean;
}

/** How one container/codec differs from the others. */
export interface MovieFormat {
  name: string;
  /** Lower-case extension with the dot, e.g. `.mp4`. */
  ext: string;
  /** Pad to even width (and height, when `evenHeight`). */
  evenHeight: boolean;
  /** The ffmpeg arguments for a temp output path. */
  args(opts: SequenceEncodeOptions, tmpPath: string, pad: boolean): string[];
  /** For the log line, e.g. `H.264 yuv420p BT.709`. */
  describe: string;
}

const STAGE = 'encode';

/** Expands the single `%d` / `%0Nd` in an image2 pattern for one frame number. */
export function expandFramePattern(pattern: string, frame: number): string {
  let used = false;
  const out = pattern.replace(/%(%|(0?)(\d*)d)/g, (_m, spec: string, zero: string, width: string) => {
    if (spec === '%') return '%';
    used = true;
    return String(frame).padStart(width ? Number(width) : 0, zero ? '0' : ' ');
  });
  if (!used) {
    throw new InputError(`frame pattern has no %d or %0Nd placeholder: ${pattern}`, 'encode.bad_pattern', [
      { code: 'encode.bad_pattern', allowed: 'a path containing %04d', received: pattern },
    ]);
  }
  return out;
}

/** Temp name in the same folder, keeping the extension so the muxer is obvious: `.name.<pid>.tmp.ext`. */
export function sequenceTempPath(outPath: string): string {
  const ext = path.extname(outPath);
  const base = path.basename(outPath, ext);
  return path.join(path.dirname(outPath), `.${base}.${process.pid}.tmp${ext.toLowerCase()}`);
}

function validate(opts: SequenceEncodeOptions, format: MovieFormat): void {
  const bad = (field: string, allowed: string, value: unknown): never => {
    throw new InputError(`encode ${format.name}: invalid ${field}`, 'encode.bad_option', [
      { code: 'encode.bad_option', path: field, allowed, received: value },
    ]);
  };
  if (!path.isAbsolute(opts.framePattern)) bad('framePattern', 'an absolute path', opts.framePattern);
  if (!Number.isInteger(opts.startNumber) || opts.startNumber < 0) bad('startNumber', 'integer >= 0', opts.startNumber);
  if (!Number.isInteger(opts.frameCount) || opts.frameCount < 1) bad('frameCount', 'integer >= 1', opts.frameCount);
  if (!Number.isFinite(opts.fps) || opts.fps <= 0 || opts.fps > 1000) bad('fps', '0 < fps <= 1000', opts.fps);
  if (path.extname(opts.outPath).toLowerCase() !== format.ext) bad('outPath', `a path ending in ${format.ext}`, opts.outPath);
}

/**
 * Encodes a numbered PNG sequence with ffmpeg (from npm). Deterministic: the same frames give
 * byte-identical files. Writes to a temp file beside `outPath` and renames it into place, so
 * an aborted or failed encode never leaves a file at `outPath`.
 */
export async function encodeSequence(opts: SequenceEncodeOptions, format: MovieFormat): Promise<SequenceEncodeResult> {
  validate(opts, format);
  const signal = opts.signal ?? new AbortController().signal;
  const log = opts.log ?? (() => {});
  const onProgress = opts.onProgress ?? (() => {});
  throwIfAborted(signal, STAGE);
  for (let i = 0; i < opts.frameCount; i++) {
    const file = expandFramePattern(opts.framePattern, opts.startNumber + i);
    const ok = await fs.stat(file).then((s) => s.isFile(), () => false);
    if (!ok) {
      throw new InputError(`missing frame ${opts.startNumber + i} for encode: ${file}`, 'encode.missing_frame', [
        { code: 'encode.missing_frame', path: 'framePattern', received: file },
      ]);
    }
  }
  const size = await readPngSize(expandFramePattern(opts.framePattern, opts.startNumber));
  const pad = size.width % 2 === 1 || (format.evenHeight && size.height % 2 === 1);
  const width = size.width + (size.width % 2);
  const height = format.evenHeight ? size.height + (size.height % 2) : size.height;
  if (pad) log(`encode: frames are ${size.width}x${size.height}; ${format.name} needs even dimensions, padding to ${width}x${height} (black on the right/bottom)`);

  await fs.mkdir(path.dirname(opts.outPath), { recursive: true });
  const tmp = sequenceTempPath(opts.outPath);
  const total = opts.frameCount;
  let lastDone = -1;
  const report = (done: number): void => {
    const clamped = Math.max(0, Math.min(total, done));
    if (clamped === lastDone) return;
    lastDone = clamped;
    onProgress({ stage: STAGE, done: clamped, total, unit: 'frames' });
  };
  report(0);
  try {
    await runFfmpeg(format.args(opts, tmp, pad), {
      signal,
      stage: STAGE,
      onStdoutLine: (line) => {
        const m = /^frame=\s*(\d+)/.exec(line);
        if (m) report(Number(m[1]));
      },
    });
    // The signal may have fired after ffmpeg finished writing but before we publish the file.
    if (signal.aborted) throw new AbortedError(STAGE);
    await fs.rename(tmp, opts.outPath);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  report(total);
  log(`encode: wrote ${opts.outPath} (${total} frames, ${width}x${height}, ${opts.fps} fps, ${format.describe})`);
  return { outPath: opts.outPath, width, height, padded: pad };
}

/** Input side of every encode: the image2 sequence, one video stream, nothing else. */
export function sequenceInputArgs(opts: SequenceEncodeOptions): string[] {
  return [
    '-y', '-nostats', '-progress', 'pipe:1',
    '-f', 'image2', '-framerate', String(opts.fps), '-start_number', String(opts.startNumber), '-i', opts.framePattern,
    '-frames:v', String(opts.frameCount), '-map', '0:v:0', '-an', '-sn', '-dn',
  ];
}

/** BT.709 limited-range tags and bit-exact, metadata-free output. */
export const BT709_BITEXACT_ARGS = [
  '-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709', '-color_range', 'tv',
  '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact',
];
