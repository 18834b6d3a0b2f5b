import { InputError } from '../core/errors.js';
import { GRAVITY_MAGNITUDE_MPS2 } from '../core/units.js';
import type { DebrisFrame } from '../dust/dust-frame.js';
import type { PieceBounds } from '../simulate/piece-bounds.js';
import { GROUND_FACE, HIT_INSIDE, HIT_NONE, NO_FACE, boxContaining, createHit, sweepHit, timeOfImpact } from './debris-collide.js';
import { debrisDensityKgM3, normaliseDebrisOptions } from './debris-options.js';
import type { DebrisOptions } from './debris-options.js';
import type { DebrisSpawn } from './debris-spawn.js';

/** Contacts resolved per substep before the rest is left to the next one. */
const MAX_CONTACTS = 4;
const G = GRAVITY_MAGNITUDE_MPS2;

/** Air velocity at a point, m/s, written into out[0..2]. */
export type AirVelocityField = (x: number, y: number, z: number, out: Float32Array) => void;

/** A DebrisFrame plus each particle's material (index in DEBRIS_MATERIALS). */
export interface DebrisSimFrame extends DebrisFrame {
  materials: Uint8Array;
}

export interface DebrisStats {
  alive: number;
  /** Awake and touching nothing at the end of the last step. */
  airborne: number;
  /** Awake and on a surface (sliding, rolling, settling). */
  sliding: number;
  /** Asleep. */
  resting: number;
  /** Particles not spawned because the pool was full. */
  dropped: number;
  /** Lowest particle bottom (centre − radius), metres; +Infinity with no particles. */
  lowestM: number;
  kineticJ: number;
  /** Σ m·g·y of the centres, joules. */
  potentialJ: number;
  timeS: number;
}

export interface DebrisSim {
  readonly options: DebrisOptions;
  /** Adds a burst's particles (as many as the pool holds); returns how many were added. */
  spawn(s: DebrisSpawn): number;
  /** Spawns spawns[next..] whose time has come (timeS ≤ the sim's time); returns the new `next`. */
  spawnDue(spawns: readonly DebrisSpawn[], next: number): number;
  /**
   * Advances dtS in `substeps` fixed substeps against the ground and `colliders` (the
   * rubble boxes at this step). `airVelocity` is sampled once per step per awake particle.
   */
  step(dtS: number, colliders: PieceBounds | null, airVelocity?: AirVelocityField): void;
  /** The live particles now, in spawn order (ids stable from frame to frame). */
  frame(): DebrisSimFrame;
  stats(): DebrisStats;
  /** Simulated time, seconds (Σ dtS). */
  timeS(): number;
}

/**
 * Debris particles: spheres of their diameter and material's density under gravity and
 * quadratic air drag F = ½ρ C_d A |v − v_air| (v − v_air), bouncing on the ground y = 0 and
 * the rubble boxes with restitution and Coulomb friction, sleeping once slow on a support.
 *
 * Integration per substep h: drag linearised at the substep's start, c = k|v − v_air| with
 * k = ½ρC_dA/m, then v' = (v + h(g + c·v_air)) / (1 + c·h) (unconditionally stable; exact
 * terminal speed √(g/k)) and x' = x + h(v + v')/2 (exact for a ballistic arc). A contact is
 * found along the substep's chord; the particle is moved to the exact time of impact of its
 * quadratic path, bounced (normal × −e, tangential reduced by μ × normal impulse), and
 * finishes the substep the same way from there; meeting the same face again is a resting
 * contact (normal velocity removed, friction applied after the drag, so wind slides a grain
 * only when its drag beats friction). So a bounce never speeds a particle up and, in still
 * air, no step raises a particle's kinetic + potential energy; only a push-out of a particle
 * that starts inside a box (spawned there, or overrun by rubble) can.
 * State is flat typed arrays in a pool of `capacity`; a step allocates nothing.
 */
