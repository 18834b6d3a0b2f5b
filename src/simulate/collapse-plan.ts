import type { Piece } from '../fracture/fractured-doc.js';
import type { SceneCollapse } from '../scene/scene-doc.js';
import { WALL_KINDS } from '../scene/scene-doc.js';
import { GRAVITY_MAGNITUDE_MPS2 } from '../core/units.js';

/** How a pancake collapse starts: what fails, what falls as a unit, what stands. */
export interface CollapsePlan {
  startS: number;
  buildingId: string;
  /** Pieces of the initiation storey's columns and facade: released with a kick. */
  failedPieces: number[];
  /** Falling clusters (one compound rigid body each), lowest first. */
  clusters: { storey: number; pieces: number[]; breakForceN: number }[];
  /** Standing pieces below the initiation storey and the force that breaks each free. */
  standing: { piece: number; breakForceN: number }[];
}

/** Safety factor of the structure: a member breaks at this multiple of its static load. */
export const PANCAKE_SAFETY_FACTOR = 4;

/**
 * Pancake: the columns and facade of `initiationFloor` fail; every storey above becomes a
 * falling cluster (its slab with the columns and facade that hang under it); storeys below
 * stand until the load on a piece exceeds PANCAKE_SAFETY_FACTOR × its share of the weight
 * above it. A cluster breaks into its pieces when the contact force on it exceeds the same
 * factor × the weight it carries.
 */
export function planPancake(collapse: SceneCollapse, pieces: Piece[]): CollapsePlan {
  const own = pieces.filter((p) => p.buildingId === collapse.targetId);
  const floors = own.reduce((m, p) => Math.max(m, p.storey), 0);
  const f = Math.min(collapse.initiationFloor, floors);
  const massByStorey = new Array<number>(floors + 2).fill(0);
  const countByStorey = new Array<number>(floors + 2).fill(0);
  for (const p of own) {
    massByStorey[p.storey] += p.massKg;
    countByStorey[p.storey] += 1;
  }
  const massAbove = (storey: number): number => {
    let m = 0;
    for (let s = storey; s <= floors; s++) m += massByStorey[s];
    return m;
  };
  const g = GRAVITY_MAGNITUDE_MPS2;
  const failedPieces: number[] = [];
  const clusterPieces = new Map<number, number[]>();
  const standing: CollapsePlan['standing'] = [];
  for (const p of own) {
    if (p.storey < f) {
      const share = (massAbove(p.storey) * g) / countByStorey[p.storey];
      standing.push({ piece: p.index, breakForceN: PANCAKE_SAFETY_FACTOR * share });
    } else if (p.storey === f && (p.kind === 'column' || (WALL_KINDS.has(p.kind) && p.kind !== 'parapet'))) {
      failedPieces.push(p.index);
    } else {
      const list = clusterPieces.get(p.storey) ?? [];
      list.push(p.index);
      clusterPieces.set(p.storey, list);
    }
  }
  const clusters = [...clusterPieces.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([storey, list]) => ({
      storey,
      pieces: list.sort((a, b) => a - b),
      breakForceN: PANCAKE_SAFETY_FACTOR * massAbove(storey) * g,
    }));
  return { startS: collapse.startS, buildingId: collapse.targetId, failedPieces: failedPieces.sort((a, b) => a - b), clusters, standing };
}
