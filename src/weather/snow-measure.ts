import type { PieceBounds } from '../simulate/piece-bounds.js';
import { insideAnyPiece } from '../simulate/piece-bounds.js';
import type { SnowField } from './snow-field.js';
import { activeShare, flakePosition, isFalling } from './snow-field.js';

/** What the field holds at one instant, measured flake by flake. */
export interface SnowMeasure {
  timeS: number;
  /** Flakes falling, above the ground and outside every piece. */
  alive: number;
  /** Flakes in the reference cube (above the ground) and its volume, m³. */
  referenceCount: number;
  referenceVolumeM3: number;
  densityPerM3: number;
  /** Mean velocity of the alive flakes, m/s (central difference over ±5 ms). */
  meanVelocityMps: [number, number, number];
}

const p = new Float32Array(3);
const q = new Float32Array(3);

export function measureSnow(field: SnowField, t: number, bounds: PieceBounds | null, velocityDtS = 0.005): SnowMeasure {
  const plan = field.plan;
  const share = activeShare(plan, t);
  const { centerM: c, halfSizeM: h } = plan.reference;
  const g = plan.groundY;
  let alive = 0;
  let ref = 0;
  const v = [0, 0, 0];
  for (let i = 0; i < field.count; i++) {
    if (!isFalling(field, i, share)) continue;
    flakePosition(field, i, t, p, 0);
    if (p[1] <= g || (bounds && insideAnyPiece(bounds, p[0], p[1], p[2]))) continue;
    alive++;
    if (Math.abs(p[0] - c[0]) <= h && Math.abs(p[1] - c[1]) <= h && Math.abs(p[2] - c[2]) <= h) ref++;
    flakePosition(field, i, t, p, 0, -velocityDtS);
    flakePosition(field, i, t, q, 0, velocityDtS);
    for (let a = 0; a < 3; a++) v[a] += (q[a] - p[a]) / (2 * velocityDtS);
  }
  const bottom = Math.max(c[1] - h, g);
  const vol = 4 * h * h * Math.max(0, c[1] + h - bottom);
  return {
    timeS: t,
    alive,
    referenceCount: ref,
    referenceVolumeM3: vol,
    densityPerM3: vol > 0 ? ref / vol : 0,
    meanVelocityMps: alive ? [v[0] / alive, v[1] / alive, v[2] / alive] : [0, 0, 0],
  };
}

/**
 * Flakes that land on a ground patch (centre x z, half size) between t0 and t1, counted frame
 * by frame at `stepS`: a flake above the ground at one step and below it at the next, inside
 * the patch. (Steps are short enough that no flake crosses the slab wrap near the ground.)
 */
export function countLandings(field: SnowField, patch: { x: number; z: number; halfM: number }, t0: number, t1: number, stepS: number): number {
  const g = field.plan.groundY;
  let n = 0;
  const steps = Math.round((t1 - t0) / stepS);
  for (let i = 0; i < field.count; i++) {
    flakePosition(field, i, t0, p, 0, 0);
    let above = p[1] > g;
    for (let s = 1; s <= steps; s++) {
      flakePosition(field, i, t0 + s * stepS, q, 0, 0);
      const nowAbove = q[1] > g;
      const jump = Math.abs(q[1] - p[1]) > 1;
      if (above && !nowAbove && !jump && Math.abs(q[0] - patch.x) <= patch.halfM && Math.abs(q[2] - patch.z) <= patch.halfM) {
        if (isFalling(field, i, activeShare(field.plan, t0 + s * stepS))) n++;
      }
      above = nowAbove;
      p.set(q);
    }
  }
  return n;
}
