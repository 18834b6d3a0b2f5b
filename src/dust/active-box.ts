import type { CellBox, DustGrid } from './dust-grid.js';
import { emptyBox, isEmptyBox } from './dust-grid.js';

/** Below these a cell is quiet air. */
export interface ActivityThresholds {
  /** g/m³. */
  rho: number;
  /** K of excess temperature. */
  tmp: number;
  /** m/s on any of the cell's lower faces. */
  speed: number;
}

export interface ActivityScan {
  /** Tight bounding box of the active cells (empty when none). */
  box: CellBox;
  /** Largest face speed seen in the region, m/s. */
  maxSpeedMps: number;
}

/**
 * The bounding box of the cells in `region` holding dust, heat or motion above the
 * thresholds. Everything outside the solver's box is exactly zero, so scanning the last box
 * and whatever was touched since is enough.
 */
export function scanActive(
  g: DustGrid,
  region: CellBox,
  rho: Float32Array,
  tmp: Float32Array,
  u: Float32Array,
  v: Float32Array,
  w: Float32Array,
  eps: ActivityThresholds,
): ActivityScan {
  if (isEmptyBox(region)) return { box: emptyBox(), maxSpeedMps: 0 };
  const { nx, ny } = g;
  const ux = nx + 1;
  const vxy = nx * (ny + 1);
  const wxy = nx * ny;
  const er = eps.rho;
  const et = eps.tmp;
  const ev = eps.speed;
  let i0 = g.nx;
  let j0 = g.ny;
  let k0 = g.nz;
  let i1 = 0;
  let j1 = 0;
  let k1 = 0;
  let vmax = 0;
  for (let k = region.k0; k < region.k1; k++) {
    for (let j = region.j0; j < region.j1; j++) {
      let c = region.i0 + nx * (j + ny * k);
      let iu = region.i0 + ux * (j + ny * k);
      let iv = region.i0 + nx * j + vxy * k;
      let iw = region.i0 + nx * j + wxy * k;
      let first = -1;
      let last = -1;
      for (let i = region.i0; i < region.i1; i++, c++, iu++, iv++, iw++) {
        const t = tmp[c];
        const a = u[iu] < 0 ? -u[iu] : u[iu];
        const b = v[iv] < 0 ? -v[iv] : v[iv];
        const d = w[iw] < 0 ? -w[iw] : w[iw];
        const s = a > b ? (a > d ? a : d) : b > d ? b : d;
        if (s > vmax) vmax = s;
        if (rho[c] > er || t > et || t < -et || s > ev) {
          if (first < 0) first = i;
          last = i;
        }
      }
      if (first < 0) continue;
      if (first < i0) i0 = first;
      if (last + 1 > i1) i1 = last + 1;
      if (j < j0) j0 = j;
      if (j + 1 > j1) j1 = j + 1;
      if (k < k0) k0 = k;
      if (k + 1 > k1) k1 = k + 1;
    }
  }
  const box = { i0, j0, k0, i1, j1, k1 };
  return { box: isEmptyBox(box) ? emptyBox() : box, maxSpeedMps: vmax };
}

/**
 * Zeroes the samples of a field (gx × gy × gz, x fastest) that lie in `from` but not in `to`
 * (both inclusive-exclusive ranges in the field's own sample indices).
 */
export function zeroOutside(f: Float32Array, gx: number, gy: number, from: CellBox, to: CellBox): void {
  if (isEmptyBox(from)) return;
  const toEmpty = isEmptyBox(to);
  for (let k = from.k0; k < from.k1; k++) {
    for (let j = from.j0; j < from.j1; j++) {
      const row = gx * (j + gy * k);
      const inside = !toEmpty && k >= to.k0 && k < to.k1 && j >= to.j0 && j < to.j1;
      if (!inside) {
        f.fill(0, row + from.i0, row + from.i1);
        continue;
      }
      if (from.i0 < to.i0) f.fill(0, row + from.i0, row + Math.min(from.i1, to.i0));
      if (from.i1 > to.i1) f.fill(0, row + Math.max(from.i0, to.i1), row + from.i1);
    }
  }
}

/** A cell box as the range of one face array's samples (one more along `axis`). */
export function faceRange(b: CellBox, axis: 0 | 1 | 2): CellBox {
  if (isEmptyBox(b)) return emptyBox();
  return { ...b, i1: b.i1 + (axis === 0 ? 1 : 0), j1: b.j1 + (axis === 1 ? 1 : 0), k1: b.k1 + (axis === 2 ? 1 : 0) };
}
