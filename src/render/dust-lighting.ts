import type { DustGridBox, DustLook, DustVolumeFrame } from '../dust/dust-frame.js';

/**
 * The dust cloud's light on the CPU, once per frame, in O(cells): how much sun reaches each
 * cell through the cloud (its self-shadow) and how much of the sky it sees. Each is a sweep
 * of the grid slice by slice away from the light, along the light direction's dominant axis:
 * a cell's optical depth towards the light is the previous slice's, looked up bilinearly where
 * the ray towards the light crosses it, plus the trapezoid of the extinction between the two
 * (σ_t = massExtinctionM2PerG × ρ). Outside the grid there is no dust.
 */
export interface DustLighting {
  /** exp(−τ) towards the sun, per cell (0..1). */
  sunTransmittance: Float32Array;
  /** Share of the sky seen through the cloud, per cell (0..1): transmittance straight up and 45° to the four sides. */
  skyVisibility: Float32Array;
  /** Largest density in the grid, g/m³ (the texture's density scale). */
  densityMaxGPerM3: number;
}

/** Sky directions (towards the sky) and their weights: straight up counts twice. */
const SKY_DIRECTIONS: readonly { dir: [number, number, number]; weight: number }[] = [
  { dir: [0, 1, 0], weight: 2 / 6 },
  { dir: [Math.SQRT1_2, Math.SQRT1_2, 0], weight: 1 / 6 },
  { dir: [-Math.SQRT1_2, Math.SQRT1_2, 0], weight: 1 / 6 },
  { dir: [0, Math.SQRT1_2, Math.SQRT1_2], weight: 1 / 6 },
  { dir: [0, Math.SQRT1_2, -Math.SQRT1_2], weight: 1 / 6 },
];

/** Extinction per cell, 1/m, from the density and the look. */
export function extinctionPerM(frame: DustVolumeFrame, look: DustLook): Float32Array {
  const k = look.massExtinctionM2PerG;
  const rho = frame.densityGPerM3;
  const sigma = new Float32Array(rho.length);
  for (let i = 0; i < rho.length; i++) sigma[i] = rho[i] > 0 ? rho[i] * k : 0;
  return sigma;
}

/**
 * Optical depth from each cell centre towards a light in direction `towardsLight` (any length),
 * out of the grid: one sweep, slice by slice, along the direction's dominant axis.
 */
