import type { Quat } from '../core/units.js';
import type { Member, SceneDoc } from '../scene/scene-doc.js';

/**
 * One rigid piece of a fractured member: a closed box with its own mass properties. It
 * keeps its member's building, kind, material and storey; `centerM` is its centre of mass
 * in world space at rest and `sizeM` its full edge lengths along its local axes.
 */
export interface Piece extends Pick<Member, 'buildingId' | 'kind' | 'material' | 'storey' | 'centerM' | 'sizeM'> {
  /** Dense index, 0..pieces.length-1; the physics and id pass use `index + 1`. */
  index: number;
  memberId: string;
  /** Orientation at rest (x, y, z, w). */
  rotation: Quat;
  volumeM3: number;
  massKg: number;
}

/** Output of the fracture stage: the scene plus every piece. */
export interface FracturedDoc {
  schema: 'aftermath.fractured/1';
  scene: SceneDoc;
  pieces: Piece[];
  /** Volume of the unfractured members, for the conservation check. */
  memberVolumeM3: number;
  pieceVolumeM3: number;
}
