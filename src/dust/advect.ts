import { conserveMass, openOutflow } from './conserve-mass.js';
import type { MassBudget } from './conserve-mass.js';
import type { CellBox, DustGrid } from './dust-grid.js';
import { macCormack } from './maccormack.js';
import type { AdvectScratch, KernelSums } from './maccormack.js';

export type { AdvectScratch } from './maccormack.js';
export type { MassBudget } from './conserve-mass.js';

/**
 * Advection of the dust solver's fields through the velocity, restricted to the active box:
 * limited MacCormack (maccormack.ts) for the three staggered velocity components, the density
 * and the temperature. Outside the grid the velocity is clamped (zero-gradient outflow), while
 * density and heat fade to 0 one cell beyond the open faces (the air coming in is clean); the
 * forth step's samples are clamped to the box (φ̂ is only computed there; the box's margin
 * makes that exact in practice). The density is then made mass-conserving (conserve-mass.ts).
 */

/**
 * Density and temperature through the velocity (u, v, w) into rho1 and tmp1 (they share the
 * traces). Solid cells (solid[c] = 1) get 0. `keepRho`, `keepTmp`: dissipation factors.
 */
export function advectScalars(
  g: DustGrid,
  box: CellBox,
  u: Float32Array,
  v: Float32Array,
  w: Float32Array,
  rho0: Float32Array,
  rho1: Float32Array,
  tmp0: Float32Array,
  tmp1: Float32Array,
  sc: AdvectScratch,
  solid: Uint8Array | null,
  dtS: number,
  keepRho: number,
  keepTmp: number,
): MassBudget {
  const { nx, ny } = g;
  const s = 0.5 * (dtS / g.cellM);
  const ux = nx + 1;
  const vxy = nx * (ny + 1);
  const wxy = nx * ny;
  const { dx, dy, dz } = sc;
  for (let k = box.k0; k < box.k1; k++) {
    for (let j = box.j0; j < box.j1; j++) {
      let c = box.i0 + nx * (j + ny * k);
      let iu = box.i0 + ux * (j + ny * k);
      let iv = box.i0 + nx * j + vxy * k;
      for (let i = box.i0; i < box.i1; i++, c++, iu++, iv++) {
        dx[c] = s * (u[iu] + u[iu + 1]);
        dy[c] = s * (v[iv] + v[iv + nx]);
        dz[c] = s * (w[c] + w[c + wxy]);
      }
    }
  }
  const sums: KernelSums = { before: 0, after: 0, roomUp: 0, roomDown: 0 };
  macCormack(rho0, rho1, nx, ny, g.nz, box, sc, solid, true, sums, 1);
  const h3 = g.cellM * g.cellM * g.cellM;
  const outflow = openOutflow(g, box, u, v, w, rho0, 2 * s);
  const net = sums.before - outflow - sums.after;
  const fixed = conserveMass(g, box, rho1, sc.lo, sc.hi, solid, net, net > 0 ? sums.roomUp : sums.roomDown, keepRho);
  macCormack(tmp0, tmp1, nx, ny, g.nz, box, sc, solid, true, null, keepTmp);
  return { beforeG: sums.before * h3, outflowG: outflow * h3, correctionG: fixed * h3 };
}

/** The three velocity components through the old velocity (u0, v0, w0) into (u1, v1, w1). */

export function advectVelocity(
  g: DustGrid,
  box: CellBox,
  u0: Float32Array,
  v0: Float32Array,
  w0: Float32Array,
  u1: Float32Array,
  v1: Float32Array,
  w1: Float32Array,
  sc: AdvectScratch,
  dtS: number,
  keep: number,
): void {
  const { nx, ny, nz } = g;
  const s = dtS / g.cellM;
  const q = 0.25 * s;
  const ux = nx + 1;
  const vxy = nx * (ny + 1);
  const wxy = nx * ny;
  const { i0, j0, k0, i1, j1, k1 } = box;
  const { dx, dy, dz } = sc;
  // u at faces (i, j+½, k+½): v and w averaged from the 4 faces around it.
  for (let k = k0; k < k1; k++) {
    for (let j = j0; j < j1; j++) {
      let iu = i0 + ux * (j + ny * k);
      for (let i = i0; i <= i1; i++, iu++) {
        const il = i > 0 ? i - 1 : 0;
        const ir = i < nx ? i : nx - 1;
        const vl = il + nx * j + vxy * k;
        const vr = ir + nx * j + vxy * k;
        const wl = il + nx * j + wxy * k;
        const wr = ir + nx * j + wxy * k;
        dx[iu] = s * u0[iu];
        dy[iu] = q * (v0[vl] + v0[vr] + v0[vl + nx] + v0[vr + nx]);
        dz[iu] = q * (w0[wl] + w0[wr] + w0[wl + wxy] + w0[wr + wxy]);
      }
    }
  }
  macCormack(u0, u1, ux, ny, nz, { i0, j0, k0, i1: i1 + 1, j1, k1 }, sc, null, false, null, keep);
  // v at faces (i+½, j, k+½).
  for (let k = k0; k < k1; k++) {
    for (let j = j0; j <= j1; j++) {
      const jl = j > 0 ? j - 1 : 0;
      const jr = j < ny ? j : ny - 1;
      let iv = i0 + nx * j + vxy * k;
      let ul = i0 + ux * (jl + ny * k);
      let ur = i0 + ux * (jr + ny * k);
      let wl = i0 + nx * jl + wxy * k;
      let wr = i0 + nx * jr + wxy * k;
      for (let i = i0; i < i1; i++, iv++, ul++, ur++, wl++, wr++) {
        dx[iv] = q * (u0[ul] + u0[ul + 1] + u0[ur] + u0[ur + 1]);
        dy[iv] = s * v0[iv];
        dz[iv] = q * (w0[wl] + w0[wl + wxy] + w0[wr] + w0[wr + wxy]);
      }
    }
  }
  macCormack(v0, v1, nx, ny + 1, nz, { i0, j0, k0, i1, j1: j1 + 1, k1 }, sc, null, false, null, keep);
  // w at faces (i+½, j+½, k).
  for (let k = k0; k <= k1; k++) {
    const kl = k > 0 ? k - 1 : 0;
    const kr = k < nz ? k : nz - 1;
    for (let j = j0; j < j1; j++) {
      let iw = i0 + nx * j + wxy * k;
      let ul = i0 + ux * (j + ny * kl);
      let ur = i0 + ux * (j + ny * kr);
      let vl = i0 + nx * j + vxy * kl;
      let vr = i0 + nx * j + vxy * kr;
      for (let i = i0; i < i1; i++, iw++, ul++, ur++, vl++, vr++) {
        dx[iw] = q * (u0[ul] + u0[ul + 1] + u0[ur] + u0[ur + 1]);
        dy[iw] = q * (v0[vl] + v0[vl + nx] + v0[vr] + v0[vr + nx]);
        dz[iw] = s * w0[iw];
      }
    }
  }
  macCormack(w0, w1, nx, ny, nz + 1, { i0, j0, k0, i1, j1, k1: k1 + 1 }, sc, null, false, null, keep);
}
