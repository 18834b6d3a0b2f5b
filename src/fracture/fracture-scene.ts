import type { StageContext } from '../core/stage.js';
import { MATERIAL_DENSITY_KG_M3 } from '../core/units.js';
import type { Quat, Vec3 } from '../core/units.js';
import { throwIfAborted } from '../core/abort.js';
import type { Member, SceneDoc } from '../scene/scene-doc.js';
import type { FracturedDoc, Piece } from './fractured-doc.js';
import { splitBox, volume } from './split-box.js';

export const FRACTURE_STAGE_VERSION = 1;

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

/** SceneDoc → FracturedDoc: every member cut into closed pieces with mass properties. */
export function fractureScene(scene: SceneDoc, ctx: Pick<StageContext, 'rng' | 'signal' | 'onProgress'>): FracturedDoc {
  const pieces: Piece[] = [];
  let memberVolumeM3 = 0;
  let pieceVolumeM3 = 0;
  for (const building of scene.buildings) {
    throwIfAborted(ctx.signal, 'fracture');
    const counts = planPieceCounts(building.members, building.fragments);
    const rng = ctx.rng.derive(`building:${building.id}`);
    building.members.forEach((member, mi) => {
      memberVolumeM3 += member.sizeM[0] * member.sizeM[1] * member.sizeM[2];
      const cos = Math.cos(member.rotationYRad);
      const sin = Math.sin(member.rotationYRad);
      const half = member.rotationYRad / 2;
      const rotation: Quat = [0, Math.sin(half), 0, Math.cos(half)];
      const local = splitBox({ center: [0, 0, 0], size: [...member.sizeM] }, counts[mi], rng);
      for (const box of local) {
        const [lx, ly, lz] = box.center;
        const centerM: Vec3 = [
          member.centerM[0] + lx * cos + lz * sin,
          member.centerM[1] + ly,
          member.centerM[2] - lx * sin + lz * cos,
        ];
        const volumeM3 = volume(box);
        pieceVolumeM3 += volumeM3;
        pieces.push({
          index: pieces.length,
          memberId: member.id,
          buildingId: building.id,
          kind: member.kind,
          material: member.material,
          storey: member.storey,
          centerM,
          sizeM: box.size,
          rotation,
          volumeM3,
          massKg: volumeM3 * MATERIAL_DENSITY_KG_M3[member.material],
        });
      }
    });
    ctx.onProgress({ stage: 'fracture', done: pieces.length, total: pieces.length, unit: 'pieces' });
  }
  return { schema: 'aftermath.fractured/1', scene, pieces, memberVolumeM3, pieceVolumeM3 };
}