export function opticalDepthTowards(sigmaPerM: Float32Array, box: DustGridBox, towardsLight: readonly number[]): Float32Array {
  const dims = box.dims;
  const len = Math.hypot(towardsLight[0], towardsLight[1], towardsLight[2]);
  const tau = new Float32Array(sigmaPerM.length);
  if (!(len > 0)) return tau;
  const d = towardsLight.map((v) => v / len);
  const strides = [1, dims[0], dims[0] * dims[1]];
  const ad = d.map(Math.abs);
  const a = ad[0] >= ad[1] && ad[0] >= ad[2] ? 0 : ad[1] >= ad[2] ? 1 : 2;
  const b = (a + 1) % 3;
  const c = (a + 2) % 3;
  const [na, nb, nc] = [dims[a], dims[b], dims[c]];
  const [sa, sb, sc] = [strides[a], strides[b], strides[c]];
  // Marching away from the light: the previous slice (towards the light) is at ia − step.
  const step = d[a] > 0 ? -1 : 1;
  const first = d[a] > 0 ? na - 1 : 0;
  const dsM = box.cellM / ad[a];
  // Where the ray towards the light crosses the previous slice, relative to the cell: constant.
  const ob = d[b] / ad[a];
  const oc = d[c] / ad[a];
  const b0 = Math.floor(ob);
  const c0 = Math.floor(oc);
  const fb = ob - b0;
  const fc = oc - c0;
  const w00 = (1 - fb) * (1 - fc);
  const w10 = fb * (1 - fc);
  const w01 = (1 - fb) * fc;
  const w11 = fb * fc;
  for (let kc = 0; kc < nc; kc++) {
    for (let kb = 0; kb < nb; kb++) {
      const i = first * sa + kb * sb + kc * sc;
      tau[i] = sigmaPerM[i] * dsM * 0.5;
    }
  }
  for (let s = 1; s < na; s++) {
    const ia = first + s * step;
    const prev = (ia - step) * sa;
    const here = ia * sa;
    for (let kc = 0; kc < nc; kc++) {
      const jc = kc + c0;
      // Rows of the previous slice the four taps read (−1: outside the grid, no dust).
      const r0 = jc >= 0 && jc < nc ? prev + jc * sc : -1;
      const r1 = jc + 1 >= 0 && jc + 1 < nc ? prev + (jc + 1) * sc : -1;
      for (let kb = 0; kb < nb; kb++) {
        const jb = kb + b0;
        const in0 = jb >= 0 && jb < nb;
        const in1 = jb + 1 >= 0 && jb + 1 < nb;
        let t = 0;
        let sg = 0;
        if (r0 >= 0) {
          if (in0) { const j = r0 + jb * sb; t += w00 * tau[j]; sg += w00 * sigmaPerM[j]; }
          if (in1) { const j = r0 + (jb + 1) * sb; t += w10 * tau[j]; sg += w10 * sigmaPerM[j]; }
        }
        if (r1 >= 0) {
          if (in0) { const j = r1 + jb * sb; t += w01 * tau[j]; sg += w01 * sigmaPerM[j]; }
          if (in1) { const j = r1 + (jb + 1) * sb; t += w11 * tau[j]; sg += w11 * sigmaPerM[j]; }
        }
        const i = here + kb * sb + kc * sc;
        tau[i] = t + (sigmaPerM[i] + sg) * 0.5 * dsM;
      }
    }
  }
  return tau;
}

/** Sun transmittance and sky visibility of every cell (`sunDirection`: unit vector towards the sun). */
export function lightDust(frame: DustVolumeFrame, look: DustLook, sunDirection: readonly number[]): DustLighting {
  const n = frame.densityGPerM3.length;
  let densityMaxGPerM3 = 0;
  for (let i = 0; i < n; i++) if (frame.densityGPerM3[i] > densityMaxGPerM3) densityMaxGPerM3 = frame.densityGPerM3[i];
  if (densityMaxGPerM3 <= 0) {
    return { sunTransmittance: new Float32Array(n).fill(1), skyVisibility: new Float32Array(n).fill(1), densityMaxGPerM3: 0 };
  }
  const sigma = extinctionPerM(frame, look);
  const sunTransmittance = opticalDepthTowards(sigma, frame, sunDirection);
  for (let i = 0; i < n; i++) sunTransmittance[i] = Math.exp(-sunTransmittance[i]);
  // The sky's light varies slowly: it is swept on a grid of half the resolution, then upsampled.
  const coarse = halveGrid(sigma, frame);
  const skyCoarse = new Float32Array(coarse.sigmaPerM.length);
  for (const { dir, weight } of SKY_DIRECTIONS) {
    const tau = opticalDepthTowards(coarse.sigmaPerM, coarse.box, dir);
    for (let i = 0; i < tau.length; i++) skyCoarse[i] += weight * Math.exp(-tau[i]);
  }
  const skyVisibility = doubleGrid(skyCoarse, coarse.box.dims, frame.dims);
  return { sunTransmittance, skyVisibility, densityMaxGPerM3 };
}

