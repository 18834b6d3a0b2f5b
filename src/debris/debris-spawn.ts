import type { Rng } from '../core/rng.js';
import type { SimEvent } from '../simulate/sim-cache.js';
import { debrisMaterialIndex, normaliseDebrisOptions } from './debris-options.js';
import type { DebrisOptions } from './debris-options.js';

/** Gravel falls from the break point with at most this speed, m/s (a little scatter). */
const GRAVEL_SPEED_MPS = 0.4;
/** Slowest ejection, m/s, however gentle the event. */
const MIN_EJECT_MPS = 0.5;

/**
 * The particles one event throws out, all at the event's time: start positions, velocities
 * and diameters, flat (xyz per particle). `material` indexes DEBRIS_MATERIALS.
 */
export interface DebrisSpawn {
  timeS: number;
  /** Index of the event in the list given to planDebrisSpawns. */
  eventIndex: number;
  type: SimEvent['type'];
  material: number;
  count: number;
  positionsM: Float32Array;
  velocitiesMps: Float32Array;
  sizesM: Float32Array;
}

/**
 * How violent an event is, joules: its kinetic energy plus the work of its load over a
 * crack opening (a bond that snaps under a static load releases debris too).
 */
export function eventViolenceJ(e: SimEvent, crackOpeningM: number): number {
  return Math.max(0, e.energyJ) + Math.max(0, e.forceN) * crackOpeningM;
}

/**
 * Particle count of each event before the shot's cap: amount × (minBurst + k·√violence),
 * sub-linear in the event's energy so one huge impact does not take the whole budget.
 */
export function rawBurstCounts(events: readonly SimEvent[], o: DebrisOptions): Float64Array {
  return Float64Array.from(events, (e) => o.amount * (o.minBurst + o.particlesPerRootJ * Math.sqrt(eventViolenceJ(e, o.crackOpeningM))));
}

/**
 * Integer counts that sum to round(Σ raw), scaled down uniformly to at most maxParticles:
 * cumulative rounding, so every burst keeps its share within one particle.
 */
export function capBurstCounts(raw: Float64Array, maxParticles: number): Uint32Array {
  let total = 0;
  for (const r of raw) total += r;
  const scale = total > maxParticles ? maxParticles / total : 1;
  const out = new Uint32Array(raw.length);
  let cum = 0;
  let prev = 0;
  for (let i = 0; i < raw.length; i++) {
    cum += raw[i] * scale;
    const next = Math.min(maxParticles, Math.round(cum));
    out[i] = Math.max(0, next - prev);
    prev = Math.max(prev, next);
  }
  return out;
}

/**
 * Debris bursts for the events of a simulation, ordered by time (then event order). Each
 * event throws `count` particles: a `gravelShare` of gravel falling from the break point,
 * the rest ejected along the event's direction (an impact splashes up and out, a bond
 * break sprays both ways across the crack, a failure along its kick) within a cone of
 * `coneDeg`, at a speed growing as violence^¼. Diameters follow a power law
 * p(d) ∝ d^−sizeExponent between minSizeM and maxSizeM. All randomness comes from `rng`
 * (one derived generator per event, so an event's particles do not depend on the others').
 */
export function planDebrisSpawns(events: readonly SimEvent[], options: Partial<DebrisOptions>, rng: Rng): DebrisSpawn[] {
  const o = normaliseDebrisOptions(options);
  const order = events.map((_, i) => i).sort((a, b) => events[a].timeS - events[b].timeS || a - b);
  const sorted = order.map((i) => events[i]);
  const counts = capBurstCounts(rawBurstCounts(sorted, o), o.maxParticles);
  const spawns: DebrisSpawn[] = [];
  for (let k = 0; k < sorted.length; k++) {
    if (counts[k] === 0) continue;
    spawns.push(burst(sorted[k], order[k], counts[k], o, rng.derive(`debris-event-${order[k]}`)));
  }
  return spawns;
}

