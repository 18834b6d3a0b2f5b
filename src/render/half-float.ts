import { halfToFloatTable } from '../exr/half-float.js';

/**
 * Converts n half floats from src[srcAt..] into dst[dstAt..]: one look-up per channel in the
 * table of every half's value (the EXR code's, built once) instead of a function call with
 * its bit arithmetic per value.
 */
export function halfsToFloats(src: Uint16Array, srcAt: number, dst: Float32Array, dstAt: number, n: number): void {
  const t = halfToFloatTable();
  for (let k = 0; k < n; k++) dst[dstAt + k] = t[src[srcAt + k]];
}
