import type { StageContext } from '../core/stage.js';
import { MATERIAL_DENSITY_KG_M3 } from '../core/units.js';
import type { Quat, Vec3 } from '../core/units.js';
import { throwIfAborted } from '../core/abort.js';
import type { Member, MemberKind, SceneBuilding, SceneDoc } from '../scene/scene-doc.js';
import type { FracturedDoc, Piece } from './fractured-doc.js';
import { boxPolyhedron, faceArea } from './convex-polyhedron.js';
import type { ConvexPolyhedron } from './convex-polyhedron.js';
import { massProperties } from './mass-properties.js';
import { sampleSites } from './sample-sites.js';
import { voronoiCells } from './voronoi.js';
import { buildBonds } from './bond-graph.js';

export const FRACTURE_STAGE_VERSION = 2;

/** Which `piecesPerMember` entry fixes a member kind's piece count. */
export const KIND_GROUP: Record<MemberKind, 'slab' | 'column' | 'wall' | 'glass' | null> = {
  slab: 'slab',
  balcony: 'slab',
  column: 'column',
  spandrel: 'wall',
  pier: 'wall',
  panel: 'wall',
  partition: 'wall',
  parapet: 'wall',
  glass: 'glass',
  mullion: null,
  'roof-unit': null,
  imported: 'wall',
};
/** Glass shatters: it draws this many times its share of the budget. */
export const GLASS_SHARE = 10;

/**
 * Pieces per member: fixed by `piecesPerMember` for its kind group, else the building's
 * `fragments` budget shared by surface-like weight (volume^(2/3)), at least one per
 * member, so slabs break into plates, thin piers stay whole or in two and glass shatters.
 * `focusWeight` (clustered pattern) multiplies a member's share.
 */
export function planPieceCounts(
  members: Member[],
  fragments: number,
  fixed: SceneBuilding['piecesPerMember'] = {},
  focusWeight: (m: Member) => number = () => 1,
): number[] {
  const fixedCount = (m: Member): number | undefined => {
    const g = KIND_GROUP[m.kind];
    return g ? fixed[g] : undefined;
  };
  const weights = members.map((m) =>
    fixedCount(m) !== undefined ? 0 : (m.sizeM[0] * m.sizeM[1] * m.sizeM[2]) ** (2 / 3) * (m.kind === 'glass' ? GLASS_SHARE : 1) * focusWeight(m),
  );
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const budget = Math.max(fragments, members.length);
  return members.map((m, i) => fixedCount(m) ?? Math.max(1, Math.round((budget * weights[i]) / total)));
}

/**
 * SceneDoc → FracturedDoc: every member cut into convex pieces by exact Voronoi fracture
 * (seeded sites), each with volume, mass, centre of mass and inertia; plus the bond graph.
 */
export function fractureScene(scene: SceneDoc, ctx: Pick<StageContext, 'rng' | 'signal' | 'onProgress'>): FracturedDoc {
  const pieces: Piece[] = [];
  const internal: { a: number; b: number; areaM2: number }[] = [];
  let memberVolumeM3 = 0;
  let pieceVolumeM3 = 0;
  const totalMembers = scene.buildings.reduce((n, b) => n + b.members.length, 0);
  let membersDone = 0;
  for (const building of scene.buildings) {
    const focus = clusterFocus(scene, building);
    const counts = planPieceCounts(building.members, building.fragments, building.piecesPerMember, focus ? focus.weight : undefined);
    const rng = ctx.rng.derive(`building:${building.id}`);
    building.members.forEach((member, mi) => {
      if (mi % 64 === 0) throwIfAborted(ctx.signal, 'fracture');
      memberVolumeM3 += member.sizeM[0] * member.sizeM[1] * member.sizeM[2];
      const solid = boxPolyhedron([0, 0, 0], member.sizeM);
      const sites = sampleSites(
        member.sizeM,
        counts[mi],
        rng,
        focus ? { pattern: 'clustered', focusM: focus.local(member), radiusM: focus.radiusM } : { pattern: 'uniform' },
      );
      const cells = voronoiCells(solid, sites);
      const siteToPiece = new Map<number, number>();
      cells.forEach((cell, si) => {
        if (!cell) return;
        siteToPiece.set(si, pieces.length);
        const piece = makePiece(pieces.length, member, cell);
        pieceVolumeM3 += piece.volumeM3;
        pieces.push(piece);
      });
      cells.forEach((cell, si) => {
        if (!cell) return;
        for (const f of cell.faces) {
          const a = siteToPiece.get(si) as number;
          const b = siteToPiece.get(f.neighbor);
          if (f.interior && b !== undefined && a < b) internal.push({ a, b, areaM2: faceArea(cell, f) });
        }
      });
      membersDone++;
      if (membersDone % 64 === 0 || membersDone === totalMembers) {
        ctx.onProgress({ stage: 'fracture', done: membersDone, total: totalMembers, unit: 'members' });
      }
    });
  }
  const bonds = buildBonds(pieces, internal);
  return { schema: 'aftermath.fractured/2', scene, pieces, bonds, memberVolumeM3, pieceVolumeM3 };
}

