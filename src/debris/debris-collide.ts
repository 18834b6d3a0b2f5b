import type { PieceBounds } from '../simulate/piece-bounds.js';

/** A point this far inside a face counts as on it, metres. */
const SURFACE_EPS_M = 1e-9;
/** Most boxes climbed when a push-out lands inside a pile. */
const MAX_CLIMB = 16;

/** Face ids: the ground, or box b's face (axis, outward sign) as b·6 + axis·2 + (sign > 0). */
export const GROUND_FACE = -1;
export const NO_FACE = -2;
export const faceId = (box: number, axis: number, sign: number): number => box * 6 + axis * 2 + (sign > 0 ? 1 : 0);

/** Hit kinds. */
export const HIT_NONE = 0;
export const HIT_ENTER = 1;
export const HIT_INSIDE = 2;

/**
 * The first contact of a particle's move, written in place (no allocation): the plane it
 * meets (its axis, outward sign and coordinate for the particle's centre), where along the
 * move (t in 0..1 of the chord) and which face. For HIT_INSIDE (the move starts inside a
 * box) the plane is where the particle is pushed out to.
 */
export interface DebrisHit {
  kind: number;
  t: number;
  axis: number;
  sign: number;
  plane: number;
  face: number;
  /** The box hit, or -1 for the ground. */
  box: number;
}

export function createHit(): DebrisHit {
  return { kind: HIT_NONE, t: 0, axis: 0, sign: 0, plane: 0, face: NO_FACE, box: -1 };
}

/** Scratch of nearestFaceInward. */
const near = createHit();

/**
 * First contact of a sphere of radius r moving along the chord p0 → p1 with the ground
 * (y = 0) and the rubble boxes (each grown by r, the sphere's Minkowski sum approximated by
 * a box). A move that starts inside a box reports HIT_INSIDE with the push-out plane.
 */
export function sweepHit(b: PieceBounds | null, x0: number, y0: number, z0: number, x1: number, y1: number, z1: number, r: number, hit: DebrisHit): void {
  hit.kind = HIT_NONE;
  hit.t = Infinity;
  if (y1 < r) {
    hit.kind = HIT_ENTER;
    hit.t = y0 <= r ? 0 : (y0 - r) / (y0 - y1);
    hit.axis = 1;
    hit.sign = 1;
    hit.plane = r;
    hit.face = GROUND_FACE;
    hit.box = -1;
  }
  if (b === null || b.count === 0) return;
  const cell = b.cellM;
  const nx = b.dims[0];
  const ny = b.dims[1];
  const nz = b.dims[2];
  // The move's bounds grown by r: boxes outside them are skipped before the slab test.
  const mnx = Math.min(x0, x1) - r;
  const mxx = Math.max(x0, x1) + r;
  const mny = Math.min(y0, y1) - r;
  const mxy = Math.max(y0, y1) + r;
  const mnz = Math.min(z0, z1) - r;
  const mxz = Math.max(z0, z1) + r;
  const cx0 = Math.max(0, Math.floor((mnx - b.origin[0]) / cell));
  const cx1 = Math.min(nx - 1, Math.floor((mxx - b.origin[0]) / cell));
  const cy0 = Math.max(0, Math.floor((mny - b.origin[1]) / cell));
  const cy1 = Math.min(ny - 1, Math.floor((mxy - b.origin[1]) / cell));
  const cz0 = Math.max(0, Math.floor((mnz - b.origin[2]) / cell));
  const cz1 = Math.min(nz - 1, Math.floor((mxz - b.origin[2]) / cell));
  if (cx0 > cx1 || cy0 > cy1 || cz0 > cz1) return;
  const box = b.box;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const dz = z1 - z0;
  for (let cx = cx0; cx <= cx1; cx++) {
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cz = cz0; cz <= cz1; cz++) {
        const c = (cx * ny + cy) * nz + cz;
        for (let k = b.start[c]; k < b.start[c + 1]; k++) {
          const bi = b.items[k];
          const o = bi * 6;
          if (box[o] > mxx || box[o + 3] < mnx || box[o + 1] > mxy || box[o + 4] < mny || box[o + 2] > mxz || box[o + 5] < mnz) continue;
          let tEnter = -Infinity;
          let tExit = Infinity;
          let axis = -1;
          let sign = 0;
          let plane = 0;
          // Slab test of the chord against the grown box, axis by axis.
          for (let a = 0; a < 3; a++) {
            const lo = box[o + a] - r;
            const hi = box[o + 3 + a] + r;
            const p = a === 0 ? x0 : a === 1 ? y0 : z0;
            const d = a === 0 ? dx : a === 1 ? dy : dz;
            if (d === 0) {
              if (p < lo || p > hi) {
                tExit = -1;
                break;
              }
              continue;
            }
            const tl = (lo - p) / d;
            const th = (hi - p) / d;
            const tn = d > 0 ? tl : th;
            const tf = d > 0 ? th : tl;
            if (tn > tEnter) {
              tEnter = tn;
              axis = a;
              sign = d > 0 ? -1 : 1;
              plane = d > 0 ? lo : hi;
            }
            if (tf < tExit) tExit = tf;
            if (tEnter > tExit || tExit <= 0 || tEnter > 1) {
              tExit = -1;
              break;
            }
          }
          if (tExit <= 0 || tEnter > tExit || tEnter > 1) continue;
          if (tEnter < 0) {
            // Starts inside: deep enough, pushed out before any entry; on the surface
            // (roundoff), an entry now through the nearest face if moving into it.
            if (insideBy(box, o, x0, y0, z0, r) > SURFACE_EPS_M) {
              pushOut(b, bi, x0, y0, z0, r, hit);
              return;
            }
            if (!nearestFaceInward(box, o, x0, y0, z0, dx, dy, dz, r, near)) continue;
            tEnter = 0;
            axis = near.axis;
            sign = near.sign;
            plane = near.plane;
          }
          if (tEnter < hit.t) {
            hit.kind = HIT_ENTER;
            hit.t = tEnter;
            hit.axis = axis;
            hit.sign = sign;
            hit.plane = plane;
            hit.face = faceId(bi, axis, sign);
            hit.box = bi;
          }
        }
      }
    }
  }
}

