/**
 * RLE compression (ImfRle): runs of 3..128 equal bytes as (count-1, byte), literal stretches
 * of up to 127 bytes as (-count, bytes...), applied after the byte predictor.
 */
import { interleaveAndPredict, unpredictAndDeinterleave } from './byte-predictor.js';
import { exrInvalid } from './exr-errors.js';

const MIN_RUN = 3;
const MAX_RUN = 127;

function rleEncode(src: Uint8Array): Uint8Array {
  const n = src.length;
  const out = new Uint8Array(n + Math.ceil(n / MAX_RUN) + 2);
  let o = 0;
  let runStart = 0;
  let runEnd = 1;
  while (runStart < n) {
    while (runEnd < n && src[runStart] === src[runEnd] && runEnd - runStart - 1 < MAX_RUN) runEnd++;
    if (runEnd - runStart >= MIN_RUN) {
      out[o++] = runEnd - runStart - 1;
      out[o++] = src[runStart];
      runStart = runEnd;
    } else {
      while (
        runEnd < n &&
        (runEnd + 1 >= n || src[runEnd] !== src[runEnd + 1] || runEnd + 2 >= n || src[runEnd + 1] !== src[runEnd + 2]) &&
        runEnd - runStart < MAX_RUN
      ) {
        runEnd++;
      }
      out[o++] = (runStart - runEnd) & 0xff;
      while (runStart < runEnd) out[o++] = src[runStart++];
    }
    runEnd++;
  }
  return out.subarray(0, o);
}

function rleDecode(src: Uint8Array, expected: number): Uint8Array {
  const out = new Uint8Array(expected);
  let i = 0;
  let o = 0;
  while (i < src.length) {
    const c = (src[i++] << 24) >> 24;
    if (c < 0) {
      const count = -c;
      if (o + count > expected || i + count > src.length) throw exrInvalid('RLE literal run overflows the block', 'rle', { at: i });
      out.set(src.subarray(i, i + count), o);
      i += count;
      o += count;
    } else {
      const count = c + 1;
      if (o + count > expected || i >= src.length) throw exrInvalid('RLE run overflows the block', 'rle', { at: i });
      out.fill(src[i++], o, o + count);
      o += count;
    }
  }
  if (o !== expected) throw exrInvalid('RLE block decodes to the wrong size', 'rle', o, String(expected));
  return out;
}

export function rleCompress(raw: Uint8Array): Uint8Array {
  return rleEncode(interleaveAndPredict(raw));
}

export function rleDecompress(data: Uint8Array, expected: number): Uint8Array {
  return unpredictAndDeinterleave(rleDecode(data, expected));
}
