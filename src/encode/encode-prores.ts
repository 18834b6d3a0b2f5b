import { promises as fs } from 'node:fs';
import path from 'node:path';
import { throwIfAborted } from '../core/abort.js';
import { AbortedError, InputError } from '../core/errors.js';
import type { Logger, ProgressEvent } from '../core/stage.js';
import { expandFramePattern } from './encode-mp4.js';
import { runFfmpeg } from './ffmpeg-path.js';
import { readPngSize } from './png-frames.js';

export interface EncodeProresOptions {
  /** Absolute image2 pattern, e.g. `/abs/out/frames/beauty.%04d.png`. */
  framePattern: string;
  /** Number of the first frame (frames are numbered from 1 in Aftermath). */
  startNumber: number;
  frameCount: number;
  fps: number;
  /** Path ending in `.mov`. */
  outPath: string;
  signal?: AbortSignal;
  onProgress?: (event: ProgressEvent) => void;
  log?: Logger;
}

export interface EncodeProresResult {
  outPath: string;
  /** Encoded size (source width rounded up to even; 4:2:2 halves only the width). */
  width: number;
  height: number;
  /** True when the source width was odd and one column of black was added. */
  padded: boolean;
}

const STAGE = 'encode';

function validate(opts: EncodeProresOptions): void {
  const bad = (field: string, allowed: string, value: unknown): never => {
    throw new InputError(`encodeProres: invalid ${field}`, 'encode.bad_option', [
      { code: 'encode.bad_option', path: field, allowed, received: value },
    ]);
  };
  if (!path.isAbsolute(opts.framePattern)) bad('framePattern', 'an absolute path', opts.framePattern);
  if (!Number.isInteger(opts.startNumber) || opts.startNumber < 0) bad('startNumber', 'integer >= 0', opts.startNumber);
  if (!Number.isInteger(opts.frameCount) || opts.frameCount < 1) bad('frameCount', 'integer >= 1', opts.frameCount);
  if (!Number.isFinite(opts.fps) || opts.fps <= 0 || opts.fps > 1000) bad('fps', '0 < fps <= 1000', opts.fps);
  if (path.extname(opts.outPath).toLowerCase() !== '.mov') bad('outPath', 'a path ending in .mov', opts.outPath);
}

/** Temp name in the same folder, keeping `.mov`: `.name.<pid>.tmp.mov`. */
export function movTempPath(outPath: string): string {
  const base = path.basename(outPath, path.extname(outPath));
  return path.join(path.dirname(outPath), `.${base}.${process.pid}.tmp.mov`);
}

/**
 * The ffmpeg argument list (without the binary and the always-prepended `-hide_banner -nostdin`).
 * BT.709 is tagged twice: in the container (`colr` atom via the stream's colour options) and
 * in every ProRes frame header, which this ffmpeg's prores_ks leaves "unspecified" unless
 * the `prores_metadata` bitstream filter rewrites it.
 */
export function buildProresArgs(opts: EncodeProresOptions, tmpPath: string, pad: boolean): string[] {
  const filters: string[] = [];
  if (pad) filters.push('pad=ceil(iw/2)*2:ih:0:0:black');
  filters.push('scale=out_color_matrix=bt709:out_range=tv', 'format=yuv422p10le');
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
    '-c:v', 'prores_ks',
    '-profile:v', '3',
    '-vendor', 'apl0',
    '-pix_fmt', 'yuv422p10le',
    '-bsf:v', 'prores_metadata=color_primaries=bt709:color_trc=bt709:colorspace=bt709',
    '-colorspace', 'bt709',
    '-color_primaries', 'bt709',
    '-color_trc', 'bt709',
    '-color_range', 'tv',
    '-map_metadata', '-1',
    '-fflags', '+bitexact',
    '-flags:v', '+bitexact',
    '-movflags', '+write_colr',
    '-f', 'mov',
    tmpPath,
  ];
}

/**
 * Encodes a numbered PNG sequence to Apple ProRes 422 HQ (10-bit 4:2:2, BT.709, limited
 * range) in a QuickTime .mov. Deterministic: the same frames give byte-identical files.
 * Writes to a temp file beside `outPath` and renames it into place, so an aborted or failed
 * encode never leaves a file at `outPath`.
 */
export async function encodeProres(opts: EncodeProresOptions): Promise<EncodeProresResult> {
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
  const pad = size.width % 2 === 1;
  const width = size.width + (size.width % 2);
  const height = size.height;
  if (pad) {
    log(`encode: frames are ${size.width}x${size.height}; ProRes 4:2:2 needs an even width, padding to ${width}x${height} (black column on the right)`);
  }

  await fs.mkdir(path.dirname(opts.outPath), { recursive: true });
  const tmp = movTempPath(opts.outPath);
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
    await runFfmpeg(buildProresArgs(opts, tmp, pad), {
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
  log(`encode: wrote ${opts.outPath} (${total} frames, ${width}x${height}, ${opts.fps} fps, ProRes 422 HQ yuv422p10le BT.709)`);
  return { outPath: opts.outPath, width, height, padded: pad };
}
