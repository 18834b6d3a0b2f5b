import type { Rng } from '../core/rng.js';
import type { Vec3 } from '../core/units.js';

/** An axis-aligned box in a member's local frame: centre and full size, metres. */
export interface LocalBox {
  center: Vec3;
  size: Vec3;
}

/**
 * Cuts a box into `count` boxes by repeatedly splitting the largest piece across its
 * longest axis at a seeded position between 35% and 65%. Each cut is a plane, so the
 * pieces tile the original exactly and the volume is conserved. (Voronoi fracture of
 * convex members replaces this in the fracture issue; the contract stays the same.)
 */
export function splitBox(box: LocalBox, count: number, rng: Rng): LocalBox[] {
  const pieces: LocalBox[] = [{ center: [...box.center], size: [...box.size] }];
  while (pieces.length < count) {
    let largest = 0;
    for (let i = 1; i < pieces.length; i++) {
      if (volume(pieces[i]) > volume(pieces[largest])) largest = i;
    }
    const p = pieces[largest];
    const axis = p.size[0] >= p.size[1] && p.size[0] >= p.size[2] ? 0 : p.size[1] >= p.size[2] ? 1 : 2;
    const f = rng.range(0.35, 0.65);
    const lo = p.center[axis] - p.size[axis] / 2;
    const cut = lo + f * p.size[axis];
    const a: LocalBox = { center: [...p.center], size: [...p.size] };
    const b: LocalBox = { center: [...p.center], size: [...p.size] };
    a.size[axis] = cut - lo;
    a.center[axis] = lo + a.size[axis] / 2;
    b.size[axis] = p.size[axis] - a.size[axis];
    b.center[axis] = cut + b.size[axis] / 2;
    pieces.splice(largest, 1, a, b);
  }
  return pieces;
}

export function volume(b: LocalBox): number {
  return b.size[0] * b.size[1] * b.size[2];
}
