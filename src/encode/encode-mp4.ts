import { promises as fs } from 'node:fs';
import path from 'node:path';
import { throwIfAborted } from '../core/abort.js';
import { AbortedError, InputError } from '../core/errors.js';
import type { Logger, ProgressEvent } from '../core/stage.js';
import { runFfmpeg } from './ffmpeg-path.js';
import { readPngSize } from './png-frames.js';

export interface EncodeMp4Options {
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

export interface EncodeMp4Result {
  outPath: string;
  /** Encoded size (source size rounded up to even). */
  width: number;
  height: number;
  /** True when the source had an odd dimension and one pixel of black was added. */
  padded: boolean;
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

function validate(opts: EncodeMp4Options): void {
  const bad = (field: string, allowed: string, value: unknown): never => {
    throw new InputError(`encodeMp4: invalid ${field}`, 'encode.bad_option', [
      { code: 'encode.bad_option', path: field, allowed, received: value },
    ]);
  };
  if (!path.isAbsolute(opts.framePattern)) bad('framePattern', 'an absolute path', opts.framePattern);
  if (!Number.isInteger(opts.startNumber) || opts.startNumber < 0) bad('startNumber', 'integer >= 0', opts.startNumber);
  if (!Number.isInteger(opts.frameCount) || opts.frameCount < 1) bad('frameCount', 'integer >= 1', opts.frameCount);
  if (!Number.isFinite(opts.fps) || opts.fps <= 0 || opts.fps > 1000) bad('fps', '0 < fps <= 1000', opts.fps);
  if (path.extname(opts.outPath).toLowerCase() !== '.mp4') bad('outPath', 'a path ending in .mp4', opts.outPath);
}

/** Temp name in the same folder, keeping `.mp4` so the muxer is obvious: `.name.<pid>.tmp.mp4`. */
export function mp4TempPath(outPath: string): string {
  const base = path.basename(outPath, path.extname(outPath));
  return path.join(path.dirname(outPath), `.${base}.${process.pid}.tmp.mp4`);
}

/** The ffmpeg argument list (without the binary and the always-prepended `-hide_banner -nostdin`). */
export function buildEncodeArgs(opts: EncodeMp4Options, tmpPath: string, pad: boolean): string[] {
  const filters: string[] = [];
  if (pad) filters.push('pad=ceil(iw/2)*2:ceil(ih/2)*2:0:0:black');
  // RGB → Y'CbCr with the BT.709 matrix into limited range, done here rather than by an
  // auto-inserted scaler (which would default to BT.601).
  filters.push('scale=out_color_matrix=bt709:out_range=tv', 'format=yuv420p');
  return [
    '-y',
    '-nostats',
    '-progress', 'pipe:1',
    '-f', 'image2',
    '-framerate', String(opts.fps),
    '-start_number', String(opts.startNumber),
    '-i', opts.framePattern,
    '-frames:v', String(opts.frameCount),
    '-map', '0:v:0',
    '-an', '-sn', '-dn',
    '-vf', filters.join(','),
    '-c:v', 'libx264',
    '-preset', 'medium',
    '-crf', '18',
    '-pix_fmt', 'yuv420p',
    '-colorspace', 'bt709',
    '-color_primaries', 'bt709',
    '-color_trc', 'bt709',
    '-color_range', 'tv',
    '-map_metadata', '-1',
    '-fflags', '+bitexact',
    '-flags:v', '+bitexact',
    '-movflags', '+faststart+write_colr',
    '-f', 'mp4',
    tmpPath,
  ];
}

/**
 * Encodes a numbered PNG sequence to an H.264 / yuv420p / BT.709 MP4. Deterministic: the same
 * frames give byte-identical files. Writes to a temp file beside `outPath` and renames it into
 * place, so an aborted or failed encode never leaves a file at `outPath`.
 */
export async function encodeMp4(opts: EncodeMp4Options): Promise<EncodeMp4Result> {
  validate(opts);
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
  const pad = size.width % 2 === 1 || size.height % 2 === 1;
  const width = size.width + (size.width % 2);
  const height = size.height + (size.height % 2);
  if (pad) {
    log(`encode: frames are ${size.width}x${size.height}; H.264 yuv420p needs even dimensions, padding to ${width}x${height} (black edge on the right/bottom)`);
  }

  await fs.mkdir(path.dirname(opts.outPath), { recursive: true });
  const tmp = mp4TempPath(opts.outPath);
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
    await runFfmpeg(buildEncodeArgs(opts, tmp, pad), {
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
  log(`encode: wrote ${opts.outPath} (${total} frames, ${width}x${height}, ${opts.fps} fps, H.264 yuv420p BT.709)`);
  return { outPath: opts.outPath, width, height, padded: pad };
}
