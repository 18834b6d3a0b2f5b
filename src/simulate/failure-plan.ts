import type { Piece } from '../fracture/fractured-doc.js';
import type { SceneBuilding, SceneCollapse } from '../scene/scene-doc.js';
import { WALL_KINDS } from '../scene/scene-doc.js';
import type { Vec3 } from '../core/units.js';
import type { BondState } from './bond-state.js';
import { pieceWorldVertices } from '../fracture/piece-geometry.js';

/** One scheduled failure: pieces that lose every bond (blown out) and bonds that let go. */
export interface FailureStep {
  timeS: number;
  failPieces: number[];
  releaseBonds: number[];
  /** Parts cut loose by `releaseBonds` slide past the standing structure for this long, s. */
  slideS?: number;
  /** Outward speed given to the failed pieces, m/s (default: the simulation's initiation kick). */
  kickMps?: number;
  /** Angular speed (rad/s) that tips the clusters these pieces end up in towards `tipTowards` (world point). */
  tip?: { pieces: number[]; radps: number; towards: Vec3 };
}

/** Columns and walls (not parapets): the pieces that carry the storeys above. */
export const isBearing = (p: Piece): boolean => p.kind === 'column' || (WALL_KINDS.has(p.kind) && p.kind !== 'parapet');
const isFacade = (p: Piece): boolean => WALL_KINDS.has(p.kind) && p.kind !== 'partition';

/** Mid-height of a storey above the footprint, metres. */
export function storeyMidY(b: SceneBuilding, storey: number): number {
  const top = b.heightM - (b.floors - storey) * b.floorHeightM;
  return b.originM[1] + top - b.floorHeightM / 2;
}

/**
 * Turns a collapse element into timed failures. With `propagationSpeedMps` > 0 a piece
 * fails when the front, spreading from the initiation point at that speed, reaches it.
 */
