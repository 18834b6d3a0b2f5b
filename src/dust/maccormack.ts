import type { CellBox } from './dust-grid.js';

/**
 * The MacCormack kernel (Selle et al. 2008) for one field on the MAC grid:
 *   φ̂ = SL(φ, −dt)             semi-Lagrangian step back along the velocity
 *   φ̃ = SL(φ̂, +dt)             and forth again: φ̃ − φ estimates the error
 *   φ' = φ̂ + (φ − φ̃)/2         second order
 *   φ' clamped to the 8 samples φ̂ blended (the limiter: no new extrema, so no negatives).
 * The caller works out each sample's displacement over the step (one Euler step with the
 * velocity at the sample point) into three arrays; the samplers are written out inline (V8
 * will not inline a function this size) and the loops call nothing imported.
 */

/** Scratch for advection, each at least as long as the largest face array. */
export interface AdvectScratch {
  hat: Float32Array;
  lo: Float32Array;
  hi: Float32Array;
  /** Displacement over the step along x, y, z, in cells, per sample. */
  dx: Float32Array;
  dy: Float32Array;
  dz: Float32Array;
}

/** Sums out of one macCormack run (density only). */
export interface KernelSums {
  before: number;
  after: number;
  roomUp: number;
  roomDown: number;
}

/**
 * Both MacCormack passes for one field f0 (gx × gy × gz samples) over the sample range r,
 * with the displacements in sc.dx/dy/dz, into f1 × keep. `scalar`: a cell-centred field that
 * fades to 0 beyond the open faces and is 0 in solid cells. With `sums` (the density) the
 * clamped result is left without `keep` (conserveMass applies it) and the mass sums are kept.
 */
