import { Rng } from '../core/rng.js';
import { addCurlDisplacement } from './curl-noise.js';
import { gustDrift } from './gusts.js';
import type { SnowPlan } from './snow-plan.js';
import { activeShare } from './snow-plan.js';
import { terminalVelocityMps } from './terminal-velocity.js';

/**
 * The flakes of a SnowPlan: per flake a seeded start point in its slab (unit coordinates),
 * a diameter, its terminal velocity, a flutter phase and a gate (the share of the snowfall
 * at which it is falling). A flake's position is an exact function of time (seekable: frame
 * N never needs frames 1..N−1):
 *   mean(t) = wrap_slab(start + wind·t + gustDir·gustDrift(t) − fall·t + flutter(t))
 *   pos(t)  = mean(t) + curl displacement(mean(t), t)
 * The wrap is periodic inside the slab, so a flake leaving at the bottom comes back at the
 * top: recycling that keeps the density uniform exactly.
 */
export interface SnowField {
  plan: SnowPlan;
  count: number;
  /** Slab-unit start coordinates (right, up, forward), 3 per flake, in [0, 1). */
  start: Float32Array;
  diameterM: Float32Array;
  fallMps: Float32Array;
  flutterPhase: Float32Array;
  gate: Float32Array;
  slab: Uint8Array;
  /** sin and cos of each flake's flutter phase. */
  flutterSin: Float32Array;
  flutterCos: Float32Array;
  /** Per-time terms shared by every flake (see meanDrift); a cache, not data. */
  timeCache: TimeTerms[];
}

export function createSnowField(plan: SnowPlan): SnowField {
  const rng = new Rng(plan.fieldSeed);
  const n = plan.flakeCount;
  const start = new Float32Array(n * 3);
  const diameterM = new Float32Array(n);
  const fallMps = new Float32Array(n);
  const flutterPhase = new Float32Array(n);
  const gate = new Float32Array(n);
  const slab = new Uint8Array(n);
  const mu = Math.log(plan.diameterMeanMm) - (plan.diameterSpread * plan.diameterSpread) / 2;
  plan.slabs.forEach((s, k) => {
    for (let i = s.first; i < s.first + s.count; i++) {
      start[i * 3] = rng.next();
      start[i * 3 + 1] = rng.next();
      start[i * 3 + 2] = rng.next();
      // Box–Muller normal for the log-normal diameter.
      const g = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
      let dMm = Math.exp(mu + plan.diameterSpread * g);
      if (rng.next() < plan.clumps) dMm *= 2.5;
      dMm = Math.min(60, Math.max(0.3, dMm));
      diameterM[i] = dMm / 1000;
      fallMps[i] = terminalVelocityMps(dMm);
      flutterPhase[i] = rng.next() * 2 * Math.PI;
      gate[i] = rng.next();
      slab[i] = k;
    }
  });
  const flutterSin = flutterPhase.map(Math.sin);
  const flutterCos = flutterPhase.map(Math.cos);
  const timeCache: TimeTerms[] = [0, 1, 2].map(() => ({ t: NaN, gust: 0, sin: 0, cos: 0 }));
  return { plan, count: n, start, diameterM, fallMps, flutterPhase, gate, slab, flutterSin, flutterCos, timeCache };
}

/** Whether flake i is falling at time t (the fade in and out picks flakes by their gate). */
export function isFalling(field: SnowField, i: number, share: number): boolean {
  return field.gate[i] < share;
}

export { activeShare };

/**
 * Mean displacement of flake i from its start between 0 and t (world metres, no wrap, no
 * turbulence), into out[o..o+2].
 */
export function meanDrift(field: SnowField, i: number, t: number, out: Float32Array | Float64Array | number[], o: number): void {
  driftWith(field, i, timeTerms(field, t), out, o);
}

/** meanDrift with the shared terms of its time given (see timeTermsAt). */
function driftWith(field: SnowField, i: number, k: TimeTerms, out: Float32Array | Float64Array | number[], o: number): void {
  const p = field.plan;
  const t = k.t;
  // Flutter: a(sin(wt + φ) − sin φ), a(cos(wt + φ) − cos φ), expanded so the per-flake work is
  // products (sin and cos of wt are shared by every flake at this time).
  const sp = field.flutterSin[i];
  const cp = field.flutterCos[i];
  const a = p.flutter.amplitudeM;
  const fx = a * (k.sin * cp + k.cos * sp - sp);
  const fz = a * (k.cos * cp - k.sin * sp - cp);
  out[o] = p.windMps[0] * t + p.gustDir[0] * k.gust + fx;
  out[o + 1] = p.windMps[1] * t - field.fallMps[i] * t;
  out[o + 2] = p.windMps[2] * t + p.gustDir[2] * k.gust + fz;
}