export function createDebrisSim(options: Partial<DebrisOptions> = {}): DebrisSim {
  const o = normaliseDebrisOptions(options);
  const cap = o.capacity;
  const pos = new Float64Array(cap * 3);
  const vel = new Float64Array(cap * 3);
  const radius = new Float64Array(cap);
  const dragK = new Float64Array(cap);
  const mass = new Float64Array(cap);
  const material = new Uint8Array(cap);
  const asleep = new Uint8Array(cap);
  const support = new Int32Array(cap).fill(NO_FACE);
  const ids = new Uint32Array(cap);
  const hit = createHit();
  const air = new Float32Array(3);
  const p = new Float64Array(3);
  const v = new Float64Array(3);
  const g = new Float64Array(3);
  const e = new Float64Array(3);
  const e1 = o.restitution;
  const mu = o.friction;
  let n = 0;
  let nextId = 0;
  let dropped = 0;
  let time = 0;

  function spawn(s: DebrisSpawn): number {
    const rhoP = debrisDensityKgM3(s.material);
    for (let k = 0; k < s.count; k++) {
      const size = s.sizesM[k];
      if (!(size > 0 && size < 10)) throw new InputError(`debris particle size must be in (0, 10) m, got ${size}`, 'debris.out_of_range', [{ code: 'debris.out_of_range', path: 'spawn.sizesM', allowed: '(0, 10)', received: size }]);
    }
    let added = 0;
    for (let k = 0; k < s.count; k++) {
      const size = s.sizesM[k];
      if (n >= cap) {
        dropped++;
        continue;
      }
      const r = size / 2;
      pos[n * 3] = s.positionsM[k * 3];
      pos[n * 3 + 1] = Math.max(r, s.positionsM[k * 3 + 1]);
      pos[n * 3 + 2] = s.positionsM[k * 3 + 2];
      for (let a = 0; a < 3; a++) vel[n * 3 + a] = s.velocitiesMps[k * 3 + a];
      radius[n] = r;
      mass[n] = (rhoP * Math.PI * size * size * size) / 6;
      // k = ½ ρ_air C_d π r² / m = 3 ρ_air C_d / (8 r ρ_p).
      dragK[n] = (3 * o.airDensityKgM3 * o.dragCoefficient) / (8 * r * rhoP);
      material[n] = s.material;
      asleep[n] = 0;
      support[n] = NO_FACE;
      ids[n] = nextId++;
      n++;
      added++;
    }
    return added;
  }

  /** Bounce on the plane (axis, outward sign): normal × −e, tangential cut by μ·J. */
  function bounce(axis: number, sign: number, rest: boolean): void {
    const vn = sign * v[axis];
    if (vn >= 0) return;
    const j = rest ? -vn : -(1 + e1) * vn;
    v[axis] = rest ? 0 : -e1 * vn * sign;
    const a1 = (axis + 1) % 3;
    const a2 = (axis + 2) % 3;
    const vt = Math.hypot(v[a1], v[a2]);
    if (vt > 0) {
      const keep = Math.max(0, 1 - (mu * j) / vt);
      v[a1] *= keep;
      v[a2] *= keep;
    }
  }

  /**
   * The constant acceleration g that takes v to the implicit-drag velocity after t:
   * v' = (v + t(g + c·v_air)) / (1 + c·t), c = k|v − v_air|.
   */
  function accelerate(k: number, t: number): void {
    if (!(t > 0)) {
      g[0] = 0;
      g[1] = -G;
      g[2] = 0;
      return;
    }
    const rx = v[0] - air[0];
    const ry = v[1] - air[1];
    const rz = v[2] - air[2];
    const c = k * Math.sqrt(rx * rx + ry * ry + rz * rz);
    const inv = 1 / (1 + c * t);
    g[0] = ((v[0] + t * c * air[0]) * inv - v[0]) / t;
    g[1] = ((v[1] + t * (c * air[1] - G)) * inv - v[1]) / t;
    g[2] = ((v[2] + t * c * air[2]) * inv - v[2]) / t;
  }

  function advance(i: number, h: number, colliders: PieceBounds | null): void {
    const r = radius[i];
    for (let a = 0; a < 3; a++) (p[a] = pos[i * 3 + a]), (v[a] = vel[i * 3 + a]);
    accelerate(dragK[i], h);
    let t = h;
    let last = NO_FACE;
    let done = false;
    support[i] = NO_FACE;
    for (let it = 0; it < MAX_CONTACTS && !done; it++) {
      for (let a = 0; a < 3; a++) e[a] = p[a] + v[a] * t + 0.5 * g[a] * t * t;
      sweepHit(colliders, p[0], p[1], p[2], e[0], e[1], e[2], r, hit);
      if (hit.kind === HIT_NONE) {
        for (let a = 0; a < 3; a++) (p[a] = e[a]), (v[a] += g[a] * t);
        done = true;
        break;
      }
      const ax = hit.axis;
      const sg = hit.sign;
      if (hit.kind !== HIT_INSIDE && hit.face === last) {
        // The same face again within the substep: a resting contact.
        for (let a = 0; a < 3; a++) (p[a] = e[a]), (v[a] += g[a] * t);
        if (sg * (p[ax] - hit.plane) < 0) p[ax] = hit.plane;
        bounce(ax, sg, true);
        done = true;
      } else {
        if (hit.kind === HIT_INSIDE) {
          p[ax] = hit.plane;
        } else {
          const tau = timeOfImpact(sg * (p[ax] - hit.plane), sg * v[ax], sg * g[ax], t);
          for (let a = 0; a < 3; a++) (p[a] += v[a] * tau + 0.5 * g[a] * tau * tau), (v[a] += g[a] * tau);
          p[ax] = hit.plane;
          t -= tau;
        }
        bounce(ax, sg, false);
        accelerate(dragK[i], t);
      }
      last = hit.face;
      if (ax === 1 && sg > 0) support[i] = hit.face;
    }
    if (!done) for (let a = 0; a < 3; a++) (p[a] += v[a] * t + 0.5 * g[a] * t * t), (v[a] += g[a] * t);
    if (p[1] < r) {
      p[1] = r;
      if (v[1] < 0) v[1] = 0;
      support[i] = GROUND_FACE;
    }
    for (let a = 0; a < 3; a++) (pos[i * 3 + a] = p[a]), (vel[i * 3 + a] = v[a]);
  }

  /** Whether sleeping particle i still lies on its support (following it by a hair). */
  function stillSupported(i: number, colliders: PieceBounds | null): boolean {
    const r = radius[i];
    const x = pos[i * 3];
    const z = pos[i * 3 + 2];
    const f = support[i];
    if (f === GROUND_FACE) return boxContaining(colliders, x, pos[i * 3 + 1], z, r, -1) < 0;
    const bi = Math.floor(f / 6);
    if (colliders === null || bi >= colliders.count) return false;
    const b = colliders.box;
    const ob = bi * 6;
    if (x < b[ob] - r || x > b[ob + 3] + r || z < b[ob + 2] - r || z > b[ob + 5] + r) return false;
    const top = b[ob + 4] + r;
    if (Math.abs(pos[i * 3 + 1] - top) > o.wakeToleranceM) return false;
    pos[i * 3 + 1] = top;
    return boxContaining(colliders, x, top, z, r, bi) < 0;
  }

  /** Puts particle i to sleep on its support plane. */
  function sleep(i: number, colliders: PieceBounds | null): void {
    asleep[i] = 1;
    for (let a = 0; a < 3; a++) vel[i * 3 + a] = 0;
    const f = support[i];
    if (f === GROUND_FACE) pos[i * 3 + 1] = radius[i];
    else if (colliders !== null && f >= 0) pos[i * 3 + 1] = colliders.box[Math.floor(f / 6) * 6 + 4] + radius[i];
  }

  function step(dtS: number, colliders: PieceBounds | null, airVelocity?: AirVelocityField): void {
    if (!(dtS > 0 && dtS <= 10)) throw new InputError(`debris step must be in (0, 10] s, got ${dtS}`, 'debris.out_of_range', [{ code: 'debris.out_of_range', path: 'dtS', allowed: '(0, 10]', received: dtS }]);
    const h = dtS / o.substeps;
    const sleepV2 = o.sleepSpeedMps * o.sleepSpeedMps;
    air.fill(0);
    for (let i = 0; i < n; i++) {
      if (airVelocity) airVelocity(pos[i * 3], pos[i * 3 + 1], pos[i * 3 + 2], air);
      if (asleep[i]) {
        // Woken when its support goes, or when the wind's drag beats friction (k·v_air² > μg).
        const windDrag = dragK[i] * (air[0] * air[0] + air[1] * air[1] + air[2] * air[2]);
        if (windDrag <= mu * G && stillSupported(i, colliders)) continue;
        asleep[i] = 0;
      }
      for (let s = 0; s < o.substeps; s++) advance(i, h, colliders);
      const vx = vel[i * 3];
      const vy = vel[i * 3 + 1];
      const vz = vel[i * 3 + 2];
      if (support[i] !== NO_FACE && vx * vx + vy * vy + vz * vz < sleepV2) sleep(i, colliders);
    }
    time += dtS;
  }

  function frame(): DebrisSimFrame {
    const positionsM = new Float32Array(n * 3);
    const velocitiesMps = new Float32Array(n * 3);
    const sizesM = new Float32Array(n);
    for (let i = 0; i < n * 3; i++) (positionsM[i] = pos[i]), (velocitiesMps[i] = vel[i]);
    for (let i = 0; i < n; i++) sizesM[i] = 2 * radius[i];
    return { count: n, positionsM, velocitiesMps, sizesM, ids: ids.slice(0, n), materials: material.slice(0, n) };
  }

  function stats(): DebrisStats {
    const st: DebrisStats = { alive: n, airborne: 0, sliding: 0, resting: 0, dropped, lowestM: Infinity, kineticJ: 0, potentialJ: 0, timeS: time };
    for (let i = 0; i < n; i++) {
      if (asleep[i]) st.resting++;
      else if (support[i] === NO_FACE) st.airborne++;
      else st.sliding++;
      const y = pos[i * 3 + 1];
      st.lowestM = Math.min(st.lowestM, y - radius[i]);
      const v2 = vel[i * 3] ** 2 + vel[i * 3 + 1] ** 2 + vel[i * 3 + 2] ** 2;
      st.kineticJ += 0.5 * mass[i] * v2;
      st.potentialJ += mass[i] * G * y;
    }
    return st;
  }

  function spawnDue(spawns: readonly DebrisSpawn[], next: number): number {
    while (next < spawns.length && spawns[next].timeS <= time + 1e-9) spawn(spawns[next++]);
    return next;
  }

  return { options: o, spawn, spawnDue, step, frame, stats, timeS: () => time };
}
