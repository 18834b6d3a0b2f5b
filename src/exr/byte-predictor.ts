/**
 * The byte reordering and delta predictor that RLE and ZIP apply before compressing
 * (ImfRleCompressor / ImfZip): even bytes first, then odd bytes, then each byte stored as
 * the difference from the previous one plus 128.
 */

export function interleaveAndPredict(raw: Uint8Array): Uint8Array {
  const n = raw.length;
  const out = new Uint8Array(n);
  const half = (n + 1) >> 1;
  let t1 = 0;
  let t2 = half;
  for (let i = 0; i < n; i += 2) {
    out[t1++] = raw[i];
    if (i + 1 < n) out[t2++] = raw[i + 1];
  }
  let p = out[0];
  for (let i = 1; i < n; i++) {
    const v = out[i];
    out[i] = (v - p + 384) & 0xff;
    p = v;
  }
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