/** What every flake shares at time t (gust drift, flutter sine and cosine). */
export interface TimeTerms {
  t: number;
  gust: number;
  sin: number;
  cos: number;
}

export function timeTermsAt(plan: SnowPlan, t: number): TimeTerms {
  const w = 2 * Math.PI * plan.flutter.freqHz;
  return { t, gust: gustDrift(plan.gusts, t), sin: Math.sin(w * t), cos: Math.cos(w * t) };
}

/** timeTermsAt, kept for the last three times asked (a position and its two streak ends). */
function timeTerms(field: SnowField, t: number): TimeTerms {
  const cache = field.timeCache;
  for (let j = 0; j < cache.length; j++) {
    if (cache[j].t === t) return cache[j];
  }
  const k = timeTermsAt(field.plan, t);
  cache.pop();
  cache.unshift(k);
  return k;
}

const tmp = new Float64Array(3);
const end = new Float64Array(3);

/**
 * Position of flake i at time t: the wrapped mean position into out[o..o+2] (world metres),
 * plus the turbulent displacement when `turbulent` (default). `dt` moves it along its
 * unwrapped path from t by dt seconds (streak ends): the wrap is taken at t only, so a
 * streak never spans the slab.
 */
export function flakePosition(field: SnowField, i: number, t: number, out: Float32Array | number[], o: number, dt = 0): void {
  const k0 = timeTerms(field, t);
  const k1 = dt !== 0 ? timeTerms(field, t + dt) : k0;
  meanStreak(field, i, k0, k1, k1, end, end);
  out[o] = end[0];
  out[o + 1] = end[1];
  out[o + 2] = end[2];
  const p = field.plan;
  if (p.curl.length) addCurlDisplacement(p.curl, end[0], end[1], end[2], t + dt, out, o);
}

/**
 * The mean (untroubled) streak of flake i: its position wrapped in the slab at k0.t, moved
 * along its unwrapped path to ka.t (into a[0..2]) and to kb.t (into b[0..2]), world metres.
 * The turbulence (curl displacement) is not added. a and b may be the same array when ka = kb.
 */
export function meanStreak(field: SnowField, i: number, k0: TimeTerms, ka: TimeTerms, kb: TimeTerms, a: Float64Array, b: Float64Array): void {
  const p = field.plan;
  const s = p.slabs[field.slab[i]];
  const cam = p.camera;
  driftWith(field, i, k0, tmp, 0);
  const x0 = tmp[0];
  const y0 = tmp[1];
  const z0 = tmp[2];
  const w = 2 * s.halfWidthM;
  const h = 2 * s.halfHeightM;
  const d = s.farM - s.nearM;
  const lx = frac(field.start[i * 3] + (x0 * cam.r[0] + y0 * cam.r[1] + z0 * cam.r[2]) / w);
  const ly = frac(field.start[i * 3 + 1] + (x0 * cam.u[0] + y0 * cam.u[1] + z0 * cam.u[2]) / h);
  const lz = frac(field.start[i * 3 + 2] + (x0 * cam.f[0] + y0 * cam.f[1] + z0 * cam.f[2]) / d);
  const u = -s.halfWidthM + w * lx;
  const v = -s.halfHeightM + h * ly;
  const c = s.nearM + d * lz;
  const x = cam.positionM[0] + cam.r[0] * u + cam.u[0] * v + cam.f[0] * c;
  const y = cam.positionM[1] + cam.r[1] * u + cam.u[1] * v + cam.f[1] * c;
  const z = cam.positionM[2] + cam.r[2] * u + cam.u[2] * v + cam.f[2] * c;
  if (ka === k0) {
    a[0] = x;
    a[1] = y;
    a[2] = z;
  } else {
    driftWith(field, i, ka, a, 0);
    a[0] = x + (a[0] - x0);
    a[1] = y + (a[1] - y0);
    a[2] = z + (a[2] - z0);
  }
  if (b === a) return;
  if (kb === k0) {
    b[0] = x;
    b[1] = y;
    b[2] = z;
  } else {
    driftWith(field, i, kb, b, 0);
    b[0] = x + (b[0] - x0);
    b[1] = y + (b[1] - y0);
    b[2] = z + (b[2] - z0);
  }
}

function frac(v: number): number {
  return v - Math.floor(v);
}
