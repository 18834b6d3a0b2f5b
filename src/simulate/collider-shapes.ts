/** Collision shapes and filters of the pieces, and pose and motion helpers, for the Rapier adapter. */
import type { Piece } from '../fracture/fractured-doc.js';

/**
 * Collision groups (Rapier packs membership in the high 16 bits, filter in the low 16).
 * Pieces of a failed storey are blown out and, for a moment, pass through the falling
 * structure: the charge has destroyed their bearing capacity.
 */
export type CollisionRole = 'default' | 'failed' | 'cluster' | 'sliding';
export const GROUPS: Record<CollisionRole, number> = {
  default: (0x0001 << 16) | 0xffff,
  failed: (0x0002 << 16) | (0xffff & ~0x000c),
  cluster: (0x0004 << 16) | (0xffff & ~0x0002),
  // A part cut loose from a standing structure slides past it for a moment (the cut faces
  // may be wedge-shaped); it still hits the ground and everything that moves.
  sliding: (0x0008 << 16) | (0xffff & ~0x0003),
};

/**
 * Collision hulls are the render hulls shrunk by GAP_M per side along each local axis (an
 * affine scale about the centre of mass): pieces cut from one solid touch face to face,
 * and exactly coincident faces make Rapier report large spurious contact forces.
 */
export const GAP_M = 0.002;
/** Contact force (N) above which Rapier reports a contact pair to us. */
export const EVENT_THRESHOLD_N = 5000;
export function collisionHull(p: Piece): Float32Array {
  const v = p.hull.vertices;
  const s = [0, 1, 2].map((a) => Math.max(0.5, 1 - (2 * GAP_M) / Math.max(1e-6, p.sizeM[a])));
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * s[i % 3];
  return out;
}

/** Axis-aligned world box of a piece's hull at pose (t, r): centre and half extents. */
export function pieceWorldBox(p: Piece, t: readonly number[], r: readonly number[]): { center: number[]; half: number[] } {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  const v = p.hull.vertices;
  for (let k = 0; k < v.length; k += 3) {
    const w = rotate(r, v[k], v[k + 1], v[k + 2]);
    for (let a = 0; a < 3; a++) (lo[a] = Math.min(lo[a], w[a])), (hi[a] = Math.max(hi[a], w[a]));
  }
  return { center: [0, 1, 2].map((a) => t[a] + (lo[a] + hi[a]) / 2), half: [0, 1, 2].map((a) => (hi[a] - lo[a]) / 2) };
}

/** Rotates (x, y, z) by the unit quaternion r = [x, y, z, w]. */
export function rotate(r: readonly number[], x: number, y: number, z: number): [number, number, number] {
  const [qx, qy, qz, qw] = r;
  const tx = 2 * (qy * z - qz * y);
  const ty = 2 * (qz * x - qx * z);
  const tz = 2 * (qx * y - qy * x);
  return [x + qw * tx + (qy * tz - qz * ty), y + qw * ty + (qz * tx - qx * tz), z + qw * tz + (qx * ty - qy * tx)];
}

export function quat(q: readonly number[]): { x: number; y: number; z: number; w: number } {
  return { x: q[0], y: q[1], z: q[2], w: q[3] };
}

/**
 * Centre of mass of pieces (masses, centres) and their mass-weighted linear and angular
 * velocity: the motion a group of pieces keeps when it becomes one body.
 */
export function combinedMotion(
  masses: readonly number[],
  centers: readonly (readonly number[])[],
  motions: readonly { v: readonly number[]; w: readonly number[] }[],
): { com: [number, number, number]; v: [number, number, number]; w: [number, number, number] } {
  let mass = 0;
  const com: [number, number, number] = [0, 0, 0];
  const v: [number, number, number] = [0, 0, 0];
  const w: [number, number, number] = [0, 0, 0];
  masses.forEach((m, k) => {
    mass += m;
    for (let a = 0; a < 3; a++) {
      com[a] += centers[k][a] * m;
      v[a] += motions[k].v[a] * m;
      w[a] += motions[k].w[a] * m;
    }
  });
  for (let a = 0; a < 3; a++) {
    com[a] /= mass;
    v[a] /= mass;
    w[a] /= mass;
  }
  return { com, v, w };
}
