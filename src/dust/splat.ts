import { InputError } from '../core/errors.js';
import type { CellBox, DustGrid } from './dust-grid.js';
import { emptyBox, sphereBox } from './dust-grid.js';

/** A puff of dust released into the air. */
export interface DustSource {
  /** Centre of the blob, metres (world). */
  centerM: [number, number, number];
  /** Radius of the blob, metres (widened to one cell when smaller). */
  radiusM: number;
  /** Dust mass released, grams (≥ 0). */
  massG: number;
  /** Excess temperature over the ambient air, kelvin (the solver's temperature field is excess too). */
  temperatureK: number;
  /** Velocity of the released air, m/s. */
  velocityMps: [number, number, number];
}

/** The blob's weight (1 − r²/R²)³ at (x, y, z), with inv = 1/R². */
function kernel(x: number, y: number, z: number, cx: number, cy: number, cz: number, inv: number): number {
  const q = 1 - ((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz)) * inv;
  return q > 0 ? q * q * q : 0;
}

function badSource(path: string, allowed: string, received: unknown): never {
  const code = 'dust.bad_source';
  throw new InputError(`dust source: ${path} must be ${allowed}`, code, [{ code, path, allowed, received }]);
}

/** Throws InputError (code dust.bad_source) naming the first field of src out of its range. */
export function checkSource(src: DustSource): void {
  const vec = (path: string, x: unknown, limit: number, allowed: string) => {
    if (!Array.isArray(x) || x.length !== 3 || !x.every((c) => Number.isFinite(c) && Math.abs(c) <= limit)) badSource(path, allowed, x);
  };
  const inRange = (x: number, lo: number, hi: number) => Number.isFinite(x) && x >= lo && x <= hi;
  vec('centerM', src.centerM, 1e7, 'three finite numbers (metres)');
  vec('velocityMps', src.velocityMps, 1000, 'three numbers in -1000..1000 (m/s)');
  if (!inRange(src.radiusM, 0, 1e5)) badSource('radiusM', '0..100000 (metres)', src.radiusM);
  if (!inRange(src.massG, 0, 1e12)) badSource('massG', '0..1e12 (grams)', src.massG);
  if (!inRange(src.temperatureK, -1000, 10000)) badSource('temperatureK', '-1000..10000 (kelvin above ambient)', src.temperatureK);
}

/**
 * Adds a smooth blob, kernel w(r) = (1 − r²/R²)³ for r < R: density gets massG·w/Σw per cell
 * volume, summed over the blob's non-solid cells inside the grid, so exactly massG grams enter
 * the grid (the part of the blob outside the grid, below the ground or in solids is folded
 * back into the rest; nothing is added when no cell is left). Temperature and the face
 * velocities are blended towards the source's by w (1 at the centre, 0 at the rim). Returns
 * the box of touched cells.
 */
export function splatSource(
  g: DustGrid,
  src: DustSource,
  rho: Float32Array,
  tmp: Float32Array,
  u: Float32Array,
  v: Float32Array,
  w: Float32Array,
  solid: Uint8Array | null,
): CellBox {
  checkSource(src);
  const { nx, ny, cellM: h } = g;
  const rM = Math.max(src.radiusM, h);
  const box = sphereBox(g, src.centerM, rM);
  if (box.i1 <= box.i0 || box.j1 <= box.j0 || box.k1 <= box.k0) return emptyBox();
  const [cx, cy, cz] = src.centerM;
  const [ox, oy, oz] = g.originM;
  const inv = 1 / (rM * rM);
  let sum = 0;
  for (let k = box.k0; k < box.k1; k++) {
    for (let j = box.j0; j < box.j1; j++) {
      for (let i = box.i0; i < box.i1; i++) {
        if (solid !== null && solid[i + nx * (j + ny * k)] === 1) continue;
        sum += kernel(ox + (i + 0.5) * h, oy + (j + 0.5) * h, oz + (k + 0.5) * h, cx, cy, cz, inv);
      }
    }
  }
  if (sum === 0) return emptyBox();
  const perWeight = src.massG / (sum * h * h * h);
  const t = src.temperatureK;
  for (let k = box.k0; k < box.k1; k++) {
    for (let j = box.j0; j < box.j1; j++) {
      for (let i = box.i0; i < box.i1; i++) {
        const c = i + nx * (j + ny * k);
        if (solid !== null && solid[c] === 1) continue;
        const wt = kernel(ox + (i + 0.5) * h, oy + (j + 0.5) * h, oz + (k + 0.5) * h, cx, cy, cz, inv);
        if (wt === 0) continue;
        rho[c] += perWeight * wt;
        tmp[c] += wt * (t - tmp[c]);
      }
    }
  }
  const [vx, vy, vz] = src.velocityMps;
  const ux = nx + 1;
  const vxy = nx * (ny + 1);
  const wxy = nx * ny;
  for (let k = box.k0; k <= box.k1; k++) {
    for (let j = box.j0; j <= box.j1; j++) {
      for (let i = box.i0; i <= box.i1; i++) {
        const x = ox + i * h;
        const y = oy + j * h;
        const z = oz + k * h;
        if (j < box.j1 && k < box.k1) {
          const a = kernel(x, y + 0.5 * h, z + 0.5 * h, cx, cy, cz, inv);
          if (a > 0) u[i + ux * (j + ny * k)] += a * (vx - u[i + ux * (j + ny * k)]);
        }
        if (i < box.i1 && k < box.k1) {
          const a = kernel(x + 0.5 * h, y, z + 0.5 * h, cx, cy, cz, inv);
          if (a > 0) v[i + nx * j + vxy * k] += a * (vy - v[i + nx * j + vxy * k]);
        }
        if (i < box.i1 && j < box.j1) {
          const a = kernel(x + 0.5 * h, y + 0.5 * h, z, cx, cy, cz, inv);
          if (a > 0) w[i + nx * j + wxy * k] += a * (vz - w[i + nx * j + wxy * k]);
        }
      }
    }
  }
  return box;
}
