import type { FracturedDoc } from './fractured-doc.js';
import { countBy } from '../scene/summarize-scene.js';

/** Connected components of the bond graph (union-find), counted per building. */
export function bondComponents(doc: FracturedDoc): number {
  const parent = doc.pieces.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  for (const b of doc.bonds) parent[find(b.a)] = find(b.b);
  return new Set(doc.pieces.map((p) => find(p.index))).size;
}

/** `aftermath inspect fracture`: documented in docs/INSPECT.md; field names are stable. */
export function summarizeFracture(doc: FracturedDoc) {
  const sizes = doc.pieces.map((p) => Math.max(...p.sizeM));
  const members = new Map<string, { volumes: number[]; kind: string; material: string }>();
  for (const p of doc.pieces) {
    const m = members.get(p.memberId) ?? { volumes: [], kind: p.kind, material: p.material };
    m.volumes.push(p.volumeM3);
    members.set(p.memberId, m);
  }
  const memberVolume = new Map<string, number>();
  for (const b of doc.scene.buildings) for (const m of b.members) memberVolume.set(m.id, m.sizeM[0] * m.sizeM[1] * m.sizeM[2]);
  return {
    schema: 'aftermath.inspect.fracture/1',
    pieceCount: doc.pieces.length,
    piecesByKind: countBy(doc.pieces.map((p) => p.kind)),
    piecesByBuilding: countBy(doc.pieces.map((p) => p.buildingId)),
    memberVolumeM3: doc.memberVolumeM3,
    pieceVolumeM3: doc.pieceVolumeM3,
    volumeErrorRel: doc.memberVolumeM3 > 0 ? Math.abs(doc.pieceVolumeM3 - doc.memberVolumeM3) / doc.memberVolumeM3 : 0,
    totalMassKg: doc.pieces.reduce((m, p) => m + p.massKg, 0),
    largestPieceM: sizes.length ? Math.max(...sizes) : 0,
    smallestPieceM: sizes.length ? Math.min(...doc.pieces.map((p) => Math.min(...p.sizeM))) : 0,
    bondCount: doc.bonds.length,
    jointBondCount: doc.bonds.filter((b) => b.joint).length,
    bondComponents: bondComponents(doc),
    members: [...members.entries()].map(([id, m]) => ({
      id,
      kind: m.kind,
      material: m.material,
      volumeM3: memberVolume.get(id) ?? 0,
      pieceCount: m.volumes.length,
      pieceVolumeSumM3: m.volumes.reduce((a, b) => a + b, 0),
      smallestPieceM3: Math.min(...m.volumes),
      largestPieceM3: Math.max(...m.volumes),
    })),
  };
}
