import type { CellBox, DustGrid } from './dust-grid.js';

/**
 * Mass bookkeeping for the density's advection: clamped MacCormack is not conservative (the
 * limiter gains or loses a fraction of a percent per step at the cloud's edges, and
 * semi-Lagrangian traces leak a little at walls), so each step the density is corrected
 * towards (mass before − dust out through the open faces), within each cell's own limiter
 * range.
 */

/** The density's mass budget of one advection, grams (before dissipation). */
export interface MassBudget {
  beforeG: number;
  /** Dust carried out through the open faces. */
  outflowG: number;
  /** What conserveMass put back (> 0) or took away (< 0): the raw scheme's error. */
  correctionG: number;
}

/**
 * Dust leaving through the open faces of the grid over the step (outward face speed × the
 * boundary cell's density × dt / cellM, in density × cells); inflow brings clean air.
 */
export function openOutflow(g: DustGrid, box: CellBox, u: Float32Array, v: Float32Array, w: Float32Array, rho: Float32Array, s: number): number {
  const { nx, ny, nz } = g;
  const ux = nx + 1;
  const vxy = nx * (ny + 1);
  const wxy = nx * ny;
  let out = 0;
  for (let k = box.k0; k < box.k1; k++) {
    for (let j = box.j0; j < box.j1; j++) {
      if (box.i0 === 0) out += rho[nx * (j + ny * k)] * Math.max(0, -u[ux * (j + ny * k)]);
      if (box.i1 === nx) out += rho[nx - 1 + nx * (j + ny * k)] * Math.max(0, u[nx + ux * (j + ny * k)]);
    }
    if (box.j1 === ny) {
      for (let i = box.i0; i < box.i1; i++) out += rho[i + nx * (ny - 1 + ny * k)] * Math.max(0, v[i + nx * ny + vxy * k]);
    }
  }
  for (let j = box.j0; j < box.j1; j++) {
    for (let i = box.i0; i < box.i1; i++) {
      if (box.k0 === 0) out += rho[i + nx * j] * Math.max(0, -w[i + nx * j]);
      if (box.k1 === nz) out += rho[i + nx * j + wxy * (nz - 1)] * Math.max(0, w[i + nx * j + wxy * nz]);
    }
  }
  return out * s;
}

/**
 * Makes the density's step mass-conserving. The clamp limiter gains or loses a fraction of a
 * percent per step at the cloud's edges, and semi-Lagrangian traces leak a little at walls;
 * `net` = (mass before − dust out through the open faces) − mass now. It is spread over the
 * cells in proportion to their room inside their own sample range [lo, hi] (up when net > 0,
 * down when net < 0), so no cell leaves its range: still no new extrema and no negatives,
 * and quiet uniform air (lo = hi) is never touched. Then the dissipation factor `keep`.
 * Returns what was put back (density × cells).
 */
export function conserveMass(
  g: DustGrid,
  box: CellBox,
  rho: Float32Array,
  lo: Float32Array,
  hi: Float32Array,
  solid: Uint8Array | null,
  net: number,
  room: number,
  keep: number,
): number {
  const { nx, ny } = g;
  const f = room > 0 ? Math.min(1, Math.abs(net) / room) : 0;
  const up = net > 0;
  for (let k = box.k0; k < box.k1; k++) {
    for (let j = box.j0; j < box.j1; j++) {
      const row = nx * (j + ny * k);
      for (let c = row + box.i0; c < row + box.i1; c++) {
        if (solid !== null && solid[c] === 1) continue;
        const x = rho[c];
        rho[c] = keep * (up ? x + f * (hi[c] - x) : x - f * (x - lo[c]));
      }
    }
  }
  return f === 1 ? Math.sign(net) * room : net;
}
