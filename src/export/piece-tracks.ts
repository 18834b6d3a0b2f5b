import { throwIfAborted } from '../core/abort.js';
import { InputError } from '../core/errors.js';
import type { FracturedDoc } from '../fracture/fractured-doc.js';
import type { SimCacheReader } from '../simulate/sim-cache.js';
import { EXPORT_STAGE, type ExportFrames, type ExportOptions } from './export-options.js';

/**
 * Every piece's motion over the exported frames, read once from the simulation cache and
 * laid out piece-major, ready for animation channels: piece p's frame k translation is at
 * `translations[(p * frameCount + k) * 3]`, its rotation (x, y, z, w) at
 * `rotations[(p * frameCount + k) * 4]`.
 */
export interface PieceTracks {
  frames: ExportFrames;
  fps: number;
  pieceCount: number;
  frameCount: number;
  /** Shot frame numbers, `frames.start..frames.end`. */
  frameNumbers: number[];
  /** Seconds of each exported frame: (N - 1) / fps. */
  timesS: Float32Array;
  translations: Float32Array;
  /** Unit quaternions, sign-flipped where needed so consecutive samples lie in one hemisphere. */
  rotations: Float32Array;
}

/** Checks `frames` against the cache and fills the default (all frames). */
export function resolveExportFrames(reader: SimCacheReader, frames?: ExportFrames): ExportFrames {
  const count = reader.header.frameCount;
  const range = frames ?? { start: 1, end: count };
  const ok = Number.isInteger(range.start) && Number.isInteger(range.end) && range.start >= 1 && range.end <= count && range.start <= range.end;
  if (!ok) {
    throw new InputError(`export frames must lie within 1..${count}`, 'export.bad_frames', [
      { code: 'export.bad_frames', path: 'frames', allowed: `1 <= start <= end <= ${count}`, received: range },
    ]);
  }
  return { start: range.start, end: range.end };
}

function checkMatches(doc: FracturedDoc, reader: SimCacheReader): void {
  const { pieceCount, floatsPerPiece } = reader.header;
  if (pieceCount !== doc.pieces.length) {
    throw new InputError(
      `simulation cache has ${pieceCount} pieces but the fractured document has ${doc.pieces.length}`,
      'export.cache_mismatch',
      [{ code: 'export.cache_mismatch', allowed: String(doc.pieces.length), received: pieceCount }],
    );
  }
  const misplaced = doc.pieces.findIndex((piece, i) => piece.index !== i);
  if (misplaced >= 0) {
    throw new InputError(`piece at position ${misplaced} has index ${doc.pieces[misplaced].index}`, 'export.bad_piece_order');
  }
  if (floatsPerPiece < 7) {
    throw new InputError(`simulation cache stores ${floatsPerPiece} floats per piece`, 'export.cache_mismatch');
  }
}

export async function readPieceTracks(opts: Pick<ExportOptions, 'doc' | 'reader' | 'frames' | 'signal' | 'onProgress'>): Promise<PieceTracks> {
  const { doc, reader } = opts;
  checkMatches(doc, reader);
  const frames = resolveExportFrames(reader, opts.frames);
  const signal = opts.signal ?? new AbortController().signal;
  const onProgress = opts.onProgress ?? (() => {});
  const { pieceCount, fps, floatsPerPiece: stride } = reader.header;
  const frameCount = frames.end - frames.start + 1;
  const frameNumbers = Array.from({ length: frameCount }, (_, k) => frames.start + k);
  const timesS = new Float32Array(frameNumbers.map((n) => (n - 1) / fps));
  const translations = new Float32Array(pieceCount * frameCount * 3);
  const rotations = new Float32Array(pieceCount * frameCount * 4);

  onProgress({ stage: EXPORT_STAGE, done: 0, total: frameCount, unit: 'frames' });
  for (let k = 0; k < frameCount; k++) {
    throwIfAborted(signal, EXPORT_STAGE);
    const data = await reader.readFrame(frameNumbers[k] - 1);
    for (let p = 0; p < pieceCount; p++) {
      const src = p * stride;
      const t = (p * frameCount + k) * 3;
      translations[t] = data[src];
      translations[t + 1] = data[src + 1];
      translations[t + 2] = data[src + 2];
      let [x, y, z, w] = [data[src + 3], data[src + 4], data[src + 5], data[src + 6]];
      const len = Math.hypot(x, y, z, w);
      if (!(len > 0) || !Number.isFinite(len)) {
        throw new InputError(`piece ${p} has an invalid rotation in frame ${frameNumbers[k]}`, 'export.bad_rotation');
      }
      // Keep each track in one hemisphere so interpolation takes the short way round.
      const r = (p * frameCount + k) * 4;
      if (k > 0) {
        const dot = x * rotations[r - 4] + y * rotations[r - 3] + z * rotations[r - 2] + w * rotations[r - 1];
        if (dot < 0) [x, y, z, w] = [-x, -y, -z, -w];
      }
      rotations[r] = x / len;
      rotations[r + 1] = y / len;
      rotations[r + 2] = z / len;
      rotations[r + 3] = w / len;
    }
    onProgress({ stage: EXPORT_STAGE, done: k + 1, total: frameCount, unit: 'frames' });
  }
  return { frames, fps, pieceCount, frameCount, frameNumbers, timesS, translations, rotations };
}