export function macCormack(
  f0: Float32Array,
  f1: Float32Array,
  gx: number,
  gy: number,
  gz: number,
  r: CellBox,
  sc: AdvectScratch,
  solid: Uint8Array | null,
  scalar: boolean,
  sums: KernelSums | null,
  keep: number,
): void {
  const { hat, lo, hi, dx, dy, dz } = sc;
  const mx = gx - 1;
  const my = gy - 1;
  const mz = gz - 1;
  const sxy = gx * gy;
  // Pass 1: φ̂ at the back-traced point and the range of the 8 samples it blends.
  let before = 0;
  for (let k = r.k0; k < r.k1; k++) {
    for (let j = r.j0; j < r.j1; j++) {
      let c = r.i0 + gx * (j + gy * k);
      for (let i = r.i0; i < r.i1; i++, c++) {
        let x = i - dx[c];
        let y = j - dy[c];
        let z = k - dz[c];
        let fade = 1;
        if (scalar && (x < 0 || x > mx || y > my || z < 0 || z > mz)) {
          fade = (x < 0 ? Math.max(0, 1 + x) : x > mx ? Math.max(0, 1 - (x - mx)) : 1) * (y > my ? Math.max(0, 1 - (y - my)) : 1) * (z < 0 ? Math.max(0, 1 + z) : z > mz ? Math.max(0, 1 - (z - mz)) : 1);
        }
        if (x < 0) x = 0;
        else if (x > mx) x = mx;
        if (y < 0) y = 0;
        else if (y > my) y = my;
        if (z < 0) z = 0;
        else if (z > mz) z = mz;
        let a = x | 0;
        let b = y | 0;
        let e = z | 0;
        if (a === mx) a--;
        if (b === my) b--;
        if (e === mz) e--;
        const tx = x - a;
        const ty = y - b;
        const tz = z - e;
        const o = a + gx * b + sxy * e;
        const f000 = f0[o];
        const f100 = f0[o + 1];
        const f010 = f0[o + gx];
        const f110 = f0[o + gx + 1];
        const f001 = f0[o + sxy];
        const f101 = f0[o + sxy + 1];
        const f011 = f0[o + sxy + gx];
        const f111 = f0[o + sxy + gx + 1];
        const a00 = f000 + tx * (f100 - f000);
        const a10 = f010 + tx * (f110 - f010);
        const a01 = f001 + tx * (f101 - f001);
        const a11 = f011 + tx * (f111 - f011);
        const b0 = a00 + ty * (a10 - a00);
        const b1 = a01 + ty * (a11 - a01);
        let l = f000 < f100 ? f000 : f100;
        let h = f000 < f100 ? f100 : f000;
        let m = f010 < f110 ? f010 : f110;
        let n = f010 < f110 ? f110 : f010;
        if (m < l) l = m;
        if (n > h) h = n;
        m = f001 < f101 ? f001 : f101;
        n = f001 < f101 ? f101 : f001;
        if (m < l) l = m;
        if (n > h) h = n;
        m = f011 < f111 ? f011 : f111;
        n = f011 < f111 ? f111 : f011;
        if (m < l) l = m;
        if (n > h) h = n;
        if (fade !== 1) {
          if (l > 0) l = 0;
          if (h < 0) h = 0;
        }
        hat[c] = fade * (b0 + tz * (b1 - b0));
        lo[c] = l;
        hi[c] = h;
        before += f0[c];
      }
    }
  }
  // Pass 2: forth again from φ̂ (clamped to the range r), correct, limit.
  const loX = r.i0;
  const loY = r.j0;
  const loZ = r.k0;
  const hiX = r.i1 - 1;
  const hiY = r.j1 - 1;
  const hiZ = r.k1 - 1;
  const keepHere = sums !== null ? 1 : keep;
  let after = 0;
  let roomUp = 0;
  let roomDown = 0;
  for (let k = r.k0; k < r.k1; k++) {
    for (let j = r.j0; j < r.j1; j++) {
      let c = r.i0 + gx * (j + gy * k);
      for (let i = r.i0; i < r.i1; i++, c++) {
        if (solid !== null && solid[c] === 1) {
          f1[c] = 0;
          continue;
        }
        const l = lo[c];
        const h = hi[c];
        if (l === h) {
          // A flat stencil: the limiter pins the result (quiet air, the cloud's inside).
          f1[c] = keepHere * l;
          after += l;
          continue;
        }
        let x = i + dx[c];
        let y = j + dy[c];
        let z = k + dz[c];
        x = x < loX ? loX : x > hiX ? hiX : x;
        y = y < loY ? loY : y > hiY ? hiY : y;
        z = z < loZ ? loZ : z > hiZ ? hiZ : z;
        let a = x | 0;
        let b = y | 0;
        let e = z | 0;
        if (a === mx) a--;
        if (b === my) b--;
        if (e === mz) e--;
        const tx = x - a;
        const ty = y - b;
        const tz = z - e;
        const o = a + gx * b + sxy * e;
        const f000 = hat[o];
        const f010 = hat[o + gx];
        const f001 = hat[o + sxy];
        const f011 = hat[o + sxy + gx];
        const a00 = f000 + tx * (hat[o + 1] - f000);
        const a10 = f010 + tx * (hat[o + gx + 1] - f010);
        const a01 = f001 + tx * (hat[o + sxy + 1] - f001);
        const a11 = f011 + tx * (hat[o + sxy + gx + 1] - f011);
        const b0 = a00 + ty * (a10 - a00);
        const b1 = a01 + ty * (a11 - a01);
        const v = hat[c] + 0.5 * (f0[c] - (b0 + tz * (b1 - b0)));
        const vc = v < l ? l : v > h ? h : v;
        f1[c] = keepHere * vc;
        after += vc;
        roomUp += h - vc;
        roomDown += vc - l;
      }
    }
  }
  if (sums !== null) {
    sums.before = before;
    sums.after = after;
    sums.roomUp = roomUp;
    sums.roomDown = roomDown;
  }
}

/**
 * Trilinear sample of f (gx × gy × gz samples, x fastest) at (x, y, z) in its own sample
 * coordinates, clamped to the outermost samples. Every grid has ≥ 2 samples per axis.
 */
export function lerp3(f: Float32Array, gx: number, gy: number, gz: number, x: number, y: number, z: number): number {
  const mx = gx - 1;
  const my = gy - 1;
  const mz = gz - 1;
  if (x < 0) x = 0;
  else if (x > mx) x = mx;
  if (y < 0) y = 0;
  else if (y > my) y = my;
  if (z < 0) z = 0;
  else if (z > mz) z = mz;
  let i = x | 0;
  let j = y | 0;
  let k = z | 0;
  if (i === mx) i--;
  if (j === my) j--;
  if (k === mz) k--;
  const tx = x - i;
  const ty = y - j;
  const tz = z - k;
  const sz = gx * gy;
  const b = i + gx * j + sz * k;
  const f000 = f[b];
  const f010 = f[b + gx];
  const f001 = f[b + sz];
  const f011 = f[b + sz + gx];
  const a00 = f000 + tx * (f[b + 1] - f000);
  const a10 = f010 + tx * (f[b + gx + 1] - f010);
  const a01 = f001 + tx * (f[b + sz + 1] - f001);
  const a11 = f011 + tx * (f[b + sz + gx + 1] - f011);
  const b0 = a00 + ty * (a10 - a00);
  const b1 = a01 + ty * (a11 - a01);
  return b0 + tz * (b1 - b0);
}
