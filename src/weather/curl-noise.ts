import type { Rng } from '../core/rng.js';
import type { Vec3 } from '../core/units.js';

/**
 * A small seeded 3D curl noise made of random Fourier modes (synthetic turbulence in the
 * manner of Kraichnan): the vector potential Ψ = Σ a_m e_m sin(k_m·x − ω_m t + φ_m), and the
 * field is its curl, Σ a_m cos(k_m·x − ω_m t + φ_m) (k_m × e_m). Each term is divergence-free
 * exactly, costs one cosine, and is an analytic function of position and time, so the snow
 * field stays seekable. It is used as a displacement (metres) around each flake's mean path:
 * with |∇δ| ≤ MAX_STRAIN the flakes' density changes by less than MAX_STRAIN² locally and not
 * at all on average.
 */
export interface CurlMode {
  k: Vec3;
  /** (k × e) scaled by the mode's displacement amplitude, metres. */
  amp: Vec3;
  omega: number;
  phase: number;
}

export const CURL_MODES = 8;
/** Largest displacement gradient of one mode (amplitude × wavenumber). */
export const MAX_STRAIN = 0.08;
const WAVELENGTHS_M = [3, 4.5, 6.5, 9, 12, 16, 22, 30];

function unit(rng: Rng): Vec3 {
  const z = rng.range(-1, 1);
  const a = rng.range(0, 2 * Math.PI);
  const r = Math.sqrt(1 - z * z);
  return [r * Math.cos(a), r * Math.sin(a), z];
}

function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/**
 * Modes whose time derivative has an rms speed of `rmsMps` (each mode carries an equal share;
 * a cosine's rms is 1/√2). Returns [] for rmsMps = 0.
 */
export function createCurlModes(rng: Rng, rmsMps: number): CurlMode[] {
  if (!(rmsMps > 0)) return [];
  const perMode = rmsMps * Math.sqrt(2 / CURL_MODES);
  return WAVELENGTHS_M.map((lambda) => {
    const kmag = (2 * Math.PI) / lambda;
    const dir = unit(rng);
    const k: Vec3 = [dir[0] * kmag, dir[1] * kmag, dir[2] * kmag];
    let c = cross(dir, unit(rng));
    const cl = Math.hypot(c[0], c[1], c[2]) || 1;
    c = [c[0] / cl, c[1] / cl, c[2] / cl];
    const disp = MAX_STRAIN / kmag;
    return { k, amp: [c[0] * disp, c[1] * disp, c[2] * disp], omega: perMode / disp, phase: rng.range(0, 2 * Math.PI) };
  });
}

/** Adds the displacement at (x, y, z, t) to out[o..o+2]. */
export function addCurlDisplacement(modes: readonly CurlMode[], x: number, y: number, z: number, t: number, out: Float32Array | number[], o: number): void {
  for (let m = 0; m < modes.length; m++) {
    const md = modes[m];
    const c = Math.cos(md.k[0] * x + md.k[1] * y + md.k[2] * z - md.omega * t + md.phase);
    out[o] += md.amp[0] * c;
    out[o + 1] += md.amp[1] * c;
    out[o + 2] += md.amp[2] * c;
  }
}
