import type { FracturedDoc } from './fractured-doc.js';
import { countBy } from '../scene/summarize-scene.js';

/** `aftermath inspect fracture`: documented in docs/INSPECT.md; field names are stable. */
export function summarizeFracture(doc: FracturedDoc) {
  const sizes = doc.pieces.map((p) => Math.max(...p.sizeM));
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
  };
}