function burst(e: SimEvent, eventIndex: number, count: number, o: DebrisOptions, rng: Rng): DebrisSpawn {
  const positionsM = new Float32Array(count * 3);
  const velocitiesMps = new Float32Array(count * 3);
  const sizesM = new Float32Array(count);
  const dir = ejectDirection(e);
  const violence = eventViolenceJ(e, o.crackOpeningM);
  const speed = Math.min(o.maxSpeedMps, Math.max(MIN_EJECT_MPS, o.ejectSpeedMps * (violence / 1000) ** 0.25));
  const cosCone = Math.cos((o.coneDeg * Math.PI) / 180);
  const basis = orthoBasis(dir);
  const v = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    const size = powerLawSize(rng.next(), o.minSizeM, o.maxSizeM, o.sizeExponent);
    sizesM[i] = size;
    // Uniform in a ball of radius spreadM.
    const rr = o.spreadM * Math.cbrt(rng.next());
    randomUnit(rng, v);
    positionsM[i * 3] = e.positionM[0] + rr * v[0];
    positionsM[i * 3 + 1] = Math.max(size / 2, e.positionM[1] + rr * v[1]);
    positionsM[i * 3 + 2] = e.positionM[2] + rr * v[2];
    if (rng.next() < o.gravelShare) {
      velocitiesMps[i * 3] = rng.range(-GRAVEL_SPEED_MPS, GRAVEL_SPEED_MPS);
      velocitiesMps[i * 3 + 1] = rng.range(-GRAVEL_SPEED_MPS, 0);
      velocitiesMps[i * 3 + 2] = rng.range(-GRAVEL_SPEED_MPS, GRAVEL_SPEED_MPS);
      continue;
    }
    // Uniform direction in the cone around dir (both ways across a broken bond).
    const c = 1 - rng.next() * (1 - cosCone);
    const s = Math.sqrt(Math.max(0, 1 - c * c));
    const phi = 2 * Math.PI * rng.next();
    const side = e.type === 'bond_break' && rng.next() < 0.5 ? -1 : 1;
    const sp = speed * rng.range(0.5, 1.5);
    for (let a = 0; a < 3; a++) {
      const d = c * basis[a] + s * Math.cos(phi) * basis[3 + a] + s * Math.sin(phi) * basis[6 + a];
      velocitiesMps[i * 3 + a] = side * sp * d;
    }
  }
  return { timeS: e.timeS, eventIndex, type: e.type, material: debrisMaterialIndex(e.materials[0]), count, positionsM, velocitiesMps, sizesM };
}

/** Where an event throws its debris: an impact splashes up and out (its hit mirrored upward). */
function ejectDirection(e: SimEvent): [number, number, number] {
  let [x, y, z] = e.normal;
  if (e.type === 'impact') y = Math.abs(y);
  const l = Math.hypot(x, y, z);
  return l > 1e-9 ? [x / l, y / l, z / l] : [0, 1, 0];
}

/** Inverse CDF of p(d) ∝ d^−a on [lo, hi]. */
export function powerLawSize(u: number, lo: number, hi: number, a: number): number {
  if (hi <= lo) return lo;
  if (Math.abs(a - 1) < 1e-9) return lo * (hi / lo) ** u;
  const p = 1 - a;
  return (lo ** p + u * (hi ** p - lo ** p)) ** (1 / p);
}

function randomUnit(rng: Rng, out: number[]): void {
  const z = 2 * rng.next() - 1;
  const phi = 2 * Math.PI * rng.next();
  const s = Math.sqrt(1 - z * z);
  out[0] = s * Math.cos(phi);
  out[1] = z;
  out[2] = s * Math.sin(phi);
}

/** dir, then two unit vectors perpendicular to it and to each other (9 numbers). */
function orthoBasis(d: [number, number, number]): number[] {
  const t = Math.abs(d[1]) < 0.9 ? [0, 1, 0] : [1, 0, 0];
  let ux = t[1] * d[2] - t[2] * d[1];
  let uy = t[2] * d[0] - t[0] * d[2];
  let uz = t[0] * d[1] - t[1] * d[0];
  const l = Math.hypot(ux, uy, uz);
  ux /= l;
  uy /= l;
  uz /= l;
  return [d[0], d[1], d[2], ux, uy, uz, d[1] * uz - d[2] * uy, d[2] * ux - d[0] * uz, d[0] * uy - d[1] * ux];
}
