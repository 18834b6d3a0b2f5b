import * as THREE from 'three/webgpu';

let table: Float32Array | null = null;

/**
 * Every half float's value, indexed by its 16 bits (three's DataUtils.fromHalfFloat, so the
 * values are the same), built on first use: converting a read-back half-float frame is then
 * one table look-up per channel instead of a function call with its bit arithmetic.
 */
export function halfToFloatTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = THREE.DataUtils.fromHalfFloat(h);
  }
  return table;
}

/** Converts n half floats from src[srcAt..] into dst[dstAt..]. */
export function halfsToFloats(src: Uint16Array, srcAt: number, dst: Float32Array, dstAt: number, n: number): void {
  const t = halfToFloatTable();
  for (let k = 0; k < n; k++) dst[dstAt + k] = t[src[srcAt + k]];
}
