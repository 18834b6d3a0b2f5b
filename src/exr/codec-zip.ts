/**
 * ZIP / ZIPS compression: the byte predictor, then zlib (RFC 1950). Compression uses
 * fflate by default (pure JS, so the bytes are the same on every machine and Node version)
 * or node:zlib on request; decompression uses node:zlib with the output capped at the
 * expected block size.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { zlibSync } from 'fflate';
import { interleaveAndPredict, unpredictAndDeinterleave } from './byte-predictor.js';
import { exrInvalid } from './exr-errors.js';

/** Default zlib level; OpenEXR 3 defaults to 4 as well. */
export const ZIP_LEVEL = 4;

/** How ZIP/ZIPS blocks are deflated: which implementation, at which zlib level (1..9). */
export interface ZipOptions {
  deflate: 'portable' | 'native';
  level: number;
}

export const DEFAULT_ZIP: ZipOptions = { deflate: 'portable', level: ZIP_LEVEL };

/** The predicted bytes of the block being compressed, reused from block to block. */
let scratch = new Uint8Array(0);

export function zipCompress(raw: Uint8Array, zip: ZipOptions = DEFAULT_ZIP): Uint8Array {
  if (scratch.length < raw.length) scratch = new Uint8Array(raw.length);
  // Deflate reads `pre` before returning and copies nothing of it into its output.
  const pre = interleaveAndPredict(raw, scratch.subarray(0, raw.length));
  if (zip.deflate === 'native') {
    const out = deflateSync(pre, { level: zip.level });
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  }
  return zlibSync(pre, { level: zip.level as 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 });
}

/** Inflates a zlib stream that must produce exactly `expected` bytes. */
export function inflateExact(data: Uint8Array, expected: number, what: string): Uint8Array {
  let out: Buffer;
  try {
    out = inflateSync(data, { maxOutputLength: Math.max(1, expected) });
  } catch (err) {
    throw exrInvalid(`${what} block does not inflate: ${(err as Error).message}`, what);
  }
  if (out.length !== expected) throw exrInvalid(`${what} block inflates to the wrong size`, what, out.length, String(expected));
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

export function zipDecompress(data: Uint8Array, expected: number): Uint8Array {
  // inflateExact's result may share Node's pool; copy before the in-place predictor pass.
  return unpredictAndDeinterleave(inflateExact(data, expected, 'zip').slice());
}