function makePiece(index: number, member: Member, cell: ConvexPolyhedron): Piece {
  const mp = massProperties(cell);
  const c = mp.centroidM;
  const cos = Math.cos(member.rotationYRad);
  const sin = Math.sin(member.rotationYRad);
  const half = member.rotationYRad / 2;
  const rotation: Quat = [0, Math.sin(half), 0, Math.cos(half)];
  const vertices: number[] = [];
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const v of cell.vertices) {
    for (let a = 0; a < 3; a++) {
      const x = v[a] - c[a];
      vertices.push(x);
      lo[a] = Math.min(lo[a], x);
      hi[a] = Math.max(hi[a], x);
    }
  }
  const density = MATERIAL_DENSITY_KG_M3[member.material];
  return {
    index,
    memberId: member.id,
    buildingId: member.buildingId,
    kind: member.kind,
    material: member.material,
    storey: member.storey,
    centerM: [member.centerM[0] + c[0] * cos + c[2] * sin, member.centerM[1] + c[1], member.centerM[2] - c[0] * sin + c[2] * cos],
    sizeM: [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]],
    rotation,
    hull: { vertices, faces: cell.faces.map((f) => ({ indices: [...f.indices], interior: f.interior })) },
    volumeM3: mp.volumeM3,
    massKg: mp.volumeM3 * density,
    inertiaKgM2: mp.inertiaUnitDensity.map((x) => x * density),
  };
}

/**
 * For the clustered pattern: the collapse's initiation point (middle of the initiation
 * storey at the footprint centre), its radius, a member's share multiplier, and the focus
 * in a member's local frame.
 */
function clusterFocus(scene: SceneDoc, b: SceneBuilding) {
  if (b.fracturePattern !== 'clustered') return null;
  const collapse = scene.collapses.find((c) => c.targetId === b.id);
  const storey = Math.min(collapse?.initiationFloor ?? 1, b.floors);
  const base = storey <= 1 ? 0 : b.heightM - (b.floors - storey + 1) * b.floorHeightM;
  const world: Vec3 = [b.originM[0], b.originM[1] + base + b.floorHeightM / 2, b.originM[2]];
  const radiusM = 1.5 * b.floorHeightM;
  const local = (m: Member): Vec3 => {
    const dx = world[0] - m.centerM[0];
    const dz = world[2] - m.centerM[2];
    const c = Math.cos(m.rotationYRad);
    const s = Math.sin(m.rotationYRad);
    return [dx * c - dz * s, world[1] - m.centerM[1], dx * s + dz * c];
  };
  const weight = (m: Member): number => {
    const d = Math.hypot(m.centerM[0] - world[0], m.centerM[1] - world[1], m.centerM[2] - world[2]);
    return 1 + 3 * Math.exp(-d / radiusM);
  };
  return { local, weight, radiusM };
}
