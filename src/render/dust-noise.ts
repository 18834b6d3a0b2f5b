import * as THREE from 'three/webgpu';

/**
 * A tileable billow noise (deterministic): 1 − Worley F1 at two periods, normalised to 0..1 with
 * mean 0.5, as an RG8 3D texture that repeats. R: the noise; G: the noise `shiftTexels` away
 * (towards the sun), so one fetch gives the billows and the billows shading them.
 */
export function bakeBillowNoise(n: number, shiftTexels: readonly number[]): THREE.Data3DTexture {
  const w1 = worley(4, 1);
  const w2 = worley(8, 2);
  const raw = new Float32Array(n ** 3);
  for (let k = 0, o = 0; k < n; k++) for (let j = 0; j < n; j++) for (let i = 0; i < n; i++, o++) {
    const [x, y, z] = [(i + 0.5) / n, (j + 0.5) / n, (k + 0.5) / n];
    raw[o] = 0.65 * (1 - w1(x, y, z)) + 0.35 * (1 - w2(x, y, z));
  }
  let lo = Infinity, hi = -Infinity, sum = 0;
  for (const v of raw) [lo, hi, sum] = [Math.min(lo, v), Math.max(hi, v), sum + v];
  const mean = (sum / raw.length - lo) / (hi - lo);
  const norm = (v: number) => Math.min(1, Math.max(0, (v - lo) / (hi - lo) - mean + 0.5));
  const at = (i: number, j: number, k: number) => raw[(((i % n) + n) % n) + n * ((((j % n) + n) % n) + n * (((k % n) + n) % n))];
  const data = new Uint8Array(n ** 3 * 2);
  for (let k = 0, o = 0; k < n; k++) for (let j = 0; j < n; j++) for (let i = 0; i < n; i++, o++) {
    // Trilinear lookup (wrapping) at the shifted point.
    const p = [i + shiftTexels[0], j + shiftTexels[1], k + shiftTexels[2]];
    const f = p.map((v) => v - Math.floor(v));
    const b = p.map(Math.floor);
    let shifted = 0;
    for (let c = 0; c < 8; c++) {
      const d = [c & 1, (c >> 1) & 1, c >> 2];
      const w = d.reduce((acc, dd, ax) => acc * (dd ? f[ax] : 1 - f[ax]), 1);
      shifted += w * at(b[0] + d[0], b[1] + d[1], b[2] + d[2]);
    }
    data[o * 2] = Math.round(255 * norm(raw[o]));
    data[o * 2 + 1] = Math.round(255 * norm(shifted));
  }
  const tex = new THREE.Data3DTexture(data, n, n, n);
  tex.format = THREE.RGFormat;
  tex.minFilter = tex.magFilter = THREE.LinearFilter;
  tex.wrapS = tex.wrapT = tex.wrapR = THREE.RepeatWrapping;
  tex.unpackAlignment = 1;
  tex.needsUpdate = true;
  return tex;
}

/** Tileable Worley F1 (distance to the nearest seeded point, in cells of a `period`-cell lattice), 0..1. */
function worley(period: number, seed: number): (x: number, y: number, z: number) => number {
  const pts = Float32Array.from({ length: period ** 3 * 3 }, (_, i) => hash01(i + seed * 7919));
  const wrap = (v: number) => ((v % period) + period) % period;
  return (x, y, z) => {
    const [fx, fy, fz] = [x * period, y * period, z * period];
    const [ix, iy, iz] = [Math.floor(fx), Math.floor(fy), Math.floor(fz)];
    let best = 9;
    for (let dz = -1; dz <= 1; dz++) for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
      const w = (wrap(ix + dx) + period * (wrap(iy + dy) + period * wrap(iz + dz))) * 3;
      best = Math.min(best, Math.hypot(ix + dx + pts[w] - fx, iy + dy + pts[w + 1] - fy, iz + dz + pts[w + 2] - fz));
    }
    return Math.min(1, best);
  };
}

/** Deterministic 0..1 from an integer (a 32-bit integer hash). */
function hash01(i: number): number {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