/** The face (of box o grown by r) nearest the point, into `hit` if the move goes into it. */
function nearestFaceInward(box: Float32Array, o: number, x: number, y: number, z: number, dx: number, dy: number, dz: number, r: number, hit: DebrisHit): boolean {
  let best = Infinity;
  let axis = 0;
  let sign = 0;
  let plane = 0;
  for (let a = 0; a < 3; a++) {
    const p = a === 0 ? x : a === 1 ? y : z;
    const lo = box[o + a] - r;
    const hi = box[o + 3 + a] + r;
    if (p - lo < best) (best = p - lo), (axis = a), (sign = -1), (plane = lo);
    if (hi - p < best) (best = hi - p), (axis = a), (sign = 1), (plane = hi);
  }
  const d = axis === 0 ? dx : axis === 1 ? dy : dz;
  if (sign * d >= 0) return false;
  hit.axis = axis;
  hit.sign = sign;
  hit.plane = plane;
  return true;
}

/** How deep a point lies inside box (offset o) grown by r: its distance to the nearest face (< 0 outside). */
function insideBy(box: Float32Array, o: number, x: number, y: number, z: number, r: number): number {
  return Math.min(x - (box[o] - r), box[o + 3] + r - x, y - (box[o + 1] - r), box[o + 4] + r - y, z - (box[o + 2] - r), box[o + 5] + r - z);
}

/**
 * Where a particle inside box bi leaves it: through the nearest face that does not put it
 * under the ground; if that spot is inside another box, up over the top of the pile.
 */