/** The grid at half the resolution (cells of twice the edge, mean extinction of the 2×2×2 they cover). */
export function halveGrid(sigmaPerM: Float32Array, box: DustGridBox): { sigmaPerM: Float32Array; box: DustGridBox } {
  const [nx, ny, nz] = box.dims;
  const [cx, cy, cz] = [Math.ceil(nx / 2), Math.ceil(ny / 2), Math.ceil(nz / 2)];
  const out = new Float32Array(cx * cy * cz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = nx * (j + ny * k);
      const crow = cx * ((j >> 1) + cy * (k >> 1));
      for (let i = 0; i < nx; i++) out[crow + (i >> 1)] += sigmaPerM[row + i];
    }
  }
  // Mean over the fine cells each coarse cell covers (fewer at the far edges of odd dims).
  const span = (n: number, c: number) => (c * 2 + 1 < n ? 2 : 1);
  for (let k = 0; k < cz; k++) {
    for (let j = 0; j < cy; j++) {
      const kj = span(nz, k) * span(ny, j);
      for (let i = 0; i < cx; i++) out[i + cx * (j + cy * k)] /= kj * span(nx, i);
    }
  }
  return { sigmaPerM: out, box: { originM: box.originM, cellM: box.cellM * 2, dims: [cx, cy, cz] } };
}

/** Linear upsampling (cell centre to cell centre, edges clamped) from a halved grid back to `dims`, axis by axis. */
export function doubleGrid(coarse: Float32Array, cdims: readonly number[], dims: readonly number[]): Float32Array {
  let src = coarse;
  const cur = [...cdims];
  for (let axis = 0; axis < 3; axis++) {
    const nc = cur[axis];
    const next = [...cur];
    next[axis] = dims[axis];
    // Per fine index along the axis: the two coarse neighbours and the weight of the second.
    const c0 = new Int32Array(next[axis]);
    const c1 = new Int32Array(next[axis]);
    const f = new Float32Array(next[axis]);
    for (let q = 0; q < next[axis]; q++) {
      const x = Math.min(nc - 1, Math.max(0, (q + 0.5) / 2 - 0.5));
      c0[q] = Math.floor(x);
      c1[q] = Math.min(nc - 1, c0[q] + 1);
      f[q] = x - c0[q];
    }
    const stride = axis === 0 ? 1 : axis === 1 ? cur[0] : cur[0] * cur[1];
    const dst = new Float32Array(next[0] * next[1] * next[2]);
    let o = 0;
    for (let k = 0; k < next[2]; k++) {
      for (let j = 0; j < next[1]; j++) {
        for (let i = 0; i < next[0]; i++, o++) {
          const q = axis === 0 ? i : axis === 1 ? j : k;
          const base = (axis === 0 ? 0 : i) + cur[0] * ((axis === 1 ? 0 : j) + cur[1] * (axis === 2 ? 0 : k));
          dst[o] = src[base + c0[q] * stride] * (1 - f[q]) + src[base + c1[q] * stride] * f[q];
        }
      }
    }
    src = dst;
    cur[axis] = dims[axis];
  }
  return src;
}

/**
 * Packs a frame for the GPU as RGBA8 texels (x fastest, as the grid): the density as
 * sqrt(ρ/ρmax) in 16 bits split over R (high byte) and A (low byte) — linear in the two bytes,
 * so hardware filtering stays exact — G = exp(−τ_sun/4), the sun transmittance's fourth root
 * (T = G⁴; G alone is the softened transmittance of the multiple-scattering octave), B = sky
 * visibility.
 */
export function packDustTexels(frame: DustVolumeFrame, lit: DustLighting, out?: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const n = frame.densityGPerM3.length;
  const px = out && out.length === n * 4 ? out : new Uint8Array(n * 4);
  const inv = lit.densityMaxGPerM3 > 0 ? 1 / lit.densityMaxGPerM3 : 0;
  const rho = frame.densityGPerM3;
  const sun = lit.sunTransmittance;
  const sky = lit.skyVisibility;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const r = rho[i];
    const enc = r > 0 ? Math.min(65535, (Math.sqrt(r * inv) * 65535 + 0.5) | 0) : 0;
    px[o] = enc >>> 8;
    px[o + 1] = (Math.sqrt(Math.sqrt(sun[i])) * 255 + 0.5) | 0;
    px[o + 2] = (sky[i] * 255 + 0.5) | 0;
    px[o + 3] = enc & 255;
  }
  return px;
}