export function planFailures(c: SceneCollapse, b: SceneBuilding, pieces: Piece[], bonds: BondState): FailureStep[] {
  const own = pieces.filter((p) => p.buildingId === b.id);
  const f = Math.min(c.initiationFloor, b.floors);
  const o = b.originM;
  const origin: Vec3 = c.region?.center ?? [o[0], storeyMidY(b, f), o[2]];
  const when = (p: Piece): number => (c.propagationSpeedMps > 0 ? c.startS + dist(p.centerM, origin) / c.propagationSpeedMps : c.startS);
  const rel = (p: Piece): Vec3 => [p.centerM[0] - o[0], p.centerM[1] - o[1], p.centerM[2] - o[2]];
  const between = (set: (p: Piece) => boolean, other: (p: Piece) => boolean): number[] => {
    const out: number[] = [];
    bonds.bonds.forEach((bond, i) => {
      const pa = pieces[bond.a];
      const pb = pieces[bond.b];
      if ((set(pa) && other(pb)) || (set(pb) && other(pa))) out.push(i);
    });
    return out;
  };
  const steps: FailureStep[] = [];
  const failAt = (list: Piece[], kickMps?: number): void => {
    const byTime = new Map<number, number[]>();
    for (const p of list) {
      const t = when(p);
      byTime.set(t, [...(byTime.get(t) ?? []), p.index]);
    }
    for (const [timeS, failPieces] of byTime) steps.push({ timeS, failPieces, releaseBonds: [], kickMps });
  };

  if (c.mode === 'pancake') {
    failAt(own.filter((p) => p.storey === f && isBearing(p)));
  } else if (c.mode === 'topple') {
    const d = c.direction;
    const reach = Math.max(...own.map((p) => Math.abs(rel(p)[0] * d[0] + rel(p)[2] * d[2])));
    const front = (p: Piece) => rel(p)[0] * d[0] + rel(p)[2] * d[2] > -0.25 * reach;
    failAt(own.filter((p) => p.storey === f && isBearing(p) && front(p)));
    const standing = (p: Piece) => p.buildingId === b.id && p.storey === f && isBearing(p) && !front(p);
    const above = (p: Piece) => p.buildingId === b.id && (p.storey > f || (p.storey === f && !isBearing(p)));
    const top = own.filter((p) => p.storey >= f).map((p) => p.index);
    steps.push({
      timeS: c.startS,
      failPieces: [],
      releaseBonds: between(standing, above),
      tip: { pieces: top, radps: 0.08, towards: [o[0] + d[0] * 1000, o[1], o[2] + d[2] * 1000] },
    });
  } else if (c.mode === 'implode') {
    const [w, dpt] = b.footprintM;
    // The tube: facade, perimeter columns and the slab edges within 2.5 m of the facade.
    // The core frame goes first; 0.2 s later the tube's base storey goes, the tube lets go
    // of the core and at its corners, and each side folds inwards on to the falling core.
    const edge = (p: Piece) => Math.abs(rel(p)[0]) > w / 2 - 2.5 || Math.abs(rel(p)[2]) > dpt / 2 - 2.5;
    const tube = (p: Piece) => p.buildingId === b.id && p.storey >= f && (isFacade(p) || ((p.kind === 'slab' || p.kind === 'column') && edge(p)));
    const coreFrame = own.filter((p) => p.storey >= f && !tube(p) && (p.kind === 'column' || p.kind === 'partition'));
    // Charges in the core cut the frame; its pieces drop rather than fly.
    failAt(coreFrame, 0.3);
    const side = (p: Piece) => (Math.abs(rel(p)[0]) / w > Math.abs(rel(p)[2]) / dpt ? Math.sign(rel(p)[0]) * 2 : Math.sign(rel(p)[2]));
    const corners: number[] = [];
    bonds.bonds.forEach((bond, i) => {
      const pa = pieces[bond.a];
      const pb = pieces[bond.b];
      if (tube(pa) && tube(pb) && side(pa) !== side(pb)) corners.push(i);
    });
    steps.push({
      timeS: c.startS + 0.2,
      failPieces: own.filter((p) => p.storey === f && tube(p) && p.kind !== 'slab').map((p) => p.index),
      releaseBonds: [...between(tube, (p) => p.buildingId === b.id && !tube(p)), ...corners],
      tip: { pieces: own.filter((p) => tube(p) && p.storey > f).map((p) => p.index), radps: 0.5, towards: [o[0], o[1], o[2]] },
    });
  } else {
    const [w, dpt] = b.footprintM;
    const region = c.region ?? { center: [o[0] + w / 2, storeyMidY(b, f), o[2] + dpt / 2] as Vec3, radiusM: 0.35 * Math.min(w, dpt) };
    const inside = (p: Piece) =>
      p.buildingId === b.id && p.storey >= f && Math.hypot(p.centerM[0] - region.center[0], p.centerM[2] - region.center[2]) < region.radiusM;
    // Everything that bears on the region at the initiation storey fails, also pieces whose
    // centre lies outside but which reach under it.
    const reaches = (p: Piece) => {
      const verts = pieceWorldVertices(p);
      const lo = [Math.min(...verts.map((v) => v[0])), Math.min(...verts.map((v) => v[2]))];
      const hi = [Math.max(...verts.map((v) => v[0])), Math.max(...verts.map((v) => v[2]))];
      const dx = Math.max(lo[0] - region.center[0], 0, region.center[0] - hi[0]);
      const dz = Math.max(lo[1] - region.center[2], 0, region.center[2] - hi[1]);
      return Math.hypot(dx, dz) < region.radiusM;
    };
    failAt(own.filter((p) => p.storey === f && isBearing(p) && reaches(p)));
    steps.push({ timeS: c.startS, failPieces: [], releaseBonds: between(inside, (p) => p.buildingId === b.id && !inside(p)), slideS: 0.35 });
  }
  return steps.sort((a, z) => a.timeS - z.timeS || (a.failPieces[0] ?? -1) - (z.failPieces[0] ?? -1));
}

function dist(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** Strength multiplier of a collapse's `weaken` keyframes at a point and time (1 outside every region). */
export function weakenFactor(c: SceneCollapse, point: readonly number[], timeS: number): number {
  const keys = c.weaken.filter((k) => dist(point, k.region.center) <= k.region.radiusM);
  if (keys.length === 0 || timeS <= keys[0].atS) return keys.length && timeS >= keys[0].atS ? keys[0].strengthScale : 1;
  for (let i = 1; i < keys.length; i++) {
    if (timeS <= keys[i].atS) {
      const u = (timeS - keys[i - 1].atS) / Math.max(1e-9, keys[i].atS - keys[i - 1].atS);
      return keys[i - 1].strengthScale + u * (keys[i].strengthScale - keys[i - 1].strengthScale);
    }
  }
  return keys[keys.length - 1].strengthScale;
}