function pushOut(b: PieceBounds, bi: number, x: number, y: number, z: number, r: number, hit: DebrisHit): void {
  const box = b.box;
  const o = bi * 6;
  let best = Infinity;
  for (let a = 0; a < 3; a++) {
    const p = a === 0 ? x : a === 1 ? y : z;
    const lo = box[o + a] - r;
    const hi = box[o + 3 + a] + r;
    if (p - lo < best && (a !== 1 || lo >= r)) {
      best = p - lo;
      hit.axis = a;
      hit.sign = -1;
      hit.plane = lo;
    }
    if (hi - p < best) {
      best = hi - p;
      hit.axis = a;
      hit.sign = 1;
      hit.plane = hi;
    }
  }
  hit.kind = HIT_INSIDE;
  hit.t = 0;
  hit.box = bi;
  const px = hit.axis === 0 ? hit.plane : x;
  let py = hit.axis === 1 ? hit.plane : y;
  const pz = hit.axis === 2 ? hit.plane : z;
  let other = boxContaining(b, px, py, pz, r, bi);
  if (other < 0) {
    hit.face = faceId(bi, hit.axis, hit.sign);
    return;
  }
  // Climb: on top of bi, then on top of whatever that lands in.
  py = Math.max(y, box[o + 4] + r);
  let top = bi;
  for (let n = 0; n < MAX_CLIMB; n++) {
    other = boxContaining(b, x, py, z, r, -1);
    if (other < 0) break;
    py = box[other * 6 + 4] + r;
    top = other;
  }
  hit.axis = 1;
  hit.sign = 1;
  hit.plane = py;
  hit.box = top;
  hit.face = faceId(top, 1, 1);
}

/**
 * A box (other than `exclude`) whose bounds grown by r hold the point deeper than a hair,
 * or -1.
 */
export function boxContaining(b: PieceBounds | null, x: number, y: number, z: number, r: number, exclude: number): number {
  if (b === null || b.count === 0) return -1;
  const cell = b.cellM;
  const nx = b.dims[0];
  const ny = b.dims[1];
  const nz = b.dims[2];
  const cx0 = Math.max(0, Math.floor((x - r - b.origin[0]) / cell));
  const cx1 = Math.min(nx - 1, Math.floor((x + r - b.origin[0]) / cell));
  const cy0 = Math.max(0, Math.floor((y - r - b.origin[1]) / cell));
  const cy1 = Math.min(ny - 1, Math.floor((y + r - b.origin[1]) / cell));
  const cz0 = Math.max(0, Math.floor((z - r - b.origin[2]) / cell));
  const cz1 = Math.min(nz - 1, Math.floor((z + r - b.origin[2]) / cell));
  for (let cx = cx0; cx <= cx1; cx++) {
    for (let cy = cy0; cy <= cy1; cy++) {
      for (let cz = cz0; cz <= cz1; cz++) {
        const c = (cx * ny + cy) * nz + cz;
        for (let k = b.start[c]; k < b.start[c + 1]; k++) {
          const bi = b.items[k];
          if (bi !== exclude && insideBy(b.box, bi * 6, x, y, z, r) > SURFACE_EPS_M) return bi;
        }
      }
    }
  }
  return -1;
}

/**
 * Earliest τ in [0, T] at which u(τ) = u0 + B·τ + ½A·τ² reaches 0, given u0 ≥ 0 and
 * u(T) ≤ 0 (the move crosses the plane); the chord's crossing when roundoff hides the root.
 */
export function timeOfImpact(u0: number, B: number, A: number, T: number): number {
  if (u0 <= 0) return 0;
  const uT = u0 + B * T + 0.5 * A * T * T;
  const chord = uT < u0 ? (T * u0) / (u0 - uT) : T;
  const a = 0.5 * A;
  let best = Infinity;
  if (Math.abs(a) * T < 1e-12 * Math.max(1e-12, Math.abs(B))) {
    if (B < 0) best = -u0 / B;
  } else {
    const disc = B * B - 4 * a * u0;
    if (disc >= 0) {
      const q = -0.5 * (B + (B >= 0 ? 1 : -1) * Math.sqrt(disc));
      const r1 = q / a;
      const r2 = q !== 0 ? u0 / q : Infinity;
      if (r1 >= 0 && r1 < best) best = r1;
      if (r2 >= 0 && r2 < best) best = r2;
    }
  }
  if (!(best <= T * (1 + 1e-9))) best = chord;
  return Math.min(T, Math.max(0, best));
}
