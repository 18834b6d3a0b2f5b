import type { CellBox, DustGrid } from './dust-grid.js';

/** The body forces of one step, per unit mass (m/s²). */
export interface ForceParams {
  /** Upward acceleration per kelvin of excess temperature (Boussinesq). */
  buoyancyMps2PerK: number;
  /** Downward acceleration per g/m³ of suspended dust. */
  dustWeightMps2PerGPerM3: number;
  /** Vorticity confinement strength ε (the force is ε·cellM·(N × ω)). */
  vorticityEps: number;
}

/** Four cell-centred scratch arrays (any content; at least nx·ny·nz long). */
export interface VorticityScratch {
  ox: Float32Array;
  oy: Float32Array;
  oz: Float32Array;
  mag: Float32Array;
}

/**
 * Adds dt × (buoyancy − dust weight + vorticity confinement) to the face velocities of the
 * box. Forces are evaluated at cell centres and split half and half onto each cell's two faces
 * per axis. Vorticity confinement (Fedkiw et al. 2001) puts back the small swirls that the
 * grid smooths away: ω = ∇ × u at the cell centres (central differences), N = ∇|ω|/|∇|ω||,
 * f = ε·h·(N × ω); it is skipped on the box's outermost layer (the margin keeps that layer
 * quiet). Solid cells (solid[c] = 1) get no force.
 */
export function applyForces(
  g: DustGrid,
  box: CellBox,
  u: Float32Array,
  v: Float32Array,
  w: Float32Array,
  rho: Float32Array,
  tmp: Float32Array,
  solid: Uint8Array | null,
  p: ForceParams,
  scratch: VorticityScratch,
  dtS: number,
): void {
  const { nx, ny, nz, cellM } = g;
  const ux = nx + 1;
  const vxy = nx * (ny + 1);
  const wxy = nx * ny;
  const sz = nx * ny;
  const { ox, oy, oz, mag } = scratch;
  const confine = p.vorticityEps > 0;
  if (confine) {
    for (let k = box.k0; k < box.k1; k++) {
      const km = k > 0 ? k - 1 : 0;
      const kp = k < nz - 1 ? k + 1 : nz - 1;
      const iz = 0.5 / ((kp - km) * cellM);
      for (let j = box.j0; j < box.j1; j++) {
        const jm = j > 0 ? j - 1 : 0;
        const jp = j < ny - 1 ? j + 1 : ny - 1;
        const iy = 0.5 / ((jp - jm) * cellM);
        for (let i = box.i0; i < box.i1; i++) {
          const im = i > 0 ? i - 1 : 0;
          const ip = i < nx - 1 ? i + 1 : nx - 1;
          const ix = 0.5 / ((ip - im) * cellM);
          // Cell-centred components at the six neighbours (each the mean of two faces, ×2).
          const uJp = u[i + ux * (jp + ny * k)] + u[i + 1 + ux * (jp + ny * k)];
          const uJm = u[i + ux * (jm + ny * k)] + u[i + 1 + ux * (jm + ny * k)];
          const uKp = u[i + ux * (j + ny * kp)] + u[i + 1 + ux * (j + ny * kp)];
          const uKm = u[i + ux * (j + ny * km)] + u[i + 1 + ux * (j + ny * km)];
          const vIp = v[ip + nx * j + vxy * k] + v[ip + nx * (j + 1) + vxy * k];
          const vIm = v[im + nx * j + vxy * k] + v[im + nx * (j + 1) + vxy * k];
          const vKp = v[i + nx * j + vxy * kp] + v[i + nx * (j + 1) + vxy * kp];
          const vKm = v[i + nx * j + vxy * km] + v[i + nx * (j + 1) + vxy * km];
          const wIp = w[ip + nx * j + wxy * k] + w[ip + nx * j + wxy * (k + 1)];
          const wIm = w[im + nx * j + wxy * k] + w[im + nx * j + wxy * (k + 1)];
          const wJp = w[i + nx * jp + wxy * k] + w[i + nx * jp + wxy * (k + 1)];
          const wJm = w[i + nx * jm + wxy * k] + w[i + nx * jm + wxy * (k + 1)];
          const a = (wJp - wJm) * iy - (vKp - vKm) * iz;
          const b = (uKp - uKm) * iz - (wIp - wIm) * ix;
          const cz = (vIp - vIm) * ix - (uJp - uJm) * iy;
          const c = i + nx * j + sz * k;
          ox[c] = a;
          oy[c] = b;
          oz[c] = cz;
          mag[c] = Math.sqrt(a * a + b * b + cz * cz);
        }
      }
    }
  }
  const half = 0.5 * dtS;
  const buoy = p.buoyancyMps2PerK;
  const weight = p.dustWeightMps2PerGPerM3;
  const eh = p.vorticityEps * cellM;
  for (let k = box.k0; k < box.k1; k++) {
    const kIn = k > box.k0 && k < box.k1 - 1;
    for (let j = box.j0; j < box.j1; j++) {
      const rowIn = confine && kIn && j > box.j0 && j < box.j1 - 1;
      let c = box.i0 + nx * j + sz * k;
      let iu = box.i0 + ux * (j + ny * k);
      let iv = box.i0 + nx * j + vxy * k;
      let iw = box.i0 + nx * j + wxy * k;
      for (let i = box.i0; i < box.i1; i++, c++, iu++, iv++, iw++) {
        if (solid !== null && solid[c] === 1) continue;
        let fx = 0;
        let fy = buoy * tmp[c] - weight * rho[c];
        let fz = 0;
        if (rowIn && i > box.i0 && i < box.i1 - 1) {
          const gx = mag[c + 1] - mag[c - 1];
          const gy = mag[c + nx] - mag[c - nx];
          const gz = mag[c + sz] - mag[c - sz];
          const len = Math.sqrt(gx * gx + gy * gy + gz * gz);
          if (len > 1e-12) {
            const s = eh / len;
            const nxv = gx * s;
            const nyv = gy * s;
            const nzv = gz * s;
            const a = ox[c];
            const b = oy[c];
            const cz = oz[c];
            fx += nyv * cz - nzv * b;
            fy += nzv * a - nxv * cz;
            fz += nxv * b - nyv * a;
          }
        }
        if (fx !== 0) {
          u[iu] += half * fx;
          u[iu + 1] += half * fx;
        }
        if (fy !== 0) {
          v[iv] += half * fy;
          v[iv + nx] += half * fy;
        }
        if (fz !== 0) {
          w[iw] += half * fz;
          w[iw + wxy] += half * fz;
        }
      }
    }
  }
}
