/**
 * The byte reordering and delta predictor that RLE and ZIP apply before compressing
 * (ImfRleCompressor / ImfZip): even bytes first, then odd bytes, then each byte stored as
 * the difference from the previous one plus 128.
 */

/** `out` (as long as `raw`, every byte overwritten) may be a scratch buffer the caller reuses. */
export function interleaveAndPredict(raw: Uint8Array, out: Uint8Array = new Uint8Array(raw.length)): Uint8Array {
  const n = raw.length;
  if (out.length !== n) throw new RangeError(`predictor output is ${out.length} bytes for ${n}`);
  if (n >= 8 && (n & 7) === 0 && (raw.byteOffset & 3) === 0 && (out.byteOffset & 3) === 0) return predictWords(raw, out);
  if (n === 0) return out;
  const half = (n + 1) >> 1;
  // One pass per half, straight from `raw`: even bytes to out[0, half), odd bytes after them,
  // each the difference from the byte before it in that order (the first odd byte follows the
  // last even one).
  let p = raw[0];
  out[0] = p;
  for (let i = 2, k = 1; k < half; i += 2, k++) {
    const v = raw[i];
    out[k] = (v - p + 384) & 0xff;
    p = v;
  }
  for (let i = 1, k = half; i < n; i += 2, k++) {
    const v = raw[i];
    out[k] = (v - p + 384) & 0xff;
    p = v;
  }
  return out;
}

const HIGH = 0x80808080;

/**
 * The same eight bytes at a time (length a multiple of 8, little-endian words): with a =
 * bytes 4j..4j+3 and b = bytes 4j-2..4j+1, the byte-wise a − b holds the deltas of two even
 * and two odd bytes. Byte-wise subtraction without borrows between bytes, plus 128 per byte,
 * is ((a | H) − (b & ~H)) ^ ((a ^ b) & H) with H = 0x80 in every byte.
 */
function predictWords(raw: Uint8Array, out: Uint8Array): Uint8Array {
  const n = raw.length;
  const half = n >> 1;
  const words = new Uint32Array(raw.buffer, raw.byteOffset, n >> 2);
  const even = new Uint32Array(out.buffer, out.byteOffset, n >> 3);
  const odd = new Uint32Array(out.buffer, out.byteOffset + half, n >> 3);
  let prev = 0;
  for (let j = 0, k = 0; k < even.length; j += 2, k++) {
    const a1 = words[j];
    const b1 = (a1 << 16) | (prev >>> 16);
    const a2 = words[j + 1];
    const b2 = (a2 << 16) | (a1 >>> 16);
    prev = a2;
    const d1 = ((a1 | HIGH) - (b1 & ~HIGH)) ^ ((a1 ^ b1) & HIGH);
    const d2 = ((a2 | HIGH) - (b2 & ~HIGH)) ^ ((a2 ^ b2) & HIGH);
    even[k] = (d1 & 0xff) | ((d1 >>> 8) & 0xff00) | ((d2 & 0xff) << 16) | ((d2 << 8) & 0xff000000);
    odd[k] = ((d1 >>> 8) & 0xff) | ((d1 >>> 16) & 0xff00) | ((d2 << 8) & 0xff0000) | (d2 & 0xff000000);
  }
  // The first even byte is stored as is; the first odd byte follows the last even byte.
  out[0] = raw[0];
  out[half] = (raw[1] - raw[n - 2] + 384) & 0xff;
  return out;
}

/** Inverse of `interleaveAndPredict`; modifies `tmp` in place and returns the raw bytes. */
export function unpredictAndDeinterleave(tmp: Uint8Array): Uint8Array {
  const n = tmp.length;
  for (let i = 1; i < n; i++) tmp[i] = (tmp[i - 1] + tmp[i] - 128) & 0xff;
  const out = new Uint8Array(n);
  const half = (n + 1) >> 1;
  let t1 = 0;
  let t2 = half;
  for (let i = 0; i < n; i += 2) {
    out[i] = tmp[t1++];
    if (i + 1 < n) out[i + 1] = tmp[t2++];
  }
  return out;
}
