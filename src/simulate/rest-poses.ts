import type { FracturedDoc } from '../fracture/fractured-doc.js';
import { FLOATS_PER_PIECE } from './sim-cache.js';

/** Every piece at rest, in the simulation cache's frame layout (zero velocities). */
export function restPoses(doc: Pick<FracturedDoc, 'pieces'>, offsetM: readonly number[] = [0, 0, 0]): Float32Array {
  const f = new Float32Array(doc.pieces.length * FLOATS_PER_PIECE);
  for (const p of doc.pieces) {
    f.set([p.centerM[0] + offsetM[0], p.centerM[1] + offsetM[1], p.centerM[2] + offsetM[2]], p.index * FLOATS_PER_PIECE);
    f.set(p.rotation, p.index * FLOATS_PER_PIECE + 3);
  }
  return f;
}
