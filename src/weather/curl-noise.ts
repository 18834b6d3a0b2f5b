import type { Rng } from '../core/rng.js';
import type { Vec3 } from '../core/units.js';
import { sincos } from '../core/sincos.js';

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

/** Floats per mode in a CurlTable: k xyz, amp xyz, ω, phase. */
const STRIDE = 8;

/** The modes flattened for the per-flake loops, and the largest displacement they can add. */
export interface CurlTable {
  modes: Float64Array;
  count: number;
  /** Σ |amp|: no point is moved further than this, metres. */
  boundM: number;
}

const tables = new WeakMap<readonly CurlMode[], CurlTable>();

export function curlTable(modes: readonly CurlMode[]): CurlTable {
  let t = tables.get(modes);
  if (t) return t;
  const m = new Float64Array(modes.length * STRIDE);
  let boundM = 0;
  modes.forEach((md, j) => {
    m.set([...md.k, ...md.amp, md.omega, md.phase], j * STRIDE);
    boundM += Math.hypot(md.amp[0], md.amp[1], md.amp[2]);
  });
  t = { modes: m, count: modes.length, boundM };
  tables.set(modes, t);
  return t;
}

const sc = new Float64Array(2);

/**
 * addCurlDisplacement at both ends of a streak, a at time ta and b at time tb, at once: each
 * mode's phase is split into the midpoint's θ and the half-difference δ (small: a streak is
 * short next to the shortest wavelength), so cos(θ ∓ δ) = cos θ cos δ ± sin θ sin δ costs one
 * sine-and-cosine per mode instead of two cosines (δ's by series while |δ| < 0.5). Agrees
 * with two addCurlDisplacement calls to 1e-11 m.
 */
export function addCurlPair(table: CurlTable, a: Float64Array, ta: number, b: Float64Array, tb: number): void {
  const m = table.modes;
  const ax = a[0], ay = a[1], az = a[2];
  const bx = b[0], by = b[1], bz = b[2];
  const mx = (ax + bx) / 2, my = (ay + by) / 2, mz = (az + bz) / 2;
  const hx = (bx - ax) / 2, hy = (by - ay) / 2, hz = (bz - az) / 2;
  const tm = (ta + tb) / 2;
  const ht = (tb - ta) / 2;
  let dax = 0, day = 0, daz = 0, dbx = 0, dby = 0, dbz = 0;
  for (let j = 0; j < table.count * STRIDE; j += STRIDE) {
    const kx = m[j], ky = m[j + 1], kz = m[j + 2], w = m[j + 6];
    sincos(kx * mx + ky * my + kz * mz - w * tm + m[j + 7], sc, 0);
    const d = kx * hx + ky * hy + kz * hz - w * ht;
    let sd: number, cd: number;
    if (Math.abs(d) < 0.5) {
      const z = d * d;
      sd = d * (1 + z * (-1 / 6 + z * (1 / 120 + z * (-1 / 5040 + z / 362880))));
      cd = 1 + z * (-0.5 + z * (1 / 24 + z * (-1 / 720 + z * (1 / 40320 - z / 3628800))));
    } else {
      sd = Math.sin(d);
      cd = Math.cos(d);
    }
    const cc = sc[1] * cd;
    const ss = sc[0] * sd;
    const ca = cc + ss; // cos(θ − δ)
    const cb = cc - ss; // cos(θ + δ)
    dax += m[j + 3] * ca;
    day += m[j + 4] * ca;
    daz += m[j + 5] * ca;
    dbx += m[j + 3] * cb;
    dby += m[j + 4] * cb;
    dbz += m[j + 5] * cb;
  }
  a[0] = ax + dax;
  a[1] = ay + day;
  a[2] = az + daz;
  b[0] = bx + dbx;
  b[1] = by + dby;
  b[2] = bz + dbz;
}
