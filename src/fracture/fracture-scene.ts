import type { StageContext } from '../core/stage.js';
import { MATERIAL_DENSITY_KG_M3 } from '../core/units.js';
import type { Quat, Vec3 } from '../core/units.js';
import { throwIfAborted } from '../core/abort.js';
import type { Member, SceneDoc } from '../scene/scene-doc.js';
import type { FracturedDoc, Piece } from './fractured-doc.js';
import { boxPolyhedron, faceArea } from './convex-polyhedron.js';
import type { ConvexPolyhedron } from './convex-polyhedron.js';
import { massProperties } from './mass-properties.js';
import { sampleSites } from './sample-sites.js';
import { voronoiCells } from './voronoi.js';
import { buildBonds } from './bond-graph.js';

export const FRACTURE_STAGE_VERSION = 2;

/**
 * Pieces per member: the building's `fragments` budget shared by surface-like weight
 * (volume^(2/3)), at least one per member, so slabs break into plates and thin piers stay
 * whole or in two.
 */
export function planPieceCounts(members: Member[], fragments: number): number[] {
  const weights = members.map((m) => (m.sizeM[0] * m.sizeM[1] * m.sizeM[2]) ** (2 / 3));
  const total = weights.reduce((a, b) => a + b, 0);
  const budget = Math.max(fragments, members.length);
  return weights.map((w) => Math.max(1, Math.round((budget * w) / total)));
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
    const counts = planPieceCounts(building.members, building.fragments);
    const rng = ctx.rng.derive(`building:${building.id}`);
    building.members.forEach((member, mi) => {
      if (mi % 64 === 0) throwIfAborted(ctx.signal, 'fracture');
      memberVolumeM3 += member.sizeM[0] * member.sizeM[1] * member.sizeM[2];
      const solid = boxPolyhedron([0, 0, 0], member.sizeM);
      const sites = sampleSites(member.sizeM, counts[mi], rng, { pattern: 'uniform' });
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
